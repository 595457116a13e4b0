#pragma once
// The store (QtSql): a SQLite file, or a shared PostgreSQL database (store/StoreLocation.h).
// One Store object per database is shared by every thread; each thread gets its own
// QSqlDatabase connection, created in that thread on first use and removed when the thread
// ends. Writes go through WriteTransaction (BEGIN IMMEDIATE on SQLite; BEGIN plus row locks on
// PostgreSQL, store/Dialect.h).

#include "domain/Result.h"
#include "store/StoreLocation.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <memory>
#include <mutex>
#include <optional>

class QThreadPool;

namespace griddeck {

class GroupSync;

class Store
{
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    // Opens the database at `path` (creating it unless mode is MustExist: then a missing file
    // is a NotFound error and nothing is created), checks WAL mode and applies every pending
    // migration, each in its own transaction.
    // A connection string instead of a path opens PostgreSQL (StoreLocation::fromText).
    static Result<std::shared_ptr<Store>> open(
        const QString &path, OpenMode mode = OpenMode::CreateIfMissing);
    // On PostgreSQL, MustExist means the database must already hold a GridDeck schema.
    static Result<std::shared_ptr<Store>> open(
        const StoreLocation &location, OpenMode mode = OpenMode::CreateIfMissing);

    // The platform data directory's griddeck.sqlite (e.g. ~/.local/share/GridDeck/griddeck.sqlite).
    static QString defaultPath();

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // The file path, or the connection string without its password.
    const QString &path() const { return m_path; }
    const StoreLocation &location() const { return m_location; }
    Backend backend() const { return m_location.backend; }
    // This thread's connection (opened and configured on first use in this thread).
    QSqlDatabase db() const;
    int schemaVersion() const;
    // The random id of this installation (migration 5), 32 lowercase hex digits, read at open.
    const QString &installationId() const { return m_installationId; }
    // Closes and removes this thread's connection now (a thread about to end, or the main
    // thread before the application object goes); db() opens a new one if needed later.
    void closeThreadConnection() const;
    // The same for every store this thread opened.
    static void closeAllThreadConnections();
    // Waits for what `pool` runs, then closeAllThreadConnections() on each of its threads, which
    // then end (QThreadPool::waitForDone). Use it instead of waitForDone() on a pool whose tasks
    // use a store: a thread's own last resort runs after the pool let go of it, and can race
    // with the end of the process (QtSql's globals already destroyed: a crash at exit).
    static void closePoolConnections(QThreadPool &pool);
    // How many connections threads left open so far, closed by that last resort (tests).
    static int connectionsClosedAtThreadExit();
    static int latestSchemaVersion();

private:
    explicit Store(StoreLocation location);
    Result<void> migrate();
    StoreLocation m_location;
    QString m_path;
    QString m_connectionPrefix;
    QString m_installationId;
};

// BEGIN IMMEDIATE … COMMIT, rolled back on destruction unless committed. Taking the write lock
// at BEGIN means a read-check-write sequence inside it (balance check then hold) is atomic. On
// PostgreSQL it is a plain BEGIN: the reads that decide a write lock their rows
// (dialect::forUpdate), so two consoles serialise on the same job or account only.
//
// SQLite: writers of one process queue for the database on an in-process lock (one per file) before
// BEGIN, so they never meet SQLite's busy handler, which sleeps 1, 2, 5, 10 … ms per try: with
// several workers that sleeping, not the work, was most of a step. The lock is recursive (a
// nested BEGIN fails in SQLite as before) and waited for at most the busy timeout (10 s).
// Other processes still meet SQLite's own lock. commit() returns once the commit is on disk,
// flushed together with the commits of other writers made meanwhile (GroupSync).
// Writes on the calling thread, while one is alive, do not wait for the disk: for writes whose
// loss to a power cut does no harm (a lease claimed, a routine poll's next time). SQLite only.
class RelaxedDurability
{
public:
    RelaxedDurability();
    ~RelaxedDurability();
    RelaxedDurability(const RelaxedDurability &) = delete;
    RelaxedDurability &operator=(const RelaxedDurability &) = delete;
    static bool active(); // on the calling thread
};

class WriteTransaction
{
public:
    explicit WriteTransaction(const Store &store);
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    bool begun() const { return m_begun; }
    const QString &error() const { return m_error; }
    QSqlDatabase &db() { return m_db; }
    Result<void> commit();
    void rollback();

private:
    void unlock();

    QSqlDatabase m_db;
    std::shared_ptr<std::recursive_timed_mutex> m_writer; // this file's in-process write lock
    std::shared_ptr<GroupSync> m_sync;                     // SQLite: commits flushed in groups
    bool m_locked = false;
    bool m_begun = false;
    bool m_done = false;
    QString m_error;
};

// PostgreSQL: whether the connection is inside a transaction (a BEGIN there would only warn).
// SQLite: false (SQLite refuses a nested BEGIN itself).
bool insideTransaction(QSqlDatabase db);
// One read snapshot for several queries: true when a read transaction was started (end it with
// endRead); false inside the caller's own transaction, which then gives the snapshot.
bool beginRead(QSqlDatabase db);
void endRead(QSqlDatabase db);

// Prepares, binds positionally and executes; on failure returns an Error naming the statement.
Result<QSqlQuery> exec(QSqlDatabase db, const QString &sql, const QVariantList &args = {});
// exec() for a read whose rows are walked once with next() and nothing else run on the
// connection meanwhile: forward only, so the driver does not keep a copy of every row read
// (a QSqlQuery otherwise caches them all: memory that grows with the table).
Result<QSqlQuery> execForward(QSqlDatabase db, const QString &sql, const QVariantList &args = {});
// For the statements the engine runs on every step: kept prepared on this thread's connection
// (parsed once, not on each call), and finished before they return, so no result or read
// snapshot outlives the call. execWrite returns the rows the write changed; queryRow the first
// row (of a SELECT or a … RETURNING), nullopt when there is none. `sql` must be a fixed text
// (values bound, never spliced in), or every variant would be kept.
Result<int> execWrite(QSqlDatabase db, const QString &sql, const QVariantList &args = {});
Result<std::optional<QVariantList>> queryRow(QSqlDatabase db, const QString &sql, const QVariantList &args = {});
// queryRow() for a few rows (every row read before it returns: not for a table that grows).
Result<QList<QVariantList>> queryRows(QSqlDatabase db, const QString &sql, const QVariantList &args = {});

} // namespace griddeck
