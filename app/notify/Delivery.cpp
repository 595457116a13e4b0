#include "notify/Delivery.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QThread>

namespace griddeck {

QString channelName(Channel channel)
{
    switch (channel) {
    case Channel::Webhook:
        return QStringLiteral("webhook");
    case Channel::Slack:
        return QStringLiteral("slack");
    case Channel::Email:
        return QStringLiteral("email");
    }
    return QString();
}

std::optional<Channel> channelFromName(const QString &name)
{
    for (auto channel : {Channel::Webhook, Channel::Slack, Channel::Email}) {
        if (channelName(channel) == name)
            return channel;
    }
    return std::nullopt;
}

QList<Channel> enabledChannels(const NotifySettings &settings)
{
    QList<Channel> channels;
    if (settings.webhookEnabled)
        channels << Channel::Webhook;
    if (settings.slackEnabled)
        channels << Channel::Slack;
    if (settings.emailEnabled)
        channels << Channel::Email;
    return channels;
}

namespace {

bool isEmailAddress(const QString &address)
{
    // Deliberately simple: one '@' with text on both sides and nothing that could break out of
    // an SMTP command or a header (spaces, angle brackets, commas, line breaks).
    static const QString forbidden = QStringLiteral(" \t\r\n<>,;\"()[]\\");
    const qsizetype at = address.indexOf(QLatin1Char('@'));
    if (at <= 0 || at != address.lastIndexOf(QLatin1Char('@')) || at == address.size() - 1)
        return false;
    for (QChar c : address) {
        if (forbidden.contains(c) || c.unicode() < 0x20)
            return false;
    }
    return true;
}

} // namespace

Result<void> validateNotifySettings(const NotifySettings &s)
{
    if (s.timeoutMs < 100 || s.timeoutMs > 600000)
        return Error::invalid(QStringLiteral("notification timeout %1 ms is out of range (100 to 600000)").arg(s.timeoutMs));
    if (s.webhookEnabled) {
        const QUrl url(s.webhookUrl, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return Error::invalid(QStringLiteral("webhook_url \"%1\" is not an http:// or https:// URL")
                                      .arg(s.webhookUrl.isEmpty() ? QStringLiteral("(empty)")
                                                                  : notifydetail::safeUrlText(url)));
    }
    if (s.emailEnabled) {
        if (s.smtpHost.trimmed().isEmpty() || s.smtpHost.contains(QLatin1Char('/')) || s.smtpHost.contains(QLatin1Char(' ')))
            return Error::invalid(QStringLiteral("smtp_host \"%1\" is not a host name").arg(s.smtpHost));
        if (s.smtpPort < 1 || s.smtpPort > 65535)
            return Error::invalid(QStringLiteral("smtp_port %1 is out of range (1 to 65535)").arg(s.smtpPort));
        if (!isEmailAddress(s.emailFrom))
            return Error::invalid(QStringLiteral("email_from \"%1\" is not an email address").arg(s.emailFrom));
        if (s.emailTo.isEmpty())
            return Error::invalid(QStringLiteral("email_to is empty: name at least one recipient"));
        for (const QString &to : s.emailTo) {
            if (!isEmailAddress(to))
                return Error::invalid(QStringLiteral("email_to \"%1\" is not an email address").arg(to));
        }
    }
    return {};
}

namespace notifydetail {

void ThreadHop::detach()
{
    QMutexLocker lock(&m_mutex);
    m_target = nullptr;
}

void ThreadHop::post(std::function<void()> f)
{
    // Holding the lock while posting: the target cannot finish detaching (and be destroyed)
    // in between; once posted, Qt drops the event if the target goes away.
    QMutexLocker lock(&m_mutex);
    if (m_target)
        QMetaObject::invokeMethod(m_target, std::move(f), Qt::QueuedConnection);
}

void readSecretVia(SecretStore *store, SecretName name, const std::shared_ptr<ThreadHop> &hop,
                   std::function<void(Result<std::optional<QString>>)> callback)
{
    auto deliverHome = [hop, callback = std::move(callback)](Result<std::optional<QString>> result) {
        hop->post([callback, result = std::move(result)] { callback(result); });
    };
    if (!store) {
        deliverHome(Error{ErrorKind::InvalidInput,
                          QStringLiteral("no secret store is set up to read the %1 from").arg(secretLabel(name))});
        return;
    }
    if (store->thread() == QThread::currentThread()) {
        store->read(name, std::move(deliverHome));
        return;
    }
    QMetaObject::invokeMethod(
        store, [store, name, deliverHome = std::move(deliverHome)] { store->read(name, deliverHome); },
        Qt::QueuedConnection);
}

Error secretFailure(const QString &what, const Error &error)
{
    const ErrorKind kind = error.kind == ErrorKind::InvalidInput ? ErrorKind::Permanent : ErrorKind::Transient;
    return Error{kind, QStringLiteral("%1 was not called: %2").arg(what, error.message)};
}

QString safeUrlText(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toDisplayString();
}

namespace {

QString excerpt(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(400)).simplified();
    if (text.size() > 200)
        text = text.left(200) + QStringLiteral("…");
    return text.isEmpty() ? QString() : QStringLiteral(": \"%1\"").arg(text);
}

} // namespace

Result<void> classifyHttp(const QString &what, QNetworkReply::NetworkError error, int status, const QByteArray &body,
                          int timeoutMs)
{
    if (status >= 200 && status < 300)
        return {};
    if (status > 0) {
        const QString answered = QStringLiteral("%1 answered HTTP %2%3").arg(what, QString::number(status), excerpt(body));
        if (status == 408 || status == 425 || status == 429 || status >= 500)
            return Error{ErrorKind::Transient, answered};
        if (status >= 300 && status < 400)
            return Error{ErrorKind::Permanent, answered + QStringLiteral(" (a redirect, which is not followed: update the URL)")};
        return Error{ErrorKind::Permanent, answered};
    }
    // No HTTP answer at all: say what happened in our words (Qt's errorString() quotes the
    // full URL, which for Slack is itself a secret).
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return Error{ErrorKind::Transient, QStringLiteral("%1 refused the connection").arg(what)};
    case QNetworkReply::RemoteHostClosedError:
        return Error{ErrorKind::Transient, QStringLiteral("%1 closed the connection before answering").arg(what)};
    case QNetworkReply::HostNotFoundError:
        return Error{ErrorKind::Transient, QStringLiteral("%1: host not found").arg(what)};
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return Error{ErrorKind::Transient, QStringLiteral("%1 did not answer within %2 ms").arg(what, QString::number(timeoutMs))};
    case QNetworkReply::SslHandshakeFailedError:
        return Error{ErrorKind::Permanent, QStringLiteral("%1: the TLS handshake failed (certificate not trusted?)").arg(what)};
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return Error{ErrorKind::Permanent, QStringLiteral("%1: the URL's protocol is not supported").arg(what)};
    default:
        return Error{ErrorKind::Transient, QStringLiteral("%1 could not be reached (network error %2)").arg(what, QString::number(int(error)))};
    }
}

void postJson(QNetworkAccessManager *network, QNetworkRequest request, const QByteArray &body, const QString &what,
              int timeoutMs, QObject *context, DeliveryCallback callback)
{
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("GridDeck"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = network->post(request, body);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, what, timeoutMs, callback = std::move(callback)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        callback(classifyHttp(what, reply->error(), status, status > 0 ? reply->readAll() : QByteArray(), timeoutMs));
    });
}

} // namespace notifydetail

} // namespace griddeck
