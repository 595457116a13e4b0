// Two consoles on one store (two connections): the second refund of a job waits for the first
// and is then refused with a clear message; two holds for one user never overdraw. On
// PostgreSQL this rests on row locks (the hold, the user's balance), on SQLite on the write lock.
#include "LedgerTestHelpers.h"
#include "TestSupport.h"
#include "domain/Clock.h"

#include <QThread>
#include <QtTest>
#include <atomic>

using namespace griddeck;
using griddeck::test::tfc;

namespace {

// True once some other session of this database waits on a row lock (PostgreSQL); SQLite
// has no such view, and its second writer waits at BEGIN IMMEDIATE instead.
bool anotherSessionWaitsOnALock(QSqlDatabase db)
{
    if (dialect::backendOf(db) == Backend::Sqlite)
        return true;
    // `db` is inside console A's transaction, where PostgreSQL keeps showing the first snapshot
    // of pg_stat_activity it took: without clearing it, a poll made before B began to wait
    // would be the answer for good.
    if (!exec(db, QStringLiteral("SELECT pg_stat_clear_snapshot()")).ok())
        return false;
    auto q = exec(db,
        QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"));
    return q.ok() && q.value().next() && q.value().value(0).toInt() > 0;
}

// When a check fails the test returns early: end console A's transaction (so B stops waiting)
// and join B before the objects B uses are gone, so a failure reads as one, not as a crash.
struct JoinConsoleOnExit
{
    std::unique_ptr<WriteTransaction> &first;
    QThread *&console;
    ~JoinConsoleOnExit()
    {
        first.reset();
        if (console) {
            console->wait();
            delete console;
        }
    }
};

} // namespace

class TestLedgerTwoConsoles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void twoRefundsOfOneJobLandOnce()
    {
        test::TempStore temp;
        ManualClock clock;
        Ledger ledger(temp.store(), clock);
        const qint64 alice = ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 job = test::enqueue(ledger, *temp.store(), alice, tfc("40")).value();
        QVERIFY(test::finish(ledger, *temp.store(), job, true, tfc("4"), tfc("36")).ok());
        QCOMPARE(ledger.hold(job)->refundable(), tfc("40"));

        // Console A refunds everything and has not committed yet.
        auto first = std::make_unique<WriteTransaction>(*temp.store());
        QVERIFY(first->begun());
        QVERIFY(ledger
                    .refundIn(first->db(), job, tfc("40"), QStringLiteral("node died"),
                        QStringLiteral("support:ann"), QStringLiteral("refund-ann"))
                    .ok());

        // Console B refunds the same job at the same moment, on its own connection.
        std::atomic<bool> started = false;
        Result<void> second;
        QThread *console = QThread::create([&] {
            started = true;
            second = ledger.refund(job, tfc("40"), QStringLiteral("customer asked"),
                QStringLiteral("support:bob"), QStringLiteral("refund-bob"));
            temp.store()->closeThreadConnection();
        });
        console->start();
        JoinConsoleOnExit join { first, console };
        QTRY_VERIFY(started.load());
        // B is blocked behind A's lock: it has read nothing yet.
        QTRY_VERIFY_WITH_TIMEOUT(anotherSessionWaitsOnALock(temp.store()->db()), test::scaledMs(10000));
        QVERIFY(!console->isFinished());
        QVERIFY(first->commit().ok());
        first.reset();
        QVERIFY(console->wait(test::scaledMs(30000)));
        delete console;
        console = nullptr;

        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, ErrorKind::Refused);
        QVERIFY2(second.error().message.contains(QStringLiteral("exceeds the refundable")),
            qPrintable(second.error().message));
        QCOMPARE(ledger.hold(job)->refunded, tfc("40"));
        QCOMPARE(ledger.user(alice)->available, tfc("100"));
        const LedgerCheckReport report = ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    }

    void twoHoldsForOneUserNeverOverdraw()
    {
        test::TempStore temp;
        ManualClock clock;
        Ledger ledger(temp.store(), clock);
        const qint64 alice = ledger.addUser(QStringLiteral("alice"), tfc("100")).value();

        // Console A holds 60 of alice's 100 and has not committed yet.
        auto first = std::make_unique<WriteTransaction>(*temp.store());
        QVERIFY(first->begun());
        const qint64 jobA = test::insertJob(first->db(), alice, tfc("60"));
        QVERIFY(ledger.holdIn(first->db(), alice, jobA, tfc("60"), QStringLiteral("queue")).ok());

        std::atomic<bool> started = false;
        Result<qint64> second = Error { ErrorKind::Internal, QStringLiteral("not run") };
        QThread *console = QThread::create([&] {
            started = true;
            second = test::enqueue(ledger, *temp.store(), alice, tfc("60"));
            temp.store()->closeThreadConnection();
        });
        console->start();
        JoinConsoleOnExit join { first, console };
        QTRY_VERIFY(started.load());
        QTRY_VERIFY_WITH_TIMEOUT(anotherSessionWaitsOnALock(temp.store()->db()), test::scaledMs(10000));
        QVERIFY(first->commit().ok());
        first.reset();
        QVERIFY(console->wait(test::scaledMs(30000)));
        delete console;
        console = nullptr;

        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, ErrorKind::Refused);
        QVERIFY2(second.error().message.contains(QStringLiteral("alice has 40")),
            qPrintable(second.error().message));
        QCOMPARE(ledger.user(alice)->available, tfc("40"));
        QCOMPARE(ledger.user(alice)->held, tfc("60"));
        const LedgerCheckReport report = ledger.check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    }
};

QTEST_GUILESS_MAIN(TestLedgerTwoConsoles)
#include "tst_ledger_two_consoles.moc"
