// The buyer's own webhook, end to end over loopback: a shop's purchase POSTed over HTTP goes
// Active and the buyer's webhook URL (users.webhook_url) receives a signed deployment.active
// POST with the SSH command; a purchase no node can carry fails and the same URL receives
// deployment.failed with the refund. A real HTTP listener records what arrives.

#include "../notify/HttpReceiver.h"
#include "../pipeline/PipelineFixture.h"
#include "ApiClient.h"
#include "api/ApiServer.h"
#include "api/ApiTokens.h"
#include "notify/Contacts.h"
#include "notify/WebhookChannel.h"
#include "pipeline/PipelineStore.h"
#include "secrets/MemorySecretStore.h"

#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

const QString kSecret = QStringLiteral("buyer-hook-signing-secret");

} // namespace

class TestApiWebhook : public QObject
{
    Q_OBJECT

    // The requests the receiver got for `event` (X-GridDeck-Event).
    static std::vector<ReceivedRequest> of(const HttpReceiver &receiver, const QByteArray &event)
    {
        std::vector<ReceivedRequest> out;
        for (const ReceivedRequest &r : receiver.requests)
            if (r.headers.value("x-griddeck-event") == event)
                out.push_back(r);
        return out;
    }

private Q_SLOTS:
    void buyerWebhookHearsActiveAndFailed()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.isListening());
        PipelineFixture fx(100);
        fx.config.notifications.webhookEnabled = true;
        fx.config.notifications.webhookUrl.clear(); // no operator hook: only the buyer's
        const qint64 alice = fx.addUser(QStringLiteral("alice"), 500);
        const QUrl hook = receiver.url(QStringLiteral("/hooks/alice"));
        QVERIFY(setUserContact(*fx.temp.store(), alice, std::nullopt, hook.toString()).ok());

        MemorySecretStore secrets;
        bool stored = false;
        secrets.write(SecretName::WebhookSecret, kSecret, [&stored](Result<void> r) { stored = r.ok(); });
        QTRY_VERIFY(stored);

        ApiTokens tokens(fx.temp.store());
        const QString shop = tokens.create(ApiRole::Shop).value().secret;
        PipelineEngine engine(fx.config, fx.temp.store(), &secrets, fastOptions(2));
        QVERIFY(engine.start().ok());
        ApiServer server(engine);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0).ok());
        ApiClient client(server.url());

        // Active: one signed POST to the buyer's URL, with the SSH command the status shows.
        QJsonObject purchase { { QStringLiteral("payment_id"), QStringLiteral("hook-1") },
            { QStringLiteral("user"), QStringLiteral("alice") },
            { QStringLiteral("amount"), QStringLiteral("25.00") },
            { QStringLiteral("spec"), specOfType(0).toJson() } };
        const ApiReply created = client.post(QStringLiteral("/api/purchases"), shop, purchase);
        QVERIFY2(created.status == 201, created.body.constData());
        const qint64 id = created.json.value(QStringLiteral("id")).toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(of(receiver, "deployment.active").size() == 1, 30000);
        const ReceivedRequest active = of(receiver, "deployment.active").front();
        QCOMPARE(active.method, QByteArray("POST"));
        QCOMPARE(active.path, QByteArray("/hooks/alice"));
        QCOMPARE(active.headers.value("x-griddeck-signature"),
            WebhookChannel::signature(active.body, kSecret.toUtf8()));
        const QJsonObject sent = QJsonDocument::fromJson(active.body).object();
        const QString ssh = pipelinestore::latestDeployment(fx.temp.store()->db(), id).value()->sshCommand;
        QVERIFY(ssh.startsWith(QLatin1String("ssh ")));
        QVERIFY2(active.body.contains(ssh.toUtf8()), active.body.constData());
        QVERIFY2(active.body.contains(QByteArray::number(id)), active.body.constData());
        QVERIFY(!sent.isEmpty());

        // Failed: no node can carry it; the same URL hears why, and of the refund.
        purchase.insert(QStringLiteral("payment_id"), QStringLiteral("hook-2"));
        purchase.insert(QStringLiteral("spec"),
            ServiceSpec::make(
                VmService { QStringLiteral("ubuntu"), QStringLiteral("24.04") }, 64, 1024, 50000)
                .toJson());
        const ApiReply big = client.post(QStringLiteral("/api/purchases"), shop, purchase);
        QCOMPARE(big.status, 201);
        const qint64 bigId = big.json.value(QStringLiteral("id")).toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(of(receiver, "deployment.failed").size() == 1, 30000);
        const ReceivedRequest failed = of(receiver, "deployment.failed").front();
        QCOMPARE(failed.path, QByteArray("/hooks/alice"));
        QCOMPARE(failed.headers.value("x-griddeck-signature"),
            WebhookChannel::signature(failed.body, kSecret.toUtf8()));
        QVERIFY2(failed.body.contains(QByteArray::number(bigId)), failed.body.constData());
        QVERIFY2(failed.body.contains("25.0000000"), failed.body.constData()); // the refunded amount

        // Delivered, recorded once per event; nothing to the operator channel.
        QTRY_COMPARE(fx.scalar(QStringLiteral(
                         "SELECT COUNT(*) FROM outbox WHERE recipient = '%1' AND state = 'delivered'")
                                   .arg(hook.toString())),
            2);
        QCOMPARE(receiver.requests.size(), size_t(2));
        engine.stop();
    }
};

QTEST_GUILESS_MAIN(TestApiWebhook)
#include "tst_api_webhook.moc"
