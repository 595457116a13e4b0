// Email over a real SMTP server on loopback: Debian's aiosmtpd (python3-aiosmtpd), writing
// what it receives into a Maildir that the test then reads, finding each message by the
// Message-ID it sent (Maildir file names do not sort in arrival order).

#include "NotifyTestSupport.h"
#include "Prerequisites.h"
#include "SmtpTestServer.h"
#include "notify/EmailChannel.h"
#include "secrets/MemorySecretStore.h"

#include <QThread>
#include <QtTest>
#include <memory>

using namespace griddeck;
using namespace griddeck::test;

namespace {

struct ParsedMail
{
    QHash<QByteArray, QByteArray> headers; // lower-cased names, unfolded values
    QByteArray body;
};

ParsedMail parseMail(QByteArray raw)
{
    raw.replace("\r\n", "\n");
    ParsedMail mail;
    const qsizetype split = raw.indexOf("\n\n");
    QByteArray head = raw.left(split);
    mail.body = raw.mid(split + 2);
    head.replace("\n ", " ").replace("\n\t", " ");
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            mail.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    return mail;
}

// Decodes "=?UTF-8?B?…?= =?UTF-8?B?…?=" (the only encoding the sender uses).
QString decodeWords(const QByteArray &value)
{
    if (!value.startsWith("=?"))
        return QString::fromUtf8(value);
    QByteArray bytes;
    for (const QByteArray &word : value.split(' ')) {
        if (word.startsWith("=?UTF-8?B?") && word.endsWith("?="))
            bytes += QByteArray::fromBase64(word.mid(10, word.size() - 12));
    }
    return QString::fromUtf8(bytes);
}

NotifySettings emailSettings(quint16 port)
{
    NotifySettings s;
    s.emailEnabled = true;
    s.smtpHost = QStringLiteral("127.0.0.1");
    s.smtpPort = port;
    s.emailFrom = QStringLiteral("griddeck@ops.example.org");
    s.emailTo = {QStringLiteral("oncall@example.org"), QStringLiteral("support@example.net")};
    s.timeoutMs = 5000;
    return s;
}

} // namespace

class TestSmtp : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SmtpTestServer> m_server;
    MemorySecretStore m_secrets;

