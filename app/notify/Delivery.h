#pragma once
// What every channel shares: the settings, the delivery callback, how failures are
// classified, and a safe way to call back from another thread.
//
// A delivery ends in exactly one callback with Result<void>: ok = delivered; an Error of kind
// Transient = worth retrying later (connection refused, timeout, HTTP 5xx/429, SMTP 4xx);
// Permanent = retrying the same message will not help (HTTP 4xx, SMTP 5xx, bad address,
// missing secret or setting). Messages name the channel and the host, never a secret.

#include "domain/Result.h"
#include "secrets/SecretStore.h"

#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace griddeck {

using DeliveryCallback = std::function<void(Result<void>)>;

enum class Channel { Webhook, Slack, Email };

QString channelName(Channel channel); // "webhook", "slack", "email"
std::optional<Channel> channelFromName(const QString &name);

// Plain channel settings (the [notifications] section maps onto these; secrets are not here).
struct NotifySettings
{
    bool webhookEnabled = false;
    QString webhookUrl;     // http(s)://… ; the signing secret is SecretName::WebhookSecret
    bool slackEnabled = false; // the URL itself is SecretName::SlackUrl
    bool emailEnabled = false;
    QString smtpHost;
    int smtpPort = 587;     // 465 means implicit TLS (smtps); otherwise STARTTLS when offered
    QString smtpUser;       // empty: no AUTH; else the password is SecretName::SmtpPassword
    QString emailFrom;
    QStringList emailTo;
    int timeoutMs = 15000;  // per delivery attempt: connect plus transfer
};

// Checks the settings of each enabled channel; the message names the key and value.
Result<void> validateNotifySettings(const NotifySettings &settings);
QList<Channel> enabledChannels(const NotifySettings &settings);

namespace notifydetail {

// Posts calls to an object's thread from any thread, and stops doing so (safely) once the
// object detaches in its destructor. Results computed on a pool thread come home through it.
class ThreadHop
{
public:
    explicit ThreadHop(QObject *target)
        : m_target(target)
    {
    }
    void detach();
    // Queued to the target's thread; dropped if the target is gone.
    void post(std::function<void()> f);

private:
    QMutex m_mutex;
    QObject *m_target;
};

// Reads a secret from a store that may live on another thread; the callback runs on the
// hop's thread (dropped if the hop's owner is gone).
void readSecretVia(SecretStore *store, SecretName name, const std::shared_ptr<ThreadHop> &hop,
                   std::function<void(Result<std::optional<QString>>)> callback);

// A secret could not be read: worth a retry (the keychain may be locked for a moment), unless
// no store is set up at all.
Error secretFailure(const QString &what, const Error &error);

// Classifies the end of one HTTP delivery. `what` names the receiver ("the webhook at
// http://host:port/path"). `body` is the reply body (a short, cleaned excerpt is quoted).
Result<void> classifyHttp(const QString &what, QNetworkReply::NetworkError error, int httpStatus,
                          const QByteArray &body, int timeoutMs);

// scheme://host:port/path — without user info, query or fragment, which may carry tokens.
QString safeUrlText(const QUrl &url);

// POSTs `body` (the request carries its headers); redirects are not followed (a signed
// body must not be replayed elsewhere). Calls back once, on `context`'s thread, unless the
// context is destroyed first.
void postJson(QNetworkAccessManager *network, QNetworkRequest request, const QByteArray &body, const QString &what,
              int timeoutMs, QObject *context, DeliveryCallback callback);

} // namespace notifydetail

} // namespace griddeck
