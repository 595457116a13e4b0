// Two consoles on one store: a change committed through one Store object (another thread, its
// own connection) or by a griddeckctl process reaches the other console's watcher and models
// within a second, as an update of exactly the rows that changed. Runs on SQLite (the watcher
// asks data_version) and on PostgreSQL (it LISTENs for the store's change notifications).

#include "CtlProcess.h"
#include "ModelTestSupport.h"
#include "SharedConsole.h"
#include "models/QueueModel.h"
#include "models/StoreWatcher.h"
#include "models/UserModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

// Waits for `spy` (a model signal) and returns how long it took, -1 after a second.
qint64 latencyOf(QSignalSpy &spy, const QElapsedTimer &since)
{
    if (spy.isEmpty() && !spy.wait(1000))
        return -1;
    return since.elapsed();
}

} // namespace

class TestStoreWatcherShared : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void migrationEightAddsNotifyTriggersOnPostgresqlOnly()
    {
        TempStore temp;
        const bool postgresql = temp.store()->backend() == Backend::Postgresql;
        auto q = exec(temp.store()->db(),
            postgresql
                ? QStringLiteral("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%\\_notify' ORDER BY 1")
                : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                 "'%\\_notify' ESCAPE '\\' ORDER BY 1"));
        QVERIFY2(q.ok(), q.ok() ? "" : qPrintable(q.error().message));
        QStringList triggers;
        while (q.value().next())
            triggers << q.value().value(0).toString();
        const QStringList expected { QStringLiteral("accounts_notify"), QStringLiteral("events_notify"),
            QStringLiteral("job_deployments_notify"), QStringLiteral("jobs_notify"),
            QStringLiteral("ledger_transactions_notify"), QStringLiteral("users_notify") };
        QCOMPARE(triggers, postgresql ? expected : QStringList());
        auto version = exec(
            temp.store()->db(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations WHERE version = 8"));
        QVERIFY(version.ok() && version.value().next());
        QCOMPARE(version.value().value(0).toInt(), 1); // recorded on both
    }

    void anotherConsolesChangesArriveWithinASecond()
    {
        StoreFixture f; // console A: its ledger and queue
        const qint64 alice = f.addUser(QStringLiteral("alice"), 1000);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 1000);
        f.insertJobs(bob, 200, Stage::Queued);
        const qint64 target = f.enqueue(alice, 10, Priority::Critical); // claimed first

        StoreWatcher watcher(secondConsole(f.temp)); // console B
        QueueModel queue;
        UserModel users;
        new QAbstractItemModelTester(&queue, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        new QAbstractItemModelTester(&users, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        queue.attach(&watcher);
        users.attach(&watcher);
        QVERIFY(startAndLoad(watcher));
        QCOMPARE(queue.rowCount(), 201);
        QTRY_COMPARE(users.rowCount(), 2);
        ModelSpies spies(&queue);
        ModelSpies userSpies(&users);
        QList<qint64> latencies;

        // A enqueues: one row appears in B.
        QSignalSpy inserted(&queue, &QAbstractItemModel::rowsInserted);
        qint64 added = 0;
        f.onAnotherThread([&] { added = f.enqueue(alice, 5); });
        QElapsedTimer since;
        since.start();
        latencies << latencyOf(inserted, since);
        QVERIFY2(latencies.last() >= 0, "the new job did not reach the other console within a second");
        QTRY_VERIFY_WITH_TIMEOUT(queue.rowOfJob(added) >= 0, 1000);
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList { QStringLiteral("201-201") });

        // A advances the target a stage: only its row changes in B.
        spies.clear();
        const int row = queue.rowOfJob(target);
        QSignalSpy changed(&queue, &QAbstractItemModel::dataChanged);
        bool advanced = false;
        f.onAnotherThread([&] {
            auto claimed = f.queue.claim(QStringLiteral("worker"), 1);
            advanced = claimed.ok() && claimed.value().size() == 1 && claimed.value().first().id == target
                && f.queue
                       .advance(target, QStringLiteral("worker"), Stage::Queued, Stage::Converting,
                           QStringLiteral("quoted"), 0)
                       .ok();
        });
        QVERIFY(advanced);
        since.restart();
        latencies << latencyOf(changed, since);
        QVERIFY2(latencies.last() >= 0, "the stage change did not reach the other console within a second");
        QTRY_COMPARE_WITH_TIMEOUT(queue.rowAt(row).job.stage, Stage::Converting, 1000);
        for (const QString &range : spies.changedRows())
            QCOMPARE(range, QStringLiteral("%1-%1").arg(row));

        // A cancels the new job (its hold is refunded): it leaves B's queue and alice's balance
        // follows; bob's row is not touched.
        spies.clear();
        userSpies.clear();
        QSignalSpy removed(&queue, &QAbstractItemModel::rowsRemoved);
        bool cancelled = false;
        f.onAnotherThread([&] { cancelled = f.queue.cancel(added, QStringLiteral("ops")).ok(); });
        QVERIFY(cancelled);
        since.restart();
        latencies << latencyOf(removed, since);
        QVERIFY2(latencies.last() >= 0, "the cancellation did not reach the other console within a second");
        QTRY_COMPARE_WITH_TIMEOUT(users.rowAt(users.rowOfUser(alice)).available, Tfc::fromWhole(990), 1000);
        QCOMPARE(users.rowAt(users.rowOfUser(alice)).held, Tfc::fromWhole(10));
        for (const QString &range : userSpies.changedRows())
            QCOMPARE(range, QStringLiteral("%1-%1").arg(users.rowOfUser(alice)));

        QCOMPARE(spies.modelReset.count() + userSpies.modelReset.count(), 0);
        QCOMPARE(queue.rowCount(), 201);
        qInfo("%s: another console's change reached the model after %lld, %lld and %lld ms",
            qPrintable(dialect::backendName(f.temp.store()->backend())), latencies[0], latencies[1],
            latencies[2]);
    }

    void aGriddeckctlProcessIsSeen()
    {
        StoreFixture f;
        const qint64 carol = f.addUser(QStringLiteral("carol"), 100);
        f.insertJobs(carol, 50, Stage::Queued);
        StoreWatcher watcher(f.temp.store());
        QueueModel queue;
        UserModel users;
        new QAbstractItemModelTester(&queue, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        queue.attach(&watcher);
        users.attach(&watcher);
        QVERIFY(startAndLoad(watcher));
        QCOMPARE(queue.rowCount(), 50);
        ModelSpies spies(&queue);

        // Another process enqueues, then cancels.
        const QStringList base { QStringLiteral("--db"), f.temp.path() };
        const CtlOutput enqueued = runGriddeckctl(base
            + QStringList { QStringLiteral("enqueue"), QStringLiteral("--user"), QStringLiteral("carol"),
                QStringLiteral("--type"), QStringLiteral("vm"), QStringLiteral("--cpu"), QStringLiteral("1"),
                QStringLiteral("--memory-gb"), QStringLiteral("2"), QStringLiteral("--storage-gb"),
                QStringLiteral("10"), QStringLiteral("--os"), QStringLiteral("ubuntu"),
                QStringLiteral("--os-version"), QStringLiteral("22.04"), QStringLiteral("--tfc"),
                QStringLiteral("7"), QStringLiteral("--json") });
        QVERIFY2(enqueued.code == 0, enqueued.err.constData());
        const qint64 id = enqueued.json().value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(queue.rowOfJob(id) >= 0, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(users.rowAt(users.rowOfUser(carol)).held, Tfc::fromWhole(7), 1000);

        const CtlOutput cancelled = runGriddeckctl(
            base + QStringList { QStringLiteral("cancel"), QString::number(id), QStringLiteral("--json") });
        QVERIFY2(cancelled.code == 0, cancelled.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(queue.rowOfJob(id) < 0, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(users.rowAt(users.rowOfUser(carol)).held, Tfc::fromWhole(0), 1000);
        QCOMPARE(users.rowAt(users.rowOfUser(carol)).available, Tfc::fromWhole(100));
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList { QStringLiteral("50-50") });
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved), QStringList { QStringLiteral("50-50") });
        QCOMPARE(spies.modelReset.count(), 0);
    }
};

QTEST_MAIN(TestStoreWatcherShared)
#include "tst_storewatcher_shared.moc"
