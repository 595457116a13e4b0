// A laptop suspended in the middle of deployments: `griddeckctl run --until-idle` against a
// slow grid (every request takes 1.5 s), leases of one second, frozen (SIGSTOP) for 1.3 s
// eight times. Leases run out while steps are half done; when the process wakes, its
// dispatcher must not hand those jobs to a second worker, and a step whose claim was lost must
// not create or cancel anything. In the end every active job holds exactly one live contract,
// nothing else is live, and the ledger checks out.
#include "../pipeline/PipelineFixture.h"

#include <QProcess>
#include <csignal>

using namespace griddeck;
using namespace griddeck::test;

class TestFrozenWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frozenWorkerKeepsOneContractPerJob()
    {
        // GRIDDECK_CTL lets the same scenario run against another build (an older one).
        const QString ctl
            = qEnvironmentVariable("GRIDDECK_CTL", QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"));
        QVERIFY(QFile::exists(ctl));
        PipelineFixture f(300);
        f.config.deploymentQueue.leaseSeconds = 1;
        f.config.threefoldGrid.requestTimeoutSeconds = 5;
        f.config.deploymentQueue.readinessTimeoutSeconds = 60;
        const QString configPath = f.temp.dir() + QStringLiteral("/deployment.toml");
        QVERIFY(f.config.saveFile(configPath).ok());
        SimFaults slow = f.grid.faults();
        slow.latencyMs = 1500;
        f.grid.setFaults(slow);

        const qint64 user = f.addUser(QStringLiteral("frozen"), 1000);
        for (int i = 0; i < 8; ++i)
            f.enqueue(user, specOfType(i % 2), 20);

        QProcess run;
        run.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        run.start(ctl,
            { QStringLiteral("--config"), configPath, QStringLiteral("--db"), f.temp.path(),
                QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--until-idle"),
                QStringLiteral("--workers"), QStringLiteral("4") });
        QVERIFY(run.waitForStarted(10000));
        const pid_t pid = pid_t(run.processId());
        // The freezes are the scenario: real time has to pass while the process cannot run.
        for (int i = 0; i < 8 && run.state() == QProcess::Running; ++i) {
            QTest::qWait(900 + 150 * (i % 3));
            if (run.state() != QProcess::Running)
                break;
            ::kill(pid, SIGSTOP);
            QTest::qWait(1300);
            ::kill(pid, SIGCONT);
        }
        // About 15-35 s on an idle 2-core machine; it may have ended during the freezes above
        // (waitForFinished() is false for a process already finished).
        QVERIFY2(run.state() == QProcess::NotRunning || run.waitForFinished(240000), "run --until-idle did not finish");
        QCOMPARE(run.exitStatus(), QProcess::NormalExit);
        QCOMPARE(run.exitCode(), 0);

        const auto counts = f.stageCounts();
        const qint64 active
            = counts.count(QStringLiteral("active")) ? counts.at(QStringLiteral("active")) : 0;
        qInfo("active %lld, failed %lld, live contracts %d", active,
            counts.count(QStringLiteral("failed")) ? counts.at(QStringLiteral("failed")) : 0,
            f.grid.liveContractCount());
        QCOMPARE(qint64(f.grid.liveContractCount()), active);
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestFrozenWorker)
#include "tst_frozen_worker.moc"
