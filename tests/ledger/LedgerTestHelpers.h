#pragma once
// Helpers shared by the ledger tests: minimal job rows, enqueue-like holds, and snapshots of
// the money tables to prove that a refused operation changed nothing.

#include "ledger/Ledger.h"
#include "store/Dialect.h"
#include "store/Store.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QtTest>

namespace griddeck {
// QCOMPARE prints amounts through this (found by argument-dependent lookup).
inline char *toString(const Tfc &amount)
{
    return qstrdup(qPrintable(amount.toString()));
}
} // namespace griddeck

namespace griddeck::test {

inline Tfc tfc(const char *text)
{
    const auto parsed = Tfc::parse(QString::fromLatin1(text));
    if (!parsed)
        qFatal("bad TFC literal %s", text);
    return *parsed;
}

// A minimal jobs row, as the queue would insert it at enqueue.
inline qint64 insertJob(QSqlDatabase db, qint64 userId, Tfc amount, const QString &stage = QStringLiteral("queued"))
{
    auto inserted = exec(db, QStringLiteral("INSERT INTO jobs(user_id, service_type, spec_json, priority, stage, tfc_amount, "
                                            "commission_amount, grid_payment_amount, max_retries, run_at, created_at, updated_at) "
                                            "VALUES (?, 'vm', '{}', 1, ?, ?, 0, 0, 3, 0, 0, 0) RETURNING id"),
                         {userId, stage, static_cast<qlonglong>(amount.units() > 0 ? amount.units() : 1)});
    if (!inserted.ok() || !inserted.value().next())
        qFatal("cannot insert a job: %s", qPrintable(inserted.ok() ? QStringLiteral("no id") : inserted.error().message));
    const qint64 id = inserted.value().value(0).toLongLong();
    inserted.value().finish();
    return id;
}

// A trigger that fails every `event` (INSERT, UPDATE, DELETE) on `table` with `message`, in
// the store's own dialect; dropFailingTrigger removes it.
inline bool addFailingTrigger(
    QSqlDatabase db, const QString &name, const QString &event, const QString &table, const QString &message)
{
    const Backend backend = dialect::backendOf(db);
    const QString sql
        = QStringLiteral("CREATE TRIGGER %1 BEFORE %2 ON %3 BEGIN SELECT RAISE(ABORT, '%4'); END")
              .arg(name, event, table, message);
    // SQLite: a TEMP trigger, gone with the connection.
    const QStringList statements = backend == Backend::Sqlite
        ? QStringList { QString(sql).replace(
            QLatin1String("CREATE TRIGGER"), QLatin1String("CREATE TEMP TRIGGER")) }
        : dialect::migrationStatements(backend, sql);
    for (const QString &statement : statements) {
        QSqlQuery q(db);
        if (!q.exec(statement))
            return false;
    }
    return true;
}

inline bool dropFailingTrigger(QSqlDatabase db, const QString &name, const QString &table)
{
    QSqlQuery q(db);
    return q.exec(dialect::backendOf(db) == Backend::Sqlite
            ? QStringLiteral("DROP TRIGGER temp.%1").arg(name)
            : QStringLiteral("DROP TRIGGER %1 ON %2").arg(name, table));
}

inline void setStage(QSqlDatabase db, qint64 jobId, const QString &stage)
{
    auto updated = exec(db, QStringLiteral("UPDATE jobs SET stage = ? WHERE id = ?"), {stage, jobId});
    if (!updated.ok())
        qFatal("cannot set the stage of job %lld: %s", jobId, qPrintable(updated.error().message));
}

// Enqueue-like: the job row and its hold in one write transaction; nothing stays on failure.
inline Result<qint64> enqueue(Ledger &ledger, const Store &store, qint64 userId, Tfc amount)
{
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const qint64 jobId = insertJob(tx.db(), userId, amount);
    if (auto held = ledger.holdIn(tx.db(), userId, jobId, amount, QStringLiteral("queue")); !held.ok())
        return held.error();
    if (auto committed = tx.commit(); !committed.ok())
        return committed.error();
    return jobId;
}

// Capture or release together with the stage change, as the pipeline does.
inline Result<void> finish(Ledger &ledger, const Store &store, qint64 jobId, bool active, Tfc commission = Tfc(),
                           Tfc gridSpend = Tfc())
{
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto done = active ? ledger.captureIn(tx.db(), jobId, commission, gridSpend, QStringLiteral("pipeline"))
                       : ledger.releaseIn(tx.db(), jobId, QStringLiteral("deployment failed"), QStringLiteral("pipeline"));
    if (!done.ok())
        return done;
    setStage(tx.db(), jobId, active ? QStringLiteral("active") : QStringLiteral("failed"));
    return tx.commit();
}

// Every row of every money table (and the jobs' stages), as text: equal snapshots mean
// nothing changed.
inline QStringList snapshot(QSqlDatabase db)
{
    QStringList out;
    const QStringList queries = {
        QStringLiteral("SELECT 'users', COUNT(*) FROM users"),
        QStringLiteral("SELECT 'jobs', COUNT(*) FROM jobs"),
        QStringLiteral("SELECT 'transactions', COUNT(*), COALESCE(MAX(id), 0) FROM ledger_transactions"),
        QStringLiteral("SELECT 'postings', COUNT(*), COALESCE(MAX(id), 0) FROM ledger_postings"),
        QStringLiteral("SELECT 'account', id, kind, COALESCE(user_id, 0), balance FROM accounts ORDER BY id"),
        QStringLiteral("SELECT 'hold', job_id, user_id, amount, state, commission, grid_spend, refunded, "
                       "COALESCE(resolved_at, -1) FROM holds ORDER BY job_id"),
        QStringLiteral("SELECT 'job', id, stage FROM jobs ORDER BY id"),
    };
    for (const QString &sql : queries) {
        QSqlQuery q(db);
        if (!q.exec(sql))
            qFatal("snapshot query failed: %s", qPrintable(sql));
        const int columns = q.record().count();
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < columns; ++i)
                row.append(q.value(i).toString());
            out.append(row.join(u'|'));
        }
    }
    return out;
}

inline QString violationsText(const LedgerCheckReport &report)
{
    return report.violations.join(QStringLiteral("\n"));
}

} // namespace griddeck::test
