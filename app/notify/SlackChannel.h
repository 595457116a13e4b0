#pragma once
// Delivers a notification to a Slack incoming webhook: POST {"text": "…"} to the Slack URL.
// The URL is itself a credential (SecretName::SlackUrl), so no message ever quotes it: errors
// name only its host.

#include "notify/Delivery.h"
#include "notify/Notification.h"

#include <QObject>

namespace griddeck {

class SlackChannel final : public QObject
{
    Q_OBJECT
public:
    // `secrets` may live on another thread; it must outlive this channel.
    SlackChannel(const NotifySettings &settings, SecretStore *secrets, QObject *parent = nullptr);
    ~SlackChannel() override;

    void setSettings(const NotifySettings &settings) { m_settings = settings; }

    // Sends one notification; `callback` runs once on this object's thread. Slack has no
    // idempotency key, so a retry after a lost answer may post twice.
    void deliver(const Notification &notification, DeliveryCallback callback);

    // Slack's mrkdwn text: the subject in bold, then the plain text, with &, < and > escaped.
    static QString slackText(const Notification &notification);
    static QByteArray slackBody(const Notification &notification);

private:
    NotifySettings m_settings;
    SecretStore *m_secrets;
    QNetworkAccessManager *m_network;
    std::shared_ptr<notifydetail::ThreadHop> m_hop;
};

} // namespace griddeck
