#include "ui/panes/OverviewPane.h"

#include "config/Config.h"
#include "models/DisplayFormat.h"
#include "models/StageStyle.h"
#include "models/StoreWatcher.h"
#include "ui/AppController.h"
#include "ui/widgets/KpiCard.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QPointer>
#include <QStackedBarSeries>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

constexpr int kRefreshMs = 2000;

QColor mix(const QColor &a, const QColor &b, int percentOfB)
{
    const auto blend = [percentOfB](int x, int y) { return (x * (100 - percentOfB) + y * percentOfB) / 100; };
    return QColor(blend(a.red(), b.red()), blend(a.green(), b.green()), blend(a.blue(), b.blue()));
}

QColor roleColor(ColorRole role, const QPalette &palette)
{
    return StageStyle::color(role, palette);
}

// Distinct, calm hues for the price sources (not state colours), lighter on dark themes.
QColor sourceColor(const QString &source, const QPalette &palette)
{
    const bool dark = StageStyle::isDark(palette);
    if (source == u"dex")
        return palette.color(QPalette::Highlight);
    if (source == u"coingecko")
        return dark ? QColor(0xFF, 0xB7, 0x4D) : QColor(0xE6, 0x7E, 0x00);
    if (source == u"grid_stats")
        return dark ? QColor(0xBA, 0x8C, 0xF2) : QColor(0x7B, 0x3F, 0xC4);
    return roleColor(ColorRole::Neutral, palette);
}

QString sourceLabel(const QString &source)
{
    if (source == u"dex")
        return QObject::tr("DEX");
    if (source == u"coingecko")
        return QObject::tr("CoinGecko");
    if (source == u"grid_stats")
        return QObject::tr("TFChain");
    return source;
}

QChartView *chartView(const QString &title, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(6, 6, 6, 6));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(230);
    view->setAccessibleName(title);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

void styleAxis(QAbstractAxis *axis, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    axis->setLabelsColor(mix(text, base, 25));
    axis->setLinePenColor(mix(text, base, 60));
    axis->setGridLineColor(mix(text, base, 85));
    axis->setTitleBrush(text);
    QFont f = axis->labelsFont();
    f.setPointSizeF(QFont().pointSizeF() * 0.85);
    axis->setLabelsFont(f);
}

void styleChart(QChart *chart, const QPalette &palette)
{
    // The card look of the KPI cards: base colour, hairline border, no hard-coded white.
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid), 1));
    chart->setBackgroundRoundness(6);
    chart->setTitleBrush(palette.color(QPalette::Text));
    QFont title = QFont();
    title.setWeight(QFont::DemiBold);
    chart->setTitleFont(title);
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    for (QAbstractAxis *axis : chart->axes())
        styleAxis(axis, palette);
}

// Y axis from 0 with whole numbers, a little headroom over the largest value.
void setCountRange(QValueAxis *axis, int maxValue)
{
    int top = qMax(4, maxValue + (maxValue + 4) / 5);
    int step = 1;
    for (int candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
        step = candidate;
        if (top / candidate <= 5)
            break;
    }
    top = ((top + step - 1) / step) * step;
    axis->setRange(0, top);
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setTickCount(top / step + 1);
    axis->setLabelFormat(QStringLiteral("%d"));
}

} // namespace

