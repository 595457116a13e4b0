#include "models/StoreReader.h"

#include <QSqlError>
#include <QStringList>

namespace griddeck::store_reader {

namespace {

// The full row: jobColumns() (the order readJob() decodes), the user's name, then the
// current deployment. Built once from the queue's own column list so the two never drift.
struct Layout
{
    QStringList full;         // column expressions of the full query
    QList<int> fullPrint;     // indexes into full of the fingerprinted columns
    int id = 0, userId = 0, stage = 0, updatedAt = 0, userName = 0, deployment = 0;
    QString fullSql;
    QString stampSql;         // j.id, j.user_id, j.stage, j.updated_at, then the fingerprinted columns
};

const QStringList kDeploymentColumns = {
    QStringLiteral("d.id"),          QStringLiteral("d.attempt"),     QStringLiteral("d.node_id"),
    QStringLiteral("d.farm_id"),     QStringLiteral("d.country"),     QStringLiteral("d.ip"),
    QStringLiteral("d.ipv6"),        QStringLiteral("d.mycelium_ip"), QStringLiteral("d.web_url"),
    QStringLiteral("d.ssh_command"), QStringLiteral("d.contract_id"), QStringLiteral("d.deployment_id"),
    QStringLiteral("d.state"),       QStringLiteral("d.message"),     QStringLiteral("d.created_at"),
    QStringLiteral("d.ready_at"),    QStringLiteral("d.ended_at"),    QStringLiteral("d.actions"),
};
constexpr int kStampFixed = 4; // id, user_id, stage, updated_at lead the stamp query

const QString kFrom = QStringLiteral(
    " FROM jobs j JOIN users u ON u.id = j.user_id "
    "LEFT JOIN job_deployments d ON d.id = (SELECT MAX(x.id) FROM job_deployments x WHERE x.job_id = j.id) ");

const Layout &layout()
{
    static const Layout l = [] {
        Layout out;
        for (const QString &name : jobColumns().split(u',')) {
            out.full << QStringLiteral("j.") + name.trimmed();
        }
        const auto at = [&out](const char *name) {
            return int(out.full.indexOf(QStringLiteral("j.") + QLatin1String(name)));
        };
        out.id = at("id");
        out.userId = at("user_id");
        out.stage = at("stage");
        out.updatedAt = at("updated_at");
        for (const char *mutableColumn : {"priority", "stage", "attempt", "run_at", "lease_owner", "lease_expires_at",
                                          "last_error", "updated_at", "finished_at"}) {
            out.fullPrint << at(mutableColumn);
        }
        out.userName = int(out.full.size());
        out.full << QStringLiteral("u.name");
        out.deployment = int(out.full.size());
        for (const QString &column : kDeploymentColumns) {
            out.fullPrint << int(out.full.size());
            out.full << column;
        }
        out.fullSql = QStringLiteral("SELECT ") + out.full.join(QStringLiteral(", ")) + kFrom;
        QStringList stamp{out.full[out.id], out.full[out.userId], out.full[out.stage], out.full[out.updatedAt]};
        for (int index : out.fullPrint)
            stamp << out.full[index];
        out.stampSql = QStringLiteral("SELECT ") + stamp.join(QStringLiteral(", ")) + kFrom;
        return out;
    }();
    return l;
}

// FNV-1a-style mixing of 64-bit words: cheap and good enough to tell "changed" from "same".
inline void mix(quint64 &h, quint64 value)
{
    h ^= value + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0x100000001B3ULL;
}

quint64 hashValue(const QVariant &v)
{
    if (v.isNull())
        return 0x6E756C6CULL; // "null"
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
    case QMetaType::UInt:
        return quint64(v.toLongLong());
    default:
        return quint64(qHash(v.toString(), 0x5EED));
    }
}

std::optional<qint64> optionalInt(const QVariant &v)
{
    if (v.isNull() || !v.isValid())
        return std::nullopt;
    return v.toLongLong();
}

QString text(const QVariant &v)
{
    return v.isNull() ? QString() : v.toString();
}

bool isLiveStageName(const QString &name)
{
    const auto stage = stageFromName(name);
    return stage && !isTerminal(*stage);
}

QString sqlError(const QSqlQuery &q)
{
    const QString t = q.lastError().databaseText();
    return t.isEmpty() ? q.lastError().text() : t;
}

} // namespace

QString fullJobSelect()
{
    return layout().fullSql;
}

QString stampJobSelect()
{
    return layout().stampSql;
}

Result<void> forEachRow(QSqlDatabase db, const QString &sql, const QVariantList &args,
                        const std::function<bool(const QSqlQuery &)> &onRow)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return Error::storage(QStringLiteral("cannot prepare \"%1\": %2").arg(sql.left(120), sqlError(q)));
    for (int i = 0; i < args.size(); ++i)
        q.bindValue(i, args[i]);
    if (!q.exec())
        return Error::storage(QStringLiteral("\"%1\" failed: %2").arg(sql.left(120), sqlError(q)));
    while (q.next()) {
        if (!onRow(q))
            break;
    }
    return {};
}

JobStamp readStamp(const QSqlQuery &q)
{
    const Layout &l = layout();
    JobStamp s;
    s.id = q.value(0).toLongLong();
    s.userId = q.value(1).toLongLong();
    s.live = isLiveStageName(q.value(2).toString());
    s.updatedAt = q.value(3).toLongLong();
    quint64 h = 0xCBF29CE484222325ULL;
    for (int i = 0; i < l.fullPrint.size(); ++i)
        mix(h, hashValue(q.value(kStampFixed + i)));
    s.fingerprint = h;
    return s;
}

