// The whole path, over real servers on loopback: a shop POSTs a purchase over HTTP,
// the pipeline takes it to Active on the grid simulator, the buyer's token reads the SSH
// command from /status (another user's token gets 404), and the buyer's own address receives
// an email from a real SMTP server (aiosmtpd) with the same SSH command, in plain text and
// HTML. A purchase that cannot be deployed tells the buyer what went wrong and the refund.

#include "../pipeline/PipelineFixture.h"
#include "ApiClient.h"
#include "SmtpServer.h"
#include "api/ApiServer.h"
#include "api/ApiTokens.h"
#include "notify/Contacts.h"

#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

// The body of the MIME part of `type` (text/plain, text/html) of a multipart message.
QString partOf(const QByteArray &message, const QByteArray &type)
{
    const qsizetype header = message.indexOf("Content-Type: " + type);
    if (header < 0)
        return QString();
    const qsizetype start = message.indexOf("\n\n", header) + 2;
    const qsizetype end = message.indexOf("\n--=_griddeck", start);
    return QString::fromUtf8(message.mid(start, end - start));
}

QByteArray headerOf(const QByteArray &message, const QByteArray &name)
{
    const qsizetype at = message.indexOf("\n" + name + ": ");
    if (at < 0)
        return QByteArray();
    const qsizetype start = at + name.size() + 3;
    return message.mid(start, message.indexOf('\n', start) - start);
}

} // namespace