OverviewPane::OverviewPane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
{
    setObjectName(QStringLiteral("OverviewPane"));
    setAccessibleName(tr("Overview"));

    auto *title = new QLabel(tr("<b>Overview</b>"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.2);
    title->setFont(tf);
    m_updated = new QLabel(this);
    m_updated->setForegroundRole(QPalette::PlaceholderText); // follows theme changes
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch();
    header->addWidget(m_updated);

    const struct
    {
        const char *key;
        QString title;
        ColorRole role;
    } cards[] = {
        {"queued", tr("Queued"), ColorRole::Neutral},
        {"in_progress", tr("In progress"), ColorRole::Accent},
        {"active_today", tr("Active today"), ColorRole::Success},
        {"failed_today", tr("Failed today"), ColorRole::Danger},
        {"success_rate", tr("Success rate"), ColorRole::Success},
        {"median_to_active", tr("Median time to active"), ColorRole::Neutral},
    };
    auto *cardRow = new QHBoxLayout;
    cardRow->setSpacing(10);
    for (const auto &c : cards) {
        auto *card = new KpiCard(c.title, c.role, this);
        m_cards.insert(QLatin1String(c.key), card);
        cardRow->addWidget(card);
    }

    m_outcomes = chartView(tr("Outcomes per minute · last hour"), this);
    m_depth = chartView(tr("Queue depth · last hour"), this);
    m_price = chartView(tr("TFT / USD per source"), this);
    m_stages = chartView(tr("Stage breakdown"), this);
    auto *grid = new QGridLayout;
    grid->setSpacing(10);
    grid->addWidget(m_outcomes, 0, 0);
    grid->addWidget(m_depth, 0, 1);
    grid->addWidget(m_price, 1, 0);
    grid->addWidget(m_stages, 1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addLayout(cardRow);
    layout->addLayout(grid, 1);

    // Outcomes: stacked bars per minute, by outcome.
    {
        QChart *chart = m_outcomes->chart();
        auto *series = new QStackedBarSeries(chart);
        series->setBarWidth(0.8);
        for (const QString &name : {tr("Active"), tr("Failed"), tr("Cancelled or stopped")}) {
            auto *set = new QBarSet(name, series);
            for (int i = 0; i < OverviewStats::kMinutes; ++i)
                set->append(0);
            series->append(set);
        }
        chart->addSeries(series);
        auto *x = new QCategoryAxis(chart);
        x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        x->setStartValue(-0.5);
        for (int minutesAgo = 50; minutesAgo >= 0; minutesAgo -= 10)
            x->append(minutesAgo == 0 ? tr("now") : tr("\u2212%1 min").arg(minutesAgo),
                      OverviewStats::kMinutes - 0.5 - minutesAgo);
        x->setRange(-0.5, OverviewStats::kMinutes - 0.5);
        x->setGridLineVisible(false);
        auto *y = new QValueAxis(chart);
        setCountRange(y, 0);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    // Queue depth: two lines.
    {
        QChart *chart = m_depth->chart();
        for (const QString &name : {tr("Queued"), tr("In progress")}) {
            auto *series = new QLineSeries(chart);
            series->setName(name);
            chart->addSeries(series);
        }
        auto *x = new QDateTimeAxis(chart);
        x->setFormat(QStringLiteral("HH:mm"));
        x->setTickCount(7);
        auto *y = new QValueAxis(chart);
        setCountRange(y, 0);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (QAbstractSeries *s : chart->series()) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
    }
    // Price: one line per source, created as sources appear.
    {
        QChart *chart = m_price->chart();
        auto *x = new QDateTimeAxis(chart);
        x->setFormat(QStringLiteral("HH:mm"));
        x->setTickCount(7);
        auto *y = new QValueAxis(chart);
        y->setLabelFormat(QStringLiteral("%.5f"));
        y->setTickCount(5);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        // One line per known source from the start (axes without a series draw no labels).
        for (const QString &source : Config::knownPriceSources()) {
            auto *line = new QLineSeries(chart);
            line->setObjectName(source);
            line->setName(sourceLabel(source));
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
    }
    // Stages: a donut.
    {
        QChart *chart = m_stages->chart();
        auto *pie = new QPieSeries(chart);
        pie->setHoleSize(0.5);
        pie->setPieSize(0.8);
        chart->addSeries(pie);
        chart->legend()->setAlignment(Qt::AlignRight);
        m_stagesEmpty = new QLabel(tr("No jobs yet \u2014 New deployment (Ctrl+N)"), m_stages);
        m_stagesEmpty->setAlignment(Qt::AlignCenter);
        m_stagesEmpty->setForegroundRole(QPalette::PlaceholderText);
        m_stagesEmpty->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_stages->installEventFilter(this);
    }
    styleCharts();

    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    m_timer->start();
    if (StoreWatcher *watcher = m_app.watcher())
        connect(watcher, &StoreWatcher::polled, this, [this](int changedJobs) {
            if (changedJobs > 0 && isVisible())
                refresh();
        });
    refresh();
}

bool OverviewPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_stages && event->type() == QEvent::Resize)
        m_stagesEmpty->setGeometry(m_stages->rect());
    return QWidget::eventFilter(watched, event);
}

void OverviewPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void OverviewPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        styleCharts();
        if (m_loaded)
            apply(m_stats);
    }
}