Result<JobRow> readJobRow(const QSqlQuery &q)
{
    const Layout &l = layout();
    auto job = readJob(q);
    if (!job.ok())
        return job.error();
    JobRow row;
    row.job = std::move(job).value();
    row.userName = q.value(l.userName).toString();
    const int d = l.deployment;
    if (!q.value(d).isNull()) {
        DeploymentSummary &s = row.deployment;
        s.id = q.value(d).toLongLong();
        s.attempt = q.value(d + 1).toInt();
        s.nodeId = q.value(d + 2).toLongLong();
        s.farmId = optionalInt(q.value(d + 3));
        s.country = text(q.value(d + 4));
        s.ip = text(q.value(d + 5));
        s.ipv6 = text(q.value(d + 6));
        s.myceliumIp = text(q.value(d + 7));
        s.webUrl = text(q.value(d + 8));
        s.sshCommand = text(q.value(d + 9));
        s.contractId = optionalInt(q.value(d + 10));
        s.deploymentId = text(q.value(d + 11));
        s.state = text(q.value(d + 12));
        s.message = text(q.value(d + 13));
        s.createdAt = q.value(d + 14).toLongLong();
        s.readyAt = optionalInt(q.value(d + 15));
        s.endedAt = optionalInt(q.value(d + 16));
        if (!q.value(d + 17).isNull())
            s.actions = q.value(d + 17).toString().split(u',', Qt::SkipEmptyParts);
    }
    quint64 h = 0xCBF29CE484222325ULL;
    for (int index : l.fullPrint)
        mix(h, hashValue(q.value(index)));
    row.fingerprint = h;
    row.finish();
    return row;
}

QString userSelect()
{
    return QStringLiteral(
        "SELECT u.id, u.name, u.created_at, COALESCE(av.balance, 0), COALESCE(hd.balance, 0) FROM users u "
        "LEFT JOIN accounts av ON av.user_id = u.id AND av.kind = 'user_available' "
        "LEFT JOIN accounts hd ON hd.user_id = u.id AND hd.kind = 'user_held' ");
}

UserRow readUser(const QSqlQuery &q)
{
    UserRow u;
    u.userId = q.value(0).toLongLong();
    u.name = q.value(1).toString();
    u.createdAt = q.value(2).toLongLong();
    u.available = Tfc::fromUnits(q.value(3).toLongLong());
    u.held = Tfc::fromUnits(q.value(4).toLongLong());
    return u;
}

QString ledgerSelect()
{
    // The deltas are the transaction's postings on the user's own accounts (the ledger's
    // definition of availableDelta, and the same for held).
    return QStringLiteral(
        "SELECT t.id, t.kind, t.user_id, t.job_id, t.amount, t.actor, t.reason, t.idempotency_key, t.created_at, "
        "COALESCE((SELECT SUM(p.amount) FROM ledger_postings p JOIN accounts a ON a.id = p.account_id "
        "          WHERE p.transaction_id = t.id AND a.kind = 'user_available' AND a.user_id = t.user_id), 0), "
        "COALESCE((SELECT SUM(p.amount) FROM ledger_postings p JOIN accounts a ON a.id = p.account_id "
        "          WHERE p.transaction_id = t.id AND a.kind = 'user_held' AND a.user_id = t.user_id), 0), "
        "COALESCE(u.name, '') "
        "FROM ledger_transactions t LEFT JOIN users u ON u.id = t.user_id ");
}

LedgerRow readLedgerRow(const QSqlQuery &q)
{
    LedgerRow r;
    LedgerEntry &e = r.entry;
    e.transactionId = q.value(0).toLongLong();
    e.kind = q.value(1).toString();
    e.userId = q.value(2).toLongLong();
    e.jobId = optionalInt(q.value(3));
    e.amount = Tfc::fromUnits(q.value(4).toLongLong());
    e.actor = q.value(5).toString();
    e.reason = q.value(6).toString();
    e.idempotencyKey = q.value(7).toString();
    e.createdAt = q.value(8).toLongLong();
    e.availableDelta = Tfc::fromUnits(q.value(9).toLongLong());
    r.heldDelta = Tfc::fromUnits(q.value(10).toLongLong());
    r.userName = q.value(11).toString();
    return r;
}

QString eventSelect()
{
    return QStringLiteral("SELECT id, job_id, at, stage, attempt, kind, message, actor FROM events ");
}

Result<EventRow> readEvent(const QSqlQuery &q)
{
    auto event = readJobEvent(q);
    if (!event.ok())
        return event.error();
    return EventRow{event.value()};
}

Result<qint64> maxOf(QSqlDatabase db, const QString &column, const QString &table)
{
    qint64 value = 0;
    auto ran = forEachRow(db, QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(column, table), {},
                          [&value](const QSqlQuery &q) {
                              value = q.value(0).toLongLong();
                              return false;
                          });
    if (!ran.ok())
        return ran.error();
    return value;
}

Result<qint64> dataVersion(QSqlDatabase db)
{
    qint64 value = 0;
    auto ran = forEachRow(db, QStringLiteral("PRAGMA data_version"), {}, [&value](const QSqlQuery &q) {
        value = q.value(0).toLongLong();
        return false;
    });
    if (!ran.ok())
        return ran.error();
    return value;
}

} // namespace griddeck::store_reader
