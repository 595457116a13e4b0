// GridProxyClient, DeployerClient and TcpProbe against a loopback HTTP server stood up in the
// test: the query parameters sent, paging over the count/pages headers, 404-as-success for
// cancel, malformed replies classified transient, and the SSH port probe.

#include "CannedHttpServer.h"
#include "TestSupport.h"
#include "grid/DeployerClient.h"
#include "grid/GridProxyClient.h"
#include "grid/TcpProbe.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

#include <atomic>

using namespace griddeck;
using test::CannedHttpServer;
using test::CannedReply;
using test::CannedRequest;

namespace {

template<class T>
std::optional<Result<T>> await(const std::function<void(std::function<void(Result<T>)>)> &start)
{
    std::optional<Result<T>> out;
    start([&out](Result<T> r) { out.emplace(std::move(r)); });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < 10'000)
        QTest::qWait(5);
    return out;
}

template<class R>
QString why(const R &r)
{
    return r.ok() ? QStringLiteral("(ok)") : r.error().message;
}

QByteArray nodeJson(qint64 id, qint64 farm = 1)
{
    QJsonObject o = QJsonDocument::fromJson(test::readDataFile(QStringLiteral("gridproxy_node.json"))).object();
    o.insert(QStringLiteral("nodeId"), id);
    o.insert(QStringLiteral("farmId"), farm);
    o.insert(QStringLiteral("healthy"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray nodeArray(const QList<qint64> &ids)
{
    QByteArrayList parts;
    for (qint64 id : ids)
        parts.append(nodeJson(id));
    return "[" + parts.join(',') + "]";
}

const char *kDeployment = R"({"id": "dep-000042-1", "contract_id": 1000042, "node_id": 4211, "node_ids": [4211],
    "type": "vm", "state": "init", "created_at": 1767225600})";

DeploymentRequest vmRequest()
{
    DeploymentRequest r;
    r.name = QStringLiteral("griddeck_42");
    r.jobId = 42;
    r.nodeIds = {4211};
    r.cpu = 2;
    r.memoryGb = 4;
    r.storageGb = 50;
    r.os = QStringLiteral("ubuntu");
    r.version = QStringLiteral("22.04");
    r.payment = Tft::parse(u"2231.4").value();
    return r;
}

} // namespace

class TestGridClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nodeQueryParameters()
    {
        NodeQuery q;
        q.status = NodeStatus::Up;
        q.healthy = true;
        q.freeMru = 8ull << 30;
        q.freeSru = 100ull << 30;
        q.freeHru = 0;
        q.country = QStringLiteral("United States");
        q.farmIds = {1, 22};
        q.nodeId = 7;
        q.page = 2;
        q.size = 25;
        q.retCount = true;
        q.totalCru = 4;
        q.freeIps = 1;
        q.availableFor = 7777;
        q.excluded = {3, 9};
        q.sortBy = QStringLiteral("total_cru");
        q.sortOrder = QStringLiteral("desc");
        GridProxyClient proxy(QUrl(QStringLiteral("http://127.0.0.1:1/base/")));
        const QUrl url = proxy.nodesUrl(q);
        QCOMPARE(url.path(), QStringLiteral("/base/nodes"));
        const QUrlQuery sent(url.query());
        QCOMPARE(sent.queryItemValue(QStringLiteral("status")), QStringLiteral("up"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("healthy")), QStringLiteral("true"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("free_mru")), QStringLiteral("8589934592"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("free_sru")), QStringLiteral("107374182400"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("free_hru")), QStringLiteral("0"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("country"), QUrl::FullyDecoded), QStringLiteral("United States"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("farm_ids"), QUrl::FullyDecoded), QStringLiteral("1,22"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("node_id")), QStringLiteral("7"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("size")), QStringLiteral("25"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("ret_count")), QStringLiteral("true"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("sort_by")), QStringLiteral("total_cru"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("sort_order")), QStringLiteral("desc"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("total_cru")), QStringLiteral("4"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("free_ips")), QStringLiteral("1"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("available_for")), QStringLiteral("7777"));
        QCOMPARE(sent.queryItemValue(QStringLiteral("excluded"), QUrl::FullyDecoded), QStringLiteral("3,9"));
        // Only keys of the real NodeFilter and Limit (pkg/types/nodes.go, limit.go).
        const QStringList known = {QStringLiteral("status"), QStringLiteral("healthy"), QStringLiteral("free_mru"),
                                   QStringLiteral("free_sru"), QStringLiteral("free_hru"), QStringLiteral("total_cru"),
                                   QStringLiteral("free_ips"), QStringLiteral("available_for"), QStringLiteral("country"),
                                   QStringLiteral("farm_ids"), QStringLiteral("excluded"), QStringLiteral("node_id"),
                                   QStringLiteral("page"), QStringLiteral("size"), QStringLiteral("ret_count"),
                                   QStringLiteral("sort_by"), QStringLiteral("sort_order")};
        for (const auto &item : sent.queryItems())
            QVERIFY2(known.contains(item.first), qPrintable(item.first));
        // Unset fields are not sent at all.
        QVERIFY(NodeQuery().toUrlQuery().isEmpty());
    }

