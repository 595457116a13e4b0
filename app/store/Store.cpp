#include "store/Store.h"

#include "store/Access.h"
#include "store/Dialect.h"
#include "store/GroupSync.h"
#include "store/Migrations.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSemaphore>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <map>

namespace griddeck {

namespace {

// Statements this thread keeps prepared, per connection name (execWrite, queryRow): parsing the
// same few statements again on every step was about a seventh of the engine's CPU.
using PreparedStatements = std::map<QString, std::map<QString, QSqlQuery>>;
constexpr int kMaxPreparedPerConnection = 256;

// Closes and removes one connection; its kept statements must be gone already.
void removeConnection(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

std::atomic<int> g_closedAtThreadExit { 0 };

// Connections this thread opened, removed when the thread ends so a recycled thread id never
// finds a connection that belongs to a dead thread; and their kept statements, in the same
// object so that they go first (two thread_locals would be destroyed in the reverse order of
// their first use, which is not fixed).
struct ThreadConnections
{
    std::map<QString, QString> names; // prefix → connection name
    PreparedStatements prepared;
    ~ThreadConnections()
    {
        prepared.clear();
        // A last resort: threads close theirs explicitly (Store::closeThreadConnection), since
        // at thread-local teardown the application object may already be gone.
        for (const auto &[prefix, name] : names) {
            g_closedAtThreadExit.fetch_add(1);
            removeConnection(name);
        }
    }
};

thread_local ThreadConnections t_connections;

void closeConnection(const QString &name)
{
    t_connections.prepared.erase(name); // before the connection goes: a kept query would hold it open
    removeConnection(name);
}

QString sqlError(const QSqlError &error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return text;
}

// Only the owner of a PostgreSQL store's tables changes its schema (docs/operations.md, "Roles").
QString ownerHint(Backend backend, const QSqlError &error)
{
    const QString text = sqlError(error);
    if (backend != Backend::Postgresql
        || !(text.contains(QLatin1String("must be owner")) || text.contains(QLatin1String("permission denied"))))
        return QString();
    return QStringLiteral(" (this login may not change the schema: run griddeckctl init as the owner of the store's "
                          "tables, then open it again)");
}

Result<void> configure(QSqlDatabase db)
{
    QSqlQuery q(db);
    if (dialect::backendOf(db) == Backend::Postgresql) {
        // Durability is the server's (fsync, synchronous_commit); CREATE … IF NOT EXISTS
        // notices are noise.
        if (!q.exec(QStringLiteral("SET client_min_messages = warning")))
            return Error::storage(
                QStringLiteral("cannot configure the session: %1").arg(sqlError(q.lastError())));
        return {};
    }
    // synchronous = NORMAL: a commit does not wait for the disk itself; WriteTransaction::commit()
    // waits for a flush of the WAL that covers it (GroupSync), shared with the writers that
    // committed meanwhile. Checkpoints still flush the WAL before and the database after.
    const char *pragmas[] = {"PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000",
                             "PRAGMA synchronous = NORMAL"};
    for (const char *pragma : pragmas) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return Error::storage(QStringLiteral("%1 failed: %2").arg(QLatin1String(pragma), sqlError(q.lastError())));
    }
    // journal_mode answers with the mode now in force: WAL is only on if it says so.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next())
        return Error::storage(QStringLiteral("cannot set WAL mode: %1").arg(sqlError(q.lastError())));
    const QString mode = q.value(0).toString().toLower();
    if (mode != QLatin1String("wal"))
        return Error::storage(QStringLiteral("the database refused WAL mode (journal_mode is \"%1\")").arg(mode));
    return {};
}

} // namespace

Store::Store(StoreLocation location)
    : m_location(std::move(location))
    , m_path(m_location.display())
{
    const QByteArray digest = QCryptographicHash::hash(m_path.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    m_connectionPrefix = QStringLiteral("griddeck-%1").arg(QString::fromLatin1(digest));
}

Store::~Store()
{
    // Only this thread's connection can be removed here; other threads remove theirs on exit.
    closeThreadConnection();
}

void Store::closeThreadConnection() const
{
    auto it = t_connections.names.find(m_connectionPrefix);
    if (it == t_connections.names.end())
        return;
    const QString name = it->second;
    t_connections.names.erase(it);
    closeConnection(name);
}

void Store::closeAllThreadConnections()
{
    auto names = std::move(t_connections.names);
    t_connections.names.clear();
    for (const auto &[prefix, name] : names)
        closeConnection(name);
}

int Store::connectionsClosedAtThreadExit()
{
    return g_closedAtThreadExit.load();
}

void Store::closePoolConnections(QThreadPool &pool)
{
    // One task per thread the pool may run, queued after what it has: each waits at the gate
    // until all have arrived, so no thread takes two and every thread takes one. (Not
    // waitForDone() first: in Qt 6 it ends the threads, and each would close its own late.)
    const int threads = std::max(1, pool.maxThreadCount());
    auto arrived = std::make_shared<QSemaphore>();
    auto gate = std::make_shared<QSemaphore>();
    for (int i = 0; i < threads; ++i)
        pool.start([arrived, gate] {
            closeAllThreadConnections();
            arrived->release();
            gate->acquire();
        });
    arrived->acquire(threads);
    gate->release(threads);
    pool.waitForDone();
}

QString Store::defaultPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share");
    return dir + QStringLiteral("/GridDeck/griddeck.sqlite");
}

QSqlDatabase Store::db() const
{
    auto it = t_connections.names.find(m_connectionPrefix);
    if (it != t_connections.names.end())
        return QSqlDatabase::database(it->second, false);
    // Named after this thread's serial, not its QThread's address: a new thread can get the
    // address of one that just ended before that one's thread-locals (its connection and kept
    // statements) are gone, and the same name would make each close the other's connection.
    static std::atomic<quint64> threadSerials { 0 };
    thread_local const quint64 threadSerial = ++threadSerials;
    const QString name = QStringLiteral("%1-t%2").arg(m_connectionPrefix).arg(threadSerial);
    QSqlDatabase db;
    if (m_location.backend == Backend::Postgresql) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_location.host);
        db.setPort(m_location.port);
        db.setDatabaseName(m_location.database);
        db.setUserName(m_location.user);
        db.setPassword(m_location.password);
        db.setConnectOptions(m_location.options);
        // SUM over BIGINT is NUMERIC: read it as a 64-bit integer, as SQLite gives it.
        db.setNumericalPrecisionPolicy(QSql::LowPrecisionInt64);
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
    }
    if (db.open()) {
        const auto configured = configure(db);
        if (!configured.ok())
            qWarning("griddeck store: %s", qPrintable(configured.error().message));
    }
    t_connections.names.emplace(m_connectionPrefix, name);
    return db;
}

