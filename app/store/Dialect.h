#pragma once
// Where SQLite and PostgreSQL differ, and nowhere else: the migrations and repositories are
// written once in portable SQL (RETURNING, ON CONFLICT, savepoints) and ask here for the few
// pieces each engine spells its own way.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace griddeck {

enum class Backend { Sqlite, Postgresql };

namespace dialect {

// The backend a connection talks to (QSQLITE or QPSQL).
Backend backendOf(const QSqlDatabase &db);
QString backendName(Backend backend); // "sqlite", "postgresql"

// One migration statement as this backend runs it: SQLite as written; PostgreSQL with 64-bit
// integers, identity keys, and the append-only triggers as plpgsql trigger functions.
// "NOTIFY CHANGES OF table(key)" is PostgreSQL's alone: a trigger that notifies kChangeChannel
// with "table:<key>" after each insert, update or delete of a row; SQLite runs nothing (its
// watcher asks PRAGMA data_version instead).
QStringList migrationStatements(Backend backend, const QString &statement);

// The channel PostgreSQL stores NOTIFY on whenever a row the console shows changes (migration 8):
// one notification per changed row, payload "<table>:<key>" (ledger_transactions:41,
// jobs:7, job_deployments:<job id>, accounts:<user id>, users:3, events:88). A transaction that
// changes a row several times sends one (PostgreSQL folds identical notifications).
inline constexpr char kChangeChannel[] = "griddeck_changes";

// Opens a write transaction. SQLite takes the database's write lock at BEGIN IMMEDIATE; on
// PostgreSQL writers take row locks (forUpdate) where they read before they write.
QString beginWrite(Backend backend);

// Appended to a SELECT that reads rows the transaction will change: on PostgreSQL the rows are
// locked until commit (a second console waits, then reads the committed row); SQLite's write
// transaction already holds the whole database.
QString forUpdate(const QSqlDatabase &db);
// The same, skipping rows another transaction holds: workers claim disjoint jobs.
QString forUpdateSkipLocked(const QSqlDatabase &db);
// SQLite: " INDEXED BY <index>", where its planner would pick a worse index (the claim: by
// stage, then sorting every queued job, 87 % of a run's CPU with 100,000 queued). PostgreSQL: "".
QString indexedBy(const QSqlDatabase &db, const QString &index);

// An SQL expression: `bytes` fresh random bytes as lowercase hex, evaluated once per row.
QString randomHex(const QSqlDatabase &db, int bytes);

} // namespace dialect
} // namespace griddeck
