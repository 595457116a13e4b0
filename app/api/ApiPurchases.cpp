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
    {
        WriteTransaction tx(*m_store);
        if (!tx.begun())
            return Error::storage(tx.error());
        auto seen = exec(tx.db(),
            QStringLiteral("SELECT request_hash, job_id FROM api_purchases WHERE payment_id = ?"),
            { paymentId.value() });
        if (!seen.ok())
            return seen.error();
        if (seen.value().next()) {
            if (seen.value().value(0).toString() != hash)
                return Error::conflict(QStringLiteral("payment %1 was already used for a different purchase")
                                           .arg(paymentId.value()));
            if (seen.value().value(1).isNull())
                return Error::conflict(
                    QStringLiteral("payment %1 is being queued, or its purchase stopped partway: "
                                   "an operator must look before it is sent again")
                        .arg(paymentId.value()));
            return PurchaseOutcome { seen.value().value(1).toLongLong(), true };
        }
        seen.value().finish();
        auto claimed = exec(tx.db(),
            QStringLiteral("INSERT INTO api_purchases(payment_id, request_hash, token_id, created_at) "
                           "VALUES (?, ?, ?, ?)"),
            { paymentId.value(), hash, tokenId > 0 ? QVariant(tokenId) : QVariant(), m_clock.nowMs() });
        if (!claimed.ok())
            return claimed.error();
        if (auto c = tx.commit(); !c.ok())
            return c.error();
    }

    EnqueueRequest request;
    request.userId = user->userId;
    request.spec = spec.value();
    request.amount = *amount;
    request.priority = priority;
    request.actor = actor;
    auto jobId = m_queue.enqueue(request);
    if (!jobId.ok()) {
        // Nothing was queued: free the payment id for a corrected retry.
        (void)exec(m_store->db(),
            QStringLiteral("DELETE FROM api_purchases WHERE payment_id = ? AND job_id IS NULL"),
            { paymentId.value() });
        return jobId.error();
    }
    auto linked
        = exec(m_store->db(), QStringLiteral("UPDATE api_purchases SET job_id = ? WHERE payment_id = ?"),
            { jobId.value(), paymentId.value() });
    if (!linked.ok())
        return linked.error();
    (void)m_queue.addEvent(jobId.value(), QStringLiteral("note"),
        QStringLiteral("purchase by the shop, payment %1").arg(paymentId.value()), actor);
    return PurchaseOutcome { jobId.value(), false };
}

} // namespace griddeck