int Store::latestSchemaVersion()
{
    return migrations().back().version;
}

int Store::schemaVersion() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Result<std::shared_ptr<Store>> Store::open(const QString &path, OpenMode mode)
{
    if (path.isEmpty())
        return Error::invalid(QStringLiteral("no database path given"));
    auto location = StoreLocation::fromText(path);
    if (!location.ok())
        return location.error();
    return open(location.value(), mode);
}

Result<std::shared_ptr<Store>> Store::open(const StoreLocation &location, OpenMode mode)
{
    std::shared_ptr<Store> store;
    if (location.backend == Backend::Postgresql) {
        store.reset(new Store(location));
        QSqlDatabase db = store->db();
        if (!db.isOpen())
            return Error::storage(
                QStringLiteral("cannot open %1: %2").arg(store->path(), sqlError(db.lastError())));
        if (mode == OpenMode::MustExist) {
            auto found = exec(db, QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL"));
            if (!found.ok())
                return found.error();
            if (!found.value().next() || !found.value().value(0).toBool())
                return Error::notFound(
                    QStringLiteral("there is no GridDeck store in %1 (create it with griddeckctl init)")
                        .arg(store->path()));
        }
    } else {
        const QString &path = location.path;
        if (path.isEmpty())
            return Error::invalid(QStringLiteral("no database path given"));
        const QFileInfo info(path);
        if (mode == OpenMode::MustExist && !info.exists())
            return Error::notFound(
                QStringLiteral("there is no database at %1 (create it with griddeckctl init)").arg(path));
        if (!QDir().mkpath(info.absolutePath()))
            return Error::storage(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
        if (info.exists() && info.isDir())
            return Error::invalid(QStringLiteral("%1 is a folder, not a database file").arg(path));
        store.reset(new Store(StoreLocation::sqlite(info.absoluteFilePath())));
        QSqlDatabase db = store->db();
        if (!db.isOpen())
            return Error::storage(QStringLiteral("cannot open %1: %2").arg(path, sqlError(db.lastError())));
        if (auto configured = configure(db); !configured.ok())
            return Error::storage(QStringLiteral("%1: %2").arg(path, configured.error().message));
    }
    if (auto migrated = store->migrate(); !migrated.ok())
        return migrated.error();
    if (auto detected = access::detectRoles(*store); !detected.ok())
        return detected.error();
    return store;
}

Result<void> Store::migrate()
{
    const QString &path = m_path;
    QSqlDatabase db = this->db();
    const Backend backend = m_location.backend;
    // A login that is not the store's owner (a viewer, an operator) may not create tables, not
    // even "IF NOT EXISTS" one that exists: look first.
    bool haveVersions = false;
    if (backend == Backend::Postgresql) {
        auto found = exec(db, QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL"));
        haveVersions = found.ok() && found.value().next() && found.value().value(0).toBool();
    }
    if (!haveVersions) {
        WriteTransaction tx(db);
        if (!tx.begun())
            return Error::storage(QStringLiteral("%1: %2").arg(path, tx.error()));
        for (const QString &statement : dialect::migrationStatements(backend,
                 QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                "applied_at INTEGER NOT NULL)"))) {
            QSqlQuery q(db);
            if (!q.exec(statement))
                return Error::storage(QStringLiteral("%1: %2").arg(path, sqlError(q.lastError())));
        }
        if (auto committed = tx.commit(); !committed.ok())
            return committed.error();
    }

    const int current = schemaVersion();
    if (current > latestSchemaVersion())
        return Error::storage(QStringLiteral("%1 has schema version %2, newer than this GridDeck understands (%3)")
                                  .arg(path)
                                  .arg(current)
                                  .arg(latestSchemaVersion()));
    // Each migration not recorded yet is applied, in order: a version number may be missing
    // from this build's list (branches add them apart), and a lower number added later still
    // runs on a database that already has a higher one.
    QSet<int> applied;
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT version FROM schema_migrations")))
            return Error::storage(QStringLiteral("%1: %2").arg(path, sqlError(q.lastError())));
        while (q.next())
            applied.insert(q.value(0).toInt());
    }
    for (const Migration &migration : migrations()) {
        if (applied.contains(migration.version))
            continue;
        WriteTransaction tx(db);
        if (!tx.begun())
            return Error::storage(QStringLiteral("%1: %2").arg(path, tx.error()));
        // Another process may have migrated between our version read and the lock (on
        // PostgreSQL the lock is this table's, held to commit).
        if (backend == Backend::Postgresql) {
            QSqlQuery lock(db);
            if (!lock.exec(QStringLiteral("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")))
                return Error::storage(QStringLiteral("%1: cannot lock the migrations: %2%3")
                                          .arg(path, sqlError(lock.lastError()), ownerHint(backend, lock.lastError())));
        }
        QSqlQuery check(db);
        check.prepare(QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"));
        check.addBindValue(migration.version);
        if (check.exec() && check.next())
            continue;
        for (const QString &written : migration.statements) {
            for (const QString &statement : dialect::migrationStatements(backend, written)) {
                QSqlQuery q(db);
                if (!q.exec(statement))
                    return Error::storage(QStringLiteral("migration %1 failed: %2%3\n%4")
                                              .arg(migration.version)
                                              .arg(sqlError(q.lastError()), ownerHint(backend, q.lastError()),
                                                  statement.simplified()));
            }
        }
        auto inserted = exec(db, QStringLiteral("INSERT INTO schema_migrations(version, description, applied_at) VALUES (?, ?, ?)"),
                             {migration.version, QString::fromUtf8(migration.description), QDateTime::currentMSecsSinceEpoch()});
        if (!inserted.ok())
            return inserted.error();
        if (auto committed = tx.commit(); !committed.ok())
            return committed.error();
    }
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT value FROM app_state WHERE key = 'installation_id'")) || !q.next())
            return Error::storage(
                QStringLiteral("%1 has no installation id: %2").arg(path, sqlError(q.lastError())));
        m_installationId = q.value(0).toString();
    }
    return {};
}

namespace {
thread_local int t_relaxed = 0;
}

RelaxedDurability::RelaxedDurability()
{
    ++t_relaxed;
}

RelaxedDurability::~RelaxedDurability()
{
    --t_relaxed;
}

bool RelaxedDurability::active()
{
    return t_relaxed > 0;
}

WriteTransaction::WriteTransaction(const Store &store)
    : WriteTransaction(store.db())
{
}

namespace {

// One write lock per database file, for every Store and connection of this process.
std::shared_ptr<std::recursive_timed_mutex> writerLockFor(const QString &path)
{
    static std::mutex registryMutex;
    static QHash<QString, std::weak_ptr<std::recursive_timed_mutex>> registry;
    std::lock_guard guard(registryMutex);
    auto lock = registry.value(path).lock();
    if (!lock) {
        lock = std::make_shared<std::recursive_timed_mutex>();
        registry.insert(path, lock);
    }
    return lock;
}

constexpr auto kWriterWait = std::chrono::milliseconds(10000); // as PRAGMA busy_timeout

} // namespace

WriteTransaction::WriteTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    const Backend backend = dialect::backendOf(m_db);
    // SQLite: writers of this process queue here rather than in SQLite's sleeping busy handler.
    // PostgreSQL: no such lock; the reads that decide a write lock their rows.
    if (backend == Backend::Sqlite) {
        m_sync = GroupSync::forDatabase(m_db.databaseName());
        if (m_sync->failed()) {
            m_error = QStringLiteral("cannot start a write transaction: an earlier commit to %1 could not be flushed to "
                                     "disk; restart the program")
                          .arg(m_db.databaseName());
            return;
        }
        m_writer = writerLockFor(m_db.databaseName());
        m_locked = m_writer->try_lock_for(kWriterWait);
        if (!m_locked) {
            m_error = QStringLiteral("cannot start a write transaction: another write of this program held the "
                                     "database for %1 s")
                          .arg(kWriterWait.count() / 1000);
            return;
        }
    }
    QSqlQuery q(m_db);
    // PostgreSQL only warns at a BEGIN inside a transaction, and the COMMIT meant for the inner
    // one would then end the outer: refuse it as SQLite does.
    if (backend == Backend::Postgresql && insideTransaction(m_db)) {
        m_error = QStringLiteral(
            "cannot start a write transaction: cannot start a transaction within a transaction");
        return;
    }
    m_begun = q.exec(dialect::beginWrite(backend));
    if (!m_begun) {
        m_error = QStringLiteral("cannot start a write transaction: %1").arg(sqlError(q.lastError()));
        unlock();
    }
}