class TestApiBuyer : public QObject
{
    Q_OBJECT
private:
    SmtpServer m_smtp;

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_smtp.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void aShopPurchaseOverHttpReachesTheBuyer()
    {
        PipelineFixture fx(100);
        fx.config.notifications.emailEnabled = true;
        fx.config.notifications.smtpHost = QStringLiteral("127.0.0.1");
        fx.config.notifications.smtpPort = m_smtp.port;
        fx.config.notifications.emailFrom = QStringLiteral("griddeck@ops.example.org");
        fx.config.notifications.emailTo = { QStringLiteral("oncall@example.org") };
        const qint64 alice = fx.addUser(QStringLiteral("alice"), 500);
        fx.addUser(QStringLiteral("bob"), 500);
        QVERIFY(
            setUserContact(*fx.temp.store(), alice, QStringLiteral("alice@example.com"), std::nullopt).ok());

        ApiTokens tokens(fx.temp.store());
        const QString shop = tokens.create(ApiRole::Shop).value().secret;
        const QString aliceToken = tokens.create(ApiRole::User, QStringLiteral("alice")).value().secret;
        const QString bobToken = tokens.create(ApiRole::User, QStringLiteral("bob")).value().secret;

        PipelineEngine engine(fx.config, fx.temp.store(), nullptr, fastOptions(2));
        QVERIFY(engine.start().ok());
        ApiServer server(engine);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0).ok());
        ApiClient client(server.url());

        // 1. The shop's confirmed payment, over HTTP.
        const QJsonObject purchase { { QStringLiteral("payment_id"), QStringLiteral("shop-order-5531") },
            { QStringLiteral("user"), QStringLiteral("alice") },
            { QStringLiteral("amount"), QStringLiteral("25.00") },
            { QStringLiteral("spec"), specOfType(0).toJson() } };
        const ApiReply created = client.post(QStringLiteral("/api/purchases"), shop, purchase);
        QVERIFY2(created.status == 201, created.body.constData());
        const qint64 id = created.json.value(QStringLiteral("id")).toInteger();
        const QString statusPath = QStringLiteral("/api/deployments/%1/status").arg(id);

        // 2. It goes Active; the buyer's token reads the SSH command.
        QTRY_COMPARE_WITH_TIMEOUT(
            client.get(statusPath, aliceToken).json.value(QStringLiteral("status")).toString(),
            QStringLiteral("Active"), 30000);
        const QJsonObject status = client.get(statusPath, aliceToken).json;
        const QString ssh = status.value(QStringLiteral("ssh_command")).toString();
        const QString ip = status.value(QStringLiteral("ip_address")).toString();
        QVERIFY2(ssh.startsWith(QLatin1String("ssh ")), qPrintable(ssh));
        QVERIFY(!ip.isEmpty());

        // 3. Another user's token: 404, as for a deployment that does not exist.
        const ApiReply other = client.get(statusPath, bobToken);
        QCOMPARE(other.status, 404);
        QCOMPARE(other.errorCode(), QStringLiteral("not_found"));

        // 4. The buyer's mailbox, on the real SMTP server: the same SSH command.
        QTRY_COMPARE_WITH_TIMEOUT(m_smtp.messagesTo(QStringLiteral("alice@example.com")).size(), 1, 20000);
        const QByteArray mail = m_smtp.messagesTo(QStringLiteral("alice@example.com")).first();
        QCOMPARE(headerOf(mail, "Subject"),
            QByteArray("Your deployment #%1 is ready").replace("%1", QByteArray::number(id)));
        QCOMPARE(headerOf(mail, "To"), QByteArray("alice@example.com"));
        QVERIFY(headerOf(mail, "Content-Type").startsWith("multipart/alternative"));
        if (qEnvironmentVariableIsSet("GRIDDECK_SHOW_MAIL"))
            qInfo().noquote() << QString::fromUtf8(mail);
        const QString plain = partOf(mail, "text/plain");
        const QString html = partOf(mail, "text/html");
        QVERIFY2(plain.contains(QStringLiteral("SSH access: %1\n").arg(ssh)), qPrintable(plain));
        QVERIFY2(plain.contains(QStringLiteral("IP address: %1\n").arg(ip)), qPrintable(plain));
        QVERIFY(plain.startsWith(QLatin1String("Hello alice,")));
        QVERIFY2(html.contains(QStringLiteral("<code>%1</code>").arg(ssh.toHtmlEscaped())), qPrintable(html));
        // No web URL for a VM: no Web row in either part.
        QVERIFY(!plain.contains(QLatin1String("Web interface")));
        // The operator list still gets its own message, and bob (no address) nothing.
        QTRY_COMPARE_WITH_TIMEOUT(m_smtp.messagesTo(QStringLiteral("oncall@example.org")).size(), 1, 20000);
        // The mail is in before the sender has recorded its delivery: wait for that record.
        QTRY_COMPARE_WITH_TIMEOUT(fx.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE recipient = "
                                                           "'alice@example.com' AND state = 'delivered'")),
            1, 10000);

        // 5. A purchase no node can carry: rolled back, refunded, and the buyer is told why.
        QJsonObject tooBig = purchase;
        tooBig.insert(QStringLiteral("payment_id"), QStringLiteral("shop-order-5532"));
        tooBig.insert(QStringLiteral("spec"),
            ServiceSpec::make(
                VmService { QStringLiteral("ubuntu"), QStringLiteral("24.04") }, 64, 1024, 50000)
                .toJson());
        const ApiReply big = client.post(QStringLiteral("/api/purchases"), shop, tooBig);
        QCOMPARE(big.status, 201);
        const qint64 bigId = big.json.value(QStringLiteral("id")).toInteger();
        QTRY_COMPARE_WITH_TIMEOUT(
            client.get(QStringLiteral("/api/deployments/%1/status").arg(bigId), aliceToken)
                .json.value(QStringLiteral("status"))
                .toString(),
            QStringLiteral("Failed"), 30000);
        const QString why = client.get(QStringLiteral("/api/deployments/%1/status").arg(bigId), aliceToken)
                                .json.value(QStringLiteral("error"))
                                .toString();
        QVERIFY(!why.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_smtp.messagesTo(QStringLiteral("alice@example.com")).size(), 2, 20000);
        QByteArray failedMail;
        for (const QByteArray &m : m_smtp.messagesTo(QStringLiteral("alice@example.com")))
            if (headerOf(m, "X-GridDeck-Event") == "deployment.failed")
                failedMail = m;
        QVERIFY(!failedMail.isEmpty());
        const QString failedText = partOf(failedMail, "text/plain");
        QVERIFY2(failedText.contains(QStringLiteral("Refund: 25.0000000 TFC")), qPrintable(failedText));
        QVERIFY2(failedText.contains(QStringLiteral("What went wrong: ")), qPrintable(failedText));
        QVERIFY(failedText.contains(QLatin1String("refunded in full")));
        engine.stop();
        QVERIFY2(fx.violations().isEmpty(), qPrintable(fx.violations().join(QStringLiteral("; "))));
    }
};

QTEST_MAIN(TestApiBuyer)
#include "tst_api_buyer.moc"
