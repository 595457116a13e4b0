#pragma once
// The persistent priority queue (DESIGN.md, "Threads"). Jobs live in the jobs table; a worker
// claims due steps by taking a lease (lease_owner, lease_expires_at) in one BEGIN IMMEDIATE
// transaction, so two workers — or two consoles on one store — never run a step at once, and a
// crashed worker's step becomes claimable again when its lease runs out.
//
// Claim order: priority (critical > high > normal > low), then FIFO by id. A job is due when
// it is live (not active/failed/cancelled/stopped), run_at <= now and its lease is free or
// expired. Waiting ("retry in 30 s", "poll readiness again") is a reschedule, never a sleep.
//
// Fencing: `owner` in the compare-and-set methods below is a lease handle, "owner#token"
// (Job::leaseHandle()). The token is new at every claim, so a step whose lease ran out and was
// claimed again — even by another worker of the same process — can no longer write anything.
//
// Every method is safe to call from any thread: each uses the calling thread's connection
// (Store::db()). Every state change writes an event in the same transaction. Event kinds:
//   enqueued, transition (advance), rescheduled, retry, cancelled, priority, note (addEvent).

#include "domain/Clock.h"
#include "domain/Money.h"
#include "domain/Result.h"
#include "domain/ServiceSpec.h"
#include "domain/Stage.h"
#include "ledger/Ledger.h"
#include "queue/Job.h"
#include "store/Store.h"

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace griddeck {

// The [deployment_queue] / [commission] settings the queue needs, as plain values.
struct QueueSettings
{
    int maxQueueSize = 1000;                            // live jobs at most
    int retryAttempts = 3;                              // copied to jobs.max_retries at enqueue
    Percent commissionPercent = Percent::fromWhole(10); // of the purchase, 0..100
    int leaseSeconds = 60;                              // how long a claim holds a job
    QString gridNetwork; // [threefold_grid] network: "" = the simulator, else a real grid's name
};

struct EnqueueRequest
{
    qint64 userId = 0;
    ServiceSpec spec;
    Tfc amount;                                 // the purchase, held in full until the job ends
    Priority priority = Priority::Normal;
    QString actor = QStringLiteral("system");
    std::optional<qint64> retryOf;              // a finished (non-active) job this one retries
    // Runs inside the enqueue's transaction once the job is inserted and held: what must exist
    // exactly when the job does (a shop's payment id). An error rolls everything back.
    std::function<Result<void>(QSqlDatabase, qint64 jobId)> inTransaction;
};

class JobQueue
{
public:
    // Runs inside the caller's transaction (the pipeline captures or releases credits there);
    // an error rolls the whole transition back.
    using TransactionStep = std::function<Result<void>(QSqlDatabase)>;

    static constexpr const char *kPausedKey = "queue_paused"; // app_state key, value '1' or '0'

    JobQueue(std::shared_ptr<Store> store, Ledger &ledger, QueueSettings settings,
             const Clock &clock = SystemClock::instance());

    const QueueSettings &settings() const { return m_settings; }

    // Validates the spec (every problem) and the amount, then in ONE transaction: refuses when
    // max_queue_size live jobs exist, inserts the job (stage queued, due now), holds the
    // credits (insufficient credits → the ledger's Refused error) and writes "enqueued".
    // Any failure writes nothing. Returns the job id.
    Result<qint64> enqueue(const EnqueueRequest &request);

    // Leases up to `max` due jobs to `owner` for leaseSeconds, in claim order, each with a
    // fresh lease token (Job::leaseHandle() is what the worker passes back). Jobs in `exclude`
    // (steps still running in this process, whose lease may have run out) are never taken, nor
    // are jobs in a `held` stage (their next step needs a service that is down): those are not
    // touched at all. Empty while the queue is paused or nothing is due.
    Result<QList<ClaimedStep>> claim(const QString &owner, int max, const QSet<qint64> &exclude = {},
                                     const QSet<Stage> &held = {});

    // Before a side effect (a grid call, a requested row): true only while the job is in
    // `stage` and `lease` (a handle, "owner#token") holds its unexpired lease, which this renews
    // (committed); else Conflict and the caller must stop. confirmIn does it in the caller's
    // transaction.
    Result<void> confirm(qint64 jobId, const QString &lease, Stage stage);
    static Result<void> confirmIn(
        QSqlDatabase db, qint64 jobId, const QString &lease, Stage stage, qint64 now, int leaseSeconds);

    // Sets run_at and releases owner's lease (compare-and-set on the lease owner: Conflict if
    // another worker holds it now). A non-empty message is written as a "rescheduled" event;
    // an empty one writes none (routine readiness polls would flood the timeline).
    Result<void> reschedule(qint64 jobId, const QString &owner, qint64 runAt, const QString &message);
    // A transient failure: like reschedule, and also records attempt and last_error, with a
    // "retry" event carrying the error.
    Result<void> retryLater(qint64 jobId, const QString &owner, qint64 runAt, int attempt, const QString &error);

    // Moves the job from `from` to `to` only if it is still in `from` AND `owner` holds its
    // lease (else Conflict, nothing written). Sets attempt, makes the job due now, releases
    // the lease, sets finished_at when `to` is terminal, sets last_error to `message` when
    // `to` is rolling_back or failed, and writes a "transition" event. The step, if given,
    // runs after the stage update in the same transaction.
    Result<void> advance(qint64 jobId, const QString &owner, Stage from, Stage to, const QString &message, int attempt);
    Result<void> advance(qint64 jobId, const QString &owner, Stage from, Stage to, const QString &message, int attempt,
                         const TransactionStep &inTransaction);

    Result<void> releaseLease(qint64 jobId, const QString &owner);
    // Extends owner's lease to now + leaseSeconds (a long step keeps its claim).
    Result<void> renewLease(qint64 jobId, const QString &owner);

    // Pausing stops claims (steps already running finish); it survives restarts.
    Result<void> pause();
    Result<void> resume();
    bool isPaused() const;

    // Only a queued job whose lease is free or expired: stage cancelled, the hold released
    // (full refund) and a "cancelled" event, in one transaction. Otherwise Refused.
    Result<void> cancel(qint64 jobId, const QString &actor);
    // Live jobs only; writes a "priority" event.
    Result<void> setPriority(qint64 jobId, Priority priority, const QString &actor = QStringLiteral("system"));

    Result<Job> job(qint64 id) const;
    // Newest first.
    Result<QList<Job>> jobs(const JobFilter &filter = {}) const;
    // Oldest first.
    Result<QList<JobEvent>> events(qint64 jobId) const;
    Result<qint64> liveCount() const;
    // When the next live job becomes claimable (max of run_at and an unexpired lease), or
    // nullopt when no job is live: the dispatcher's timer reads this instead of polling.
    Result<std::optional<qint64>> nextDueAt() const;

    // A note on the job's timeline at its current stage and attempt.
    Result<void> addEvent(qint64 jobId, const QString &kind, const QString &message,
                          const QString &actor = QStringLiteral("system"));
    // The same inside a caller's transaction, with everything given.
    static Result<void> addEventIn(QSqlDatabase db, qint64 jobId, qint64 at, Stage stage, int attempt,
                                   const QString &kind, const QString &message, const QString &actor);

private:
    Result<void> setPaused(bool paused);
    // After a compare-and-set matched no row: NotFound, or a Conflict saying who holds it.
    Error leaseConflict(QSqlDatabase db, qint64 jobId, const QString &owner) const;
    Result<void> releaseOrReschedule(qint64 jobId, const QString &owner, std::optional<qint64> runAt,
                                     std::optional<int> attempt, const QString &kind, const QString &message);

    std::shared_ptr<Store> m_store;
    Ledger &m_ledger;
    QueueSettings m_settings;
    const Clock &m_clock;
};

} // namespace griddeck
