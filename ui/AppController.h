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

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace griddeck {

class StoreWatcher;
class QueueModel;
class DeploymentModel;
class SecretStore;
class PipelineEngine;

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
        SecretStore *secrets = nullptr; // null: the system keychain (session-only fallback)
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
    void errorOccurred(const QString &message);

private:
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
    StoreWatcher *m_watcher = nullptr;
    QueueModel *m_queueModel = nullptr;
    DeploymentModel *m_deploymentModel = nullptr;
    bool m_queuePaused = false;
    QThreadPool m_pool;
};

} // namespace ui
} // namespace griddeck
