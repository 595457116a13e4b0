#include "queue/Restarts.h"

#include "domain/Stage.h"
#include "queue/JobQueue.h"
#include "store/Store.h"

#include <QSqlQuery>
#include <QVariant>

namespace griddeck::restarts {

namespace {

const char *const kColumns = "id, job_id, n, actor, requested_at, state, reason, finished_at";

RestartCheck readRow(const QSqlQuery &q)
{
    RestartCheck r;
    r.id = q.value(0).toLongLong();
    r.jobId = q.value(1).toLongLong();
    r.n = q.value(2).toInt();
    r.actor = q.value(3).toString();
    r.requestedAt = q.value(4).toLongLong();
    r.state = q.value(5).toString();
    r.reason = q.value(6).toString();
    if (!q.value(7).isNull())
        r.finishedAt = q.value(7).toLongLong();
    return r;
}

Result<std::optional<RestartCheck>> one(QSqlDatabase db, const QString &where, qint64 jobId)
{
    auto q = exec(db,
        QStringLiteral("SELECT %1 FROM restarts WHERE job_id = ?%2 ORDER BY n DESC LIMIT 1")
            .arg(QLatin1String(kColumns), where),
        { jobId });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<RestartCheck>();
    return std::optional<RestartCheck>(readRow(q.value()));
}

} // namespace

Result<std::optional<RestartCheck>> open(QSqlDatabase db, qint64 jobId)
{
    return one(db, QStringLiteral(" AND state = 'checking'"), jobId);
}

Result<std::optional<RestartCheck>> latest(QSqlDatabase db, qint64 jobId)
{
    return one(db, QString(), jobId);
}

Result<int> count(QSqlDatabase db, qint64 jobId)
{
    auto q = exec(db, QStringLiteral("SELECT COUNT(*) FROM restarts WHERE job_id = ?"), { jobId });
    if (!q.ok())
        return q.error();
    return q.value().next() ? q.value().value(0).toInt() : 0;
}

Result<RestartCheck> begin(
    QSqlDatabase db, qint64 jobId, int n, const QString &actor, const QString &message, qint64 now)
{
    {
        auto q = exec(db,
            QStringLiteral(
                "UPDATE jobs SET stage = ?, attempt = 0, run_at = ?, updated_at = ?, finished_at = NULL, "
                "last_error = NULL WHERE id = ? AND stage = ? "
                "AND (lease_owner IS NULL OR lease_expires_at <= ?)"),
            { stageName(Stage::WaitingReady), now, now, jobId, stageName(Stage::Active), now });
        if (!q.ok())
            return q.error();
        if (q.value().numRowsAffected() != 1)
            return Error::conflict(
                QStringLiteral("job %1 changed while it was being restarted; it is no longer active")
                    .arg(jobId));
    }
    RestartCheck r;
    r.jobId = jobId;
    r.n = n;
    r.actor = actor;
    r.requestedAt = now;
    r.state = restartstate::Checking;
    auto q = exec(db,
        QStringLiteral("INSERT INTO restarts(job_id, n, actor, requested_at, state) VALUES (?, ?, ?, ?, ?) "
                       "RETURNING id"),
        { jobId, n, actor, now, r.state });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return Error::storage(QStringLiteral("restart %1 of job %2 was not stored").arg(n).arg(jobId));
    r.id = q.value().value(0).toLongLong();
    if (auto e = JobQueue::addEventIn(
            db, jobId, now, Stage::WaitingReady, 0, QStringLiteral("restart"), message, actor);
        !e.ok())
        return e.error();
    return r;
}

Result<void> finish(
    QSqlDatabase db, qint64 restartId, const QString &state, const QString &reason, qint64 now)
{
    auto q = exec(db,
        QStringLiteral(
            "UPDATE restarts SET state = ?, reason = ?, finished_at = ? WHERE id = ? AND state = 'checking'"),
        { state, reason.isEmpty() ? QStringLiteral("") : reason, now, restartId }); // never NULL
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() != 1)
        return Error::conflict(QStringLiteral("restart check %1 already ended").arg(restartId));
    return {};
}

} // namespace griddeck::restarts
