#include "notify/Notification.h"

#include <QJsonDocument>
#include <QStringList>

namespace griddeck {

QString notificationKindName(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::DeploymentActive:
        return QStringLiteral("deployment_active");
    case NotificationKind::DeploymentFailed:
        return QStringLiteral("deployment_failed");
    case NotificationKind::RefundIssued:
        return QStringLiteral("refund_issued");
    }
    return QString();
}

std::optional<NotificationKind> notificationKindFromName(const QString &name)
{
    for (auto kind : {NotificationKind::DeploymentActive, NotificationKind::DeploymentFailed,
                      NotificationKind::RefundIssued}) {
        if (notificationKindName(kind) == name || notificationEventName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString notificationEventName(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::DeploymentActive:
        return QStringLiteral("deployment.active");
    case NotificationKind::DeploymentFailed:
        return QStringLiteral("deployment.failed");
    case NotificationKind::RefundIssued:
        return QStringLiteral("refund.issued");
    }
    return QString();
}

namespace {

QDateTime toSecondUtc(const QDateTime &at)
{
    QDateTime utc = at.toUTC();
    return utc.addMSecs(-utc.time().msec());
}

// Details in the order people read them; anything else follows alphabetically.
const QList<std::pair<QString, QString>> &detailLabels()
{
    static const QList<std::pair<QString, QString>> labels = {
        {detail::Ip, QStringLiteral("IP address")},
        {detail::SshCommand, QStringLiteral("SSH")},
        {detail::WebUrl, QStringLiteral("Web")},
        {detail::TfcAmount, QStringLiteral("Charged")},
        {detail::RefundAmount, QStringLiteral("Refunded")},
        {detail::Reason, QStringLiteral("Reason")},
        {detail::Error, QStringLiteral("Error")},
    };
    return labels;
}

QString tfcText(Tfc amount)
{
    return amount.toString();
}

} // namespace

Notification Notification::deploymentActive(qint64 jobId, const QString &user, const QString &service,
                                            const QString &ip, const QString &sshCommand, const QString &webUrl,
                                            Tfc charged, const QDateTime &at)
{
    Notification n;
    n.kind = NotificationKind::DeploymentActive;
    n.jobId = jobId;
    n.user = user;
    n.service = service;
    n.message = QStringLiteral("Deployment #%1 for %2 is active.").arg(jobId).arg(user);
    if (!ip.isEmpty())
        n.details.insert(detail::Ip, ip);
    if (!sshCommand.isEmpty())
        n.details.insert(detail::SshCommand, sshCommand);
    if (!webUrl.isEmpty())
        n.details.insert(detail::WebUrl, webUrl);
    n.details.insert(detail::TfcAmount, tfcText(charged));
    n.at = toSecondUtc(at);
    return n;
}

Notification Notification::deploymentFailed(qint64 jobId, const QString &user, const QString &service,
                                            const QString &error, Tfc refunded, const QDateTime &at)
{
    Notification n;
    n.kind = NotificationKind::DeploymentFailed;
    n.jobId = jobId;
    n.user = user;
    n.service = service;
    n.message = QStringLiteral("Deployment #%1 for %2 failed; the credits were refunded.").arg(jobId).arg(user);
    n.details.insert(detail::Error, error);
    n.details.insert(detail::RefundAmount, tfcText(refunded));
    n.at = toSecondUtc(at);
    return n;
}

Notification Notification::refundIssued(qint64 jobId, const QString &user, const QString &service, Tfc refund,
                                        const QString &reason, const QDateTime &at)
{
    Notification n;
    n.kind = NotificationKind::RefundIssued;
    n.jobId = jobId;
    n.user = user;
    n.service = service;
    n.message = QStringLiteral("%1 TFC were refunded to %2 for deployment #%3.")
                    .arg(refund.toDisplayString(2), user, QString::number(jobId));
    n.details.insert(detail::RefundAmount, tfcText(refund));
    if (!reason.isEmpty())
        n.details.insert(detail::Reason, reason);
    n.at = toSecondUtc(at);
    return n;
}

QString Notification::atText() const
{
    return toSecondUtc(at).toString(Qt::ISODate);
}

QJsonObject Notification::toJson() const
{
    QJsonObject details;
    for (auto it = this->details.cbegin(); it != this->details.cend(); ++it)
        details.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("event"), notificationEventName(kind)},
        {QStringLiteral("job_id"), jobId},
        {QStringLiteral("user"), user},
        {QStringLiteral("service"), service},
        {QStringLiteral("message"), message},
        {QStringLiteral("details"), details},
        {QStringLiteral("at"), atText()},
    };
}

