#pragma once
// Watches the store for changes on a background thread and hands the models decoded rows
// through queued signals, so the GUI thread never runs SQL to refresh and never blocks.
//
// The thread owns its own connection (Store::db() called there). Every `intervalMs` (250 by
// default) it asks SQLite's data_version whether anyone committed; only then does it look:
//   jobs     narrow "stamp" query over jobs updated since the watermark (minus a look-back for
//            late commits, index jobs_updated), new ids, jobs with a new deployment attempt and
//            jobs whose deployment is still requested/init (its row changes on its own); full
//            rows are read and decoded only where the stamp's fingerprint moved; a slow sweep
//            over every stamp (sweepIntervalMs) catches writers with skewed clocks and any
//            deployment row changed behind a finished job
//   events   id > last seen;   ledger   id > last seen;   users   new, or touched by either
// pokeNow() looks at once (the pipeline calls it after a write; safe from any thread).
//
// On PostgreSQL there is no data_version: the thread LISTENs (models/ChangeListener.h) on the
// channel migration 8's triggers NOTIFY with "table:key" for every changed job, deployment,
// event, ledger transaction, balance and user, and re-reads only those rows (jobs: their stamps,
// then full rows where the fingerprint moved), a few milliseconds after a burst begins. If the
// listening connection drops, liveUpdates(false, …) (and storeError) say so; the watcher
// reconnects at the next tick and reads everything once, so nothing committed meanwhile is
// missed, then says liveUpdates(true, …).
//
// The first load (all jobs, newest first) is delivered in chunks of `chunkSize` rows, one
// chunk per event-loop pass: the next chunk is only sent when the GUI has applied the previous
// one, and later changes coalesce by job while the GUI is busy. jobsChanged carries both the
// load and later changes; a model inserts ids it does not have and updates the others.
// Connect models before start(); a model attached later calls requestJobs()/requestUsers().

#include "models/Rows.h"
#include "store/Store.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace griddeck {

class WatcherWorker;

class StoreWatcher : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int intervalMs = 250;
        int chunkSize = 5000;      // rows per jobsChanged during the first load and catch-ups
        int firstChunkSize = 1000; // the first chunk is small so something shows at once
        int lookbackMs = 1000;     // re-examines rows this much older than the watermark
        // Every so often (when something was committed since the last one) all job stamps are
        // compared: catches rows written with a time far behind the watermark (another
        // machine's clock). 0 turns it off.
        int sweepIntervalMs = 30'000;
    };

    explicit StoreWatcher(std::shared_ptr<Store> store, QObject *parent = nullptr);
    ~StoreWatcher() override;

    const Options &options() const { return m_options; }
    void setOptions(const Options &options);
    void setIntervalMs(int ms);

    void start();
    // Stops the thread (waits for the current step). The watcher cannot be restarted.
    void stop();
    bool isRunning() const;
    bool isLoaded() const { return m_loaded; }

public Q_SLOTS:
    void pokeNow();
    // Re-sends every job (or user) through jobsChanged (usersChanged); models skip rows whose
    // fingerprint they already hold.
    void requestJobs();
    void requestUsers();
    // jobId 0: the most recent `limit` events of all jobs; else that job's (newest `limit`).
    // Answered by eventsLoaded(jobId, …) with ids up to the last eventsAdded before it.
    void requestEvents(qint64 jobId, int limit = 2000);
    // Answered by ledgerLoaded(scope, …), oldest first, ids up to the last ledgerAdded before it.
    void requestLedger(const griddeck::LedgerScope &scope);

Q_SIGNALS:
    void jobsChanged(const QList<griddeck::JobRow> &rows);
    void initialLoadFinished(int jobCount);
    void usersChanged(const QList<griddeck::UserRow> &rows);
    void eventsAdded(const QList<griddeck::EventRow> &events);
    void eventsLoaded(qint64 jobId, const QList<griddeck::EventRow> &events);
    void ledgerAdded(const QList<griddeck::LedgerRow> &rows);
    void ledgerLoaded(const griddeck::LedgerScope &scope, const QList<griddeck::LedgerRow> &rows);
    void storeError(const QString &message);
    // After every poll that looked at the store: how many jobs changed.
    void polled(int changedJobs);
    // PostgreSQL: listening for other consoles' changes (live), or the connection dropped.
    void liveUpdates(bool live, const QString &message);

private:
    void onJobsBatch(const QList<griddeck::JobRow> &rows);
    template<class F>
    void toWorker(F &&call);

    std::shared_ptr<Store> m_store;
    Options m_options;
    QThread m_thread;
    std::atomic<WatcherWorker *> m_worker{nullptr};
    bool m_started = false;
    bool m_loaded = false;
};

} // namespace griddeck
