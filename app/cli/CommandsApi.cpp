// serve (the HTTP API over a running pipeline) and tokens add|list|revoke.
#include "api/ApiServer.h"
#include "cli/Commands.h"
#include "pipeline/PipelineEngine.h"
#include "secrets/EnvironmentSecretStore.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <atomic>
#include <csignal>

namespace griddeck::cli {

namespace {

std::atomic<int> g_stopSignal { 0 };

void onStopSignal(int signal)
{
    g_stopSignal.store(signal);
}

QJsonObject tokenJson(const ApiToken &token)
{
    return QJsonObject { { QStringLiteral("id"), token.id },
        { QStringLiteral("role"), apiRoleName(token.role) },
        { QStringLiteral("user"), token.userName.isEmpty() ? QJsonValue() : QJsonValue(token.userName) },
        { QStringLiteral("label"), token.label },
        { QStringLiteral("created_at"), formatTime(token.createdAt) },
        { QStringLiteral("last_used_at"),
            token.lastUsedAt ? QJsonValue(formatTime(*token.lastUsedAt)) : QJsonValue() },
        { QStringLiteral("revoked"), token.revokedAt.has_value() } };
}

int runTokensAdd(Context &context, const ParsedCommand &command)
{
    const QString roleText = command.value(QStringLiteral("role"));
    const auto role = apiRoleFromName(roleText);
    if (!role)
        return context.usage(
            QStringLiteral("--role must be operator, support, shop or user (got \"%1\")").arg(roleText));
    ApiTokens tokens(context.store());
    auto made
        = tokens.create(*role, command.value(QStringLiteral("user")), command.value(QStringLiteral("label")));
    if (!made.ok())
        return context.fail(made.error());
    if (context.json()) {
        QJsonObject o = tokenJson(made->token);
        o.insert(QStringLiteral("token"), made->secret);
        context.printJson(o);
    } else {
        context.out() << "API token " << made->token.id << " (" << apiRoleName(made->token.role)
                      << (made->token.userName.isEmpty() ? QString()
                                                         : QStringLiteral(" for ") + made->token.userName)
                      << "):\n  " << made->secret
                      << "\nIt is shown only now; GridDeck keeps only its hash. Send it as \"Authorization: "
                         "Bearer …\".\n";
    }
    return ExitOk;
}

int runTokensList(Context &context, const ParsedCommand &)
{
    ApiTokens tokens(context.store());
    auto list = tokens.list();
    if (!list.ok())
        return context.fail(list.error());
    if (context.json()) {
        QJsonArray array;
        for (const ApiToken &t : list.value())
            array.append(tokenJson(t));
        context.printJson(QJsonObject { { QStringLiteral("tokens"), array } });
        return ExitOk;
    }
    if (list->isEmpty()) {
        context.out() << "No API tokens. Make one with: griddeckctl tokens add --role shop\n";
        return ExitOk;
    }
    context.out() << padLeft(QStringLiteral("ID"), 4) << "  " << padRight(QStringLiteral("ROLE"), 9)
                  << padRight(QStringLiteral("USER"), 16) << padRight(QStringLiteral("CREATED"), 22)
                  << padRight(QStringLiteral("STATE"), 9) << "LABEL\n";
    for (const ApiToken &t : list.value())
        context.out() << padLeft(QString::number(t.id), 4) << "  " << padRight(apiRoleName(t.role), 9)
                      << padRight(t.userName.isEmpty() ? QStringLiteral("-") : t.userName, 16)
                      << padRight(formatTime(t.createdAt), 22)
                      << padRight(t.revokedAt ? QStringLiteral("revoked") : QStringLiteral("live"), 9)
                      << t.label << "\n";
    return ExitOk;
}

// The shops' payments: each with its job, or flagged when an interrupted purchase of an
// earlier version left it without one (the shop's next POST of it completes it).
int runPurchases(Context &context, const ParsedCommand &command)
{
    const bool stale = command.has(QStringLiteral("stale"));
    QSqlQuery q(context.store()->db());
    if (!q.exec(
            QStringLiteral("SELECT payment_id, job_id, created_at FROM api_purchases%1 ORDER BY created_at")
                .arg(stale ? QStringLiteral(" WHERE job_id IS NULL") : QString())))
        return context.fail(Error::storage(q.lastError().text()));
    QJsonArray array;
    int without = 0;
    while (q.next()) {
        const bool hasJob = !q.value(1).isNull();
        without += hasJob ? 0 : 1;
        if (context.json()) {
            array.append(QJsonObject { { QStringLiteral("payment_id"), q.value(0).toString() },
                { QStringLiteral("job_id"), hasJob ? QJsonValue(q.value(1).toLongLong()) : QJsonValue() },
                { QStringLiteral("created_at"), formatTime(q.value(2).toLongLong()) } });
            continue;
        }
        context.out()
            << padRight(q.value(0).toString(), 34) << padRight(formatTime(q.value(2).toLongLong()), 22)
            << (hasJob ? QStringLiteral("job %1").arg(q.value(1).toLongLong())
                       : QStringLiteral(
                           "NO JOB: interrupted; the shop's next POST of this payment completes it"))
            << "\n";
    }
    if (context.json())
        context.printJson(QJsonObject {
            { QStringLiteral("purchases"), array }, { QStringLiteral("without_job"), without } });
    return ExitOk;
}

int runTokensRevoke(Context &context, const ParsedCommand &command)
{
    auto id = parseIntegerOption(QStringLiteral("token ID"), command.positional.at(0), 1, INT64_MAX);
    if (!id.ok())
        return context.fail(id.error());
    ApiTokens tokens(context.store());
    if (auto r = tokens.revoke(id.value()); !r.ok())
        return context.fail(r.error());
    if (context.json())
        context.printJson(
            QJsonObject { { QStringLiteral("id"), id.value() }, { QStringLiteral("revoked"), true } });
    else
        context.out() << "API token " << id.value() << " revoked\n";
    return ExitOk;
}

int runServe(Context &context, const ParsedCommand &command)
{
    auto listen
        = ApiServer::parseListen(command.value(QStringLiteral("listen"), context.config().api.listen));
    if (!listen.ok())
        return context.fail(listen.error());
    EngineOptions options;
    if (command.has(QStringLiteral("workers"))) {
        auto n = parseIntegerOption(
            QStringLiteral("--workers"), command.value(QStringLiteral("workers")), 1, 64);
        if (!n.ok())
            return context.fail(n.error());
        options.workerCount = int(n.value());
    }
    EnvironmentSecretStore secrets;
    PipelineEngine engine(context.config(), context.store(), &secrets, options);
    g_stopSignal.store(0);
    auto previousInt = std::signal(SIGINT, onStopSignal);
    auto previousTerm = std::signal(SIGTERM, onStopSignal);
    auto restore = [&] {
        std::signal(SIGINT, previousInt);
        std::signal(SIGTERM, previousTerm);
    };
    if (auto started = engine.start(); !started.ok()) {
        restore();
        return context.fail(started.error());
    }
    ApiServer server(engine);
    auto port = server.listen(listen->first, listen->second);
    if (!port.ok()) {
        engine.stop();
        restore();
        return context.fail(port.error());
    }
    if (context.json())
        context.printJson(QJsonObject { { QStringLiteral("url"), server.url().toString() },
            { QStringLiteral("workers"), engine.workerCount() } });
    else
        context.out() << "Serving the GridDeck API on " << server.url().toString() << " with "
                      << engine.workerCount() << " pipeline workers (Ctrl+C stops it gracefully)\n";
    context.out() << Qt::flush;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (g_stopSignal.load() != 0)
            loop.quit();
    });
    poll.start(100);
    loop.exec();
    engine.stop();
    restore();
    return ExitOk;
}

} // namespace

