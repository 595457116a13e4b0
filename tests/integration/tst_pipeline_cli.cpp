// griddeckctl's pipeline commands as a script would use them, against a grid simulator the
// test hosts: run --until-idle, job ID (connection details, conversion), deployments restart
// and stop, retry, estimate.
#include "../pipeline/PipelineFixture.h"
#include "CtlProcess.h"

#include <QJsonDocument>
#include <QProcess>

#include <algorithm>

using namespace griddeck;
using namespace griddeck::test;

class TestPipelineCli : public QObject
{
    Q_OBJECT

private:
    using Output = CtlOutput;

    Output ctl(const QStringList &args) { return runGriddeckctl(m_base + args); }

    // griddeckctl works on the fixture's config (saved next to its store) and store.
    bool useFixture(PipelineFixture &f)
    {
        const QString configPath = f.temp.dir() + QStringLiteral("/deployment.toml");
        m_base = { QStringLiteral("--config"), configPath, QStringLiteral("--db"), f.temp.path() };
        return f.config.saveFile(configPath).ok();
    }

    // A VM no simulated node can hold: its job fails and is refunded.
    static ServiceSpec oversizedVm()
    {
        return ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 64, 1024, 90000);
    }

    QStringList m_base;

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void commands()
    {
        QVERIFY(QFile::exists(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl")));
        PipelineFixture f;
        QVERIFY(useFixture(f));
        const qint64 user = f.addUser(QStringLiteral("alice"), 1000);
        const qint64 vm = f.enqueue(user, specOfType(0));
        const qint64 app = f.enqueue(user, specOfType(4));
        const qint64 bad = f.enqueue(user, oversizedVm());

        Output run = ctl({QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--until-idle"), QStringLiteral("--workers"), QStringLiteral("2")});
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("stages")).toObject().value(QStringLiteral("active")).toInt(), 2);
        QCOMPARE(run.json().value(QStringLiteral("stages")).toObject().value(QStringLiteral("failed")).toInt(), 1);

        Output job = ctl({QStringLiteral("--json"), QStringLiteral("job"), QString::number(app)});
        QCOMPARE(job.code, 0);
        const QJsonObject connection = job.json().value(QStringLiteral("connection")).toObject();
        QVERIFY2(connection.value(QStringLiteral("ssh_command")).toString().startsWith(QStringLiteral("ssh root@")), job.out.constData());
        QVERIFY(connection.value(QStringLiteral("web_url")).toString().startsWith(QStringLiteral("https://")));
        QVERIFY(!job.json().value(QStringLiteral("conversion")).toObject().value(QStringLiteral("tft_received")).toString().isEmpty());
        QCOMPARE(job.json().value(QStringLiteral("deployments")).toArray().size(), 1);
        Output text = ctl({QStringLiteral("job"), QString::number(app)});
        QVERIFY(text.out.contains("SSH          ssh root@"));
        QVERIFY(text.out.contains(" TFT at "));

        Output restart = ctl({QStringLiteral("deployments"), QStringLiteral("restart"), QString::number(vm), QStringLiteral("--actor"), QStringLiteral("ops")});
        QVERIFY2(restart.code == 0, (restart.out + restart.err).constData());
        // The command waited for readiness and health to be checked again.
        QVERIFY2(restart.out.contains("active again (restart 1 passed"), restart.out.constData());
        QCOMPARE(f.queue->job(vm)->stage, Stage::Active);
        QCOMPARE(
            f.scalar(
                QStringLiteral("SELECT COUNT(*) FROM restarts WHERE job_id = %1 AND state = 'ok'").arg(vm)),
            1);
        SimFaults faults = f.grid.faults();
        faults.healthFailRate = 1.0;
        f.grid.setFaults(faults);
        Output flagged = ctl({ QStringLiteral("deployments"), QStringLiteral("restart"), QString::number(vm),
            QStringLiteral("--actor"), QStringLiteral("ops") });
        QCOMPARE(flagged.code, 1);
        QVERIFY2(flagged.out.contains("restart 2 FAILED its check") && flagged.out.contains("unhealthy"),
            flagged.out.constData());
        QCOMPARE(f.queue->job(vm)->stage, Stage::Active);
        QCOMPARE(f.ledger.hold(vm)->state, HoldState::Captured);
        faults.healthFailRate = 0;
        f.grid.setFaults(faults);
        Output stop = ctl({QStringLiteral("--json"), QStringLiteral("deployments"), QStringLiteral("stop"), QString::number(vm), QStringLiteral("--actor"), QStringLiteral("ops")});
        QVERIFY2(stop.code == 0, stop.err.constData());
        QCOMPARE(f.queue->job(vm)->stage, Stage::Stopped);
        QCOMPARE(f.ledger.hold(vm)->state, HoldState::Captured);
        Output again = ctl({QStringLiteral("deployments"), QStringLiteral("stop"), QString::number(vm)});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("only an active deployment"));

        Output retry = ctl({QStringLiteral("--json"), QStringLiteral("retry"), QString::number(bad)});
        QVERIFY2(retry.code == 0, retry.err.constData());
        const qint64 newId = retry.json().value(QStringLiteral("id")).toInteger();
        QCOMPARE(f.queue->job(newId)->retryOf, std::optional<qint64>(bad));
        QCOMPARE(ctl({QStringLiteral("retry"), QString::number(app)}).code, 1); // active: refused
        QCOMPARE(ctl({QStringLiteral("cancel"), QString::number(newId)}).code, 0);

        Output estimate = ctl({QStringLiteral("--json"), QStringLiteral("estimate"), QStringLiteral("--cpu"), QStringLiteral("2"),
                               QStringLiteral("--memory-gb"), QStringLiteral("4"), QStringLiteral("--storage-gb"), QStringLiteral("50"),
                               QStringLiteral("--ipv4"), QStringLiteral("1"), QStringLiteral("--rate"), QStringLiteral("0.01")});
        QVERIFY2(estimate.code == 0, estimate.err.constData());
        const QJsonObject e = estimate.json();
        QCOMPARE(e.value(QStringLiteral("cu")).toString(), QStringLiteral("1.0000000"));
        QCOMPARE(e.value(QStringLiteral("su")).toString(), QStringLiteral("0.2500000"));
        QCOMPARE(e.value(QStringLiteral("ipu")).toString(), QStringLiteral("1"));
        QCOMPARE(e.value(QStringLiteral("usd_month")).toString(), QStringLiteral("10.9800000"));
        QCOMPARE(e.value(QStringLiteral("tft_month")).toString(), QStringLiteral("1098.0000000"));
        Output oracle = ctl({QStringLiteral("--json"), QStringLiteral("estimate"), QStringLiteral("--cpu"), QStringLiteral("1"),
                             QStringLiteral("--memory-gb"), QStringLiteral("2"), QStringLiteral("--storage-gb"), QStringLiteral("10")});
        QVERIFY2(oracle.code == 0, oracle.err.constData());
        QVERIFY(oracle.json().value(QStringLiteral("tft_month")).toString().toDouble() > 0);
        QCOMPARE(ctl({QStringLiteral("estimate"), QStringLiteral("--cpu"), QStringLiteral("x"), QStringLiteral("--memory-gb"), QStringLiteral("1"),
                      QStringLiteral("--storage-gb"), QStringLiteral("1"), QStringLiteral("--rate"), QStringLiteral("0.01")}).code,
                 2);
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // `run` prints a line as each job ends. The engine reports from its worker threads; the
    // lines are written by the command's own thread (a worker writing to the stream too raced
    // the main thread and corrupted the heap), each whole, each job once, before the summary.
    void runPrintsEachEndingFromTheCommandsThread()
    {
        PipelineFixture f;
        QVERIFY(useFixture(f));
        const qint64 user = f.addUser(QStringLiteral("alice"), 1000);
        QList<qint64> good;
        for (int i = 0; i < 8; ++i)
            good << f.enqueue(user, specOfType(i % 2 ? 4 : 0));
        const qint64 bad = f.enqueue(user, oversizedVm());

        Output run = ctl({ QStringLiteral("run"), QStringLiteral("--until-idle"), QStringLiteral("--workers"),
            QStringLiteral("4") });
        QVERIFY2(run.code == 0, (run.out + run.err).constData());
        const QList<QByteArray> lines = run.out.split('\n');
        for (qint64 id : good)
            QVERIFY2(lines.count(QByteArray("job ") + QByteArray::number(id) + " active") == 1, run.out.constData());
        const QByteArray failedPrefix = QByteArray("job ") + QByteArray::number(bad) + " failed: ";
        QCOMPARE(std::count_if(lines.begin(), lines.end(),
                     [&](const QByteArray &line) { return line.startsWith(failedPrefix); }),
            1);
        const qsizetype summary = run.out.indexOf("Jobs: ");
        QVERIFY2(summary > run.out.lastIndexOf(" active\n") && summary > run.out.indexOf(failedPrefix),
            run.out.constData());
        QVERIFY2(!run.err.contains("other than the command's own"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestPipelineCli)
#include "tst_pipeline_cli.moc"
