// run, retry, deployments restart|stop, demo, estimate: the pipeline from the command line.
#include "cli/Commands.h"
#include "cli/JobJson.h"

#include "pipeline/Operations.h"
#include "pipeline/PipelineEngine.h"
#include "pipeline/Reconciler.h"
#include "pricing/CostEstimator.h"
#include "pricing/Format.h"
#include "pricing/PriceOracle.h"
#include "secrets/EnvironmentSecretStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <map>

namespace griddeck::cli {

namespace {

std::atomic<int> g_signal{0};

void onSignal(int signal)
{
    g_signal.store(signal);
}

QString actorOf(const ParsedCommand &command)
{
    return command.value(QStringLiteral("actor"), qEnvironmentVariable("USER", QStringLiteral("operator")));
}

// Grid calls block, and blocking calls are refused on the main thread: run `work` on its own.
template<class R>
Result<R> onWorkerThread(std::function<Result<R>()> work)
{
    std::optional<Result<R>> out;
    QThread *thread = QThread::create([&] {
        out.emplace(work());
        Store::closeAllThreadConnections(); // explicitly, before the thread goes
    });
    thread->start();
    thread->wait();
    delete thread;
    return std::move(*out);
}

std::map<QString, qint64> stageCounts(const std::shared_ptr<Store> &store)
{
    std::map<QString, qint64> counts;
    QSqlQuery q(store->db());
    q.exec(QStringLiteral("SELECT stage, COUNT(*) FROM jobs GROUP BY stage"));
    while (q.next())
        counts[q.value(0).toString()] = q.value(1).toLongLong();
    return counts;
}

QString countsLine(const std::map<QString, qint64> &counts)
{
    QStringList parts;
    for (const QString &stage : allStageNames())
        if (counts.count(stage))
            parts << QStringLiteral("%1 %2").arg(stage).arg(counts.at(stage));
    return parts.isEmpty() ? QStringLiteral("no jobs") : parts.join(QStringLiteral(" · "));
}

// Notifications not delivered yet (pending) or given up (undeliverable), from the outbox.
std::pair<qint64, qint64> undeliveredCounts(const std::shared_ptr<Store> &store)
{
    qint64 pending = 0;
    qint64 failed = 0;
    QSqlQuery q(store->db());
    q.exec(QStringLiteral("SELECT state, COUNT(*) FROM outbox WHERE state <> 'delivered' GROUP BY state"));
    while (q.next()) {
        if (q.value(0).toString() == QLatin1String("pending"))
            pending = q.value(1).toLongLong();
        else
            failed += q.value(1).toLongLong();
    }
    return { pending, failed };
}

QJsonObject countsJson(const std::map<QString, qint64> &counts)
{
    QJsonObject o;
    for (const auto &[stage, n] : counts)
        o.insert(stage, n);
    return o;
}

// Runs the engine until idle (no live job, every new notification tried once) or a signal.
int runEngine(Context &context, PipelineEngine &engine, bool untilIdle, const std::function<void()> &tick)
{
    g_signal.store(0);
    auto previousInt = std::signal(SIGINT, onSignal);
    auto previousTerm = std::signal(SIGTERM, onSignal);
    if (auto started = engine.start(); !started.ok()) {
        std::signal(SIGINT, previousInt);
        std::signal(SIGTERM, previousTerm);
        return context.fail(started.error());
    }
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (tick)
            tick();
        if (g_signal.load() != 0) {
            loop.quit();
            return;
        }
        if (!untilIdle || engine.busyWorkers() > 0)
            return;
        auto live = engine.queue().liveCount();
        if (!live.ok() || live.value() != 0)
            return;
        // Each notification the last steps queued gets its first try before we go.
        auto untried = engine.outbox().untriedCount();
        // Buyers' own addresses need only an SMTP host (or webhooks on), not the operator list.
        const NotifySettings &notify = engine.settings().notify;
        const bool delivering = engine.isRunning()
            && (!Outbox::configuredChannels(notify).isEmpty() || (notify.emailEnabled && !notify.smtpHost.trimmed().isEmpty())
                || notify.webhookEnabled);
        if (!delivering || (untried.ok() && untried.value() == 0))
            loop.quit();
    });
    poll.start(100);
    loop.exec();
    engine.stop();
    // What the last steps reported (queued to this thread) is printed before the summary.
    QCoreApplication::sendPostedEvents(&engine, QEvent::MetaCall);
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    return g_signal.load() != 0 && untilIdle ? ExitFailed : ExitOk;
}

