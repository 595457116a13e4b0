// Readiness on time, with an injected clock shared by the simulator and the steps: deployments
// that take 10 s to be ready are seen ready within about one poll interval of that moment,
// never after a doubled wait (the old 1, 2, 4, 8, 16 s polls saw them at 16 s), and once the
// steps have seen how long deployments take, a new one is first polled then, and seen ready
// within a probe step (a quarter interval) of it.
#include "PipelineFixture.h"
#include "pipeline/ReadinessEstimate.h"
#include "pipeline/StageRunner.h"

#include <QThread>

using namespace griddeck;
using namespace griddeck::test;

class TestReadiness : public QObject
{
    Q_OBJECT

private:
    // One claimed step of `jobId`, on a worker thread (grid calls block).
    static Result<Stage> step(StageRunner &runner, qint64 jobId, const QSet<qint64> &others)
    {
        std::optional<Result<Stage>> out;
        QThread *t = QThread::create([&] {
            auto claimed = runner.queue().claim(QStringLiteral("test-worker"), 1, others);
            if (!claimed.ok() || claimed->isEmpty() || claimed->first().id != jobId)
                out.emplace(Error::conflict(QStringLiteral("job %1 was not claimable").arg(jobId)));
            else
                out.emplace(runner.runStep(claimed->first(), QStringLiteral("test-worker")));
            Store::closeAllThreadConnections();
        });
        t->start();
        t->wait();
        delete t;
        return *out;
    }

    struct Waited
    {
        int polls = 0;
        qint64 seenReadyAfterMs = 0; // from the deployment's creation
        qint64 firstPollAfterMs = 0;
    };

    // Deploys `jobId`, then polls it whenever it is due (moving the clock there) until it is
    // ready to verify.
    static Waited deployAndWait(
        PipelineFixture &f, StageRunner &runner, ManualClock &clock, qint64 jobId, const QSet<qint64> &others)
    {
        Waited w;
        for (Stage expected : { Stage::Converting, Stage::Deploying, Stage::WaitingReady }) {
            auto moved = step(runner, jobId, others);
            if (!moved.ok() || moved.value() != expected)
                qFatal("job %lld: %s", jobId,
                    moved.ok() ? stageName(moved.value()).toUtf8().constData()
                               : qPrintable(moved.error().message));
        }
        const qint64 created
            = f.scalar(QStringLiteral("SELECT created_at FROM job_deployments WHERE job_id = %1").arg(jobId));
        for (;;) {
            const qint64 runAt = f.queue->job(jobId)->runAt;
            clock.setMs(std::max(clock.nowMs(), runAt));
            if (w.polls == 0)
                w.firstPollAfterMs = clock.nowMs() - created;
            ++w.polls;
            auto polled = step(runner, jobId, others);
            if (!polled.ok())
                qFatal("poll: %s", qPrintable(polled.error().message));
            if (polled.value() == Stage::Verifying) {
                w.seenReadyAfterMs = clock.nowMs() - created;
                return w;
            }
            if (polled.value() != Stage::WaitingReady || w.polls > 400)
                qFatal("job %lld: unexpected %s", jobId, qPrintable(stageName(polled.value())));
        }
    }

private Q_SLOTS:
    void learnsOnlyWaitsThePollsPinDown()
    {
        ReadinessEstimate e;
        // Initialising at 9.6 s, ready at the next poll (10.5 s): learnt.
        e.created(QStringLiteral("a"), 0);
        e.sawInitialising(QStringLiteral("a"), 9600);
        e.sawReady(QStringLiteral("a"), 10500, 10500, 1000);
        QCOMPARE(e.expectedMs(), 10500);
        // Initialising at 3 s, then a poll that timed out, then ready at 19 s: the wait says
        // nothing about the grid (15 s of it was the timeout) and is not learnt.
        for (int i = 0; i < 8; ++i) {
            const QString id = QStringLiteral("b%1").arg(i);
            e.created(id, 0);
            e.sawInitialising(id, 3000);
            e.sawNoAnswer(id);
            e.sawReady(id, 19000, 19000, 1000);
        }
        QCOMPARE(e.expectedMs(), 10500);
        // Ready at its first poll (the expected time): ready by then, perhaps sooner; the next
        // ones are probed a step (a quarter interval) earlier.
        e.created(QStringLiteral("c"), 10000);
        e.sawReady(QStringLiteral("c"), 10000, 10000, 1000);
        QCOMPARE(e.expectedMs(), 9750);
        // The same, but the poll ran 3 s late (a busy dispatcher): learnt from when it was due,
        // or a backlog would push every later first poll up.
        ReadinessEstimate late;
        late.created(QStringLiteral("d"), 10000);
        late.sawReady(QStringLiteral("d"), 13000, 13000, 1000);
        QCOMPARE(late.expectedMs(), 9750);
        // Never followed (created before this process started): nothing learnt.
        e.sawReady(QStringLiteral("unknown"), 2000, 2000, 1000);
        QCOMPARE(e.expectedMs(), 9750);
        // Only the poll set at the expected time is a first poll: the one after it is not.
        e.created(QStringLiteral("f"), 9750);
        QVERIFY(e.sawInitialising(QStringLiteral("f"), 9750));
        QVERIFY(!e.sawInitialising(QStringLiteral("f"), 10000));
        QVERIFY(!e.sawInitialising(QStringLiteral("never created"), 10000));
    }

