// PostgreSQL only (registered once, as models.tst_livenotify.postgresql): the store's change
// notifications (migration 8) name each changed row, one per row and transaction however often
// it changed; a console sees another's changes within a second; and a watcher whose server
// connections are killed says so, reconnects and reads what it missed, with no model reset.

#include "ModelTestSupport.h"
#include "SharedConsole.h"
#include "models/EventModel.h"
#include "models/QueueModel.h"
#include "models/StoreWatcher.h"
#include "models/UserModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QtTest>
#include <algorithm>

using namespace griddeck;
using namespace griddeck::test;

namespace {

// What a LISTENing connection received (a lambda: QSignalSpy cannot record the source enum).
struct Received
{
    QStringList payloads;
    int fromSelf = 0;
    void clear()
    {
        payloads.clear();
        fromSelf = 0;
    }
};

qint64 scalar(QSqlDatabase db, const QString &sql, const QVariantList &args = {})
{
    auto q = exec(db, sql, args);
    if (!q.ok() || !q.value().next())
        qFatal("%s failed", qPrintable(sql));
    return q.value().value(0).toLongLong();
}

} // namespace

class TestLiveNotify : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        GRIDDECK_REQUIRE_TEST_BACKEND();
        QCOMPARE(testBackend(), Backend::Postgresql);
    }

    void everyWatchedTableNotifiesItsRowsOncePerTransaction()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 100);
        QSqlDatabase listener
            = QSqlDatabase::cloneDatabase(f.temp.store()->db(), QStringLiteral("test-listener"));
        const auto cleanUp = qScopeGuard([&listener] {
            listener.close();
            listener = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("test-listener"));
        });
        QVERIFY(listener.open());
        Received spy;
        connect(listener.driver(), &QSqlDriver::notification, this,
            [&spy](const QString &, QSqlDriver::NotificationSource source, const QVariant &payload) {
                spy.payloads << payload.toString();
                spy.fromSelf += source == QSqlDriver::SelfSource ? 1 : 0;
            });
        QVERIFY(listener.driver()->subscribeToNotification(QString::fromLatin1(dialect::kChangeChannel)));

        const qint64 job = f.enqueue(alice, 10);
        const qint64 event = scalar(f.temp.store()->db(), QStringLiteral("SELECT MAX(id) FROM events"));
        const qint64 hold
            = scalar(f.temp.store()->db(), QStringLiteral("SELECT MAX(id) FROM ledger_transactions"));
        const QStringList expected { QStringLiteral("jobs:%1").arg(job),
            QStringLiteral("events:%1").arg(event), QStringLiteral("ledger_transactions:%1").arg(hold),
            QStringLiteral("accounts:%1").arg(alice) };
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(expected.begin(), expected.end(),
                                     [&](const QString &p) { return spy.payloads.contains(p); }),
            1000);
        f.sql(QStringLiteral(
                  "INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, state, created_at) "
                  "VALUES (?, 1, 'k1', 7, 'init', 0)"),
            { job });
        QTRY_VERIFY_WITH_TIMEOUT(spy.payloads.contains(QStringLiteral("job_deployments:%1").arg(job)), 1000);

        // Fifty updates of one job in one transaction: one notification. A later transaction's
        // notification (bob's row) arrives after it, so by then every earlier one is in.
        spy.clear();
        {
            WriteTransaction tx(*f.temp.store());
            for (int i = 0; i < 50; ++i)
                QVERIFY(exec(tx.db(), QStringLiteral("UPDATE jobs SET attempt = ? WHERE id = ?"), { i, job })
                            .ok());
            QVERIFY(tx.commit().ok());
        }
        f.sql(QStringLiteral("UPDATE users SET name = 'robert' WHERE id = ?"), { bob });
        QTRY_VERIFY_WITH_TIMEOUT(spy.payloads.contains(QStringLiteral("users:%1").arg(bob)), 1000);
        QCOMPARE(spy.payloads,
            (QStringList { QStringLiteral("jobs:%1").arg(job), QStringLiteral("users:%1").arg(bob) }));
        QCOMPARE(spy.fromSelf, 0); // written by other connections
    }

    void changesArriveWellWithinASecond()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100000);
        f.insertJobs(alice, 1000, Stage::Queued);
        QList<qint64> ids;
        for (int i = 0; i < 20; ++i)
            ids << f.enqueue(alice, 10);
        StoreWatcher watcher(secondConsole(f.temp));
        QueueModel queue;
        new QAbstractItemModelTester(&queue, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        queue.attach(&watcher);
        QVERIFY(startAndLoad(watcher));
        QCOMPARE(queue.rowCount(), 1020);
        ModelSpies spies(&queue);
        QSignalSpy polled(&watcher, &StoreWatcher::polled);

        // Twenty priority changes, one at a time, each timed from its commit to the model's
        // dataChanged for that one row.
        QList<qint64> latencies;
        for (qint64 id : ids) {
            spies.clear();
            const Priority next
                = queue.job(id)->job.priority == Priority::High ? Priority::Low : Priority::High;
            bool written = false;
            f.onAnotherThread([&] { written = f.queue.setPriority(id, next, QStringLiteral("ops")).ok(); });
            QVERIFY(written);
            QElapsedTimer since;
            since.start();
            QVERIFY(spies.dataChanged.wait(1000));
            latencies << since.elapsed();
            QTRY_COMPARE_WITH_TIMEOUT(queue.job(id)->job.priority, next, 1000);
            const int row = queue.rowOfJob(id);
            for (const QString &range : spies.changedRows())
                QCOMPARE(range, QStringLiteral("%1-%1").arg(row));
            QCOMPARE(spies.rowsInserted.count() + spies.rowsRemoved.count() + spies.modelReset.count(), 0);
        }
        // Each look re-read the one job that changed, not the 1,020.
        for (const auto &args : polled)
            QVERIFY2(args[0].toInt() <= 1, qPrintable(QString::number(args[0].toInt())));
        std::sort(latencies.begin(), latencies.end());
        qInfo(
            "commit to dataChanged in another console: median %lld ms, max %lld ms (20 changes, 1,020 jobs)",
            latencies[latencies.size() / 2], latencies.last());
        QVERIFY(latencies.last() < 1000);
    }

    void rowsCommittedOutOfIdOrderAreShownInPlace()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 job = f.enqueue(alice, 10);
        StoreWatcher watcher(secondConsole(f.temp));
        EventModel events;
        events.setJobId(job);
        new QAbstractItemModelTester(&events, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        events.attach(&watcher);
        QVERIFY(startAndLoad(watcher));
        QTRY_COMPARE(events.rowCount(), 1); // "enqueued"

        // Writer 1 takes the lower id and commits last (ids are taken at insert).
        QSqlDatabase slow
            = QSqlDatabase::cloneDatabase(f.temp.store()->db(), QStringLiteral("test-slow-writer"));
        const auto cleanUp = qScopeGuard([&slow] {
            slow.close();
            slow = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("test-slow-writer"));
        });
        QVERIFY(slow.open());
        const QString insert = QStringLiteral("INSERT INTO events(job_id, at, stage, kind, message) VALUES "
                                              "(?, 0, 'queued', 'note', ?) RETURNING id");
        QVERIFY(slow.transaction());
        const qint64 lower = scalar(slow, insert, { job, QStringLiteral("slow") });
        const qint64 higher = scalar(f.temp.store()->db(), insert, { job, QStringLiteral("fast") });
        QVERIFY(lower < higher);
        QTRY_COMPARE_WITH_TIMEOUT(events.rowCount(), 2, 1000);
        QCOMPARE(events.rowAt(1).event.id, higher);

        QSignalSpy inserted(&events, &QAbstractItemModel::rowsInserted);
        QVERIFY(slow.commit());
        QVERIFY(inserted.wait(1000));
        QCOMPARE(ModelSpies::ranges(inserted), QStringList { QStringLiteral("1-1") });
        QCOMPARE(events.rowCount(), 3);
        QCOMPARE(events.rowAt(1).event.id, lower);
        QCOMPARE(events.rowAt(2).event.id, higher);
    }

    void aKilledConnectionIsReopenedAndNothingIsMissed()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 1000);
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids << f.enqueue(alice, 10);
        StoreWatcher watcher(secondConsole(f.temp));
        StoreWatcher::Options o;
        o.intervalMs = 1000; // the writes below land before the watcher's next look
        watcher.setOptions(o);
        QueueModel queue;
        UserModel users;
        new QAbstractItemModelTester(&queue, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        queue.attach(&watcher);
        users.attach(&watcher);
        QSignalSpy live(&watcher, &StoreWatcher::liveUpdates);
        QSignalSpy errors(&watcher, &StoreWatcher::storeError);
        QVERIFY(startAndLoad(watcher));
        QTRY_VERIFY(!live.isEmpty());
        QCOMPARE(live.last()[0].toBool(), true);
        live.clear();
        ModelSpies spies(&queue);

        // Every connection of the second console goes (its listener and its reader); this
        // console's own stays.
        QString missing;
        PostgresCluster *cluster = PostgresCluster::shared(&missing);
        QVERIFY2(cluster, qPrintable(missing));
        QSqlDatabase mine = f.temp.store()->db();
        const qint64 myPid = scalar(mine, QStringLiteral("SELECT pg_backend_pid()"));
        const QString database = f.temp.store()->location().database;
        QVERIFY(cluster
                    ->adminExec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                               "WHERE datname = '%1' AND pid <> %2")
                                    .arg(database)
                                    .arg(myPid))
                    .ok());
        QTRY_COMPARE(
            scalar(mine,
                QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND application_name = 'griddeck-live'")),
            qint64(0));

        // While nobody listens: a job cancelled (its hold refunded), one enqueued.
        bool cancelled = false;
        qint64 added = 0;
        f.onAnotherThread([&] {
            cancelled = f.queue.cancel(ids[1], QStringLiteral("ops")).ok();
            added = f.enqueue(alice, 25);
        });
        QVERIFY(cancelled);

        QTRY_VERIFY_WITH_TIMEOUT(live.size() >= 2, 5000);
        QCOMPARE(live[0][0].toBool(), false);
        QVERIFY2(live[0][1].toString().contains(QStringLiteral("lost")), qPrintable(live[0][1].toString()));
        QCOMPARE(live[1][0].toBool(), true);
        QVERIFY2(
            live[1][1].toString().contains(QStringLiteral("restored")), qPrintable(live[1][1].toString()));
        QVERIFY(!errors.isEmpty());
        QVERIFY(errors.last()[0].toString().contains(QStringLiteral("lost")));

        QTRY_VERIFY_WITH_TIMEOUT(queue.rowOfJob(ids[1]) < 0 && queue.rowOfJob(added) >= 0, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(users.rowAt(users.rowOfUser(alice)).held, Tfc::fromWhole(65), 2000);
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved).size(), 1);
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted).size(), 1);
        QCOMPARE(spies.modelReset.count(), 0);

        // And it listens again: a change now arrives as before.
        spies.clear();
        bool written = false;
        f.onAnotherThread(
            [&] { written = f.queue.setPriority(ids[2], Priority::Critical, QStringLiteral("ops")).ok(); });
        QVERIFY(written);
        QVERIFY(spies.dataChanged.wait(1000));
        QTRY_COMPARE_WITH_TIMEOUT(queue.job(ids[2])->job.priority, Priority::Critical, 1000);
        QCOMPARE(spies.modelReset.count(), 0);
    }
};

QTEST_MAIN(TestLiveNotify)
#include "tst_livenotify.moc"
