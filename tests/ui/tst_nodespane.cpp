// The Nodes pane against the grid simulator over real loopback HTTP: every node of every page
// is listed, the filters narrow the list (free CPU, memory, SSD, country, status), the node the
// selector would pick for the small spec form is highlighted with its score breakdown, and our
// live deployments per node are counted.

#include "UiFixture.h"

#include "models/FilterProxies.h"
#include "models/NodeModel.h"
#include "pipeline/PipelineStore.h"
#include "sim/GridSimulator.h"
#include "ui/panes/NodesPane.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestNodesPane : public QObject
{
    Q_OBJECT

private:
    test::UiFixture f;
    std::unique_ptr<GridSimulator> m_sim;
    static constexpr int kNodes = 120;

    static void retype(QWidget *field, const QString &text)
    {
        field->setFocus();
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, text);
    }

    static QList<int> shownRows(NodesPane &pane)
    {
        QList<int> rows;
        for (int row = 0; row < pane.proxy()->rowCount(); ++row)
            rows << pane.proxy()->mapToSource(pane.proxy()->index(row, 0)).row();
        return rows;
    }

private Q_SLOTS:
    void init()
    {
        SimOptions options;
        options.seed = 7;
        options.nodeCount = kNodes;
        m_sim = std::make_unique<GridSimulator>(options);
        QVERIFY(m_sim->start());
        const QString url = m_sim->url().toString();
        QVERIFY(f.open([url](Config &c) { c.threefoldGrid.gridProxyUrl = url; }));
    }

    void cleanup()
    {
        f.close();
        m_sim.reset();
    }

    void filtersNarrowTheList()
    {
        NodesPane pane(*f.app);
        pane.resize(1400, 800);
        pane.show();
        QTRY_COMPARE(pane.nodeCount(), kNodes);
        QCOMPARE(pane.model()->rowCount(), kNodes);
        QCOMPARE(pane.proxy()->rowCount(), kNodes);
        QVERIFY(pane.statusText().contains(QStringLiteral("120 nodes")));

        // At least 16 cores (CPU is shared: every node's is over-sold, so free CPU says nothing).
        retype(pane.minCpuFilter(), QStringLiteral("16"));
        QCOMPARE(pane.minCpuFilter()->value(), 16);
        const int withCpu = pane.proxy()->rowCount();
        QVERIFY(withCpu > 0 && withCpu < kNodes);
        for (int row : shownRows(pane))
            QVERIFY(pane.model()->rowAt(row).totalCru >= 16);

        // And at least 64 GB of free memory.
        retype(pane.minMemoryFilter(), QStringLiteral("64"));
        const int withMemory = pane.proxy()->rowCount();
        QVERIFY(withMemory <= withCpu);
        for (int row : shownRows(pane))
            QVERIFY(pane.model()->rowAt(row).freeMru() >= 64ull * 1024 * 1024 * 1024);

        // One country only.
        pane.clearFilters();
        QCOMPARE(pane.proxy()->rowCount(), kNodes);
        QVERIFY(pane.countryFilter()->count() > 2);
        const QString country = pane.countryFilter()->itemData(1).toString();
        pane.countryFilter()->setCurrentIndex(1);
        QVERIFY(pane.proxy()->rowCount() > 0 && pane.proxy()->rowCount() < kNodes);
        for (int row : shownRows(pane))
            QCOMPARE(pane.model()->rowAt(row).country, country);

        // Down nodes only.
        pane.clearFilters();
        pane.statusFilter()->setCurrentIndex(pane.statusFilter()->findData(QStringLiteral("down")));
        for (int row : shownRows(pane))
            QCOMPARE(pane.model()->rowAt(row).status.toLower(), QStringLiteral("down"));
        QVERIFY(pane.proxy()->rowCount() < kNodes);
        pane.clearFilters();
        test::UiFixture::screenshot(&pane, QStringLiteral("nodes"));
    }

    void theSelectorsPickIsHighlightedWithItsBreakdown()
    {
        NodesPane pane(*f.app);
        pane.resize(1400, 800);
        pane.show();
        QTRY_COMPARE(pane.nodeCount(), kNodes);
        QTRY_VERIFY(pane.pickedNode() != 0);
        const qint64 picked = pane.pickedNode();
        const int row = pane.model()->rowOfNode(picked);
        QVERIFY(row >= 0);
        QVERIFY(pane.model()->index(row, 0).data(NodeModel::HighlightRole).toBool());
        QVERIFY(pane.pickText().contains(QString::number(picked)));
        QVERIFY(pane.breakdownTable()->rowCount() > 0);
        QCOMPARE(pane.breakdownTable()->item(0, 0)->data(Qt::UserRole).toLongLong(), picked);
        // The picked node can take the spec.
        const NodeRow &node = pane.model()->rowAt(row);
        QVERIFY(node.totalCru >= quint64(pane.specCpu()->value()));
        QVERIFY(node.isUp());

        // A spec no node can take: nothing is highlighted and the reason is given.
        QSignalSpy evaluated(&pane, &NodesPane::selectionEvaluated);
        retype(pane.specCpu(), QStringLiteral("64"));
        retype(pane.specMemory(), QStringLiteral("1024"));
        QVERIFY(!evaluated.isEmpty());
        QCOMPARE(pane.pickedNode(), 0);
        QVERIFY(!pane.pickText().isEmpty());
        QCOMPARE(pane.model()->highlightedNode(), 0);
    }

    void ourDeploymentsAreCountedPerNode()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "100");
        const qint64 job = f.enqueue(alice, "25");
        NodesPane pane(*f.app);
        QTRY_COMPARE(pane.nodeCount(), kNodes);
        const NodeRow first = pane.model()->rowAt(0);
        DeploymentRow deployment;
        deployment.jobId = job;
        deployment.attempt = 1;
        deployment.idempotencyKey = QStringLiteral("job-%1-deploy-1").arg(job);
        deployment.nodeId = first.nodeId;
        deployment.nodeIds = {first.nodeId};
        deployment.farmId = first.farmId;
        deployment.country = first.country;
        deployment.state = deploystate::Requested;
        deployment.createdAt = f.app->clock().nowMs();
        QVERIFY(pipelinestore::insertRequested(f.app->store()->db(), deployment).ok());
        QSignalSpy loaded(&pane, &NodesPane::nodesLoaded);
        pane.refresh();
        QVERIFY(loaded.wait(5000));
        QTRY_COMPARE(pane.model()->index(0, NodeModel::OurDeploymentsColumn).data(NodeModel::OurDeploymentsRole).toInt(), 1);
    }

    void theEmbeddedGridIsFoundThroughTheEngine()
    {
        // grid_proxy_url = "embedded": the engine's in-process simulator answers.
        QVERIFY(f.open({}, true));
        QVERIFY(f.app->engineRunning());
        NodesPane pane(*f.app);
        QTRY_VERIFY_WITH_TIMEOUT(pane.nodeCount() > 0, 10000);
        QVERIFY(pane.statusText().contains(QStringLiteral("127.0.0.1")));
    }

    void anUnreachableGridIsSaidPlainly()
    {
        m_sim.reset(); // nothing listens there any more
        NodesPane pane(*f.app);
        QSignalSpy loaded(&pane, &NodesPane::nodesLoaded);
        QTRY_VERIFY(!loaded.isEmpty());
        QCOMPARE(loaded.last().at(0).toInt(), -1);
        QVERIFY(pane.statusText().contains(QStringLiteral("Could not read the nodes")));
    }
};

QTEST_MAIN(TestNodesPane)
#include "tst_nodespane.moc"
