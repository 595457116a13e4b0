#pragma once
// What the Overview pane shows, read in one go on a background thread (AppController::run):
// the key figures, outcomes per minute and queue depth over the last hour, the TFT price per
// source, and how many jobs are in each stage. Everything comes from the jobs, events and
// price_history tables; a stage's history is read from its "enqueued", "transition" and
// "cancelled" events (each names the stage the job entered).

#include "domain/Money.h"
#include "domain/Result.h"
#include "domain/Stage.h"

#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <optional>

namespace griddeck {

struct OverviewStats
{
    static constexpr int kMinutes = 60;

    qint64 nowMs = 0;
    qint64 startOfDayMs = 0;

    // Key figures.
    int queued = 0;         // jobs in stage queued
    int inProgress = 0;     // converting … verifying, rolling_back
    int activeToday = 0;    // jobs that became active since local midnight
    int failedToday = 0;    // jobs that failed since local midnight
    std::optional<int> successPercent;   // activeToday / (activeToday + failedToday), rounded
    std::optional<qint64> medianToActiveMs; // enqueue → active, over today's active jobs

    // Per minute over the last hour: bucket i covers [windowStartMs + i min, + 1 min).
    qint64 windowStartMs = 0;
    QVector<int> activePerMinute;
    QVector<int> failedPerMinute;
    QVector<int> endedPerMinute; // cancelled or stopped
    // Queue depth sampled at the end of each minute bucket (the last one at now).
    QVector<qint64> depthAtMs;
    QVector<int> depthQueued;
    QVector<int> depthInProgress;

    // TFT price per source over the last hour: (time, rate units) oldest first.
    QMap<QString, QList<std::pair<qint64, qint64>>> prices;

    // Every job by its current stage.
    QMap<Stage, int> stages;
    int totalJobs = 0;
};

// `nowMs` and `startOfDayMs` from the caller's clock (the local midnight before now).
Result<OverviewStats> loadOverviewStats(QSqlDatabase db, qint64 nowMs, qint64 startOfDayMs);

// The local midnight at or before `nowMs`.
qint64 startOfLocalDay(qint64 nowMs);

} // namespace griddeck