int runRun(Context &context, const ParsedCommand &command)
{
    EngineOptions options;
    if (command.has(QStringLiteral("workers"))) {
        auto n = parseIntegerOption(QStringLiteral("--workers"), command.value(QStringLiteral("workers")), 1, 64);
        if (!n.ok())
            return context.fail(n.error());
        options.workerCount = int(n.value());
    }
    const bool untilIdle = command.has(QStringLiteral("until-idle"));
    EnvironmentSecretStore secrets;
    PipelineEngine engine(context.config(), context.store(), &secrets, options);
    // The engine's own object is the context: its signals come from worker threads, and the
    // lambdas write to this thread's streams, so they must run here (queued), never there.
    QObject::connect(&engine, &PipelineEngine::jobBecameActive, &engine, [&](qint64 id) {
        if (!context.json())
            context.out() << "job " << id << " active\n" << Qt::flush;
    });
    QObject::connect(&engine, &PipelineEngine::jobFailed, &engine, [&](qint64 id, const QString &reason) {
        if (!context.json())
            context.out() << "job " << id << " failed: " << reason << "\n" << Qt::flush;
    });
    // The grid gateway's state when [threefold_grid] network is set ("... unreachable"), on change.
    QObject::connect(&engine, &PipelineEngine::gridStatus, &engine, [&, last = QString()](bool, const QString &message) mutable {
        if (context.json() || message == last || !message.startsWith(QStringLiteral("grid gateway")))
            return;
        last = message;
        context.err() << message << "\n" << Qt::flush;
    });
    if (!context.json())
        context.out() << "Running the pipeline with " << engine.workerCount() << " workers"
                      << (untilIdle ? " until no job is left" : " (Ctrl+C stops it gracefully)") << "\n" << Qt::flush;
    const int code = runEngine(context, engine, untilIdle, {});
    const auto counts = stageCounts(context.store());
    const auto [pending, failed] = undeliveredCounts(context.store());
    if (context.json()) {
        context.printJson(QJsonObject { { QStringLiteral("stages"), countsJson(counts) },
            { QStringLiteral("interrupted"), g_signal.load() != 0 },
            { QStringLiteral("notifications"),
                QJsonObject { { QStringLiteral("pending"), pending },
                    { QStringLiteral("undeliverable"), failed } } } });
    } else {
        context.out() << "Jobs: " << countsLine(counts) << "\n";
        if (pending > 0 || failed > 0)
            context.out() << "Notifications: " << pending << " still pending (delivered by the next run), "
                          << failed << " undeliverable (see griddeckctl notifications)\n";
    }
    return code;
}

int runRetry(Context &context, const ParsedCommand &command)
{
    auto id = parseIntegerOption(QStringLiteral("job ID"), command.positional.at(0), 1, INT64_MAX);
    if (!id.ok())
        return context.fail(id.error());
    Operations operations(context.store(), PipelineSettings::from(context.config()), Endpoints());
    auto newId = operations.retryJob(id.value(), actorOf(command));
    if (!newId.ok())
        return context.fail(newId.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("id"), newId.value()}, {QStringLiteral("retry_of"), id.value()}});
    else
        context.out() << "Job " << id.value() << " retried as job " << newId.value() << " (credits held again)\n";
    return ExitOk;
}

int runReconcile(Context &context, const ParsedCommand &command)
{
    const bool dryRun = command.has(QStringLiteral("dry-run"));
    qint64 graceSeconds = 600;
    if (command.has(QStringLiteral("grace-seconds"))) {
        auto n = parseIntegerOption(
            QStringLiteral("--grace-seconds"), command.value(QStringLiteral("grace-seconds")), 0, 86400 * 30);
        if (!n.ok())
            return context.fail(n.error());
        graceSeconds = n.value();
    }
    if (Endpoints::needsEmbedded(context.config()))
        return context.fail(Error::refused(QStringLiteral(
            "the config's grid is \"embedded\": it lives inside the process that runs the pipeline, which "
            "reconciles it itself; point deployer_url at a real or standalone grid to reconcile from here")));
    auto endpoints = Endpoints::resolve(context.config());
    if (!endpoints.ok())
        return context.fail(endpoints.error());
    Reconciler reconciler(context.store(), endpoints->deployer,
        context.config().threefoldGrid.requestTimeoutSeconds * 1000, graceSeconds * 1000, context.clock());
    auto report = onWorkerThread<ReconcileReport>([&] { return reconciler.run(dryRun); });
    if (!report.ok())
        return context.fail(report.error());
    if (context.json()) {
        context.printJson(report->toJson());
    } else {
        context.out() << (dryRun ? "Reconcile (dry run, nothing changed): " : "Reconcile: ")
                      << report->summary() << "\n";
        for (const ReconcileFinding &f : report->orphans)
            context.out() << "  orphan contract " << f.contractId << " (deployment " << f.deploymentId
                          << "): " << f.why
                          << (dryRun               ? QStringLiteral(" — would be cancelled")
                                     : f.cancelled ? QStringLiteral(" — cancelled")
                                                   : QStringLiteral(" — NOT cancelled: ") + f.error)
                          << "\n";
        for (qint64 id : report->missing)
            context.out() << "  job " << id << " is active but its contract is gone\n";
    }
    bool allCancelled = true;
    for (const ReconcileFinding &f : report->orphans)
        allCancelled = allCancelled && (dryRun || f.cancelled);
    return allCancelled ? ExitOk : ExitFailed;
}

