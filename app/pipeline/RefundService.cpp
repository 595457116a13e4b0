#include "pipeline/RefundService.h"

#include "pipeline/Outbox.h"
#include "queue/JobQueue.h"
#include "store/Access.h"

#include <QCryptographicHash>

namespace griddeck {

namespace {

QString digestOf(Tfc amount, const QString &reason, const QString &actor)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    // Lengths first: "a|b" and "a" + "|b" cannot hash alike.
    const QByteArray r = reason.trimmed().toUtf8();
    const QByteArray a = actor.trimmed().toUtf8();
    h.addData(QByteArray::number(amount.units()) + '\n' + QByteArray::number(r.size()) + ':' + r + '\n'
        + QByteArray::number(a.size()) + ':' + a);
    return QString::fromLatin1(h.result().toHex().left(16));
}

struct Recorded
{
    QString kind;
    std::optional<qint64> jobId;
    std::optional<qint64> userId;
    qint64 amount = 0;
};

Result<std::optional<Recorded>> recorded(QSqlDatabase db, const QString &key)
{
    auto q = exec(db,
        QStringLiteral(
            "SELECT kind, job_id, user_id, amount FROM ledger_transactions WHERE idempotency_key = ?"),
        { key });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<Recorded>();
    Recorded r;
    r.kind = q.value().value(0).toString();
    if (!q.value().value(1).isNull())
        r.jobId = q.value().value(1).toLongLong();
    if (!q.value().value(2).isNull())
        r.userId = q.value().value(2).toLongLong();
    r.amount = q.value().value(3).toLongLong();
    return std::optional<Recorded>(r);
}

// Whether `key` already stands for this very movement (then a repeat is a no-op); a key recorded
// for another movement is a Conflict.
Result<bool> sameMovementRecorded(QSqlDatabase db, const QString &key, QLatin1String kind,
    std::optional<qint64> jobId, std::optional<qint64> userId, Tfc amount)
{
    auto seen = recorded(db, key);
    if (!seen.ok())
        return seen.error();
    if (!seen.value())
        return false;
    const Recorded &r = *seen.value();
    const bool same = r.kind == kind && (!jobId || r.jobId == jobId) && (!userId || r.userId == userId)
        && r.amount == amount.units();
    if (!same)
        return Error::conflict(
            QStringLiteral("the key \"%1\" was already used for another movement (%2 of %3 TFC)")
                .arg(key, r.kind, Tfc::fromUnits(r.amount).toDisplayString(2)));
    return true;
}

} // namespace

RefundService::RefundService(std::shared_ptr<Store> store, NotifySettings notify, const Clock &clock)
    : m_store(std::move(store))
    , m_notify(std::move(notify))
    , m_clock(clock)
    , m_ledger(m_store, clock)
{
}

QString RefundService::refundKey(qint64 jobId, Tfc amount, const QString &reason, const QString &actor)
{
    return QStringLiteral("refund:job-%1:%2").arg(jobId).arg(digestOf(amount, reason, actor));
}

QString RefundService::topUpKey(qint64 userId, Tfc amount, const QString &reason, const QString &actor)
{
    return QStringLiteral("topup:user-%1:%2").arg(userId).arg(digestOf(amount, reason, actor));
}

Result<MoneyOutcome> RefundService::refund(
    qint64 jobId, Tfc amount, const QString &reason, const QString &actor, const QString &key)
{
    if (auto allowed
        = access::require(*m_store, access::Action::Refund, QStringLiteral("refund job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    MoneyOutcome out;
    out.key = key.trimmed().isEmpty() ? refundKey(jobId, amount, reason, actor) : key.trimmed();
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    auto seen = sameMovementRecorded(db, out.key, QLatin1String("refund"), jobId, std::nullopt, amount);
    if (!seen.ok())
        return seen.error();
    if (seen.value()) {
        out.alreadyDone = true;
        return out;
    }
    if (auto done = m_ledger.refundIn(db, jobId, amount, reason, actor, out.key); !done.ok())
        return done.error();
    const qint64 now = m_clock.nowMs();
    if (auto n = Outbox::addRefundIssuedIn(db, m_notify, jobId, amount, reason, out.key, now); !n.ok())
        return n.error();
    auto job = exec(db, QStringLiteral("SELECT stage, attempt FROM jobs WHERE id = ?"), { jobId });
    if (!job.ok())
        return job.error();
    if (!job.value().next())
        return Error::notFound(QStringLiteral("job %1 does not exist").arg(jobId));
    const Stage stage = stageFromName(job.value().value(0).toString()).value_or(Stage::Active);
    const int attempt = job.value().value(1).toInt();
    const QString message = QStringLiteral("refunded %1 TFC by %2: %3 (key %4)")
                                .arg(amount.toDisplayString(2), actor, reason.trimmed(), out.key);
    if (auto e
        = JobQueue::addEventIn(db, jobId, now, stage, attempt, QStringLiteral("refund"), message, actor);
        !e.ok())
        return e.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return out;
}

Result<MoneyOutcome> RefundService::topUp(
    qint64 userId, Tfc amount, const QString &reason, const QString &actor, const QString &key)
{
    if (auto allowed
        = access::require(*m_store, access::Action::TopUp, QStringLiteral("top up user %1").arg(userId));
        !allowed.ok())
        return allowed.error();
    MoneyOutcome out;
    out.key = key.trimmed().isEmpty() ? topUpKey(userId, amount, reason, actor) : key.trimmed();
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    auto seen = sameMovementRecorded(db, out.key, QLatin1String("top_up"), std::nullopt, userId, amount);
    if (!seen.ok())
        return seen.error();
    if (seen.value()) {
        out.alreadyDone = true;
        return out;
    }
    if (auto done = m_ledger.topUpIn(db, userId, amount, out.key, actor, reason); !done.ok())
        return done.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return out;
}

} // namespace griddeck
