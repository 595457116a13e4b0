// Group commit: a commit returns only after a flush of the WAL that began after it; writers that
// commit while a flush is under way share the next one. And a WriteTransaction on SQLite waits
// for that flush (RelaxedDurability excepted).
#include "TestSupport.h"
#include "store/GroupSync.h"
#include "store/Store.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>

using namespace griddeck;

class TestGroupSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyCommitWaitsForAFlushThatCoversIt()
    {
        // The "file": commits issued so far; a flush makes durable what was issued when it began.
        std::atomic<qint64> issued { 0 };
        std::atomic<qint64> durable { 0 };
        GroupSync sync([&] {
            const qint64 covers = issued.load();
            std::this_thread::sleep_for(std::chrono::milliseconds(3)); // the disk
            qint64 seen = durable.load();
            while (seen < covers && !durable.compare_exchange_weak(seen, covers)) { }
            return true;
        });
        constexpr int kThreads = 8, kCommits = 40;
        QMutex writeLock; // the database's write lock: tickets in commit order
        std::atomic<int> early { 0 };
        QList<QThread *> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads << QThread::create([&] {
                for (int i = 0; i < kCommits; ++i) {
                    qint64 ticket = 0;
                    {
                        QMutexLocker lock(&writeLock);
                        ++issued; // the commit is written
                        ticket = sync.committed();
                    }
                    QVERIFY(sync.waitDurable(ticket));
                    if (durable.load() < ticket)
                        ++early; // returned before its commit was flushed
                }
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QCOMPARE(early.load(), 0);
        QCOMPARE(durable.load(), qint64(kThreads * kCommits));
        // Shared: far fewer flushes than commits (each took 3 ms while the others committed).
        QVERIFY2(sync.flushes() < kThreads * kCommits / 2, qPrintable(QString::number(sync.flushes())));
    }

    void aFailedFlushIsFinal()
    {
        // Linux reports a write-back error once: a later flush that succeeds proves nothing
        // about the commits before it, so every writer hears of the failure from then on.
        bool fail = false;
        int flushes = 0;
        GroupSync sync([&] {
            ++flushes;
            return !fail;
        });
        QVERIFY(sync.waitDurable(sync.committed()));
        QVERIFY(!sync.failed());
        fail = true;
        QVERIFY(!sync.waitDurable(sync.committed()));
        QVERIFY(sync.failed());
        fail = false;
        QVERIFY(!sync.waitDurable(sync.committed()));
        QCOMPARE(flushes, 2); // not tried again
    }

    void aWriteTransactionWaitsForTheFlush()
    {
        test::TempStore temp;
        if (temp.store()->backend() != Backend::Sqlite)
            return; // PostgreSQL: durability is the server's (this suite also runs there)
        const auto sync = GroupSync::forDatabase(temp.store()->db().databaseName());
        const qint64 before = sync->flushes();
        {
            WriteTransaction tx(*temp.store());
            QVERIFY(tx.begun());
            QVERIFY(exec(tx.db(), QStringLiteral("INSERT INTO users(name, created_at) VALUES ('a', 1)")).ok());
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(sync->flushes(), before + 1);
        {
            RelaxedDurability relaxed; // a lease or a routine poll: no wait for the disk
            WriteTransaction tx(*temp.store());
            QVERIFY(exec(tx.db(), QStringLiteral("INSERT INTO users(name, created_at) VALUES ('b', 1)")).ok());
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(sync->flushes(), before + 1);
    }

    void aStoreOpenedThroughASymlinkFlushesTheRealWal()
    {
        // SQLite keeps the WAL next to the file a symbolic link points to; the flush must find
        // it there (a flush of a WAL that is not there fails: it would make nothing durable).
        QTemporaryDir dir;
        const QString real = dir.filePath(QStringLiteral("real.sqlite"));
        const QString link = dir.filePath(QStringLiteral("sub/link.sqlite"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("sub"))));
        { auto store = Store::open(real); QVERIFY(store.ok()); }
        QVERIFY(QFile::link(real, link));
        auto store = Store::open(link);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        QCOMPARE(GroupSync::forDatabase(link), GroupSync::forDatabase(real));
        WriteTransaction tx(*store.value());
        QVERIFY(tx.begun());
        QVERIFY(exec(tx.db(), QStringLiteral("INSERT INTO users(name, created_at) VALUES ('l', 1)")).ok());
        const auto committed = tx.commit();
        QVERIFY2(committed.ok(), qPrintable(committed.ok() ? QString() : committed.error().message));
        QVERIFY(QFile::exists(real + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(link + QStringLiteral("-wal")));
    }
};

QTEST_GUILESS_MAIN(TestGroupSync)
#include "tst_groupsync.moc"
