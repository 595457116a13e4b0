#pragma once
// What operators and users do to a job outside the pipeline's own steps, each audited with
// the actor on the job's timeline (events.actor):
//   cancel   a queued job: stage cancelled, full refund (JobQueue::cancel)
//   retry    a failed, cancelled or stopped job: a NEW job with a new hold, retry_of → the old
//   restart  an active deployment: POST /deployments/{id}/restart, then the job goes through
//            readiness and health again (queue/Restarts.h): active again, or flagged with
//            the reason; nothing charged, nothing refunded
//   stop     an active deployment: POST stop then cancel (the contract ends), stage stopped,
//            NO refund (support refunds are a separate, explicit act)
// restart and stop speak to the grid and block: call them on a worker thread
// (PipelineEngine runs them off the GUI thread).

#include "domain/Clock.h"
#include "domain/Result.h"
#include "grid/DeployerClient.h"
#include "ledger/Ledger.h"
#include "pipeline/EmbeddedGrid.h"
#include "pipeline/PipelineSettings.h"
#include "queue/JobQueue.h"
#include "store/Store.h"

#include <memory>

namespace griddeck {

class Operations
{
public:
    Operations(std::shared_ptr<Store> store, PipelineSettings settings, Endpoints endpoints,
               const Clock &clock = SystemClock::instance());

    Result<void> cancelJob(qint64 jobId, const QString &actor);
    // Returns the new job's id.
    Result<qint64> retryJob(qint64 jobId, const QString &actor);
    Result<void> restartDeployment(qint64 jobId, const QString &actor);
    Result<void> stopDeployment(qint64 jobId, const QString &actor);

private:
    std::shared_ptr<Store> m_store;
    PipelineSettings m_settings;
    const Clock &m_clock;
    Ledger m_ledger;
    JobQueue m_queue;
    DeployerClient m_deployer;
};

} // namespace griddeck