QByteArray Notification::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

Result<Notification> Notification::fromJson(const QJsonObject &json)
{
    auto fail = [](const QString &what) { return Error::invalid(QStringLiteral("notification JSON: ") + what); };
    Notification n;
    const QString event = json.value(QStringLiteral("event")).toString();
    auto kind = notificationKindFromName(event);
    if (!kind)
        return fail(QStringLiteral("\"event\" is \"%1\", not one of deployment.active, deployment.failed, refund.issued")
                        .arg(event));
    n.kind = *kind;
    const QJsonValue jobId = json.value(QStringLiteral("job_id"));
    if (!jobId.isDouble() || jobId.toDouble() != double(jobId.toInteger()) || jobId.toInteger() < 0)
        return fail(QStringLiteral("\"job_id\" must be a non-negative whole number"));
    n.jobId = jobId.toInteger();
    for (auto [field, target] : {std::pair{QStringLiteral("user"), &n.user},
                                 std::pair{QStringLiteral("service"), &n.service},
                                 std::pair{QStringLiteral("message"), &n.message}}) {
        const QJsonValue v = json.value(field);
        if (!v.isString())
            return fail(QStringLiteral("\"%1\" must be a string").arg(field));
        *target = v.toString();
    }
    const QJsonValue details = json.value(QStringLiteral("details"));
    if (!details.isUndefined() && !details.isObject())
        return fail(QStringLiteral("\"details\" must be an object"));
    const QJsonObject detailObject = details.toObject();
    for (auto it = detailObject.begin(); it != detailObject.end(); ++it) {
        if (!it.value().isString())
            return fail(QStringLiteral("\"details.%1\" must be a string").arg(it.key()));
        n.details.insert(it.key(), it.value().toString());
    }
    const QString at = json.value(QStringLiteral("at")).toString();
    n.at = QDateTime::fromString(at, Qt::ISODate);
    if (!n.at.isValid())
        return fail(QStringLiteral("\"at\" is \"%1\", not an ISO 8601 time such as 2026-01-01T12:00:00Z").arg(at));
    n.at = toSecondUtc(n.at);
    return n;
}

QString Notification::subject() const
{
    switch (kind) {
    case NotificationKind::DeploymentActive:
        return QStringLiteral("[GridDeck] Deployment #%1 for %2 is active").arg(jobId).arg(user);
    case NotificationKind::DeploymentFailed:
        return QStringLiteral("[GridDeck] Deployment #%1 for %2 failed").arg(jobId).arg(user);
    case NotificationKind::RefundIssued:
        return QStringLiteral("[GridDeck] Refund to %2 for deployment #%1").arg(jobId).arg(user);
    }
    return QStringLiteral("[GridDeck] Deployment #%1").arg(jobId);
}

QString Notification::plainText() const
{
    QStringList lines{message, QString()};
    if (!user.isEmpty())
        lines << QStringLiteral("User: ") + user;
    if (!service.isEmpty())
        lines << QStringLiteral("Service: ") + service;
    QMap<QString, QString> rest = details;
    for (const auto &[key, label] : detailLabels()) {
        auto it = rest.find(key);
        if (it == rest.end())
            continue;
        const bool amount = key == detail::TfcAmount || key == detail::RefundAmount;
        lines << label + QStringLiteral(": ") + it.value() + (amount ? QStringLiteral(" TFC") : QString());
        rest.erase(it);
    }
    for (auto it = rest.cbegin(); it != rest.cend(); ++it)
        lines << it.key() + QStringLiteral(": ") + it.value();
    lines << QStringLiteral("Time: ") + atText();
    return lines.join(QLatin1Char('\n'));
}

} // namespace griddeck
