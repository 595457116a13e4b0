// Readiness on time, with an injected clock shared by the simulator and the steps: deployments
// that take 10 s to be ready are seen ready within about one poll interval of that moment,
// never after a doubled wait (the old 1, 2, 4, 8, 16 s polls saw them at 16 s), and once the
// steps have seen how long deployments take, a new one is first polled just before then.
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
        QCOMPARE(e.expectedMs(1000), 10000);
        // Initialising at 3 s, then a poll that timed out, then ready at 19 s: the wait says
        // nothing about the grid (15 s of it was the timeout) and is not learnt.
        for (int i = 0; i < 8; ++i) {
            const QString id = QStringLiteral("b%1").arg(i);
            e.created(id, 0);
            e.sawInitialising(id, 3000);
            e.sawNoAnswer(id);
            e.sawReady(id, 19000, 19000, 1000);
        }
        QCOMPARE(e.expectedMs(1000), 10000);
        // Ready at its first poll (the expected time): ready by then, perhaps sooner; the next
        // ones are probed an interval earlier.
        e.created(QStringLiteral("c"), 10000);
        e.sawReady(QStringLiteral("c"), 10000, 10000, 1000);
        QCOMPARE(e.expectedMs(1000), 8500);
        // The same, but the poll ran 3 s late (a busy dispatcher): learnt from when it was due,
        // or a backlog would push every later first poll up.
        ReadinessEstimate late;
        late.created(QStringLiteral("d"), 10000);
        late.sawReady(QStringLiteral("d"), 13000, 13000, 1000);
        QCOMPARE(late.expectedMs(1000), 8500);
        // Never followed (created before this process started): nothing learnt.
        e.sawReady(QStringLiteral("unknown"), 2000, 2000, 1000);
        QCOMPARE(e.expectedMs(1000), 8500);
    }

    void estimateDoesNotRatchetUpUnderFaults()
    {
        // Deployments are ready 2 s after creation. Three in four meet a failed first poll (a
        // busy grid): one a timeout (15 s), two an error reply, polled again 2 s later. The
        // estimate must stay near 2 s, not climb with the waits the failures inflated.
        constexpr qint64 readyAfter = 2000;
        constexpr int interval = 1000;
        ReadinessEstimate e;
        for (int d = 0; d < 400; ++d) {
            const QString id = QStringLiteral("dep-%1").arg(d);
            qint64 at = e.expectedMs(interval); // the first poll
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
                e.sawInitialising(id, at);
                at += interval;
            }
        }
        const qint64 expected = e.expectedMs(interval);
        QVERIFY2(expected <= readyAfter && expected >= readyAfter - 2 * interval, qPrintable(QString::number(expected)));
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
        // Nothing known yet: polled every second (±20 %), seen ready within one interval.
        QVERIFY2(a.seenReadyAfterMs >= 10000 && a.seenReadyAfterMs <= 11200,
            qPrintable(QString::number(a.seenReadyAfterMs)));
        QVERIFY2(a.polls >= 9 && a.polls <= 14, qPrintable(QString::number(a.polls)));

        // Now the steps know deployments take about 10 s: the next one is first polled then
        // (the seen time less half an interval), not polled every second before, and seen
        // ready in at most three polls.
        const qint64 second = f.enqueue(user, specOfType(1), 20);
        const Waited b = deployAndWait(f, runner, clock, second, { first });
        QVERIFY2(b.firstPollAfterMs >= 9000 && b.firstPollAfterMs <= 10700,
            qPrintable(QString::number(b.firstPollAfterMs)));
        // The first poll lands at (a's seen time − 500 ms), 9.5–10.7 s: at or after 10 s it sees
        // the deployment ready; before, the next poll is one jittered interval (0.8–1.2 s) later.
        QVERIFY2(b.seenReadyAfterMs >= 10000 && b.seenReadyAfterMs <= 11200,
            qPrintable(QString::number(b.seenReadyAfterMs)));
        QVERIFY2(b.polls <= 3, qPrintable(QString::number(b.polls)));
        Store::closeAllThreadConnections();
    }
};

QTEST_GUILESS_MAIN(TestReadiness)
#include "tst_readiness.moc"
