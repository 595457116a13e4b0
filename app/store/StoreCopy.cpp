#include "store/StoreCopy.h"

#include "store/Dialect.h"
#include "store/Migrations.h"

#include <QCryptographicHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <algorithm>
#include <map>

namespace griddeck {

namespace {

constexpr int kRowsPerInsert = 200;

QString sqlError(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

// A connection of its own to the target, removed when the copy ends.
class TargetConnection
{
public:
    explicit TargetConnection(const StoreLocation &location)
        : m_name(QStringLiteral("griddeck-copy-%1").arg(QUuid::createUuid().toString(QUuid::Id128)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        db.setHostName(location.host);
        db.setPort(location.port);
        db.setDatabaseName(location.database);
        db.setUserName(location.user);
        db.setPassword(location.password);
        db.setConnectOptions(location.options);
        db.setNumericalPrecisionPolicy(QSql::LowPrecisionInt64);
        db.open();
    }
    ~TargetConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isOpen()) {
                if (inTransaction)
                    QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); // nothing of the copy stays
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool inTransaction = false;

private:
    QString m_name;
};

struct Column
{
    QString name;
    QString type; // the target's data_type: bigint, text, …
    bool identity = false;
};

struct Table
{
    QString name;
    QList<Column> columns;
    QStringList primaryKey;
};

Result<QSqlQuery> run(QSqlDatabase db, const QString &sql, const QVariantList &args = {})
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // QPSQL prepares with PREPARE, which takes no SET, BEGIN or DDL: those run as they are.
    if (args.isEmpty()) {
        if (!q.exec(sql))
            return Error::storage(
                QStringLiteral("%1: %2").arg(sql.simplified().left(120), sqlError(q.lastError())));
        return q;
    }
    if (!q.prepare(sql))
        return Error::storage(
            QStringLiteral("%1: %2").arg(sql.simplified().left(120), sqlError(q.lastError())));
    for (const QVariant &arg : args)
        q.addBindValue(arg);
    if (!q.exec())
        return Error::storage(
            QStringLiteral("%1: %2").arg(sql.simplified().left(120), sqlError(q.lastError())));
    return q;
}

Result<QStringList> column0(QSqlDatabase db, const QString &sql, const QVariantList &args = {})
{
    auto q = run(db, sql, args);
    if (!q.ok())
        return q.error();
    QStringList values;
    while (q.value().next())
        values << q.value().value(0).toString();
    return values;
}

QString versionList(QList<int> versions)
{
    std::sort(versions.begin(), versions.end());
    QStringList parts;
    for (int v : versions)
        parts << QString::number(v);
    return parts.join(u',');
}

Result<QList<int>> appliedVersions(QSqlDatabase db)
{
    auto rows = column0(db, QStringLiteral("SELECT version FROM schema_migrations ORDER BY version"));
    if (!rows.ok())
        return rows.error();
    QList<int> versions;
    for (const QString &v : rows.value())
        versions << v.toInt();
    return versions;
}

Result<QStringList> sourceTables(QSqlDatabase db)
{
    if (dialect::backendOf(db) == Backend::Sqlite)
        return column0(db,
            QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY name"));
    return column0(db,
        QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                       "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"));
}

// The target's tables (its schema just created or found empty), parents before children.
Result<QList<Table>> targetTables(QSqlDatabase db)
{
    auto names = sourceTables(db);
    if (!names.ok())
        return names.error();
    std::map<QString, Table> tables;
    for (const QString &name : names.value())
        tables[name].name = name;
    auto columns = run(db,
        QStringLiteral("SELECT table_name, column_name, data_type, is_identity FROM "
                       "information_schema.columns WHERE table_schema = current_schema() "
                       "ORDER BY table_name, ordinal_position"));
    if (!columns.ok())
        return columns.error();
    while (columns.value().next()) {
        auto it = tables.find(columns.value().value(0).toString());
        if (it != tables.end())
            it->second.columns.append({ columns.value().value(1).toString(),
                columns.value().value(2).toString(), columns.value().value(3).toString() == u"YES" });
    }
    auto keys = run(db,
        QStringLiteral("SELECT c.relname, a.attname FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indrelid "
                       "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                       "WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace "
                       "ORDER BY c.relname, array_position(i.indkey, a.attnum)"));
    if (!keys.ok())
        return keys.error();
    while (keys.value().next()) {
        auto it = tables.find(keys.value().value(0).toString());
        if (it != tables.end())
            it->second.primaryKey << keys.value().value(1).toString();
    }
    std::map<QString, QSet<QString>> parents;
    auto references = run(db,
        QStringLiteral("SELECT conrelid::regclass::text, confrelid::regclass::text "
                       "FROM pg_constraint WHERE contype = 'f' "
                       "AND connamespace = current_schema()::regnamespace"));
    if (!references.ok())
        return references.error();
    while (references.value().next()) {
        const QString child = references.value().value(0).toString(),
                      parent = references.value().value(1).toString();
        if (child != parent) // a job's retry_of: earlier ids, copied first in id order
            parents[child].insert(parent);
    }
    QList<Table> ordered;
    QSet<QString> placed;
    while (placed.size() < qsizetype(tables.size())) {
        bool progress = false;
        for (const auto &[name, table] : tables) {
            if (placed.contains(name))
                continue;
            bool ready = true;
            for (const QString &parent : parents[name])
                ready = ready && (placed.contains(parent) || !tables.count(parent));
            if (ready) {
                ordered << table;
                placed.insert(name);
                progress = true;
            }
        }
        if (!progress)
            return Error::storage(QStringLiteral("the target's tables reference each other in a cycle"));
    }
    return ordered;
}

// One row as text, the same on both backends for the same values (the target's column types
// decide how each value reads).
QString normalized(const QVariant &value, const Column &column)
{
    if (value.isNull())
        return QStringLiteral("\\N");
    if (column.type == u"bigint" || column.type == u"integer" || column.type == u"smallint")
        return QString::number(value.toLongLong());
    if (column.type == u"boolean")
        return value.toBool() ? QStringLiteral("t") : QStringLiteral("f");
    if (column.type == u"bytea")
        return QString::fromLatin1(value.toByteArray().toHex());
    return value.toString();
}

QVariant forTarget(const QVariant &value, const Column &column)
{
    const bool integer = column.type == u"bigint" || column.type == u"integer" || column.type == u"smallint";
    if (value.isNull()) {
        if (integer)
            return QVariant(QMetaType::fromType<qlonglong>());
        if (column.type == u"boolean")
            return QVariant(QMetaType::fromType<bool>());
        if (column.type == u"bytea")
            return QVariant(QMetaType::fromType<QByteArray>());
        return QVariant(QMetaType::fromType<QString>());
    }
    if (integer)
        return value.toLongLong();
    if (column.type == u"boolean")
        return value.toBool();
    if (column.type == u"bytea")
        return value.toByteArray();
    if (column.type == u"double precision" || column.type == u"real")
        return value.toDouble();
    return value.toString();
}

// Row count and an order-free digest of a table's rows (sorted per-row hashes, so SQLite's and
// PostgreSQL's text ordering cannot differ).
struct Digest
{
    qint64 rows = 0;
    QByteArray hash;
};

QString selectAll(const Table &table)
{
    QStringList names;
    for (const Column &c : table.columns)
        names << c.name;
    QString sql = QStringLiteral("SELECT %1 FROM %2").arg(names.join(QStringLiteral(", ")), table.name);
    if (!table.primaryKey.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + table.primaryKey.join(QStringLiteral(", "));
    return sql;
}

QByteArray rowHash(const QSqlQuery &q, const Table &table)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (int i = 0; i < table.columns.size(); ++i) {
        const QByteArray text = normalized(q.value(i), table.columns.at(i)).toUtf8();
        hash.addData(QByteArray::number(text.size()) + ':' + text + ';');
    }
    return hash.result();
}

Result<Digest> digestOf(QSqlDatabase db, const Table &table)
{
    auto q = run(db, selectAll(table));
    if (!q.ok())
        return q.error();
    QList<QByteArray> hashes;
    while (q.value().next())
        hashes << rowHash(q.value(), table);
    std::sort(hashes.begin(), hashes.end());
    QCryptographicHash all(QCryptographicHash::Sha1);
    for (const QByteArray &h : hashes)
        all.addData(h);
    return Digest { hashes.size(), all.result() };
}

Result<void> insertRows(QSqlDatabase target, const Table &table, const QList<QVariantList> &rows)
{
    if (rows.isEmpty())
        return {};
    QStringList names;
    for (const Column &c : table.columns)
        names << c.name;
    const QString one = u'(' + QStringList(table.columns.size(), QStringLiteral("?")).join(u',') + u')';
    const QString sql
        = QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
              .arg(table.name, names.join(QStringLiteral(", ")), QStringList(rows.size(), one).join(u','));
    QVariantList args;
    args.reserve(rows.size() * table.columns.size());
    for (const QVariantList &row : rows)
        args += row;
    auto done = run(target, sql, args);
    if (!done.ok())
        return Error::storage(QStringLiteral("copying %1 failed: %2").arg(table.name, done.error().message));
    return {};
}

// The rows of every table but schema_migrations in the target: it must hold none (a fresh
// `griddeckctl init` leaves only the installation id).
Result<void> checkTargetEmpty(QSqlDatabase db, const QList<Table> &tables, const QString &where)
{
    QStringList filled;
    for (const Table &table : tables) {
        if (table.name == u"schema_migrations")
            continue;
        QString sql = QStringLiteral("SELECT COUNT(*) FROM %1").arg(table.name);
        if (table.name == u"app_state")
            sql += QStringLiteral(" WHERE key <> 'installation_id'");
        auto q = run(db, sql);
        if (!q.ok())
            return q.error();
        const qint64 n = q.value().next() ? q.value().value(0).toLongLong() : 0;
        if (n > 0)
            filled << QStringLiteral("%1 (%2 rows)").arg(table.name).arg(n);
    }
    if (!filled.isEmpty())
        return Error::conflict(QStringLiteral("%1 is not empty: %2. store copy only fills an empty database; "
                                              "nothing was changed")
                                   .arg(where, filled.join(QStringLiteral(", "))));
    return {};
}

} // namespace

Result<StoreCopyReport> copyStore(const Store &source, const StoreLocation &target)
{
    if (target.backend != Backend::Postgresql)
        return Error::invalid(QStringLiteral("store copy: the target must be a PostgreSQL connection string "
                                             "(postgresql://user@host:5432/database), not \"%1\"")
                                  .arg(target.display()));
    StoreCopyReport report;
    report.source = source.path();
    report.target = target.display();
    if (report.source == report.target)
        return Error::invalid(QStringLiteral("store copy: the source and the target are the same store (%1)")
                                  .arg(report.target));
    QSqlDatabase from = source.db();

    // The source: exactly this build's migrations (Store::open applied any missing one).
    QList<int> known;
    for (const Migration &m : migrations())
        known << m.version;
    auto sourceVersions = appliedVersions(from);
    if (!sourceVersions.ok())
        return sourceVersions.error();
    if (versionList(sourceVersions.value()) != versionList(known))
        return Error::conflict(
            QStringLiteral("schema version mismatch: %1 has migrations %2, this griddeckctl "
                           "has %3; open both with the same GridDeck version")
                .arg(report.source, versionList(sourceVersions.value()), versionList(known)));
    report.schemaVersion = Store::latestSchemaVersion();

    TargetConnection connection(target);
    QSqlDatabase to = connection.db();
    if (!to.isOpen())
        return Error::storage(
            QStringLiteral("cannot connect to %1: %2").arg(report.target, sqlError(to.lastError())));
    if (auto quiet = run(to, QStringLiteral("SET client_min_messages = warning")); !quiet.ok())
        return quiet.error();
    if (auto begun = run(to, QStringLiteral("BEGIN")); !begun.ok())
        return begun.error();
    connection.inTransaction = true;

    auto existing = sourceTables(to);
    if (!existing.ok())
        return existing.error();
    if (existing->contains(QStringLiteral("schema_migrations"))) {
        auto versions = appliedVersions(to);
        if (!versions.ok())
            return versions.error();
        if (versionList(versions.value()) != versionList(known))
            return Error::conflict(
                QStringLiteral("schema version mismatch: %1 has migrations %2, the source "
                               "%3 has %4; nothing was changed")
                    .arg(report.target, versionList(versions.value()), report.source, versionList(known)));
    } else if (!existing->isEmpty()) {
        return Error::conflict(QStringLiteral("%1 is not empty: it holds tables (%2) but no GridDeck store; "
                                              "store copy only fills an empty database; nothing was changed")
                                   .arg(report.target, existing->join(QStringLiteral(", "))));
    } else {
        // The schema, in this transaction: a failure later leaves no table behind.
        report.createdSchema = true;
        const QString ledgerTable
            = QStringLiteral("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                             "description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        QStringList statements = dialect::migrationStatements(Backend::Postgresql, ledgerTable);
        for (const Migration &m : migrations())
            for (const QString &written : m.statements)
                statements += dialect::migrationStatements(Backend::Postgresql, written);
        for (const QString &statement : statements)
            if (auto done = run(to, statement); !done.ok())
                return Error::storage(QStringLiteral("creating the schema in %1 failed: %2")
                                          .arg(report.target, done.error().message));
    }

    auto tables = targetTables(to);
    if (!tables.ok())
        return tables.error();
    if (!report.createdSchema)
        if (auto empty = checkTargetEmpty(to, tables.value(), report.target); !empty.ok())
            return empty.error();
    auto fromTables = sourceTables(from);
    if (!fromTables.ok())
        return fromTables.error();
    QSet<QString> targetNames;
    for (const Table &t : tables.value())
        targetNames.insert(t.name);
    for (const QString &name : fromTables.value())
        if (!targetNames.contains(name))
            return Error::conflict(QStringLiteral("the source has a table %1 that the target's schema lacks; "
                                                  "nothing was changed")
                                       .arg(name));

    // Triggers (the append-only ledger's, any change notification) stay off for the copy only:
    // re-enabled below, before the commit, in the same transaction.
    for (const Table &table : tables.value())
        if (auto off = run(to, QStringLiteral("ALTER TABLE %1 DISABLE TRIGGER USER").arg(table.name));
            !off.ok())
            return off.error();
    // What the migrations wrote (the target's own installation id, the version rows) gives way
    // to the source's: the installation id goes into idempotency keys already sent to the grid.
    for (const QString &seeded : { QStringLiteral("app_state"), QStringLiteral("schema_migrations") })
        if (auto cleared = run(to, QStringLiteral("DELETE FROM %1").arg(seeded)); !cleared.ok())
            return cleared.error();

    for (const Table &table : tables.value()) {
        TableCopyReport row { table.name };
        auto q = run(from, selectAll(table));
        if (!q.ok())
            return Error::storage(QStringLiteral("reading %1 from %2 failed: %3")
                                      .arg(table.name, report.source, q.error().message));
        QList<QVariantList> batch;
        QList<QByteArray> hashes;
        while (q.value().next()) {
            QVariantList values;
            for (int i = 0; i < table.columns.size(); ++i)
                values << forTarget(q.value().value(i), table.columns.at(i));
            hashes << rowHash(q.value(), table);
            batch << values;
            if (batch.size() == kRowsPerInsert) {
                if (auto inserted = insertRows(to, table, batch); !inserted.ok())
                    return inserted.error();
                batch.clear();
            }
        }
        if (auto inserted = insertRows(to, table, batch); !inserted.ok())
            return inserted.error();
        std::sort(hashes.begin(), hashes.end());
        QCryptographicHash all(QCryptographicHash::Sha1);
        for (const QByteArray &h : hashes)
            all.addData(h);
        row.sourceRows = hashes.size();
        auto copied = digestOf(to, table);
        if (!copied.ok())
            return copied.error();
        row.targetRows = copied->rows;
        row.contentsMatch = copied->rows == row.sourceRows && copied->hash == all.result();
        report.tables << row;
        for (const Column &column : table.columns) {
            if (!column.identity)
                continue;
            // The next id is past every copied one, so a new job never collides.
            auto moved = run(to,
                QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', '%2'), COALESCE(MAX(%2), 1), "
                               "MAX(%2) IS NOT NULL) FROM %1")
                    .arg(table.name, column.name));
            if (!moved.ok())
                return moved.error();
            ++report.sequencesAdvanced;
        }
    }

    QStringList differing;
    for (const TableCopyReport &t : report.tables)
        if (!t.contentsMatch)
            differing << QStringLiteral("%1 (%2 rows read, %3 in the target)")
                             .arg(t.table)
                             .arg(t.sourceRows)
                             .arg(t.targetRows);
    if (!differing.isEmpty())
        return Error::storage(
            QStringLiteral("the copy differs from the source in %1; rolled back, nothing was changed")
                .arg(differing.join(QStringLiteral(", "))));
    for (const Table &table : tables.value())
        if (auto on = run(to, QStringLiteral("ALTER TABLE %1 ENABLE TRIGGER USER").arg(table.name)); !on.ok())
            return on.error();
    if (auto committed = run(to, QStringLiteral("COMMIT")); !committed.ok())
        return Error::storage(
            QStringLiteral("commit to %1 failed: %2").arg(report.target, committed.error().message));
    connection.inTransaction = false;
    return report;
}

} // namespace griddeck
