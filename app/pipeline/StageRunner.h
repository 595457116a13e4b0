#pragma once
// One function per pipeline stage (DESIGN.md, "Pipeline stages"). The dispatcher starts
// step() for a job it has claimed; the step does one short piece of work (a few HTTP
// calls at most), then moves the job on (JobQueue::advance, with the stage's money movement,
// rows and outbox entries in the same transaction) or re-schedules it (readiness polling,
// retry delays). It never sleeps.
//
// Steps are coroutines (domain/Task.h): a request goes out on the runner's NetworkThread and the
// step continues on the worker pool when the reply is in, so a step waiting for the grid holds
// no worker. Nothing thread-bound (a QSqlDatabase, a WriteTransaction) lives across a co_await.
//
// Idempotency keys, so a step re-run after a crash repeats nothing:
//   conversion  "job-<id>-convert" (after the wallet refused a price: "job-<id>-convert-<n>")
//   deployment  "job-<id>-deploy-<attempt>", written on the job_deployments row BEFORE the POST
//   cancel      "job-<id>-cancel-<attempt>"
//   money       the ledger's "job:<id>:capture" / "job:<id>:release"
//   outbox      "job-<id>:<event>:<channel>"
//
// Errors: transient (connection refused, timeout, 5xx, 429, malformed reply) retry the same
// stage after retry_delay_seconds × 2^n (capped, with jitter) up to the job's max_retries;
// anything else, or a transient error after the retries, rolls back and refunds. A node that
// fails the job (deploy error, not ready, unhealthy, refuses the contract) is excluded and
// the next attempt goes to another node, up to max_retries + 1 nodes.
//
// Restart checks (queue/Restarts.h): waiting_ready and verifying also re-check a restarted
// service. Then readiness is timed from the restart, no other node is tried, nothing is
// captured, and any failure (after the transient retries) ends the check as "failed": the job
// is active again with the reason in last_error, its contract kept.

#include "domain/Clock.h"
#include "domain/Result.h"
#include "domain/Stage.h"
#include "domain/Task.h"
#include "grid/DeployerClient.h"
#include "grid/GridProxyClient.h"
#include "grid/HttpClient.h"
#include "grid/NetworkThread.h"
#include "grid/UptimeClient.h"
#include "ledger/Ledger.h"
#include "pipeline/EmbeddedGrid.h"
#include "pipeline/PipelineSettings.h"
#include "pipeline/PipelineStore.h"
#include "pipeline/NodeListCache.h"
#include "pipeline/PlacementTally.h"
#include "pipeline/ReadinessEstimate.h"
#include "queue/JobQueue.h"
#include "queue/Restarts.h"
#include "store/Store.h"

#include <QString>
#include <memory>

namespace griddeck {

// What the steps tell the outside (PipelineEngine turns these into queued signals). Called on
// worker threads; implementations must be thread-safe.
class StepReporter
{
public:
    virtual ~StepReporter() = default;
    virtual void stageChanged(qint64 jobId, Stage stage) { Q_UNUSED(jobId) Q_UNUSED(stage) }
    virtual void quoteTaken(qint64 jobId, const Quote &quote) { Q_UNUSED(jobId) Q_UNUSED(quote) }
    virtual void priceSource(const QString &source, bool ok, const QString &rateOrError)
    {
        Q_UNUSED(source) Q_UNUSED(ok) Q_UNUSED(rateOrError)
    }
    virtual void gridReached(bool ok, const QString &message) { Q_UNUSED(ok) Q_UNUSED(message) }
    virtual void becameActive(qint64 jobId) { Q_UNUSED(jobId) }
    virtual void failed(qint64 jobId, const QString &reason) { Q_UNUSED(jobId) Q_UNUSED(reason) }
    // A restart check ended: active again (ok) or flagged with `message`.
    virtual void restartChecked(qint64 jobId, bool ok, const QString &message)
    {
        Q_UNUSED(jobId)
        Q_UNUSED(ok)
        Q_UNUSED(message)
    }
    virtual void outboxWritten() {}
};

class StageRunner
{
public:
    StageRunner(std::shared_ptr<Store> store, PipelineSettings settings, Endpoints endpoints,
                const Clock &clock = SystemClock::instance(), StepReporter *reporter = nullptr);

    // The step of the job's stage. `job` is the claimed row and `owner` holds its lease. Its
    // result is the stage the job is in afterwards. Start it with startTask() under an Executor
    // that resumes it on the worker pool (Dispatcher).
    Task<Result<Stage>> step(Job job, QString owner);
    // The same step run to its end on the calling thread (a local event loop resumes it there):
    // for tests and one-shot callers on a thread of their own. Not on the main thread.
    Result<Stage> runStep(const Job &job, const QString &owner);
    // Where the steps' requests go out (one per runner).
    NetworkThread &network() const { return *m_network; }

    const PipelineSettings &settings() const { return m_settings; }
    const Endpoints &endpoints() const { return m_endpoints; }
    JobQueue &queue() { return m_queue; }
    Ledger &ledger() { return m_ledger; }
    const DeployerClient &deployer() const { return m_deployer; }
    const HttpClient &http() const { return m_http; }
    const ReadinessEstimate &readiness() const { return m_readiness; }

