#include "notify/WebhookChannel.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>

namespace griddeck {

WebhookChannel::WebhookChannel(const NotifySettings &settings, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_network(new QNetworkAccessManager(this))
    , m_hop(std::make_shared<notifydetail::ThreadHop>(this))
{
}

WebhookChannel::~WebhookChannel()
{
    m_hop->detach();
}

QByteArray WebhookChannel::signature(const QByteArray &body, const QByteArray &secret)
{
    return QByteArrayLiteral("sha256=")
        + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

void WebhookChannel::deliver(const Notification &notification, const QString &deliveryId, DeliveryCallback callback,
                             const QString &urlOverride)
{
    auto failLater = [this, &callback](Error error) {
        QMetaObject::invokeMethod(
            this, [callback = std::move(callback), error = std::move(error)] { callback(error); }, Qt::QueuedConnection);
    };
    const QUrl url(urlOverride.isEmpty() ? m_settings.webhookUrl : urlOverride, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        failLater({ErrorKind::Permanent, QStringLiteral("webhook_url \"%1\" is not an http:// or https:// URL")
                                             .arg(notifydetail::safeUrlText(url))});
        return;
    }
    const QString what = QStringLiteral("the webhook at %1").arg(notifydetail::safeUrlText(url));
    const QByteArray body = notification.toJsonBytes();
    const QString event = notificationEventName(notification.kind);
    const int timeoutMs = m_settings.timeoutMs;

    notifydetail::readSecretVia(
        m_secrets, SecretName::WebhookSecret, m_hop,
        [this, url, what, body, event, deliveryId, timeoutMs,
         callback = std::move(callback)](Result<std::optional<QString>> secret) mutable {
            if (!secret.ok()) {
                callback(notifydetail::secretFailure(what, secret.error()));
                return;
            }
            if (!secret.value().has_value()) {
                callback(Error{ErrorKind::Permanent,
                               QStringLiteral("%1 was not called: no webhook signing secret is stored (%2)")
                                   .arg(what, m_secrets->backendName())});
                return;
            }
            QNetworkRequest request(url);
            request.setRawHeader("X-GridDeck-Signature", signature(body, secret.value()->toUtf8()));
            request.setRawHeader("X-GridDeck-Event", event.toUtf8());
            if (!deliveryId.isEmpty())
                request.setRawHeader("Idempotency-Key", deliveryId.toUtf8());
            notifydetail::postJson(m_network, request, body, what, timeoutMs, this, std::move(callback));
        });
}

} // namespace griddeck
