#include "models/StoreWatcher.h"

#include "models/WatcherWorker.h"

namespace griddeck {

namespace {
void registerTypes()
{
    qRegisterMetaType<JobRow>();
    qRegisterMetaType<QList<JobRow>>();
    qRegisterMetaType<UserRow>();
    qRegisterMetaType<QList<UserRow>>();
    qRegisterMetaType<EventRow>();
    qRegisterMetaType<QList<EventRow>>();
    qRegisterMetaType<LedgerRow>();
    qRegisterMetaType<QList<LedgerRow>>();
    qRegisterMetaType<LedgerScope>();
}
} // namespace

StoreWatcher::StoreWatcher(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{
    registerTypes();
    m_thread.setObjectName(QStringLiteral("griddeck-store-watcher"));
    auto *worker = new WatcherWorker(m_store, m_options);
    worker->moveToThread(&m_thread);
    m_worker.store(worker);
    // begin() runs in the new thread before its event loop takes any queued request.
    connect(&m_thread, &QThread::started, worker, &WatcherWorker::begin, Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);

    connect(worker, &WatcherWorker::jobsBatch, this, &StoreWatcher::onJobsBatch, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::initialLoadFinished, this, [this](int count) {
        m_loaded = true;
        Q_EMIT initialLoadFinished(count);
    }, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::usersChanged, this, &StoreWatcher::usersChanged, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::eventsAdded, this, &StoreWatcher::eventsAdded, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::eventsLoaded, this, &StoreWatcher::eventsLoaded, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::ledgerAdded, this, &StoreWatcher::ledgerAdded, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::ledgerLoaded, this, &StoreWatcher::ledgerLoaded, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::storeError, this, &StoreWatcher::storeError, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::polled, this, &StoreWatcher::polled, Qt::QueuedConnection);
    connect(worker, &WatcherWorker::liveUpdates, this, &StoreWatcher::liveUpdates, Qt::QueuedConnection);
}

StoreWatcher::~StoreWatcher()
{
    stop();
}

template<class F>
void StoreWatcher::toWorker(F &&call)
{
    WatcherWorker *worker = m_worker.load();
    if (!worker)
        return;
    QMetaObject::invokeMethod(worker, [worker, call = std::forward<F>(call)]() mutable { call(worker); },
                              Qt::QueuedConnection);
}

void StoreWatcher::setOptions(const Options &options)
{
    m_options = options;
    if (!m_started) {
        // The thread has not run yet: nothing else touches the worker.
        if (WatcherWorker *worker = m_worker.load())
            worker->setOptions(options);
        return;
    }
    toWorker([options](WatcherWorker *w) { w->setOptions(options); });
}

void StoreWatcher::setIntervalMs(int ms)
{
    Options options = m_options;
    options.intervalMs = ms;
    setOptions(options);
}

void StoreWatcher::start()
{
    if (m_started || !m_worker.load())
        return;
    m_started = true;
    m_thread.start();
}

void StoreWatcher::stop()
{
    WatcherWorker *worker = m_worker.exchange(nullptr);
    if (!worker)
        return;
    if (m_started) {
        m_thread.quit(); // the worker is deleted on the thread as it finishes
        m_thread.wait();
    } else {
        delete worker; // never ran: nothing else touches it
    }
}

bool StoreWatcher::isRunning() const
{
    return m_thread.isRunning();
}

void StoreWatcher::pokeNow()
{
    toWorker([](WatcherWorker *w) { w->poll(true); });
}

void StoreWatcher::requestJobs()
{
    toWorker([](WatcherWorker *w) { w->resendJobs(); });
}

void StoreWatcher::requestUsers()
{
    toWorker([](WatcherWorker *w) { w->resendUsers(); });
}

void StoreWatcher::requestEvents(qint64 jobId, int limit)
{
    toWorker([jobId, limit](WatcherWorker *w) { w->loadEvents(jobId, limit); });
}

void StoreWatcher::requestLedger(const LedgerScope &scope)
{
    toWorker([scope](WatcherWorker *w) { w->loadLedger(scope); });
}

void StoreWatcher::onJobsBatch(const QList<JobRow> &rows)
{
    Q_EMIT jobsChanged(rows);
    // The models applied it (direct connections): the worker may send the next batch.
    toWorker([](WatcherWorker *w) { w->batchDelivered(); });
}

} // namespace griddeck