WriteTransaction::~WriteTransaction()
{
    if (m_begun && !m_done)
        rollback();
    unlock();
}

void WriteTransaction::unlock()
{
    if (m_locked) {
        m_locked = false;
        m_writer->unlock();
    }
}

Result<void> WriteTransaction::commit()
{
    if (!m_begun)
        return Error::storage(m_error);
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QString message = QStringLiteral("commit failed: %1").arg(sqlError(q.lastError()));
        rollback();
        return Error::storage(message);
    }
    m_done = true;
    const qint64 ticket = m_sync ? m_sync->committed() : 0; // under the lock: in commit order
    unlock();
    if (m_sync && !RelaxedDurability::active() && !m_sync->waitDurable(ticket))
        return Error::storage(QStringLiteral("the commits to %1 could not be flushed to disk (fdatasync of its WAL failed); "
                                             "nothing more is written until the program is restarted")
                                  .arg(m_db.databaseName()));
    return {};
}

void WriteTransaction::rollback()
{
    if (!m_begun || m_done)
        return;
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("ROLLBACK"));
    m_done = true;
    unlock();
}

bool insideTransaction(QSqlDatabase db)
{
    if (dialect::backendOf(db) == Backend::Sqlite)
        return false; // SQLite itself refuses a nested BEGIN
    // Inside a transaction, the transaction started before this statement did.
    QSqlQuery q(db);
    return !q.exec(QStringLiteral("SELECT transaction_timestamp() = statement_timestamp()")) || !q.next()
        || !q.value(0).toBool();
}

