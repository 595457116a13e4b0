// A step waiting for the network holds no worker: with ONE worker, a job whose requests the grid
// never answers waits (for a second copy of each GET, or its request timeout) while another job
// goes all the way to active;
// the steps in flight are bounded; and shutting down with a request outstanding aborts it and
// leaves the job to the next run, its money and contracts right.

#include "PipelineFixture.h"

#include <QElapsedTimer>

using namespace griddeck;
using namespace griddeck::test;

class TestAsyncNetwork : public QObject
{
    Q_OBJECT

private:
    static Stage stageOf(PipelineFixture &f, qint64 id) { return f.queue->job(id)->stage; }

    static void setTimeouts(PipelineFixture &f, double rate)
    {
        SimFaults faults = f.grid.faults();
        faults.timeoutRate = rate;
        f.grid.setFaults(faults);
    }

private Q_SLOTS:
    void anotherJobCompletesWhileARequestHangs()
    {
        PipelineFixture f;
        // Nothing is known of the grid's answer times yet: an unanswered GET gets its second
        // copy a third of the timeout (8 s) after it was sent.
        f.config.threefoldGrid.requestTimeoutSeconds = 24;
        const qint64 user = f.addUser(QStringLiteral("alice"), 200);
        // Every request of the first job's first step is held unanswered.
        setTimeouts(f, 1.0);
        const qint64 hanging = f.enqueue(user, specOfType(0));
        EngineOptions options = fastOptions(1);
        options.reconcileIntervalMs = 0; // only the job's requests reach the grid (and hang)
        PipelineEngine engine(f.config, f.temp.store(), nullptr, options);
        QElapsedTimer sinceStart;
        sinceStart.start();
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.grid.pendingReplyCount() >= 1, 5000);
        setTimeouts(f, 0);

        QElapsedTimer clock;
        clock.start();
        const qint64 other = f.enqueue(user, specOfType(1));
        engine.wake();
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(f, other), Stage::Active, 7000);
        const qint64 took = clock.elapsed();
        // Five stages on the only worker, while the first job still waits for its quote.
        QVERIFY2(took < 6000, qPrintable(QStringLiteral("active after %1 ms").arg(took)));
        QCOMPARE(stageOf(f, hanging), Stage::Queued);
        QVERIFY(f.grid.pendingReplyCount() >= 1);

        // The held GETs get their second copies (8 s), which the grid answers: the first job
        // ends active too, well before its requests' 24 s timeout would have let it retry.
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(f, hanging), Stage::Active, 30000);
        QVERIFY2(sinceStart.elapsed() < 20000, qPrintable(QString::number(sinceStart.elapsed())));
        auto events = f.queue->events(hanging);
        QVERIFY(events.ok());
        for (const JobEvent &e : events.value())
            QVERIFY2(!e.message.contains(QLatin1String("timed out")), qPrintable(e.message));
        engine.stop();
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void stepsInFlightAreBounded()
    {
        PipelineFixture f;
        f.config.threefoldGrid.requestTimeoutSeconds = 30;
        const qint64 user = f.addUser(QStringLiteral("bob"), 1000);
        setTimeouts(f, 1.0);
        for (int i = 0; i < 6; ++i)
            f.enqueue(user, specOfType(i));
        EngineOptions options = fastOptions(1);
        options.maxStepsInFlight = 3;
        options.shutdownTimeoutMs = 100;
        options.reconcileIntervalMs = 0; // its listing would hang too; only steps here
        PipelineEngine engine(f.config, f.temp.store(), nullptr, options);
        QVERIFY(engine.start().ok());
        // Three quotes wait (each asks three price sources); one more job waits in the claim's
        // backlog (up to worker_count), the other two are not even claimed.
        QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 3, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(f.grid.pendingReplyCount(), 9, 5000);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE lease_owner IS NOT NULL")), 4);
        QTest::qWait(300); // proving an absence: the dispatcher looks every 100 ms
        QCOMPARE(engine.busyWorkers(), 3);
        QCOMPARE(f.grid.pendingReplyCount(), 9);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE lease_owner IS NOT NULL")), 4);
    }

    void shutdownAbortsWaitingRequests()
    {
        PipelineFixture f;
        f.config.threefoldGrid.requestTimeoutSeconds = 60;
        const qint64 user = f.addUser(QStringLiteral("carol"), 200);
        setTimeouts(f, 1.0);
        const qint64 id = f.enqueue(user, specOfType(2));
        {
            EngineOptions options = fastOptions(1);
            options.shutdownTimeoutMs = 200;
            options.reconcileIntervalMs = 0; // the reconciler's blocking listing would hang too
            auto engine = std::make_unique<PipelineEngine>(f.config, f.temp.store(), nullptr, options);
            QVERIFY(engine->start().ok());
            QTRY_VERIFY_WITH_TIMEOUT(f.grid.pendingReplyCount() >= 1, 5000);
            QElapsedTimer clock;
            clock.start();
            engine.reset(); // stop() gives up after 200 ms; the rest is aborted, not waited for
            QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        }
        // The aborted quote counted as a transient failure: the job waits for its retry.
        auto job = f.queue->job(id);
        QVERIFY(job.ok());
        QCOMPARE(job->stage, Stage::Queued);
        QVERIFY2(job->lastError.contains(QLatin1String("aborted: the pipeline is shutting down")),
            qPrintable(job->lastError));

        setTimeouts(f, 0);
        PipelineEngine again(f.config, f.temp.store(), nullptr, fastOptions(1));
        QVERIFY(again.start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(stageOf(f, id), Stage::Active, 20000);
        again.stop();
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
};

QTEST_MAIN(TestAsyncNetwork)
#include "tst_async_network.moc"
