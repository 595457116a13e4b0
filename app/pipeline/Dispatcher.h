#pragma once
// Claims due steps and runs them on a QThreadPool of worker_count threads (DESIGN.md,
// "Threads"). Lives on its own QThread, never the GUI thread: a claim is a BEGIN IMMEDIATE
// write. A step is a coroutine (StageRunner::step): it runs on a worker until it waits for a
// reply, which frees the worker, and continues on the pool when the reply is in. So the pool
// bounds CPU and database work, and a separate bound (EngineOptions::maxStepsInFlight, by
// default kStepsPerWorker × the workers) limits the steps in flight, running or waiting. It
// claims only as many steps as that bound leaves free, wakes when a step finishes, when the
// next job falls due (JobQueue::nextDueAt) or at least every idlePollMs, and renews the leases
// of every step in flight (waiting ones too) so a slow reply keeps the claim. One claim takes
// up to the free slots plus worker_count (fewer write transactions); the extra steps wait in a
// short backlog, leased to us. Stopping stops claiming, lets the steps in flight finish
// (bounded) and releases the backlog's leases; each step releases its own lease as it ends.
// Destroying the dispatcher with steps still waiting aborts their requests (the network
// thread's abortAll) and waits for them to end. A job still in flight here is never claimed
// again by this dispatcher, even when its lease ran out (a frozen process): its step is still
// running and holds the claim's token.
// A hold (setHold) names stages whose next step needs a service that is down (the grid
// gateway): jobs in them are not claimed — no lease, no attempt, no event — until it lifts.

#include "pipeline/StageRunner.h"

#include <QHash>
#include <QMutex>
#include <QWaitCondition>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <memory>

class QTimer;

namespace griddeck {

class PoolExecutor;

class Dispatcher : public QObject
{
    Q_OBJECT
public:
    // `runner` must outlive the dispatcher; `owner` is the lease owner name.
    Dispatcher(std::shared_ptr<Store> store, StageRunner *runner, int workers, QString owner, EngineOptions options,
               const Clock &clock);
    ~Dispatcher() override;

    int workerCount() const { return m_workers; }
    int maxInFlight() const { return m_maxInFlight; }
    // Steps in flight: running on a worker or waiting for a reply.
    int busy() const { return m_busy.load(); }

public Q_SLOTS:
    // On the dispatcher's thread.
    void begin();
    void wake();
    // Stops claiming and waits up to timeoutMs for running steps; true when all finished.
    bool finish(int timeoutMs);

public:
    // On the dispatcher's thread. Jobs in `stages` wait (empty: none); lifting the hold looks
    // for due steps at once.
    void setHold(const QSet<Stage> &stages);

Q_SIGNALS:
    void stepStarted(qint64 jobId);
    void stepFinished(qint64 jobId);
    void workersChanged(int busy, int total);
    void claimFailed(const QString &message);

private:
    void pump();
    void stepDone(qint64 jobId);
    void heartbeat();
    void scheduleNext(bool claimedNothing);
    void startStep(const Job &job);
    // Waits up to timeoutMs (-1: for ever) until no step is in flight; any thread.
    bool waitForSteps(int timeoutMs);
    void emitWorkers();

    std::shared_ptr<Store> m_store;
    StageRunner *m_runner;
    int m_workers;
    QString m_owner;
    EngineOptions m_options;
    const Clock &m_clock;
    int m_maxInFlight;
    QThreadPool m_pool;
    std::unique_ptr<PoolExecutor> m_executor; // resumes steps on m_pool
    // Steps started and not yet ended, for waitForSteps() (stepDone is queued to this thread).
    QMutex m_stepsMutex;
    QWaitCondition m_stepsEnded;
    int m_steps = 0;
    QTimer *m_timer = nullptr;
    QTimer *m_heartbeat = nullptr;
    QHash<qint64, QString> m_inFlight; // running or in the backlog → the claim's lease handle
    QList<Job> m_backlog; // claimed, waiting for a free worker
    QSet<Stage> m_held;   // not claimed while a service they need is down
    std::atomic<int> m_busy { 0 };
    bool m_running = false;
};

} // namespace griddeck
