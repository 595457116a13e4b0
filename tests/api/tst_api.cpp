// The HTTP API over loopback with a real client: a shop's purchase goes Active, tokens and
// roles, the seed's status shape, paging, restart and stop, and every refusal as JSON.

#include "../pipeline/PipelineFixture.h"
#include "ApiClient.h"
#include "api/ApiServer.h"
#include "api/ApiTokens.h"

#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestApi : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<PipelineFixture> m_fx;
    std::unique_ptr<PipelineEngine> m_engine;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_shop, m_alice, m_bob, m_operator, m_support;

    QString token(ApiRole role, const QString &user = QString())
    {
        ApiTokens tokens(m_fx->temp.store());
        auto made = tokens.create(role, user);
        if (!made.ok())
            qFatal("token: %s", qPrintable(made.error().message));
        return made->secret;
    }

    static QJsonObject purchase(
        const QString &paymentId, const QString &user, const QString &amount = QStringLiteral("25.00"))
    {
        return QJsonObject { { QStringLiteral("payment_id"), paymentId }, { QStringLiteral("user"), user },
            { QStringLiteral("amount"), amount }, { QStringLiteral("spec"), specOfType(0).toJson() } };
    }

    // POSTs a purchase and waits until its job is Active; returns the job id.
    qint64 activePurchase(const QString &paymentId, const QString &user, const QString &userToken)
    {
        const ApiReply created
            = m_client->post(QStringLiteral("/api/purchases"), m_shop, purchase(paymentId, user));
        if (created.status != 201)
            qFatal("purchase: %d %s", created.status, created.body.constData());
        const qint64 id = created.json.value(QStringLiteral("id")).toInteger();
        QString status;
        QElapsedTimer waited;
        waited.start();
        while (status != QLatin1String("Active") && waited.elapsed() < 30000) {
            QTest::qWait(50);
            status = m_client->get(QStringLiteral("/api/deployments/%1/status").arg(id), userToken)
                         .json.value(QStringLiteral("status"))
                         .toString();
        }
        return status == QLatin1String("Active") ? id : 0;
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<PipelineFixture>(100);
        m_fx->addUser(QStringLiteral("alice"), 500);
        m_fx->addUser(QStringLiteral("bob"), 500);
        m_shop = token(ApiRole::Shop);
        m_alice = token(ApiRole::User, QStringLiteral("alice"));
        m_bob = token(ApiRole::User, QStringLiteral("bob"));
        m_operator = token(ApiRole::Operator);
        m_support = token(ApiRole::Support);
        m_engine
            = std::make_unique<PipelineEngine>(m_fx->config, m_fx->temp.store(), nullptr, fastOptions(2));
        QVERIFY2(m_engine->start().ok(), "engine");
        m_server = std::make_unique<ApiServer>(*m_engine);
        auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_client = std::make_unique<ApiClient>(m_server->url());
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        m_fx.reset();
    }

    void tokensAreStoredHashed()
    {
        QSqlQuery q(m_fx->temp.store()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM api_tokens")));
        int rows = 0;
        while (q.next()) {
            ++rows;
            const QString stored = q.value(0).toString();
            QCOMPARE(stored.size(), 64);
            for (const QString &secret : { m_shop, m_alice, m_bob, m_operator, m_support })
                QVERIFY(stored != secret && !secret.contains(stored));
        }
        QCOMPARE(rows, 5);
        QVERIFY(m_shop.startsWith(QLatin1String("gdk_")));
        ApiTokens tokens(m_fx->temp.store());
        QVERIFY(!tokens.create(ApiRole::User).ok()); // a user token needs its user
        QVERIFY(!tokens.create(ApiRole::Shop, QStringLiteral("alice")).ok()); // and only it has one
        QCOMPARE(tokens.create(ApiRole::User, QStringLiteral("nobody")).error().kind, ErrorKind::NotFound);
    }

    void purchaseGoesActiveAndOnlyItsBuyerSeesIt()
    {
        const qint64 id = activePurchase(QStringLiteral("pay-1001"), QStringLiteral("alice"), m_alice);
        QVERIFY(id > 0);
        const ApiReply status = m_client->get(QStringLiteral("/api/deployments/%1/status").arg(id), m_alice);
        QCOMPARE(status.status, 200);
        const QJsonObject s = status.json;
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("Active"));
        for (const char *step : { "payment_completed", "queued", "converting", "deploying", "active" })
            QVERIFY2(s.value(QLatin1String(step)).toBool(), step);
        const QJsonArray steps = s.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 5);
        QCOMPARE(steps.at(1).toObject().value(QStringLiteral("label")).toString(),
            QStringLiteral("Queued for Deployment"));
        for (const QJsonValue &step : steps)
            QVERIFY(!step.toObject().value(QStringLiteral("at")).toString().isEmpty());
        QSqlQuery q(m_fx->temp.store()->db());
        QVERIFY(
            q.exec(QStringLiteral("SELECT ssh_command, node_id, ip FROM job_deployments WHERE job_id = %1 "
                                  "ORDER BY attempt DESC LIMIT 1")
                       .arg(id))
            && q.next());
        QVERIFY(!q.value(0).toString().isEmpty());
        QCOMPARE(s.value(QStringLiteral("ssh_command")).toString(), q.value(0).toString());
        QCOMPARE(s.value(QStringLiteral("node_id")).toInteger(), q.value(1).toLongLong());
        QCOMPARE(s.value(QStringLiteral("connection_info"))
                     .toObject()
                     .value(QStringLiteral("ssh_command"))
                     .toString(),
            q.value(0).toString());
        QCOMPARE(s.value(QStringLiteral("tfc_amount")).toString(), QStringLiteral("25.0000000"));
        QVERIFY(!s.value(QStringLiteral("tft_amount")).toString().isEmpty());

        // Another user's token: as if it did not exist. The shop, support and operator see it.
        const ApiReply other = m_client->get(QStringLiteral("/api/deployments/%1/status").arg(id), m_bob);
        QCOMPARE(other.status, 404);
        QCOMPARE(other.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments/999/status"), m_bob).errorMessage(),
            QStringLiteral("no deployment 999"));
        QCOMPARE(other.errorMessage(), QStringLiteral("no deployment %1").arg(id));
        for (const QString &t : { m_shop, m_support, m_operator })
            QCOMPARE(m_client->get(QStringLiteral("/api/deployments/%1/status").arg(id), t).status, 200);
    }

    void purchaseIsIdempotentByPaymentId()
    {
        const ApiReply first = m_client->post(QStringLiteral("/api/purchases"), m_shop,
            purchase(QStringLiteral("pay-7"), QStringLiteral("bob")));
        QCOMPARE(first.status, 201);
        QVERIFY(first.headers.value("location").endsWith("/status"));
        const ApiReply again = m_client->post(QStringLiteral("/api/purchases"), m_shop,
            purchase(QStringLiteral("pay-7"), QStringLiteral("bob")));
        QCOMPARE(again.status, 200);
        QVERIFY(again.json.value(QStringLiteral("replayed")).toBool());
        QCOMPARE(again.json.value(QStringLiteral("id")).toInteger(),
            first.json.value(QStringLiteral("id")).toInteger());
        const ApiReply different = m_client->post(QStringLiteral("/api/purchases"), m_shop,
            purchase(QStringLiteral("pay-7"), QStringLiteral("bob"), QStringLiteral("30")));
        QCOMPARE(different.status, 409);
        QVERIFY(different.errorMessage().contains(QLatin1String("pay-7")));
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM jobs")), 1);
        QCOMPARE(
            m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'hold'")), 1);

        // Refused for too few credits: nothing held, and the payment id stays free.
        const ApiReply poor = m_client->post(QStringLiteral("/api/purchases"), m_shop,
            purchase(QStringLiteral("pay-8"), QStringLiteral("bob"), QStringLiteral("100000")));
        QCOMPARE(poor.status, 409);
        QCOMPARE(
            m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM api_purchases WHERE payment_id = 'pay-8'")), 0);
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM jobs")), 1);
    }

    void refusalsAreJson_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("who");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("needle");
        const QByteArray good = QJsonDocument(purchase(QStringLiteral("p-1"), QStringLiteral("alice")))
                                    .toJson(QJsonDocument::Compact);
        QTest::newRow("no token") << QByteArray("GET") << "/api/deployments"
                                  << "" << QByteArray() << 401 << "Authorization";
        QTest::newRow("unknown token") << QByteArray("GET") << "/api/deployments"
                                       << "gdk_nope" << QByteArray() << 401 << "unknown";
        QTest::newRow("user may not buy") << QByteArray("POST") << "/api/purchases"
                                          << "alice" << good << 403 << "user token";
        QTest::newRow("support may not stop") << QByteArray("POST") << "/api/deployments/1/stop"
                                              << "support" << QByteArray("{}") << 403 << "support token";
        QTest::newRow("not json") << QByteArray("POST") << "/api/purchases"
                                  << "shop" << QByteArray("{\"payment_id\": ") << 400 << "not JSON";
        QTest::newRow("not an object") << QByteArray("POST") << "/api/purchases"
                                       << "shop" << QByteArray("[1,2]") << 400 << "object";
        QTest::newRow("too large") << QByteArray("POST") << "/api/purchases"
                                   << "shop" << QByteArray(70000, 'x') << 413 << "70000 bytes";
        QTest::newRow("unknown field")
            << QByteArray("POST") << "/api/purchases"
            << "shop"
            << QByteArray(R"({"payment_id":"p","user":"alice","amount":"1","spec":{},"coupon":"x"})") << 422
            << "coupon";
        QTest::newRow("number amount")
            << QByteArray("POST") << "/api/purchases"
            << "shop" << QByteArray(R"({"payment_id":"p","user":"alice","amount":1.5,"spec":{}})") << 422
            << "decimal string";
        QTest::newRow("bad amount") << QByteArray("POST") << "/api/purchases"
                                    << "shop"
                                    << QByteArray(
                                           R"({"payment_id":"p","user":"alice","amount":"1e3","spec":{}})")
                                    << 422 << "amount";
        QTest::newRow("no such user")
            << QByteArray("POST") << "/api/purchases"
            << "shop" << QByteArray(R"({"payment_id":"p","user":"zed","amount":"5","spec":{}})") << 422
            << "zed";
        QTest::newRow("bad spec")
            << QByteArray("POST") << "/api/purchases"
            << "shop"
            << QByteArray(R"({"payment_id":"p","user":"alice","amount":"5","spec":{"service_type":"vm"}})")
            << 422 << "spec";
        QTest::newRow("bad payment id")
            << QByteArray("POST") << "/api/purchases"
            << "shop" << QByteArray(R"({"payment_id":"a b","user":"alice","amount":"5","spec":{}})") << 422
            << "payment_id";
        QTest::newRow("no such job") << QByteArray("GET") << "/api/deployments/12345/status"
                                     << "operator" << QByteArray() << 404 << "12345";
        QTest::newRow("id not a number") << QByteArray("GET") << "/api/deployments/abc/status"
                                         << "operator" << QByteArray() << 404 << "abc";
        QTest::newRow("no such path") << QByteArray("GET") << "/api/nothing"
                                      << "operator" << QByteArray() << 404 << "no such";
        QTest::newRow("wrong method") << QByteArray("GET") << "/api/purchases"
                                      << "shop" << QByteArray() << 405 << "POST";
        QTest::newRow("restart not active") << QByteArray("POST") << "/api/deployments/1/restart"
                                            << "operator" << QByteArray("{}") << 404 << "1";
        QTest::newRow("bad page") << QByteArray("GET") << "/api/deployments?page=0"
                                  << "operator" << QByteArray() << 400 << "page";
        QTest::newRow("big page") << QByteArray("GET") << "/api/deployments?size=101"
                                  << "operator" << QByteArray() << 400 << "size";
        QTest::newRow("unknown parameter") << QByteArray("GET") << "/api/deployments?sort=id"
                                           << "operator" << QByteArray() << 400 << "sort";
        QTest::newRow("other user's list") << QByteArray("GET") << "/api/deployments?user=bob"
                                           << "alice" << QByteArray() << 403 << "another user";
    }

    void refusalsAreJson()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, who);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, needle);
        const QHash<QString, QString> tokens
            = { { QStringLiteral("shop"), m_shop }, { QStringLiteral("alice"), m_alice },
                  { QStringLiteral("operator"), m_operator }, { QStringLiteral("support"), m_support } };
        const ApiReply reply = m_client->call(method, path, tokens.value(who, who), body);
        QVERIFY2(reply.status == status,
            qPrintable(QStringLiteral("%1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body))));
        QCOMPARE(reply.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("status")).toInt(),
            status);
        QVERIFY2(reply.errorMessage().contains(needle), qPrintable(reply.errorMessage()));
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM jobs")), 0);
        if (status == 401)
            QVERIFY(reply.headers.value("www-authenticate").startsWith("Bearer"));
    }

    void listsPageByPage()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(m_client
                         ->post(QStringLiteral("/api/purchases"), m_shop,
                             purchase(QStringLiteral("a-%1").arg(i), QStringLiteral("alice"),
                                 QStringLiteral("10")))
                         .status,
                201);
        QCOMPARE(m_client
                     ->post(QStringLiteral("/api/purchases"), m_shop,
                         purchase(QStringLiteral("b-1"), QStringLiteral("bob"), QStringLiteral("10")))
                     .status,
            201);
        const ApiReply page2
            = m_client->get(QStringLiteral("/api/deployments?user=alice&page=2&size=2"), m_support);
        QCOMPARE(page2.status, 200);
        QCOMPARE(page2.json.value(QStringLiteral("total")).toInt(), 5);
        QCOMPARE(page2.json.value(QStringLiteral("pages")).toInt(), 3);
        QCOMPARE(page2.headers.value("count"), QByteArray("5"));
        const QJsonArray items = page2.json.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        for (const QJsonValue &v : items)
            QCOMPARE(v.toObject().value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments?user=alice&page=3&size=2"), m_support)
                     .json.value(QStringLiteral("items"))
                     .toArray()
                     .size(),
            1);
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments"), m_operator)
                     .json.value(QStringLiteral("total"))
                     .toInt(),
            6);
        // A user token lists only its own, with or without ?user= naming itself.
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments"), m_bob)
                     .json.value(QStringLiteral("total"))
                     .toInt(),
            1);
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments?user=bob"), m_bob)
                     .json.value(QStringLiteral("total"))
                     .toInt(),
            1);
    }

    void restartAndStopByTheBuyer()
    {
        const qint64 id = activePurchase(QStringLiteral("pay-r"), QStringLiteral("alice"), m_alice);
        QVERIFY(id > 0);
        const QString base = QStringLiteral("/api/deployments/%1/").arg(id);
        QCOMPARE(m_client->post(base + QStringLiteral("restart"), m_bob).status, 404);
        QCOMPARE(m_client->post(base + QStringLiteral("restart"), m_shop).status, 403);
        const ApiReply restarted = m_client->post(base + QStringLiteral("restart"), m_alice);
        QVERIFY2(restarted.status == 202, restarted.body.constData());
        QCOMPARE(restarted.json.value(QStringLiteral("result")).toString(), QStringLiteral("checking"));
        QCOMPARE(
            m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = %1 AND kind = 'restart' "
                                        "AND actor = 'api:alice'")
                             .arg(id)),
            1);
        // Readiness and health run again; the status says how the restart ended.
        QJsonObject status;
        QTRY_VERIFY_WITH_TIMEOUT((status = m_client->get(base + QStringLiteral("status"), m_alice).json)
                                     .value(QStringLiteral("restart"))
                                     .toObject()
                                     .value(QStringLiteral("state"))
                                     .toString()
                != QLatin1String("checking"),
            20000);
        QVERIFY2(status.value(QStringLiteral("restart")).toObject().value(QStringLiteral("state")).toString() == u"ok",
            QJsonDocument(status).toJson().constData());
        QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("Active"));
        QCOMPARE(
            status.value(QStringLiteral("restart")).toObject().value(QStringLiteral("number")).toInt(), 1);
        const ApiReply stopped = m_client->post(base + QStringLiteral("stop"), m_alice);
        QVERIFY2(stopped.status == 200, stopped.body.constData());
        QCOMPARE(m_client->get(base + QStringLiteral("status"), m_alice)
                     .json.value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("Stopped"));
        const ApiReply again = m_client->post(base + QStringLiteral("restart"), m_alice);
        QCOMPARE(again.status, 409);
        QVERIFY(again.errorMessage().contains(QLatin1String("stopped")));
    }

    void revokedTokenIsRefused()
    {
        ApiTokens tokens(m_fx->temp.store());
        auto made = tokens.create(ApiRole::Support, QString(), QStringLiteral("temp"));
        QVERIFY(made.ok());
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments"), made->secret).status, 200);
        QVERIFY(tokens.revoke(made->token.id).ok());
        QCOMPARE(m_client->get(QStringLiteral("/api/deployments"), made->secret).status, 401);
    }

    void listenAddressesParse()
    {
        auto a = ApiServer::parseListen(QStringLiteral("127.0.0.1:8088"));
        QVERIFY(a.ok());
        QCOMPARE(a->second, quint16(8088));
        QVERIFY(ApiServer::parseListen(QStringLiteral("[::1]:0")).ok());
        QVERIFY(!ApiServer::parseListen(QStringLiteral("8088")).ok());
        QVERIFY(!ApiServer::parseListen(QStringLiteral("host.example:80")).ok());
        QVERIFY(!ApiServer::parseListen(QStringLiteral("127.0.0.1:70000")).ok());
    }
};

QTEST_MAIN(TestApi)
#include "tst_api.moc"
