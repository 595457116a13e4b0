// Our live deployments per node and farm (pipelinestore::liveCounts), which node selection
// reads before every placement: the counts, and that they come from one row per placement
// (the covering index of migration 12), not one row per deployment ever made.
#include "TestSupport.h"
#include "ledger/Ledger.h"
#include "pipeline/PipelineStore.h"
#include "queue/JobQueue.h"

#include <QSqlQuery>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestLiveCounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsLiveDeploymentsPerNodeAndFarm()
    {
        TempStore temp;
        Ledger ledger(temp.store());
        JobQueue queue(temp.store(), ledger, QueueSettings {});
        const qint64 user = ledger.addUser(QStringLiteral("alice"), Tfc::fromWhole(100000), QStringLiteral("test")).value();
        QList<qint64> jobs;
        for (int i = 0; i < 4; ++i) {
            EnqueueRequest r;
            r.userId = user;
            r.spec = ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 1, 1, 10);
            r.amount = Tfc::fromWhole(20);
            r.actor = QStringLiteral("test");
            auto id = queue.enqueue(r);
            QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
            jobs.append(id.value());
        }
        QSqlDatabase db = temp.store()->db();
        int attempt = 0;
        const auto add = [&](qint64 job, QList<qint64> nodes, std::optional<qint64> farm, const QString &state) {
            DeploymentRow row;
            row.jobId = job;
            row.attempt = ++attempt;
            row.idempotencyKey = QStringLiteral("key-%1").arg(attempt);
            row.nodeId = nodes.isEmpty() ? 42 : nodes.first();
            row.nodeIds = nodes;
            row.farmId = farm;
            row.country = QStringLiteral("Belgium");
            row.createdAt = 1000;
            auto inserted = pipelinestore::insertRequested(db, row);
            QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().message));
            const qint64 id = inserted.value();
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE job_deployments SET state = ? WHERE id = ?"));
            q.addBindValue(state);
            q.addBindValue(id);
            QVERIFY(q.exec());
        };
        add(jobs[0], {5}, 1, QStringLiteral("ok"));
        add(jobs[0], {5}, 1, QStringLiteral("error")); // ended: not live
        add(jobs[1], {5, 6, 7}, 2, QStringLiteral("init")); // a cluster counts on each member
        add(jobs[2], {6}, std::nullopt, QStringLiteral("requested"));
        add(jobs[2], {42}, 4, QStringLiteral("ok"));
        add(jobs[2], {8}, 4, QStringLiteral("cancelled"));
        for (int i = 0; i < 300; ++i) // many deployments on one placement
            add(jobs[3], {9}, 3, i % 3 ? QStringLiteral("ok") : QStringLiteral("stopped"));
        if (QTest::currentTestFailed())
            return;

        QHash<qint64, int> perNode;
        QHash<qint64, int> perFarm;
        QVERIFY(pipelinestore::liveCounts(db, &perNode, &perFarm).ok());
        QCOMPARE(perNode, (QHash<qint64, int> { { 5, 2 }, { 6, 2 }, { 7, 1 }, { 42, 1 }, { 9, 200 } }));
        QCOMPARE(perFarm, (QHash<qint64, int> { { 1, 1 }, { 2, 1 }, { 4, 1 }, { 3, 200 } }));

        // SQLite answers from the covering index of the live rows, without reading the table
        // (PostgreSQL's planner chooses by table size; the counts above hold on both).
        if (temp.store()->backend() == Backend::Sqlite) {
            QSqlQuery plan(db);
            QVERIFY(plan.exec(QStringLiteral(
                "EXPLAIN QUERY PLAN SELECT node_ids, node_id, farm_id, COUNT(*) FROM job_deployments "
                "WHERE state IN ('requested', 'init', 'ok') GROUP BY node_ids, node_id, farm_id")));
            QStringList steps;
            while (plan.next())
                steps << plan.value(3).toString();
            QVERIFY2(steps.join(u'\n').contains(QStringLiteral("USING COVERING INDEX job_deployments_live_placement")),
                qPrintable(steps.join(u'\n')));
        }
    }
};

QTEST_GUILESS_MAIN(TestLiveCounts)
#include "tst_livecounts.moc"
