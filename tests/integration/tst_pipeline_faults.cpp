// 200 purchases of all five service types against a grid that misbehaves on purpose: 10 % HTTP
// errors, 5 % timeouts, 5 % malformed replies, 10 % deploy errors, 10 % failed health checks,
// one price source down. Every job must end (active or failed), the ledger must hold, every
// failed job must be refunded exactly once and no contract may outlive a job that is not active.
#include "../pipeline/PipelineFixture.h"

#include <QElapsedTimer>

using namespace griddeck;
using namespace griddeck::test;

class TestPipelineFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void twoHundredJobsUnderFaults()
    {
        PipelineFixture f(150, 42);
        f.relaxDurability();
        SimFaults faults = f.grid.faults();
        faults.errorRate = 0.10;
        faults.timeoutRate = 0.05;
        faults.malformedRate = 0.05;
        faults.deployErrorRate = 0.10;
        faults.healthFailRate = 0.10;
        faults.sourceDown = {QStringLiteral("coingecko")};
        f.grid.setFaults(faults);

        QList<qint64> users;
        for (int i = 0; i < 10; ++i)
            users << f.addUser(QStringLiteral("user%1").arg(i), 10000);
        for (int i = 0; i < 200; ++i)
            f.enqueue(users[i % users.size()], specOfType(i), 10 + i % 7);

        QElapsedTimer clock;
        clock.start();
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(12));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, test::scaledMs(110000));
        engine.stop();

        const auto counts = f.stageCounts();
        QString summary;
        for (const auto &[stage, n] : counts)
            summary += QStringLiteral("%1=%2 ").arg(stage).arg(n);
        qInfo("200 jobs under faults in %lld ms: %s", qint64(clock.elapsed()), qPrintable(summary));
        qint64 terminal = 0;
        for (const QString &stage : {QStringLiteral("active"), QStringLiteral("failed")})
            terminal += counts.count(stage) ? counts.at(stage) : 0;
        QCOMPARE(terminal, qint64(200));
        QVERIFY2(counts.count(QStringLiteral("active")) && counts.at(QStringLiteral("active")) > 100, qPrintable(summary));

        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        // The faults really happened, and a failed job says what failed in words.
        const QJsonObject state = f.grid.state();
        QVERIFY(state.value(QStringLiteral("counters")).toObject().value(QStringLiteral("POST /deployments/{type}")).toInteger() > 200);
        QSqlQuery q(f.temp.store()->db());
        q.exec(QStringLiteral("SELECT last_error FROM jobs WHERE stage = 'failed'"));
        while (q.next())
            QVERIFY2(!q.value(0).toString().isEmpty(), "a failed job without an error");
    }
};

QTEST_GUILESS_MAIN(TestPipelineFaults)
#include "tst_pipeline_faults.moc"
