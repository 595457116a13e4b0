#include "api/ApiPurchases.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

namespace griddeck {

namespace {

Result<QString> stringField(const QJsonObject &body, const QString &name, bool required)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return Error::invalid(QStringLiteral("\"%1\" is missing").arg(name));
        return QString();
    }
    if (!v.isString())
        return Error::invalid(QStringLiteral("\"%1\" must be a string").arg(name));
    return v.toString();
}

struct Claim
{
    QString hash;
    std::optional<qint64> jobId;
    qint64 createdAt = 0;
};

Result<std::optional<Claim>> claimOf(QSqlDatabase db, const QString &paymentId)
{
    auto q = exec(db,
        QStringLiteral("SELECT request_hash, job_id, created_at FROM api_purchases WHERE payment_id = ?"),
        { paymentId });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<Claim>();
    Claim c;
    c.hash = q.value().value(0).toString();
    if (!q.value().value(1).isNull())
        c.jobId = q.value().value(1).toLongLong();
    c.createdAt = q.value().value(2).toLongLong();
    return std::optional<Claim>(c);
}

// The job an interrupted purchase queued before its link was written: same user, amount and
// spec, queued by the same token after the claim, and linked to no payment.
Result<std::optional<qint64>> unlinkedJob(QSqlDatabase db, qint64 userId, Tfc amount, const ServiceSpec &spec,
    const QString &actor, qint64 claimedAt)
{
    const QString specJson = QString::fromUtf8(QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact));
    auto q = exec(db,
        QStringLiteral("SELECT j.id FROM jobs j JOIN events e ON e.job_id = j.id AND e.kind = 'enqueued' "
                       "WHERE j.user_id = ? AND j.tfc_amount = ? AND j.spec_json = ? AND j.created_at >= ? "
                       "AND e.actor = ? AND NOT EXISTS (SELECT 1 FROM api_purchases p WHERE p.job_id = j.id) "
                       "ORDER BY j.id LIMIT 1"),
        { userId, qint64(amount.units()), specJson, claimedAt, actor });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value().value(0).toLongLong());
}

} // namespace

ApiPurchases::ApiPurchases(std::shared_ptr<Store> store, JobQueue &queue, Ledger &ledger, const Clock &clock)
    : m_store(std::move(store))
    , m_queue(queue)
    , m_ledger(ledger)
    , m_clock(clock)
{
}

