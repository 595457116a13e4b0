#pragma once
// Claims due steps and runs them on a QThreadPool of worker_count threads (DESIGN.md,
// "Threads"). Lives on its own QThread, never the GUI thread: a claim is a BEGIN IMMEDIATE
// write. It claims only as many steps as there are free workers, wakes when a step finishes,
// when the next job falls due (JobQueue::nextDueAt) or at least every idlePollMs, and renews
// the leases of running steps so a slow step keeps its claim. One claim takes up to twice the
// free slots (fewer write transactions); the extra steps wait in a short backlog, leased to us.
// Stopping stops claiming, lets the running steps finish (bounded) and releases the backlog's
// leases; each running step releases its own lease as it ends. A job still in flight here is
// never claimed again by this dispatcher, even when its lease ran out (a frozen process):
// its step is still running and holds the claim's token.
// A hold (setHold) names stages whose next step needs a service that is down (the grid
// gateway): jobs in them are not claimed — no lease, no attempt, no event — until it lifts.

#include "pipeline/StageRunner.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <atomic>

class QTimer;

namespace griddeck {

class Dispatcher : public QObject
{
    Q_OBJECT
public:
    // `runner` must outlive the dispatcher; `owner` is the lease owner name.
    Dispatcher(std::shared_ptr<Store> store, StageRunner *runner, int workers, QString owner, EngineOptions options,
               const Clock &clock);
    ~Dispatcher() override;

    int workerCount() const { return m_workers; }
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

    std::shared_ptr<Store> m_store;
    StageRunner *m_runner;
    int m_workers;
    QString m_owner;
    EngineOptions m_options;
    const Clock &m_clock;
    QThreadPool m_pool;
    QTimer *m_timer = nullptr;
    QTimer *m_heartbeat = nullptr;
    QHash<qint64, QString> m_inFlight; // running or in the backlog → the claim's lease handle
    QList<Job> m_backlog; // claimed, waiting for a free worker
    QSet<Stage> m_held;   // not claimed while a service they need is down
    std::atomic<int> m_busy { 0 };
    bool m_running = false;
};

} // namespace griddeck
