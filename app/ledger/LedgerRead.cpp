// Reading the ledger: users with their balances, holds and entry lists; plus the shared SQL
// helpers (savepoints, single-value queries) the movements and the check use.

#include "ledger/Ledger.h"
#include "ledger/LedgerSql.h"
#include "store/Dialect.h"

#include <QSqlError>
#include <QSqlQuery>

namespace griddeck {

using namespace ledger;

namespace ledger {

namespace {
constexpr auto kSavepoint = "griddeck_ledger";

QString lastError(const QSqlQuery &q)
{
    const QString text = q.lastError().databaseText();
    return text.isEmpty() ? q.lastError().text() : text;
}
} // namespace

Result<std::optional<qint64>> queryInt(QSqlDatabase db, const QString &sql, const QVariantList &args)
{
    auto found = queryRow(db, sql, args);
    if (!found.ok())
        return found.error();
    if (!found.value() || found.value()->value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(found.value()->value(0).toLongLong());
}

Savepoint::Savepoint(QSqlDatabase db)
    : m_db(std::move(db))
{
    QSqlQuery q(m_db);
    m_begun = q.exec(QStringLiteral("SAVEPOINT %1").arg(QLatin1String(kSavepoint)));
    if (!m_begun)
        m_error = QStringLiteral("cannot set a savepoint for the ledger: %1").arg(lastError(q));
}

Savepoint::~Savepoint()
{
    if (m_begun && !m_done)
        rollback();
}

Result<void> Savepoint::release()
{
    if (!m_begun)
        return Error::storage(m_error);
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("RELEASE SAVEPOINT %1").arg(QLatin1String(kSavepoint)))) {
        const QString message = QStringLiteral("cannot release the ledger savepoint: %1").arg(lastError(q));
        rollback();
        return Error::storage(message);
    }
    m_done = true;
    return {};
}

void Savepoint::rollback()
{
    if (!m_begun || m_done)
        return;
    QSqlQuery q(m_db);
    // ROLLBACK TO keeps the savepoint open; RELEASE then removes it.
    q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT %1").arg(QLatin1String(kSavepoint)));
    q.exec(QStringLiteral("RELEASE SAVEPOINT %1").arg(QLatin1String(kSavepoint)));
    m_done = true;
}

HoldInfo HoldRow::info() const
{
    HoldInfo h;
    h.jobId = jobId;
    h.userId = userId;
    h.amount = amount;
    h.state = holdStateFromName(state).value_or(HoldState::Pending);
    h.commission = commission;
    h.gridSpend = gridSpend;
    h.refunded = refunded;
    return h;
}

Result<std::optional<HoldRow>> loadHold(QSqlDatabase db, qint64 jobId, bool lock)
{
    auto found = exec(db,
        QStringLiteral("SELECT job_id, user_id, amount, state, commission, grid_spend, refunded, "
                       "created_at, resolved_at FROM holds WHERE job_id = ?%1")
            .arg(lock ? dialect::forUpdate(db) : QString()),
        { jobId });
    if (!found.ok())
        return found.error();
    QSqlQuery &q = found.value();
    if (!q.next())
        return std::optional<HoldRow>();
    HoldRow row;
    row.jobId = q.value(0).toLongLong();
    row.userId = q.value(1).toLongLong();
    row.amount = Tfc::fromUnits(q.value(2).toLongLong());
    row.state = q.value(3).toString();
    row.commission = Tfc::fromUnits(q.value(4).toLongLong());
    row.gridSpend = Tfc::fromUnits(q.value(5).toLongLong());
    row.refunded = Tfc::fromUnits(q.value(6).toLongLong());
    row.createdAt = q.value(7).toLongLong();
    row.resolvedAt = idOrNull(q.value(8));
    return std::optional<HoldRow>(row);
}

} // namespace ledger

namespace {

const QString kUserSelect = QStringLiteral(
    "SELECT u.id, u.name, u.created_at, COALESCE(av.balance, 0), COALESCE(hd.balance, 0) FROM users u "
    "LEFT JOIN accounts av ON av.user_id = u.id AND av.kind = 'user_available' "
    "LEFT JOIN accounts hd ON hd.user_id = u.id AND hd.kind = 'user_held' ");

UserBalance userFromRow(const QSqlQuery &q)
{
    UserBalance u;
    u.userId = q.value(0).toLongLong();
    u.name = q.value(1).toString();
    u.createdAt = q.value(2).toLongLong();
    u.available = Tfc::fromUnits(q.value(3).toLongLong());
    u.held = Tfc::fromUnits(q.value(4).toLongLong());
    return u;
}

// availableDelta: the sum of the transaction's postings on its user's available account.
const QString kEntrySelect = QStringLiteral(
    "SELECT t.id, t.kind, t.user_id, t.job_id, t.amount, t.actor, t.reason, t.idempotency_key, t.created_at, "
    "COALESCE((SELECT SUM(p.amount) FROM ledger_postings p JOIN accounts a ON a.id = p.account_id "
    "          WHERE p.transaction_id = t.id AND a.kind = 'user_available' AND a.user_id = t.user_id), 0) "
    "FROM ledger_transactions t ");

Result<QList<LedgerEntry>> readEntries(QSqlDatabase db, const QString &where, const QVariantList &args)
{
    auto found = exec(db, kEntrySelect + where, args);
    if (!found.ok())
        return found.error();
    QSqlQuery &q = found.value();
    QList<LedgerEntry> entries;
    while (q.next()) {
        LedgerEntry e;
        e.transactionId = q.value(0).toLongLong();
        e.kind = q.value(1).toString();
        e.userId = q.value(2).toLongLong();
        e.jobId = idOrNull(q.value(3));
        e.amount = Tfc::fromUnits(q.value(4).toLongLong());
        e.actor = q.value(5).toString();
        e.reason = q.value(6).toString();
        e.idempotencyKey = q.value(7).toString();
        e.createdAt = q.value(8).toLongLong();
        e.availableDelta = Tfc::fromUnits(q.value(9).toLongLong());
        entries.append(e);
    }
    return entries;
}

std::optional<Error> limitProblem(int limit)
{
    if (limit < 1)
        return Error::invalid(QStringLiteral("an entry list needs a limit of at least 1; %1 was given").arg(limit));
    return std::nullopt;
}

} // namespace