void OverviewPane::refresh()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    m_inFlight = true;
    QPointer<OverviewPane> self(this);
    AppController *app = &m_app;
    const qint64 now = m_app.clock().nowMs();
    m_app.run<OverviewStats>([app, now] { return loadOverviewStats(app->store()->db(), now, startOfLocalDay(now)); },
                             [self](Result<OverviewStats> stats) {
                                 if (!self)
                                     return;
                                 self->m_inFlight = false;
                                 if (stats.ok()) {
                                     self->apply(stats.value());
                                 } else {
                                     self->m_updated->setText(tr("Could not read the store: %1").arg(stats.error().message));
                                 }
                                 if (self->m_again) {
                                     self->m_again = false;
                                     self->refresh();
                                 }
                                 Q_EMIT self->refreshed();
                             });
}

void OverviewPane::apply(const OverviewStats &stats)
{
    m_stats = stats;
    m_loaded = true;
    updateCards();
    updateOutcomes();
    updateDepth();
    updatePrices();
    updateStages();
    m_updated->setText(tr("Updated %1").arg(QDateTime::fromMSecsSinceEpoch(stats.nowMs).toString(QStringLiteral("HH:mm:ss"))));
}

void OverviewPane::updateCards()
{
    const OverviewStats &s = m_stats;
    m_cards.value(QStringLiteral("queued"))->setValue(display::count(s.queued), tr("Jobs waiting in stage queued"));
    m_cards.value(QStringLiteral("queued"))->setDetail(tr("of %1 jobs").arg(display::count(s.totalJobs)));
    m_cards.value(QStringLiteral("in_progress"))->setValue(display::count(s.inProgress),
                                                           tr("Jobs converting, deploying, waiting, verifying or rolling back"));
    m_cards.value(QStringLiteral("in_progress"))->setDetail(tr("converting \u2192 verifying"));
    m_cards.value(QStringLiteral("active_today"))->setValue(display::count(s.activeToday), tr("Jobs that became active since midnight"));
    m_cards.value(QStringLiteral("active_today"))->setDetail(tr("since midnight"));
    m_cards.value(QStringLiteral("failed_today"))->setValue(display::count(s.failedToday), tr("Jobs that failed since midnight (credits released)"));
    m_cards.value(QStringLiteral("failed_today"))->setDetail(tr("credits released"));
    KpiCard *rate = m_cards.value(QStringLiteral("success_rate"));
    if (s.successPercent) {
        rate->setValue(tr("%1 %").arg(*s.successPercent), tr("Active ÷ (active + failed), today"));
        rate->setDetail(tr("of %1 finished today").arg(display::count(s.activeToday + s.failedToday)));
        rate->setColorRole(*s.successPercent >= 90 ? ColorRole::Success : *s.successPercent >= 70 ? ColorRole::Neutral : ColorRole::Danger);
    } else {
        rate->setValue(QStringLiteral("\u2014"), tr("No job finished today"));
        rate->setDetail(tr("nothing finished today"));
        rate->setColorRole(ColorRole::Neutral);
    }
    KpiCard *median = m_cards.value(QStringLiteral("median_to_active"));
    if (s.medianToActiveMs) {
        median->setValue(display::duration(*s.medianToActiveMs), tr("From purchase (enqueue) to service active, today's jobs"));
        median->setDetail(tr("purchase \u2192 active"));
    } else {
        median->setValue(QStringLiteral("\u2014"), tr("No job became active today"));
        median->setDetail(tr("no active job today"));
    }
}

