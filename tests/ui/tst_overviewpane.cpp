// The Overview pane: its key figures match the store (queued, in progress, active and failed
// today, success rate, median time to active), the charts carry the same counts (outcomes this
// minute, queue depth now, jobs per stage) and the price chart draws one line per source.

#include "UiFixture.h"

#include "pipeline/PipelineStore.h"
#include "ui/panes/OverviewPane.h"
#include "ui/widgets/KpiCard.h"

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QPieSeries>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestOverviewPane : public QObject
{
    Q_OBJECT

private:
    test::UiFixture f;

    int countJobs(const QString &where)
    {
        auto q = exec(f.app->store()->db(), QStringLiteral("SELECT COUNT(*) FROM jobs WHERE ") + where);
        if (!q.ok() || !q.value().next())
            return -1;
        return q.value().value(0).toInt();
    }

    static void refreshAndWait(OverviewPane &pane)
    {
        QSignalSpy refreshed(&pane, &OverviewPane::refreshed);
        pane.refresh();
        QVERIFY(refreshed.wait(5000));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(f.open());
    }

    void cleanup()
    {
        f.close();
    }

    void keyFiguresMatchTheStore()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "500");
        QList<qint64> jobs;
        for (int i = 0; i < 7; ++i)
            jobs << f.enqueue(alice, "10");
        f.finish(jobs[0], Stage::Active);
        f.finish(jobs[1], Stage::Active);
        f.finish(jobs[2], Stage::Active);
        f.finish(jobs[3], Stage::Failed);
        f.finish(jobs[4], Stage::Converting); // in progress
        QVERIFY(f.app->queue().cancel(jobs[5], QStringLiteral("test")).ok());
        // jobs[6] stays queued.

        OverviewPane pane(*f.app);
        pane.resize(1400, 900);
        pane.show();
        refreshAndWait(pane);
        QTRY_VERIFY(pane.hasStats());

        QCOMPARE(pane.card(QStringLiteral("queued"))->value(), QString::number(countJobs(QStringLiteral("stage = 'queued'"))));
        QCOMPARE(pane.card(QStringLiteral("queued"))->value(), QStringLiteral("1"));
        QCOMPARE(pane.card(QStringLiteral("in_progress"))->value(), QStringLiteral("1"));
        QCOMPARE(pane.card(QStringLiteral("active_today"))->value(), QString::number(countJobs(QStringLiteral("stage = 'active'"))));
        QCOMPARE(pane.card(QStringLiteral("active_today"))->value(), QStringLiteral("3"));
        QCOMPARE(pane.card(QStringLiteral("failed_today"))->value(), QStringLiteral("1"));
        QCOMPARE(pane.card(QStringLiteral("success_rate"))->value(), QStringLiteral("75 %"));
        QVERIFY(pane.card(QStringLiteral("success_rate"))->detail().contains(QStringLiteral("4")));
        QVERIFY(pane.card(QStringLiteral("median_to_active"))->value() != QStringLiteral("\u2014"));

        // Outcomes this minute: 3 active, 1 failed, 1 cancelled (bars stacked in the last bucket,
        // or the one before if the minute turned meanwhile).
        auto *bars = static_cast<QStackedBarSeries *>(pane.outcomesView()->chart()->series().first());
        const QList<QBarSet *> sets = bars->barSets();
        QCOMPARE(sets.size(), 3);
        const auto total = [](QBarSet *set) {
            qreal sum = 0;
            for (int i = 0; i < set->count(); ++i)
                sum += set->at(i);
            return int(sum);
        };
        QCOMPARE(total(sets[0]), 3);
        QCOMPARE(total(sets[1]), 1);
        QCOMPARE(total(sets[2]), 1);

        // Queue depth now: 1 queued, 1 in progress.
        const auto depth = pane.depthView()->chart()->series();
        QCOMPARE(static_cast<QLineSeries *>(depth[0])->points().last().y(), 1.0);
        QCOMPARE(static_cast<QLineSeries *>(depth[1])->points().last().y(), 1.0);

        // Stage breakdown: a slice per stage present, values summing to every job.
        auto *pie = static_cast<QPieSeries *>(pane.stagesView()->chart()->series().first());
        QCOMPARE(pie->count(), 5); // queued, converting, active, failed, cancelled
        QCOMPARE(int(pie->sum()), 7);
        test::UiFixture::screenshot(&pane, QStringLiteral("overview"));
        {
            // Readable on a dark theme too (colours come from the palette).
            QPalette dark;
            dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
            dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
            dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
            dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
            dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
            dark.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
            dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd8));
            pane.setPalette(dark);
            test::UiFixture::screenshot(&pane, QStringLiteral("overview-dark"));
            pane.setPalette(QPalette());
        }

        // The figures follow the store.
        f.finish(jobs[6], Stage::Active);
        refreshAndWait(pane);
        QTRY_COMPARE(pane.card(QStringLiteral("active_today"))->value(), QStringLiteral("4"));
        QCOMPARE(pane.card(QStringLiteral("queued"))->value(), QStringLiteral("0"));
        QCOMPARE(pane.card(QStringLiteral("success_rate"))->value(), QStringLiteral("80 %"));
    }

    void emptyStoreShowsDashes()
    {
        OverviewPane pane(*f.app);
        refreshAndWait(pane);
        QTRY_VERIFY(pane.hasStats());
        QCOMPARE(pane.card(QStringLiteral("queued"))->value(), QStringLiteral("0"));
        QCOMPARE(pane.card(QStringLiteral("success_rate"))->value(), QStringLiteral("\u2014"));
        QCOMPARE(pane.card(QStringLiteral("median_to_active"))->value(), QStringLiteral("\u2014"));
        QVERIFY(pane.stagesView()->chart()->title().contains(QStringLiteral("no jobs yet")));
    }

    void priceChartHasALinePerSource()
    {
        const qint64 now = f.app->clock().nowMs();
        for (int i = 0; i < 5; ++i) {
            std::vector<SourceOutcome> sources(3);
            sources[0].source = QStringLiteral("dex");
            sources[0].rate = TftPrice::fromUnits(10'000'000'000 + i * 10'000'000);
            sources[1].source = QStringLiteral("coingecko");
            sources[1].rate = TftPrice::fromUnits(10'100'000'000);
            sources[2].source = QStringLiteral("grid_stats");
            sources[2].error = QStringLiteral("down");
            QVERIFY(pipelinestore::addPriceHistory(f.app->store()->db(), sources, now - (5 - i) * 60'000).ok());
        }
        OverviewPane pane(*f.app);
        pane.resize(1400, 900);
        pane.show();
        refreshAndWait(pane);
        QTRY_VERIFY(pane.hasStats());
        QCOMPARE(pane.stats().prices.size(), 2); // a source that only failed draws nothing
        int lines = 0;
        for (QAbstractSeries *s : pane.priceView()->chart()->series())
            lines += static_cast<QLineSeries *>(s)->count() == 5;
        QCOMPARE(lines, 2);
        test::UiFixture::screenshot(&pane, QStringLiteral("overview-prices"));
    }
};

QTEST_MAIN(TestOverviewPane)
#include "tst_overviewpane.moc"