QString holdStateName(HoldState state)
{
    switch (state) {
    case HoldState::Pending:
        return QStringLiteral("pending");
    case HoldState::Captured:
        return QStringLiteral("captured");
    case HoldState::Released:
        return QStringLiteral("released");
    }
    return QStringLiteral("pending");
}

std::optional<HoldState> holdStateFromName(const QString &name)
{
    for (HoldState s : {HoldState::Pending, HoldState::Captured, HoldState::Released}) {
        if (holdStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

Result<UserBalance> Ledger::user(qint64 userId) const
{
    auto found = exec(m_store->db(), kUserSelect + QStringLiteral("WHERE u.id = ?"), {userId});
    if (!found.ok())
        return found.error();
    if (!found.value().next())
        return Error::notFound(QStringLiteral("there is no user with id %1").arg(userId));
    return userFromRow(found.value());
}

Result<UserBalance> Ledger::user(const QString &nameOrId) const
{
    // Names are never all digits (addUser refuses them), so digits mean an id.
    bool digits = !nameOrId.isEmpty();
    for (const QChar c : nameOrId)
        digits = digits && c >= u'0' && c <= u'9';
    if (digits) {
        bool ok = false;
        const qint64 id = nameOrId.toLongLong(&ok);
        if (!ok)
            return Error::notFound(QStringLiteral("there is no user with id %1").arg(nameOrId));
        return user(id);
    }
    auto found = exec(m_store->db(), kUserSelect + QStringLiteral("WHERE u.name = ?"), {nameOrId});
    if (!found.ok())
        return found.error();
    if (!found.value().next())
        return Error::notFound(QStringLiteral("there is no user named \"%1\"").arg(nameOrId));
    return userFromRow(found.value());
}

Result<QList<UserBalance>> Ledger::users() const
{
    auto found = exec(m_store->db(), kUserSelect + QStringLiteral("ORDER BY u.id"));
    if (!found.ok())
        return found.error();
    QList<UserBalance> list;
    while (found.value().next())
        list.append(userFromRow(found.value()));
    return list;
}

Result<HoldInfo> Ledger::hold(qint64 jobId) const
{
    auto row = loadHold(m_store->db(), jobId);
    if (!row.ok())
        return row.error();
    if (!row.value())
        return Error::notFound(QStringLiteral("job %1 has no hold of credits").arg(jobId));
    return row.value()->info();
}

Result<QList<LedgerEntry>> Ledger::entriesForUser(qint64 userId, int limit) const
{
    if (auto problem = limitProblem(limit))
        return *problem;
    QSqlDatabase db = m_store->db();
    auto exists = queryInt(db, QStringLiteral("SELECT id FROM users WHERE id = ?"), {userId});
    if (!exists.ok())
        return exists.error();
    if (!exists.value())
        return Error::notFound(QStringLiteral("there is no user with id %1").arg(userId));
    return readEntries(db, QStringLiteral("WHERE t.user_id = ? ORDER BY t.id DESC LIMIT ?"), {userId, limit});
}

Result<QList<LedgerEntry>> Ledger::entriesForJob(qint64 jobId) const
{
    QSqlDatabase db = m_store->db();
    auto exists = queryInt(db, QStringLiteral("SELECT id FROM jobs WHERE id = ?"), {jobId});
    if (!exists.ok())
        return exists.error();
    if (!exists.value())
        return Error::notFound(QStringLiteral("there is no job with id %1").arg(jobId));
    return readEntries(db, QStringLiteral("WHERE t.job_id = ? ORDER BY t.id DESC"), {jobId});
}

Result<QList<LedgerEntry>> Ledger::recentEntries(int limit) const
{
    if (auto problem = limitProblem(limit))
        return *problem;
    return readEntries(m_store->db(), QStringLiteral("ORDER BY t.id DESC LIMIT ?"), {limit});
}

} // namespace griddeck
