#pragma once
// The console's one object that owns the core: configuration, store, ledger, queue, the
// pipeline engine (and the embedded grid simulator behind it), the store watcher that feeds the
// models, the secret store and the shared models. Panes and dialogs get it by reference.
//
// Threads: the GUI thread never runs a write transaction and never waits on the network.
// Every store write and every grid/oracle call goes through run(), which executes the work on
// a background thread (each thread uses its own store connection) and calls `done` back on
// the GUI thread. Reads for a dialog's initial state may use run() too; refreshes come from
// the StoreWatcher's signals through the models.

#include "config/Config.h"
#include "domain/Clock.h"
#include "domain/Result.h"
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"
#include "store/Store.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QUrl>
#include <functional>
#include <memory>

namespace griddeck {

class StoreWatcher;
class QueueModel;
class DeploymentModel;
class UserModel;
class SecretStore;
class PipelineEngine;
class ApiServer;

namespace ui {

class AppController : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString configFile;           // empty: ~/.config/GridDeck/deployment.toml if present, else defaults
        QString dbFile;               // empty: [store] path, else the data folder
        bool demo = false;            // seed demo users and purchases on an empty store
        bool startEngine = true;      // tests may drive the queue without workers
        const Clock *clock = nullptr; // null: the system clock
        SecretStore *secrets
            = nullptr; // null: the system keychain (session-only fallback); memory for the demo
    };

    explicit AppController(QObject *parent = nullptr);
    ~AppController() override;

    // Loads the config, opens the store, starts the watcher and (unless told not to) the engine.
    Result<void> open(const Options &options);
    void shutdown(); // graceful: engine stops claiming, running steps finish, watcher stops

    const Config &config() const { return m_config; }
    QString configFilePath() const { return m_configFilePath; }
    // Validates, saves atomically to configFilePath() and applies what can change live.
    Result<void> applyConfig(const Config &config);

    const Clock &clock() const { return *m_clock; }
    const std::shared_ptr<Store> &store() const { return m_store; }
    Ledger &ledger() { return *m_ledger; }
    JobQueue &queue() { return *m_queue; }
    PipelineEngine *engine() const { return m_engine; }
    StoreWatcher *watcher() const { return m_watcher; }
    SecretStore &secrets() { return *m_secrets; }
    bool keychainAvailable() const { return m_keychainAvailable; }
    QString keychainMessage() const { return m_keychainMessage; }

    QueueModel *queueModel() const { return m_queueModel; }
    DeploymentModel *deploymentModel() const { return m_deploymentModel; }
    UserModel *userModel() const { return m_userModel; }

    // Who the ledger and the events name for operator actions: "console:<login>".
    QString actor() const;
    QString databasePath() const;
    const Options &options() const { return m_options; }
    // Asks the watcher to look at the store now (after a write made through run()).
    void pokeWatcher();

    // The last state the engine reported, for widgets created after it was sent.
    struct SourceState
    {
        bool known = false;
        bool ok = false;
        QString text;
    };
    SourceState gridState() const { return m_gridState; }
    SourceState priceSourceState(const QString &source) const { return m_priceStates.value(source); }
    int busyWorkers() const { return m_busyWorkers; }
    int totalWorkers() const { return m_totalWorkers; }
    // Whether the pipeline engine runs (jobs move forward); when false the queue only holds.
    bool engineRunning() const;
    // Why the engine is not running ("" while it runs).
    QString engineMessage() const { return m_engineMessage; }
    // The HTTP API the console serves with its engine ([api] enabled): its URL, or empty with
    // apiMessage() saying why not (off in the settings, or the address could not be bound).
    QUrl apiUrl() const;
    QString apiMessage() const { return m_apiMessage; }

    // Background-thread work (call inside run()):
    // A live job waiting for a later attempt, and not held by a worker, becomes due now.
    Result<void> makeDueNow(qint64 jobId);
    // A failed or cancelled job is enqueued again (retry_of = it); credits are held anew.
    Result<qint64> retryFailedJob(qint64 jobId);