void addApiCommands(QList<Command> &list)
{
    list.append({ { QStringLiteral("serve") }, QStringLiteral("serve [--listen HOST:PORT] [--workers N]"),
        QStringLiteral("Run the pipeline and serve the HTTP API (docs/api.yaml) on HOST:PORT "
                       "(default: [api] listen, 127.0.0.1:8088) until SIGINT/SIGTERM"),
        { { QStringLiteral("listen") }, { QStringLiteral("workers") } }, 0, 0, true, runServe });
    list.append({ { QStringLiteral("tokens"), QStringLiteral("add") },
        QStringLiteral("tokens add --role operator|support|shop|user [--user U] [--label L]"),
        QStringLiteral("Make an API bearer token (shown once; only its hash is stored)"),
        { { QStringLiteral("role") }, { QStringLiteral("user") }, { QStringLiteral("label") } }, 0, 0, true,
        runTokensAdd });
    list.append({ { QStringLiteral("tokens"), QStringLiteral("list") }, QStringLiteral("tokens list"),
        QStringLiteral("List API tokens (never the tokens themselves)"), {}, 0, 0, true, runTokensList });
    list.append({ { QStringLiteral("purchases") }, QStringLiteral("purchases [--stale]"),
        QStringLiteral("The shops' payments (POST /api/purchases) and their jobs; --stale: only those an "
                       "interrupted purchase left without a job (the shop's next POST of it completes it)"),
        { { QStringLiteral("stale"), false } }, 0, 0, true, runPurchases });
    list.append({ { QStringLiteral("tokens"), QStringLiteral("revoke") }, QStringLiteral("tokens revoke ID"),
        QStringLiteral("Revoke an API token"), {}, 1, 1, true, runTokensRevoke });
}

} // namespace griddeck::cli