int runDeploymentAction(Context &context, const ParsedCommand &command)
{
    auto id = parseIntegerOption(QStringLiteral("job ID"), command.positional.at(0), 1, INT64_MAX);
    if (!id.ok())
        return context.fail(id.error());
    const bool stop = command.words.last() == QLatin1String("stop");
    if (Endpoints::needsEmbedded(context.config()))
        return context.fail(Error::refused(
            QStringLiteral("the config's grid is \"embedded\": it lives inside the process that runs the pipeline, so "
                           "restart and stop it there (the console), or point deployer_url at a real or standalone grid")));
    auto endpoints = Endpoints::resolve(context.config());
    if (!endpoints.ok())
        return context.fail(endpoints.error());
    Operations operations(context.store(), PipelineSettings::from(context.config()), endpoints.value());
    const QString actor = actorOf(command);
    auto done = onWorkerThread<void>([&] {
        return stop ? operations.stopDeployment(id.value(), actor) : operations.restartDeployment(id.value(), actor);
    });
    if (!done.ok())
        return context.fail(done.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("id"), id.value()},
                                      {QStringLiteral("action"), stop ? QStringLiteral("stop") : QStringLiteral("restart")},
                                      {QStringLiteral("actor"), actor}});
    else
        context.out() << "Job " << id.value() << (stop ? ": deployment stopped, contract cancelled (no refund)\n"
                                                        : ": deployment restarted\n");
    return ExitOk;
}

Result<TftPrice> currentRate(Context &context)
{
    std::unique_ptr<EmbeddedGrid> grid;
    QUrl embedded;
    if (Endpoints::needsEmbedded(context.config())) {
        grid = std::make_unique<EmbeddedGrid>();
        auto url = grid->start();
        if (!url.ok())
            return url.error();
        embedded = url.value();
    }
    auto endpoints = Endpoints::resolve(context.config(), embedded);
    if (!endpoints.ok())
        return endpoints.error();
    const PipelineSettings settings = PipelineSettings::from(context.config());
    PriceOracle oracle(HttpClient(settings.requestTimeoutMs), {endpoints->horizon, endpoints->coingecko, endpoints->deployer},
                       settings.oracle, SystemClock::instance(), settings.requestTimeoutMs);
    std::optional<Result<Quote>> quote;
    QEventLoop loop;
    oracle.fetchQuote([&](Result<Quote> r) {
        quote.emplace(std::move(r));
        loop.quit();
    });
    loop.exec();
    if (!quote->ok())
        return quote->error();
    return quote->value().rate;
}

