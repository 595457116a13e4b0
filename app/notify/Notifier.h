#pragma once
// The one entry point a dispatcher needs: deliver(channel, notification, delivery id, callback).
// Owns the three channels; they live on the Notifier's thread and read their secrets from the
// given store (which may live on another thread).

#include "notify/Delivery.h"
#include "notify/EmailChannel.h"
#include "notify/Notification.h"
#include "notify/SlackChannel.h"
#include "notify/WebhookChannel.h"

#include <QObject>

namespace griddeck {

class Notifier final : public QObject
{
    Q_OBJECT
public:
    // `secrets` must outlive the Notifier.
    Notifier(const NotifySettings &settings, SecretStore *secrets, QObject *parent = nullptr);

    const NotifySettings &settings() const { return m_settings; }
    void setSettings(const NotifySettings &settings);
    QList<Channel> enabledChannels() const { return griddeck::enabledChannels(m_settings); }

    // Delivers one notification on one channel. `deliveryId` (the outbox entry's id) is the
    // webhook's Idempotency-Key and part of the email's Message-ID: pass the same id on every
    // retry of the same entry. A disabled channel fails Permanent. `callback` runs once on
    // this object's thread, never inside this call.
    // A non-empty `recipient` is the buyer's own address (email) or URL (webhook).
    void deliver(Channel channel, const Notification &notification, const QString &deliveryId,
                 DeliveryCallback callback, const QString &recipient = QString());

private:
    NotifySettings m_settings;
    WebhookChannel *m_webhook;
    SlackChannel *m_slack;
    EmailChannel *m_email;
};

} // namespace griddeck
