// ledger check, ledger entries, refund.
#include "cli/Commands.h"
#include "pipeline/Outbox.h"
#include "pipeline/PipelineSettings.h"
#include "pipeline/RefundService.h"

#include <QJsonArray>

namespace griddeck::cli {

namespace {

int runLedgerCheck(Context &context, const ParsedCommand &)
{
    const LedgerCheckReport report = context.ledger().check();
    if (context.json()) {
        context.printJson(QJsonObject{
            {QStringLiteral("ok"), report.ok()},
            {QStringLiteral("violations"), QJsonArray::fromStringList(report.violations)},
            {QStringLiteral("transactions"), report.transactions},
            {QStringLiteral("postings"), report.postings},
            {QStringLiteral("totals"),
             QJsonObject{{QStringLiteral("funded"), report.totalFunded.toString()},
                         {QStringLiteral("available"), report.totalAvailable.toString()},
                         {QStringLiteral("held"), report.totalHeld.toString()},
                         {QStringLiteral("commission"), report.totalCommission.toString()},
                         {QStringLiteral("grid_spend"), report.totalGridSpend.toString()},
                         {QStringLiteral("refunded"), report.totalRefunded.toString()}}}});
    } else {
        context.out() << (report.ok() ? "Ledger OK" : "Ledger check FAILED") << ": " << report.transactions
                      << " transactions, " << report.postings << " postings\n"
                      << "  funded     " << padLeft(report.totalFunded.toDisplayString(2), 16) << " TFC\n"
                      << "  available  " << padLeft(report.totalAvailable.toDisplayString(2), 16) << " TFC\n"
                      << "  held       " << padLeft(report.totalHeld.toDisplayString(2), 16) << " TFC\n"
                      << "  commission " << padLeft(report.totalCommission.toDisplayString(2), 16) << " TFC\n"
                      << "  grid spend " << padLeft(report.totalGridSpend.toDisplayString(2), 16) << " TFC\n"
                      << "  refunded   " << padLeft(report.totalRefunded.toDisplayString(2), 16) << " TFC\n";
        for (const QString &violation : report.violations)
            context.out() << "  violation: " << violation << "\n";
    }
    return report.ok() ? ExitOk : ExitFailed;
}

QJsonObject entryJson(const LedgerEntry &entry)
{
    QJsonObject object{{QStringLiteral("transaction_id"), entry.transactionId},
                       {QStringLiteral("kind"), entry.kind},
                       {QStringLiteral("user_id"), entry.userId},
                       {QStringLiteral("amount"), entry.amount.toString()},
                       {QStringLiteral("available_delta"), entry.availableDelta.toString()},
                       {QStringLiteral("actor"), entry.actor},
                       {QStringLiteral("reason"), entry.reason},
                       {QStringLiteral("idempotency_key"), entry.idempotencyKey},
                       {QStringLiteral("created_at"), formatTime(entry.createdAt)}};
    object.insert(QStringLiteral("job_id"), entry.jobId ? QJsonValue(*entry.jobId) : QJsonValue());
    return object;
}

int runLedgerEntries(Context &context, const ParsedCommand &command)
{
    Result<QList<LedgerEntry>> entries = QList<LedgerEntry>{};
    if (command.has(QStringLiteral("job")) && command.has(QStringLiteral("user")))
        return context.usage(QStringLiteral("ledger entries takes --user or --job, not both"));
    if (command.has(QStringLiteral("job"))) {
        auto id = parseIntegerOption(QStringLiteral("--job"), command.value(QStringLiteral("job")), 1, INT64_MAX);
        if (!id.ok())
            return context.fail(id.error());
        entries = context.ledger().entriesForJob(id.value());
    } else if (command.has(QStringLiteral("user"))) {
        auto user = context.ledger().user(command.value(QStringLiteral("user")));
        if (!user.ok())
            return context.fail(user.error());
        entries = context.ledger().entriesForUser(user->userId);
    } else {
        entries = context.ledger().recentEntries(100);
    }
    if (!entries.ok())
        return context.fail(entries.error());
    if (context.json()) {
        QJsonArray array;
        for (const LedgerEntry &entry : entries.value())
            array.append(entryJson(entry));
        context.printJson(QJsonObject{{QStringLiteral("entries"), array}});
        return ExitOk;
    }
    for (const LedgerEntry &entry : entries.value()) {
        context.out() << padRight(formatTime(entry.createdAt), 22) << padRight(entry.kind, 9)
                      << padLeft(entry.amount.toDisplayString(2), 14) << " TFC  user " << entry.userId
                      << (entry.jobId ? QStringLiteral("  job %1").arg(*entry.jobId) : QString()) << "  "
                      << entry.actor << (entry.reason.isEmpty() ? QString() : QStringLiteral(": ") + entry.reason)
                      << "\n";
    }
    return ExitOk;
}

int runRefund(Context &context, const ParsedCommand &command)
{
    auto jobId = parseIntegerOption(QStringLiteral("ID"), command.positional.at(0), 1, INT64_MAX);
    if (!jobId.ok())
        return context.fail(jobId.error());
    if (auto job = context.queue().job(jobId.value()); !job.ok())
        return context.fail(job.error());
    if (!command.has(QStringLiteral("amount")))
        return context.usage(QStringLiteral("refund needs --amount A (the amount in TFC)"));
    if (!command.has(QStringLiteral("reason")) || command.value(QStringLiteral("reason")).trimmed().isEmpty())
        return context.usage(QStringLiteral("refund needs --reason T (why the refund is made)"));
    QString why;
    auto amount = Tfc::parse(command.value(QStringLiteral("amount")), &why);
    if (!amount)
        return context.fail(Error::invalid(QStringLiteral("--amount: %1").arg(why)));
    const QString actor
        = command.value(QStringLiteral("actor"), qEnvironmentVariable("USER", QStringLiteral("support")));
    const QString reason = command.value(QStringLiteral("reason"));
    // Without --key the key comes from what was asked: the same refund typed twice is one.
    RefundService refunds(context.store(), notifySettingsFrom(context.config()), context.clock());
    auto done = refunds.refund(jobId.value(), *amount, reason, actor, command.value(QStringLiteral("key")));
    if (!done.ok())
        return context.fail(done.error());
    const QString key = done->key;
    const bool already = done->alreadyDone;
    auto hold = context.ledger().hold(jobId.value());
    if (!hold.ok())
        return context.fail(hold.error());
    if (context.json()) {
        context.printJson(QJsonObject { { QStringLiteral("job_id"), jobId.value() },
            { QStringLiteral("refunded"), already ? QStringLiteral("0") : amount->toString() },
            { QStringLiteral("already_done"), already },
            { QStringLiteral("total_refunded"), hold->refunded.toString() },
            { QStringLiteral("refundable"), hold->refundable().toString() },
            { QStringLiteral("actor"), actor }, { QStringLiteral("idempotency_key"), key } });
    } else if (already) {
        context.out() << "Already done: this refund of " << amount->toDisplayString(2) << " TFC for job "
                      << jobId.value() << " was made before (key " << key
                      << "); nothing changed. A second refund needs another "
                      << "--reason or its own --key.\n";
    } else {
        context.out() << "Refunded " << amount->toDisplayString(2) << " TFC for job " << jobId.value() << " ("
                      << hold->refundable().toDisplayString(2) << " TFC still refundable)\n";
    }
    return ExitOk;
}

} // namespace

void addLedgerCommands(QList<Command> &list)
{
    list.append({{QStringLiteral("ledger"), QStringLiteral("check")}, QStringLiteral("ledger check"),
                 QStringLiteral("Recompute every balance and check the ledger invariants (exit 1 on a violation)"),
                 {}, 0, 0, true, runLedgerCheck});
    list.append({{QStringLiteral("ledger"), QStringLiteral("entries")},
                 QStringLiteral("ledger entries [--user U | --job ID]"),
                 QStringLiteral("List ledger movements, newest first"),
                 {{QStringLiteral("user")}, {QStringLiteral("job")}}, 0, 0, true, runLedgerEntries});
    list.append({{QStringLiteral("refund")}, QStringLiteral("refund ID --amount A --reason T [--actor NAME] [--key K]"),
                 QStringLiteral("Support refund of an active job (at most what was captured minus earlier refunds)"),
                 {{QStringLiteral("amount")}, {QStringLiteral("reason")}, {QStringLiteral("actor")}, {QStringLiteral("key")}},
                 1, 1, true, runRefund});
}

} // namespace griddeck::cli