int runEstimate(Context &context, const ParsedCommand &command)
{
    CloudResources request;
    struct Field
    {
        const char *option;
        std::int64_t *target;
        bool required;
    };
    const Field fields[] = {{"cpu", &request.cpu, true}, {"memory-gb", &request.memoryGb, true},
                            {"storage-gb", &request.storageGb, true}, {"hdd-gb", &request.hddGb, false},
                            {"ipv4", &request.ipv4, false}};
    for (const Field &f : fields) {
        const QString name = QLatin1String(f.option);
        if (!command.has(name)) {
            if (f.required)
                return context.usage(QStringLiteral("estimate needs --%1").arg(name));
            continue;
        }
        auto v = parseIntegerOption(QStringLiteral("--") + name, command.value(name), 0, INT64_C(100000000));
        if (!v.ok())
            return context.fail(v.error());
        *f.target = v.value();
    }
    std::optional<TftPrice> rate;
    if (command.has(QStringLiteral("rate"))) {
        QString why;
        rate = TftPrice::parse(command.value(QStringLiteral("rate")), &why);
        if (!rate)
            return context.fail(Error::invalid(QStringLiteral("--rate: %1").arg(why)));
    } else {
        auto fetched = currentRate(context);
        if (!fetched.ok())
            return context.fail(fetched.error());
        rate = fetched.value();
    }
    auto estimate = estimateCost(request, command.has(QStringLiteral("certified")), rate);
    if (!estimate.ok())
        return context.fail(estimate.error());
    if (context.json()) {
        context.printJson(estimate->toJson());
        return ExitOk;
    }
    context.out() << "CU " << estimate->cu.toString() << " · SU " << estimate->su.toString() << " · IPU " << estimate->ipu
                  << "\n"
                  << "about " << estimate->usdMonth.toDisplayString(2) << " USD a month";
    if (estimate->tftMonth)
        context.out() << " = " << estimate->tftMonth->toDisplayString(2) << " TFT at "
                      << pricing_format::rate(*rate) << " USD/TFT";
    context.out() << "\n";
    return ExitOk;
}

int runJobWithDetails(Context &context, const ParsedCommand &command)
{
    auto id = parseIntegerOption(QStringLiteral("job ID"), command.positional.at(0), 1, INT64_MAX);
    if (!id.ok())
        return context.fail(id.error());
    auto job = context.queue().job(id.value());
    if (!job.ok())
        return context.fail(job.error());
    auto events = context.queue().events(id.value());
    if (!events.ok())
        return context.fail(events.error());
    auto hold = context.ledger().hold(id.value());
    auto details = loadPipelineDetails(context.store()->db(), id.value());
    if (!details.ok())
        return context.fail(details.error());
    if (context.json())
        context.printJson(jobDetailJson(job.value(), events.value(), hold.ok() ? &hold.value() : nullptr, &details.value()));
    else
        printJobDetail(context.out(), job.value(), events.value(), hold.ok() ? &hold.value() : nullptr, &details.value());
    return ExitOk;
}

ServiceSpec demoSpec(int i)
{
    switch (i % 5) {
    case 0:
        return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 2, 4, 50);
    case 1:
        return ServiceSpec::make(
            ContainerService { QStringLiteral("nginx:1.25"), { 80, 443 },
                QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist") },
            1, 2, 10);
    case 2:
        return ServiceSpec::make(KubernetesService{3}, 2, 4, 25);
    case 3:
        return ServiceSpec::make(StorageService{QStringLiteral("s3")}, 1, 2, 200);
    default:
        return ServiceSpec::make(ApplicationService{QStringLiteral("nextcloud")}, 2, 4, 40);
    }
}

