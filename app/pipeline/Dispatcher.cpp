#include "pipeline/Dispatcher.h"

#include "domain/PoolExecutor.h"

#include <QDebug>
#include <QDeadlineTimer>
#include <QPointer>
#include <QSqlQuery>
#include <QTimer>

#include <exception>

namespace griddeck {

Dispatcher::Dispatcher(std::shared_ptr<Store> store, StageRunner *runner, int workers, QString owner, EngineOptions options,
                       const Clock &clock)
    : m_store(std::move(store))
    , m_runner(runner)
    , m_workers(std::max(1, workers))
    , m_owner(std::move(owner))
    , m_options(std::move(options))
    , m_clock(clock)
    , m_maxInFlight(m_options.maxStepsInFlight > 0 ? m_options.maxStepsInFlight
                                                    : EngineOptions::kStepsPerWorker * m_workers)
    , m_executor(std::make_unique<PoolExecutor>(&m_pool))
{
    m_maxInFlight = std::max(m_maxInFlight, m_workers);
    m_pool.setMaxThreadCount(m_workers);
    // Threads stay: each keeps its database connection and network manager between steps.
    m_pool.setExpiryTimeout(-1);
}

Dispatcher::~Dispatcher()
{
    // Steps still waiting for a reply end now: their requests fail ("aborted"), each step
    // records that as it would a timeout and ends.
    if (!waitForSteps(0)) {
        m_runner->network().abortAll(QStringLiteral("the pipeline is shutting down"));
        waitForSteps(-1);
    }
    // Each pool thread closes its connection now, while the application is whole; this
    // thread's connection is closed here, before the thread and the application go.
    Store::closePoolConnections(m_pool);
    m_store->closeThreadConnection();
}

void Dispatcher::begin()
{
    if (!m_timer) {
        // This thread only writes leases (claims, renewals): one lost to a power cut is only a
        // claim that did not happen, so it need not wait for the disk. Money and stage changes
        // are written by the workers, whose commits do (WriteTransaction, GroupSync).
        static thread_local RelaxedDurability leasesOnly;
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &Dispatcher::pump);
        m_heartbeat = new QTimer(this);
        connect(m_heartbeat, &QTimer::timeout, this, &Dispatcher::heartbeat);
    }
    m_running = true;
    m_heartbeat->start(std::max(200, m_runner->settings().leaseSeconds * 1000 / 3));
    pump();
}

void Dispatcher::wake()
{
    if (m_running)
        pump();
}

void Dispatcher::pump()
{
    if (!m_running)
        return;
    int free = m_maxInFlight - m_busy.load();
    while (free > 0 && !m_backlog.isEmpty()) {
        if (m_held.contains(m_backlog.first().stage)) { // claimed before the hold: let it go
            const Job job = m_backlog.takeFirst();
            m_inFlight.remove(job.id);
            (void)m_runner->queue().releaseLease(job.id, job.leaseHandle());
            continue;
        }
        startStep(m_backlog.takeFirst());
        --free;
    }
    if (free <= 0)
        return; // a finishing step pumps again
    QSet<qint64> running;
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it)
        running.insert(it.key());
    auto claimed = m_runner->queue().claim(m_owner, free + m_workers, running, m_held);
    if (!claimed.ok()) {
        Q_EMIT claimFailed(claimed.error().message);
        scheduleNext(true);
        return;
    }
    for (const Job &job : claimed.value()) {
        m_inFlight.insert(job.id, job.leaseHandle());
        if (free > 0) {
            startStep(job);
            --free;
        } else {
            m_backlog.append(job);
        }
    }
    scheduleNext(claimed->isEmpty());
}

void Dispatcher::startStep(const Job &job)
{
    m_busy.fetch_add(1);
    {
        QMutexLocker lock(&m_stepsMutex);
        ++m_steps;
    }
    Q_EMIT stepStarted(job.id);
    emitWorkers();
    StageRunner *runner = m_runner;
    Executor *executor = m_executor.get();
    const QString owner = job.leaseHandle();
    const qint64 id = job.id;
    // Runs once on the pool thread that ends the step. The dispatcher outlives every step
    // (its destructor waits for them), and nothing touches it after the count is released.
    auto ended = [this, id] {
        QMetaObject::invokeMethod(this, [this, id] { stepDone(id); }, Qt::QueuedConnection);
        QMutexLocker lock(&m_stepsMutex);
        if (--m_steps == 0)
            m_stepsEnded.wakeAll();
    };
    m_pool.start([runner, executor, job, owner, ended] {
        startTask<Result<Stage>>(
            executor, runner->step(job, owner),
            [runner, id = job.id, owner, ended](Result<Stage> r) {
                if (!r.ok() && r.error().kind != ErrorKind::Conflict) {
                    qWarning("griddeck pipeline: job %lld: %s", id, qPrintable(r.error().message));
                    (void)runner->queue().releaseLease(id, owner); // due again: another try
                }
                ended();
            },
            [runner, id = job.id, owner, ended](std::string why) {
                qWarning("griddeck pipeline: job %lld: step failed: %s", id, why.c_str());
                (void)runner->queue().releaseLease(id, owner);
                ended();
            });
    });
}

bool Dispatcher::waitForSteps(int timeoutMs)
{
    QMutexLocker lock(&m_stepsMutex);
    QDeadlineTimer deadline(timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeoutMs));
    while (m_steps > 0) {
        if (!m_stepsEnded.wait(&m_stepsMutex, deadline))
            return m_steps == 0;
    }
    return true;
}

void Dispatcher::emitWorkers()
{
    // Workers busy as the status bar shows them: steps in flight, at most all the workers.
    Q_EMIT workersChanged(std::min(m_busy.load(), m_workers), m_workers);
}

void Dispatcher::stepDone(qint64 jobId)
{
    m_inFlight.remove(jobId);
    m_busy.fetch_sub(1);
    Q_EMIT stepFinished(jobId);
    emitWorkers();
    pump();
}

void Dispatcher::scheduleNext(bool claimedNothing)
{
    if (!m_running || m_busy.load() >= m_maxInFlight || !m_backlog.isEmpty())
        return;
    qint64 delay = m_options.idlePollMs;
    auto next = m_runner->queue().nextDueAt();
    if (next.ok() && next.value())
        delay = std::clamp<qint64>(*next.value() - m_clock.nowMs(), 0, m_options.idlePollMs);
    if (claimedNothing) // due but not claimable (paused, leased, held): no spinning
        delay = std::max<qint64>(delay, m_held.isEmpty() ? 20 : m_options.idlePollMs);
    m_timer->start(int(delay));
}

void Dispatcher::heartbeat()
{
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it)
        (void)m_runner->queue().renewLease(it.key(), it.value()); // Conflict: the step already let go
}

void Dispatcher::setHold(const QSet<Stage> &stages)
{
    const bool lifted = !m_held.isEmpty() && stages.isEmpty();
    m_held = stages;
    if (lifted)
        wake();
}

bool Dispatcher::finish(int timeoutMs)
{
    m_running = false;
    if (m_timer)
        m_timer->stop();
    // Claimed but not started: due again at once, for whoever runs next.
    for (const Job &job : std::as_const(m_backlog)) {
        m_inFlight.remove(job.id);
        (void)m_runner->queue().releaseLease(job.id, job.leaseHandle());
    }
    m_backlog.clear();
    const bool done = waitForSteps(timeoutMs);
    if (done) // the last continuations are ending: only frees their frames
        Store::closePoolConnections(m_pool);
    if (m_heartbeat)
        m_heartbeat->stop();
    return done;
}

} // namespace griddeck
