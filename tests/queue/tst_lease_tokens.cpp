// Fencing: every claim has its own token, so a step whose lease ran out and was claimed again —
// even by another worker of the same process, with the same owner name — can no longer move,
// reschedule or confirm the job; and a dispatcher never re-claims a job still in flight.
#include "QueueFixture.h"

using namespace griddeck;
using namespace griddeck::test;

class TestLeaseTokens : public QObject
{
    Q_OBJECT

    static inline const QString kOwner = QStringLiteral("host:42");

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void aStaleClaimOfTheSameOwnerIsFencedOff()
    {
        QueueSettings settings;
        settings.leaseSeconds = 1;
        QueueFixture f(settings);
        const qint64 id = f.enqueue(f.addUser(QStringLiteral("u"), 100)).value();

        auto first = f.queue.claim(kOwner, 1);
        QVERIFY(first.ok() && first->size() == 1);
        const QString stale = first->first().leaseHandle();
        QVERIFY(stale.startsWith(kOwner + u'#'));
        QVERIFY(f.queue.confirm(id, stale, Stage::Queued).ok());

        // The process froze: the lease ran out and the job was claimed again.
        f.clock.advanceMs(1500);
        QCOMPARE(f.queue.confirm(id, stale, Stage::Queued).error().kind, ErrorKind::Conflict);
        auto second = f.queue.claim(kOwner, 1);
        QVERIFY(second.ok() && second->size() == 1);
        const QString current = second->first().leaseHandle();
        QVERIFY(current != stale);

        QCOMPARE(f.queue.advance(id, stale, Stage::Queued, Stage::Converting, QString(), 0).error().kind,
            ErrorKind::Conflict);
        QCOMPARE(f.queue.reschedule(id, stale, f.clock.nowMs(), QString()).error().kind, ErrorKind::Conflict);
        QCOMPARE(f.queue.renewLease(id, stale).error().kind, ErrorKind::Conflict);
        QCOMPARE(f.queue.confirm(id, stale, Stage::Queued).error().kind, ErrorKind::Conflict);
        QVERIFY(f.queue.job(id)->stage == Stage::Queued);

        QVERIFY(f.queue.confirm(id, current, Stage::Queued).ok());
        QVERIFY(f.queue.advance(id, current, Stage::Queued, Stage::Converting, QString(), 0).ok());
        QCOMPARE(f.queue.job(id)->stage, Stage::Converting);
        // The stage moved on: a confirmation for the old stage fails too.
        QCOMPARE(f.queue.confirm(id, current, Stage::Queued).error().kind, ErrorKind::Conflict);
    }

    void aJobInFlightIsNotClaimedAgainByItsDispatcher()
    {
        QueueSettings settings;
        settings.leaseSeconds = 1;
        QueueFixture f(settings);
        const qint64 user = f.addUser(QStringLiteral("u"), 100);
        const qint64 a = f.enqueue(user).value();
        const qint64 b = f.enqueue(user).value();
        auto claimed = f.queue.claim(kOwner, 2);
        QVERIFY(claimed.ok() && claimed->size() == 2);
        f.clock.advanceMs(1500); // both leases ran out while their steps still run
        auto again = f.queue.claim(kOwner, 2, { a });
        QVERIFY(again.ok());
        QCOMPARE(again->size(), 1);
        QCOMPARE(again->first().id, b);
    }
};

QTEST_GUILESS_MAIN(TestLeaseTokens)
#include "tst_lease_tokens.moc"
