// QueueModel: live jobs only, updated incrementally (dataChanged per contiguous run of changed
// rows, removals per run when jobs finish, appends for new jobs), never reset.

#include "ModelTestSupport.h"
#include "models/DisplayFormat.h"
#include "models/QueueModel.h"
#include "models/StageStyle.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestQueueModel : public QObject
{
    Q_OBJECT

    QList<JobRow> tenLive()
    {
        QList<JobRow> rows;
        for (qint64 id = 1; id <= 10; ++id)
            rows << made(id, Stage::Queued, id);
        return rows;
    }

private Q_SLOTS:
    void keepsOnlyLiveJobs()
    {
        QueueModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.applyJobs({made(1, Stage::Queued), made(2, Stage::Active), made(3, Stage::Deploying),
                         made(4, Stage::Failed), made(5, Stage::Cancelled), made(6, Stage::RollingBack)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOfJob(1), 0);
        QCOMPARE(model.rowOfJob(3), 1);
        QCOMPARE(model.rowOfJob(6), 2);
        QCOMPARE(model.rowOfJob(2), -1);
        QCOMPARE(model.columnCount(), int(QueueModel::ColumnCount));
    }

    void changedRowsEmitOneDataChangedPerRun()
    {
        QueueModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        QList<JobRow> rows = tenLive();
        model.applyJobs(rows);
        ModelSpies spies(&model);

        // Rows 2, 3, 4 and 7 change; row 5 is sent again unchanged.
        QList<JobRow> batch;
        for (int r : {3, 2, 7, 4}) {
            JobRow changed = rows[r];
            changed.job.stage = Stage::Converting;
            batch << refresh(changed);
        }
        batch << rows[5];
        model.applyJobs(batch);

        QCOMPARE(spies.changedRows(), (QStringList{QStringLiteral("2-4"), QStringLiteral("7-7")}));
        for (const auto &args : spies.dataChanged) {
            QCOMPARE(args[0].toModelIndex().column(), 0);
            QCOMPARE(args[1].toModelIndex().column(), QueueModel::ColumnCount - 1);
        }
        QCOMPARE(spies.rowsInserted.count(), 0);
        QCOMPARE(spies.rowsRemoved.count(), 0);
        QCOMPARE(spies.modelReset.count(), 0);
        QCOMPARE(model.index(3, QueueModel::StageColumn).data().toString(), StageStyle::of(Stage::Converting).badgeText());

        // The same rows again: nothing moved, nothing emitted.
        spies.clear();
        model.applyJobs(batch);
        QCOMPARE(spies.dataChanged.count(), 0);
    }

    void finishedJobsLeaveInRuns()
    {
        QueueModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        QList<JobRow> rows = tenLive();
        model.applyJobs(rows);
        ModelSpies spies(&model);

        QList<JobRow> batch;
        for (auto [r, stage] : {std::pair{3, Stage::Active}, {4, Stage::Failed}, {8, Stage::Cancelled}}) {
            JobRow done = rows[r];
            done.job.stage = stage;
            batch << refresh(done);
        }
        JobRow stillLive = rows[0];
        stillLive.job.attempt = 1;
        batch << refresh(stillLive);
        model.applyJobs(batch);

        QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("0-0")});
        // Bottom run first so earlier row numbers stay valid.
        QCOMPARE(ModelSpies::ranges(spies.rowsRemoved), (QStringList{QStringLiteral("8-8"), QStringLiteral("3-4")}));
        QCOMPARE(spies.modelReset.count(), 0);
        QCOMPARE(model.rowCount(), 7);
        for (qint64 id : {4, 5, 9})
            QCOMPARE(model.rowOfJob(id), -1);
        // The id → row index follows the shifted rows.
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.rowOfJob(model.rowAt(r).job.id), r);
        QCOMPARE(model.rowAt(3).job.id, qint64(6));
    }

    void newJobsAppendAtTheEndInOneInsert()
    {
        QueueModel model;
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.applyJobs(tenLive());
        ModelSpies spies(&model);
        model.applyJobs({made(11, Stage::Queued), made(12, Stage::Active), made(13, Stage::Queued),
                         made(11, Stage::Converting)}); // 11 twice: the later version wins
        QCOMPARE(ModelSpies::ranges(spies.rowsInserted), QStringList{QStringLiteral("10-11")});
        QCOMPARE(spies.dataChanged.count(), 0);
        QCOMPARE(model.rowAt(10).job.id, qint64(11));
        QCOMPARE(model.rowAt(10).job.stage, Stage::Converting);
        QCOMPARE(model.rowAt(11).job.id, qint64(13));
        QCOMPARE(spies.modelReset.count(), 0);
    }

    void displayFollowsTheUiConventions()
    {
        ManualClock clock;
        QueueModel model;
        model.setClock(&clock);
        JobRow row = jobRow(42, Stage::WaitingReady, 0, 7, QStringLiteral("carol"));
        row.job.tfcAmount = Tfc::fromUnits(1'234'567'891); // 123.4567891
        row.job.priority = Priority::High;
        row.job.attempt = 2;
        row.job.runAt = clock.nowMs() + 30'000;
        row.job.lastError = QStringLiteral("connection refused");
        model.applyJobs({refresh(row)});
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);

        const auto cell = [&model](int column, int role = Qt::DisplayRole) {
            return model.index(0, column).data(role);
        };
        QCOMPARE(cell(QueueModel::PriorityColumn).toString(), QStringLiteral("High"));
        QCOMPARE(cell(QueueModel::PriorityColumn, QueueModel::RawValueRole).toInt(), 2);
        QCOMPARE(cell(QueueModel::IdColumn).toString(), QStringLiteral("42"));
        QCOMPARE(cell(QueueModel::UserColumn).toString(), QStringLiteral("carol"));
        QCOMPARE(cell(QueueModel::ServiceColumn).toString(), vmSpec().summary());
        QCOMPARE(cell(QueueModel::TfcColumn).toString(), QStringLiteral("123.46"));
        QVERIFY(cell(QueueModel::TfcColumn, Qt::ToolTipRole).toString().startsWith(QStringLiteral("123.4567891 TFC")));
        QCOMPARE(cell(QueueModel::TfcColumn, QueueModel::RawValueRole).toLongLong(), 1'234'567'891LL);
        QCOMPARE(cell(QueueModel::TfcColumn, Qt::FontRole).value<QFont>(), display::monospaceFont());
        QCOMPARE(cell(QueueModel::IdColumn, Qt::FontRole).value<QFont>(), display::monospaceFont());
        QCOMPARE(cell(QueueModel::TfcColumn, Qt::TextAlignmentRole).toInt() & Qt::AlignRight, int(Qt::AlignRight));
        QVERIFY(!cell(QueueModel::UserColumn, Qt::FontRole).isValid());
        QCOMPARE(cell(QueueModel::StageColumn).toString(), QStringLiteral("\u25D4 Waiting ready"));
        QCOMPARE(cell(QueueModel::AttemptsColumn).toString(), QStringLiteral("2 / 3"));
        QCOMPARE(cell(QueueModel::NextAttemptColumn).toString(), QStringLiteral("in 30 s"));
        QCOMPARE(cell(QueueModel::NextAttemptColumn, QueueModel::RawValueRole).toLongLong(), row.job.runAt);
        QCOMPARE(cell(QueueModel::LastErrorColumn).toString(), QStringLiteral("connection refused"));

        // Roles on every column.
        QCOMPARE(cell(3, QueueModel::JobIdRole).toLongLong(), 42);
        QCOMPARE(cell(0, QueueModel::StageRole).toString(), QStringLiteral("waiting_ready"));
        QCOMPARE(cell(0, QueueModel::ColorRoleRole).toString(), QStringLiteral("accent"));
        QCOMPARE(cell(0, QueueModel::StageMarkRole).toString(), QStringLiteral("\u25D4"));
        QCOMPARE(cell(0, QueueModel::ProgressRole).toInt(), 65);
        QCOMPARE(cell(0, QueueModel::UserIdRole).toLongLong(), 7);
        QCOMPARE(cell(0, QueueModel::ServiceTypeRole).toString(), QStringLiteral("vm"));
        QCOMPARE(cell(0, QueueModel::JobRowRole).value<JobRow>().job.id, qint64(42));

        clock.advanceMs(31'000);
        QCOMPARE(cell(QueueModel::NextAttemptColumn).toString(), QStringLiteral("due"));
    }

    void progressFollowsTheStage()
    {
        QueueModel model;
        model.applyJobs({made(1, Stage::Queued), made(2, Stage::Converting), made(3, Stage::Deploying),
                         made(4, Stage::WaitingReady), made(5, Stage::Verifying)});
        QList<int> progress;
        for (int r = 0; r < model.rowCount(); ++r)
            progress << model.index(r, 0).data(QueueModel::ProgressRole).toInt();
        QCOMPARE(progress, (QList<int>{0, 25, 50, 65, 85}));
    }

    void stageStyleFollowsTheStateTable()
    {
        QCOMPARE(StageStyle::of(Stage::Queued).mark, QStringLiteral("\u25CB"));
        QCOMPARE(StageStyle::of(Stage::Queued).colorRole, ColorRole::Neutral);
        for (Stage s : {Stage::Converting, Stage::Deploying, Stage::WaitingReady, Stage::Verifying, Stage::RollingBack}) {
            QCOMPARE(StageStyle::of(s).mark, QStringLiteral("\u25D4"));
            QCOMPARE(StageStyle::of(s).colorRole, ColorRole::Accent);
            QVERIFY(StageStyle::of(s).animated);
        }
        QCOMPARE(StageStyle::of(Stage::Active).mark, QStringLiteral("\u25CF"));
        QCOMPARE(StageStyle::of(Stage::Active).colorRole, ColorRole::Success);
        QCOMPARE(StageStyle::of(Stage::Failed).mark, QStringLiteral("\u2715"));
        QCOMPARE(StageStyle::of(Stage::Failed).colorRole, ColorRole::Danger);
        for (Stage s : {Stage::Cancelled, Stage::Stopped}) {
            QCOMPARE(StageStyle::of(s).mark, QStringLiteral("\u25A0"));
            QCOMPARE(StageStyle::of(s).colorRole, ColorRole::Muted);
        }
        QCOMPARE(StageStyle::of(QStringLiteral("failed"))->badgeText(), QStringLiteral("\u2715 Failed"));
        QVERIFY(!StageStyle::of(QStringLiteral("bogus")));
        QCOMPARE(StageStyle::colorRoleFromName(QStringLiteral("success")), ColorRole::Success);

        // Readable on both themes: success differs from the base colour in light and dark palettes.
        QPalette light(Qt::black, Qt::white);
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        QPalette dark = light;
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Text, Qt::white);
        QVERIFY(!StageStyle::isDark(light));
        QVERIFY(StageStyle::isDark(dark));
        QVERIFY(StageStyle::color(ColorRole::Success, dark).lightness() > StageStyle::color(ColorRole::Success, light).lightness());
        QVERIFY(StageStyle::color(ColorRole::Neutral, light) != light.color(QPalette::Base));
    }
};

QTEST_MAIN(TestQueueModel)
#include "tst_queuemodel.moc"