Result<PurchaseOutcome> ApiPurchases::purchase(const QJsonObject &body, qint64 tokenId, const QString &actor)
{
    static const QStringList known = { QStringLiteral("payment_id"), QStringLiteral("user"),
        QStringLiteral("amount"), QStringLiteral("spec"), QStringLiteral("priority") };
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.contains(it.key()))
            return Error::invalid(QStringLiteral("unknown field \"%1\" (known: %2)")
                                      .arg(it.key(), known.join(QStringLiteral(", "))));

    auto paymentId = stringField(body, QStringLiteral("payment_id"), true);
    if (!paymentId.ok())
        return paymentId.error();
    static const QRegularExpression idPattern(
        QStringLiteral("^[A-Za-z0-9._:-]{1,%1}$").arg(kMaxPaymentIdLength));
    if (!idPattern.match(paymentId.value()).hasMatch())
        return Error::invalid(
            QStringLiteral("\"payment_id\" must be 1 to %1 characters of A-Z a-z 0-9 . _ : -")
                .arg(kMaxPaymentIdLength));
    auto userName = stringField(body, QStringLiteral("user"), true);
    if (!userName.ok())
        return userName.error();
    auto user = m_ledger.user(userName.value());
    if (!user.ok()) {
        if (user.error().kind == ErrorKind::NotFound)
            return Error::invalid(QStringLiteral("\"user\": no user \"%1\"").arg(userName.value()));
        return user.error();
    }
    if (body.value(QStringLiteral("amount")).isDouble())
        return Error::invalid(
            QStringLiteral("\"amount\" must be a decimal string such as \"25.00\", not a JSON number "
                           "(a number may lose digits)"));
    auto amountText = stringField(body, QStringLiteral("amount"), true);
    if (!amountText.ok())
        return amountText.error();
    QString why;
    const auto amount = Tfc::parse(amountText.value(), &why);
    if (!amount)
        return Error::invalid(QStringLiteral("\"amount\": %1").arg(why));
    if (!amount->isPositive())
        return Error::invalid(
            QStringLiteral("\"amount\" must be greater than zero (got \"%1\")").arg(amountText.value()));
    if (!body.value(QStringLiteral("spec")).isObject())
        return Error::invalid(QStringLiteral("\"spec\" must be an object (the service to deploy)"));
    auto spec = ServiceSpec::fromJson(body.value(QStringLiteral("spec")).toObject());
    if (!spec.ok())
        return Error::invalid(QStringLiteral("\"spec\": %1").arg(spec.error().message));
    auto priorityText = stringField(body, QStringLiteral("priority"), false);
    if (!priorityText.ok())
        return priorityText.error();
    Priority priority = Priority::Normal;
    if (!priorityText->isEmpty()) {
        const auto p = priorityFromName(priorityText.value());
        if (!p)
            return Error::invalid(
                QStringLiteral("\"priority\" must be low, normal, high or critical (got \"%1\")")
                    .arg(priorityText.value()));
        priority = *p;
    }

    // The same purchase sent twice hashes the same (QJsonObject keeps keys sorted).
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(
        QJsonDocument(body).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
                                                 .toHex());
    const QString payment = paymentId.value();
    auto seen = claimOf(m_store->db(), payment);
    if (!seen.ok())
        return seen.error();
    if (seen.value()) {
        const Claim &c = *seen.value();
        if (c.hash != hash)
            return Error::conflict(
                QStringLiteral("payment %1 was already used for a different purchase").arg(payment));
        if (c.jobId)
            return PurchaseOutcome { *c.jobId, true };
        // A claim without a job: an earlier version wrote the claim, then the job, then the
        // link, each on its own; a crash between them left this. If the job was queued
        // (held) before the crash, it is linked now, not queued twice; else it is queued now.
        auto orphan = unlinkedJob(m_store->db(), user->userId, *amount, spec.value(), actor, c.createdAt);
        if (!orphan.ok())
            return orphan.error();
        if (orphan.value()) {
            auto linked = exec(m_store->db(),
                QStringLiteral("UPDATE api_purchases SET job_id = ? WHERE payment_id = ? AND job_id IS NULL"),
                { *orphan.value(), payment });
            if (!linked.ok())
                return linked.error();
            (void)m_queue.addEvent(*orphan.value(), QStringLiteral("note"),
                QStringLiteral("purchase by the shop, payment %1 (linked after an interrupted purchase)")
                    .arg(payment),
                actor);
            return PurchaseOutcome { *orphan.value(), true };
        }
    }

    // The payment id and the job (with its hold) are written in ONE transaction: no crash can
    // leave one without the other, and BEGIN IMMEDIATE serializes two requests for one payment.
    EnqueueRequest request;
    request.userId = user->userId;
    request.spec = spec.value();
    request.amount = *amount;
    request.priority = priority;
    request.actor = actor;
    const qint64 now = m_clock.nowMs();
    bool raced = false;
    request.inTransaction = [&](QSqlDatabase db, qint64 jobId) -> Result<void> {
        auto inside = claimOf(db, payment);
        if (!inside.ok())
            return inside.error();
        if (inside.value() && (inside.value()->jobId || inside.value()->hash != hash)) {
            raced = true; // another request for this payment committed first
            return Error::conflict(QStringLiteral("payment %1 was queued meanwhile").arg(payment));
        }
        auto written = inside.value()
            ? exec(db,
                QStringLiteral("UPDATE api_purchases SET job_id = ?, token_id = ? WHERE payment_id = ? AND "
                               "job_id IS NULL"),
                { jobId, tokenId > 0 ? QVariant(tokenId) : QVariant(), payment })
            : exec(db,
                QStringLiteral(
                    "INSERT INTO api_purchases(payment_id, request_hash, job_id, token_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?)"),
                { payment, hash, jobId, tokenId > 0 ? QVariant(tokenId) : QVariant(), now });
        if (!written.ok())
            return written.error();
        return JobQueue::addEventIn(db, jobId, now, Stage::Queued, 0, QStringLiteral("note"),
            QStringLiteral("purchase by the shop, payment %1").arg(payment), actor);
    };
    auto jobId = m_queue.enqueue(request);
    if (!jobId.ok()) {
        if (!raced)
            return jobId.error(); // nothing was written: the shop may send it again once fixed
        auto first = claimOf(m_store->db(), payment);
        if (first.ok() && first.value() && first.value()->hash == hash && first.value()->jobId)
            return PurchaseOutcome { *first.value()->jobId, true };
        return Error::conflict(
            QStringLiteral("payment %1 was already used for a different purchase").arg(payment));
    }
    return PurchaseOutcome { jobId.value(), false };
}

} // namespace griddeck
