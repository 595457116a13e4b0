// LedgerModel: append-only rows in a scope (global, one user, one job), signed amounts with a
// colour role, the oldest dropped past the limit; LedgerFilterProxy filters and sorts by raw
// value; through the watcher a per-user model loads only that user's rows.

#include "ModelTestSupport.h"
#include "models/DisplayFormat.h"
#include "models/FilterProxies.h"
#include "models/LedgerModel.h"
#include "models/StoreWatcher.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {

LedgerRow entry(qint64 id, const QString &kind, qint64 user, std::optional<qint64> job, qint64 wholeAmount,
                qint64 availableWhole, qint64 heldWhole = 0)
{
    LedgerRow r;
    r.entry.transactionId = id;
    r.entry.kind = kind;
    r.entry.userId = user;
    r.entry.jobId = job;
    r.entry.amount = Tfc::fromWhole(wholeAmount);
    r.entry.availableDelta = Tfc::fromWhole(availableWhole);
    r.entry.actor = QStringLiteral("system");
    r.entry.reason = kind == QLatin1String("refund") ? QStringLiteral("node outage") : QString();
    r.entry.idempotencyKey = QStringLiteral("key-%1").arg(id);
    r.entry.createdAt = 1'767'225'600'000 + id * 1000;
    r.heldDelta = Tfc::fromWhole(heldWhole);
    r.userName = user == 1 ? QStringLiteral("alice") : QStringLiteral("bob");
    return r;
}

QList<LedgerRow> history()
{
    return {
        entry(1, QStringLiteral("top_up"), 1, std::nullopt, 100, 100),
        entry(2, QStringLiteral("top_up"), 2, std::nullopt, 50, 50),
        entry(3, QStringLiteral("hold"), 1, 7, 10, -10, 10),
        entry(4, QStringLiteral("capture"), 1, 7, 10, 0, -10),
        entry(5, QStringLiteral("hold"), 2, 8, 9, -9, 9),
        entry(6, QStringLiteral("release"), 2, 8, 9, 9, -9),
        entry(7, QStringLiteral("refund"), 1, 7, 4, 4),
    };
}

} // namespace

class TestLedgerModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsSignedAmountsWithColourRoles()
    {
        ManualClock clock(1'767'225'600'000 + 10'000);
        LedgerModel model;
        model.setClock(&clock);
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.setEntries(history());
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.columnCount(), int(LedgerModel::ColumnCount));
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(0, LedgerModel::KindColumn).toString(), QStringLiteral("Top-up"));
        QCOMPARE(cell(0, LedgerModel::AmountColumn).toString(), QStringLiteral("+100.00"));
        QCOMPARE(cell(0, LedgerModel::AmountColumn, LedgerModel::ColorRoleRole).toString(), QStringLiteral("success"));
        QCOMPARE(cell(2, LedgerModel::AmountColumn).toString(), QStringLiteral("\u221210.00"));
        QCOMPARE(cell(2, LedgerModel::AmountColumn, LedgerModel::ColorRoleRole).toString(), QStringLiteral("danger"));
        // A capture leaves available alone: the held credits spent show, negative.
        QCOMPARE(cell(3, LedgerModel::AmountColumn).toString(), QStringLiteral("\u221210.00"));
        QCOMPARE(cell(3, LedgerModel::AmountColumn, LedgerModel::DeltaUnitsRole).toLongLong(), -100'000'000LL);
        QVERIFY(cell(3, LedgerModel::AmountColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("10.0000000 TFC")));
        QCOMPARE(cell(3, LedgerModel::AmountColumn, Qt::FontRole).value<QFont>(), display::monospaceFont());
        QCOMPARE(cell(3, LedgerModel::AmountColumn, Qt::TextAlignmentRole).toInt() & Qt::AlignRight, int(Qt::AlignRight));
        QVERIFY(cell(3, LedgerModel::AmountColumn, Qt::ForegroundRole).isValid());
        QCOMPARE(cell(6, LedgerModel::ReasonColumn).toString(), QStringLiteral("node outage"));
        QCOMPARE(cell(6, LedgerModel::JobColumn).toString(), QStringLiteral("7"));
        QCOMPARE(cell(0, LedgerModel::JobColumn).toString(), QString());
        QCOMPARE(cell(6, 0, LedgerModel::JobIdRole).toLongLong(), 7);
        QCOMPARE(cell(6, 0, LedgerModel::KindRole).toString(), QStringLiteral("refund"));
        QCOMPARE(cell(6, LedgerModel::UserColumn).toString(), QStringLiteral("alice"));
        QCOMPARE(cell(6, LedgerModel::TimeColumn).toString(), QStringLiteral("just now"));
        QCOMPARE(cell(0, LedgerModel::TimeColumn).toString(), QStringLiteral("9 s ago"));
        QCOMPARE(cell(0, LedgerModel::TimeColumn, Qt::ToolTipRole).toString(), display::exactTime(history()[0].entry.createdAt));
    }

    void appendsOnlyNewRowsInScopeAndTrims()
    {
        LedgerModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.setScope(LedgerScope{1, 0, 3}); // alice, at most 3 rows
        QVERIFY(!model.isLoading());         // no watcher: rows come from setEntries
        ModelSpies spies(&model);
        model.setEntries(history());
        // alice has 1, 3, 4, 7; the oldest goes past the limit.
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowAt(0).entry.transactionId, qint64(3));
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("0-3")});
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved), QStringList{QStringLiteral("0-0")});

        spies.clear();
        model.appendEntries({entry(7, QStringLiteral("refund"), 1, 7, 4, 4),       // already held
                             entry(8, QStringLiteral("top_up"), 2, std::nullopt, 5, 5), // bob's
                             entry(9, QStringLiteral("top_up"), 1, std::nullopt, 1, 1)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowAt(2).entry.transactionId, qint64(9));
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("3-3")});
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved), QStringList{QStringLiteral("0-0")});
        QCOMPARE(spies.dataChanged.count(), 0);
        QCOMPARE(spies.modelReset.count(), 0);

        // One job's entries.
        model.setScope(LedgerScope{0, 8, 100});
        model.setEntries(history());
        QCOMPARE(model.rowCount(), 2);
    }

    void aRowCommittedLateGoesInItsPlaceOnce()
    {
        // A shared store's transaction can commit after one with a higher id was shown.
        const QList<LedgerRow> all = history();
        LedgerModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.setScope(LedgerScope { 0, 0, 5 });
        model.setEntries({ all[0], all[1], all[3], all[4] }); // 3 not committed yet
        ModelSpies spies(&model);
        model.appendEntries({ all[2], all[3] }); // 3 arrives; 4 again
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList { QStringLiteral("2-2") });
        QList<qint64> ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids << model.rowAt(row).entry.transactionId;
        QCOMPARE(ids, (QList<qint64> { 1, 2, 3, 4, 5 }));
        QCOMPARE(model.index(2, LedgerModel::KindColumn).data().toString(), QStringLiteral("Hold"));

        // Once only; and one older than everything a full model keeps stays out.
        spies.clear();
        model.appendEntries({ all[2] });
        QCOMPARE(spies.rowsInserted.count(), 0);
        model.setScope(LedgerScope { 0, 0, 2 });
        model.setEntries({ all[5], all[6] });
        spies.clear();
        model.appendEntries({ all[0] });
        QCOMPARE(spies.rowsInserted.count() + spies.rowsRemoved.count(), 0);
        QCOMPARE(model.rowCount(), 2);
    }

    void proxyFiltersAndSortsNumerically()
    {
        LedgerModel model;
        model.setEntries({entry(1, QStringLiteral("top_up"), 1, std::nullopt, 9, 9),
                          entry(2, QStringLiteral("top_up"), 1, std::nullopt, 10, 10),
                          entry(3, QStringLiteral("top_up"), 2, std::nullopt, 100, 100),
                          entry(4, QStringLiteral("hold"), 2, 5, 3, -3, 3)});
        LedgerFilterProxy proxy;
        proxy.setSourceModel(&model);
        new QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        proxy.sort(LedgerModel::AmountColumn, Qt::AscendingOrder);
        QStringList amounts;
        for (int r = 0; r < proxy.rowCount(); ++r)
            amounts << proxy.index(r, LedgerModel::AmountColumn).data().toString();
        QCOMPARE(amounts, (QStringList{QStringLiteral("\u22123.00"), QStringLiteral("+9.00"), QStringLiteral("+10.00"),
                                       QStringLiteral("+100.00")}));

        proxy.setKindFilter({QStringLiteral("top_up")});
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setUserFilter({2});
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setKindFilter({});
        proxy.setJobFilter({5});
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setJobFilter({});
        proxy.setUserFilter({});
        proxy.setSearchText(QStringLiteral("BOB"));
        QCOMPARE(proxy.rowCount(), 2);
    }

    void perUserScopeLoadsOnlyThatUserThroughTheWatcher()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 50);
        f.enqueue(alice, 10);
        f.enqueue(bob, 5);

        StoreWatcher watcher(f.temp.store());
        StoreWatcher::Options o;
        o.intervalMs = 20;
        watcher.setOptions(o);
        LedgerModel bobs;
        new QAbstractItemModelTester(&bobs, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        bobs.setScope(LedgerScope{bob, 0, 100});
        bobs.attach(&watcher);
        QSignalSpy loaded(&bobs, &LedgerModel::loaded);
        watcher.start();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(bobs.rowCount(), 2);
        for (int r = 0; r < bobs.rowCount(); ++r)
            QCOMPARE(bobs.rowAt(r).entry.userId, bob);
        QCOMPARE(bobs.rowAt(0).entry.kind, QStringLiteral("top_up"));
        QCOMPARE(bobs.rowAt(1).entry.kind, QStringLiteral("hold"));
        QCOMPARE(bobs.rowAt(1).heldDelta, Tfc::fromWhole(5));

        // Writes on another thread: alice's are ignored, bob's appended.
        bool ok = false;
        f.onAnotherThread([&] {
            ok = f.ledger.topUp(alice, Tfc::fromWhole(1), QStringLiteral("topup:a"), QStringLiteral("ops"), QStringLiteral("x")).ok()
                && f.ledger.topUp(bob, Tfc::fromWhole(2), QStringLiteral("topup:b"), QStringLiteral("ops"), QStringLiteral("y")).ok();
        });
        QVERIFY(ok);
        QTRY_COMPARE(bobs.rowCount(), 3);
        QCOMPARE(bobs.index(2, LedgerModel::AmountColumn).data().toString(), QStringLiteral("+2.00"));
        QCOMPARE(bobs.index(2, LedgerModel::ReasonColumn).data().toString(), QStringLiteral("y"));

        // Switching to alice loads hers.
        bobs.setScope(LedgerScope{alice, 0, 100});
        QVERIFY(bobs.isLoading());
        QVERIFY(loaded.wait(5000));
        QCOMPARE(bobs.rowCount(), 3);
        QCOMPARE(bobs.rowAt(2).entry.reason, QStringLiteral("x"));
    }
};

QTEST_MAIN(TestLedgerModel)
#include "tst_ledgermodel.moc"
