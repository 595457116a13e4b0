// StoreWatcher: the first load arrives in chunks, newest first; writes made through JobQueue
// and Ledger on other threads (each with its own connection) reach the models as incremental
// updates of exactly the rows that changed; deployment rows that change without touching
// their job are seen; pokeNow looks at once.

#include "ModelTestSupport.h"
#include "models/DeploymentModel.h"
#include "models/EventModel.h"
#include "models/LedgerModel.h"
#include "models/QueueModel.h"
#include "models/StoreWatcher.h"
#include "models/UserModel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

StoreWatcher::Options fastOptions()
{
    StoreWatcher::Options o;
    o.intervalMs = 20;
    return o;
}

bool waitLoaded(StoreWatcher &watcher)
{
    QSignalSpy loaded(&watcher, &StoreWatcher::initialLoadFinished);
    watcher.start();
    return loaded.wait(10'000);
}

} // namespace

class TestStoreWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstLoadArrivesInChunksNewestFirst()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        const qint64 first = f.insertJobs(alice, 2500);

        StoreWatcher watcher(f.temp.store());
        StoreWatcher::Options o = fastOptions();
        o.chunkSize = 1000;
        o.firstChunkSize = 100;
        watcher.setOptions(o);
        DeploymentModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.attach(&watcher);
        UserModel users;
        users.attach(&watcher);
        ModelSpies spies(&model);
        QSignalSpy chunks(&watcher, &StoreWatcher::jobsChanged);

        QVERIFY(waitLoaded(watcher));
        QList<int> sizes;
        for (const auto &args : chunks)
            sizes << int(args[0].value<QList<JobRow>>().size());
        QCOMPARE(sizes, (QList<int>{100, 1000, 1000, 400}));
        const auto firstChunk = chunks.first()[0].value<QList<JobRow>>();
        QCOMPARE(firstChunk.first().job.id, first + 2499); // newest first
        QCOMPARE(firstChunk.last().job.id, first + 2400);
        QCOMPARE(model.rowCount(), 2500);
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted),
                 (QStringList{QStringLiteral("0-99"), QStringLiteral("100-1099"), QStringLiteral("1100-2099"),
                              QStringLiteral("2100-2499")}));
        QCOMPARE(spies.modelReset.count(), 0);
        QCOMPARE(model.rowAt(0).userName, QStringLiteral("alice"));
        QCOMPARE(model.rowAt(0).summary, vmSpec().summary());

        QCOMPARE(users.rowCount(), 1);
        QCOMPARE(users.rowAt(0).jobs, 2500);
        QCOMPARE(users.rowAt(0).liveJobs, 0);
    }

    void writesFromAnotherThreadUpdateOnlyTheirRows()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids << f.enqueue(alice, 10 + i);

        StoreWatcher watcher(f.temp.store());
        watcher.setOptions(fastOptions());
        QueueModel queue;
        DeploymentModel all;
        new QAbstractItemModelTester(&queue, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        new QAbstractItemModelTester(&all, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        queue.attach(&watcher);
        all.attach(&watcher);
        QVERIFY(waitLoaded(watcher));
        QCOMPARE(queue.rowCount(), 5);
        ModelSpies spies(&queue);
        const int row = queue.rowOfJob(ids[2]);

        // One job's priority, written on another thread through the queue.
        bool written = false;
        f.onAnotherThread([&] { written = f.queue.setPriority(ids[2], Priority::Critical, QStringLiteral("ops")).ok(); });
        QVERIFY(written);
        QTRY_COMPARE(queue.rowAt(row).job.priority, Priority::Critical);
        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("%1-%1").arg(row)});
        QCOMPARE(spies.rowsInserted.count() + spies.rowsRemoved.count() + spies.modelReset.count(), 0);

        // Its stage, claimed and advanced within the same millisecond (the clock stands still).
        spies.clear();
        bool advanced = false;
        f.onAnotherThread([&] {
            auto claimed = f.queue.claim(QStringLiteral("worker"), 1);
            advanced = claimed.ok() && claimed.value().size() == 1 && claimed.value().first().id == ids[2]
                && f.queue.advance(ids[2], QStringLiteral("worker"), Stage::Queued, Stage::Converting,
                                   QStringLiteral("quoted"), 0).ok();
        });
        QVERIFY(advanced);
        QTRY_COMPARE(queue.rowAt(row).job.stage, Stage::Converting);
        QVERIFY(!spies.changedRows().isEmpty());
        for (const QString &range : spies.changedRows())
            QCOMPARE(range, QStringLiteral("%1-%1").arg(row));
        QCOMPARE(queue.index(row, 0).data(QueueModel::ProgressRole).toInt(), 25);

        // A new job is appended; a cancelled one leaves the queue but stays among all jobs.
        spies.clear();
        const int cancelledRow = queue.rowOfJob(ids[0]); // the first load is newest first: the last row
        QCOMPARE(cancelledRow, 4);
        qint64 added = 0;
        QString cancelError;
        f.onAnotherThread([&] {
            added = f.enqueue(alice, 99);
            auto cancelled = f.queue.cancel(ids[0], QStringLiteral("ops"));
            if (!cancelled.ok())
                cancelError = cancelled.error().message;
        });
        QCOMPARE(cancelError, QString());
        QTRY_VERIFY(queue.rowOfJob(ids[0]) == -1 && queue.rowOfJob(added) >= 0);
        QCOMPARE(queue.rowCount(), 5);
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved), QStringList{QStringLiteral("4-4")});
        // Appended at the end: row 4 when the watcher saw both writes in one look, else row 5.
        const QStringList inserted = ModelSpies::ranges(spies.rowsInserted);
        QVERIFY2(inserted == QStringList{QStringLiteral("4-4")} || inserted == QStringList{QStringLiteral("5-5")},
                 qPrintable(inserted.join(u',')));
        QCOMPARE(spies.modelReset.count(), 0);
        QTRY_COMPARE(all.rowCount(), 6);
        QTRY_COMPARE(all.job(ids[0])->job.stage, Stage::Cancelled);
    }

    void deploymentChangesWithoutAJobWriteAreSeen()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        const qint64 id = f.enqueue(alice);
        StoreWatcher watcher(f.temp.store());
        watcher.setOptions(fastOptions());
        DeploymentModel model;
        model.attach(&watcher);
        QVERIFY(waitLoaded(watcher));
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.rowAt(0).deployment.exists());

        f.onAnotherThread([&] {
            f.sql(QStringLiteral("INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, farm_id, country, "
                                 "state, created_at) VALUES (?, 1, 'k1', 4211, 12, 'Belgium', 'init', 0)"),
                  {id});
        });
        QTRY_COMPARE(model.rowAt(0).deployment.nodeId, qint64(4211));
        QCOMPARE(model.index(0, DeploymentModel::CountryColumn).data().toString(), QStringLiteral("Belgium"));
        QCOMPARE(model.index(0, DeploymentModel::IpColumn).data().toString(), QStringLiteral("\u2014"));

        // init → ok with addresses: only the deployment row changes.
        f.onAnotherThread([&] {
            f.sql(QStringLiteral("UPDATE job_deployments SET state = 'ok', ip = '185.69.166.12', "
                                 "ssh_command = 'ssh root@185.69.166.12' WHERE job_id = ?"),
                  {id});
        });
        QTRY_COMPARE(model.index(0, DeploymentModel::IpColumn).data().toString(), QStringLiteral("185.69.166.12"));
        QVERIFY(model.index(0, DeploymentModel::IpColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("ssh root@")));

        // A second attempt on another node becomes the current deployment.
        f.onAnotherThread([&] {
            f.sql(QStringLiteral("INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, country, state, "
                                 "created_at) VALUES (?, 2, 'k2', 77, 'Egypt', 'init', 0)"),
                  {id});
        });
        QTRY_COMPARE(model.rowAt(0).deployment.nodeId, qint64(77));
        QCOMPARE(model.rowAt(0).deployment.attempt, 2);
        QVERIFY(model.rowAt(0).searchText.contains(QStringLiteral("egypt")));
    }

    void pokeNowLooksWithoutWaitingForTheTimer()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        StoreWatcher watcher(f.temp.store());
        StoreWatcher::Options o;
        o.intervalMs = 600'000; // the timer would never fire within the test
        watcher.setOptions(o);
        QueueModel model;
        model.attach(&watcher);
        QVERIFY(waitLoaded(watcher));
        QCOMPARE(model.rowCount(), 0);

        f.onAnotherThread([&] { f.enqueue(alice); });
        QSignalSpy polled(&watcher, &StoreWatcher::polled);
        watcher.pokeNow();
        QVERIFY(polled.wait(5000));
        QTRY_COMPARE(model.rowCount(), 1);
    }

    void usersEventsAndLedgerFollow()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 50);
        const qint64 bobsJob = f.enqueue(bob, 5);

        StoreWatcher watcher(f.temp.store());
        watcher.setOptions(fastOptions());
        UserModel users;
        EventModel recent;
        EventModel bobsEvents;
        LedgerModel everything;
        LedgerModel bobsLedger;
        for (QAbstractItemModel *m : std::initializer_list<QAbstractItemModel *>{&users, &recent, &bobsEvents, &everything, &bobsLedger})
            new QAbstractItemModelTester(m, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        users.attach(&watcher);
        recent.attach(&watcher);
        bobsEvents.setJobId(bobsJob);
        bobsEvents.attach(&watcher);
        everything.attach(&watcher);
        bobsLedger.setScope(LedgerScope{bob, 0, 100});
        bobsLedger.attach(&watcher);
        QVERIFY(bobsLedger.isLoading());
        QVERIFY(waitLoaded(watcher));

        QTRY_VERIFY(!bobsLedger.isLoading() && !everything.isLoading() && !recent.isLoading() && !bobsEvents.isLoading());
        QCOMPARE(users.rowCount(), 2);
        const int bobRow = users.rowOfUser(bob);
        QCOMPARE(users.rowAt(bobRow).jobs, 1);
        QCOMPARE(users.rowAt(bobRow).liveJobs, 1);
        QCOMPARE(users.rowAt(bobRow).held, Tfc::fromWhole(5));
        QCOMPARE(users.rowAt(bobRow).available, Tfc::fromWhole(45));
        QCOMPARE(everything.rowCount(), 3); // two initial top-ups and bob's hold
        QCOMPARE(bobsLedger.rowCount(), 2);  // bob's top-up and hold only
        QCOMPARE(bobsEvents.rowCount(), 1);
        QCOMPARE(bobsEvents.index(0, EventModel::KindColumn).data().toString(), QStringLiteral("enqueued"));

        ModelSpies userSpies(&users);
        ModelSpies ledgerSpies(&bobsLedger);
        qint64 alicesJob = 0;
        bool toppedUp = false;
        f.onAnotherThread([&] {
            toppedUp = f.ledger.topUp(alice, Tfc::fromWhole(7), QStringLiteral("topup:test-1"), QStringLiteral("ops"),
                                      QStringLiteral("goodwill")).ok();
            alicesJob = f.enqueue(alice, 20);
        });
        QVERIFY(toppedUp);
        QTRY_COMPARE(everything.rowCount(), 5);
        QTRY_COMPARE(users.rowAt(users.rowOfUser(alice)).jobs, 1);
        const UserRow a = users.rowAt(users.rowOfUser(alice));
        QCOMPARE(a.available, Tfc::fromWhole(87));
        QCOMPARE(a.held, Tfc::fromWhole(20));
        QCOMPARE(a.liveJobs, 1);
        // Only alice's row repainted; bob's did not move.
        for (const QString &range : userSpies.changedRows())
            QCOMPARE(range, QStringLiteral("%1-%1").arg(users.rowOfUser(alice)));
        QCOMPARE(userSpies.modelReset.count(), 0);
        // Bob's ledger saw nothing of alice's.
        QCOMPARE(bobsLedger.rowCount(), 2);
        QCOMPARE(ledgerSpies.rowsInserted.count(), 0);
        const int topUp = everything.rowCount() - 2;
        QCOMPARE(everything.index(topUp, LedgerModel::KindColumn).data().toString(), QStringLiteral("Top-up"));
        QCOMPARE(everything.index(topUp, LedgerModel::AmountColumn).data().toString(), QStringLiteral("+7.00"));
        QCOMPARE(everything.index(topUp + 1, LedgerModel::AmountColumn).data().toString(), QStringLiteral("\u221220.00"));

        QTRY_VERIFY(recent.rowCount() >= 2);
        QCOMPARE(recent.index(recent.rowCount() - 1, EventModel::JobColumn).data(EventModel::JobIdRole).toLongLong(), alicesJob);
        QCOMPARE(bobsEvents.rowCount(), 1); // not alice's events

        // A new user appears.
        f.onAnotherThread([&] { f.addUser(QStringLiteral("carol"), 1); });
        QTRY_COMPARE(users.rowCount(), 3);
        QCOMPARE(users.rowAt(2).name, QStringLiteral("carol"));
    }

    void aStreamOfUpdatesIsSeenCompletely()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        const qint64 first = f.insertJobs(alice, 2000);
        StoreWatcher watcher(f.temp.store());
        watcher.setOptions(fastOptions());
        DeploymentModel model;
        model.attach(&watcher);
        QVERIFY(waitLoaded(watcher));

        // 3,000 updates of random jobs in 300 transactions, with the wall clock's times, while
        // the watcher polls.
        f.onAnotherThread([&] {
            QRandomGenerator rng(11);
            const QStringList stages = allStageNames();
            QSqlDatabase db = f.temp.store()->db();
            for (int t = 0; t < 300; ++t) {
                WriteTransaction tx(db);
                for (int i = 0; i < 10; ++i) {
                    auto updated = exec(tx.db(), QStringLiteral("UPDATE jobs SET stage = ?, updated_at = ? WHERE id = ?"),
                                        {stages[int(rng.bounded(qsizetype(stages.size())))],
                                         QDateTime::currentMSecsSinceEpoch(), first + rng.bounded(2000)});
                    if (!updated.ok())
                        qFatal("update failed");
                }
                if (!tx.commit().ok())
                    qFatal("update failed");
            }
        });
        const auto mismatches = [&] {
            int n = 0;
            QSqlQuery q(f.temp.store()->db());
            q.exec(QStringLiteral("SELECT id, stage, updated_at FROM jobs"));
            while (q.next()) {
                const JobRow *row = model.job(q.value(0).toLongLong());
                if (!row || stageName(row->job.stage) != q.value(1).toString() || row->job.updatedAt != q.value(2).toLongLong())
                    ++n;
            }
            return n;
        };
        QTRY_COMPARE(mismatches(), 0);
    }

    void rowsStampedWithAnOldClockAreFoundByTheSweep()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        const qint64 first = f.insertJobs(alice, 10, Stage::Active);
        StoreWatcher watcher(f.temp.store());
        StoreWatcher::Options o = fastOptions();
        o.sweepIntervalMs = 100;
        watcher.setOptions(o);
        DeploymentModel model;
        model.attach(&watcher);
        QVERIFY(waitLoaded(watcher));

        // Another machine, its clock years behind: the row is older than any watermark window
        // and not live, so only the sweep can notice it.
        f.onAnotherThread([&] {
            f.sql(QStringLiteral("UPDATE jobs SET stage = 'stopped', updated_at = 1000 WHERE id = ?"), {first + 3});
        });
        QTRY_COMPARE(model.job(first + 3)->job.stage, Stage::Stopped);
        QCOMPARE(model.job(first + 3)->job.updatedAt, qint64(1000));
    }

    void lateModelsAskForEverything()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        f.insertJobs(alice, 30, Stage::Queued);
        StoreWatcher watcher(f.temp.store());
        watcher.setOptions(fastOptions());
        QVERIFY(waitLoaded(watcher));

        QueueModel late;
        late.attach(&watcher);
        UserModel lateUsers;
        lateUsers.attach(&watcher);
        watcher.requestJobs();
        watcher.requestUsers();
        QTRY_COMPARE(late.rowCount(), 30);
        QTRY_COMPARE(lateUsers.rowCount(), 1);
        QCOMPARE(lateUsers.rowAt(0).liveJobs, 30);
    }
};

QTEST_MAIN(TestStoreWatcher)
#include "tst_storewatcher.moc"