    // Idempotency keys and deployment names carry the installation id (Store::installationId):
    // "gd-<installation>-job-<id>-deploy-<attempt>", so two installations, or a store that
    // was reset, never reuse a key at the gateway or the wallet.
    static QString deployKey(const QString &installation, qint64 jobId, int attempt);
    static QString cancelKey(const QString &installation, qint64 jobId, int attempt);
    static QString convertKey(const QString &installation, qint64 jobId, int conversionAttempt);
    static QString actionKey(const QString &installation, qint64 jobId, const QString &action, int n);
    // "gd" + the installation's first 6 hex digits + "j" + the job id in base 36: letters and
    // digits only, at most 15 characters (the grid client's name rule, NameLength = 15).
    static QString deploymentName(const QString &installation, qint64 jobId);
    // "gd<6 hex>j": every deployment name of this installation starts with it.
    static QString deploymentNamePrefix(const QString &installation);
    QString deployKey(qint64 jobId, int attempt) const { return deployKey(m_installation, jobId, attempt); }
    QString cancelKey(qint64 jobId, int attempt) const { return cancelKey(m_installation, jobId, attempt); }
    QString convertKey(qint64 jobId, int conversionAttempt) const
    {
        return convertKey(m_installation, jobId, conversionAttempt);
    }
    // "ssh root@IP": IPv4 when there is one, else IPv6, else the mycelium address.
    static QString sshCommand(const QString &ip, const QString &ipv6, const QString &mycelium);

private:
    struct Step
    {
        Job job;
        QString owner; // the lease handle "owner#token"
        QString actor; // the owner alone, for the timeline and the ledger
        // Set in waiting_ready / verifying when this pass re-checks a restarted, paid service.
        std::optional<RestartCheck> restart;
    };

    Task<Result<Stage>> stepQueued(const Step &s);
    Task<Result<Stage>> stepConverting(const Step &s);
    Task<Result<Stage>> stepDeploying(const Step &s);
    Task<Result<Stage>> stepWaitingReady(const Step &s);
    Task<Result<Stage>> stepVerifying(const Step &s);
    Task<Result<Stage>> stepRollingBack(const Step &s);

    // Asks every price source at once and applies the oracle's rules. Price history is written
    // here, or handed to the caller in `history` (on success) for its own transaction.
    Task<Result<Quote>> fetchQuote(qint64 jobId, std::vector<SourceOutcome> *history = nullptr);
    Result<QuoteRecord> planFor(const Job &job, const Quote &quote, int conversionAttempt);
    // The node(s) for the next attempt, or a Refused error naming why none fits.
    struct Placement
    {
        DeploymentRow row;
        quint64 hold = 0; // in m_placements
    };
    Task<Result<Placement>> chooseNodes(const Step &s, const QList<DeploymentRow> &rows);
    // POST /deployments/{type} for `row` (the same body every time for the same row).
    Task<Result<DeploymentInfo>> createFor(const Job &job, const DeploymentRow &row);
    // POST cancel for a row's contract, only after confirming the lease; "does not exist" is
    // success.
    Task<Result<void>> cancelContract(const Step &s, const DeploymentRow &row);
    // Ends an attempt that may hold a contract: a row never answered is asked again with its
    // key (the reply tells whether a contract exists), then the contract is cancelled and the
    // row marked `state`. Only an answer that says so counts as "no contract".
    Task<Result<QString>> endAttempt(const Step &s, DeploymentRow row, QString state, QString message);

    // The classification of DESIGN.md: retry the stage or roll back.
    Result<Stage> failStep(const Step &s, const Error &error, const QString &what);
    Result<Stage> rollBack(const Step &s, const QString &reason);
    // A restart check that did not pass: back to active, flagged with the reason (last_error);
    // the contract is kept, nothing is charged or refunded.
    Result<Stage> restartFailed(const Step &s, const QString &reason);
    // The restarted service is ready and healthy: active again (verifying's last step).
    Result<Stage> restartPassed(const Step &s, const DeploymentRow &row);
    // The node failed this attempt: cancel its contract, mark the row, next node or rollback.
    Task<Result<Stage>> nodeFailed(const Step &s, DeploymentRow row, QString message);
    Result<Stage> advance(const Step &s, Stage to, const QString &message,
                          const JobQueue::TransactionStep &inTransaction = {});
    Result<Stage> reschedule(const Step &s, qint64 delayMs, const QString &message);
    int maxNodeAttempts(const Job &job) const { return job.maxRetries + 1; }

    std::shared_ptr<Store> m_store;
    QString m_installation;
    PipelineSettings m_settings;
    Endpoints m_endpoints;
    const Clock &m_clock;
    StepReporter *m_reporter;
    StepReporter m_silent;
    Ledger m_ledger;
    JobQueue m_queue;
    HttpClient m_http;
    GridProxyClient m_proxy;
    DeployerClient m_deployer;
    UptimeClient m_uptime;
    ReadinessEstimate m_readiness; // how long the last deployments took to be ready
    NodeListCache m_nodeLists;     // node pages reused for a moment (nodeListReuseMs)
    PlacementTally m_placements;   // choices the listings do not show yet
    std::unique_ptr<NetworkThread> m_network;
};

} // namespace griddeck