private Q_SLOTS:
    void initTestCase()
    {
        GRIDDECK_REQUIRE(SmtpTestServer::available(), SmtpTestServer::missingMessage());
        m_server = std::make_unique<SmtpTestServer>();
        const QString problem = m_server->start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase() { m_server.reset(); }

    void deliversAMessageToEveryRecipient()
    {
        const int before = m_server->messages().size();
        EmailChannel channel(emailSettings(m_server->port()), &m_secrets);
        const Notification n = sampleActive(42);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(n, QStringLiteral("outbox-5"), cb); });
        QVERIFY2(answer && answer->ok(), qPrintable(messageOf(answer)));

        // aiosmtpd stores the message before it answers 250, so it is there now.
        QCOMPARE(m_server->messages().size(), before + 1);
        const QByteArray raw = m_server->messageWithId("<griddeck.outbox-5.42@ops.example.org>");
        QVERIFY(!raw.isEmpty());
        const ParsedMail mail = parseMail(raw);
        QCOMPARE(mail.headers.value("from"), QByteArray("GridDeck <griddeck@ops.example.org>"));
        QCOMPARE(mail.headers.value("to"), QByteArray("oncall@example.org, support@example.net"));
        QCOMPARE(mail.headers.value("subject"), QByteArray("[GridDeck] Deployment #42 for alice is active"));
        QCOMPARE(mail.headers.value("message-id"), QByteArray("<griddeck.outbox-5.42@ops.example.org>"));
        QCOMPARE(mail.headers.value("mime-version"), QByteArray("1.0"));
        QCOMPARE(mail.headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(mail.headers.value("content-transfer-encoding"), QByteArray("8bit"));
        QCOMPARE(mail.headers.value("x-griddeck-event"), QByteArray("deployment.active"));
        QVERIFY(mail.headers.contains("date"));
        // The envelope as the server saw it.
        QCOMPARE(mail.headers.value("x-mailfrom"), QByteArray("griddeck@ops.example.org"));
        QCOMPARE(mail.headers.value("x-rcptto"), QByteArray("oncall@example.org, support@example.net"));

        const QString body = QString::fromUtf8(mail.body);
        QVERIFY2(body.startsWith(QStringLiteral("Deployment #42 for alice is active.\n")), qPrintable(body));
        QVERIFY(body.contains(QStringLiteral("Service: vm \u2014 2 vCPU, 4 GB RAM, 50 GB SSD\n")));
        QVERIFY(body.contains(QStringLiteral("SSH: ssh root@185.69.166.12\n")));
        QVERIFY(body.contains(QStringLiteral("Charged: 12.5000000 TFC\n")));
    }

    void nonAsciiSubjectIsEncoded()
    {
        const int before = m_server->messages().size();
        EmailChannel channel(emailSettings(m_server->port()), &m_secrets);
        Notification n = Notification::deploymentFailed(
            7, QStringLiteral("Zo\u00eb \u5f20\u4f1f"), QStringLiteral("vm"),
            QStringLiteral("no suitable node in BE after 3 attempts"), Tfc::parse(u"30").value(), sampleTime());
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(n, QStringLiteral("outbox-6"), cb); });
        QVERIFY2(answer && answer->ok(), qPrintable(messageOf(answer)));
        QCOMPARE(m_server->messages().size(), before + 1);
        const QByteArray raw = m_server->messageWithId("<griddeck.outbox-6.7@ops.example.org>");
        QVERIFY(!raw.isEmpty());
        const ParsedMail mail = parseMail(raw);
        QVERIFY2(mail.headers.value("subject").startsWith("=?UTF-8?B?"), mail.headers.value("subject").constData());
        QCOMPARE(decodeWords(mail.headers.value("subject")), QStringLiteral("[GridDeck] Deployment #7 for Zo\u00eb \u5f20\u4f1f failed"));
        const QString body = QString::fromUtf8(mail.body);
        QVERIFY(body.contains(QStringLiteral("User: Zo\u00eb \u5f20\u4f1f\n")));
        QVERIFY(body.contains(QStringLiteral("Error: no suitable node in BE after 3 attempts\n")));
        QVERIFY(body.contains(QStringLiteral("Refunded: 30.0000000 TFC\n")));
    }

    void messageIsWellFormed()
    {
        Notification n = sampleActive(3);
        n.user = QStringLiteral("mallory\r\nBcc: victim@example.org");
        n.message = QStringLiteral("line one\nline two\r\n.\n") + QString(2000, QLatin1Char('x'));
        const QByteArray message = buildEmailMessage(n, QStringLiteral("a@b.example"), {QStringLiteral("c@d.example")},
                                                     QStringLiteral("<id@b.example>"), sampleTime());
        QVERIFY(message.startsWith("Date: Sat, 14 Mar 2026 15:09:26 +0000\r\n"));
        // Every line ends in CRLF and none is longer than SMTP allows.
        QVERIFY(message.endsWith("\r\n"));
        const QList<QByteArray> lines = message.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QVERIFY2(lines[i].endsWith('\r'), lines[i].left(60).constData());
            QVERIFY(lines[i].size() <= 999);
        }
        // A user name cannot add a header.
        const qsizetype headEnd = message.indexOf("\r\n\r\n");
        QVERIFY(!message.left(headEnd).contains("\r\nBcc:"));
        QVERIFY(message.contains("Subject: [GridDeck] Deployment #3 for mallory Bcc: victim@example.org is active\r\n"));
    }

    void blockingSendFromAWorkerThread()
    {
        const int before = m_server->messages().size();
        const NotifySettings settings = emailSettings(m_server->port());
        std::optional<Result<void>> answer;
        QThread *worker = QThread::create([&] {
            answer = EmailChannel::deliverBlocking(settings, m_secrets, sampleActive(11), QStringLiteral("outbox-11"));
        });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 15000);
        delete worker;
        QVERIFY2(answer && answer->ok(), qPrintable(messageOf(answer)));
        QCOMPARE(m_server->messages().size(), before + 1);
        const QByteArray raw = m_server->messageWithId("<griddeck.outbox-11.11@ops.example.org>");
        QVERIFY(!raw.isEmpty());
        QCOMPARE(parseMail(raw).headers.value("subject"),
            QByteArray("[GridDeck] Deployment #11 for alice is active"));
    }

    void blockingSendIsRefusedOnTheMainThread()
    {
        const int before = m_server->messages().size();
        auto request = EmailChannel::prepare(
            emailSettings(m_server->port()), sampleActive(), QStringLiteral("x"), std::nullopt);
        QVERIFY(request.ok());
        auto refused = sendSmtp(request.value());
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("main thread")), qPrintable(refused.error().message));
        QCOMPARE(m_server->messages().size(), before);
    }

    void serverDownIsTransient()
    {
        const ReservedPort closed; // bound, not listening: connecting is refused
        EmailChannel channel(emailSettings(closed.port()), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY2(answer->error().message.contains(QStringLiteral("refused")), qPrintable(answer->error().message));
        QVERIFY(answer->error().message.contains(QStringLiteral("127.0.0.1")));
    }

    void rejectedMessageIsPermanent()
    {
        // A server that takes at most 200 bytes answers 552 (a 5xx): retrying will not help.
        SmtpTestServer small;
        const QString problem = small.start(200);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        EmailChannel channel(emailSettings(small.port()), &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY2(answer->error().message.contains(QStringLiteral("552")), qPrintable(answer->error().message));
        QVERIFY(small.messages().isEmpty());
    }

    void badAddressIsPermanentAndSendsNothing()
    {
        const int before = m_server->messages().size();
        NotifySettings settings = emailSettings(m_server->port());
        settings.emailTo << QStringLiteral("ops@example.org>\r\nRCPT TO:<x@evil.example");
        EmailChannel channel(settings, &m_secrets);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY2(answer->error().message.contains(QStringLiteral("email_to")), qPrintable(answer->error().message));
        QCOMPARE(m_server->messages().size(), before);
    }

    void userWithoutStoredPasswordIsPermanent()
    {
        NotifySettings settings = emailSettings(m_server->port());
        settings.smtpUser = QStringLiteral("griddeck");
        MemorySecretStore empty;
        EmailChannel channel(settings, &empty);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        QVERIFY2(answer->error().message.contains(QStringLiteral("no SMTP password is stored")),
                 qPrintable(answer->error().message));
    }

    void unreadablePasswordIsTransient()
    {
        NotifySettings settings = emailSettings(m_server->port());
        settings.smtpUser = QStringLiteral("griddeck");
        MemorySecretStore broken;
        broken.simulateFailure(QStringLiteral("keychain locked"));
        EmailChannel channel(settings, &broken);
        auto answer = deliverNow([&](DeliveryCallback cb) { channel.deliver(sampleActive(), QStringLiteral("1"), cb); });
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().kind, ErrorKind::Transient);
        QVERIFY(answer->error().message.contains(QStringLiteral("keychain locked")));
    }
};

QTEST_GUILESS_MAIN(TestSmtp)
#include "tst_smtp.moc"
