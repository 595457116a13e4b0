#include "notify/SlackChannel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace griddeck {

SlackChannel::SlackChannel(const NotifySettings &settings, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_network(new QNetworkAccessManager(this))
    , m_hop(std::make_shared<notifydetail::ThreadHop>(this))
{
}

SlackChannel::~SlackChannel()
{
    m_hop->detach();
}

namespace {

// Slack reads &, < and > as markup (links, mentions); user text must not trigger them.
QString escapeSlack(QString text)
{
    text.replace(QLatin1Char('&'), QStringLiteral("&amp;"));
    text.replace(QLatin1Char('<'), QStringLiteral("&lt;"));
    text.replace(QLatin1Char('>'), QStringLiteral("&gt;"));
    return text;
}

} // namespace

QString SlackChannel::slackText(const Notification &notification)
{
    QString subject = notification.subject();
    subject.remove(QStringLiteral("[GridDeck] "));
    return QStringLiteral("*GridDeck: %1*\n%2").arg(escapeSlack(subject), escapeSlack(notification.plainText()));
}

QByteArray SlackChannel::slackBody(const Notification &notification)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("text"), slackText(notification)}}).toJson(QJsonDocument::Compact);
}

void SlackChannel::deliver(const Notification &notification, DeliveryCallback callback)
{
    const QByteArray body = slackBody(notification);
    const int timeoutMs = m_settings.timeoutMs;
    notifydetail::readSecretVia(
        m_secrets, SecretName::SlackUrl, m_hop,
        [this, body, timeoutMs, callback = std::move(callback)](Result<std::optional<QString>> secret) mutable {
            const QString unnamed = QStringLiteral("the Slack webhook");
            if (!secret.ok()) {
                callback(notifydetail::secretFailure(unnamed, secret.error()));
                return;
            }
            if (!secret.value().has_value()) {
                callback(Error{ErrorKind::Permanent,
                               QStringLiteral("%1 was not called: no Slack webhook URL is stored (%2)")
                                   .arg(unnamed, m_secrets->backendName())});
                return;
            }
            const QUrl url(*secret.value(), QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (!url.isValid() || url.host().isEmpty()
                || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
                callback(Error{ErrorKind::Permanent,
                               QStringLiteral("%1 was not called: the stored Slack webhook URL is not an https:// URL")
                                   .arg(unnamed)});
                return;
            }
            const QString what = QStringLiteral("the Slack webhook on %1").arg(url.host());
            notifydetail::postJson(m_network, QNetworkRequest(url), body, what, timeoutMs, this, std::move(callback));
        });
}

} // namespace griddeck
