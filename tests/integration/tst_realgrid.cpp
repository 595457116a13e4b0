// VM purchases go active through a Grid Proxy as strict as the real one (unknown query keys and
// sort keys refused with 400) on fleets shaped like the real grid: CPU over-sold on every node,
// dedicated farms, rented nodes, extra fees, recent reboots, farms with and without free public
// IPs. Nothing lands on a node the chain would refuse to our twin.
#include "../pipeline/PipelineFixture.h"
#include "grid/UptimeClient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlRecord>
#include <QTemporaryDir>

using namespace griddeck;
using namespace griddeck::test;

namespace {

constexpr qint64 GiB = 1073741824LL;

// GET over loopback; the status and the body.
std::pair<int, QByteArray> httpGet(const QUrl &url)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    QNetworkReply *reply = nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return { status, body };
}

std::pair<int, QByteArray> httpPost(const QUrl &url, const QJsonObject &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(5000);
    QNetworkReply *reply = nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = reply->readAll();
    reply->deleteLater();
    return { status, bytes };
}

QJsonObject node(
    qint64 id, qint64 farm, qint64 cores, qint64 usedCores, qint64 memGiB, qint64 usedMemGiB, qint64 uptime)
{
    const auto res = [](qint64 cru, qint64 mru, qint64 sru) {
        return QJsonObject { { QStringLiteral("cru"), cru }, { QStringLiteral("mru"), mru },
            { QStringLiteral("sru"), sru }, { QStringLiteral("hru"), 0 } };
    };
    return { { QStringLiteral("nodeId"), id }, { QStringLiteral("farmId"), farm },
        { QStringLiteral("twinId"), 100 + id }, { QStringLiteral("country"), QStringLiteral("Belgium") },
        { QStringLiteral("city"), QStringLiteral("Ghent") }, { QStringLiteral("uptime"), uptime },
        { QStringLiteral("created"), 1700000000 }, { QStringLiteral("updatedAt"), 1767225600 },
        { QStringLiteral("total_resources"), res(cores, memGiB * GiB, 2000 * GiB) },
        { QStringLiteral("used_resources"), res(usedCores, usedMemGiB * GiB, 100 * GiB) },
        { QStringLiteral("status"), QStringLiteral("up") }, { QStringLiteral("healthy"), true },
        { QStringLiteral("dedicated"), false }, { QStringLiteral("inDedicatedFarm"), false },
        { QStringLiteral("rented"), false }, { QStringLiteral("rentedByTwinId"), 0 },
        { QStringLiteral("extraFee"), 0 }, { QStringLiteral("farm_free_ips"), 0 } };
}

// The roomiest nodes are the ones our twin may not use; CPU is over-sold everywhere.
QJsonArray trapFleet()
{
    QJsonObject inDedicatedFarm = node(1, 10, 64, 150, 512, 60, 90 * 86400);
    inDedicatedFarm.insert(QStringLiteral("inDedicatedFarm"), true);
    inDedicatedFarm.insert(QStringLiteral("farm_free_ips"), 8);
    QJsonObject rentedByOther = node(2, 11, 64, 100, 512, 60, 90 * 86400);
    rentedByOther.insert(QStringLiteral("rented"), true);
    rentedByOther.insert(QStringLiteral("rentedByTwinId"), 5000);
    rentedByOther.insert(QStringLiteral("rentContractId"), 4242);
    rentedByOther.insert(QStringLiteral("farm_free_ips"), 8);
    QJsonObject extraFee = node(3, 12, 64, 100, 512, 60, 90 * 86400);
    extraFee.insert(QStringLiteral("extraFee"), 20000);
    extraFee.insert(QStringLiteral("farm_free_ips"), 8);
    // Open to anyone, CPU promised 2.5× and 2.5× over; farm 13 has no free IPv4.
    QJsonObject noIps = node(4, 13, 16, 40, 64, 30, 60 * 86400);
    // Rebooted yesterday after a long time up; its farm has public IPv4 left.
    QJsonObject rebooted = node(5, 14, 8, 20, 32, 8, 86400);
    rebooted.insert(QStringLiteral("farm_free_ips"), 3);
    return { inDedicatedFarm, rentedByOther, extraFee, noIps, rebooted };
}

struct Harness
{
    explicit Harness(const SimOptions &options)
        : grid(options)
        , ledger(temp.store())
    {
        auto url = grid.start();
        if (!url.ok())
            qFatal("simulator: %s", qPrintable(url.error().message));
        config = fastConfig(url.value());
        QueueSettings qs;
        qs.maxQueueSize = config.deploymentQueue.maxQueueSize;
        qs.retryAttempts = config.deploymentQueue.retryAttempts;
        queue = std::make_unique<JobQueue>(temp.store(), ledger, qs);
        userId = ledger.addUser(QStringLiteral("ada"), Tfc::fromWhole(1000), QStringLiteral("test")).value();
    }

