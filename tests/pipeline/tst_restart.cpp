// A restart that checks, against the simulator on loopback: after the grid restarts the
// workload the job goes through readiness and health again (in view on its timeline) and is
// active again, or active but flagged with the reason when the check fails. A restart never
// charges again and never refunds; the contract is kept either way.
#include "PipelineFixture.h"
#include "pipeline/PipelineStore.h"
#include "queue/Restarts.h"

#include <QSignalSpy>

using namespace griddeck;
using namespace griddeck::test;

class TestRestart : public QObject
{
    Q_OBJECT

private:
    static Result<void> restart(PipelineEngine &engine, qint64 jobId, const QString &actor)
    {
        std::optional<Result<void>> answer;
        engine.restartDeployment(jobId, actor, [&](Result<void> r) { answer = r; });
        if (!QTest::qWaitFor([&] { return answer.has_value(); }, 15000))
            return Error { ErrorKind::Internal, QStringLiteral("no answer") };
        return *answer;
    }

    // The events written since (and including) the restart event of restart `n`.
    static QList<JobEvent> eventsOfRestart(JobQueue &queue, qint64 jobId, int n)
    {
        QList<JobEvent> out;
        int seen = 0;
        const QList<JobEvent> events = queue.events(jobId).value(); // a copy: the Result is a temporary
        for (const JobEvent &e : events) {
            if (e.kind == QLatin1String("restart"))
                ++seen;
            if (seen == n)
                out.append(e);
        }
        return out;
    }

    static QString text(const QList<JobEvent> &events)
    {
        QStringList lines;
        for (const JobEvent &e : events)
            lines << QStringLiteral("[%1] %2: %3").arg(stageName(e.stage), e.kind, e.message);
        return lines.join(u'\n');
    }

    // restartChecked() is emitted on a worker thread: collected queued, on this thread (a
    // QSignalSpy would append from the worker).
    struct Checks
    {
        QList<std::tuple<qint64, bool, QString>> seen;
        QObject context;
        explicit Checks(PipelineEngine &engine)
        {
            QObject::connect(&engine, &PipelineEngine::restartChecked, &context,
                [this](qint64 id, bool ok, const QString &message) { seen.append({ id, ok, message }); });
        }
        qsizetype size() const { return seen.size(); }
    };

    qint64 count(PipelineFixture &f, const QString &sql, qint64 jobId) { return f.scalar(sql.arg(jobId)); }

private Q_SLOTS:
    void restartGoesThroughReadinessAndHealthAgain()
    {
        PipelineFixture f(300);
        const qint64 user = f.addUser(QStringLiteral("rita"), 100);
        const qint64 id = f.enqueue(user, specOfType(0));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(2));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        QCOMPARE(f.queue->job(id)->stage, Stage::Active);
        const Tfc available = f.ledger.user(user).value().available;
        const QString outboxRows = QStringLiteral("SELECT COUNT(*) FROM outbox WHERE job_id = %1");
        const qint64 notifications = count(f, outboxRows, id);

        Checks checked(engine);
        auto restarted = restart(engine, id, QStringLiteral("ops@rita"));
        QVERIFY2(restarted.ok(), qPrintable(restarted.ok() ? QString() : restarted.error().message));
        // The restart began a check (it may have ended already: the simulator is quick).
        auto begun = restarts::latest(f.temp.store()->db(), id);
        QVERIFY(begun.ok() && begun.value().has_value());
        QTRY_VERIFY_WITH_TIMEOUT(checked.size() == 1, 20000);
        QCOMPARE(std::get<0>(checked.seen.at(0)), id);
        QCOMPARE(std::get<1>(checked.seen.at(0)), true);

        const Job job = f.queue->job(id).value();
        QCOMPARE(job.stage, Stage::Active);
        QVERIFY(job.lastError.isEmpty());
        auto latest = restarts::latest(f.temp.store()->db(), id).value();
        QVERIFY(latest.has_value());
        QCOMPARE(latest->state, restartstate::Ok);
        QCOMPARE(latest->n, 1);
        QCOMPARE(latest->actor, QStringLiteral("ops@rita"));

        // On the timeline: the restart, then readiness (waiting_ready → verifying) and health
        // (verifying → active), in this order.
        const QList<JobEvent> events = eventsOfRestart(*f.queue, id, 1);
        const QString timeline = text(events);
        QVERIFY2(events.size() >= 3, qPrintable(timeline));
        QCOMPARE(events.at(0).kind, QStringLiteral("restart"));
        QCOMPARE(events.at(0).stage, Stage::WaitingReady);
        QCOMPARE(events.at(0).actor, QStringLiteral("ops@rita"));
        int ready = -1, healthy = -1;
        for (int i = 0; i < events.size(); ++i) {
            if (events.at(i).stage == Stage::Verifying
                && events.at(i).message.contains(QLatin1String("ready again")))
                ready = i;
            if (events.at(i).stage == Stage::Active
                && events.at(i).message.contains(QLatin1String("healthy again")))
                healthy = i;
        }
        QVERIFY2(ready > 0 && healthy > ready, qPrintable(timeline));

