// UserModel: balances and job counts, changed rows repainted as runs, new users appended.

#include "ModelTestSupport.h"
#include "models/FilterProxies.h"
#include "models/StoreWatcher.h"
#include "models/UserModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {
UserRow user(qint64 id, const QString &name, qint64 available, int jobs = 0)
{
    UserRow u;
    u.userId = id;
    u.name = name;
    u.available = Tfc::fromWhole(available);
    u.jobs = jobs;
    u.createdAt = 1'767'225'600'000;
    return u;
}
} // namespace

class TestUserModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appliesUsersIncrementally()
    {
        UserModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        QList<UserRow> users;
        for (int i = 1; i <= 6; ++i)
            users << user(i, QStringLiteral("user%1").arg(i), 10 * i);
        model.applyUsers(users);
        QCOMPARE(model.rowCount(), 6);
        ModelSpies spies(&model);

        UserRow two = users[1];
        two.held = Tfc::fromWhole(3);
        UserRow three = users[2];
        three.jobs = 4;
        UserRow six = users[5];
        six.liveJobs = 1;
        model.applyUsers({users[0], six, three, two, user(7, QStringLiteral("zoe"), 0)});
        QCOMPARE(spies.changedRows(), (QStringList{QStringLiteral("1-2"), QStringLiteral("5-5")}));
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("6-6")});
        QCOMPARE(spies.modelReset.count(), 0);
        QCOMPARE(model.rowOfUser(7), 6);

        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(1, UserModel::HeldColumn).toString(), QStringLiteral("3.00"));
        QCOMPARE(cell(1, UserModel::HeldColumn, Qt::ToolTipRole).toString(), QStringLiteral("3.0000000 TFC"));
        QCOMPARE(cell(2, UserModel::JobsColumn).toString(), QStringLiteral("4"));
        QCOMPARE(cell(6, UserModel::AvailableColumn, UserModel::ColorRoleRole).toString(), QStringLiteral("muted"));
        QCOMPARE(cell(5, UserModel::AvailableColumn, UserModel::AvailableUnitsRole).toLongLong(), 600'000'000LL);
        QCOMPARE(cell(5, 0, UserModel::UserIdRole).toLongLong(), 6);

        // Sorting by available is numeric; search by name.
        SearchFilterProxy proxy;
        proxy.setSourceModel(&model);
        new QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.applyUsers({user(8, QStringLiteral("nine"), 9), user(9, QStringLiteral("hundred"), 100)});
        proxy.sort(UserModel::AvailableColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, UserModel::NameColumn).data().toString(), QStringLiteral("zoe"));
        QCOMPARE(proxy.index(1, UserModel::NameColumn).data().toString(), QStringLiteral("nine"));
        QCOMPARE(proxy.index(2, UserModel::NameColumn).data().toString(), QStringLiteral("user1"));
        QCOMPARE(proxy.index(proxy.rowCount() - 1, UserModel::NameColumn).data().toString(), QStringLiteral("hundred"));
        proxy.setSearchText(QStringLiteral("USER"));
        QCOMPARE(proxy.rowCount(), 6);
    }

    void countsAndBalancesFollowTheStore()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        f.addUser(QStringLiteral("bob"), 5);
        const qint64 job = f.enqueue(alice, 30);

        StoreWatcher watcher(f.temp.store());
        StoreWatcher::Options o;
        o.intervalMs = 20;
        watcher.setOptions(o);
        UserModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.attach(&watcher);
        QSignalSpy loaded(&watcher, &StoreWatcher::initialLoadFinished);
        watcher.start();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(model.rowCount(), 2);
        const int a = model.rowOfUser(alice);
        QCOMPARE(model.rowAt(a).available, Tfc::fromWhole(70));
        QCOMPARE(model.rowAt(a).held, Tfc::fromWhole(30));
        QCOMPARE(model.rowAt(a).jobs, 1);
        QCOMPARE(model.rowAt(a).liveJobs, 1);
        ModelSpies spies(&model);

        // Cancelled on another thread: the hold is released, the job is no longer live.
        bool ok = false;
        f.onAnotherThread([&] { ok = f.queue.cancel(job, QStringLiteral("ops")).ok(); });
        QVERIFY(ok);
        QTRY_COMPARE(model.rowAt(a).liveJobs, 0);
        QTRY_COMPARE(model.rowAt(a).available, Tfc::fromWhole(100));
        QCOMPARE(model.rowAt(a).held, Tfc());
        QCOMPARE(model.rowAt(a).jobs, 1);
        for (const QString &range : spies.changedRows())
            QCOMPARE(range, QStringLiteral("%1-%1").arg(a));
        QCOMPARE(spies.modelReset.count(), 0);
    }
};

QTEST_MAIN(TestUserModel)
#include "tst_usermodel.moc"
