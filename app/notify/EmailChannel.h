#pragma once
// Delivers a notification by email over SMTP with libcurl: STARTTLS when the server offers it
// (required when a password would cross the network), AUTH only when smtp_user is set, one
// RFC 5322 text/plain UTF-8 message to every email_to address. libcurl blocks, so the
// asynchronous deliver() runs it on this channel's own thread pool (joined when the channel
// goes: no send outlives its owner, none is cut off) and calls back on this object's thread;
// a worker thread may call deliverBlocking() instead.

#include "notify/Delivery.h"
#include "notify/Notification.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QThreadPool>

#include <memory>

namespace griddeck {

struct SmtpRequest
{
    QString host;
    int port = 587;
    QString user;     // empty: no AUTH
    QString password; // never logged, never in an error message
    QString from;
    QStringList to;
    QByteArray message; // the whole RFC 5322 message, CRLF line endings
    int timeoutMs = 15000;
};

// Sends one message and waits for the server's answer. Worker threads only: refused on the
// main thread, which must never wait on the network.
Result<void> sendSmtp(const SmtpRequest &request);

// The RFC 5322 message: Date, From, To, Subject (RFC 2047 encoded when not ASCII),
// Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8, 8bit, CRLF line endings,
// no line longer than 998 bytes. Header values cannot break out of their line.
QByteArray buildEmailMessage(const Notification &notification, const QString &from, const QStringList &to,
                             const QString &messageId, const QDateTime &date);

class EmailChannel final : public QObject
{
    Q_OBJECT
public:
    // `secrets` may live on another thread; it must outlive this channel.
    EmailChannel(const NotifySettings &settings, SecretStore *secrets, QObject *parent = nullptr);
    ~EmailChannel() override;

    void setSettings(const NotifySettings &settings) { m_settings = settings; }

    // Sends one notification; `callback` runs once on this object's thread. The Message-ID
    // comes from `deliveryId`, so a retried message can be recognised as the same one.
    // A non-empty `recipient` (the buyer) gets the buyer's message (BuyerEmail.h) instead of
    // email_to getting the operator's.
    void deliver(const Notification &notification, const QString &deliveryId, DeliveryCallback callback,
                 const QString &recipient = QString());

    // The same, waiting, for worker threads (refused on the main thread).
    static Result<void> deliverBlocking(const NotifySettings &settings, SecretStore &secrets,
                                        const Notification &notification, const QString &deliveryId);

    // Checks the settings and builds the request (the password is given when smtp_user is set).
    static Result<SmtpRequest> prepare(const NotifySettings &settings, const Notification &notification,
                                       const QString &deliveryId, const std::optional<QString> &password,
                                       const QString &recipient = QString());

    // <griddeck.<delivery id>.<job id>@<domain of from>>
    static QString messageId(const QString &deliveryId, qint64 jobId, const QString &from);

private:
    NotifySettings m_settings;
    SecretStore *m_secrets;
    std::shared_ptr<notifydetail::ThreadHop> m_hop;
    std::shared_ptr<QThreadPool> m_pool;
};

} // namespace griddeck