    // Operations on a deployed service (through the engine; they talk to the grid). `done`
    // runs on the GUI thread.
    void restartService(qint64 jobId, std::function<void(Result<void>)> done);
    void stopService(qint64 jobId, std::function<void(Result<void>)> done);
    // A failed or cancelled job: enqueued again (engine operation when it runs).
    void retryJob(qint64 jobId, std::function<void(Result<qint64>)> done);

    // Runs `work` on a background thread and `done(result)` on the GUI thread (dropped if this
    // controller is gone). The work may use ledger(), queue() and store(): they are thread-safe
    // and open a connection per thread.
    template<class T>
    void run(std::function<Result<T>()> work, std::function<void(Result<T>)> done)
    {
        QPointer<AppController> self(this);
        m_pool.start([self, work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<Result<T>>(work());
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [self, result, done = std::move(done)] {
                    if (self)
                        done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }

    // Waits until no run() work is queued or running and its answers have been delivered (they
    // may start more work: that is waited for too). False after timeoutMs. For tests that check
    // that an action wrote nothing.
    bool waitForBackgroundWork(int timeoutMs = 30000);

    bool isQueuePaused() const { return m_queuePaused; }
    void setQueuePaused(bool paused);

Q_SIGNALS:
    void queuePausedChanged(bool paused);
    void workersChanged(int busy, int total);
    // source: "dex", "coingecko", "grid_stats"; text: the rate or the error.
    void priceSourceStatus(const QString &source, bool ok, const QString &text);
    void tftPriceChanged(const QString &usdPerTft);
    void gridStatus(bool ok, const QString &message);
    void keychainStatus(bool ok, const QString &message);
    void jobBecameActive(qint64 jobId, const QString &summary);
    void jobFailed(qint64 jobId, const QString &reason);
    // A restart's readiness and health check ended (ok: active again; else flagged, `message`).
    void restartChecked(qint64 jobId, bool ok, const QString &message);
    // The HTTP API started (url) or did not (message); an empty url and message: switched off.
    void apiStatus(const QUrl &url, const QString &message);
    void errorOccurred(const QString &message);
    void demoSeeded(int users, int jobs);
    void configChanged();
    void engineStateChanged(bool running, const QString &message);
    // After each reconciler pass (or its failure): clean, and the one-line summary.
    void reconcileStatus(bool clean, const QString &summary);

private:
    void setUpSecrets(SecretStore *given);
    void startDemoTrickle();
    Result<void> startEngine();
    void stopEngine();
    // The HTTP API over the engine, when [api] enabled; stopped before the engine stops.
    void startApi();
    void stopApi();
    void applyConfigToEngine();
    void connectEngine();

    Config m_config;
    QString m_configFilePath;
    const Clock *m_clock = nullptr;
    std::shared_ptr<Store> m_store;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<JobQueue> m_queue;
    std::unique_ptr<SecretStore> m_ownedSecrets;
    SecretStore *m_secrets = nullptr;
    bool m_keychainAvailable = false;
    QString m_keychainMessage;
    PipelineEngine *m_engine = nullptr;
    ApiServer *m_api = nullptr; // serves over m_engine; deleted before it
    QString m_apiMessage;
    StoreWatcher *m_watcher = nullptr;
    QueueModel *m_queueModel = nullptr;
    DeploymentModel *m_deploymentModel = nullptr;
    bool m_queuePaused = false;
    Options m_options;
    std::unique_ptr<SecretStore> m_sessionSecrets; // the session-only fallback, when no keychain answers
    UserModel *m_userModel = nullptr;
    bool m_shutDown = false;
    SourceState m_gridState;
    QHash<QString, SourceState> m_priceStates;
    int m_busyWorkers = 0;
    int m_totalWorkers = 0;
    QString m_engineMessage;
    int m_demoPurchases = 0;
    QThreadPool m_pool;
};

} // namespace ui
} // namespace griddeck