int runDemo(Context &context, const ParsedCommand &command)
{
    qint64 jobCount = 30, seed = 1;
    if (command.has(QStringLiteral("jobs"))) {
        auto n = parseIntegerOption(QStringLiteral("--jobs"), command.value(QStringLiteral("jobs")), 1, 1000);
        if (!n.ok())
            return context.fail(n.error());
        jobCount = n.value();
    }
    if (command.has(QStringLiteral("seed"))) {
        auto n = parseIntegerOption(QStringLiteral("--seed"), command.value(QStringLiteral("seed")), 0, INT32_MAX);
        if (!n.ok())
            return context.fail(n.error());
        seed = n.value();
    }
    QTemporaryDir dir;
    const QString path = context.global().dbFile.isEmpty() ? dir.filePath(QStringLiteral("demo.sqlite")) : context.global().dbFile;
    auto opened = Store::open(path);
    if (!opened.ok())
        return context.fail(opened.error());
    std::shared_ptr<Store> store = opened.value();

    SimOptions simOptions;
    simOptions.seed = quint64(seed);
    simOptions.readyDelayMs = 1500;
    EmbeddedGrid grid(simOptions);
    auto url = grid.start();
    if (!url.ok())
        return context.fail(url.error());
    SimFaults faults = grid.faults();
    faults.deployErrorRate = 0.15;
    faults.healthFailRate = 0.10;
    faults.errorRate = 0.03;
    faults.sourceDown = {QStringLiteral("coingecko")};
    grid.setFaults(faults);

    Config config = context.config();
    const QString gridUrl = url->toString();
    config.threefoldGrid.gridProxyUrl = config.threefoldGrid.deployerUrl = gridUrl;
    config.tftConversion.horizonUrl = config.tftConversion.coingeckoUrl = config.tftConversion.walletUrl = gridUrl;
    config.threefoldGrid.requestTimeoutSeconds = 3;
    config.deploymentQueue.retryDelaySeconds = 1;
    config.deploymentQueue.retryMaxDelaySeconds = 2;
    config.deploymentQueue.readinessTimeoutSeconds = 60;
    config.deploymentQueue.maxQueueSize = std::max<int>(config.deploymentQueue.maxQueueSize, int(jobCount) + 10);
    config.notifications.webhookEnabled = config.notifications.emailEnabled = config.notifications.slackEnabled = false;

    Ledger ledger(store);
    QueueSettings queueSettings;
    queueSettings.maxQueueSize = config.deploymentQueue.maxQueueSize;
    queueSettings.retryAttempts = config.deploymentQueue.retryAttempts;
    queueSettings.commissionPercent = config.commission.percent;
    JobQueue queue(store, ledger, queueSettings);
    const QStringList names = {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("dave")};
    QList<qint64> users;
    for (const QString &name : names) {
        auto id = ledger.addUser(name, Tfc::fromWhole(5000), QStringLiteral("demo"));
        if (!id.ok()) {
            auto existing = ledger.user(name);
            if (!existing.ok())
                return context.fail(id.error());
            users << existing->userId;
        } else {
            users << id.value();
        }
    }
    for (qint64 i = 0; i < jobCount; ++i) {
        EnqueueRequest request;
        request.userId = users[int(i % users.size())];
        request.spec = demoSpec(int(i));
        if (i % 10 == 9) // more than any node has: no suitable node, rolled back and refunded
            request.spec = ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("24.04")}, 64, 1024, 50000);
        request.amount = Tfc::fromWhole(10 + (i % 5) * 5);
        request.priority = static_cast<Priority>(i % 4);
        request.actor = QStringLiteral("demo");
        if (auto id = queue.enqueue(request); !id.ok())
            return context.fail(id.error());
    }

    EngineOptions options;
    options.readinessPollMinMs = 250;
    options.readinessPollMaxMs = 1000;
    options.runOutbox = false;
    PipelineEngine engine(config, store, nullptr, options);
    QElapsedTimer elapsed;
    elapsed.start();
    QString lastLine;
    if (!context.json())
        context.out() << "GridDeck demo: " << jobCount << " purchases of all five service types, " << engine.workerCount()
                      << " workers, embedded grid at " << gridUrl << " with faults on\n" << Qt::flush;
    const int code = runEngine(context, engine, true, [&] {
        if (context.json())
            return;
        const QString line = countsLine(stageCounts(store));
        if (line != lastLine) {
            context.out() << "\r" << padRight(QStringLiteral("[%1 s] ").arg(elapsed.elapsed() / 1000) + line, 110) << Qt::flush;
            lastLine = line;
        }
    });
    if (code != ExitOk)
        return code;

    QJsonArray rows;
    if (!context.json())
        context.out() << "\n\n" << padLeft(QStringLiteral("JOB"), 4) << "  " << padRight(QStringLiteral("TYPE"), 11)
                      << padRight(QStringLiteral("USER"), 7) << padRight(QStringLiteral("STAGE"), 8) << padRight(QStringLiteral("NODE"), 7)
                      << padLeft(QStringLiteral("TFT"), 10) << "  DETAIL\n";
    QSqlQuery q(store->db());
    q.exec(QStringLiteral("SELECT j.id, j.service_type, u.name, j.stage, j.last_error, "
                          "(SELECT node_id FROM job_deployments d WHERE d.job_id = j.id ORDER BY attempt DESC LIMIT 1), "
                          "(SELECT ssh_command FROM job_deployments d WHERE d.job_id = j.id ORDER BY attempt DESC LIMIT 1), "
                          "(SELECT tft_received FROM job_conversions c WHERE c.job_id = j.id) "
                          "FROM jobs j JOIN users u ON u.id = j.user_id ORDER BY j.id"));
    while (q.next()) {
        const QString stage = q.value(3).toString();
        const QString tft = q.value(7).isNull() ? QStringLiteral("-") : Tft::fromUnits(q.value(7).toLongLong()).toDisplayString(2);
        const QString detail = stage == u"active" ? q.value(6).toString() : q.value(4).toString();
        rows.append(QJsonObject{{QStringLiteral("id"), q.value(0).toLongLong()}, {QStringLiteral("type"), q.value(1).toString()},
                                {QStringLiteral("user"), q.value(2).toString()}, {QStringLiteral("stage"), stage},
                                {QStringLiteral("node_id"), q.value(5).isNull() ? QJsonValue() : QJsonValue(q.value(5).toLongLong())},
                                {QStringLiteral("tft"), tft}, {QStringLiteral("detail"), detail}});
        if (!context.json())
            context.out() << padLeft(q.value(0).toString(), 4) << "  " << padRight(q.value(1).toString(), 11)
                          << padRight(q.value(2).toString(), 7) << padRight(stage, 8)
                          << padRight(q.value(5).isNull() ? QStringLiteral("-") : q.value(5).toString(), 7) << padLeft(tft, 10)
                          << "  " << (detail.size() > 90 ? detail.left(87) + QStringLiteral("...") : detail) << "\n";
    }
    const LedgerCheckReport report = ledger.check();
    const auto counts = stageCounts(store);
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("jobs"), rows}, {QStringLiteral("stages"), countsJson(counts)},
                                      {QStringLiteral("seconds"), double(elapsed.elapsed()) / 1000.0},
                                      {QStringLiteral("ledger_ok"), report.ok()},
                                      {QStringLiteral("live_contracts"), grid.liveContractCount()}});
    } else {
        context.out() << "\n" << countsLine(counts) << " in " << elapsed.elapsed() / 1000 << " s; ledger "
                      << (report.ok() ? QStringLiteral("consistent") : report.violations.join(QStringLiteral("; ")))
                      << "; " << grid.liveContractCount() << " live contracts on the grid (one per active job)\n";
    }
    return report.ok() ? ExitOk : ExitFailed;
}

} // namespace

