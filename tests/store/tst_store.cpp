#include "TestSupport.h"
#include "store/Migrations.h"
#include "store/Store.h"

#include <QMutex>
#include <QSemaphore>
#include <QSqlError>
#include <QThread>
#include <QThreadPool>
#include <QtTest>
#include <atomic>

using namespace griddeck;

class TestStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void opensWithWalAndLatestSchema()
    {
        test::TempStore temp;
        QSqlQuery q(temp.store()->db());
        if (temp.store()->backend() == Backend::Sqlite) {
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1); // NORMAL: commits wait for a group flush instead (tst_groupsync)
        }
        // Foreign keys hold on both backends (SQLite needs its pragma for that).
        QVERIFY(!exec(temp.store()->db(),
            QStringLiteral("INSERT INTO accounts(kind, user_id) VALUES ('user_available', 424242)"))
                     .ok());
        QCOMPARE(temp.store()->schemaVersion(), Store::latestSchemaVersion());
        // 64-bit amounts and millisecond times, as SQLite's INTEGER holds them.
        QVERIFY(exec(temp.store()->db(),
            QStringLiteral("INSERT INTO users(name, created_at) VALUES ('big', ?)"), { qlonglong(1) << 50 })
                    .ok());
    }

    void reopeningAppliesNothingTwice()
    {
        QTemporaryDir dir;
        const StoreLocation where = test::freshLocation(dir, QStringLiteral("again.sqlite"));
        {
            auto first = Store::open(where);
            QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        }
        auto second = Store::open(where);
        QVERIFY(second.ok());
        QSqlQuery q(second.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations")));
        QVERIFY(q.next());
        // One row per migration (version numbers may have gaps).
        QCOMPARE(q.value(0).toInt(), int(migrations().size()));
        QCOMPARE(q.value(1).toInt(), int(migrations().size()));
    }

    void aLowerVersionAddedLaterStillRuns()
    {
        // A database that has a higher version but not a lower one (the lower one came later,
        // from another branch): reopening applies the missing one.
        QTemporaryDir dir;
        const StoreLocation where = test::freshLocation(dir, QStringLiteral("gap.sqlite"));
        {
            auto first = Store::open(where);
            QVERIFY(first.ok());
            QSqlQuery q(first.value()->db());
            QVERIFY(q.exec(QStringLiteral("DROP INDEX jobs_retry_of")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version = 4")));
        }
        auto again = Store::open(where);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        QSqlQuery q(again.value()->db());
        QVERIFY(q.exec(where.backend == Backend::Sqlite
                ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'jobs_retry_of'")
                : QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'jobs_retry_of'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(again.value()->schemaVersion(), Store::latestSchemaVersion());
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const StoreLocation where = test::freshLocation(dir, QStringLiteral("newer.sqlite"));
        {
            auto store = Store::open(where);
            QVERIFY(store.ok());
            QVERIFY(exec(store.value()->db(),
                QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'future', 0)"))
                        .ok());
        }
        auto reopened = Store::open(where);
        QVERIFY(!reopened.ok());
        QVERIFY2(
            reopened.error().message.contains(QStringLiteral("newer")), qPrintable(reopened.error().message));
    }

    void mustExistFindsNoStoreInAnEmptyDatabase()
    {
        QTemporaryDir dir;
        const StoreLocation where = test::freshLocation(dir, QStringLiteral("missing.sqlite"));
        auto opened = Store::open(where, Store::OpenMode::MustExist);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, ErrorKind::NotFound);
        QVERIFY2(opened.error().message.contains(QStringLiteral("griddeckctl init")),
            qPrintable(opened.error().message));
        // Nothing was created: the next MustExist open still finds nothing.
        QVERIFY(!Store::open(where, Store::OpenMode::MustExist).ok());
    }

    void aNestedWriteTransactionIsRefused()
    {
        test::TempStore temp;
        WriteTransaction outer(*temp.store());
        QVERIFY(outer.begun());
        QVERIFY(
            exec(outer.db(), QStringLiteral("INSERT INTO users(name, created_at) VALUES ('outer', 0)")).ok());
        {
            WriteTransaction inner(*temp.store());
            QVERIFY(!inner.begun());
            QVERIFY2(
                inner.error().contains(QStringLiteral("within a transaction")), qPrintable(inner.error()));
        }
        // The outer transaction is still open and still rolls back as a whole.
        outer.rollback();
        auto count = exec(temp.store()->db(), QStringLiteral("SELECT COUNT(*) FROM users"));
        QVERIFY(count.ok() && count.value().next());
        QCOMPARE(count.value().value(0).toInt(), 0);
    }

    void refusesAFolderAsDatabase()
    {
        QTemporaryDir dir;
        auto opened = Store::open(dir.path());
        QVERIFY(!opened.ok());
        QVERIFY(opened.error().message.contains(QStringLiteral("folder")));
    }

    void ledgerIsAppendOnly()
    {
        test::TempStore temp;
        QSqlDatabase db = temp.store()->db();
        QVERIFY(exec(db,
            QStringLiteral(
                "INSERT INTO ledger_transactions(idempotency_key, kind, amount, actor, created_at) "
                "VALUES ('k', 'top_up', 1, 'test', 0)"))
                    .ok());
        auto updated = exec(db, QStringLiteral("UPDATE ledger_transactions SET amount = 2"));
        QVERIFY(!updated.ok());
        QVERIFY(updated.error().message.contains(QStringLiteral("append-only")));
        QVERIFY(!exec(db, QStringLiteral("DELETE FROM ledger_transactions")).ok());
    }

    void userBalancesCannotGoNegative()
    {
        test::TempStore temp;
        QSqlDatabase db = temp.store()->db();
        QVERIFY(exec(db, QStringLiteral("INSERT INTO users(name, created_at) VALUES ('alice', 0)")).ok());
        QVERIFY(!exec(db,
            QStringLiteral("INSERT INTO accounts(kind, user_id, balance) VALUES ('user_available', 1, -1)"))
                     .ok());
        QVERIFY(exec(
            db, QStringLiteral("INSERT INTO accounts(kind, user_id, balance) VALUES ('funding', NULL, -1)"))
                    .ok());
    }

    void writeTransactionRollsBackUnlessCommitted()
    {
        test::TempStore temp;
        {
            WriteTransaction tx(*temp.store());
            QVERIFY(tx.begun());
            QVERIFY(
                exec(tx.db(), QStringLiteral("INSERT INTO users(name, created_at) VALUES ('bob', 0)")).ok());
        }
        auto count = exec(temp.store()->db(), QStringLiteral("SELECT COUNT(*) FROM users"));
        QVERIFY(count.ok());
        QVERIFY(count.value().next());
        QCOMPARE(count.value().value(0).toInt(), 0);
    }

    void eachThreadHasItsOwnConnection()
    {
        test::TempStore temp;
        const QString mainName = temp.store()->db().connectionName();
        std::atomic<int> inserted = 0;
        QString workerName;
        QThread *worker = QThread::create([&] {
            QSqlDatabase db = temp.store()->db();
            workerName = db.connectionName();
            for (int i = 0; i < 50; ++i) {
                WriteTransaction tx(db);
                if (tx.begun()
                    && exec(db, QStringLiteral("INSERT INTO users(name, created_at) VALUES (?, 0)"),
                        { QStringLiteral("w%1").arg(i) })
                           .ok()
                    && tx.commit().ok())
                    ++inserted;
            }
        });
        worker->start();
        for (int i = 0; i < 50; ++i) {
            WriteTransaction tx(*temp.store());
            QVERIFY2(tx.begun(), qPrintable(tx.error()));
            QVERIFY(exec(tx.db(), QStringLiteral("INSERT INTO users(name, created_at) VALUES (?, 0)"),
                { QStringLiteral("m%1").arg(i) })
                        .ok());
            QVERIFY(tx.commit().ok());
        }
        QVERIFY(worker->wait(30000));
        delete worker;
        QVERIFY(!workerName.isEmpty());
        QVERIFY(workerName != mainName);
        QCOMPARE(inserted.load(), 50);
        auto count = exec(temp.store()->db(), QStringLiteral("SELECT COUNT(*) FROM users"));
        QVERIFY(count.ok() && count.value().next());
        QCOMPARE(count.value().value(0).toInt(), 100);
    }

    // A pool's threads keep their connections between tasks; closePoolConnections closes each
    // on its own thread, before the pool lets the thread go (after that, the thread's own last
    // resort would race with the end of the process).
    void threadsEndingWithKeptStatementsEndCleanly()
    {
        // A thread that opened its connection, then kept statements (execWrite, queryRow), and
        // ended without closing it: its thread-local teardown drops the statements, then the
        // connection (the other order crashed griddeckctl run: heap corruption).
        test::TempStore temp;
        if (temp.store()->backend() != Backend::Sqlite)
            return; // the same code on PostgreSQL; one backend is enough here
        const int before = Store::connectionsClosedAtThreadExit();
        // All kept until the end: a thread's connection is named after its QThread, and a new
        // one at a freed address could start before the last one's thread-locals are gone.
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < 40; ++i) {
            QThread *t = QThread::create([&temp, i] {
                QSqlDatabase db = temp.store()->db();
                if (!execWrite(db, QStringLiteral("INSERT INTO users(name, created_at) VALUES (?, 1)"),
                        { QStringLiteral("t%1").arg(i) })
                         .ok()
                    || !queryRow(db, QStringLiteral("SELECT COUNT(*) FROM users")).ok())
                    qFatal("kept statement failed");
            });
            threads.emplace_back(t);
            t->start();
            QVERIFY(t->wait(10000));
        }
        // Thread-locals go as the thread exits, just after wait() returns.
        QTRY_COMPARE(Store::connectionsClosedAtThreadExit() - before, 40);
        auto n = queryRow(temp.store()->db(), QStringLiteral("SELECT COUNT(*) FROM users WHERE name LIKE 't%'"));
        QVERIFY(n.ok() && n.value());
        QCOMPARE(n.value()->value(0).toInt(), 40);
    }

    void aPoolClosesEveryThreadsConnection()
    {
        test::TempStore temp;
        QThreadPool pool;
        pool.setMaxThreadCount(3);
        pool.setExpiryTimeout(-1);
        QSemaphore arrived;
        QSemaphore gate;
        QMutex mutex;
        QStringList names;
        for (int i = 0; i < 3; ++i) // at once, so on three threads
            pool.start([&] {
                const QString name = temp.store()->db().connectionName();
                {
                    QMutexLocker lock(&mutex);
                    names << name;
                }
                arrived.release();
                gate.acquire();
            });
        QVERIFY(arrived.tryAcquire(3, 10000));
        gate.release(3);
        QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), 3);
        for (const QString &name : std::as_const(names))
            QVERIFY(QSqlDatabase::connectionNames().contains(name));

        Store::closePoolConnections(pool);
        for (const QString &name : std::as_const(names))
            QVERIFY2(!QSqlDatabase::connectionNames().contains(name), qPrintable(name));
        QCOMPARE(pool.activeThreadCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
