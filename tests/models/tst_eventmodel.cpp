// EventModel: one job's timeline or the recent events of all jobs (capped, oldest dropped),
// appended as they happen; EventFilterProxy filters by kind and stage.

#include "ModelTestSupport.h"
#include "models/DisplayFormat.h"
#include "models/EventModel.h"
#include "models/FilterProxies.h"
#include "models/StoreWatcher.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

namespace {
EventRow makeEvent(qint64 id, qint64 job, Stage stage, const QString &kind, const QString &message, int attempt = 0)
{
    EventRow r;
    r.event.id = id;
    r.event.jobId = job;
    r.event.at = 1'767'225'600'000 + id * 1000;
    r.event.stage = stage;
    r.event.attempt = attempt;
    r.event.kind = kind;
    r.event.message = message;
    r.event.actor = QStringLiteral("system");
    return r;
}
} // namespace

class TestEventModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsTimelineColumnsAndRoles()
    {
        ManualClock clock(1'767'225'600'000 + 125'000);
        EventModel model;
        model.setClock(&clock);
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.setEvents({makeEvent(1, 9, Stage::Queued, QStringLiteral("enqueued"), QStringLiteral("queued vm")),
                         makeEvent(2, 9, Stage::Deploying, QStringLiteral("retry"), QStringLiteral("timeout"), 2),
                         makeEvent(3, 9, Stage::Failed, QStringLiteral("transition"), QStringLiteral("no node left"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(EventModel::ColumnCount));
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(0, EventModel::TimeColumn).toString(), QStringLiteral("2 min ago"));
        QCOMPARE(cell(0, EventModel::TimeColumn, Qt::ToolTipRole).toString(), display::exactTime(1'767'225'601'000));
        QCOMPARE(cell(0, EventModel::TimeColumn, EventModel::RawValueRole).toLongLong(), 1'767'225'601'000LL);
        QCOMPARE(cell(1, EventModel::StageColumn).toString(), QStringLiteral("\u25D4 Deploying"));
        QCOMPARE(cell(1, EventModel::AttemptColumn).toString(), QStringLiteral("2"));
        QCOMPARE(cell(1, EventModel::KindColumn).toString(), QStringLiteral("retry"));
        QCOMPARE(cell(2, EventModel::MessageColumn).toString(), QStringLiteral("no node left"));
        QCOMPARE(cell(2, EventModel::ActorColumn).toString(), QStringLiteral("system"));
        QCOMPARE(cell(2, 0, EventModel::StageRole).toString(), QStringLiteral("failed"));
        QCOMPARE(cell(2, 0, EventModel::ColorRoleRole).toString(), QStringLiteral("danger"));
        QCOMPARE(cell(2, 0, EventModel::StageMarkRole).toString(), QStringLiteral("\u2715"));
        QCOMPARE(cell(2, 0, EventModel::JobIdRole).toLongLong(), 9);
        QCOMPARE(cell(2, 0, EventModel::EventIdRole).toLongLong(), 3);
        QVERIFY(cell(2, EventModel::StageColumn, Qt::ForegroundRole).isValid());
    }

    void appendsNewEventsOfItsJobAndCapsTheGlobalList()
    {
        EventModel one;
        new QAbstractItemModelTester(&one, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        one.setJobId(9);
        one.setEvents({makeEvent(1, 9, Stage::Queued, QStringLiteral("enqueued"), QString()),
                       makeEvent(2, 8, Stage::Queued, QStringLiteral("enqueued"), QString())});
        QCOMPARE(one.rowCount(), 1);
        ModelSpies spies(&one);
        one.appendEvents({makeEvent(2, 8, Stage::Queued, QStringLiteral("enqueued"), QString()),
                          makeEvent(3, 9, Stage::Converting, QStringLiteral("transition"), QString()),
                          makeEvent(1, 9, Stage::Queued, QStringLiteral("enqueued"), QString())}); // old: ignored
        QCOMPARE(one.rowCount(), 2);
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("1-1")});
        QCOMPARE(spies.dataChanged.count() + spies.rowsRemoved.count() + spies.modelReset.count(), 0);

        EventModel recent;
        new QAbstractItemModelTester(&recent, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        recent.setMaxRows(3);
        QList<EventRow> five;
        for (qint64 id = 1; id <= 5; ++id)
            five << makeEvent(id, id, Stage::Queued, QStringLiteral("enqueued"), QString());
        recent.setEvents(five);
        QCOMPARE(recent.rowCount(), 3);
        QCOMPARE(recent.rowAt(0).event.id, qint64(3));
        ModelSpies recentSpies(&recent);
        recent.appendEvents({makeEvent(6, 1, Stage::Converting, QStringLiteral("transition"), QString())});
        QCOMPARE(ModelSpies::ranges(recentSpies.rowsInserted), QStringList{QStringLiteral("3-3")});
        QCOMPARE(ModelSpies::ranges(recentSpies.rowsRemoved), QStringList{QStringLiteral("0-0")});
        QCOMPARE(recent.rowAt(2).event.id, qint64(6));

        EventFilterProxy proxy;
        proxy.setSourceModel(&recent);
        new QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        proxy.setKindFilter({QStringLiteral("transition")});
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setKindFilter({});
        proxy.setStageFilter({Stage::Queued});
        QCOMPARE(proxy.rowCount(), 2);
        proxy.sort(EventModel::JobColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, EventModel::JobColumn).data().toString(), QStringLiteral("5"));
    }

    void followsOneJobThroughTheWatcher()
    {
        StoreFixture f;
        const qint64 alice = f.addUser(QStringLiteral("alice"));
        const qint64 mine = f.enqueue(alice);
        const qint64 other = f.enqueue(alice);
        StoreWatcher watcher(f.temp.store());
        StoreWatcher::Options o;
        o.intervalMs = 20;
        watcher.setOptions(o);
        EventModel timeline;
        new QAbstractItemModelTester(&timeline, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        timeline.setJobId(mine);
        timeline.attach(&watcher);
        QSignalSpy loaded(&timeline, &EventModel::loaded);
        watcher.start();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(timeline.rowCount(), 1);
        QCOMPARE(timeline.rowAt(0).event.kind, QStringLiteral("enqueued"));

        bool ok = false;
        f.onAnotherThread([&] {
            ok = f.queue.addEvent(other, QStringLiteral("note"), QStringLiteral("not mine")).ok()
                && f.queue.addEvent(mine, QStringLiteral("note"), QStringLiteral("operator looked")).ok()
                && f.advance(mine, Stage::Queued, Stage::Converting, QStringLiteral("quoted")).ok();
        });
        QVERIFY(ok);
        QTRY_COMPARE(timeline.rowCount(), 3);
        QCOMPARE(timeline.rowAt(1).event.message, QStringLiteral("operator looked"));
        QCOMPARE(timeline.rowAt(2).event.kind, QStringLiteral("transition"));
        QCOMPARE(timeline.rowAt(2).event.stage, Stage::Converting);

        // Another job: its own history, loaded through the watcher.
        timeline.setJobId(other);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(timeline.rowCount(), 2);
        QCOMPARE(timeline.rowAt(1).event.message, QStringLiteral("not mine"));
    }
};

QTEST_MAIN(TestEventModel)
#include "tst_eventmodel.moc"