bool beginRead(QSqlDatabase db)
{
    if (dialect::backendOf(db) == Backend::Sqlite)
        return db.transaction();
    if (insideTransaction(db))
        return false;
    // READ COMMITTED takes a new snapshot per statement; one snapshot needs REPEATABLE READ.
    QSqlQuery q(db);
    return q.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
}

void endRead(QSqlDatabase db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("ROLLBACK"));
}

namespace {

Result<QSqlQuery> execWith(QSqlDatabase db, const QString &sql, const QVariantList &args, bool forwardOnly)
{
    QSqlQuery q(db);
    q.setForwardOnly(forwardOnly);
    if (!q.prepare(sql))
        return Error::storage(QStringLiteral("cannot prepare \"%1\": %2").arg(sql.simplified(), sqlError(q.lastError())));
    for (const QVariant &arg : args)
        q.addBindValue(arg);
    if (!q.exec())
        return Error::storage(QStringLiteral("\"%1\" failed: %2").arg(sql.simplified(), sqlError(q.lastError())));
    return q;
}

// This thread's prepared `sql` on `db`, prepared now if it is not kept yet, with `args` bound.
Result<QSqlQuery *> keptStatement(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    std::map<QString, QSqlQuery> &kept = t_connections.prepared[db.connectionName()];
    auto it = kept.find(sql);
    // A connection closed and opened again under the same name has another driver.
    if (it != kept.end() && it->second.driver() != db.driver()) {
        kept.erase(it);
        it = kept.end();
    }
    if (it == kept.end()) {
        if (kept.size() >= kMaxPreparedPerConnection)
            kept.clear();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            return Error::storage(QStringLiteral("cannot prepare \"%1\": %2").arg(sql.simplified(), sqlError(q.lastError())));
        it = kept.try_emplace(sql, std::move(q)).first;
    }
    for (int i = 0; i < args.size(); ++i)
        it->second.bindValue(i, args.at(i));
    return &it->second;
}

} // namespace

