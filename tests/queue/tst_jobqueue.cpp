#include "QueueFixture.h"

#include <QtTest>

using namespace griddeck;
using griddeck::test::errorText;
using griddeck::test::QueueFixture;
using griddeck::test::smallVm;

namespace {

const QString kWorker = QStringLiteral("worker-1");
const QString kOther = QStringLiteral("worker-2");

QList<qint64> idsOf(const QList<Job> &jobs)
{
    QList<qint64> ids;
    for (const Job &job : jobs)
        ids << job.id;
    return ids;
}

QStringList kindsOf(const QList<JobEvent> &events)
{
    QStringList kinds;
    for (const JobEvent &event : events)
        kinds << event.kind;
    return kinds;
}

} // namespace

// Evaluates its argument once (it is often a call that writes).
#define VERIFY_OK(expression)                                                                          \
    do {                                                                                               \
        const auto &result_ = (expression);                                                            \
        QVERIFY2(result_.ok(), result_.ok() ? "" : qPrintable(errorText(result_.error())));            \
    } while (false)

class TestJobQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void enqueueInsertsTheJobAndHoldsItsCredits()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        ServiceSpec spec = smallVm();
        spec.environment.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
        auto id = f.enqueue(alice, Priority::High, 25, spec);
        VERIFY_OK(id);

        auto job = f.queue.job(id.value());
        VERIFY_OK(job);
        QCOMPARE(job->userId, alice);
        QCOMPARE(job->serviceType, QStringLiteral("vm"));
        QVERIFY(job->spec == spec);
        QVERIFY(job->specError.isEmpty());
        QCOMPARE(job->priority, Priority::High);
        QCOMPARE(job->stage, Stage::Queued);
        QCOMPARE(job->tfcAmount, Tfc::fromWhole(25));
        QCOMPARE(job->commissionAmount, *Tfc::parse(u"2.5"));
        QCOMPARE(job->gridPaymentAmount, *Tfc::parse(u"22.5"));
        QCOMPARE(job->maxRetries, 3);
        QCOMPARE(job->attempt, 0);
        QCOMPARE(job->runAt, f.clock.nowMs());
        QCOMPARE(job->createdAt, f.clock.nowMs());
        QVERIFY(job->leaseOwner.isEmpty());
        QVERIFY(!job->leaseExpiresAt && !job->finishedAt && !job->retryOf);

        const UserBalance balance = f.balance(alice);
        QCOMPARE(balance.available, Tfc::fromWhole(75));
        QCOMPARE(balance.held, Tfc::fromWhole(25));
        auto hold = f.ledger.hold(id.value());
        VERIFY_OK(hold);
        QCOMPARE(hold->amount, Tfc::fromWhole(25));
        QCOMPARE(hold->state, HoldState::Pending);

        auto events = f.queue.events(id.value());
        VERIFY_OK(events);
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->at(0).kind, QStringLiteral("enqueued"));
        QCOMPARE(events->at(0).stage, Stage::Queued);
        QCOMPARE(events->at(0).actor, QStringLiteral("alice@ops"));
        QVERIFY2(events->at(0).message.contains(spec.summary()), qPrintable(events->at(0).message));
        QCOMPARE(f.queue.liveCount().value(), 1);
    }

    void commissionAndRetriesComeFromTheSettings()
    {
        QueueSettings settings;
        settings.commissionPercent = *Percent::parse(u"12.5");
        settings.retryAttempts = 5;
        QueueFixture f(settings);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 100);
        auto id = f.enqueue(bob, Priority::Normal, 3);
        VERIFY_OK(id);
        auto job = f.queue.job(id.value());
        QCOMPARE(job->commissionAmount, *Tfc::parse(u"0.375"));
        QCOMPARE(job->gridPaymentAmount, *Tfc::parse(u"2.625"));
        QCOMPARE(job->commissionAmount + job->gridPaymentAmount, job->tfcAmount);
        QCOMPARE(job->maxRetries, 5);
    }

    void anInvalidSpecIsRefusedWithEveryProblemAndWritesNothing()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const QString before = f.snapshot();
        ServiceSpec spec = ServiceSpec::make(ContainerService{QStringLiteral("ng inx"), {70000}}, 0, 4, 10);
        auto id = f.enqueue(alice, Priority::Normal, 10, spec);
        QVERIFY(!id.ok());
        QCOMPARE(id.error().kind, ErrorKind::InvalidInput);
        QVERIFY(id.error().message.contains(QStringLiteral("cpu_cores must be between 1 and 64 (got 0)")));
        QVERIFY(id.error().message.contains(QStringLiteral("image \"ng inx\" is not a valid image reference")));
        QVERIFY(id.error().message.contains(QStringLiteral("port 70000 is out of range 1..65535")));
        QCOMPARE(f.snapshot(), before);
    }

    void aKubernetesManifestIsRefusedUpFrontOnARealGrid()
    {
        // The real gateway cannot apply a manifest: on a real network the purchase is refused
        // before anything is held; on the simulator (which applies it) it is queued.
        ServiceSpec spec = ServiceSpec::make(KubernetesService{2}, 2, 4, 20);
        spec.kubernetesManifest = QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
        QueueSettings real;
        real.gridNetwork = QStringLiteral("test");
        QueueFixture onReal(real);
        const qint64 alice = onReal.addUser(QStringLiteral("alice"), 100);
        const QString before = onReal.snapshot();
        auto refused = onReal.enqueue(alice, Priority::Normal, 10, spec);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("kubernetes_manifest: ")),
                 qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QStringLiteral("\"test\"")));
        QCOMPARE(onReal.snapshot(), before);

        QueueFixture onSimulator;
        const qint64 bob = onSimulator.addUser(QStringLiteral("bob"), 100);
        VERIFY_OK(onSimulator.enqueue(bob, Priority::Normal, 10, spec));
    }

    void aNonPositiveAmountOrNoActorIsRefused()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const QString before = f.snapshot();
        auto zero = f.enqueue(alice, Priority::Normal, 0);
        QVERIFY(!zero.ok());
        QCOMPARE(zero.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(zero.error().message.contains(QStringLiteral("greater than zero")), qPrintable(zero.error().message));

        EnqueueRequest request{alice, smallVm(), Tfc::fromWhole(1), Priority::Normal, QString(), std::nullopt};
        auto noActor = f.queue.enqueue(request);
        QVERIFY(!noActor.ok());
        QCOMPARE(noActor.error().kind, ErrorKind::InvalidInput);
        QCOMPARE(f.snapshot(), before);
    }

    void insufficientCreditsWriteNothing()
    {
        QueueFixture f;
        const qint64 carol = f.addUser(QStringLiteral("carol"), 10);
        VERIFY_OK(f.enqueue(carol, Priority::Normal, 4));
        const QString before = f.snapshot();
        auto id = f.enqueue(carol, Priority::Normal, 7);
        QVERIFY(!id.ok());
        QCOMPARE(id.error().kind, ErrorKind::Refused);
        QCOMPARE(f.snapshot(), before);
        QCOMPARE(f.count(QStringLiteral("jobs")), 1);
        QCOMPARE(f.balance(carol).available, Tfc::fromWhole(6));
        QCOMPARE(f.balance(carol).held, Tfc::fromWhole(4));
    }

    void aFullQueueWritesNothingUntilAJobEnds()
    {
        QueueSettings settings;
        settings.maxQueueSize = 3;
        QueueFixture f(settings);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        QList<qint64> ids;
        for (int i = 0; i < 3; ++i) {
            auto id = f.enqueue(alice);
            VERIFY_OK(id);
            ids << id.value();
        }
        const QString before = f.snapshot();
        auto refused = f.enqueue(alice);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Refused);
        QCOMPARE(refused.error().message, QStringLiteral("the queue is full (3 live jobs; max_queue_size = 3)"));
        QCOMPARE(f.snapshot(), before);

        // A finished job no longer counts.
        VERIFY_OK(f.queue.cancel(ids.first(), QStringLiteral("alice@ops")));
        VERIFY_OK(f.enqueue(alice));
        QCOMPARE(f.queue.liveCount().value(), 3);
    }

    void anUnknownUserWritesNothing()
    {
        QueueFixture f;
        const QString before = f.snapshot();
        auto id = f.enqueue(42);
        QVERIFY(!id.ok());
        QCOMPARE(id.error().kind, ErrorKind::NotFound);
        QVERIFY(id.error().message.contains(QStringLiteral("42")));
        QCOMPARE(f.snapshot(), before);
    }

    void aRetryMustPointAtAFinishedJobOfTheSameUser()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 100);
        const qint64 first = f.enqueue(alice).value();
        EnqueueRequest retry{alice, smallVm(), Tfc::fromWhole(10), Priority::Normal, QStringLiteral("ops"), first};
        auto live = f.queue.enqueue(retry);
        QVERIFY(!live.ok());
        QVERIFY2(live.error().message.contains(QStringLiteral("is queued; only a failed, cancelled or stopped job")),
                 qPrintable(live.error().message));
        VERIFY_OK(f.queue.cancel(first, QStringLiteral("ops")));
        retry.userId = bob;
        QVERIFY(!f.queue.enqueue(retry).ok());
        retry.userId = alice;
        retry.retryOf = 999;
        QCOMPARE(f.queue.enqueue(retry).error().kind, ErrorKind::NotFound);
        retry.retryOf = first;
        auto again = f.queue.enqueue(retry);
        VERIFY_OK(again);
        QCOMPARE(f.queue.job(again.value())->retryOf, std::optional<qint64>(first));
        // A second retry of the same job is refused and holds nothing more.
        const auto before = f.ledger.user(alice)->held;
        auto twice = f.queue.enqueue(retry);
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().kind, ErrorKind::Refused);
        QVERIFY2(twice.error().message.contains(QStringLiteral("already retried as job %1").arg(again.value())),
                 qPrintable(twice.error().message));
        QCOMPARE(f.ledger.user(alice)->held, before);
    }

    void claimsByPriorityThenFifo()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 1000);
        const QList<Priority> order = {Priority::Low, Priority::Normal, Priority::Critical, Priority::High, Priority::Low,
                                       Priority::Critical, Priority::Normal, Priority::High};
        std::map<Priority, QList<qint64>> byPriority;
        for (Priority p : order)
            byPriority[p] << f.enqueue(alice, p).value();
        const QList<qint64> expected = byPriority[Priority::Critical] + byPriority[Priority::High]
            + byPriority[Priority::Normal] + byPriority[Priority::Low];

        // One at a time: each claim takes the best due job (the earlier ones stay leased).
        QList<qint64> oneByOne;
        for (int i = 0; i < order.size(); ++i) {
            auto step = f.queue.claim(kWorker, 1);
            VERIFY_OK(step);
            QCOMPARE(step->size(), 1);
            oneByOne << step->first().id;
        }
        QVERIFY(f.queue.claim(kWorker, 1)->isEmpty());
        QCOMPARE(oneByOne, expected);
    }

    void aBatchClaimIsSortedAndLeased()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 1000);
        QList<qint64> low, normal, critical;
        for (int i = 0; i < 3; ++i) {
            low << f.enqueue(alice, Priority::Low).value();
            critical << f.enqueue(alice, Priority::Critical).value();
            normal << f.enqueue(alice, Priority::Normal).value();
        }
        auto batch = f.queue.claim(kWorker, 5);
        VERIFY_OK(batch);
        QCOMPARE(idsOf(batch.value()), critical + normal.mid(0, 2));
        for (const Job &job : batch.value()) {
            QCOMPARE(job.leaseOwner, kWorker);
            QCOMPARE(job.leaseExpiresAt, std::optional<qint64>(f.clock.nowMs() + 60'000));
            QCOMPARE(f.queue.job(job.id)->leaseOwner, kWorker);
        }
        auto rest = f.queue.claim(kOther, 100);
        VERIFY_OK(rest);
        QCOMPARE(idsOf(rest.value()), normal.mid(2) + low);
        QVERIFY(f.queue.claim(kOther, 100)->isEmpty());
    }

    void aLeasedJobIsClaimableOnlyAfterItsLeaseExpires()
    {
        QueueSettings settings;
        settings.leaseSeconds = 60;
        QueueFixture f(settings);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        QCOMPARE(idsOf(f.queue.claim(kWorker, 10).value()), QList<qint64>{id});
        QVERIFY(f.queue.claim(kOther, 10)->isEmpty());
        QCOMPARE(f.queue.nextDueAt().value(), std::optional<qint64>(f.clock.nowMs() + 60'000));
        f.clock.advanceMs(59'999);
        QVERIFY(f.queue.claim(kOther, 10)->isEmpty());
        f.clock.advanceMs(1);
        auto taken = f.queue.claim(kOther, 10);
        QCOMPARE(idsOf(taken.value()), QList<qint64>{id});
        QCOMPARE(taken->first().leaseOwner, kOther);

        // The first worker lost the job: its transition is refused and changes nothing.
        auto late = f.queue.advance(id, kWorker, Stage::Queued, Stage::Converting, QStringLiteral("quote fetched"), 0);
        QVERIFY(!late.ok());
        QCOMPARE(late.error().kind, ErrorKind::Conflict);
        QVERIFY2(late.error().message.contains(QStringLiteral("leased by worker-2, not by worker-1")), qPrintable(late.error().message));
        QCOMPARE(f.queue.job(id)->stage, Stage::Queued);
    }

    void renewingKeepsTheLeaseAndReleasingFreesIt()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());
        f.clock.advanceMs(50'000);
        VERIFY_OK(f.queue.renewLease(id, kWorker));
        QCOMPARE(f.queue.job(id)->leaseExpiresAt, std::optional<qint64>(f.clock.nowMs() + 60'000));
        f.clock.advanceMs(50'000);
        QVERIFY(f.queue.claim(kOther, 1)->isEmpty());
        QCOMPARE(f.queue.renewLease(id, kOther).error().kind, ErrorKind::Conflict);
        QCOMPARE(f.queue.releaseLease(id, kOther).error().kind, ErrorKind::Conflict);
        VERIFY_OK(f.queue.releaseLease(id, kWorker));
        QVERIFY(f.queue.job(id)->leaseOwner.isEmpty());
        QCOMPARE(f.queue.releaseLease(id, kWorker).error().kind, ErrorKind::Conflict);
        QCOMPARE(idsOf(f.queue.claim(kOther, 1).value()), QList<qint64>{id});
        QCOMPARE(f.queue.renewLease(777, kOther).error().kind, ErrorKind::NotFound);
    }

    void aRescheduledJobIsNotDueBeforeItsTime()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());
        const qint64 due = f.clock.nowMs() + 30'000;

        QCOMPARE(f.queue.reschedule(id, kOther, due, QStringLiteral("x")).error().kind, ErrorKind::Conflict);
        QCOMPARE(f.queue.reschedule(4242, kWorker, due, QStringLiteral("x")).error().kind, ErrorKind::NotFound);
        VERIFY_OK(f.queue.reschedule(id, kWorker, due, QStringLiteral("the deployment is still initialising")));
        auto job = f.queue.job(id);
        QCOMPARE(job->runAt, due);
        QVERIFY(job->leaseOwner.isEmpty());
        QCOMPARE(f.queue.nextDueAt().value(), std::optional<qint64>(due));

        QVERIFY(f.queue.claim(kOther, 1)->isEmpty());
        f.clock.advanceMs(29'999);
        QVERIFY(f.queue.claim(kOther, 1)->isEmpty());
        f.clock.advanceMs(1);
        QCOMPARE(idsOf(f.queue.claim(kOther, 1).value()), QList<qint64>{id});

        auto events = f.queue.events(id).value();
        QCOMPARE(kindsOf(events), (QStringList{QStringLiteral("enqueued"), QStringLiteral("rescheduled")}));
        QCOMPARE(events.last().message, QStringLiteral("the deployment is still initialising"));
        QCOMPARE(events.last().actor, kWorker);

        // A quiet poll writes no event.
        VERIFY_OK(f.queue.reschedule(id, kOther, f.clock.nowMs() + 5'000, QString()));
        QCOMPARE(f.queue.events(id)->size(), 2);
    }

    void retryLaterRecordsTheAttemptAndTheError()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());
        VERIFY_OK(f.queue.retryLater(id, kWorker, f.clock.nowMs() + 30'000, 1, QStringLiteral("connection refused by 127.0.0.1:9")));
        auto job = f.queue.job(id).value();
        QCOMPARE(job.attempt, 1);
        QCOMPARE(job.lastError, QStringLiteral("connection refused by 127.0.0.1:9"));
        QCOMPARE(job.runAt, f.clock.nowMs() + 30'000);
        QVERIFY(job.leaseOwner.isEmpty());
        const JobEvent last = f.queue.events(id)->last();
        QCOMPARE(last.kind, QStringLiteral("retry"));
        QCOMPARE(last.attempt, 1);
        QCOMPARE(last.stage, Stage::Queued);
    }

    void pauseStopsClaimsAndResumeRestoresThem()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        QVERIFY(!f.queue.isPaused());
        VERIFY_OK(f.queue.pause());
        QVERIFY(f.queue.isPaused());
        QVERIFY(f.queue.claim(kWorker, 10)->isEmpty());
        QVERIFY(f.queue.job(id)->leaseOwner.isEmpty());

        // The flag is in the store: another queue over it (a restart) is paused too.
        JobQueue again(f.temp.store(), f.ledger, QueueSettings{}, f.clock);
        QVERIFY(again.isPaused());
        QVERIFY(again.claim(kWorker, 10)->isEmpty());

        VERIFY_OK(f.queue.resume());
        QVERIFY(!f.queue.isPaused());
        QCOMPARE(idsOf(f.queue.claim(kWorker, 10).value()), QList<qint64>{id});
    }

    void cancelRefundsAQueuedJob()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice, Priority::Normal, 30).value();
        f.clock.advanceMs(1'000);
        VERIFY_OK(f.queue.cancel(id, QStringLiteral("operator-jo")));

        auto job = f.queue.job(id).value();
        QCOMPARE(job.stage, Stage::Cancelled);
        QCOMPARE(job.finishedAt, std::optional<qint64>(f.clock.nowMs()));
        QCOMPARE(f.balance(alice).available, Tfc::fromWhole(100));
        QCOMPARE(f.balance(alice).held, Tfc());
        QCOMPARE(f.ledger.hold(id)->state, HoldState::Released);
        const JobEvent last = f.queue.events(id)->last();
        QCOMPARE(last.kind, QStringLiteral("cancelled"));
        QCOMPARE(last.stage, Stage::Cancelled);
        QCOMPARE(last.actor, QStringLiteral("operator-jo"));
        QCOMPARE(f.queue.liveCount().value(), 0);

        const QString before = f.snapshot();
        auto twice = f.queue.cancel(id, QStringLiteral("operator-jo"));
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().kind, ErrorKind::Refused);
        QCOMPARE(twice.error().message, QStringLiteral("job %1 is cancelled; only queued jobs can be cancelled").arg(id));
        QCOMPARE(f.snapshot(), before);
        QCOMPARE(f.queue.cancel(9999, QStringLiteral("ops")).error().kind, ErrorKind::NotFound);
        QCOMPARE(f.queue.cancel(id, QString()).error().kind, ErrorKind::InvalidInput);
        QVERIFY(f.ledger.check().ok());
    }

    void cancelRefusesJobsBeyondQueuedOrUnderALease()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 leased = f.enqueue(alice, Priority::High).value();
        const qint64 moving = f.enqueue(alice, Priority::Normal).value();
        QCOMPARE(idsOf(f.queue.claim(kWorker, 1).value()), QList<qint64>{leased});

        const QString before = f.snapshot();
        auto busy = f.queue.cancel(leased, QStringLiteral("ops"));
        QVERIFY(!busy.ok());
        QCOMPARE(busy.error().kind, ErrorKind::Refused);
        QVERIFY2(busy.error().message.contains(QStringLiteral("being worked on by worker-1")), qPrintable(busy.error().message));
        QCOMPARE(f.snapshot(), before);
        // Once the lease has run out the worker is presumed gone.
        f.clock.advanceMs(60'000);
        VERIFY_OK(f.queue.cancel(leased, QStringLiteral("ops")));

        QCOMPARE(idsOf(f.queue.claim(kWorker, 1).value()), QList<qint64>{moving});
        VERIFY_OK(f.queue.advance(moving, kWorker, Stage::Queued, Stage::Converting, QStringLiteral("quote fetched"), 0));
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());
        VERIFY_OK(f.queue.advance(moving, kWorker, Stage::Converting, Stage::Deploying, QStringLiteral("converted"), 0));
        auto deploying = f.queue.cancel(moving, QStringLiteral("ops"));
        QVERIFY(!deploying.ok());
        QCOMPARE(deploying.error().kind, ErrorKind::Refused);
        QCOMPARE(deploying.error().message, QStringLiteral("job %1 is deploying; only queued jobs can be cancelled").arg(moving));
        QCOMPARE(f.ledger.hold(moving)->state, HoldState::Pending);
    }

    void advanceIsACompareAndSet()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();

        // Not leased at all.
        QCOMPARE(f.queue.advance(id, kWorker, Stage::Queued, Stage::Converting, QString(), 0).error().kind, ErrorKind::Conflict);
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());
        const QString before = f.snapshot();
        auto wrongOwner = f.queue.advance(id, kOther, Stage::Queued, Stage::Converting, QString(), 0);
        QCOMPARE(wrongOwner.error().kind, ErrorKind::Conflict);
        auto wrongStage = f.queue.advance(id, kWorker, Stage::Deploying, Stage::WaitingReady, QString(), 0);
        QCOMPARE(wrongStage.error().kind, ErrorKind::Conflict);
        QVERIFY2(wrongStage.error().message.contains(QStringLiteral("is queued, not deploying")), qPrintable(wrongStage.error().message));
        QCOMPARE(f.queue.advance(31337, kWorker, Stage::Queued, Stage::Converting, QString(), 0).error().kind, ErrorKind::NotFound);
        QCOMPARE(f.snapshot(), before);
        QCOMPARE(f.queue.job(id)->leaseOwner, kWorker);

        f.clock.advanceMs(2'000);
        VERIFY_OK(f.queue.advance(id, kWorker, Stage::Queued, Stage::Converting, QStringLiteral("quote 0.0102 USD/TFT"), 0));
        auto job = f.queue.job(id).value();
        QCOMPARE(job.stage, Stage::Converting);
        QVERIFY(job.leaseOwner.isEmpty());
        QVERIFY(!job.leaseExpiresAt);
        QCOMPARE(job.runAt, f.clock.nowMs());
        QCOMPARE(job.updatedAt, f.clock.nowMs());
        QVERIFY(!job.finishedAt);
        const JobEvent last = f.queue.events(id)->last();
        QCOMPARE(last.kind, QStringLiteral("transition"));
        QCOMPARE(last.stage, Stage::Converting);
        QCOMPARE(last.message, QStringLiteral("quote 0.0102 USD/TFT"));
        QCOMPARE(last.actor, kWorker);

        // Replaying the same transition (a second worker, a re-run) is refused.
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());
        QCOMPARE(f.queue.advance(id, kWorker, Stage::Queued, Stage::Converting, QString(), 0).error().kind, ErrorKind::Conflict);
    }

    void advanceRunsTheStepInTheSameTransaction()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice, Priority::Normal, 40).value();
        QVERIFY(!f.queue.claim(kWorker, 1)->isEmpty());

        // A failing step undoes everything, its own writes included.
        const QString before = f.snapshot();
        auto failed = f.queue.advance(id, kWorker, Stage::Queued, Stage::Failed, QStringLiteral("spec refused"), 0,
                                      [&](QSqlDatabase db) -> Result<void> {
                                          auto released = f.ledger.releaseIn(db, id, QStringLiteral("failed"), kWorker);
                                          if (!released.ok())
                                              return released;
                                          return Error::storage(QStringLiteral("disk full"));
                                      });
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().message, QStringLiteral("disk full"));
        QCOMPARE(f.snapshot(), before);
        QCOMPARE(f.queue.job(id)->stage, Stage::Queued);
        QCOMPARE(f.queue.job(id)->leaseOwner, kWorker);

        VERIFY_OK(f.queue.advance(id, kWorker, Stage::Queued, Stage::Failed, QStringLiteral("spec refused by the gateway"), 2,
                                  [&](QSqlDatabase db) { return f.ledger.releaseIn(db, id, QStringLiteral("failed"), kWorker); }));
        auto job = f.queue.job(id).value();
        QCOMPARE(job.stage, Stage::Failed);
        QCOMPARE(job.attempt, 2);
        QCOMPARE(job.finishedAt, std::optional<qint64>(f.clock.nowMs()));
        QCOMPARE(job.lastError, QStringLiteral("spec refused by the gateway"));
        QCOMPARE(f.ledger.hold(id)->state, HoldState::Released);
        QCOMPARE(f.balance(alice).available, Tfc::fromWhole(100));
        QVERIFY(f.queue.claim(kWorker, 1)->isEmpty());
        QVERIFY(!f.queue.nextDueAt().value().has_value());
        QVERIFY(f.ledger.check().ok());
    }

    void priorityCanChangeWhileLive()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 first = f.enqueue(alice, Priority::Normal).value();
        const qint64 second = f.enqueue(alice, Priority::Normal).value();
        VERIFY_OK(f.queue.setPriority(second, Priority::Critical, QStringLiteral("ops")));
        QCOMPARE(f.queue.events(second)->last().message, QStringLiteral("priority changed from normal to critical"));
        QCOMPARE(idsOf(f.queue.claim(kWorker, 2).value()), (QList<qint64>{second, first}));
        QCOMPARE(f.queue.job(second)->priority, Priority::Critical);

        VERIFY_OK(f.queue.releaseLease(first, kWorker));
        VERIFY_OK(f.queue.cancel(first, QStringLiteral("ops")));
        auto finished = f.queue.setPriority(first, Priority::High);
        QCOMPARE(finished.error().kind, ErrorKind::Refused);
        QVERIFY(finished.error().message.contains(QStringLiteral("only live jobs")));
    }

    void listingFiltersAndPages()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 1000);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 1000);
        QList<qint64> aliceJobs, bobJobs;
        for (int i = 0; i < 4; ++i) {
            aliceJobs << f.enqueue(alice).value();
            bobJobs << f.enqueue(bob).value();
        }
        VERIFY_OK(f.queue.cancel(aliceJobs.at(1), QStringLiteral("ops")));

        JobFilter byUser;
        byUser.userId = alice;
        QCOMPARE(idsOf(f.queue.jobs(byUser).value()), (QList<qint64>{aliceJobs[3], aliceJobs[2], aliceJobs[1], aliceJobs[0]}));
        byUser.liveOnly = true;
        QCOMPARE(idsOf(f.queue.jobs(byUser).value()), (QList<qint64>{aliceJobs[3], aliceJobs[2], aliceJobs[0]}));
        JobFilter cancelled;
        cancelled.stage = Stage::Cancelled;
        QCOMPARE(idsOf(f.queue.jobs(cancelled).value()), QList<qint64>{aliceJobs[1]});
        JobFilter page;
        page.limit = 3;
        page.offset = 2;
        QCOMPARE(f.queue.jobs(page)->size(), 3);
        QCOMPARE(f.queue.jobs(page)->first().id, f.queue.jobs()->at(2).id);
        page.limit = 0;
        QCOMPARE(f.queue.jobs(page).error().kind, ErrorKind::InvalidInput);
        QCOMPARE(f.queue.liveCount().value(), 7);
        QCOMPARE(f.queue.job(555).error().kind, ErrorKind::NotFound);
        QCOMPARE(f.queue.events(555).error().kind, ErrorKind::NotFound);
    }

    void notesGoOnTheTimeline()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        f.clock.advanceMs(500);
        VERIFY_OK(f.queue.addEvent(id, QStringLiteral("note"), QStringLiteral("node 42 selected"), QStringLiteral("worker-3")));
        const JobEvent last = f.queue.events(id)->last();
        QCOMPARE(last.kind, QStringLiteral("note"));
        QCOMPARE(last.at, f.clock.nowMs());
        QCOMPARE(last.stage, Stage::Queued);
        QCOMPARE(last.actor, QStringLiteral("worker-3"));
        QCOMPARE(f.queue.addEvent(id, QStringLiteral("note"), QString()).error().kind, ErrorKind::InvalidInput);
        QCOMPARE(f.queue.addEvent(8080, QStringLiteral("note"), QStringLiteral("x")).error().kind, ErrorKind::NotFound);
    }

    void claimArgumentsAreChecked()
    {
        QueueFixture f;
        QCOMPARE(f.queue.claim(QString(), 1).error().kind, ErrorKind::InvalidInput);
        QCOMPARE(f.queue.claim(kWorker, 0).error().kind, ErrorKind::InvalidInput);
        QVERIFY(f.queue.claim(kWorker, 5)->isEmpty());
        QVERIFY(!f.queue.nextDueAt().value().has_value());
    }

    void anUnreadableSpecDoesNotBlockTheQueue()
    {
        QueueFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 id = f.enqueue(alice).value();
        QVERIFY(exec(f.temp.store()->db(), QStringLiteral("UPDATE jobs SET spec_json = '{broken' WHERE id = ?"), {id}).ok());
        auto claimed = f.queue.claim(kWorker, 1);
        VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 1);
        QVERIFY2(claimed->first().specError.contains(QStringLiteral("job %1 has an unreadable spec_json").arg(id)),
                 qPrintable(claimed->first().specError));
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