void OverviewPane::updateOutcomes()
{
    QChart *chart = m_outcomes->chart();
    auto *series = static_cast<QStackedBarSeries *>(chart->series().first());
    const QList<QBarSet *> sets = series->barSets();
    const QVector<int> *data[] = {&m_stats.activePerMinute, &m_stats.failedPerMinute, &m_stats.endedPerMinute};
    const ColorRole roles[] = {ColorRole::Success, ColorRole::Danger, ColorRole::Muted};
    int peak = 0;
    int total = 0;
    for (int i = 0; i < OverviewStats::kMinutes; ++i) {
        int stacked = 0;
        for (int k = 0; k < 3; ++k)
            stacked += data[k]->value(i);
        peak = qMax(peak, stacked);
        total += stacked;
    }
    for (int k = 0; k < 3 && k < sets.size(); ++k) {
        for (int i = 0; i < OverviewStats::kMinutes; ++i)
            if (sets[k]->at(i) != data[k]->value(i))
                sets[k]->replace(i, data[k]->value(i));
        const QColor c = roleColor(roles[k], palette());
        sets[k]->setColor(c);
        sets[k]->setBorderColor(c);
    }
    setCountRange(static_cast<QValueAxis *>(chart->axes(Qt::Vertical).first()), peak);
    chart->setTitle(total == 0 ? tr("Outcomes per minute · last hour — none yet")
                               : tr("Outcomes per minute · last hour — %1 finished").arg(display::count(total)));
}

void OverviewPane::updateDepth()
{
    QChart *chart = m_depth->chart();
    const QList<QAbstractSeries *> series = chart->series();
    const QVector<int> *data[] = {&m_stats.depthQueued, &m_stats.depthInProgress};
    const ColorRole roles[] = {ColorRole::Neutral, ColorRole::Accent};
    int peak = 0;
    for (int k = 0; k < 2; ++k) {
        QList<QPointF> points;
        for (int i = 0; i < m_stats.depthAtMs.size(); ++i) {
            points.append(QPointF(qreal(m_stats.depthAtMs.at(i)), data[k]->value(i)));
            peak = qMax(peak, data[k]->value(i));
        }
        auto *line = static_cast<QLineSeries *>(series.at(k));
        line->replace(points);
        QPen pen(roleColor(roles[k], palette()), 2);
        line->setPen(pen);
    }
    auto *x = static_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).first());
    x->setRange(QDateTime::fromMSecsSinceEpoch(m_stats.windowStartMs), QDateTime::fromMSecsSinceEpoch(m_stats.nowMs));
    setCountRange(static_cast<QValueAxis *>(chart->axes(Qt::Vertical).first()), peak);
    chart->setTitle(tr("Queue depth · now %1 queued, %2 in progress").arg(m_stats.queued).arg(m_stats.inProgress));
}

