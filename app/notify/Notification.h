#pragma once
// One thing to tell people about a job: what happened, to whom, and the details they need
// (address, SSH command, amounts, error). The same JSON is the webhook body and the outbox
// payload; see docs/notifications.md for the schema.

#include "domain/Money.h"
#include "domain/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace griddeck {

enum class NotificationKind { DeploymentActive, DeploymentFailed, RefundIssued };

QString notificationKindName(NotificationKind kind);   // "deployment_active"
std::optional<NotificationKind> notificationKindFromName(const QString &name);
QString notificationEventName(NotificationKind kind);  // "deployment.active" (webhook "event")

// Keys of Notification::details. Values are text; amounts are exact decimal strings in TFC.
namespace detail {
inline const QString Ip = QStringLiteral("ip");
inline const QString SshCommand = QStringLiteral("ssh_command");
inline const QString WebUrl = QStringLiteral("web_url");
inline const QString TfcAmount = QStringLiteral("tfc_amount");
inline const QString RefundAmount = QStringLiteral("refund_amount");
inline const QString Error = QStringLiteral("error");
inline const QString Reason = QStringLiteral("reason");
} // namespace detail

struct Notification
{
    NotificationKind kind = NotificationKind::DeploymentActive;
    qint64 jobId = 0;
    QString user;
    QString service; // one line: "vm — 2 vCPU, 4 GB RAM, 50 GB SSD"
    QString message; // one sentence for people
    QMap<QString, QString> details;
    QDateTime at;    // UTC, to the second

    // Ready-made notifications with the message text and details filled in.
    static Notification deploymentActive(qint64 jobId, const QString &user, const QString &service, const QString &ip,
                                         const QString &sshCommand, const QString &webUrl, Tfc charged,
                                         const QDateTime &at);
    static Notification deploymentFailed(qint64 jobId, const QString &user, const QString &service,
                                         const QString &error, Tfc refunded, const QDateTime &at);
    static Notification refundIssued(qint64 jobId, const QString &user, const QString &service, Tfc refund,
                                     const QString &reason, const QDateTime &at);

    // {"event", "job_id", "user", "service", "message", "details", "at"}.
    QJsonObject toJson() const;
    // Compact UTF-8 JSON: the exact bytes a webhook receives and its signature covers.
    QByteArray toJsonBytes() const;
    // Reads toJson()'s form back; errors name the field that is wrong.
    static Result<Notification> fromJson(const QJsonObject &json);

    // "[GridDeck] Deployment #42 for alice is active"
    QString subject() const;
    // The message, then one "Label: value" line per detail, for Slack and email.
    QString plainText() const;
    // "2026-01-01T12:00:00Z"
    QString atText() const;
};

} // namespace griddeck