        // Nothing charged again, nothing refunded; one contract, the same one.
        QCOMPARE(count(f,
                     QStringLiteral(
                         "SELECT COUNT(*) FROM ledger_transactions WHERE job_id = %1 AND kind = 'capture'"),
                     id),
            1);
        QCOMPARE(count(f,
                     QStringLiteral(
                         "SELECT COUNT(*) FROM ledger_transactions WHERE job_id = %1 AND kind = 'release'"),
                     id),
            0);
        QCOMPARE(f.ledger.user(user).value().available, available);
        QCOMPARE(count(f, QStringLiteral("SELECT COUNT(*) FROM job_deployments WHERE job_id = %1"), id), 1);
        // No second "active" notification for the buyer.
        QCOMPARE(count(f, outboxRows, id), notifications);
        engine.stop();
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void restartWhoseHealthCheckFailsIsFlagged()
    {
        PipelineFixture f(200);
        const qint64 user = f.addUser(QStringLiteral("sam"), 100);
        const qint64 id = f.enqueue(user, specOfType(4));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(2));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        QCOMPARE(f.queue->job(id)->stage, Stage::Active);
        const Tfc available = f.ledger.user(user).value().available;

        SimFaults faults = f.grid.faults();
        faults.healthFailRate = 1.0; // every health check after the restart says unhealthy
        f.grid.setFaults(faults);
        Checks checked(engine);
        auto restarted = restart(engine, id, QStringLiteral("ops@sam"));
        QVERIFY(restarted.ok());
        QTRY_VERIFY_WITH_TIMEOUT(checked.size() == 1, 20000);
        QCOMPARE(std::get<1>(checked.seen.at(0)), false);
        const QString message = std::get<2>(checked.seen.at(0));
        QVERIFY2(message.contains(QLatin1String("restart 1 failed its check")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("unhealthy")), qPrintable(message));

        // Flagged: active (the contract is paid and kept), the reason on the job and the restart.
        const Job job = f.queue->job(id).value();
        QCOMPARE(job.stage, Stage::Active);
        QVERIFY2(job.lastError.contains(QLatin1String("unhealthy")), qPrintable(job.lastError));
        auto latest = restarts::latest(f.temp.store()->db(), id).value();
        QCOMPARE(latest->state, restartstate::Failed);
        QVERIFY2(latest->reason.contains(QLatin1String("workload unreachable")), qPrintable(latest->reason));
        QCOMPARE(f.grid.liveContractCount(), 1);
        QCOMPARE(pipelinestore::latestDeployment(f.temp.store()->db(), id).value()->state, deploystate::Ok);
        // No refund, no second charge.
        QCOMPARE(f.ledger.hold(id)->state, HoldState::Captured);
        QCOMPARE(count(f,
                     QStringLiteral(
                         "SELECT COUNT(*) FROM ledger_transactions WHERE job_id = %1 AND kind = 'release'"),
                     id),
            0);
        QCOMPARE(count(f,
                     QStringLiteral(
                         "SELECT COUNT(*) FROM ledger_transactions WHERE job_id = %1 AND kind = 'capture'"),
                     id),
            1);
        QCOMPARE(f.ledger.user(user).value().available, available);
        const QStringList flagged = f.violations();
        QVERIFY2(flagged.isEmpty(), qPrintable(flagged.join(u'\n')));

        // The fault gone, a second restart passes and clears the flag.
        faults.healthFailRate = 0;
        f.grid.setFaults(faults);
        QVERIFY(restart(engine, id, QStringLiteral("ops@sam")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(checked.size() == 2, 20000);
        QCOMPARE(std::get<1>(checked.seen.at(1)), true);
        QVERIFY(f.queue->job(id)->lastError.isEmpty());
        QCOMPARE(restarts::latest(f.temp.store()->db(), id).value()->n, 2);
        engine.stop();
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void restartWhileCheckingIsRefused()
    {
        PipelineFixture f(2000); // the restarted workload takes 2 s to be ready again
        const qint64 user = f.addUser(QStringLiteral("tom"), 100);
        const qint64 id = f.enqueue(user, specOfType(3));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(1));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        QVERIFY(restart(engine, id, QStringLiteral("ops")).ok());
        QCOMPARE(f.queue->job(id)->stage, Stage::WaitingReady);
        auto again = restart(engine, id, QStringLiteral("ops"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::Refused);
        QTRY_VERIFY_WITH_TIMEOUT(f.queue->job(id)->stage == Stage::Active, 20000);
        engine.stop();
        QCOMPARE(count(f, QStringLiteral("SELECT COUNT(*) FROM restarts WHERE job_id = %1"), id), 1);
    }
};

QTEST_GUILESS_MAIN(TestRestart)
#include "tst_restart.moc"
