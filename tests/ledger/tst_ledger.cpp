#include "LedgerTestHelpers.h"
#include "TestSupport.h"
#include "domain/Clock.h"
#include "ledger/Ledger.h"

#include <QThread>
#include <QtTest>

#include <atomic>

using namespace griddeck;
using griddeck::test::tfc;

namespace {

struct Fixture
{
    test::TempStore temp;
    ManualClock clock;
    Ledger ledger{temp.store(), clock};
    QSqlDatabase db() const { return temp.store()->db(); }
    const Store &store() const { return *temp.store(); }
};

} // namespace

#define VERIFY_OK(expr)                                                                                                \
    do {                                                                                                               \
        const auto &r_ = (expr);                                                                                       \
        QVERIFY2(r_.ok(), qPrintable(QStringLiteral(#expr ": ") + (r_.ok() ? QString() : r_.error().message)));        \
    } while (0)

#define EXPECT_ERROR(expr, errorKind, text)                                                                            \
    do {                                                                                                               \
        const auto &r_ = (expr);                                                                                       \
        QVERIFY2(!r_.ok(), "expected a failure from " #expr);                                                          \
        QVERIFY2(r_.error().kind == (errorKind), qPrintable(errorKindName(r_.error().kind) + QStringLiteral(": ") + r_.error().message)); \
        QVERIFY2(r_.error().message.contains(text), qPrintable(r_.error().message));                                   \
    } while (0)

// The failure must leave every money table exactly as it was.
#define EXPECT_UNCHANGED(fx, expr, errorKind, text)                                                                    \
    do {                                                                                                               \
        const QStringList before_ = test::snapshot((fx).db());                                                         \
        EXPECT_ERROR(expr, errorKind, text);                                                                           \
        QCOMPARE(test::snapshot((fx).db()), before_);                                                                  \
    } while (0)

#define EXPECT_NOOP(fx, expr)                                                                                          \
    do {                                                                                                               \
        const QStringList before_ = test::snapshot((fx).db());                                                         \
        VERIFY_OK(expr);                                                                                               \
        QCOMPARE(test::snapshot((fx).db()), before_);                                                                  \
    } while (0)

class TestLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void addUserWithInitialCredits()
    {
        Fixture fx;
        auto alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("25"), QStringLiteral("admin"));
        VERIFY_OK(alice);
        auto found = fx.ledger.user(QStringLiteral("alice"));
        VERIFY_OK(found);
        QCOMPARE(found->userId, alice.value());
        QCOMPARE(found->available, tfc("25"));
        QCOMPARE(found->held, Tfc());
        QCOMPARE(found->createdAt, fx.clock.nowMs());
        QCOMPARE(fx.ledger.user(QString::number(alice.value()))->name, QStringLiteral("alice"));
        QCOMPARE(fx.ledger.user(alice.value())->name, QStringLiteral("alice"));

        auto entries = fx.ledger.entriesForUser(alice.value());
        VERIFY_OK(entries);
        QCOMPARE(entries->size(), 1);
        const LedgerEntry &e = entries->first();
        QCOMPARE(e.kind, QStringLiteral("top_up"));
        QCOMPARE(e.idempotencyKey, QStringLiteral("user:%1:initial").arg(alice.value()));
        QCOMPARE(e.amount, tfc("25"));
        QCOMPARE(e.availableDelta, tfc("25"));
        QCOMPARE(e.actor, QStringLiteral("admin"));
        QCOMPARE(e.reason, QStringLiteral("initial credits"));
        QVERIFY(!e.jobId);

        VERIFY_OK(fx.ledger.addUser(QStringLiteral("bob")));
        VERIFY_OK(fx.ledger.addUser(QStringLiteral("carol.x_y-z@example"), tfc("0")));
        QCOMPARE(fx.ledger.entriesForUser(fx.ledger.user(QStringLiteral("bob"))->userId)->size(), 0);
        auto all = fx.ledger.users();
        VERIFY_OK(all);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(0).name, QStringLiteral("alice"));
        QCOMPARE(all->at(1).name, QStringLiteral("bob"));
        QCOMPARE(all->at(1).available, Tfc());
        QCOMPARE(all->at(2).name, QStringLiteral("carol.x_y-z@example"));
        VERIFY_OK(fx.ledger.addUser(QString(64, u'n')));

        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
        QCOMPARE(report.totalFunded, tfc("25"));
        QCOMPARE(report.totalAvailable, tfc("25"));
        QCOMPARE(report.transactions, qint64(1));
        QCOMPARE(report.postings, qint64(2));
    }

    void addUserRefusals()
    {
        Fixture fx;
        VERIFY_OK(fx.ledger.addUser(QStringLiteral("alice"), tfc("5")));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QStringLiteral("alice"), tfc("5")), ErrorKind::Refused, QStringLiteral("a user named alice already exists"));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QString()), ErrorKind::InvalidInput, QStringLiteral("must not be empty"));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QStringLiteral("a b")), ErrorKind::InvalidInput, QStringLiteral("contains \" \""));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QStringLiteral("jos\u00e9")), ErrorKind::InvalidInput, QStringLiteral("contains"));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QString(65, u'x')), ErrorKind::InvalidInput, QStringLiteral("65 characters"));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QStringLiteral("12345")), ErrorKind::InvalidInput, QStringLiteral("all digits"));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QStringLiteral("dave"), Tfc::fromUnits(-1)), ErrorKind::InvalidInput, QStringLiteral("cannot be negative"));
        EXPECT_UNCHANGED(fx, fx.ledger.addUser(QStringLiteral("dave"), tfc("1"), QStringLiteral("  ")), ErrorKind::InvalidInput, QStringLiteral("actor"));
        EXPECT_ERROR(fx.ledger.user(QStringLiteral("nobody")), ErrorKind::NotFound, QStringLiteral("no user named \"nobody\""));
        EXPECT_ERROR(fx.ledger.user(999), ErrorKind::NotFound, QStringLiteral("no user with id 999"));
        EXPECT_ERROR(fx.ledger.user(QStringLiteral("999")), ErrorKind::NotFound, QStringLiteral("999"));
    }

    void topUpMovesCreditsFromFunding()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice")).value();
        fx.clock.advanceMs(1000);
        VERIFY_OK(fx.ledger.topUp(alice, tfc("10.5"), QStringLiteral("topup:1"), QStringLiteral("support"), QStringLiteral("voucher")));
        QCOMPARE(fx.ledger.user(alice)->available, tfc("10.5"));
        auto recent = fx.ledger.recentEntries(1);
        VERIFY_OK(recent);
        QCOMPARE(recent->size(), 1);
        QCOMPARE(recent->first().idempotencyKey, QStringLiteral("topup:1"));
        QCOMPARE(recent->first().availableDelta, tfc("10.5"));
        QCOMPARE(recent->first().reason, QStringLiteral("voucher"));
        QCOMPARE(recent->first().createdAt, fx.clock.nowMs());
        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
        QCOMPARE(report.totalFunded, tfc("10.5"));
    }

    void topUpRefusals()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("25")).value();
        const QString support = QStringLiteral("support");
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, Tfc(), QStringLiteral("k"), support, {}), ErrorKind::InvalidInput, QStringLiteral("positive amount"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, Tfc::fromUnits(-5), QStringLiteral("k"), support, {}), ErrorKind::InvalidInput, QStringLiteral("positive amount"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(999, tfc("1"), QStringLiteral("k"), support, {}), ErrorKind::NotFound, QStringLiteral("no user with id 999"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, tfc("1"), QStringLiteral(" "), support, {}), ErrorKind::InvalidInput, QStringLiteral("idempotency key"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, tfc("1"), QStringLiteral("job:1:hold"), support, {}), ErrorKind::InvalidInput, QStringLiteral("reserves"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, tfc("1"), QStringLiteral("user:1:initial"), support, {}), ErrorKind::InvalidInput, QStringLiteral("reserves"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, tfc("1"), QStringLiteral("k"), QString(), {}), ErrorKind::InvalidInput, QStringLiteral("actor"));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, Tfc::fromUnits(INT64_MAX), QStringLiteral("k"), support, {}), ErrorKind::Refused, QStringLiteral("overflow"));
    }

    void topUpIsIdempotent()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice")).value();
        const qint64 bob = fx.ledger.addUser(QStringLiteral("bob")).value();
        VERIFY_OK(fx.ledger.topUp(alice, tfc("10"), QStringLiteral("topup:a"), QStringLiteral("shop"), {}));
        EXPECT_NOOP(fx, fx.ledger.topUp(alice, tfc("10"), QStringLiteral("topup:a"), QStringLiteral("shop"), QStringLiteral("retried")));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(alice, tfc("11"), QStringLiteral("topup:a"), QStringLiteral("shop"), {}), ErrorKind::Conflict, QStringLiteral("\"topup:a\""));
        EXPECT_UNCHANGED(fx, fx.ledger.topUp(bob, tfc("10"), QStringLiteral("topup:a"), QStringLiteral("shop"), {}), ErrorKind::Conflict, QStringLiteral("\"topup:a\""));
        QCOMPARE(fx.ledger.user(alice)->available, tfc("10"));
    }

    void holdThenCapture()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        auto job = test::enqueue(fx.ledger, fx.store(), alice, tfc("30"));
        VERIFY_OK(job);
        QCOMPARE(fx.ledger.user(alice)->available, tfc("70"));
        QCOMPARE(fx.ledger.user(alice)->held, tfc("30"));
        auto hold = fx.ledger.hold(job.value());
        VERIFY_OK(hold);
        QCOMPARE(hold->state, HoldState::Pending);
        QCOMPARE(hold->amount, tfc("30"));
        QCOMPARE(hold->userId, alice);
        QCOMPARE(hold->refundable(), Tfc());

        fx.clock.advanceMs(5000);
        VERIFY_OK(test::finish(fx.ledger, fx.store(), job.value(), true, tfc("3"), tfc("27")));
        hold = fx.ledger.hold(job.value());
        QCOMPARE(hold->state, HoldState::Captured);
        QCOMPARE(hold->commission, tfc("3"));
        QCOMPARE(hold->gridSpend, tfc("27"));
        QCOMPARE(hold->refundable(), tfc("30"));
        QCOMPARE(fx.ledger.user(alice)->available, tfc("70"));
        QCOMPARE(fx.ledger.user(alice)->held, Tfc());

        auto entries = fx.ledger.entriesForJob(job.value());
        VERIFY_OK(entries);
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(0).kind, QStringLiteral("capture"));
        QCOMPARE(entries->at(0).idempotencyKey, Ledger::captureKey(job.value()));
        QCOMPARE(entries->at(0).availableDelta, Tfc());
        QCOMPARE(entries->at(0).createdAt, fx.clock.nowMs());
        QCOMPARE(entries->at(1).kind, QStringLiteral("hold"));
        QCOMPARE(entries->at(1).idempotencyKey, Ledger::holdKey(job.value()));
        QCOMPARE(entries->at(1).availableDelta, -tfc("30"));
        QVERIFY(entries->at(1).jobId == std::optional<qint64>(job.value()));

        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
        QCOMPARE(report.totalCommission, tfc("3"));
        QCOMPARE(report.totalGridSpend, tfc("27"));
        QCOMPARE(report.totalAvailable, tfc("70"));
        QCOMPARE(report.totalHeld, Tfc());
    }

    void holdRefusedWhenCreditsAreShort()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("12.5")).value();
        {
            WriteTransaction tx(fx.store());
            const qint64 job = test::insertJob(tx.db(), alice, tfc("20"));
            const QStringList before = test::snapshot(tx.db());
            auto held = fx.ledger.holdIn(tx.db(), alice, job, tfc("20"), QStringLiteral("queue"));
            QVERIFY(!held.ok());
            QCOMPARE(held.error().kind, ErrorKind::Refused);
            QCOMPARE(held.error().message, QStringLiteral("alice has 12.5000000 TFC available; 20.0000000 TFC is needed"));
            QCOMPARE(test::snapshot(tx.db()), before);
        }
        EXPECT_UNCHANGED(fx, test::enqueue(fx.ledger, fx.store(), alice, tfc("12.5000001")), ErrorKind::Refused, QStringLiteral("is needed"));
        VERIFY_OK(test::enqueue(fx.ledger, fx.store(), alice, tfc("12.5"))); // exactly all of it
        QCOMPARE(fx.ledger.user(alice)->available, Tfc());
        EXPECT_UNCHANGED(fx, test::enqueue(fx.ledger, fx.store(), alice, Tfc::fromUnits(1)), ErrorKind::Refused, QStringLiteral("alice has 0.0000000 TFC available"));
    }

    void holdRefusals()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 bob = fx.ledger.addUser(QStringLiteral("bob"), tfc("100")).value();
        const QString queue = QStringLiteral("queue");
        WriteTransaction tx(fx.store());
        const qint64 job = test::insertJob(tx.db(), alice, tfc("10"));
        EXPECT_UNCHANGED(fx, fx.ledger.holdIn(tx.db(), alice, job, Tfc(), queue), ErrorKind::InvalidInput, QStringLiteral("positive amount"));
        EXPECT_UNCHANGED(fx, fx.ledger.holdIn(tx.db(), alice, 999, tfc("10"), queue), ErrorKind::NotFound, QStringLiteral("job 999 does not exist"));
        EXPECT_UNCHANGED(fx, fx.ledger.holdIn(tx.db(), bob, job, tfc("10"), queue), ErrorKind::InvalidInput, QStringLiteral("belongs to user %1").arg(alice));
        EXPECT_UNCHANGED(fx, fx.ledger.holdIn(tx.db(), 999, job, tfc("10"), queue), ErrorKind::NotFound, QStringLiteral("no user with id 999"));
        EXPECT_UNCHANGED(fx, fx.ledger.holdIn(tx.db(), alice, job, tfc("10"), QString()), ErrorKind::InvalidInput, QStringLiteral("actor"));
        VERIFY_OK(fx.ledger.holdIn(tx.db(), alice, job, tfc("10"), queue));
        // A re-run of the same hold is a no-op; another amount under the same key is a conflict.
        EXPECT_NOOP(fx, fx.ledger.holdIn(tx.db(), alice, job, tfc("10"), queue));
        EXPECT_UNCHANGED(fx, fx.ledger.holdIn(tx.db(), alice, job, tfc("11"), queue), ErrorKind::Conflict, QStringLiteral("\"job:%1:hold\"").arg(job));
        VERIFY_OK(tx.commit());
        QCOMPARE(fx.ledger.user(alice)->available, tfc("90"));
        QVERIFY2(fx.ledger.check().ok(), qPrintable(test::violationsText(fx.ledger.check())));
    }

    void inVariantsLeaveCommittingToTheCaller()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const QStringList before = test::snapshot(fx.db());
        {
            WriteTransaction tx(fx.store());
            VERIFY_OK(fx.ledger.topUpIn(tx.db(), alice, tfc("5"), QStringLiteral("t1"), QStringLiteral("shop"), {}));
            const qint64 job = test::insertJob(tx.db(), alice, tfc("50"));
            VERIFY_OK(fx.ledger.holdIn(tx.db(), alice, job, tfc("50"), QStringLiteral("queue")));
            VERIFY_OK(fx.ledger.captureIn(tx.db(), job, tfc("5"), tfc("45"), QStringLiteral("pipeline")));
            QCOMPARE(fx.ledger.user(alice)->available, tfc("55")); // same connection sees its own writes
            tx.rollback();
        }
        QCOMPARE(test::snapshot(fx.db()), before);

        // A refusal inside the caller's transaction undoes only itself.
        {
            WriteTransaction tx(fx.store());
            VERIFY_OK(fx.ledger.topUpIn(tx.db(), alice, tfc("5"), QStringLiteral("t2"), QStringLiteral("shop"), {}));
            EXPECT_ERROR(fx.ledger.releaseIn(tx.db(), 999, {}, QStringLiteral("pipeline")), ErrorKind::NotFound, QStringLiteral("job 999 has no hold"));
            EXPECT_ERROR(fx.ledger.refundIn(tx.db(), 999, tfc("1"), QStringLiteral("r"), QStringLiteral("support"), QStringLiteral("rf")), ErrorKind::NotFound, QStringLiteral("no hold"));
            VERIFY_OK(tx.commit());
        }
        QCOMPARE(fx.ledger.user(alice)->available, tfc("105"));
        QVERIFY(fx.ledger.check().ok());
    }

    void failureAfterWritesRollsBackTheMovement()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 job = test::enqueue(fx.ledger, fx.store(), alice, tfc("40")).value();
        // Fail the last statement of each movement, after its postings and balances are written.
        const QString failure = QStringLiteral("injected failure");
        QVERIFY(test::addFailingTrigger(fx.db(), QStringLiteral("fail_hold_update"), QStringLiteral("UPDATE"),
            QStringLiteral("holds"), failure));
        QVERIFY(test::addFailingTrigger(fx.db(), QStringLiteral("fail_hold_insert"), QStringLiteral("INSERT"),
            QStringLiteral("holds"), failure));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, tfc("4"), tfc("36"), QStringLiteral("pipeline")), ErrorKind::Storage, QStringLiteral("injected failure"));
        EXPECT_UNCHANGED(fx, fx.ledger.release(job, {}, QStringLiteral("pipeline")), ErrorKind::Storage, QStringLiteral("injected failure"));
        {
            WriteTransaction tx(fx.store());
            const qint64 second = test::insertJob(tx.db(), alice, tfc("10"));
            const QStringList before = test::snapshot(tx.db());
            EXPECT_ERROR(fx.ledger.holdIn(tx.db(), alice, second, tfc("10"), QStringLiteral("queue")), ErrorKind::Storage, QStringLiteral("injected failure"));
            QCOMPARE(test::snapshot(tx.db()), before);
        }
        QVERIFY(
            test::dropFailingTrigger(fx.db(), QStringLiteral("fail_hold_update"), QStringLiteral("holds")));
        QVERIFY(
            test::dropFailingTrigger(fx.db(), QStringLiteral("fail_hold_insert"), QStringLiteral("holds")));
        VERIFY_OK(test::finish(fx.ledger, fx.store(), job, true, tfc("4"), tfc("36")));
        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    }

    void captureRefusals()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 job = test::enqueue(fx.ledger, fx.store(), alice, tfc("30")).value();
        const QString pipeline = QStringLiteral("pipeline");
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, tfc("3"), tfc("26"), pipeline), ErrorKind::InvalidInput, QStringLiteral("exactly the held amount"));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, tfc("3"), tfc("27.0000001"), pipeline), ErrorKind::InvalidInput, QStringLiteral("30.0000000 TFC is held for job %1").arg(job));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, Tfc::fromUnits(-1), tfc("30.0000001"), pipeline), ErrorKind::InvalidInput, QStringLiteral("negative"));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, Tfc::fromUnits(INT64_MAX), tfc("1"), pipeline), ErrorKind::InvalidInput, QStringLiteral("out of range"));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(999, tfc("3"), tfc("27"), pipeline), ErrorKind::NotFound, QStringLiteral("job 999 has no hold"));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, tfc("3"), tfc("27"), QStringLiteral(" ")), ErrorKind::InvalidInput, QStringLiteral("actor"));

        VERIFY_OK(test::finish(fx.ledger, fx.store(), job, true, tfc("3"), tfc("27")));
        EXPECT_NOOP(fx, fx.ledger.capture(job, tfc("3"), tfc("27"), pipeline));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, tfc("4"), tfc("26"), pipeline), ErrorKind::Conflict, QStringLiteral("already captured"));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(job, tfc("4"), tfc("27"), pipeline), ErrorKind::Conflict, QStringLiteral("\"job:%1:capture\"").arg(job));
        EXPECT_UNCHANGED(fx, fx.ledger.release(job, {}, pipeline), ErrorKind::Conflict, QStringLiteral("already captured"));

        // And the other way round: a released hold cannot be captured.
        const qint64 second = test::enqueue(fx.ledger, fx.store(), alice, tfc("10")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), second, false));
        EXPECT_UNCHANGED(fx, fx.ledger.capture(second, tfc("1"), tfc("9"), pipeline), ErrorKind::Conflict, QStringLiteral("already released"));
        QVERIFY(fx.ledger.check().ok());
    }

    void releaseReturnsTheHold()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 job = test::enqueue(fx.ledger, fx.store(), alice, tfc("30")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), job, false));
        QCOMPARE(fx.ledger.user(alice)->available, tfc("100"));
        QCOMPARE(fx.ledger.user(alice)->held, Tfc());
        QCOMPARE(fx.ledger.hold(job)->state, HoldState::Released);
        QCOMPARE(fx.ledger.hold(job)->refundable(), Tfc());
        EXPECT_NOOP(fx, fx.ledger.release(job, QStringLiteral("re-run"), QStringLiteral("pipeline")));
        EXPECT_UNCHANGED(fx, fx.ledger.release(999, {}, QStringLiteral("pipeline")), ErrorKind::NotFound, QStringLiteral("job 999 has no hold"));
        const auto entries = fx.ledger.entriesForJob(job).value();
        QCOMPARE(entries.first().kind, QStringLiteral("release"));
        QCOMPARE(entries.first().availableDelta, tfc("30"));
        QCOMPARE(entries.first().reason, QStringLiteral("deployment failed"));
        EXPECT_ERROR(fx.ledger.hold(999), ErrorKind::NotFound, QStringLiteral("job 999"));
        QVERIFY(fx.ledger.check().ok());
    }

    void refundPartiallyThenFully()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 job = test::enqueue(fx.ledger, fx.store(), alice, tfc("30")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), job, true, tfc("3"), tfc("27")));
        const QString support = QStringLiteral("support:erin");
        VERIFY_OK(fx.ledger.refund(job, tfc("10"), QStringLiteral("slow node"), support, QStringLiteral("refund:1")));
        QCOMPARE(fx.ledger.user(alice)->available, tfc("80"));
        QCOMPARE(fx.ledger.hold(job)->refunded, tfc("10"));
        QCOMPARE(fx.ledger.hold(job)->refundable(), tfc("20"));
        VERIFY_OK(fx.ledger.refund(job, tfc("20"), QStringLiteral("outage"), support, QStringLiteral("refund:2")));
        QCOMPARE(fx.ledger.hold(job)->refundable(), Tfc());
        EXPECT_UNCHANGED(fx, fx.ledger.refund(job, Tfc::fromUnits(1), QStringLiteral("more"), support, QStringLiteral("refund:3")), ErrorKind::Refused,
                         QStringLiteral("refund of 0.0000001 TFC exceeds the refundable 0.0000000 TFC for job %1").arg(job));
        const LedgerEntry last = fx.ledger.recentEntries(1).value().first();
        QCOMPARE(last.kind, QStringLiteral("refund"));
        QCOMPARE(last.availableDelta, tfc("20"));
        QCOMPARE(last.actor, support);
        QCOMPARE(last.reason, QStringLiteral("outage"));
        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
        QCOMPARE(report.totalRefunded, tfc("30"));
        QCOMPARE(report.totalAvailable, tfc("100"));
    }

    void refundRefusals()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        VERIFY_OK(fx.ledger.topUp(alice, tfc("1"), QStringLiteral("topup:x"), QStringLiteral("shop"), {}));
        const qint64 captured = test::enqueue(fx.ledger, fx.store(), alice, tfc("30")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), captured, true, tfc("3"), tfc("27")));
        const qint64 pending = test::enqueue(fx.ledger, fx.store(), alice, tfc("10")).value();
        const qint64 released = test::enqueue(fx.ledger, fx.store(), alice, tfc("10")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), released, false));
        const QString why = QStringLiteral("outage");
        const QString who = QStringLiteral("support");

        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("31"), why, who, QStringLiteral("r")), ErrorKind::Refused,
                         QStringLiteral("refund of 31.0000000 TFC exceeds the refundable 30.0000000 TFC for job %1").arg(captured));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(pending, tfc("1"), why, who, QStringLiteral("r")), ErrorKind::Refused, QStringLiteral("only a captured job"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(released, tfc("1"), why, who, QStringLiteral("r")), ErrorKind::Refused, QStringLiteral("its hold is released"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, Tfc(), why, who, QStringLiteral("r")), ErrorKind::InvalidInput, QStringLiteral("positive amount"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("1"), QStringLiteral(" "), who, QStringLiteral("r")), ErrorKind::InvalidInput, QStringLiteral("reason"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("1"), why, QString(), QStringLiteral("r")), ErrorKind::InvalidInput, QStringLiteral("actor"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("1"), why, who, QString()), ErrorKind::InvalidInput, QStringLiteral("idempotency key"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("1"), why, who, QStringLiteral("job:%1:release").arg(captured)), ErrorKind::InvalidInput, QStringLiteral("reserves"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(999, tfc("1"), why, who, QStringLiteral("r")), ErrorKind::NotFound, QStringLiteral("job 999 has no hold"));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("1"), why, who, QStringLiteral("topup:x")), ErrorKind::Conflict, QStringLiteral("\"topup:x\""));

        VERIFY_OK(fx.ledger.refund(captured, tfc("5"), why, who, QStringLiteral("r")));
        EXPECT_NOOP(fx, fx.ledger.refund(captured, tfc("5"), QStringLiteral("retried"), who, QStringLiteral("r")));
        EXPECT_UNCHANGED(fx, fx.ledger.refund(captured, tfc("6"), why, who, QStringLiteral("r")), ErrorKind::Conflict, QStringLiteral("\"r\""));
        QCOMPARE(fx.ledger.hold(captured)->refunded, tfc("5"));
        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    }

    void entriesAreNewestFirst()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 bob = fx.ledger.addUser(QStringLiteral("bob"), tfc("7")).value();
        fx.clock.advanceMs(10);
        const qint64 a = test::enqueue(fx.ledger, fx.store(), alice, tfc("30")).value();
        fx.clock.advanceMs(10);
        const qint64 b = test::enqueue(fx.ledger, fx.store(), alice, tfc("20")).value();
        fx.clock.advanceMs(10);
        VERIFY_OK(test::finish(fx.ledger, fx.store(), a, true, tfc("3"), tfc("27")));
        fx.clock.advanceMs(10);
        VERIFY_OK(test::finish(fx.ledger, fx.store(), b, false));
        fx.clock.advanceMs(10);
        VERIFY_OK(fx.ledger.refund(a, tfc("2.5"), QStringLiteral("late"), QStringLiteral("support"), QStringLiteral("rf")));

        const auto entries = fx.ledger.entriesForUser(alice).value();
        QStringList kinds;
        QList<Tfc> deltas;
        for (const LedgerEntry &e : entries) {
            kinds << e.kind;
            deltas << e.availableDelta;
            QCOMPARE(e.userId, alice);
        }
        QCOMPARE(kinds, (QStringList{"refund", "release", "capture", "hold", "hold", "top_up"}));
        QCOMPARE(deltas, (QList<Tfc>{tfc("2.5"), tfc("20"), Tfc(), -tfc("20"), -tfc("30"), tfc("100")}));
        for (int i = 1; i < entries.size(); ++i)
            QVERIFY(entries.at(i - 1).createdAt >= entries.at(i).createdAt);
        QCOMPARE(entries.first().createdAt, fx.clock.nowMs());

        QCOMPARE(fx.ledger.entriesForUser(alice, 2)->size(), 2);
        QCOMPARE(fx.ledger.entriesForUser(bob)->size(), 1);
        const auto recent = fx.ledger.recentEntries(3).value();
        QCOMPARE(recent.size(), 3);
        QCOMPARE(recent.first().kind, QStringLiteral("refund"));
        QCOMPARE(fx.ledger.recentEntries().value().size(), 7);
        EXPECT_ERROR(fx.ledger.recentEntries(0), ErrorKind::InvalidInput, QStringLiteral("limit"));
        EXPECT_ERROR(fx.ledger.entriesForUser(999), ErrorKind::NotFound, QStringLiteral("999"));
        EXPECT_ERROR(fx.ledger.entriesForJob(999), ErrorKind::NotFound, QStringLiteral("999"));
    }

    void checkSeesTheCallersTransaction()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("10")).value();
        WriteTransaction tx(fx.store());
        test::insertJob(tx.db(), alice, tfc("5")); // no hold yet: a violation, seen from inside
        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(test::violationsText(report).contains(QStringLiteral("has no hold of credits")), qPrintable(test::violationsText(report)));
        tx.rollback();
        QVERIFY(fx.ledger.check().ok());
    }

    void checkDetectsCorruption_data()
    {
        QTest::addColumn<QStringList>("tamper");
        QTest::addColumn<QString>("expected");
        // {alice}: user id; {available}: alice's available account; {captured}, {pending},
        // {released}: jobs in those states.
        QTest::newRow("cached available balance")
            << QStringList{"UPDATE accounts SET balance = balance + 1 WHERE id = {available}"}
            << "account {available} (user_available of alice) has a cached balance of 50.0000001 TFC, but its postings sum to 50.0000000 TFC";
        QTest::newRow("cached commission balance")
            << QStringList{"UPDATE accounts SET balance = 0 WHERE kind = 'commission'"}
            << "(commission) has a cached balance of 0.0000000 TFC, but its postings sum to 3.0000000 TFC";
        QTest::newRow("pending job marked active")
            << QStringList{"UPDATE jobs SET stage = 'active' WHERE id = {pending}"}
            << "job {pending} is active, but its hold is pending (it should be captured)";
        QTest::newRow("captured job back in the pipeline")
            << QStringList{"UPDATE jobs SET stage = 'deploying' WHERE id = {captured}"}
            << "job {captured} is deploying, but its hold is captured (it should be pending)";
        QTest::newRow("released job marked stopped")
            << QStringList{"UPDATE jobs SET stage = 'stopped' WHERE id = {released}"}
            << "job {released} is stopped, but its hold is released (it should be captured)";
        QTest::newRow("job without a hold")
            << QStringList{"INSERT INTO jobs(user_id, service_type, spec_json, priority, stage, tfc_amount, commission_amount, "
                           "grid_payment_amount, max_retries, run_at, created_at, updated_at) VALUES ({alice}, 'vm', '{}', 1, 'converting', 1, 0, 0, 3, 0, 0, 0)"}
            << "(converting) has no hold of credits";
        QTest::newRow("over-refunded hold")
            << QStringList{"UPDATE holds SET refunded = 310000000 WHERE job_id = {captured}"}
            << "job {captured} was refunded 31.0000000 TFC, more than the 30.0000000 TFC captured";
        QTest::newRow("hold state flipped")
            << QStringList{"UPDATE holds SET state = 'released' WHERE job_id = {captured}"}
            << "the hold of job {captured} is released, but it has 1 capture and 0 release transactions";
        QTest::newRow("hold amount changed")
            << QStringList{"UPDATE holds SET amount = amount + 1 WHERE job_id = {pending}"}
            << "but the hold of job {pending} is 20.0000001 TFC";
        QTest::newRow("unbalanced transaction")
            << QStringList{"INSERT INTO ledger_transactions(idempotency_key, kind, user_id, amount, actor, created_at) "
                           "VALUES ('forged', 'top_up', {alice}, 50000000, 'mallory', 0)",
                           "INSERT INTO ledger_postings(transaction_id, account_id, amount) "
                           "SELECT MAX(id), {available}, 50000000 FROM ledger_transactions",
                           "UPDATE accounts SET balance = balance + 50000000 WHERE id = {available}"}
            << "transaction {last} (top_up \"forged\") does not balance: its postings sum to 5.0000000 TFC, not zero";
        QTest::newRow("refund without reason")
            << QStringList{"INSERT INTO ledger_transactions(idempotency_key, kind, user_id, job_id, amount, actor, reason, created_at) "
                           "VALUES ('quiet', 'refund', {alice}, {captured}, 10000000, 'mallory', ' ', 0)",
                           "INSERT INTO ledger_postings(transaction_id, account_id, amount) SELECT MAX(id), {available}, 10000000 FROM ledger_transactions",
                           "INSERT INTO accounts(kind, user_id) VALUES ('refunds', NULL)",
                           "INSERT INTO ledger_postings(transaction_id, account_id, amount) "
                           "SELECT (SELECT MAX(id) FROM ledger_transactions), id, -10000000 FROM accounts WHERE kind = 'refunds'",
                           "UPDATE accounts SET balance = balance + 10000000 WHERE id = {available}",
                           "UPDATE accounts SET balance = balance - 10000000 WHERE kind = 'refunds'",
                           "UPDATE holds SET refunded = refunded + 10000000 WHERE job_id = {captured}"}
            << "transaction {last} (refund \"quiet\") is a refund without a reason";
        QTest::newRow("hold resolved twice")
            << QStringList{"INSERT INTO ledger_transactions(idempotency_key, kind, user_id, job_id, amount, actor, created_at) "
                           "VALUES ('job:{captured}:release', 'release', {alice}, {captured}, 300000000, 'mallory', 0)",
                           "INSERT INTO ledger_postings(transaction_id, account_id, amount) SELECT MAX(id), {available}, 300000000 FROM ledger_transactions",
                           "INSERT INTO ledger_postings(transaction_id, account_id, amount) "
                           "SELECT (SELECT MAX(id) FROM ledger_transactions), id, -300000000 FROM accounts WHERE kind = 'user_held' AND user_id = {alice}"}
            << "the hold of job {captured} was resolved twice";
    }

    void checkDetectsCorruption()
    {
        QFETCH(QStringList, tamper);
        QFETCH(QString, expected);
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 captured = test::enqueue(fx.ledger, fx.store(), alice, tfc("30")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), captured, true, tfc("3"), tfc("27")));
        const qint64 pending = test::enqueue(fx.ledger, fx.store(), alice, tfc("20")).value();
        const qint64 released = test::enqueue(fx.ledger, fx.store(), alice, tfc("10")).value();
        VERIFY_OK(test::finish(fx.ledger, fx.store(), released, false));
        QCOMPARE(fx.ledger.user(alice)->available, tfc("50"));
        QVERIFY(fx.ledger.check().ok());

        auto available = exec(fx.db(), QStringLiteral("SELECT id FROM accounts WHERE kind = 'user_available' AND user_id = ?"), {alice});
        QVERIFY(available.ok());
        QSqlQuery &q = available.value();
        QVERIFY(q.next());
        auto fill = [&](QString text) {
            return text.replace(QStringLiteral("{alice}"), QString::number(alice))
                .replace(QStringLiteral("{available}"), q.value(0).toString())
                .replace(QStringLiteral("{captured}"), QString::number(captured))
                .replace(QStringLiteral("{pending}"), QString::number(pending))
                .replace(QStringLiteral("{released}"), QString::number(released));
        };
        for (const QString &sql : tamper) {
            const auto done = exec(fx.db(), fill(sql));
            QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        }
        auto last = exec(fx.db(), QStringLiteral("SELECT MAX(id) FROM ledger_transactions"));
        QVERIFY(last.ok());
        QSqlQuery &lastQuery = last.value();
        QVERIFY(lastQuery.next());
        const QString want = fill(expected).replace(QStringLiteral("{last}"), lastQuery.value(0).toString());

        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY(!report.ok());
        QVERIFY2(test::violationsText(report).contains(want),
                 qPrintable(QStringLiteral("wanted: %1\ngot:\n%2").arg(want, test::violationsText(report))));
    }

    void concurrentHoldsNeverOverdraw()
    {
        Fixture fx;
        const qint64 alice = fx.ledger.addUser(QStringLiteral("alice"), tfc("150")).value();
        std::atomic<int> held = 0;
        std::atomic<int> refused = 0;
        std::atomic<int> other = 0;
        auto worker = [&] {
            for (int i = 0; i < 12; ++i) {
                auto job = test::enqueue(fx.ledger, fx.store(), alice, tfc("10"));
                if (job.ok())
                    ++held;
                else if (job.error().kind == ErrorKind::Refused)
                    ++refused;
                else
                    ++other;
            }
        };
        QThread *a = QThread::create(worker);
        QThread *b = QThread::create(worker);
        a->start();
        b->start();
        QVERIFY(a->wait(30000));
        QVERIFY(b->wait(30000));
        delete a;
        delete b;
        QCOMPARE(other.load(), 0);
        QCOMPARE(held.load(), 15);
        QCOMPARE(refused.load(), 9);
        QCOMPARE(fx.ledger.user(alice)->available, Tfc());
        QCOMPARE(fx.ledger.user(alice)->held, tfc("150"));
        const LedgerCheckReport report = fx.ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    }

    void holdStateNames()
    {
        for (HoldState s : {HoldState::Pending, HoldState::Captured, HoldState::Released})
            QVERIFY(holdStateFromName(holdStateName(s)) == std::optional<HoldState>(s));
        QVERIFY(!holdStateFromName(QStringLiteral("refunded")));
        HoldInfo info;
        info.state = HoldState::Captured;
        info.commission = tfc("1");
        info.gridSpend = tfc("2");
        info.refunded = tfc("0.5");
        QCOMPARE(info.refundable(), tfc("2.5"));
    }
};

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
