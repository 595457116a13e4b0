#pragma once
// Overview (UI.md): a row of key figures — queued, in progress, active today, failed today,
// success rate, median time to active — then a 2×2 grid of charts: outcomes per minute over
// the last hour, queue depth, the TFT/USD price per source, and the stage breakdown. Data are
// read with AppController::run() off the GUI thread, every 2 s while shown and whenever the
// store watcher sees jobs change. Colours follow the state table (StageStyle) and the palette,
// so the charts read in light and dark themes alike.

#include "models/OverviewStats.h"

#include <QHash>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QTimer;

namespace griddeck::ui {

class AppController;
class KpiCard;

class OverviewPane : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPane(AppController &app, QWidget *parent = nullptr);

    // "queued", "in_progress", "active_today", "failed_today", "success_rate", "median_to_active".
    KpiCard *card(const QString &key) const { return m_cards.value(key); }
    const OverviewStats &stats() const { return m_stats; }
    bool hasStats() const { return m_loaded; }
    QChartView *outcomesView() const { return m_outcomes; }
    QChartView *depthView() const { return m_depth; }
    QChartView *priceView() const { return m_price; }
    QChartView *stagesView() const { return m_stages; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void apply(const OverviewStats &stats);
    void updateCards();
    void updateOutcomes();
    void updateDepth();
    void updatePrices();
    void updateStages();
    void styleCharts();

    AppController &m_app;
    QHash<QString, KpiCard *> m_cards;
    QChartView *m_outcomes = nullptr;
    QChartView *m_depth = nullptr;
    QChartView *m_price = nullptr;
    QChartView *m_stages = nullptr;
    QLabel *m_updated = nullptr;
    QLabel *m_stagesEmpty = nullptr;
    QTimer *m_timer = nullptr;
    OverviewStats m_stats;
    bool m_loaded = false;
    bool m_inFlight = false;
    bool m_again = false; // a refresh was asked while one ran
};

} // namespace griddeck::ui
