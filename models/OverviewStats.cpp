#include "models/OverviewStats.h"

#include "store/Store.h"

#include <QDateTime>

#include <algorithm>

namespace griddeck {

namespace {

constexpr qint64 kMinuteMs = 60'000;

bool isInProgress(Stage s)
{
    return s == Stage::Converting || s == Stage::Deploying || s == Stage::WaitingReady || s == Stage::Verifying
           || s == Stage::RollingBack;
}

Result<void> loadKeyFigures(QSqlDatabase db, OverviewStats &out)
{
    auto stages = exec(db, QStringLiteral("SELECT stage, COUNT(*) FROM jobs GROUP BY stage"));
    if (!stages.ok())
        return stages.error();
    while (stages.value().next()) {
        const auto stage = stageFromName(stages.value().value(0).toString());
        const int count = stages.value().value(1).toInt();
        out.totalJobs += count;
        if (!stage)
            continue;
        out.stages[*stage] += count;
        if (*stage == Stage::Queued)
            out.queued += count;
        else if (isInProgress(*stage))
            out.inProgress += count;
    }

    // Today's outcomes from the transitions (a job active this morning and stopped since
    // still counts as having become active today).
    auto outcomes = exec(db,
                         QStringLiteral("SELECT e.stage, e.job_id, MIN(e.at), j.created_at FROM events e "
                                        "JOIN jobs j ON j.id = e.job_id WHERE e.kind = 'transition' "
                                        "AND e.stage IN ('active', 'failed') AND e.at >= ? GROUP BY e.stage, e.job_id"),
                         {out.startOfDayMs});
    if (!outcomes.ok())
        return outcomes.error();
    QList<qint64> toActive;
    while (outcomes.value().next()) {
        const QString stage = outcomes.value().value(0).toString();
        if (stage == u"active") {
            ++out.activeToday;
            toActive.append(qMax<qint64>(0, outcomes.value().value(2).toLongLong() - outcomes.value().value(3).toLongLong()));
        } else {
            ++out.failedToday;
        }
    }
    if (out.activeToday + out.failedToday > 0)
        out.successPercent = (out.activeToday * 100 * 2 + (out.activeToday + out.failedToday)) / (2 * (out.activeToday + out.failedToday));
    if (!toActive.isEmpty()) {
        std::sort(toActive.begin(), toActive.end());
        const qsizetype n = toActive.size();
        out.medianToActiveMs = n % 2 ? toActive.at(n / 2) : (toActive.at(n / 2 - 1) + toActive.at(n / 2)) / 2;
    }
    return {};
}

Result<void> loadOutcomes(QSqlDatabase db, OverviewStats &out)
{
    auto q = exec(db,
                  QStringLiteral("SELECT at, kind, stage FROM events WHERE at >= ? AND at <= ? AND ("
                                 "(kind = 'transition' AND stage IN ('active', 'failed', 'stopped', 'cancelled')) "
                                 "OR kind = 'cancelled')"),
                  {out.windowStartMs, out.nowMs});
    if (!q.ok())
        return q.error();
    while (q.value().next()) {
        const int bucket = int((q.value().value(0).toLongLong() - out.windowStartMs) / kMinuteMs);
        if (bucket < 0 || bucket >= OverviewStats::kMinutes)
            continue;
        const QString stage = q.value().value(2).toString();
        if (stage == u"active")
            ++out.activePerMinute[bucket];
        else if (stage == u"failed")
            ++out.failedPerMinute[bucket];
        else
            ++out.endedPerMinute[bucket];
    }
    return {};
}

Result<void> loadDepth(QSqlDatabase db, OverviewStats &out)
{
    // Replays the stage changes of every job that may have been live during the window and
    // samples the counts at the end of each minute.
    auto q = exec(db,
                  QStringLiteral("SELECT e.job_id, e.at, e.stage FROM events e JOIN jobs j ON j.id = e.job_id "
                                 "WHERE (j.finished_at IS NULL OR j.finished_at >= ?) AND e.at <= ? "
                                 "AND e.kind IN ('enqueued', 'transition', 'cancelled') ORDER BY e.at, e.id"),
                  {out.windowStartMs, out.nowMs});
    if (!q.ok())
        return q.error();
    QHash<qint64, Stage> current;
    int queued = 0;
    int inProgress = 0;
    int sample = 0;
    const auto takeSamplesBefore = [&](qint64 at) {
        while (sample < out.depthAtMs.size() && out.depthAtMs.at(sample) < at) {
            out.depthQueued[sample] = queued;
            out.depthInProgress[sample] = inProgress;
            ++sample;
        }
    };
    while (q.value().next()) {
        const qint64 job = q.value().value(0).toLongLong();
        const qint64 at = q.value().value(1).toLongLong();
        const auto stage = stageFromName(q.value().value(2).toString());
        if (!stage)
            continue;
        takeSamplesBefore(at);
        if (auto it = current.find(job); it != current.end()) {
            queued -= *it == Stage::Queued;
            inProgress -= isInProgress(*it);
        }
        current[job] = *stage;
        queued += *stage == Stage::Queued;
        inProgress += isInProgress(*stage);
    }
    takeSamplesBefore(std::numeric_limits<qint64>::max());
    return {};
}

Result<void> loadPrices(QSqlDatabase db, OverviewStats &out)
{
    auto q = exec(db,
                  QStringLiteral("SELECT at, source, rate FROM price_history WHERE at >= ? AND rate IS NOT NULL "
                                 "AND rate > 0 ORDER BY at, id LIMIT 20000"),
                  {out.nowMs - OverviewStats::kMinutes * kMinuteMs});
    if (!q.ok())
        return q.error();
    while (q.value().next())
        out.prices[q.value().value(1).toString()].append({q.value().value(0).toLongLong(), q.value().value(2).toLongLong()});
    return {};
}

} // namespace

qint64 startOfLocalDay(qint64 nowMs)
{
    return QDateTime::fromMSecsSinceEpoch(nowMs).date().startOfDay().toMSecsSinceEpoch();
}

Result<OverviewStats> loadOverviewStats(QSqlDatabase db, qint64 nowMs, qint64 startOfDayMs)
{
    OverviewStats out;
    out.nowMs = nowMs;
    out.startOfDayMs = startOfDayMs;
    out.windowStartMs = (nowMs / kMinuteMs) * kMinuteMs - (OverviewStats::kMinutes - 1) * kMinuteMs;
    out.activePerMinute.fill(0, OverviewStats::kMinutes);
    out.failedPerMinute.fill(0, OverviewStats::kMinutes);
    out.endedPerMinute.fill(0, OverviewStats::kMinutes);
    for (int i = 0; i < OverviewStats::kMinutes; ++i)
        out.depthAtMs.append(qMin(nowMs, out.windowStartMs + (i + 1) * kMinuteMs - 1));
    out.depthQueued.fill(0, OverviewStats::kMinutes);
    out.depthInProgress.fill(0, OverviewStats::kMinutes);

    // One read transaction, so the figures agree with each other.
    if (!beginRead(db))
        return Error::storage(QStringLiteral("could not start a read transaction for the overview"));
    Result<void> loaded = loadKeyFigures(db, out);
    if (loaded.ok())
        loaded = loadOutcomes(db, out);
    if (loaded.ok())
        loaded = loadDepth(db, out);
    if (loaded.ok())
        loaded = loadPrices(db, out);
    endRead(db);
    if (!loaded.ok())
        return loaded.error();
    return out;
}

} // namespace griddeck
