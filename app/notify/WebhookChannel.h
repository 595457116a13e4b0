#pragma once
// Delivers a notification as a signed JSON POST (docs/notifications.md):
//   X-GridDeck-Signature: sha256=<hex HMAC-SHA256 of the exact body with the webhook secret>
//   X-GridDeck-Event: deployment.active
//   Idempotency-Key: <delivery id>   (the same for every retry of one outbox entry)
// 2xx is delivered; 408/425/429/5xx, refused connections and timeouts are transient; other
// 4xx and redirects are permanent.

#include "notify/Delivery.h"
#include "notify/Notification.h"

#include <QByteArray>
#include <QObject>

namespace griddeck {

class WebhookChannel final : public QObject
{
    Q_OBJECT
public:
    // `secrets` may live on another thread; it must outlive this channel.
    WebhookChannel(const NotifySettings &settings, SecretStore *secrets, QObject *parent = nullptr);
    ~WebhookChannel() override;

    void setSettings(const NotifySettings &settings) { m_settings = settings; }

    // Sends one notification; `callback` runs once on this object's thread.
    // A non-empty `url` (the buyer's own webhook) replaces webhook_url.
    void deliver(const Notification &notification, const QString &deliveryId, DeliveryCallback callback,
                 const QString &url = QString());

    // "sha256=<64 hex digits>"
    static QByteArray signature(const QByteArray &body, const QByteArray &secret);

private:
    NotifySettings m_settings;
    SecretStore *m_secrets;
    QNetworkAccessManager *m_network;
    std::shared_ptr<notifydetail::ThreadHop> m_hop;
};

} // namespace griddeck
