#pragma once
// Restart checks (migration 7). A restart of an active deployment sends the job through
// readiness and health again: the job moves active → waiting_ready → verifying, and a
// `restarts` row in state "checking" says that this pass is a re-check of a service already
// paid for (its hold is captured). It ends "ok" (the job is active again) or "failed" (the job
// is active again, flagged: last_error holds the reason). A restart charges nothing and
// refunds nothing; a refund stays a separate support action (docs/pipeline.md, "Restart").

#include "domain/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace griddeck {

namespace restartstate {
inline const QString Checking = QStringLiteral("checking");
inline const QString Ok = QStringLiteral("ok");
inline const QString Failed = QStringLiteral("failed");
} // namespace restartstate

struct RestartCheck
{
    qint64 id = 0;
    qint64 jobId = 0;
    int n = 0; // 1 for the job's first restart
    QString actor;
    qint64 requestedAt = 0;
    QString state;
    QString reason;
    std::optional<qint64> finishedAt;
};

namespace restarts {

// The check in progress for the job, if any.
Result<std::optional<RestartCheck>> open(QSqlDatabase db, qint64 jobId);
// The job's newest restart, whatever its state.
Result<std::optional<RestartCheck>> latest(QSqlDatabase db, qint64 jobId);
// How many restarts the job had (the next one is count + 1).
Result<int> count(QSqlDatabase db, qint64 jobId);
// Inside the caller's transaction: an active job (no worker holds it) becomes waiting_ready,
// due now, with a "checking" row and a "restart" event naming `actor`. Conflict when the job
// is no longer active or a worker holds it.
Result<RestartCheck> begin(
    QSqlDatabase db, qint64 jobId, int n, const QString &actor, const QString &message, qint64 now);
// Ends a check (ok or failed, with the reason).
Result<void> finish(
    QSqlDatabase db, qint64 restartId, const QString &state, const QString &reason, qint64 now);

} // namespace restarts

} // namespace griddeck
