// DeploymentModel: every job with its current deployment; times as "2 min ago" with the exact
// time behind; updates touch only the rows that changed; jobs never leave it.

#include "ModelTestSupport.h"
#include "models/DeploymentModel.h"
#include "models/DisplayFormat.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestDeploymentModel : public QObject
{
    Q_OBJECT

    static JobRow deployed(qint64 id, Stage stage, qint64 node, const QString &country, const QString &ip)
    {
        JobRow row = jobRow(id, stage);
        row.deployment.id = id * 10;
        row.deployment.attempt = 1;
        row.deployment.nodeId = node;
        row.deployment.farmId = 12;
        row.deployment.country = country;
        row.deployment.ip = ip;
        row.deployment.ipv6 = QStringLiteral("2a02:1802:5e::1");
        row.deployment.sshCommand = QStringLiteral("ssh root@") + ip;
        row.deployment.state = QStringLiteral("ok");
        return refresh(row);
    }

private Q_SLOTS:
    void keepsEveryJobAndShowsItsDeployment()
    {
        ManualClock clock;
        DeploymentModel model;
        model.setClock(&clock);
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        JobRow waiting = made(1, Stage::Queued);
        JobRow active = deployed(2, Stage::Active, 4211, QStringLiteral("Belgium"), QStringLiteral("185.69.166.12"));
        active.job.createdAt = clock.nowMs() - 2 * 60'000 - 5'000;
        active.job.updatedAt = clock.nowMs() - 3 * 3600'000;
        model.applyJobs({waiting, refresh(active), made(3, Stage::Failed), made(4, Stage::Stopped)});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(DeploymentModel::ColumnCount));

        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(1, DeploymentModel::StageColumn).toString(), QStringLiteral("\u25CF Active"));
        QCOMPARE(cell(1, DeploymentModel::ServiceTypeColumn).toString(), QStringLiteral("vm"));
        QCOMPARE(cell(1, DeploymentModel::SummaryColumn).toString(), vmSpec().summary());
        QCOMPARE(cell(1, DeploymentModel::UserColumn).toString(), QStringLiteral("alice"));
        QCOMPARE(cell(1, DeploymentModel::NodeColumn).toString(), QStringLiteral("4211"));
        QCOMPARE(cell(1, DeploymentModel::NodeColumn, DeploymentModel::RawValueRole).toLongLong(), 4211);
        QCOMPARE(cell(1, DeploymentModel::CountryColumn).toString(), QStringLiteral("Belgium"));
        QCOMPARE(cell(1, DeploymentModel::IpColumn).toString(), QStringLiteral("185.69.166.12"));
        const QString ipTip = cell(1, DeploymentModel::IpColumn, Qt::ToolTipRole).toString();
        QVERIFY(ipTip.contains(QStringLiteral("2a02:1802:5e::1")));
        QVERIFY(ipTip.contains(QStringLiteral("ssh root@185.69.166.12")));
        QCOMPARE(cell(1, DeploymentModel::IpColumn, Qt::FontRole).value<QFont>(), display::monospaceFont());
        QCOMPARE(cell(1, DeploymentModel::TfcColumn).toString(), QStringLiteral("10.00"));
        QCOMPARE(cell(1, DeploymentModel::CreatedColumn).toString(), QStringLiteral("2 min ago"));
        QCOMPARE(cell(1, DeploymentModel::CreatedColumn, Qt::ToolTipRole).toString(), display::exactTime(active.job.createdAt));
        QCOMPARE(cell(1, DeploymentModel::CreatedColumn, DeploymentModel::RawValueRole).toLongLong(), active.job.createdAt);
        QCOMPARE(cell(1, DeploymentModel::UpdatedColumn).toString(), QStringLiteral("3 h ago"));
        QCOMPARE(cell(1, 0, DeploymentModel::CountryRole).toString(), QStringLiteral("Belgium"));
        QCOMPARE(cell(1, 0, DeploymentModel::IpRole).toString(), QStringLiteral("185.69.166.12"));
        QCOMPARE(cell(1, 0, DeploymentModel::ColorRoleRole).toString(), QStringLiteral("success"));
        QCOMPARE(cell(2, 0, DeploymentModel::ColorRoleRole).toString(), QStringLiteral("danger"));
        QCOMPARE(cell(3, 0, DeploymentModel::StageMarkRole).toString(), QStringLiteral("\u25A0"));

        // No deployment yet: dashes, not empty cells.
        QCOMPARE(cell(0, DeploymentModel::NodeColumn).toString(), QStringLiteral("\u2014"));
        QCOMPARE(cell(0, DeploymentModel::IpColumn).toString(), QStringLiteral("\u2014"));

        // Time moves on; the text follows without any signal.
        clock.advanceMs(60 * 60'000);
        QCOMPARE(cell(1, DeploymentModel::CreatedColumn).toString(), QStringLiteral("1 h ago"));
    }

    void updatesTouchOnlyChangedRowsAndNothingLeaves()
    {
        DeploymentModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        QList<JobRow> rows;
        for (qint64 id = 1; id <= 20; ++id)
            rows << made(id, Stage::Deploying);
        model.applyJobs(rows);
        ModelSpies spies(&model);

        QList<JobRow> batch;
        for (int r : {5, 6, 7, 8, 15, 19}) {
            JobRow changed = rows[r];
            changed.job.stage = r % 2 ? Stage::Failed : Stage::Active;
            batch << refresh(changed);
        }
        model.applyJobs(batch);
        QCOMPARE(spies.changedRows(), (QStringList{QStringLiteral("5-8"), QStringLiteral("15-15"), QStringLiteral("19-19")}));
        QCOMPARE(spies.rowsRemoved.count(), 0);
        QCOMPARE(spies.rowsInserted.count(), 0);
        QCOMPARE(spies.modelReset.count(), 0);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(model.job(16)->job.stage, Stage::Failed);

        // A new deployment attempt arrives for job 3: its row repaints, with the new node.
        spies.clear();
        JobRow moved = deployed(3, Stage::WaitingReady, 77, QStringLiteral("Egypt"), QString());
        model.applyJobs({moved});
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("2-2")});
        QCOMPARE(model.index(2, DeploymentModel::NodeColumn).data().toString(), QStringLiteral("77"));
        QCOMPARE(model.index(2, DeploymentModel::IpColumn).data().toString(), QStringLiteral("2a02:1802:5e::1"));
    }


    void aSortedModelPlacesChangedRowsWithOneLayoutChange()
    {
        DeploymentModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        QList<JobRow> rows;
        for (qint64 id = 1; id <= 10; ++id)
            rows << made(id, Stage::Active, id * 10); // 10, 20, … 100 TFC
        model.applyJobs(rows);
        model.sort(DeploymentModel::TfcColumn, Qt::DescendingOrder);
        QCOMPARE(model.rowAt(0).job.id, qint64(10));
        QCOMPARE(model.sortColumn(), int(DeploymentModel::TfcColumn));
        const QPersistentModelIndex watched = model.index(model.rowOfJob(3), DeploymentModel::UserColumn);
        ModelSpies spies(&model);

        // Job 3 becomes the most expensive, job 9 the cheapest; job 5 changes but keeps its key.
        JobRow three = rows[2];
        three.job.tfcAmount = Tfc::fromWhole(1000);
        JobRow nine = rows[8];
        nine.job.tfcAmount = Tfc::fromWhole(1);
        JobRow five = rows[4];
        five.job.attempt = 2;
        model.applyJobs({refresh(three), refresh(nine), refresh(five), made(11, Stage::Queued, 55)});
        QCOMPARE(spies.layoutChanged.count(), 1);
        QCOMPARE(spies.dataChanged.count(), 0);
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("10-10")}); // appended, then placed
        QCOMPARE(spies.modelReset.count(), 0);
        QList<qint64> order;
        for (int r = 0; r < model.rowCount(); ++r)
            order << model.rowAt(r).job.id;
        QCOMPARE(order, (QList<qint64>{3, 10, 8, 7, 6, 11, 5, 4, 2, 1, 9}));
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.rowOfJob(model.rowAt(r).job.id), r);
        // A view's persistent index still points at job 3, now on the first row.
        QCOMPARE(watched.row(), 0);
        QCOMPARE(watched.column(), int(DeploymentModel::UserColumn));

        // A change that keeps the order: plain dataChanged for that row.
        spies.clear();
        JobRow fiveAgain = *model.job(5);
        fiveAgain.job.attempt = 3;
        model.applyJobs({refresh(fiveAgain)});
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("6-6")});
        QCOMPARE(spies.layoutChanged.count(), 0);
    }

    void aLargeBatchIsOneLayoutChange()
    {
        DeploymentModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        QList<JobRow> rows;
        for (qint64 id = 1; id <= 300; ++id)
            rows << made(id, Stage::Deploying);
        model.applyJobs(rows);
        ModelSpies spies(&model);
        QList<JobRow> batch;
        for (qint64 id = 1; id <= 300; id += 3) { // 100 scattered rows: more than kLayoutBatch
            JobRow changed = rows[id - 1];
            changed.job.stage = Stage::Active;
            batch << refresh(changed);
        }
        QVERIFY(batch.size() > JobListModel::kLayoutBatch);
        model.applyJobs(batch);
        QCOMPARE(spies.layoutChanged.count(), 1);
        QCOMPARE(spies.dataChanged.count(), 0);
        QCOMPARE(model.rowAt(3).job.stage, Stage::Active);
        QCOMPARE(model.rowAt(4).job.stage, Stage::Deploying);
    }
};

QTEST_MAIN(TestDeploymentModel)
#include "tst_deploymentmodel.moc"
