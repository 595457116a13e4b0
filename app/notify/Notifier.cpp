#include "notify/Notifier.h"

namespace griddeck {

Notifier::Notifier(const NotifySettings &settings, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_webhook(new WebhookChannel(settings, secrets, this))
    , m_slack(new SlackChannel(settings, secrets, this))
    , m_email(new EmailChannel(settings, secrets, this))
{
}

void Notifier::setSettings(const NotifySettings &settings)
{
    m_settings = settings;
    m_webhook->setSettings(settings);
    m_slack->setSettings(settings);
    m_email->setSettings(settings);
}

void Notifier::deliver(Channel channel, const Notification &notification, const QString &deliveryId,
                       DeliveryCallback callback, const QString &recipient)
{
    if (!griddeck::enabledChannels(m_settings).contains(channel)) {
        Error error{ErrorKind::Permanent,
                    QStringLiteral("the %1 channel is disabled in [notifications]").arg(channelName(channel))};
        QMetaObject::invokeMethod(
            this, [callback = std::move(callback), error = std::move(error)] { callback(error); }, Qt::QueuedConnection);
        return;
    }
    switch (channel) {
    case Channel::Webhook:
        m_webhook->deliver(notification, deliveryId, std::move(callback), recipient);
        return;
    case Channel::Slack:
        m_slack->deliver(notification, std::move(callback));
        return;
    case Channel::Email:
        m_email->deliver(notification, deliveryId, std::move(callback), recipient);
        return;
    }
}

} // namespace griddeck
