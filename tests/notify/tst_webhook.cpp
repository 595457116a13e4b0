#include "HttpReceiver.h"
#include "NotifyTestSupport.h"
#include "notify/Notifier.h"
#include "notify/WebhookChannel.h"
#include "secrets/MemorySecretStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QThread>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

const QString kSecret = QStringLiteral("whsec-test-9f8e7d");

NotifySettings webhookSettings(const QUrl &url, int timeoutMs = 5000)
{
    NotifySettings s;
    s.webhookEnabled = true;
    s.webhookUrl = url.toString();
    s.timeoutMs = timeoutMs;
    return s;
}

} // namespace

class TestWebhook : public QObject
{
    Q_OBJECT
private:
    MemorySecretStore m_secrets;

private Q_SLOTS:
    void initTestCase()
    {
        bool stored = false;
        m_secrets.write(SecretName::WebhookSecret, kSecret, [&stored](Result<void> r) { stored = r.ok(); });
        QTRY_VERIFY(stored);
    }

    void deliversASignedJsonBody()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.isListening());
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/hooks/griddeck"))), &m_secrets);
        const Notification n = sampleActive(42);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(n, QStringLiteral("outbox-17"), cb); });
        QVERIFY2(answer && answer->ok(), qPrintable(messageOf(answer)));

        QCOMPARE(receiver.requests.size(), size_t(1));
        const ReceivedRequest &r = receiver.requests.front();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/hooks/griddeck"));
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(r.headers.value("x-griddeck-event"), QByteArray("deployment.active"));
        QCOMPARE(r.headers.value("idempotency-key"), QByteArray("outbox-17"));

        // The signature is the HMAC of the exact bytes received, with the shared secret.
        const QByteArray expected = "sha256="
            + QMessageAuthenticationCode::hash(r.body, kSecret.toUtf8(), QCryptographicHash::Sha256).toHex();
        QCOMPARE(r.headers.value("x-griddeck-signature"), expected);
        QCOMPARE(r.headers.value("x-griddeck-signature").size(), qsizetype(7 + 64));

        QJsonParseError parseError;
        const QJsonObject body = QJsonDocument::fromJson(r.body, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(body.value(QStringLiteral("event")).toString(), QStringLiteral("deployment.active"));
        QCOMPARE(body.value(QStringLiteral("job_id")).toInteger(), qint64(42));
        QCOMPARE(body.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(body.value(QStringLiteral("service")).toString(), QStringLiteral("vm \u2014 2 vCPU, 4 GB RAM, 50 GB SSD"));
        QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("Deployment #42 for alice is active."));
        QCOMPARE(body.value(QStringLiteral("at")).toString(), QStringLiteral("2026-03-14T15:09:26Z"));
        const QJsonObject details = body.value(QStringLiteral("details")).toObject();
        QCOMPARE(details.value(QStringLiteral("ip")).toString(), QStringLiteral("185.69.166.12"));
        QCOMPARE(details.value(QStringLiteral("ssh_command")).toString(), QStringLiteral("ssh root@185.69.166.12"));
        QCOMPARE(details.value(QStringLiteral("web_url")).toString(), QStringLiteral("https://alice.gent01.grid.tf"));
        QCOMPARE(details.value(QStringLiteral("tfc_amount")).toString(), QStringLiteral("12.5000000"));
        QCOMPARE(body.keys().size(), 7);
        // The secret itself never travels.
        QVERIFY(!r.body.contains(kSecret.toUtf8()));
        QVERIFY(!r.headers.values().contains(kSecret.toUtf8()));

        // The body is the notification's JSON, and reads back to the same notification.
        QCOMPARE(r.body, n.toJsonBytes());
        auto back = Notification::fromJson(body);
        QVERIFY(back.ok());
        QCOMPARE(back->toJsonBytes(), n.toJsonBytes());
    }

    void signatureHelperMatchesAKnownVector()
    {
        // RFC 4231 test case 2.
        QCOMPARE(WebhookChannel::signature("what do ya want for nothing?", "Jefe"),
                 QByteArray("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }

    void serverErrorIsTransient()
    {
        HttpReceiver receiver;
        receiver.status = 500;
        receiver.replyBody = "database down";
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h"))), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY2(answer->error().message.contains(QStringLiteral("HTTP 500")), qPrintable(answer->error().message));
        QVERIFY(answer->error().message.contains(QStringLiteral("database down")));
        QVERIFY(answer->error().message.contains(QStringLiteral("127.0.0.1")));
        QCOMPARE(receiver.requests.size(), size_t(1));
    }

    void tooManyRequestsIsTransient()
    {
        HttpReceiver receiver;
        receiver.status = 429;
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h"))), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
    }

    void clientErrorIsPermanent()
    {
        HttpReceiver receiver;
        receiver.status = 400;
        receiver.replyBody = "unknown event";
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h"))), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY2(answer->error().message.contains(QStringLiteral("HTTP 400")), qPrintable(answer->error().message));
        QVERIFY(!answer->error().message.contains(kSecret));
    }

    void redirectIsPermanentAndNotFollowed()
    {
        HttpReceiver receiver;
        receiver.status = 302;
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h"))), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QCOMPARE(receiver.requests.size(), size_t(1));
    }

    void receiverDownIsTransient()
    {
        const ReservedPort closed; // bound, not listening: connecting is refused
        const quint16 port = closed.port();
        WebhookChannel channel(webhookSettings(QUrl(QStringLiteral("http://127.0.0.1:%1/h").arg(port))), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY2(answer->error().message.contains(QStringLiteral("refused")), qPrintable(answer->error().message));
    }

    void noAnswerIsATransientTimeout()
    {
        HttpReceiver receiver;
        receiver.hang = true;
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h")), 300), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY2(answer->error().message.contains(QStringLiteral("300 ms")), qPrintable(answer->error().message));
    }

    void missingSecretIsPermanentAndSendsNothing()
    {
        HttpReceiver receiver;
        MemorySecretStore empty;
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h"))), &empty);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY2(answer->error().message.contains(QStringLiteral("webhook signing secret")), qPrintable(answer->error().message));
        QVERIFY(receiver.requests.empty());
    }

    void unreadableSecretIsTransient()
    {
        HttpReceiver receiver;
        MemorySecretStore broken;
        broken.simulateFailure(QStringLiteral("keychain locked"));
        WebhookChannel channel(webhookSettings(receiver.url(QStringLiteral("/h"))), &broken);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY(answer->error().message.contains(QStringLiteral("keychain locked")));
        QVERIFY(receiver.requests.empty());
    }

    void badUrlIsPermanent()
    {
        WebhookChannel channel(webhookSettings(QUrl(QStringLiteral("ftp://example.org/h"))), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY(answer->error().message.contains(QStringLiteral("webhook_url")));
    }

    void channelOnAWorkerThreadReadsTheStoreOnItsOwnThread()
    {
        // The dispatcher may run channels on its own thread while the store stays on this one.
        HttpReceiver receiver;
        QThread thread;
        thread.start();
        auto *channel = new WebhookChannel(webhookSettings(receiver.url(QStringLiteral("/t"))), &m_secrets);
        channel->moveToThread(&thread);
        std::optional<Result<void>> answer;
        QThread *answeredOn = nullptr;
        QMetaObject::invokeMethod(channel, [&, channel] {
            channel->deliver(sampleActive(7), QStringLiteral("outbox-7"), [&](Result<void> r) {
                answeredOn = QThread::currentThread();
                answer = std::move(r);
            });
        });
        QTRY_VERIFY(answer.has_value());
        QVERIFY2(answer->ok(), qPrintable(answer->error().message));
        QCOMPARE(answeredOn, &thread);
        QCOMPARE(receiver.requests.size(), size_t(1));
        QCOMPARE(receiver.requests.front().headers.value("idempotency-key"), QByteArray("outbox-7"));
        QMetaObject::invokeMethod(channel, &QObject::deleteLater);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

    void notifierRoutesAndRefusesDisabledChannels()
    {
        HttpReceiver receiver;
        NotifySettings settings = webhookSettings(receiver.url(QStringLiteral("/n")));
        Notifier notifier(settings, &m_secrets);
        QCOMPARE(notifier.enabledChannels(), QList<Channel>{Channel::Webhook});
        auto delivered = deliverNow([&](DeliveryCallback cb) {
            notifier.deliver(Channel::Webhook, sampleActive(), QStringLiteral("9"), cb);
        });
        QVERIFY2(delivered && delivered->ok(), qPrintable(messageOf(delivered)));
        auto disabled = deliverNow([&](DeliveryCallback cb) {
            notifier.deliver(Channel::Slack, sampleActive(), QStringLiteral("9"), cb);
        });
        QVERIFY(disabled && !disabled->ok());
        QCOMPARE(disabled->error().kind, ErrorKind::Permanent);
        QVERIFY(disabled->error().message.contains(QStringLiteral("slack channel is disabled")));
        QCOMPARE(receiver.requests.size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestWebhook)
#include "tst_webhook.moc"
