// deployments restart: the grid restarts the workload, then the job goes through readiness and
// health again (queue/Restarts.h). By default the command waits for that check, running the
// pipeline meanwhile as `run` does, and exits 0 when the service is active again, 1 when the
// check flagged it (the reason is printed). --no-wait leaves the check to a running pipeline
// (the console or `griddeckctl run`).
#include "cli/Commands.h"
#include "pipeline/Operations.h"
#include "pipeline/PipelineEngine.h"
#include "queue/Restarts.h"
#include "secrets/EnvironmentSecretStore.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <csignal>

namespace griddeck::cli {

namespace {

std::atomic<int> g_interrupted { 0 };

void onInterrupt(int signal)
{
    g_interrupted.store(signal);
}

QJsonObject restartJson(qint64 id, const QString &actor, const std::optional<RestartCheck> &check)
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("action"), QStringLiteral("restart") },
        { QStringLiteral("actor"), actor } };
    if (check) {
        o.insert(QStringLiteral("restart"), check->n);
        o.insert(QStringLiteral("check"), check->state);
        if (!check->reason.isEmpty())
            o.insert(QStringLiteral("reason"), check->reason);
    }
    return o;
}

int runRestart(Context &context, const ParsedCommand &command)
{
    auto id = parseIntegerOption(QStringLiteral("job ID"), command.positional.at(0), 1, INT64_MAX);
    if (!id.ok())
        return context.fail(id.error());
    if (Endpoints::needsEmbedded(context.config()))
        return context.fail(Error::refused(QStringLiteral(
            "the config's grid is \"embedded\": it lives inside the process that runs the pipeline, so "
            "restart it there (the console), or point deployer_url at a real or standalone grid")));
    const QString actor
        = command.value(QStringLiteral("actor"), qEnvironmentVariable("USER", QStringLiteral("operator")));
    const qint64 jobId = id.value();

    if (command.has(QStringLiteral("no-wait"))) {
        auto endpoints = Endpoints::resolve(context.config());
        if (!endpoints.ok())
            return context.fail(endpoints.error());
        Operations operations(context.store(), PipelineSettings::from(context.config()), endpoints.value());
        std::optional<Result<void>> done;
        QThread *thread = QThread::create([&] {
            done.emplace(operations.restartDeployment(jobId, actor)); // blocking grid call: not on main
            Store::closeAllThreadConnections();
        });
        thread->start();
        thread->wait();
        delete thread;
        if (!done->ok())
            return context.fail(done->error());
        if (context.json()) {
            auto latest = restarts::latest(context.store()->db(), jobId);
            context.printJson(restartJson(jobId, actor, latest.ok() ? latest.value() : std::nullopt));
        } else
            context.out() << "Job " << jobId
                          << ": deployment restarted; its readiness and health check runs in the pipeline "
                             "(the console or griddeckctl run)\n";
        return ExitOk;
    }

    EnvironmentSecretStore secrets;
    PipelineEngine engine(context.config(), context.store(), &secrets);
    if (auto started = engine.start(); !started.ok())
        return context.fail(started.error());
    g_interrupted.store(0);
    auto previousInt = std::signal(SIGINT, onInterrupt);
    auto previousTerm = std::signal(SIGTERM, onInterrupt);
    QEventLoop loop;
    std::optional<Error> failed;
    bool restarted = false;
    engine.restartDeployment(jobId, actor, [&](Result<void> r) {
        if (!r.ok()) {
            failed = r.error();
            loop.quit();
            return;
        }
        restarted = true;
        if (!context.json())
            context.out() << "Job " << jobId << ": deployment restarted; checking readiness and health…\n"
                          << Qt::flush;
    });
    // The store says when the check ended, whichever pipeline (this one, the console) ran it.
    std::optional<RestartCheck> check;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (g_interrupted.load() != 0) {
            loop.quit();
            return;
        }
        if (!restarted)
            return;
        auto latest = restarts::latest(context.store()->db(), jobId);
        if (latest.ok() && latest.value() && latest.value()->state != restartstate::Checking) {
            check = latest.value();
            loop.quit();
        }
    });
    poll.start(100);
    loop.exec();
    engine.stop();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    if (failed)
        return context.fail(*failed);
    if (!check) {
        context.err() << "Interrupted: the restart check of job " << jobId
                      << " goes on in the next pipeline run (griddeckctl run or the console)\n";
        return ExitFailed;
    }
    const bool ok = check->state == restartstate::Ok;
    if (context.json())
        context.printJson(restartJson(jobId, actor, check));
    else if (ok)
        context.out() << "Job " << jobId << ": active again (restart " << check->n
                      << " passed its readiness and health check)\n";
    else
        context.out() << "Job " << jobId << ": restart " << check->n << " FAILED its check: " << check->reason
                      << "\n  The service keeps its contract; nothing was charged or refunded.\n";
    return ok ? ExitOk : ExitFailed;
}

} // namespace

void addRestartCommands(QList<Command> &list)
{
    list.append({ { QStringLiteral("deployments"), QStringLiteral("restart") },
        QStringLiteral("deployments restart ID [--actor NAME] [--no-wait]"),
        QStringLiteral(
            "Restart an active deployment, then check readiness and health again: exit 0 when active "
            "again, 1 when the check flagged it (--no-wait: leave the check to the running pipeline)"),
        { { QStringLiteral("actor") }, { QStringLiteral("no-wait"), false } }, 1, 1, true, runRestart });
}

} // namespace griddeck::cli
