// Crash recovery: `griddeckctl run` is killed with SIGKILL at random moments while it works
// through jobs on a faulty grid (the simulator lives in this test process, so its state — the
// contracts, the conversions, the idempotency keys — survives every kill). A final
// `run --until-idle` must finish everything, and nothing may have happened twice: no second
// contract for a deployment attempt, no second conversion, no second money movement.
#include "../pipeline/PipelineFixture.h"
#include "pipeline/PipelineStore.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace griddeck;
using namespace griddeck::test;

class TestPipelineCrash : public QObject
{
    Q_OBJECT

private:
    static QString binary() { return QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"); }

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void killedAtRandomMomentsNothingTwice()
    {
        QVERIFY2(QFile::exists(binary()), "griddeckctl is not built");
        PipelineFixture f(400, 99);
        f.relaxDurability();
        SimFaults faults = f.grid.faults();
        faults.errorRate = 0.05;
        faults.timeoutRate = 0.02;
        faults.malformedRate = 0.03;
        faults.deployErrorRate = 0.10;
        faults.healthFailRate = 0.10;
        f.grid.setFaults(faults);

        Config config = f.config;
        config.deploymentQueue.leaseSeconds = 2; // a killed run's claims come free quickly
        config.deploymentQueue.workerCount = 4;
        const QString configPath = f.temp.dir() + QStringLiteral("/deployment.toml");
        QVERIFY(config.saveFile(configPath).ok());

        QList<qint64> users;
        for (int i = 0; i < 4; ++i)
            users << f.addUser(QStringLiteral("crash%1").arg(i), 10000);
        // Every tenth asks for more than any node has: it fails and is refunded, crashes or not.
        const ServiceSpec tooBig = ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 64, 1024, 90000);
        int enqueued = 0;
        auto addJobs = [&](int n) {
            for (int i = 0; i < n; ++i, ++enqueued)
                f.enqueue(users[enqueued % users.size()], enqueued % 10 == 9 ? tooBig : specOfType(enqueued), 12 + enqueued % 5);
        };
        addJobs(100);

        const QStringList base = {QStringLiteral("--config"), configPath, QStringLiteral("--db"), f.temp.path()};
        QRandomGenerator random(20260101);
        int kills = 0;
        for (int round = 0; round < 12; ++round) {
            if (f.liveJobs() < 30)
                addJobs(30); // every kill must find work in progress, however fast this machine is
            QProcess run;
            run.setProcessChannelMode(QProcess::MergedChannels);
            run.start(binary(), base + QStringList{QStringLiteral("run")});
            QVERIFY2(run.waitForStarted(test::scaledMs(10000)), qPrintable(run.errorString()));
            // The crash: at a random moment, mid-step or between steps.
            QTest::qWait(int(random.bounded(200, 1000)));
            if (run.state() == QProcess::Running) {
                run.kill();
                ++kills;
            }
            QVERIFY(run.waitForFinished(test::scaledMs(10000)));
        }
        QVERIFY2(kills >= 10, qPrintable(QStringLiteral("only %1 kills").arg(kills)));

        QProcess finish;
        finish.setProcessChannelMode(QProcess::MergedChannels);
        finish.start(binary(), base + QStringList{QStringLiteral("run"), QStringLiteral("--until-idle")});
        QVERIFY(finish.waitForStarted(test::scaledMs(10000)));
        QVERIFY2(finish.waitForFinished(test::scaledMs(100000)), "run --until-idle did not finish");
        const QString output = QString::fromUtf8(finish.readAll());
        QVERIFY2(finish.exitStatus() == QProcess::NormalExit && finish.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("Jobs: ")), qPrintable(output));
        const auto counts = f.stageCounts();
        QVERIFY2(counts.count(QStringLiteral("failed")) && counts.at(QStringLiteral("failed")) >= 10, qPrintable(output));

        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        // No second contract for one attempt: the simulator numbers a job's contracts 1, 2, 3 …
        // (dep-<job>-<n>), so one made behind our back would leave a gap in the ones we know.
        static const QRegularExpression idPattern(QStringLiteral("^dep-(\\d+)-(\\d+)$"));
        QSqlQuery q(f.temp.store()->db());
        q.exec(QStringLiteral("SELECT id FROM jobs"));
        QList<qint64> jobs;
        while (q.next())
            jobs << q.value(0).toLongLong();
        for (qint64 job : jobs) {
            const QList<DeploymentRow> rows = pipelinestore::deployments(f.temp.store()->db(), job).value();
            QSet<int> seen;
            for (const DeploymentRow &row : rows) {
                if (row.deploymentId.isEmpty())
                    continue;
                const auto m = idPattern.match(row.deploymentId);
                QVERIFY2(m.hasMatch(), qPrintable(row.deploymentId));
                QCOMPARE(m.captured(1).toLongLong(), job);
                QVERIFY2(!seen.contains(m.captured(2).toInt()), qPrintable(row.deploymentId + QStringLiteral(" twice")));
                seen.insert(m.captured(2).toInt());
            }
            for (int n = 1; n <= seen.size(); ++n)
                QVERIFY2(seen.contains(n), qPrintable(QStringLiteral("job %1: contract %2 of %3 unknown to us").arg(job).arg(n).arg(seen.size())));
        }
        // One ledger movement of each kind per job at most, and events say so too.
        QCOMPARE(f.scalar(QStringLiteral(
                     "SELECT COUNT(*) FROM (SELECT job_id, kind FROM ledger_transactions "
                     "WHERE job_id IS NOT NULL GROUP BY job_id, kind HAVING COUNT(*) > 1) AS twice")),
            qint64(0));
        qInfo("%d kills; %s", kills, qPrintable(output.trimmed().section(u'\n', -1)));
    }
};

QTEST_GUILESS_MAIN(TestPipelineCrash)
#include "tst_pipeline_crash.moc"