    qint64 enqueue(const ServiceSpec &spec)
    {
        EnqueueRequest r;
        r.userId = userId;
        r.spec = spec;
        r.amount = Tfc::fromWhole(25);
        r.actor = QStringLiteral("test");
        return queue->enqueue(r).value();
    }

    QString stage(qint64 job) const
    {
        QSqlQuery q(temp.store()->db());
        q.exec(QStringLiteral("SELECT stage FROM jobs WHERE id = %1").arg(job));
        return q.next() ? q.value(0).toString() : QString();
    }

    // The node and IP of the job's deployment that went ready.
    std::pair<qint64, QString> placed(qint64 job) const
    {
        QSqlQuery q(temp.store()->db());
        q.exec(QStringLiteral("SELECT node_id, ip FROM job_deployments WHERE job_id = %1 AND state = 'ok'")
                   .arg(job));
        return q.next() ? std::pair { q.value(0).toLongLong(), q.value(1).toString() }
                        : std::pair { qint64(0), QString() };
    }

    qint64 liveJobs() const { return queue->liveCount().value(); }

    // The jobs' stages and their latest events, for a failure message.
    QString story() const
    {
        QStringList lines;
        QSqlQuery q(temp.store()->db());
        q.exec(QStringLiteral("SELECT id, stage FROM jobs"));
        while (q.next())
            lines << QStringLiteral("job %1: %2").arg(q.value(0).toLongLong()).arg(q.value(1).toString());
        q.exec(QStringLiteral("SELECT * FROM events ORDER BY id DESC LIMIT 12"));
        while (q.next()) {
            QStringList cols;
            for (int i = 0; i < q.record().count(); ++i)
                cols << q.value(i).toString();
            lines << cols.join(u'|');
        }
        return lines.join(u'\n');
    }

    TempStore temp;
    EmbeddedGrid grid;
    Ledger ledger;
    std::unique_ptr<JobQueue> queue;
    Config config;
    qint64 userId = 0;
};

} // namespace