void OverviewPane::updatePrices()
{
    QChart *chart = m_price->chart();
    QAbstractAxis *x = chart->axes(Qt::Horizontal).first();
    auto *y = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).first());
    QHash<QString, QLineSeries *> bySource;
    for (QAbstractSeries *s : chart->series())
        bySource.insert(s->objectName(), static_cast<QLineSeries *>(s));
    // Display only: a chart needs coordinates as qreal, so rates become doubles here and
    // nowhere else; every computation with them stays in fixed point.
    qreal low = 0;
    qreal high = 0;
    bool any = false;
    qint64 first = m_stats.nowMs;
    for (auto it = m_stats.prices.constBegin(); it != m_stats.prices.constEnd(); ++it) {
        QLineSeries *line = bySource.value(it.key());
        if (!line) {
            line = new QLineSeries(chart);
            line->setObjectName(it.key());
            line->setName(sourceLabel(it.key()));
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
            bySource.insert(it.key(), line);
        }
        QList<QPointF> points;
        for (const auto &[at, units] : it.value()) {
            first = qMin(first, at);
            const qreal rate = qreal(units) / qreal(fixed::kRateScale);
            points.append(QPointF(qreal(at), rate));
            low = any ? qMin(low, rate) : rate;
            high = any ? qMax(high, rate) : rate;
            any = true;
        }
        line->replace(points);
        line->setPen(QPen(sourceColor(it.key(), palette()), 2));
        line->setPointsVisible(points.size() < 30);
    }
    for (auto it = bySource.constBegin(); it != bySource.constEnd(); ++it) {
        if (!m_stats.prices.contains(it.key()))
            it.value()->clear();
        // A source without readings keeps its line but not a legend entry that promises one.
        for (QLegendMarker *marker : chart->legend()->markers(it.value()))
            marker->setVisible(it.value()->count() > 0);
    }
    // The last hour, or less when the readings are younger (at least ten minutes), so a fresh
    // start does not squeeze every point against the right edge.
    const qint64 hourAgo = m_stats.nowMs - OverviewStats::kMinutes * 60'000;
    const qint64 start = qMax(hourAgo, qMin(first, m_stats.nowMs - 10 * 60'000));
    static_cast<QDateTimeAxis *>(x)->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(m_stats.nowMs));
    if (any) {
        const qreal pad = qMax((high - low) * 0.15, high * 0.01);
        y->setRange(low - pad, high + pad);
        chart->setTitle(start > hourAgo ? tr("TFT / USD per source · since %1").arg(QDateTime::fromMSecsSinceEpoch(start).toString(QStringLiteral("HH:mm")))
                                        : tr("TFT / USD per source · last hour"));
    } else {
        y->setRange(0, 0.02);
        chart->setTitle(tr("TFT / USD per source — no readings in the last hour"));
    }
}

void OverviewPane::updateStages()
{
    QChart *chart = m_stages->chart();
    auto *pie = static_cast<QPieSeries *>(chart->series().first());
    pie->clear();
    const QColor base = palette().color(QPalette::Base);
    int accentIndex = 0;
    int mutedIndex = 0;
    for (auto it = m_stats.stages.constBegin(); it != m_stats.stages.constEnd(); ++it) {
        if (it.value() == 0)
            continue;
        const StageStyle style = StageStyle::of(it.key());
        auto *slice = pie->append(QStringLiteral("%1 %2").arg(style.badgeText()).arg(display::count(it.value())), it.value());
        // Stages sharing a colour role get steps of lightness, so adjacent slices stay apart.
        QColor color = roleColor(style.colorRole, palette());
        if (style.colorRole == ColorRole::Accent)
            color = mix(color, base, 18 * (accentIndex++));
        else if (style.colorRole == ColorRole::Muted)
            color = mix(color, base, 25 * (mutedIndex++));
        slice->setColor(color);
        slice->setBorderColor(base);
        slice->setBorderWidth(1);
        slice->setLabelVisible(false);
    }
    m_stagesEmpty->setVisible(m_stats.totalJobs == 0);
    chart->setTitle(m_stats.totalJobs == 0 ? tr("Stage breakdown — no jobs yet")
                                           : tr("Stage breakdown · %1 jobs").arg(display::count(m_stats.totalJobs)));
    for (QLegendMarker *marker : chart->legend()->markers(pie))
        marker->setLabelBrush(palette().color(QPalette::Text));
}

void OverviewPane::styleCharts()
{
    for (QChartView *view : {m_outcomes, m_depth, m_price, m_stages}) {
        if (!view)
            continue;
        styleChart(view->chart(), palette());
        view->setBackgroundBrush(palette().color(QPalette::Window));
    }

}

} // namespace griddeck::ui
