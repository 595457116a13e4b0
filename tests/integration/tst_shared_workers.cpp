// Shared mode under crashes: three `griddeckctl run` processes on one PostgreSQL database (the
// test's throwaway cluster) work 150 purchases on a faulty grid (griddeck-gridsim with the fault
// matrix); one of them is SIGKILLed while it holds leases. Every job ends terminal, no step ran
// twice (tests/support/SharedWorkers.h says how that is checked), live contracts = active jobs,
// the ledger checks, and the killed worker's jobs are finished by the other two.
#include "SharedWorkers.h"
#include "TestSupport.h"

#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestSharedWorkers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString missing;
        GRIDDECK_REQUIRE(PostgresCluster::shared(&missing) != nullptr, missing);
        QVERIFY2(QFile::exists(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl")), "griddeckctl is not built");
        QVERIFY2(QFile::exists(QStringLiteral(GRIDDECK_BIN_DIR "/griddeck-gridsim")),
            "griddeck-gridsim is not built");
    }

    // The store-side checks would see a step run twice: a stage entered twice in a row by two
    // runners, a second live deployment, a capture recorded twice.
    void theChecksCatchADoubleRun()
    {
        TempStore temp;
        QSqlDatabase db = temp.store()->db();
        Ledger ledger(temp.store());
        JobQueue queue(temp.store(), ledger, QueueSettings {});
        const qint64 user
            = ledger.addUser(QStringLiteral("twice"), Tfc::fromWhole(100), QStringLiteral("test")).value();
        EnqueueRequest r;
        r.userId = user;
        r.spec = ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 1, 1, 10);
        r.amount = Tfc::fromWhole(20);
        r.actor = QStringLiteral("test");
        const qint64 job = queue.enqueue(r).value();
        QVERIFY(storeDoubleRunProblems(db).isEmpty());

        for (const QString &runner : { QStringLiteral("a:1"), QStringLiteral("b:2") })
            QVERIFY(JobQueue::addEventIn(db, job, 1, Stage::Deploying, 0, QStringLiteral("transition"),
                QStringLiteral("queued → deploying"), runner)
                        .ok());
        QVERIFY(exec(db,
            QStringLiteral(
                "INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, state, created_at) "
                "VALUES (?, 1, 'k1', 1, 'ok', 0), (?, 2, 'k2', 2, 'init', 0)"),
            { job, job })
                    .ok());
        QVERIFY(exec(db,
            QStringLiteral(
                "INSERT INTO ledger_transactions(idempotency_key, kind, user_id, job_id, amount, actor, "
                "created_at) VALUES ('c1', 'capture', ?, ?, 1, 't', 0), ('c2', 'capture', ?, ?, 1, 't', 0)"),
            { user, job, user, job })
                    .ok());
        const QString problems = storeDoubleRunProblems(db).join(u'\n');
        QVERIFY2(problems.contains(QStringLiteral("job %1: entered deploying twice in a row").arg(job)),
            qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("job %1 has 2 live deployments").arg(job)),
            qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("job %1: ledger capture recorded 2 times").arg(job)),
            qPrintable(problems));
    }

    void threeWorkersOneKilledNothingLostNothingTwice()
    {
        SharedRunOptions options;
        options.backend = Backend::Postgresql;
        options.jobs = 150;
        options.processes = 3;
        options.workersPerProcess = 4;
        options.faults = true;
        options.impossibleEvery = 25; // six fail for want of a node, whatever the faults do
        options.killOne = true;
        options.leaseSeconds = 3;
        options.timeoutMs = scaledMs(90000);
        auto run = runSharedWorkers(options, [](const QString &line) { qInfo("%s", qPrintable(line)); });
        QVERIFY2(run.ok(), qPrintable(run.ok() ? QString() : run.error().message));
        const SharedRunReport &r = run.value();
        qInfo("%lld/%d terminal (%lld active, %lld failed) in %.1f s; %lld live contracts; killed worker "
              "held %lld "
              "jobs, %lld rescued; %lld jobs worked by more than one process; %s",
            r.terminal, r.jobs, r.active, r.failed, r.elapsedMs / 1000.0, r.liveContracts, r.leasedAtKill,
            r.rescued, r.handedOver, qPrintable(r.ledgerCheck));
        QVERIFY2(r.violations.isEmpty(), qPrintable(r.violations.mid(0, 20).join(u'\n')));
        QVERIFY(r.killed);
        QVERIFY(r.leasedAtKill >= 2);
        QCOMPARE(r.rescued, r.leasedAtKill);
        QCOMPARE(r.terminal, qint64(r.jobs));
        QVERIFY(r.active > 0 && r.failed >= 6);
        QCOMPARE(r.liveContracts, r.active);
        QVERIFY(r.handedOver > 0);
    }
};

QTEST_GUILESS_MAIN(TestSharedWorkers)
#include "tst_shared_workers.moc"
