#include "HttpReceiver.h"
#include "NotifyTestSupport.h"
#include "notify/SlackChannel.h"
#include "secrets/MemorySecretStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

// The path of a Slack incoming-webhook URL is the credential.
const QString kSecretPath = QStringLiteral("/services/T0SECRET/B0SECRET/xoxSecretToken123");

NotifySettings slackSettings(int timeoutMs = 5000)
{
    NotifySettings s;
    s.slackEnabled = true;
    s.timeoutMs = timeoutMs;
    return s;
}

void storeUrl(MemorySecretStore &store, const QString &url)
{
    bool stored = false;
    store.write(SecretName::SlackUrl, url, [&stored](Result<void> r) { stored = r.ok(); });
    QTRY_VERIFY(stored);
}

} // namespace

class TestSlack : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void postsTextToTheStoredUrl()
    {
        HttpReceiver receiver;
        MemorySecretStore secrets;
        storeUrl(secrets, receiver.url(kSecretPath).toString());
        SlackChannel channel(slackSettings(), &secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(42), cb); });
        QVERIFY2(answer && answer->ok(), qPrintable(messageOf(answer)));

        QCOMPARE(receiver.requests.size(), size_t(1));
        const ReceivedRequest &r = receiver.requests.front();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, kSecretPath.toUtf8());
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.keys(), QStringList{QStringLiteral("text")});
        const QString text = body.value(QStringLiteral("text")).toString();
        QVERIFY2(text.startsWith(QStringLiteral("*GridDeck: Deployment #42 for alice is active*\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Deployment #42 for alice is active.")));
        QVERIFY(text.contains(QStringLiteral("SSH: ssh root@185.69.166.12")));
        QVERIFY(text.contains(QStringLiteral("Charged: 12.5000000 TFC")));
        QVERIFY(text.contains(QStringLiteral("Time: 2026-03-14T15:09:26Z")));
    }

    void userTextCannotBecomeSlackMarkup()
    {
        Notification n = sampleActive();
        n.user = QStringLiteral("<!channel> & <@U123>");
        const QString text = SlackChannel::slackText(n);
        QVERIFY(!text.contains(QStringLiteral("<!channel>")));
        QVERIFY(text.contains(QStringLiteral("&lt;!channel&gt; &amp; &lt;@U123&gt;")));
    }

    void failuresNeverQuoteTheUrl()
    {
        MemorySecretStore secrets;
        for (int status : {404, 500}) {
            HttpReceiver receiver;
            receiver.status = status;
            receiver.replyBody = status == 404 ? "no_service" : "internal_error";
            storeUrl(secrets, receiver.url(kSecretPath).toString());
            SlackChannel channel(slackSettings(), &secrets);
            auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), cb); });
            QVERIFY(answer && !answer->ok());
            QCOMPARE(answer->error().kind, status == 404 ? ErrorKind::Permanent : ErrorKind::Transient);
            const QString message = answer->error().message;
            QVERIFY2(message.contains(QStringLiteral("HTTP %1").arg(status)), qPrintable(message));
            QVERIFY(message.contains(QString::fromUtf8(receiver.replyBody)));
            QVERIFY2(!message.contains(QStringLiteral("SECRET")) && !message.contains(QStringLiteral("xox")),
                     qPrintable(message));
        }
    }

    void slackDownIsTransientAndQuotesOnlyTheHost()
    {
        MemorySecretStore secrets;
        const ReservedPort closed; // bound, not listening: connecting is refused
        storeUrl(secrets, QStringLiteral("http://127.0.0.1:%1%2").arg(closed.port()).arg(kSecretPath));
        SlackChannel channel(slackSettings(), &secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        const QString message = answer->error().message;
        QVERIFY2(message.contains(QStringLiteral("Slack webhook on 127.0.0.1")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("services")) && !message.contains(QStringLiteral("xox")), qPrintable(message));
    }

    void noAnswerIsATransientTimeout()
    {
        HttpReceiver receiver;
        receiver.hang = true;
        MemorySecretStore secrets;
        storeUrl(secrets, receiver.url(kSecretPath).toString());
        SlackChannel channel(slackSettings(250), &secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY2(answer->error().message.contains(QStringLiteral("250 ms")), qPrintable(answer->error().message));
    }

    void missingUrlIsPermanent()
    {
        MemorySecretStore secrets;
        SlackChannel channel(slackSettings(), &secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY2(answer->error().message.contains(QStringLiteral("no Slack webhook URL is stored")),
                 qPrintable(answer->error().message));
    }

    void malformedStoredUrlIsPermanentAndNotQuoted()
    {
        MemorySecretStore secrets;
        storeUrl(secrets, QStringLiteral("hooks.slack.com/services/T0SECRET"));
        SlackChannel channel(slackSettings(), &secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY(!answer->error().message.contains(QStringLiteral("SECRET")));
    }

    void unreadableSecretIsTransient()
    {
        MemorySecretStore secrets;
        secrets.simulateFailure(QStringLiteral("keychain locked"));
        SlackChannel channel(slackSettings(), &secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
    }
};

QTEST_GUILESS_MAIN(TestSlack)
#include "tst_slack.moc"