void addPipelineCommands(QList<Command> &list)
{
    for (Command &command : list) {
        if (command.words == QStringList{QStringLiteral("job")}) {
            command.summary += QStringLiteral("; connection details (IP, SSH, web) and the TFT conversion");
            command.run = runJobWithDetails;
        }
    }
    list.append({ { QStringLiteral("run") }, QStringLiteral("run [--until-idle] [--workers N]"),
        QStringLiteral("Run the pipeline: workers take queued jobs to active (or roll back and refund); "
                       "until SIGINT/SIGTERM, or with --until-idle until no job is left"),
        { { QStringLiteral("until-idle"), false }, { QStringLiteral("workers") } }, 0, 0, true, runRun });
    list.append({ { QStringLiteral("reconcile") },
        QStringLiteral("reconcile [--dry-run] [--grace-seconds N]"),
        QStringLiteral("Compare the grid's live contracts with the jobs: cancel orphans older than the grace "
                       "period (default 600 s), flag active jobs whose contract is gone"),
        { { QStringLiteral("dry-run"), false }, { QStringLiteral("grace-seconds") } }, 0, 0, true,
        runReconcile });
    list.append({ { QStringLiteral("retry") }, QStringLiteral("retry ID [--actor NAME]"),
        QStringLiteral("Retry a failed, cancelled or stopped job as a new job (holds the credits again)"),
        { { QStringLiteral("actor") } }, 1, 1, true, runRetry });
    list.append({ { QStringLiteral("deployments"), QStringLiteral("stop") },
        QStringLiteral("deployments stop ID [--actor NAME]"),
        QStringLiteral("Stop an active deployment: its contract is cancelled; no refund"),
        { { QStringLiteral("actor") } }, 1, 1, true, runDeploymentAction });
    list.append({ { QStringLiteral("demo") }, QStringLiteral("demo [--jobs N] [--seed N]"),
        QStringLiteral("A burst of purchases of all five types against the embedded grid, faults included, "
                       "with live progress and a summary (a temporary store unless --db)"),
        { { QStringLiteral("jobs") }, { QStringLiteral("seed") } }, 0, 0, false, runDemo });
    list.append({ { QStringLiteral("estimate") },
        QStringLiteral(
            "estimate --cpu N --memory-gb N --storage-gb N [--hdd-gb N] [--ipv4 N] [--certified] [--rate R]"),
        QStringLiteral(
            "Monthly grid cost from the cloud-unit formulas; TFT at the oracle's price or --rate (USD/TFT)"),
        { { QStringLiteral("cpu") }, { QStringLiteral("memory-gb") }, { QStringLiteral("storage-gb") },
            { QStringLiteral("hdd-gb") }, { QStringLiteral("ipv4") }, { QStringLiteral("certified"), false },
            { QStringLiteral("rate") } },
        0, 0, false, runEstimate });
}

} // namespace griddeck::cli
