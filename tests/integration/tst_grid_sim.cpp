// The grid clients against the embedded simulator over real loopback HTTP: node search with
// filters and paging equals a brute-force filter of the simulator's own fleet, the whole
// deployment lifecycle (deploy → ok → health → SSH probe → cancel frees the node), idempotent
// replays, and fault classification.

#include "TestSupport.h"
#include "domain/Clock.h"
#include "grid/DeployerClient.h"
#include "grid/GridProxyClient.h"
#include "grid/NodeSelector.h"
#include "grid/TcpProbe.h"
#include "sim/GridSimulator.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>

using namespace griddeck;

namespace {

constexpr quint64 GB = 1024ull * 1024 * 1024;

template<class T>
Result<T> await(const std::function<void(std::function<void(Result<T>)>)> &start)
{
    std::optional<Result<T>> out;
    start([&out](Result<T> r) { out.emplace(std::move(r)); });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < 20'000)
        QTest::qWait(2);
    if (!out)
        return Error{ErrorKind::Internal, QStringLiteral("no callback within 20 s")};
    return std::move(*out);
}

template<class R>
QString why(const R &r)
{
    return r.ok() ? QStringLiteral("(ok)") : r.error().message; // QVERIFY2 evaluates its message eagerly
}

// What the proxy's documented filters select, applied by hand.
bool matches(const GridNode &n, const NodeQuery &q)
{
    if (q.status && n.status != *q.status)
        return false;
    if (q.healthy && n.isHealthy() != *q.healthy)
        return false;
    const NodeResources f = n.free();
    if ((q.freeMru && f.mru < *q.freeMru) || (q.freeSru && f.sru < *q.freeSru) || (q.freeHru && f.hru < *q.freeHru))
        return false;
    if (!q.country.isEmpty() && n.country.compare(q.country, Qt::CaseInsensitive) != 0)
        return false;
    if (!q.farmIds.isEmpty() && !q.farmIds.contains(n.farmId))
        return false;
    return !q.nodeId || n.nodeId == *q.nodeId;
}

qint64 sortKey(const GridNode &n, const QString &sortBy)
{
    if (sortBy == u"farm_id")
        return n.farmId;
    if (sortBy == u"total_mru")
        return qint64(n.total.mru);
    if (sortBy == u"used_sru")
        return qint64(n.used.sru);
    if (sortBy == u"uptime")
        return qint64(n.uptimeSeconds);
    return n.nodeId;
}

} // namespace

class TestGridSim : public QObject
{
    Q_OBJECT
private:
    ManualClock m_clock;
    std::unique_ptr<GridSimulator> m_sim;

