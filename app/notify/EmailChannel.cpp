#include "notify/EmailChannel.h"

#include "notify/BuyerEmail.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QThread>
#include <QThreadPool>
#include <QUrl>
#include <QUuid>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace griddeck {

namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload
{
    const QByteArray *data = nullptr;
    qsizetype offset = 0;
};

size_t readUpload(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *upload = static_cast<Upload *>(userdata);
    const size_t room = size * count;
    const size_t left = static_cast<size_t>(upload->data->size() - upload->offset);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data->constData() + upload->offset, n);
    upload->offset += static_cast<qsizetype>(n);
    return n;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isNetworkFailure(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_AGAIN:
    case CURLE_WEIRD_SERVER_REPLY:
        return true;
    default:
        return false;
    }
}

Result<void> classifySmtp(const QString &what, CURLcode code, long smtpCode, QString detail, const QString &password,
                          int timeoutMs)
{
    if (code == CURLE_OK)
        return {};
    // Servers may echo what they were sent; a password must not reach a log through them.
    if (!password.isEmpty())
        detail.replace(password, QStringLiteral("***"));
    if (detail.isEmpty())
        detail = QString::fromUtf8(curl_easy_strerror(code));
    const QString code3 = QString::number(smtpCode);
    const QString answered = smtpCode > 0 && !detail.contains(code3) ? QStringLiteral(" (SMTP reply %1)").arg(code3) : QString();
    const QString text = QStringLiteral("%1: %2%3").arg(what, detail, answered);
    // The server's reply code decides first: 4xx try again later, 5xx do not.
    if (smtpCode >= 400 && smtpCode < 500)
        return Error{ErrorKind::Transient, text};
    if (smtpCode >= 500)
        return Error{ErrorKind::Permanent, text};
    if (code == CURLE_OPERATION_TIMEDOUT)
        return Error{ErrorKind::Transient, QStringLiteral("%1 did not answer within %2 ms").arg(what, QString::number(timeoutMs))};
    if (code == CURLE_COULDNT_CONNECT)
        return Error{ErrorKind::Transient, QStringLiteral("%1 refused the connection").arg(what)};
    if (isNetworkFailure(code))
        return Error{ErrorKind::Transient, text};
    if (code == CURLE_USE_SSL_FAILED)
        return Error{ErrorKind::Permanent,
                     QStringLiteral("%1 does not offer STARTTLS, and the SMTP password is only ever sent encrypted")
                         .arg(what)};
    return Error{ErrorKind::Permanent, text};
}

} // namespace

Result<void> sendSmtp(const SmtpRequest &request)
{
    QUrl url;
    url.setScheme(request.port == 465 ? QStringLiteral("smtps") : QStringLiteral("smtp"));
    url.setHost(request.host);
    url.setPort(request.port);
    const QString what = QStringLiteral("the SMTP server %1:%2").arg(request.host, QString::number(request.port));

    if (QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread()) {
        return Error{ErrorKind::Internal,
                     QStringLiteral("sending mail through %1 was refused on the main thread; use a worker").arg(what)};
    }
    initCurlOnce();
    CURL *curl = curl_easy_init();
    if (!curl)
        return Error{ErrorKind::Transient, QStringLiteral("could not start a mail transfer to %1").arg(what)};

    const QByteArray urlBytes = url.toEncoded();
    const QByteArray fromBytes = "<" + request.from.toUtf8() + ">";
    const QByteArray userBytes = request.user.toUtf8();
    const QByteArray passwordBytes = request.password.toUtf8();
    curl_slist *recipients = nullptr;
    for (const QString &to : request.to)
        recipients = curl_slist_append(recipients, ("<" + to.toUtf8() + ">").constData());
    Upload upload{&request.message, 0};
    char errorBuffer[CURL_ERROR_SIZE] = {};

    // A password never crosses the network in clear: require TLS unless the server is this machine.
    const bool sendsPassword = !request.user.isEmpty();
    const long tls = (sendsPassword && !isLoopbackHost(request.host)) ? CURLUSESSL_ALL : CURLUSESSL_TRY;

    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_USE_SSL, tls);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, fromBytes.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    if (sendsPassword) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, userBytes.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, passwordBytes.constData());
    }
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.message.size()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // signals and threads do not mix
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);

    const CURLcode code = curl_easy_perform(curl);
    long smtpCode = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtpCode);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return classifySmtp(what, code, smtpCode, QString::fromUtf8(errorBuffer).trimmed(), request.password,
                        request.timeoutMs);
}

