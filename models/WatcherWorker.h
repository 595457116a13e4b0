#pragma once
// Internal to StoreWatcher: the object that lives on the watcher thread, owns its connection,
// polls and decodes. Only StoreWatcher talks to it (queued calls in, queued signals out).

#include "models/ChangeListener.h"
#include "models/Rows.h"
#include "models/StoreWatcher.h"
#include "store/Store.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>

namespace griddeck {

class WatcherWorker : public QObject
{
    Q_OBJECT
public:
    WatcherWorker(std::shared_ptr<Store> store, StoreWatcher::Options options);
    ~WatcherWorker() override;

    // Runs first on the thread: watermarks, users, then the chunked first load (retried while
    // the store cannot be read).
    void begin();
    void setOptions(const StoreWatcher::Options &options);
    void poll(bool force);
    // The GUI applied one jobs batch: the next may go.
    void batchDelivered();
    void resendJobs();
    void resendUsers();
    void loadEvents(qint64 jobId, int limit);
    void loadLedger(const LedgerScope &scope);

Q_SIGNALS:
    void jobsBatch(const QList<griddeck::JobRow> &rows);
    void initialLoadFinished(int jobCount);
    void usersChanged(const QList<griddeck::UserRow> &rows);
    void eventsAdded(const QList<griddeck::EventRow> &events);
    void eventsLoaded(qint64 jobId, const QList<griddeck::EventRow> &events);
    void ledgerAdded(const QList<griddeck::LedgerRow> &rows);
    void ledgerLoaded(const griddeck::LedgerScope &scope, const QList<griddeck::LedgerRow> &rows);
    void storeError(const QString &message);
    void polled(int changedJobs);
    void liveUpdates(bool live, const QString &message);

private:
    struct Known
    {
        quint64 fingerprint = 0;
        qint64 userId = 0;
        bool live = false;
    };
    // Jobs whose current deployment is still requested or init: its row can change (init → ok,
    // an ip) without the job being touched, so they are looked at every poll.
    QSet<qint64> m_deploymentsInFlight;

    void startLoad();
    void continueLoad();
    void readChunk();
    void finishLoad();
    // Records a decoded row: fingerprint, per-user counts, pending delivery.
    void take(const JobRow &row, bool deliver);
    void flushJobs();
    bool report(const Result<void> &result);
    // Polling steps; each adds the users it touched to `dirtyUsers`.
    QList<qint64> changedJobIds(bool sweep);
    void readJobs(const QList<qint64> &ids, QSet<qint64> &dirtyUsers);
    void readEvents();
    void readLedger(QSet<qint64> &dirtyUsers);
    void readUsers(const QSet<qint64> &dirtyUsers);
    void sendAllUsers();
    // PostgreSQL (WatcherWorkerLive.cpp): the changes LISTEN reported, re-read by key.
    bool startListening();
    void pollNotified();
    bool ensureLive();
    QList<qint64> changedAmong(const QSet<qint64> &jobIds);
    void readEventsById(const QSet<qint64> &ids);
    void readLedgerById(const QSet<qint64> &ids, QSet<qint64> &dirtyUsers);

    std::shared_ptr<Store> m_store;
    StoreWatcher::Options m_options;
    QTimer *m_timer = nullptr;

    // First load, newest first: ids below m_loadCursor are still to come.
    bool m_loading = false;
    bool m_loaded = false;
    bool m_exhausted = false;
    bool m_resendAfterLoad = false;
    qint64 m_loadCursor = 0;
    QList<JobRow> m_prepared;

    qint64 m_dataVersion = -1;
    qint64 m_sweptVersion = -1;   // data_version at the last full sweep
    QElapsedTimer m_sinceSweep;
    qint64 m_watermark = 0;       // largest updated_at seen
    qint64 m_maxJobId = 0;
    qint64 m_lastEventId = 0;
    qint64 m_lastTransactionId = 0;
    qint64 m_lastUserId = 0;
    qint64 m_lastDeploymentId = 0;

    QHash<qint64, Known> m_jobs;
    QHash<qint64, UserRow> m_users;     // current: balances read, counts kept from the jobs
    QHash<qint64, UserRow> m_sentUsers; // as last sent to the GUI
    // Changed rows not yet delivered, coalesced by job id (newest version wins).
    QHash<qint64, JobRow> m_pending;
    QList<qint64> m_pendingOrder;
    int m_credits = 1; // batches the GUI may still take before it acknowledges one
    QString m_lastError;
    QString m_connectionName; // this thread's connection, closed when the worker goes
    bool m_failedThisPoll = false;

    // PostgreSQL: notifications instead of data_version.
    bool m_notified = false;
    ChangeListener *m_listener = nullptr;
    QTimer *m_kick = nullptr; // one look shortly after the first notification of a burst
    ChangeSet m_carry; // changes a failed look still has to read
    bool m_needSweep = false; // after a lost connection: read everything once
    bool m_liveLost = false;
};

} // namespace griddeck
