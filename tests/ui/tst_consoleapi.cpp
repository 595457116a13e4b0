// The console serves the HTTP API when [api] enabled is set: the same ApiServer as griddeckctl
// serve, over the console's own engine and store. Off by default; switched on and off from the
// settings (AppController::applyConfig), with the address in [api] listen.

#include "../api/ApiClient.h"
#include "UiTestSupport.h"
#include "api/ApiTokens.h"
#include "config/Config.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestConsoleApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offByDefault()
    {
        QCOMPARE(Config::defaults().api.enabled, false);
        UiFixture f(true);
        QVERIFY(f.app.engineRunning());
        QVERIFY(f.app.apiUrl().isEmpty());
    }

    void servesThePurchaseApiOverTheConsolesEngine()
    {
        UiFixture f(true, [](Config &c) {
            c.api.enabled = true;
            c.api.listen = QStringLiteral("127.0.0.1:0"); // any free port
        });
        QVERIFY(f.app.engineRunning());
        const QUrl url = f.app.apiUrl();
        QVERIFY2(url.isValid() && url.port() > 0, qPrintable(f.app.apiMessage()));
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));

        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        ApiTokens tokens(f.app.store());
        auto shop = tokens.create(ApiRole::Shop, QString());
        auto buyer = tokens.create(ApiRole::User, QStringLiteral("alice"));
        QVERIFY(shop.ok() && buyer.ok());
        ApiClient client(url);
        const QJsonObject purchase { { QStringLiteral("payment_id"), QStringLiteral("console-1") },
            { QStringLiteral("user"), QStringLiteral("alice") },
            { QStringLiteral("amount"), QStringLiteral("20.00") },
            { QStringLiteral("spec"), UiFixture::vm().toJson() } };
        const ApiReply created = client.post(QStringLiteral("/api/purchases"), shop->secret, purchase);
        QVERIFY2(created.status == 201, created.body.constData());
        const qint64 id = created.json.value(QStringLiteral("id")).toInteger();
        // The console's own queue holds it and its engine carries it.
        QCOMPARE(f.app.queue().job(id)->userId, alice);
        QTRY_VERIFY_WITH_TIMEOUT(
            client.get(QStringLiteral("/api/deployments/%1/status").arg(id), buyer->secret)
                    .json.value(QStringLiteral("status"))
                    .toString()
                == QLatin1String("Active"),
            60000);

        // Switched off in the settings: nothing listens any more.
        Config off = f.app.config();
        off.api.enabled = false;
        QVERIFY(f.app.applyConfig(off).ok());
        QVERIFY(f.app.apiUrl().isEmpty());
        QCOMPARE(ApiClient(url).get(QStringLiteral("/api/deployments"), shop->secret).status,
            0); // connection refused
    }

    void anAddressInUseIsReportedAndTheConsoleRunsOn()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        UiFixture f(true, [&](Config &c) {
            c.api.enabled = true;
            c.api.listen = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
        });
        QVERIFY(f.app.engineRunning());
        QVERIFY(f.app.apiUrl().isEmpty());
        QVERIFY2(
            f.app.apiMessage().contains(QString::number(taken.serverPort())), qPrintable(f.app.apiMessage()));
    }

    void listenAddressIsChecked()
    {
        Config c;
        c.api.listen = QStringLiteral("localhost");
        auto checked = c.validate();
        QVERIFY(!checked.ok());
        QVERIFY2(checked.error().message.contains(QLatin1String("api.listen")),
            qPrintable(checked.error().message));
        c.api.listen = QStringLiteral("[::1]:8088");
        QVERIFY(c.validate().ok());
    }
};

QTEST_MAIN(TestConsoleApi)
#include "tst_consoleapi.moc"