EmailChannel::EmailChannel(const NotifySettings &settings, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_hop(std::make_shared<notifydetail::ThreadHop>(this))
    , m_pool(std::make_shared<QThreadPool>())
{
    m_pool->setMaxThreadCount(2);
}

EmailChannel::~EmailChannel()
{
    // A transfer still running finishes (bounded by the timeout) and is joined here; its
    // answer is dropped (the outbox waits for its deliveries before it lets a channel go).
    m_hop->detach();
    m_pool->waitForDone();
}

Result<SmtpRequest> EmailChannel::prepare(const NotifySettings &settings, const Notification &notification,
                                          const QString &deliveryId, const std::optional<QString> &password,
                                          const QString &recipient)
{
    NotifySettings emailOnly = settings;
    if (!recipient.isEmpty())
        emailOnly.emailTo = QStringList{recipient};
    emailOnly.webhookEnabled = false;
    emailOnly.slackEnabled = false;
    emailOnly.emailEnabled = true;
    if (auto valid = validateNotifySettings(emailOnly); !valid.ok())
        return Error{ErrorKind::Permanent, QStringLiteral("email was not sent: ") + valid.error().message};
    if (!settings.smtpUser.isEmpty() && (!password || password->isEmpty())) {
        return Error{ErrorKind::Permanent,
                     QStringLiteral("email was not sent: smtp_user \"%1\" is set but no SMTP password is stored")
                         .arg(settings.smtpUser)};
    }
    SmtpRequest request;
    request.host = settings.smtpHost.trimmed();
    request.port = settings.smtpPort;
    request.user = settings.smtpUser;
    request.password = settings.smtpUser.isEmpty() ? QString() : password.value_or(QString());
    request.from = settings.emailFrom;
    request.to = emailOnly.emailTo;
    request.timeoutMs = settings.timeoutMs;
    const QString id = deliveryId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : deliveryId;
    if (!recipient.isEmpty())
        request.message = buildBuyerEmailMessage(notification, settings.emailFrom, recipient,
                                                 messageId(id, notification.jobId, settings.emailFrom),
                                                 QDateTime::currentDateTimeUtc());
    else
        request.message = buildEmailMessage(notification, settings.emailFrom, settings.emailTo,
                                            messageId(id, notification.jobId, settings.emailFrom),
                                            QDateTime::currentDateTimeUtc());
    return request;
}

void EmailChannel::deliver(const Notification &notification, const QString &deliveryId, DeliveryCallback callback,
                           const QString &recipient)
{
    const NotifySettings settings = m_settings;
    auto done = std::make_shared<DeliveryCallback>(std::move(callback));
    auto send = [hop = m_hop, pool = m_pool, settings, notification, deliveryId, done, recipient](const std::optional<QString> &password) {
        Result<SmtpRequest> request = prepare(settings, notification, deliveryId, password, recipient);
        if (!request.ok()) {
            hop->post([done, error = request.error()] { (*done)(error); });
            return;
        }
        pool->start([hop, done, request = std::move(request).value()] {
            Result<void> sent = sendSmtp(request);
            hop->post([done, sent = std::move(sent)] { (*done)(sent); });
        });
    };
    if (settings.smtpUser.isEmpty()) {
        send(std::nullopt);
        return;
    }
    const QString what = QStringLiteral("the SMTP server %1:%2").arg(settings.smtpHost, QString::number(settings.smtpPort));
    // The answer comes back on this object's thread (through the hop).
    notifydetail::readSecretVia(m_secrets, SecretName::SmtpPassword, m_hop,
                                [send = std::move(send), done, what](Result<std::optional<QString>> secret) {
                                    if (!secret.ok()) {
                                        (*done)(notifydetail::secretFailure(what, secret.error()));
                                        return;
                                    }
                                    send(secret.value());
                                });
}

Result<void> EmailChannel::deliverBlocking(const NotifySettings &settings, SecretStore &secrets,
                                           const Notification &notification, const QString &deliveryId)
{
    std::optional<QString> password;
    if (!settings.smtpUser.isEmpty()) {
        auto secret = readSecretBlocking(secrets, SecretName::SmtpPassword, settings.timeoutMs);
        if (!secret.ok()) {
            return notifydetail::secretFailure(
                QStringLiteral("the SMTP server %1:%2").arg(settings.smtpHost, QString::number(settings.smtpPort)), secret.error());
        }
        password = secret.value();
    }
    Result<SmtpRequest> request = prepare(settings, notification, deliveryId, password);
    if (!request.ok())
        return request.error();
    return sendSmtp(request.value());
}

} // namespace griddeck