    void estimateDoesNotRatchetUpUnderFaults()
    {
        // Deployments are ready 2 s after creation. Three in four meet a failed first poll (a
        // busy grid): one a timeout (15 s), two an error reply, polled again 2 s later. The
        // estimate must stay near 2 s, not climb with the waits the failures inflated.
        constexpr qint64 readyAfter = 2000;
        constexpr int interval = 1000;
        constexpr qint64 step = ReadinessEstimate::probeStepMs(interval);
        ReadinessEstimate e;
        for (int d = 0; d < 400; ++d) {
            const QString id = QStringLiteral("dep-%1").arg(d);
            qint64 at = e.expectedMs(); // the first poll
            e.created(id, at);
            int polls = 0;
            for (;;) {
                ++polls;
                if (polls == 1 && d % 4 == 0) {
                    e.sawNoAnswer(id);
                    at += 15000 + interval;
                    continue;
                }
                if (polls == 1 && (d % 4 == 1 || d % 4 == 2)) {
                    e.sawNoAnswer(id);
                    at += 2000;
                    continue;
                }
                if (at >= readyAfter) {
                    e.sawReady(id, at, at, interval);
                    break;
                }
                at += e.sawInitialising(id, at) ? step : interval; // as the waiting_ready step
            }
        }
        // Within a step of the real time: first polls land on time, not seconds late.
        const qint64 expected = e.expectedMs();
        QVERIFY2(expected <= readyAfter + step && expected >= readyAfter - step, qPrintable(QString::number(expected)));
    }

    void readinessIsSeenOnTime()
    {
        // Jobs are queued on the wall clock; the manual clock starts a little later so they are due.
        ManualClock clock(QDateTime::currentMSecsSinceEpoch() + 60000);
        SimOptions sim = PipelineFixture::simOptions(10000, 7);
        sim.clock = &clock;
        PipelineFixture f(150);
        EmbeddedGrid grid(sim);
        auto url = grid.start();
        QVERIFY(url.ok());
        f.config = fastConfig(url.value());
        auto endpoints = Endpoints::resolve(f.config);
        QVERIFY(endpoints.ok());
        EngineOptions options; // the default polling: 1 s interval
        StageRunner runner(
            f.temp.store(), PipelineSettings::from(f.config, options), endpoints.value(), clock);

        const qint64 user = f.addUser(QStringLiteral("alice"), 1000);
        const qint64 first = f.enqueue(user, specOfType(0), 20);
        const Waited a = deployAndWait(f, runner, clock, first, {});
        // Nothing known yet: polled at once, a step later, then every second (±20 %); seen ready
        // within one interval.
        QVERIFY2(a.seenReadyAfterMs >= 10000 && a.seenReadyAfterMs <= 11200,
            qPrintable(QString::number(a.seenReadyAfterMs)));
        QVERIFY2(a.polls >= 9 && a.polls <= 15, qPrintable(QString::number(a.polls)));

        // Now the steps know deployments take about 10 s: the next one is first polled when a
        // was seen ready (10–11.2 s), not polled every second before, and seen ready at once.
        const qint64 second = f.enqueue(user, specOfType(1), 20);
        const Waited b = deployAndWait(f, runner, clock, second, { first });
        QCOMPARE(b.firstPollAfterMs, a.seenReadyAfterMs);
        QCOMPARE(b.seenReadyAfterMs, b.firstPollAfterMs);
        QCOMPARE(b.polls, 1);

        // That was a ready first poll: the next is probed sooner (a step below it is learnt),
        // and so on while first polls find them ready. One that comes early is polled again a step
        // later, not a whole interval: seen ready within a step of 10 s, in two polls.
        QSet<qint64> done { first, second };
        qint64 previousFirstPoll = b.firstPollAfterMs;
        bool early = false;
        for (int i = 0; i < 12 && !early; ++i) {
            const qint64 next = f.enqueue(user, specOfType(i % 5), 20);
            const Waited w = deployAndWait(f, runner, clock, next, done);
            done.insert(next);
            const QString seen = QStringLiteral("first poll at %1, seen ready at %2 after %3 polls")
                                     .arg(w.firstPollAfterMs)
                                     .arg(w.seenReadyAfterMs)
                                     .arg(w.polls);
            QVERIFY2(w.firstPollAfterMs < previousFirstPoll || (i > 0 && w.firstPollAfterMs == previousFirstPoll),
                qPrintable(seen));
            early = w.firstPollAfterMs < 10000;
            if (early)
                QVERIFY2(w.polls == 2 && w.seenReadyAfterMs == w.firstPollAfterMs + 250, qPrintable(seen));
            else
                QVERIFY2(w.polls == 1 && w.seenReadyAfterMs == w.firstPollAfterMs, qPrintable(seen));
            previousFirstPoll = w.firstPollAfterMs;
        }
        QVERIFY2(early, "first polls never came before the deployments were ready: the estimate did not probe");
        Store::closeAllThreadConnections();
    }
};

QTEST_GUILESS_MAIN(TestReadiness)
#include "tst_readiness.moc"
