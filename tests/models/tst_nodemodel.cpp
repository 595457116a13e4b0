// NodeModel: rows read from Grid Proxy node objects; setNodes diffs (changed rows repainted as
// runs, new appended, gone removed, never a reset); our deployment counts and scores repaint
// only their column; the selector's pick is highlighted; NodeFilterProxy filters on free
// capacity, country, status and certification, and sorts numerically.

#include "ModelTestSupport.h"
#include "models/FilterProxies.h"
#include "models/NodeModel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

constexpr quint64 kGiB = 1024ULL * 1024 * 1024;

NodeRow node(qint64 id, const QString &country, quint64 freeCru, quint64 freeMemGiB, quint64 freeSsdGiB,
             const QString &status = QStringLiteral("up"), bool healthy = true,
             const QString &certification = QStringLiteral("Diy"))
{
    NodeRow n;
    n.nodeId = id;
    n.farmId = id / 10;
    n.country = country;
    n.city = QStringLiteral("City %1").arg(id);
    n.status = status;
    n.healthy = healthy;
    n.certification = certification;
    n.totalCru = 32;
    n.usedCru = 32 - freeCru;
    n.totalMru = 256 * kGiB;
    n.usedMru = (256 - freeMemGiB) * kGiB;
    n.totalSru = 4096 * kGiB;
    n.usedSru = (4096 - freeSsdGiB) * kGiB;
    n.uptimeSeconds = 3 * 86400 + 7200;
    return n;
}

QList<NodeRow> fleet()
{
    return {node(11, QStringLiteral("Belgium"), 8, 64, 500), node(12, QStringLiteral("Belgium"), 2, 9, 100),
            node(21, QStringLiteral("Egypt"), 16, 100, 2000, QStringLiteral("down"), false),
            node(22, QStringLiteral("Germany"), 4, 10, 50, QStringLiteral("up"), true, QStringLiteral("Certified")),
            node(31, QStringLiteral("Germany"), 1, 2, 10, QStringLiteral("standby"), false)};
}

} // namespace

class TestNodeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheGridProxyNodeObject()
    {
        const QJsonObject json = QJsonDocument::fromJson(readDataFile(QStringLiteral("gridproxy_node.json"))).object();
        auto n = NodeRow::fromGridProxyJson(json);
        QVERIFY(n);
        QCOMPARE(n->nodeId, qint64(1));
        QCOMPARE(n->farmId, qint64(1));
        QCOMPARE(n->country, QStringLiteral("Belgium"));
        QCOMPARE(n->status, QStringLiteral("up"));
        QVERIFY(!n->healthy); // the real fixture does not say
        QCOMPARE(n->certification, QStringLiteral("Diy"));
        QCOMPARE(n->totalMru, 202802933760ULL);
        QCOMPARE(n->usedMru, 119957094400ULL);
        QCOMPARE(n->freeMru(), 202802933760ULL - 119957094400ULL);
        QCOMPARE(n->freeCru(), 0ULL); // used 52 of 24: clamped, not wrapped
        QCOMPARE(n->freeSru(), 0ULL);
        QCOMPARE(n->uptimeSeconds, qint64(1297882));

        QString error;
        QVERIFY(!NodeRow::fromGridProxyJson(QJsonObject{{QStringLiteral("farmId"), 3}}, &error));
        QVERIFY(error.contains(QStringLiteral("nodeId")));
    }

    void setNodesDiffsInsteadOfResetting()
    {
        NodeModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.setNodes(fleet());
        QCOMPARE(model.rowCount(), 5);
        ModelSpies spies(&model);

        QList<NodeRow> next = fleet();
        next[1].usedCru = 31;                 // node 12 changed
        next[2].status = QStringLiteral("up"); // node 21 changed
        next.removeAt(4);                     // node 31 gone
        next.prepend(node(40, QStringLiteral("India"), 6, 20, 300)); // new
        model.setNodes(next);
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("1-2")});
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved), QStringList{QStringLiteral("4-4")});
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("4-4")});
        QCOMPARE(spies.modelReset.count(), 0);
        QCOMPARE(model.rowOfNode(40), 4);
        QCOMPARE(model.rowOfNode(31), -1);

        spies.clear();
        model.setNodes(next); // the same list: nothing to say
        QCOMPARE(spies.dataChanged.count() + spies.rowsInserted.count() + spies.rowsRemoved.count(), 0);
    }

    void displayCountsScoresAndHighlight()
    {
        NodeModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.setNodes(fleet());
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(0, NodeModel::NodeColumn).toString(), QStringLiteral("11"));
        QCOMPARE(cell(0, NodeModel::StatusColumn).toString(), QStringLiteral("Up \u00B7 healthy"));
        QCOMPARE(cell(0, NodeModel::StatusColumn, NodeModel::ColorRoleRole).toString(), QStringLiteral("success"));
        QCOMPARE(cell(2, NodeModel::StatusColumn, NodeModel::ColorRoleRole).toString(), QStringLiteral("danger"));
        QCOMPARE(cell(4, NodeModel::StatusColumn, NodeModel::ColorRoleRole).toString(), QStringLiteral("muted"));
        QCOMPARE(cell(0, NodeModel::CpuColumn).toString(), QStringLiteral("8 / 32"));
        QCOMPARE(cell(0, NodeModel::MemoryColumn).toString(), QStringLiteral("64.0 GB / 256.0 GB"));
        QCOMPARE(cell(0, NodeModel::MemoryColumn, NodeModel::RawValueRole).toULongLong(), 64 * kGiB);
        QCOMPARE(cell(0, NodeModel::UptimeColumn).toString(), QStringLiteral("3 d 2 h"));
        QCOMPARE(cell(0, NodeModel::OurDeploymentsColumn).toString(), QStringLiteral("0"));

        ModelSpies spies(&model);
        model.setOurDeploymentCounts({{11, 2}, {12, 1}, {22, 0}});
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("0-1")});
        for (const auto &args : spies.dataChanged) {
            QCOMPARE(args[0].toModelIndex().column(), int(NodeModel::OurDeploymentsColumn));
            QCOMPARE(args[1].toModelIndex().column(), int(NodeModel::OurDeploymentsColumn));
        }
        QCOMPARE(cell(0, NodeModel::OurDeploymentsColumn).toString(), QStringLiteral("2"));
        spies.clear();
        model.setOurDeploymentCounts({{11, 2}});
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("1-1")}); // node 12 back to 0

        spies.clear();
        model.setScores({{22, NodeScore{820, QStringLiteral("0.82 \u00B7 headroom 0.9")}}, {11, NodeScore{640, QStringLiteral("0.64")}}});
        QCOMPARE(spies.changedRows(), (QStringList{QStringLiteral("0-0"), QStringLiteral("3-3")}));
        QCOMPARE(cell(3, 0, NodeModel::ScoreRole).toString(), QStringLiteral("0.82 \u00B7 headroom 0.9"));
        QCOMPARE(cell(3, NodeModel::ScoreColumn, NodeModel::RawValueRole).toLongLong(), 820);

        spies.clear();
        model.setHighlightedNode(22);
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("3-3")});
        QVERIFY(cell(3, 0, NodeModel::HighlightRole).toBool());
        QVERIFY(!cell(0, 0, NodeModel::HighlightRole).toBool());
        QVERIFY(cell(3, NodeModel::CountryColumn, Qt::FontRole).value<QFont>().bold());
        spies.clear();
        model.setHighlightedNode(11);
        QCOMPARE(spies.changedRows(), (QStringList{QStringLiteral("0-0"), QStringLiteral("3-3")}));
    }

    void proxyFiltersOnCapacityAndSortsNumerically()
    {
        NodeModel model;
        // CPU is over-sold on the real grid: the filter goes on cores, not on free CPU (0 here).
        QList<NodeRow> nodes = fleet();
        const QHash<qint64, quint64> cores{{11, 16}, {12, 4}, {21, 32}, {22, 8}, {31, 2}};
        for (NodeRow &n : nodes) {
            n.totalCru = cores.value(n.nodeId);
            n.usedCru = n.totalCru * 2;
        }
        model.setNodes(nodes);
        NodeFilterProxy proxy;
        proxy.setSourceModel(&model);
        new QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        const auto shown = [&proxy] {
            QList<qint64> ids;
            for (int r = 0; r < proxy.rowCount(); ++r)
                ids << proxy.index(r, 0).data(NodeModel::NodeIdRole).toLongLong();
            std::sort(ids.begin(), ids.end());
            return ids;
        };
        proxy.setMinFreeCpu(8);
        QCOMPARE(shown(), (QList<qint64>{11, 21, 22}));
        proxy.setMinFreeMemory(50 * kGiB);
        QCOMPARE(shown(), (QList<qint64>{11, 21}));
        proxy.setStatusFilter({QStringLiteral("UP")});
        QCOMPARE(shown(), QList<qint64>{11});
        proxy.setMinFreeCpu(0);
        proxy.setMinFreeMemory(0);
        proxy.setStatusFilter({});
        proxy.setMinFreeStorage(400 * kGiB);
        QCOMPARE(shown(), (QList<qint64>{11, 21}));
        proxy.setMinFreeStorage(0);
        proxy.setCountryFilter({QStringLiteral("germany")});
        QCOMPARE(shown(), (QList<qint64>{22, 31}));
        proxy.setCertificationFilter({QStringLiteral("certified")});
        QCOMPARE(shown(), QList<qint64>{22});
        proxy.setCertificationFilter({});
        proxy.setCountryFilter({});
        proxy.setHealthyOnly(true);
        QCOMPARE(shown(), (QList<qint64>{11, 12, 22}));
        proxy.setHealthyOnly(false);
        proxy.setSearchText(QStringLiteral("egypt"));
        QCOMPARE(shown(), QList<qint64>{21});
        proxy.setSearchText(QString());

        // Free memory 2, 9, 10, 64, 100 GiB: numeric order, not "100" < "2".
        proxy.sort(NodeModel::MemoryColumn, Qt::AscendingOrder);
        QList<qint64> order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order << proxy.index(r, 0).data(NodeModel::NodeIdRole).toLongLong();
        QCOMPARE(order, (QList<qint64>{31, 12, 22, 11, 21}));
    }
};

QTEST_MAIN(TestNodeModel)
#include "tst_nodemodel.moc"
