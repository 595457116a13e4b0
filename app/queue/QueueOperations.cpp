#include "queue/QueueOperations.h"

#include "queue/Job.h"
#include "queue/JobQueue.h"
#include "store/Access.h"

#include <QVariant>

namespace griddeck::queueops {

Result<void> makeDueNow(
    const Store &store, qint64 jobId, const QString &actor, const QString &note, const Clock &clock)
{
    if (auto allowed
        = access::require(store, access::Action::RetryNow, QStringLiteral("retry job %1 now").arg(jobId));
        !allowed.ok())
        return allowed.error();
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const qint64 now = clock.nowMs();
    Stage stage = Stage::Queued;
    int attempt = 0;
    {
        // Scoped: SQLite will not commit while a RETURNING statement is still open.
        auto q = exec(tx.db(),
            QStringLiteral("UPDATE jobs SET run_at = ?, updated_at = ? WHERE id = ? AND stage NOT IN (%1) "
                           "AND (lease_owner IS NULL OR lease_expires_at <= ?) RETURNING stage, attempt")
                .arg(terminalStagesSql()),
            { now, now, jobId, now });
        if (!q.ok())
            return q.error();
        if (!q.value().next())
            return Error::refused(QStringLiteral(
                "Job %1 cannot be retried now: it has finished or a worker is running its step.")
                                      .arg(jobId));
        stage = stageFromName(q.value().value(0).toString()).value_or(Stage::Queued);
        attempt = q.value().value(1).toInt();
        q.value().finish();
    }
    if (auto event
        = JobQueue::addEventIn(tx.db(), jobId, now, stage, attempt, QStringLiteral("note"), note, actor);
        !event.ok())
        return event.error();
    return tx.commit();
}

} // namespace griddeck::queueops
