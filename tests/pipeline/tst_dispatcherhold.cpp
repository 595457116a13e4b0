// The dispatcher's hold (what PipelineEngine sets while the grid gateway is down): jobs in a held
// stage are not claimed and nothing is written for them; lifting the hold resumes them, and a
// hold on one stage lets the earlier stages run and stops the job there.

#include "PipelineFixture.h"
#include "pipeline/Dispatcher.h"

using namespace griddeck;
using namespace griddeck::test;

namespace {

const QSet<Stage> kEveryLiveStage { Stage::Queued, Stage::Converting, Stage::Deploying, Stage::WaitingReady,
    Stage::Verifying, Stage::RollingBack };

} // namespace

class TestDispatcherHold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void heldJobsAreUntouchedAndResumeWhenTheHoldLifts()
    {
        PipelineFixture f;
        const EngineOptions options = fastOptions(2);
        auto endpoints = Endpoints::resolve(f.config);
        QVERIFY(endpoints.ok());
        StageRunner runner(f.temp.store(), PipelineSettings::from(f.config, options), endpoints.value(),
            SystemClock::instance(), nullptr);
        Dispatcher dispatcher(
            f.temp.store(), &runner, 2, QStringLiteral("test-host:1"), options, SystemClock::instance());
        dispatcher.setHold(kEveryLiveStage);
        dispatcher.begin();

        const qint64 user = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(user, specOfType(0));
        dispatcher.wake();
        // Proving an absence: the dispatcher looks every 100 ms, ~10 times in this wait.
        QTest::qWait(1000);
        auto job = f.queue->job(id);
        QVERIFY(job.ok());
        QCOMPARE(job->stage, Stage::Queued);
        QCOMPARE(job->attempt, 0);
        QVERIFY(job->leaseOwner.isEmpty());
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = %1").arg(id)), 1);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM job_quotes WHERE job_id = %1").arg(id)), 0);

        // Only deploying held: the quote and the conversion run, the job stops before the grid.
        dispatcher.setHold({ Stage::Deploying });
        dispatcher.wake();
        QTRY_COMPARE_WITH_TIMEOUT(f.queue->job(id)->stage, Stage::Deploying, 20000);
        QTest::qWait(500);
        QCOMPARE(f.queue->job(id)->stage, Stage::Deploying);
        QCOMPARE(
            f.scalar(QStringLiteral("SELECT COUNT(*) FROM job_deployments WHERE job_id = %1").arg(id)), 0);

        // Lifted: it goes on by itself.
        dispatcher.setHold({});
        QTRY_COMPARE_WITH_TIMEOUT(f.queue->job(id)->stage, Stage::Active, 30000);
        QVERIFY(dispatcher.finish(10000));
        // What the simulator allows on it was kept for the console's buttons.
        QSqlQuery actions(f.temp.store()->db());
        QVERIFY(
            actions.exec(QStringLiteral("SELECT actions FROM job_deployments WHERE job_id = %1").arg(id)));
        QVERIFY(actions.next());
        QCOMPARE(actions.value(0).toString(), QStringLiteral("cancel,restart,stop"));
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
};

QTEST_MAIN(TestDispatcherHold)
#include "tst_dispatcherhold.moc"