    QList<GridNode> fleet()
    {
        QList<GridNode> nodes;
        for (const QJsonObject &o : m_sim->fleet()) {
            auto n = GridNode::fromJson(o);
            if (!n.ok())
                qFatal("simulator node does not parse: %s", qPrintable(n.error().message));
            nodes.append(n.value());
        }
        return nodes;
    }
    GridProxyClient proxy(int timeoutMs = 10'000) const { return GridProxyClient(m_sim->url(), HttpClient(timeoutMs)); }
    DeployerClient deployer() const { return DeployerClient(m_sim->url()); }

private Q_SLOTS:
    void init()
    {
        SimOptions options;
        options.seed = 20260101;
        options.nodeCount = 300;
        options.readyDelayMs = 5000;
        options.clock = &m_clock;
        m_sim = std::make_unique<GridSimulator>(options);
        QVERIFY2(m_sim->start(), qPrintable(m_sim->errorString()));
    }

    void cleanup() { m_sim.reset(); }

    void everySimulatedNodeParses()
    {
        const QList<GridNode> nodes = fleet();
        QCOMPARE(nodes.size(), 300);
        auto all = await<QList<GridNode>>([&](auto cb) { proxy().fetchAllNodes({}, cb); });
        QVERIFY2(all.ok(), qPrintable(why(all)));
        QCOMPARE(all->size(), 300);
    }

    void searchEqualsBruteForce_data()
    {
        QTest::addColumn<int>("which");
        for (int i = 0; i < 9; ++i)
            QTest::newRow(qPrintable(QStringLiteral("query %1").arg(i))) << i;
    }

    void searchEqualsBruteForce()
    {
        QFETCH(int, which);
        const QList<GridNode> all = fleet();
        NodeQuery q;
        q.size = 17; // odd page size: several pages, a short last one
        switch (which) {
        case 0:
            q.status = NodeStatus::Up;
            q.healthy = true;
            break;
        case 1:
            q.status = NodeStatus::Up;
            q.healthy = true;
            q.freeMru = 64 * GB;
            q.freeSru = 1000 * GB;
            break;
        case 2:
            q.freeHru = 4000 * GB;
            q.sortBy = QStringLiteral("total_mru");
            q.sortOrder = QStringLiteral("desc");
            break;
        case 3:
            q.country = all.at(17).country.toLower(); // case-insensitive
            break;
        case 4:
            q.farmIds = {all.at(3).farmId, all.at(150).farmId, 999999};
            q.status = NodeStatus::Up;
            break;
        case 5:
            q.nodeId = all.at(42).nodeId;
            break;
        case 6:
            q.status = NodeStatus::Down;
            q.sortBy = QStringLiteral("uptime");
            q.sortOrder = QStringLiteral("asc");
            break;
        case 7:
            q.healthy = false;
            q.sortBy = QStringLiteral("farm_id");
            q.sortOrder = QStringLiteral("desc");
            break;
        case 8:
            q.freeMru = 1ull << 50; // nothing that big
            break;
        }

        QList<GridNode> expected;
        for (const GridNode &n : all) {
            if (matches(n, q))
                expected.append(n);
        }
        // The proxy's order: the sort key, then node id ascending.
        const QString sortBy = q.sortBy.isEmpty() ? QStringLiteral("node_id") : q.sortBy;
        const bool desc = q.sortOrder == u"desc";
        std::stable_sort(expected.begin(), expected.end(), [&](const GridNode &a, const GridNode &b) {
            const qint64 ka = sortKey(a, sortBy);
            const qint64 kb = sortKey(b, sortBy);
            if (ka != kb)
                return desc ? ka > kb : ka < kb;
            return a.nodeId < b.nodeId;
        });
        QList<qint64> expectedIds;
        for (const GridNode &n : expected)
            expectedIds.append(n.nodeId);

        auto got = await<QList<GridNode>>([&](auto cb) { proxy().fetchAllNodes(q, cb); });
        QVERIFY2(got.ok(), qPrintable(why(got)));
        QList<qint64> gotIds;
        for (const GridNode &n : got.value())
            gotIds.append(n.nodeId);
        QCOMPARE(gotIds, expectedIds);

        // The first page's count header agrees.
        NodeQuery first = q;
        first.page = 1;
        first.retCount = true;
        auto page = await<NodePage>([&](auto cb) { proxy().fetchNodes(first, cb); });
        QVERIFY2(page.ok(), qPrintable(why(page)));
        QCOMPARE(page->count.value_or(-1), qint64(expected.size()));
        QCOMPARE(page->pages.value_or(-1), (qint64(expected.size()) + 16) / 17);
        if (which != 8)
            QVERIFY(!expected.isEmpty()); // every query but the last must select something
    }

    void statsCountNodesThatAreUp()
    {
        const QList<GridNode> all = fleet();
        const auto up = std::count_if(all.begin(), all.end(), [](const GridNode &n) { return n.isUp(); });
        auto stats = await<GridStats>([&](auto cb) { proxy().fetchStats(true, cb); });
        QVERIFY2(stats.ok(), qPrintable(why(stats)));
        QCOMPARE(stats->nodes, qint64(up));
        auto everything = await<GridStats>([&](auto cb) { proxy().fetchStats(false, cb); });
        QVERIFY(everything.ok());
        QCOMPARE(everything->nodes, 300);
    }

    void deployPollHealthCancelFreesResources()
    {
        // Select like the pipeline: query, then choose.
        ResourceRequest want;
        want.cru = 2;
        want.mruBytes = 4 * GB;
        want.sruBytes = 50 * GB;
        want.publicIpv4 = true;
        NodeQuery q;
        q.status = NodeStatus::Up;
        q.healthy = true;
        q.freeMru = want.mruBytes;
        q.freeSru = want.sruBytes;
        q.freeIps = 1; // a VM's public IPv4 comes from its farm's pool
        q.availableFor = 0;
        auto candidates = await<QList<GridNode>>([&](auto cb) { proxy().fetchAllNodes(q, cb); });
        QVERIFY2(candidates.ok(), qPrintable(why(candidates)));
        SelectionSettings settings;
        settings.minUptime = Percent::fromWhole(50);
        auto chosen = NodeSelector::select(candidates.value(), want, settings, {});
        QVERIFY2(chosen.ok(), qPrintable(why(chosen)));
        const GridNode before = chosen->chosen.first();

        DeploymentRequest request;
        request.name = QStringLiteral("griddeck_42");
        request.jobId = 42;
        request.nodeIds = {before.nodeId};
        request.cpu = 2;
        request.memoryGb = 4;
        request.storageGb = 50;
        request.os = QStringLiteral("ubuntu");
        request.version = QStringLiteral("22.04");
        request.network.publicIpv4 = true;
        request.payment = Tft::parse(u"2231.4").value();
        auto created = await<DeploymentInfo>([&](auto cb) { deployer().create(request, "job-42-deploy-1", cb); });
        QVERIFY2(created.ok(), qPrintable(why(created)));
        QCOMPARE(created->state, DeploymentState::Init);
        QCOMPARE(created->nodeId, before.nodeId);
        const QString id = created->id;
        QCOMPARE(m_sim->liveContractCount(), 1);

        // The node now carries the workload.
        auto during = await<GridNode>([&](auto cb) { proxy().fetchNode(before.nodeId, cb); });
        QVERIFY(during.ok());
        QCOMPARE(during->used.mru, before.used.mru + 4 * GB);
        QCOMPARE(during->used.sru, before.used.sru + 50 * GB);

        // Poll: still initialising until the ready delay passes.
        auto polled = await<DeploymentInfo>([&](auto cb) { deployer().fetch(id, cb); });
        QVERIFY(polled.ok());
        QCOMPARE(polled->state, DeploymentState::Init);
        QVERIFY(polled->ip.isEmpty());
        m_clock.advanceMs(6000);
        polled = await<DeploymentInfo>([&](auto cb) { deployer().fetch(id, cb); });
        QVERIFY2(polled.ok(), qPrintable(why(polled)));
        QCOMPARE(polled->state, DeploymentState::Ok);
        QVERIFY(!polled->ip.isEmpty());
        QVERIFY(!polled->myceliumIp.isEmpty());

        auto health = await<HealthReport>([&](auto cb) { deployer().health(id, cb); });
        QVERIFY2(health.ok(), qPrintable(why(health)));
        QVERIFY2(health->healthy, qPrintable(health->failureSummary()));
        QCOMPARE(health->sshPort, m_sim->sshPort());
        auto ssh = await<void>([&](auto cb) { TcpProbe::probe(health->sshHost, health->sshPort, 3000, cb); });
        QVERIFY2(ssh.ok(), qPrintable(why(ssh)));

        auto cancelled = await<std::optional<DeploymentInfo>>([&](auto cb) { deployer().cancel(id, "job-42-cancel", cb); });
        QVERIFY2(cancelled.ok(), qPrintable(why(cancelled)));
        QVERIFY(cancelled->has_value());
        QCOMPARE(cancelled.value()->state, DeploymentState::Deleted);
        QCOMPARE(m_sim->liveContractCount(), 0);
        auto after = await<GridNode>([&](auto cb) { proxy().fetchNode(before.nodeId, cb); });
        QVERIFY(after.ok());
        QCOMPARE(after->used, before.used); // resources freed

        // Cancelling again with a new key: the gateway says 404, which means "nothing left".
        auto again = await<std::optional<DeploymentInfo>>([&](auto cb) { deployer().cancel(id, "job-42-cancel-2", cb); });
        QVERIFY2(again.ok(), qPrintable(why(again)));
        QVERIFY(!again->has_value());
        auto gone = await<DeploymentInfo>([&](auto cb) { deployer().fetch(id, cb); });
        QVERIFY(gone.ok());
        QCOMPARE(gone->state, DeploymentState::Deleted);
    }

    void idempotentPostReplays()
    {
        const QList<GridNode> all = fleet();
        const auto it = std::find_if(all.begin(), all.end(), [](const GridNode &n) {
            return n.isUp() && n.isHealthy() && n.availableFor(0) && n.free().mru >= 8 * GB && n.free().sru >= 20 * GB;
        });
        QVERIFY(it != all.end());
        DeploymentRequest request;
        request.type = DeploymentType::Container;
        request.name = QStringLiteral("griddeck_7");
        request.jobId = 7;
        request.nodeIds = {it->nodeId};
        request.cpu = 1;
        request.memoryGb = 2;
        request.storageGb = 10;
        request.image = QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist");
        request.dockerImage = QStringLiteral("nginx:1.25");
        request.ports = {80};
        request.payment = Tft::fromWhole(100);

        auto first = await<DeploymentInfo>([&](auto cb) { deployer().create(request, "job-7-deploy-1", cb); });
        QVERIFY2(first.ok(), qPrintable(why(first)));
        auto replay = await<DeploymentInfo>([&](auto cb) { deployer().create(request, "job-7-deploy-1", cb); });
        QVERIFY2(replay.ok(), qPrintable(why(replay)));
        QCOMPARE(replay->id, first->id);
        QCOMPARE(replay->contractId, first->contractId);
        QCOMPARE(m_sim->liveContractCount(), 1); // nothing new

        // The same key with another body is a conflict, a permanent error.
        DeploymentRequest other = request;
        other.memoryGb = 3;
        auto conflict = await<DeploymentInfo>([&](auto cb) { deployer().create(other, "job-7-deploy-1", cb); });
        QVERIFY(!conflict.ok());
        QCOMPARE(conflict.error().kind, ErrorKind::Permanent);
        QVERIFY2(conflict.error().message.contains(QStringLiteral("HTTP 409")), qPrintable(conflict.error().message));

        // A new key is a new deployment.
        auto second = await<DeploymentInfo>([&](auto cb) { deployer().create(request, "job-7-deploy-2", cb); });
        QVERIFY2(second.ok(), qPrintable(why(second)));
        QVERIFY(second->id != first->id);
        QCOMPARE(m_sim->liveContractCount(), 2);

        // A replayed cancel returns the first reply, not a 404.
        auto c1 = await<std::optional<DeploymentInfo>>([&](auto cb) { deployer().cancel(first->id, "job-7-cancel", cb); });
        auto c2 = await<std::optional<DeploymentInfo>>([&](auto cb) { deployer().cancel(first->id, "job-7-cancel", cb); });
        QVERIFY(c1.ok() && c2.ok());
        QVERIFY(c1->has_value() && c2->has_value());
        QCOMPARE(c2.value()->contractId, first->contractId);
        QCOMPARE(m_sim->liveContractCount(), 1);
    }

    void gridRefusalIsPermanentWithTheNodesWords()
    {
        const QList<GridNode> all = fleet();
        const auto it = std::find_if(all.begin(), all.end(), [](const GridNode &n) {
            return n.isUp() && n.availableFor(0);
        });
        QVERIFY(it != all.end());
        DeploymentRequest request;
        request.name = QStringLiteral("too_big");
        request.jobId = 9;
        request.nodeIds = {it->nodeId};
        request.memoryGb = 1 << 19; // 512 TB
        request.storageGb = 1;
        request.os = QStringLiteral("ubuntu");
        request.version = QStringLiteral("22.04");
        request.payment = Tft::fromWhole(1);
        auto r = await<DeploymentInfo>([&](auto cb) { deployer().create(request, "job-9-deploy-1", cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Permanent);
        QVERIFY2(r.error().message.contains(QStringLiteral("HTTP 422: node %1 reported: not enough memory").arg(it->nodeId)),
                 qPrintable(r.error().message));
        QCOMPARE(m_sim->liveContractCount(), 0);
    }

    void faultsAreClassifiedTransient()
    {
        SimFaults faults;
        faults.errorRate = 1;
        m_sim->setFaults(faults);
        auto errored = await<NodePage>([&](auto cb) { proxy().fetchNodes({}, cb); });
        QVERIFY(!errored.ok());
        QCOMPARE(errored.error().kind, ErrorKind::Transient);

        faults = SimFaults();
        faults.malformedRate = 1;
        m_sim->setFaults(faults);
        auto garbled = await<NodePage>([&](auto cb) { proxy().fetchNodes({}, cb); });
        QVERIFY(!garbled.ok());
        QCOMPARE(garbled.error().kind, ErrorKind::Transient);
        QVERIFY2(garbled.error().message.contains(QStringLiteral("malformed reply")), qPrintable(garbled.error().message));

        faults = SimFaults();
        faults.timeoutRate = 1;
        m_sim->setFaults(faults);
        QElapsedTimer t;
        t.start();
        auto silent = await<GridStats>([&](auto cb) { proxy(300).fetchStats(false, cb); });
        QVERIFY(!silent.ok());
        QCOMPARE(silent.error().kind, ErrorKind::Transient);
        QVERIFY2(silent.error().message.contains(QStringLiteral("timed out")), qPrintable(silent.error().message));
        QVERIFY(t.elapsed() < 5000);

        m_sim->setFaults(SimFaults());
        auto fine = await<GridStats>([&](auto cb) { proxy().fetchStats(false, cb); });
        QVERIFY2(fine.ok(), qPrintable(why(fine)));
    }

    void blockingClientsFromAWorkerThread()
    {
        const QUrl url = m_sim->url();
        std::atomic<bool> done{false};
        qsizetype count = -1;
        QString error;
        QThread *worker = QThread::create([&] {
            GridProxyClient client(url);
            NodeQuery q;
            q.size = 50;
            auto all = client.fetchAllNodesBlocking(q);
            if (all.ok())
                count = all->size();
            else
                error = all.error().message;
            done = true;
        });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 20000); // the simulator keeps serving on this thread
        worker->wait();
        delete worker;
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(count, 300);
    }
};

QTEST_GUILESS_MAIN(TestGridSim)
#include "tst_grid_sim.moc"
