#include "pipeline/Operations.h"

#include "pipeline/PipelineStore.h"
#include "pipeline/StageRunner.h"
#include "queue/Restarts.h"
#include "store/Access.h"

namespace griddeck {

namespace {

Result<void> needActor(const QString &actor, const QString &what)
{
    if (actor.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("%1 needs an actor (who did it); none was given").arg(what));
    return {};
}

} // namespace

Operations::Operations(std::shared_ptr<Store> store, PipelineSettings settings, Endpoints endpoints, const Clock &clock)
    : m_store(std::move(store))
    , m_settings(std::move(settings))
    , m_clock(clock)
    , m_ledger(m_store, clock)
    , m_queue(m_store, m_ledger, m_settings.queue, clock)
    , m_deployer(endpoints.deployer, HttpClient(m_settings.requestTimeoutMs))
{
}

Result<void> Operations::cancelJob(qint64 jobId, const QString &actor)
{
    return m_queue.cancel(jobId, actor);
}

Result<qint64> Operations::retryJob(qint64 jobId, const QString &actor)
{
    if (auto allowed
        = access::require(*m_store, access::Action::RetryJob, QStringLiteral("retry job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    if (auto a = needActor(actor, QStringLiteral("a retry")); !a.ok())
        return a.error();
    auto old = m_queue.job(jobId);
    if (!old.ok())
        return old.error();
    if (!old->specError.isEmpty())
        return Error::invalid(QStringLiteral("job %1 cannot be retried: its service spec cannot be read (%2)").arg(jobId).arg(old->specError));
    EnqueueRequest request;
    request.userId = old->userId;
    request.spec = old->spec;
    request.amount = old->tfcAmount;
    request.priority = old->priority;
    request.actor = actor;
    request.retryOf = jobId;
    auto id = m_queue.enqueue(request);
    if (!id.ok())
        return id.error();
    (void)m_queue.addEvent(jobId, QStringLiteral("note"), QStringLiteral("retried by %1 as job %2").arg(actor).arg(id.value()), actor);
    return id;
}

Result<void> Operations::restartDeployment(qint64 jobId, const QString &actor)
{
    if (auto allowed = access::require(*m_store, access::Action::RestartDeployment,
            QStringLiteral("restart the deployment of job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    if (auto a = needActor(actor, QStringLiteral("a restart")); !a.ok())
        return a.error();
    auto job = m_queue.job(jobId);
    if (!job.ok())
        return job.error();
    if (job->stage != Stage::Active)
        return Error::refused(QStringLiteral("job %1 is %2; only an active deployment can be restarted").arg(jobId).arg(stageName(job->stage)));
    auto row = pipelinestore::latestDeployment(m_store->db(), jobId);
    if (!row.ok())
        return row.error();
    if (!row.value() || row.value()->deploymentId.isEmpty())
        return Error::notFound(QStringLiteral("job %1 has no deployment on the grid").arg(jobId));
    auto events = m_queue.events(jobId);
    if (!events.ok())
        return events.error();
    int previous = 0; // one "restart" event per restart, before and after restart checks existed
    for (const JobEvent &e : events.value())
        previous += e.kind == QLatin1String("restart") ? 1 : 0;
    const QString key
        = StageRunner::actionKey(m_store->installationId(), jobId, QStringLiteral("restart"), previous + 1);
    auto info = m_deployer.restartBlocking(row.value()->deploymentId, key.toUtf8());
    if (!info.ok())
        return Error{info.error().kind, QStringLiteral("restarting deployment %1 of job %2 failed: %3")
                                            .arg(row.value()->deploymentId)
                                            .arg(jobId)
                                            .arg(info.error().message)};
    // The grid restarted it: the job goes through readiness and health again (StageRunner,
    // restart mode). Nothing is charged again; a failed check flags the job, refunds nothing.
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const QString message = QStringLiteral(
        "restarted by %1 (restart %2): deployment %3 is %4; checking readiness and health again")
                                .arg(actor)
                                .arg(previous + 1)
                                .arg(info->id, deploymentStateName(info->state));
    auto begun = restarts::begin(tx.db(), jobId, previous + 1, actor, message, m_clock.nowMs());
    if (!begun.ok())
        return begun.error();
    return tx.commit();
}

Result<void> Operations::stopDeployment(qint64 jobId, const QString &actor)
{
    if (auto allowed = access::require(*m_store, access::Action::StopDeployment,
            QStringLiteral("stop the deployment of job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    if (auto a = needActor(actor, QStringLiteral("a stop")); !a.ok())
        return a.error();
    auto job = m_queue.job(jobId);
    if (!job.ok())
        return job.error();
    if (job->stage != Stage::Active)
        return Error::refused(QStringLiteral("job %1 is %2; only an active deployment can be stopped").arg(jobId).arg(stageName(job->stage)));
    auto rows = pipelinestore::deployments(m_store->db(), jobId);
    if (!rows.ok())
        return rows.error();
    QStringList ended;
    QList<qint64> rowIds;
    for (const DeploymentRow &row : rows.value()) {
        if (!row.mayBeLive() || row.deploymentId.isEmpty())
            continue;
        // The workload first, then the contract: nothing of it stays on the grid.
        auto stopped = m_deployer.stopBlocking(row.deploymentId,
            StageRunner::actionKey(m_store->installationId(), jobId, QStringLiteral("stop"), row.attempt)
                .toUtf8());
        if (!stopped.ok() && !stopped.error().message.contains(QLatin1String("HTTP 404")))
            return Error { stopped.error().kind,
                QStringLiteral("stopping deployment %1 of job %2 failed: %3")
                    .arg(row.deploymentId)
                    .arg(jobId)
                    .arg(stopped.error().message) };
        auto cancelled = m_deployer.cancelBlocking(
            row.deploymentId, StageRunner::cancelKey(m_store->installationId(), jobId, row.attempt).toUtf8());
        if (!cancelled.ok())
            return Error{cancelled.error().kind, QStringLiteral("cancelling contract %1 of job %2 failed: %3")
                                                     .arg(row.contractId.value_or(0))
                                                     .arg(jobId)
                                                     .arg(cancelled.error().message)};
        ended << QStringLiteral("contract %1 on node %2").arg(row.contractId.value_or(0)).arg(row.nodeId);
        rowIds << row.id;
    }

    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const qint64 now = m_clock.nowMs();
    {
        auto q = exec(tx.db(),
                      QStringLiteral("UPDATE jobs SET stage = ?, updated_at = ?, finished_at = ? WHERE id = ? AND stage = ?"),
                      {stageName(Stage::Stopped), now, now, jobId, stageName(Stage::Active)});
        if (!q.ok())
            return q.error();
        if (q.value().numRowsAffected() != 1)
            return Error::conflict(QStringLiteral("job %1 changed while it was being stopped").arg(jobId));
    }
    for (qint64 rowId : rowIds)
        if (auto r = pipelinestore::markEnded(tx.db(), rowId, deploystate::Stopped, QStringLiteral("stopped by %1").arg(actor), now); !r.ok())
            return r.error();
    const QString message = QStringLiteral("stopped by %1; %2 cancelled; no refund (a refund is a separate support action)")
                                .arg(actor, ended.isEmpty() ? QStringLiteral("no contract was") : ended.join(QStringLiteral(", ")));
    if (auto e = JobQueue::addEventIn(tx.db(), jobId, now, Stage::Stopped, 0, QStringLiteral("transition"), message, actor); !e.ok())
        return e.error();
    return tx.commit();
}

} // namespace griddeck