class TestRealGrid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vmGoesActiveOnOverSoldFleetNotOnADedicatedFarm()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("nodes.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(trapFleet()).toJson());
        out.close();
        SimOptions options;
        options.nodesFile = file;
        options.readyDelayMs = 100;
        Harness h(options);
        h.config.threefoldGrid.graphqlUrl = h.grid.url().toString() + QStringLiteral("/graphql");

        // The proxy is strict: what the old node search sent is refused.
        const QUrl base = h.grid.url();
        auto [status, body] = httpGet(
            QUrl(base.toString() + QStringLiteral("/nodes?status=up&sort_by=free_mru&sort_order=desc")));
        QCOMPARE(status, 400);
        QCOMPARE(body, QByteArray("{\"error\":\"\\\"free_mru\\\" is not a sort field for Node type\"}\n"));
        std::tie(status, body)
            = httpGet(QUrl(base.toString() + QStringLiteral("/nodes?status=up&free_cru=2")));
        QCOMPARE(status, 400);

        const qint64 plain = h.enqueue(
            ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 2, 4, 50));
        ServiceSpec withIp
            = ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("24.04") }, 2, 4, 50);
        withIp.networkConfig.publicIpv4 = true;
        const qint64 public4 = h.enqueue(withIp);

        PipelineEngine engine(h.config, h.temp.store(), nullptr, fastOptions(2));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY2_WITH_TIMEOUT(h.liveJobs() == 0, qPrintable(h.story()), 30000);
        engine.stop();

        QCOMPARE(h.stage(plain), QStringLiteral("active"));
        QCOMPARE(h.stage(public4), QStringLiteral("active"));
        const auto [plainNode, plainIp] = h.placed(plain);
        QVERIFY2(plainNode == 4 || plainNode == 5, qPrintable(QString::number(plainNode)));
        QVERIFY(plainIp.isEmpty());
        // The only farm our twin may use that has a public IPv4 left is node 5's; the address
        // arrives as ZOS gives it ("185.69.74.10/24") and is kept without its prefix.
        const auto [ipNode, ip] = h.placed(public4);
        QCOMPARE(ipNode, 5);
        QVERIFY2(QRegularExpression(QStringLiteral("^185\\.69\\.[0-9]+\\.[0-9]+$")).match(ip).hasMatch(),
            qPrintable(ip));
        // No contract on a node the chain keeps from us.
        for (const QJsonValue &c : h.grid.state().value(QStringLiteral("contracts")).toArray())
            QVERIFY(c.toObject().value(QStringLiteral("node_id")).toInteger() >= 4);
    }

    void aBurstFillsASmallFleetWithoutARefusal()
    {
        // Four nodes with room for three 2 GB VMs each, and twelve VMs at once: the steps
        // choose from one listing within a moment, so each must see the choices made before
        // it (PlacementTally), or several pick the same node and the grid refuses all but one.
        QJsonArray fleet;
        for (int i = 0; i < 4; ++i)
            fleet.append(node(10 + i, 20 + i, 64, 8, 8, 2, 90 * 86400));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("nodes.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(fleet).toJson());
        out.close();
        SimOptions options;
        options.nodesFile = file;
        options.readyDelayMs = 100;
        Harness h(options);

        QList<qint64> jobs;
        for (int i = 0; i < 12; ++i)
            jobs.append(h.enqueue(ServiceSpec::make(
                VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 1, 2, 20)));
        PipelineEngine engine(h.config, h.temp.store(), nullptr, fastOptions(4));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY2_WITH_TIMEOUT(h.liveJobs() == 0, qPrintable(h.story()), 30000);
        engine.stop();

        QHash<qint64, int> perNode;
        for (qint64 job : jobs) {
            QCOMPARE(h.stage(job), QStringLiteral("active"));
            perNode[h.placed(job).first] += 1;
        }
        QCOMPARE(perNode, (QHash<qint64, int> { { 10, 3 }, { 11, 3 }, { 12, 3 }, { 13, 3 } }));
        QSqlQuery q(h.temp.store()->db());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM job_deployments WHERE state <> 'ok'"));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toInt() == 0, qPrintable(h.story()));
    }

    void vmJobsGoActiveOnTheGeneratedRealShapedFleet()
    {
        SimOptions options;
        options.seed = 7;
        options.readyDelayMs = 100;
        Harness h(options);

        // Every node over-sold on CPU, some dedicated farms: what the proxy says.
        auto [status, body] = httpGet(QUrl(h.grid.url().toString() + QStringLiteral("/nodes?size=1000")));
        QCOMPARE(status, 200);
        QHash<qint64, QJsonObject> fleet;
        int dedicated = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(body).array()) {
            const QJsonObject n = v.toObject();
            fleet.insert(n.value(QStringLiteral("nodeId")).toInteger(), n);
            QVERIFY(
                n.value(QStringLiteral("used_resources")).toObject().value(QStringLiteral("cru")).toInteger()
                > n.value(QStringLiteral("total_resources"))
                      .toObject()
                      .value(QStringLiteral("cru"))
                      .toInteger());
            dedicated += n.value(QStringLiteral("inDedicatedFarm")).toBool();
        }
        QCOMPARE(fleet.size(), 300);
        QVERIFY(dedicated > 0);

        // Uptime shares from the indexer (the simulator's /graphql), not time since boot.
        const QString graphqlUrl = h.grid.url().toString() + QStringLiteral("/graphql");
        h.config.threefoldGrid.graphqlUrl = graphqlUrl;

        QList<qint64> jobs;
        for (int i = 0; i < 6; ++i) {
            ServiceSpec spec = ServiceSpec::make(
                VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 2 + i % 3, 4, 50);
            spec.networkConfig.publicIpv4 = i % 2 == 1;
            jobs.append(h.enqueue(spec));
        }
        PipelineEngine engine(h.config, h.temp.store(), nullptr, fastOptions(3));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY2_WITH_TIMEOUT(h.liveJobs() == 0, qPrintable(h.story()), 60000);
        engine.stop();

        // What the indexer says of every node, now.
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        std::tie(status, body) = httpPost(
            QUrl(graphqlUrl), UptimeClient::requestBody(fleet.keys(), now - uptime::kWindowSeconds));
        QCOMPARE(status, 200);
        const auto reports = UptimeClient::parseReply(QJsonDocument::fromJson(body));
        QVERIFY(reports.ok());
        for (qint64 job : jobs) {
            QCOMPARE(h.stage(job), QStringLiteral("active"));
            const qint64 nodeId = h.placed(job).first;
            const UptimeShare share = uptime::fromReports(reports->value(nodeId), now);
            QVERIFY2(share.atLeast(Percent::fromWhole(95).units()),
                qPrintable(QString::number(share.basisPoints())));
            const QJsonObject n = fleet.value(nodeId);
            QVERIFY(!n.isEmpty());
            QVERIFY2(
                !n.value(QStringLiteral("inDedicatedFarm")).toBool(), qPrintable(QString::number(nodeId)));
            QVERIFY(!n.value(QStringLiteral("rented")).toBool());
            QCOMPARE(n.value(QStringLiteral("extraFee")).toInteger(), 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestRealGrid)
#include "tst_realgrid.moc"
