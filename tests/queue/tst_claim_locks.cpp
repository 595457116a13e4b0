// A claim never takes a job another connection is changing. On PostgreSQL the claim skips that
// job's locked row (FOR UPDATE SKIP LOCKED) and takes the next ones at once; on SQLite the
// other connection holds the write lock, so the claim waits for it.
#include "QueueFixture.h"

#include <QThread>
#include <atomic>

using namespace griddeck;
using namespace griddeck::test;

class TestClaimLocks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void aClaimSkipsAJobAnotherConnectionHolds()
    {
        QueueFixture f;
        const qint64 user = f.addUser(QStringLiteral("u"), 100);
        QList<qint64> ids;
        for (int i = 0; i < 3; ++i)
            ids << f.enqueue(user).value();

        // Another worker, mid-transaction, has the first job's row.
        auto other = std::make_unique<WriteTransaction>(*f.temp.store());
        QVERIFY(other->begun());
        QVERIFY(exec(
            other->db(), QStringLiteral("UPDATE jobs SET updated_at = updated_at WHERE id = ?"), { ids[0] })
                    .ok());

        std::atomic<bool> done = false;
        Result<QList<ClaimedStep>> claimed = QList<ClaimedStep>();
        QThread *worker = QThread::create([&] {
            claimed = f.queue.claim(QStringLiteral("host:7"), 2);
            f.temp.store()->closeThreadConnection();
            done = true;
        });
        worker->start();
        const bool postgres = f.temp.store()->backend() == Backend::Postgresql;
        if (postgres) {
            // No waiting on the held row: the claim returns while the other transaction is open.
            QTRY_VERIFY_WITH_TIMEOUT(done.load(), test::scaledMs(10000));
            other.reset(); // rolled back
        } else {
            QTest::qWait(200);
            QVERIFY(!done.load()); // SQLite: behind the other connection's write lock
            other.reset();
            QTRY_VERIFY_WITH_TIMEOUT(done.load(), test::scaledMs(15000));
        }
        QVERIFY(worker->wait(test::scaledMs(10000)));
        delete worker;

        QVERIFY2(claimed.ok(), qPrintable(claimed.ok() ? QString() : claimed.error().message));
        QList<qint64> got;
        for (const ClaimedStep &step : claimed.value()) {
            got << step.id;
            QVERIFY(!step.leaseToken.isEmpty());
        }
        QCOMPARE(got, postgres ? (QList<qint64> { ids[1], ids[2] }) : (QList<qint64> { ids[0], ids[1] }));
        QVERIFY(claimed.value().first().leaseToken != claimed.value().last().leaseToken);
    }
};

QTEST_GUILESS_MAIN(TestClaimLocks)
#include "tst_claim_locks.moc"