Result<QSqlQuery> exec(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    return execWith(db, sql, args, false);
}

namespace {

// Runs the kept statement for `sql`; reads up to `maxRows` rows (-1: all) into `rows`, and
// returns the rows the statement changed. Finished before it returns: a kept statement must
// not hold a result or a read snapshot between calls.
Result<int> runKept(QSqlDatabase db, const QString &sql, const QVariantList &args, int maxRows,
                    QList<QVariantList> *rows)
{
    auto kept = keptStatement(db, sql, args);
    if (!kept.ok())
        return kept.error();
    QSqlQuery &q = *kept.value();
    if (!q.exec()) {
        const QString why = sqlError(q.lastError());
        t_connections.prepared[db.connectionName()].erase(sql); // prepared afresh next time
        return Error::storage(QStringLiteral("\"%1\" failed: %2").arg(sql.simplified(), why));
    }
    if (rows) {
        const int columns = q.record().count();
        while ((maxRows < 0 || rows->size() < maxRows) && q.next()) {
            QVariantList row;
            row.reserve(columns);
            for (int i = 0; i < columns; ++i)
                row.append(q.value(i));
            rows->append(std::move(row));
        }
    }
    const int changed = q.numRowsAffected();
    q.finish();
    return changed;
}

} // namespace

Result<int> execWrite(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    return runKept(db, sql, args, 0, nullptr);
}

Result<QList<QVariantList>> queryRows(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    QList<QVariantList> rows;
    if (auto r = runKept(db, sql, args, -1, &rows); !r.ok())
        return r.error();
    return rows;
}

Result<std::optional<QVariantList>> queryRow(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    QList<QVariantList> rows;
    if (auto r = runKept(db, sql, args, 1, &rows); !r.ok())
        return r.error();
    if (rows.isEmpty())
        return std::optional<QVariantList>();
    return std::optional<QVariantList>(rows.takeFirst());
}

Result<QSqlQuery> execForward(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    return execWith(db, sql, args, true);
}

} // namespace griddeck
