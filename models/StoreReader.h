#pragma once
// The SQL the StoreWatcher runs on its own thread, and the decoding of its rows. Read-only;
// every function takes the calling thread's connection.
//
// Jobs are read two ways: a narrow "fingerprint" query (ids, stage and the mutable columns,
// no spec JSON) to find what changed cheaply, and the full row query, decoded only for the
// jobs whose fingerprint moved. Both hash the same columns, so their fingerprints agree.

#include "domain/Result.h"
#include "models/Rows.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>

namespace griddeck::store_reader {

// What the narrow query yields per job.
struct JobStamp
{
    qint64 id = 0;
    qint64 userId = 0;
    qint64 updatedAt = 0;
    bool live = false;
    quint64 fingerprint = 0;
};

// "SELECT … FROM jobs j JOIN users u … LEFT JOIN job_deployments d …": append a WHERE clause
// over j.* (and ORDER BY / LIMIT).
QString fullJobSelect();
QString stampJobSelect();

// Runs select + tail with args and calls onRow for each row; stops early if onRow returns false.
Result<void> forEachRow(QSqlDatabase db, const QString &sql, const QVariantList &args,
                        const std::function<bool(const QSqlQuery &)> &onRow);

JobStamp readStamp(const QSqlQuery &stampQuery);
// Decodes a full row; its fingerprint is computed from the same columns as readStamp's.
Result<JobRow> readJobRow(const QSqlQuery &fullQuery);

// Users with balances (job counts are left at zero: the watcher counts them from the jobs).
QString userSelect();
UserRow readUser(const QSqlQuery &q);

// Ledger transactions with the user's name and the effect on available and held credits.
QString ledgerSelect();
LedgerRow readLedgerRow(const QSqlQuery &q);

QString eventSelect();
Result<EventRow> readEvent(const QSqlQuery &q);

// Largest id (or updated_at) of a table, 0 when empty.
Result<qint64> maxOf(QSqlDatabase db, const QString &column, const QString &table);
// SQLite's data_version: changes whenever another connection commits.
Result<qint64> dataVersion(QSqlDatabase db);

} // namespace griddeck::store_reader
