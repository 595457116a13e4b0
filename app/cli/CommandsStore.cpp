// store copy: a whole store into an empty PostgreSQL database, checked on both sides.
#include "cli/Commands.h"
#include "store/StoreCopy.h"

#include <QJsonArray>

namespace griddeck::cli {

namespace {

QJsonObject checkJson(const LedgerCheckReport &report)
{
    return { { QStringLiteral("ok"), report.ok() },
        { QStringLiteral("violations"), QJsonArray::fromStringList(report.violations) },
        { QStringLiteral("transactions"), report.transactions },
        { QStringLiteral("postings"), report.postings },
        { QStringLiteral("funded"), report.totalFunded.toString() },
        { QStringLiteral("available"), report.totalAvailable.toString() },
        { QStringLiteral("held"), report.totalHeld.toString() } };
}

QString checkLine(const LedgerCheckReport &report)
{
    QString line = QStringLiteral("%1: %2 transactions, %3 postings, funded %4, available %5, held %6 TFC")
                       .arg(report.ok() ? QStringLiteral("OK") : QStringLiteral("FAILED"))
                       .arg(report.transactions)
                       .arg(report.postings)
                       .arg(report.totalFunded.toDisplayString(2), report.totalAvailable.toDisplayString(2),
                           report.totalHeld.toDisplayString(2));
    for (const QString &violation : report.violations)
        line += QStringLiteral("\n    violation: ") + violation;
    return line;
}

bool sameTotals(const LedgerCheckReport &a, const LedgerCheckReport &b)
{
    return a.transactions == b.transactions && a.postings == b.postings && a.totalFunded == b.totalFunded
        && a.totalAvailable == b.totalAvailable && a.totalHeld == b.totalHeld
        && a.totalCommission == b.totalCommission && a.totalGridSpend == b.totalGridSpend
        && a.totalRefunded == b.totalRefunded;
}

int runStoreCopy(Context &context, const ParsedCommand &command)
{
    const QString toText = command.value(QStringLiteral("to")).trimmed();
    if (toText.isEmpty())
        return context.usage(QStringLiteral("store copy needs --to postgresql://user@host:5432/database"));
    // The password comes from GRIDDECK_SECRET_STORE_PASSWORD, never from the command line.
    auto to = StoreLocation::parseConnectionString(toText, QStringLiteral("--to"));
    if (!to.ok())
        return context.fail(to.error());
    StoreLocation target = to.value();
    target.password = qEnvironmentVariable(StoreLocation::kPasswordVariable);

    std::shared_ptr<Store> source;
    if (command.has(QStringLiteral("from"))) {
        auto from = StoreLocation::fromText(command.value(QStringLiteral("from")));
        if (!from.ok())
            return context.fail(from.error());
        auto opened = Store::open(from.value(), Store::OpenMode::MustExist);
        if (!opened.ok())
            return context.fail(opened.error());
        source = opened.value();
    } else {
        if (auto opened = context.openStore(); !opened.ok())
            return context.fail(opened.error());
        source = context.store();
    }

    auto copied = copyStore(*source, target);
    if (!copied.ok()) {
        Error error = copied.error();
        if (target.password.isEmpty() && error.message.contains(QLatin1String("password")))
            error.message += QStringLiteral(" (the password comes from %1, which is not set)")
                                 .arg(QLatin1String(StoreLocation::kPasswordVariable));
        return context.fail(error);
    }
    const StoreCopyReport &report = copied.value();

    const LedgerCheckReport sourceCheck = Ledger(source).check();
    auto targetStore = Store::open(target, Store::OpenMode::MustExist);
    if (!targetStore.ok())
        return context.fail(targetStore.error());
    const LedgerCheckReport targetCheck = Ledger(targetStore.value()).check();
    const bool ok = sourceCheck.ok() && targetCheck.ok() && sameTotals(sourceCheck, targetCheck);

    if (context.json()) {
        QJsonArray tables;
        for (const TableCopyReport &t : report.tables)
            tables.append(QJsonObject { { QStringLiteral("table"), t.table },
                { QStringLiteral("source_rows"), t.sourceRows },
                { QStringLiteral("target_rows"), t.targetRows },
                { QStringLiteral("contents_match"), t.contentsMatch } });
        context.printJson(QJsonObject { { QStringLiteral("source"), report.source },
            { QStringLiteral("target"), report.target },
            { QStringLiteral("schema_version"), report.schemaVersion },
            { QStringLiteral("created_schema"), report.createdSchema }, { QStringLiteral("tables"), tables },
            { QStringLiteral("sequences_advanced"), report.sequencesAdvanced },
            { QStringLiteral("ledger_check"),
                QJsonObject { { QStringLiteral("source"), checkJson(sourceCheck) },
                    { QStringLiteral("target"), checkJson(targetCheck) },
                    { QStringLiteral("same_totals"), sameTotals(sourceCheck, targetCheck) } } },
            { QStringLiteral("ok"), ok } });
    } else {
        QTextStream &out = context.out();
        out << "Copied " << report.source << " to " << report.target << " (schema version "
            << report.schemaVersion << (report.createdSchema ? ", schema created" : ", existing empty schema")
            << ", " << report.sequencesAdvanced << " id sequences advanced)\n";
        out << "  " << padRight(QStringLiteral("table"), 24) << padLeft(QStringLiteral("source"), 10)
            << padLeft(QStringLiteral("target"), 10) << "  contents\n";
        for (const TableCopyReport &t : report.tables)
            out << "  " << padRight(t.table, 24) << padLeft(QString::number(t.sourceRows), 10)
                << padLeft(QString::number(t.targetRows), 10)
                << (t.contentsMatch ? "  same\n" : "  DIFFERENT\n");
        out << "Ledger check, source: " << checkLine(sourceCheck) << "\n";
        out << "Ledger check, target: " << checkLine(targetCheck) << "\n";
        if (!sameTotals(sourceCheck, targetCheck))
            out << "The two ledgers' totals differ.\n";
    }
    return ok ? ExitOk : ExitFailed;
}

} // namespace

void addStoreCommands(QList<Command> &list)
{
    list.append({ { QStringLiteral("store"), QStringLiteral("copy") },
        QStringLiteral("store copy --to postgresql://… [--from FILE|URL]"),
        QStringLiteral("Copy the store (or --from) into an empty PostgreSQL database; ledger check on both"),
        { { QStringLiteral("to") }, { QStringLiteral("from") } }, 0, 0, false, runStoreCopy });
}

} // namespace griddeck::cli