    void sortKeysOutsideTheRealOnesAreRefusedBeforeSending()
    {
        int requests = 0;
        CannedHttpServer server([&](const CannedRequest &) {
            ++requests;
            return CannedReply::json(200, QByteArrayLiteral("[]"));
        });
        GridProxyClient proxy(server.url());
        NodeQuery q;
        q.sortBy = QStringLiteral("free_mru"); // what the old node search sent: the real proxy says 400
        std::optional<Result<NodePage>> got;
        proxy.fetchNodes(q, [&](Result<NodePage> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(!got->ok());
        QCOMPARE(got->error().kind, ErrorKind::InvalidInput);
        QVERIFY(got->error().message.contains(u"not a sort key"));
        QCOMPARE(requests, 0);
        q.sortBy = QStringLiteral("free_cru");
        q.sortOrder = QStringLiteral("sideways");
        QVERIFY(!q.validate().ok());
        q.sortOrder = QStringLiteral("ASC");
        QVERIFY(q.validate().ok());
    }

    void fetchAllNodesWalksPagesByHeader()
    {
        // 7 nodes, pages of 3; node 3 shows up again on page 2 (the fleet shifted).
        const QList<QList<qint64>> pages{{1, 2, 3}, {3, 4, 5}, {6, 7}};
        CannedHttpServer server([&](const CannedRequest &req) {
            const int page = req.query().queryItemValue(QStringLiteral("page")).toInt();
            CannedReply r = CannedReply::json(200, nodeArray(pages.value(page - 1)));
            if (req.query().queryItemValue(QStringLiteral("ret_count")) == u"true")
                r.headers = {{"count", "7"}, {"pages", "3"}};
            return r;
        });
        GridProxyClient proxy(server.url());
        NodeQuery q;
        q.status = NodeStatus::Up;
        q.size = 3;
        q.page = 9; // ignored by the walk
        auto all = await<QList<GridNode>>([&](auto cb) { proxy.fetchAllNodes(q, cb); });
        QVERIFY(all && all->ok());
        QList<qint64> ids;
        for (const GridNode &n : all->value())
            ids.append(n.nodeId);
        QCOMPARE(ids, (QList<qint64>{1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(server.requests().size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QUrlQuery sent = server.requests().at(i).query();
            QCOMPARE(sent.queryItemValue(QStringLiteral("page")).toInt(), i + 1);
            QCOMPARE(sent.queryItemValue(QStringLiteral("size")), QStringLiteral("3"));
            QCOMPARE(sent.queryItemValue(QStringLiteral("status")), QStringLiteral("up"));
            QCOMPARE(sent.hasQueryItem(QStringLiteral("ret_count")), i == 0);
        }

        // One page alone, with its headers.
        q.page = 1;
        q.retCount = true;
        auto page = await<NodePage>([&](auto cb) { proxy.fetchNodes(q, cb); });
        QVERIFY(page && page->ok());
        QCOMPARE(page->value().nodes.size(), 3);
        QCOMPARE(page->value().count, 7);
        QCOMPARE(page->value().pages, 3);
    }

    void fetchAllNodesWithoutHeadersStopsAtAShortPage()
    {
        CannedHttpServer server([&](const CannedRequest &req) {
            const int page = req.query().queryItemValue(QStringLiteral("page")).toInt();
            return CannedReply::json(200, page == 1 ? nodeArray({1, 2}) : page == 2 ? nodeArray({3, 4}) : "[]");
        });
        GridProxyClient proxy(server.url());
        NodeQuery q;
        q.size = 2;
        auto all = await<QList<GridNode>>([&](auto cb) { proxy.fetchAllNodes(q, cb); });
        QVERIFY(all && all->ok());
        QCOMPARE(all->value().size(), 4);
        QCOMPARE(server.requests().size(), 3); // the empty third page ends the walk
    }

    void pageFailureFailsTheWalk()
    {
        CannedHttpServer server([&](const CannedRequest &req) {
            const int page = req.query().queryItemValue(QStringLiteral("page")).toInt();
            if (page == 2)
                return CannedReply::json(503, R"({"error": "proxy overloaded"})");
            CannedReply r = CannedReply::json(200, nodeArray({1, 2}));
            r.headers = {{"pages", "3"}};
            return r;
        });
        GridProxyClient proxy(server.url());
        NodeQuery q;
        q.size = 2;
        auto all = await<QList<GridNode>>([&](auto cb) { proxy.fetchAllNodes(q, cb); });
        QVERIFY(all && !all->ok());
        QCOMPARE(all->error().kind, ErrorKind::Transient);
        QVERIFY2(all->error().message.contains(QStringLiteral("proxy overloaded")), qPrintable(all->error().message));
    }

    void malformedNodeRepliesAreTransient()
    {
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
        CannedHttpServer server([&](const CannedRequest &) {
            CannedReply r = CannedReply::json(200, body);
            r.headers = headers;
            return r;
        });
        GridProxyClient proxy(server.url());
        const struct
        {
            QByteArray body;
            QList<std::pair<QByteArray, QByteArray>> headers;
            const char *expected;
        } cases[] = {
            {"[" + nodeJson(1) + R"(, {"nodeId": 2}])", {}, "node list [1]: node 2: missing required fields farmId"},
            {R"({"nodes": []})", {}, "expected a JSON array of nodes"},
            {"[]", {{"pages", "many"}}, "header pages: expected a non-negative integer, got \"many\""},
        };
        for (const auto &c : cases) {
            body = c.body;
            headers = c.headers;
            auto r = await<NodePage>([&](auto cb) { proxy.fetchNodes({}, cb); });
            QVERIFY(r && !r->ok());
            QCOMPARE(r->error().kind, ErrorKind::Transient);
            QVERIFY2(r->error().message.contains(QStringLiteral("malformed reply")), qPrintable(r->error().message));
            QVERIFY2(r->error().message.contains(QLatin1String(c.expected)), qPrintable(r->error().message));
        }
    }

    void fetchNodeAndStats()
    {
        CannedHttpServer server([](const CannedRequest &req) {
            if (req.path() == u"/nodes/1")
                return CannedReply::json(200, nodeJson(1));
            if (req.path() == u"/stats")
                return CannedReply::json(200, R"({"nodes": 2, "farms": 1, "countries": 1, "totalCru": 48,
                    "totalSru": 1, "totalMru": 2, "totalHru": 3, "nodesDistribution": {"Belgium": 2}})");
            return CannedReply::json(404, R"({"error": "node 99 not found"})");
        });
        GridProxyClient proxy(server.url());
        auto one = await<GridNode>([&](auto cb) { proxy.fetchNode(1, cb); });
        QVERIFY(one && one->ok());
        QCOMPARE(one->value().nodeId, 1);
        auto missing = await<GridNode>([&](auto cb) { proxy.fetchNode(99, cb); });
        QVERIFY(missing && !missing->ok());
        QCOMPARE(missing->error().kind, ErrorKind::Permanent);
        QVERIFY2(missing->error().message.contains(QStringLiteral("node 99 not found")), qPrintable(missing->error().message));
        auto stats = await<GridStats>([&](auto cb) { proxy.fetchStats(true, cb); });
        QVERIFY2(stats && stats->ok(), qPrintable(why(*stats)));
        QCOMPARE(stats->value().totalCru, 48u);
        QCOMPARE(server.requests().last().query().queryItemValue(QStringLiteral("status")), QStringLiteral("up"));
    }

    void deployerCreateFetchAndActions()
    {
        CannedHttpServer server([](const CannedRequest &req) {
            if (req.method == "POST" && req.path() == u"/deployments/vm")
                return CannedReply::json(201, kDeployment);
            if (req.method == "GET" && req.path() == u"/deployments/dep-000042-1")
                return CannedReply::json(200, QByteArray(kDeployment).replace("\"init\"", "\"ok\""));
            if (req.path() == u"/deployments/dep-000042-1/health")
                return CannedReply::json(200, R"({"healthy": true, "checks": [], "ssh": {"host": "127.0.0.1", "port": 2222}})");
            if (req.path() == u"/deployments/dep-000042-1/stop")
                return CannedReply::json(200, QByteArray(kDeployment).replace("\"init\"", "\"deleted\""));
            if (req.path() == u"/deployments/dep-000042-1/restart")
                return CannedReply::json(422, R"({"error": "node 4211 reported: out of memory"})");
            if (req.path() == u"/deployments/dep-000042-1/cancel")
                return CannedReply::json(200, QByteArray(kDeployment).replace("\"init\"", "\"deleted\""));
            return CannedReply::json(404, R"({"error": "deployment not found"})");
        });
        DeployerClient deployer(server.url());
        auto created = await<DeploymentInfo>([&](auto cb) { deployer.create(vmRequest(), "job-42-deploy-1", cb); });
        QVERIFY2(created && created->ok(), qPrintable(why(*created)));
        QCOMPARE(created->value().state, DeploymentState::Init);
        const CannedRequest &post = server.requests().first();
        QCOMPARE(post.headers.value("idempotency-key"), QByteArray("job-42-deploy-1"));
        QCOMPARE(QJsonDocument::fromJson(post.body).object(), vmRequest().toJson().value());

        auto fetched = await<DeploymentInfo>([&](auto cb) { deployer.fetch(QStringLiteral("dep-000042-1"), cb); });
        QVERIFY(fetched && fetched->ok());
        QCOMPARE(fetched->value().state, DeploymentState::Ok);

        auto health = await<HealthReport>([&](auto cb) { deployer.health(QStringLiteral("dep-000042-1"), cb); });
        QVERIFY(health && health->ok());
        QCOMPARE(health->value().sshPort, quint16(2222));

        auto stopped = await<DeploymentInfo>([&](auto cb) { deployer.stop(QStringLiteral("dep-000042-1"), "job-42-stop", cb); });
        QVERIFY(stopped && stopped->ok());
        QCOMPARE(stopped->value().state, DeploymentState::Deleted);
        QCOMPARE(server.requests().last().headers.value("idempotency-key"), QByteArray("job-42-stop"));

        auto restarted = await<DeploymentInfo>(
            [&](auto cb) { deployer.restart(QStringLiteral("dep-000042-1"), "job-42-restart", cb); });
        QVERIFY(restarted && !restarted->ok());
        QCOMPARE(restarted->error().kind, ErrorKind::Permanent);
        QVERIFY(restarted->error().message.contains(QStringLiteral("node 4211 reported: out of memory")));

        auto cancelled = await<std::optional<DeploymentInfo>>(
            [&](auto cb) { deployer.cancel(QStringLiteral("dep-000042-1"), "job-42-cancel", cb); });
        QVERIFY(cancelled && cancelled->ok());
        QVERIFY(cancelled->value().has_value());
        QCOMPARE(cancelled->value()->state, DeploymentState::Deleted);
    }

    void cancelOfAnUnknownDeploymentIsSuccess()
    {
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::json(404, R"({"error": "no such deployment"})"); });
        DeployerClient deployer(server.url());
        auto r = await<std::optional<DeploymentInfo>>([&](auto cb) { deployer.cancel(QStringLiteral("dep-9"), "k", cb); });
        QVERIFY2(r && r->ok(), qPrintable(why(*r)));
        QVERIFY(!r->value().has_value());
        // A 404 on anything else is still an error.
        auto f = await<DeploymentInfo>([&](auto cb) { deployer.fetch(QStringLiteral("dep-9"), cb); });
        QVERIFY(f && !f->ok());
        QCOMPARE(f->error().kind, ErrorKind::Permanent);
    }

    void deployerRefusesBadInputWithoutSending()
    {
        CannedHttpServer server;
        DeployerClient deployer(server.url());
        auto noKey = await<DeploymentInfo>([&](auto cb) { deployer.create(vmRequest(), QByteArray(), cb); });
        QVERIFY(noKey && !noKey->ok());
        QCOMPARE(noKey->error().kind, ErrorKind::InvalidInput);
        QVERIFY(noKey->error().message.contains(QStringLiteral("Idempotency-Key is required")));
        DeploymentRequest bad = vmRequest();
        bad.os.clear();
        auto invalid = await<DeploymentInfo>([&](auto cb) { deployer.create(bad, "k", cb); });
        QVERIFY(invalid && !invalid->ok());
        QVERIFY(invalid->error().message.contains(QStringLiteral("os must not be empty")));
        auto traversal = await<DeploymentInfo>([&](auto cb) { deployer.fetch(QStringLiteral("../nodes"), cb); });
        QVERIFY(traversal && !traversal->ok());
        QCOMPARE(traversal->error().kind, ErrorKind::InvalidInput);
        auto noCancelKey = await<std::optional<DeploymentInfo>>([&](auto cb) { deployer.cancel(QStringLiteral("dep-1"), "", cb); });
        QVERIFY(noCancelKey && !noCancelKey->ok());
        QTest::qWait(20);
        QCOMPARE(server.requests().size(), 0);
    }

    void malformedDeploymentReplyIsTransient()
    {
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::json(201, R"({"id": "dep-1", "state": "weird"})"); });
        DeployerClient deployer(server.url());
        auto r = await<DeploymentInfo>([&](auto cb) { deployer.create(vmRequest(), "k", cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().kind, ErrorKind::Transient);
        QVERIFY2(r->error().message.contains(QStringLiteral("malformed reply")), qPrintable(r->error().message));
        QVERIFY2(r->error().message.contains(QStringLiteral("state: expected a ZOS state (init, unchanged, ok, error, deleted, paused)")),
                 qPrintable(r->error().message));
    }

    void tcpProbe()
    {
        QTcpServer listening;
        QVERIFY(listening.listen(QHostAddress::LocalHost, 0));
        auto ok = await<void>([&](auto cb) { TcpProbe::probe(QStringLiteral("127.0.0.1"), listening.serverPort(), 2000, cb); });
        QVERIFY2(ok && ok->ok(), qPrintable(why(*ok)));

        const test::ReservedPort closed; // bound, not listening: connecting is refused
        const quint16 closedPort = closed.port();
        auto refused = await<void>([&](auto cb) { TcpProbe::probe(QStringLiteral("127.0.0.1"), closedPort, 2000, cb); });
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->error().kind, ErrorKind::Transient);
        QVERIFY2(refused->error().message.contains(QStringLiteral("127.0.0.1:%1").arg(closedPort)),
                 qPrintable(refused->error().message));

        bool called = false;
        QString message;
        TcpProbe::probe(QString(), 22, 1000, [&](const Result<void> &r) {
            called = true;
            message = why(r);
        });
        QVERIFY(!called);
        QTRY_VERIFY(called);
        QVERIFY2(message.contains(QStringLiteral("needs a host and a port")), qPrintable(message));

        QVERIFY(!TcpProbe::probeBlocking(QStringLiteral("127.0.0.1"), listening.serverPort()).ok()); // main thread
        std::atomic<bool> done{false};
        bool workerOk = false;
        QThread *worker = QThread::create([&] {
            workerOk = TcpProbe::probeBlocking(QStringLiteral("127.0.0.1"), listening.serverPort(), 2000).ok();
            done = true;
        });
        worker->start();
        QTRY_VERIFY(done.load());
        worker->wait();
        delete worker;
        QVERIFY(workerOk);
    }

    void blockingClientsOnAWorker()
    {
        CannedHttpServer server([](const CannedRequest &req) {
            if (req.path() == u"/deployments/dep-1/cancel")
                return CannedReply::json(404, R"({"error": "gone"})");
            return CannedReply::json(200, nodeArray({5, 6}));
        });
        std::atomic<bool> done{false};
        qsizetype nodes = -1;
        bool cancelOk = false;
        QString refusal;
        QThread *worker = QThread::create([&] {
            GridProxyClient proxy(server.url());
            DeployerClient deployer(server.url());
            auto all = proxy.fetchAllNodesBlocking({});
            nodes = all.ok() ? all->size() : -1;
            cancelOk = deployer.cancelBlocking(QStringLiteral("dep-1"), "k").ok();
            done = true;
        });
        worker->start();
        QTRY_VERIFY(done.load());
        worker->wait();
        delete worker;
        QCOMPARE(nodes, 2);
        QVERIFY(cancelOk);
        auto refused = GridProxyClient(server.url()).fetchNodesBlocking({});
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QStringLiteral("refused on the main thread")));
    }
};

QTEST_GUILESS_MAIN(TestGridClients)
#include "tst_gridclients.moc"
