// Nothing a buyer asked for is dropped: a container's flist and Docker image and a Kubernetes
// manifest bought over POST /api/purchases reach the gateway request (the simulator stores and
// echoes them), or the purchase is refused up front naming the field, with nothing held or
// stored. (The simulator's own refusals: tests/sim/tst_simulator.cpp.) And a payment claimed by
// an interrupted purchase (claim written, job not) is completed by the shop's next POST of it,
// never held twice.

#include "../pipeline/PipelineFixture.h"
#include "ApiClient.h"
#include "api/ApiServer.h"
#include "api/ApiTokens.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

const QString kFlist = QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist");
const QString kManifest = QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");

} // namespace

class TestApiSpecs : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<PipelineFixture> m_fx;
    std::unique_ptr<PipelineEngine> m_engine;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_shop;
    qint64 m_alice = 0;

    static QJsonObject purchase(const QString &paymentId, const QJsonObject &spec)
    {
        return QJsonObject { { QStringLiteral("payment_id"), paymentId },
            { QStringLiteral("user"), QStringLiteral("alice") },
            { QStringLiteral("amount"), QStringLiteral("25.00") }, { QStringLiteral("spec"), spec } };
    }

    // The simulator's record of the contract of a job (an empty object when it has none).
    QJsonObject contractOf(qint64 jobId) const
    {
        for (const QJsonValue &v : m_fx->grid.state().value(QStringLiteral("contracts")).toArray())
            if (v.toObject().value(QStringLiteral("job_id")).toInteger() == jobId)
                return v.toObject();
        return {};
    }

    qint64 activeJob(const ApiReply &created)
    {
        if (created.status != 201)
            return 0;
        const qint64 id = created.json.value(QStringLiteral("id")).toInteger();
        if (!QTest::qWaitFor([&] { return m_fx->queue->job(id)->stage == Stage::Active; }, 30000))
            return 0;
        return id;
    }

    // Nothing of a refused purchase stays: no job, no claimed payment id, no credits held.
    void expectNothingStored(const QString &paymentId, Tfc availableBefore)
    {
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM jobs")), 0);
        QCOMPARE(
            m_fx->scalar(
                QStringLiteral("SELECT COUNT(*) FROM api_purchases WHERE payment_id = '%1'").arg(paymentId)),
            0);
        QCOMPARE(m_fx->ledger.user(m_alice).value().available, availableBefore);
        QCOMPARE(m_fx->ledger.user(m_alice).value().held, Tfc());
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<PipelineFixture>(100);
        m_alice = m_fx->addUser(QStringLiteral("alice"), 500);
        ApiTokens tokens(m_fx->temp.store());
        auto made = tokens.create(ApiRole::Shop, QString());
        QVERIFY(made.ok());
        m_shop = made->secret;
        m_engine
            = std::make_unique<PipelineEngine>(m_fx->config, m_fx->temp.store(), nullptr, fastOptions(2));
        QVERIFY2(m_engine->start().ok(), "engine");
        m_server = std::make_unique<ApiServer>(*m_engine);
        auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY(port.ok());
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

    void containerFlistAndImageReachTheGateway()
    {
        ServiceSpec spec
            = ServiceSpec::make(ContainerService { QStringLiteral("nginx:1.25"), { 80 }, kFlist }, 1, 2, 10);
        spec.dockerImage = QStringLiteral("nginx:1.25"); // the seed's name for the same image
        const qint64 id = activeJob(m_client->post(
            QStringLiteral("/api/purchases"), m_shop, purchase(QStringLiteral("c-1"), spec.toJson())));
        QVERIFY(id > 0);
        const QJsonObject contract = contractOf(id);
        QCOMPARE(contract.value(QStringLiteral("image")).toString(), kFlist);
        QCOMPARE(contract.value(QStringLiteral("docker_image")).toString(), QStringLiteral("nginx:1.25"));
    }

    void kubernetesManifestReachesTheGateway()
    {
        ServiceSpec spec = ServiceSpec::make(KubernetesService { 2 }, 2, 4, 20);
        spec.kubernetesManifest = kManifest;
        const qint64 id = activeJob(m_client->post(
            QStringLiteral("/api/purchases"), m_shop, purchase(QStringLiteral("k-1"), spec.toJson())));
        QVERIFY(id > 0);
        QCOMPARE(contractOf(id).value(QStringLiteral("kubernetes_manifest")).toString(), kManifest);
    }

    void refusedUpFrontNamingTheField_data()
    {
        QTest::addColumn<QJsonObject>("spec");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("needle");
        QTest::newRow("container image with no flist")
            << ServiceSpec::make(ContainerService { QStringLiteral("nginx:1.25"), { 80 } }, 1, 2, 10).toJson()
            << QStringLiteral("flist") << QStringLiteral("hub.grid.tf");
        QTest::newRow("flist that is not an flist URL") << ServiceSpec::make(
            ContainerService { QStringLiteral("nginx:1.25"), { 80 }, QStringLiteral("http://x/y.tar") }, 1, 2,
            10)
                                                               .toJson()
                                                        << QStringLiteral("flist")
                                                        << QStringLiteral("not an flist URL");
        ServiceSpec vm = specOfType(0);
        vm.dockerImage = QStringLiteral("nginx:1.25");
        QTest::newRow("docker_image on a vm")
            << vm.toJson() << QStringLiteral("docker_image") << QStringLiteral("only to container");
        ServiceSpec other
            = ServiceSpec::make(ContainerService { QStringLiteral("nginx:1.25"), { 80 }, kFlist }, 1, 2, 10);
        other.dockerImage = QStringLiteral("redis:7");
        QTest::newRow("docker_image unlike image")
            << other.toJson() << QStringLiteral("docker_image") << QStringLiteral("differs");
        ServiceSpec k8s = ServiceSpec::make(KubernetesService { 1 }, 1, 2, 10);
        k8s.kubernetesManifest = QStringLiteral("just some text\n");
        QTest::newRow("manifest without kind")
            << k8s.toJson() << QStringLiteral("kubernetes_manifest") << QStringLiteral("kind");
        ServiceSpec app = specOfType(4);
        app.kubernetesManifest = kManifest;
        QTest::newRow("manifest on an app")
            << app.toJson() << QStringLiteral("kubernetes_manifest") << QStringLiteral("only to kubernetes");
    }

    void refusedUpFrontNamingTheField()
    {
        QFETCH(QJsonObject, spec);
        QFETCH(QString, field);
        QFETCH(QString, needle);
        const Tfc before = m_fx->ledger.user(m_alice).value().available;
        const ApiReply refused
            = m_client->post(QStringLiteral("/api/purchases"), m_shop, purchase(QStringLiteral("r-1"), spec));
        QCOMPARE(refused.status, 422);
        QVERIFY2(refused.errorMessage().contains(field) && refused.errorMessage().contains(needle),
            refused.body.constData());
        expectNothingStored(QStringLiteral("r-1"), before);
    }

    void interruptedClaimIsCompletedByTheNextPost()
    {
        // What a crash between the claim and the job left (each was its own transaction).
        const QJsonObject body = purchase(QStringLiteral("crash-1"), specOfType(0).toJson());
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(
            QJsonDocument(body).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
                                                     .toHex());
        {
            WriteTransaction tx(*m_fx->temp.store());
            QVERIFY(exec(tx.db(),
                QStringLiteral(
                    "INSERT INTO api_purchases(payment_id, request_hash, created_at) VALUES (?, ?, ?)"),
                { QStringLiteral("crash-1"), hash, QDateTime::currentMSecsSinceEpoch() - 1000 })
                        .ok());
            QVERIFY(tx.commit().ok());
        }
        const ApiReply completed = m_client->post(QStringLiteral("/api/purchases"), m_shop, body);
        QVERIFY2(completed.status == 201, completed.body.constData());
        const qint64 id = completed.json.value(QStringLiteral("id")).toInteger();
        QCOMPARE(
            m_fx->scalar(QStringLiteral("SELECT job_id FROM api_purchases WHERE payment_id = 'crash-1'")),
            id);
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM holds")), 1);
        // Sent once more: the same job, nothing new held.
        const ApiReply again = m_client->post(QStringLiteral("/api/purchases"), m_shop, body);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM holds")), 1);
    }

    void interruptedLinkFindsTheJobAlreadyQueued()
    {
        // The crash came after the job (and its hold) but before the link: the next POST links
        // that job instead of holding the credits again.
        ApiTokens tokens(m_fx->temp.store());
        auto shop = tokens.create(ApiRole::Shop, QString());
        QVERIFY(shop.ok());
        const ServiceSpec spec = specOfType(3);
        const QJsonObject body = purchase(QStringLiteral("crash-2"), spec.toJson());
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(
            QJsonDocument(body).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
                                                     .toHex());
        {
            WriteTransaction tx(*m_fx->temp.store());
            QVERIFY(exec(tx.db(),
                QStringLiteral(
                    "INSERT INTO api_purchases(payment_id, request_hash, created_at) VALUES (?, ?, ?)"),
                { QStringLiteral("crash-2"), hash, QDateTime::currentMSecsSinceEpoch() - 1000 })
                        .ok());
            QVERIFY(tx.commit().ok());
        }
        QVERIFY(m_engine->pause().ok()); // keep it queued: the link is what is tested
        EnqueueRequest request;
        request.userId = m_alice;
        request.spec = spec;
        request.amount = Tfc::fromWhole(25);
        request.actor = QStringLiteral("api:shop#%1").arg(shop->token.id);
        const qint64 queued = m_fx->queue->enqueue(request).value();
        const Tfc available = m_fx->ledger.user(m_alice).value().available;

        const ApiReply linked = m_client->post(QStringLiteral("/api/purchases"), shop->secret, body);
        QVERIFY2(linked.status == 200, linked.body.constData());
        QCOMPARE(linked.json.value(QStringLiteral("id")).toInteger(), queued);
        QCOMPARE(
            m_fx->scalar(QStringLiteral("SELECT job_id FROM api_purchases WHERE payment_id = 'crash-2'")),
            queued);
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM holds")), 1);
        QCOMPARE(m_fx->ledger.user(m_alice).value().available, available);
    }

    void concurrentPostsOfOnePaymentHoldOnce()
    {
        // Many clients at once with the same payment: one job, one hold, the others replay it.
        const QJsonObject body = purchase(QStringLiteral("burst-1"), specOfType(0).toJson());
        QNetworkAccessManager network;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 8; ++i) {
            QNetworkRequest r(m_server->url().resolved(QUrl(QStringLiteral("/api/purchases"))));
            r.setRawHeader("Authorization", "Bearer " + m_shop.toUtf8());
            r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            replies << network.post(r, QJsonDocument(body).toJson(QJsonDocument::Compact));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }),
            20000);
        QSet<qint64> ids;
        int created = 0;
        for (QNetworkReply *r : replies) {
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray answer = r->readAll();
            QVERIFY2(status == 200 || status == 201, answer.constData());
            created += status == 201 ? 1 : 0;
            ids.insert(QJsonDocument::fromJson(answer).object().value(QStringLiteral("id")).toInteger());
            r->deleteLater();
        }
        QCOMPARE(created, 1);
        QCOMPARE(ids.size(), 1);
        QCOMPARE(m_fx->scalar(QStringLiteral("SELECT COUNT(*) FROM holds")), 1);
    }
};

QTEST_GUILESS_MAIN(TestApiSpecs)
#include "tst_api_specs.moc"
