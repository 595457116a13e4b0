#pragma once
// The pipeline as one object for the GUI and griddeckctl: the embedded grid (when a URL says
// "embedded"), the dispatcher with its worker pool (own thread), the outbox dispatcher (own
// thread) and the operator operations (run off the caller's thread, answered by callback).
//
// Signals are emitted from the dispatcher's and the workers' threads; connect with the default
// (auto) connection and they arrive queued on the receiver's thread.
//
//   PipelineEngine engine(config, store, &secrets);
//   connect(&engine, &PipelineEngine::jobBecameActive, tray, …);
//   engine.start();   …   engine.stop();

#include "config/Config.h"
#include "domain/Clock.h"
#include "domain/Result.h"
#include "domain/Stage.h"
#include "pipeline/EmbeddedGrid.h"
#include "pipeline/Outbox.h"
#include "pipeline/PipelineSettings.h"
#include "pipeline/Reconciler.h"
#include "pipeline/StageRunner.h"
#include "secrets/SecretStore.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <functional>
#include <memory>

class QThread;

namespace griddeck {

class Dispatcher;
class Operations;
class OutboxDispatcher;

class PipelineEngine : public QObject
{
    Q_OBJECT
public:
    // `secrets` (may be null: then no channel finds a secret) and `clock` outlive the engine.
    PipelineEngine(Config config, std::shared_ptr<Store> store, SecretStore *secrets = nullptr,
                   EngineOptions options = EngineOptions(), const Clock &clock = SystemClock::instance(),
                   QObject *parent = nullptr);
    ~PipelineEngine() override; // stop()s

    // Starts the embedded grid if the config asks for it, then the dispatcher and the outbox.
    // Every non-terminal job continues from its stored stage; expired leases are re-claimed.
    Result<void> start();
    // Stops claiming, lets running steps finish (EngineOptions::shutdownTimeoutMs at most),
    // stops the outbox. The embedded grid keeps running until the engine goes.
    void stop();
    bool isRunning() const { return m_running; }

    int workerCount() const { return m_workers; }
    int busyWorkers() const;
    QString owner() const { return m_owner; }

    Result<void> pause();
    Result<void> resume();
    bool isPaused() const;
    // New work was queued: look now instead of at the next poll.
    void wake();

    using IdCallback = std::function<void(Result<qint64>)>;
    using DoneCallback = std::function<void(Result<void>)>;
    // Off the caller's thread; the callback runs later on the engine's thread (not if the
    // engine is gone). `actor` is recorded on the job's timeline. A restart answers once the
    // grid restarted the workload; its readiness and health check then run as pipeline steps
    // and end with restartChecked().
    void retryJob(qint64 jobId, const QString &actor, IdCallback done = {});
    void cancelJob(qint64 jobId, const QString &actor, DoneCallback done = {});
    void restartDeployment(qint64 jobId, const QString &actor, DoneCallback done = {});
    void stopDeployment(qint64 jobId, const QString &actor, DoneCallback done = {});
    // One reconciler pass off the caller's thread (also run at start and every
    // EngineOptions::reconcileIntervalMs); emits reconciled() or reconcileFailed().
    void reconcileNow(bool dryRun = false);
    // The last stored report (app_state), for a badge shown before the first pass ends.
    std::optional<QJsonObject> lastReconcileReport() const { return Reconciler::lastReport(m_store); }

    const Config &config() const { return m_config; }
    const std::shared_ptr<Store> &store() const { return m_store; }
    const PipelineSettings &settings() const { return m_settings; }
    // Valid after start().
    const Endpoints &endpoints() const { return m_endpoints; }
    // With a real network: why the jobs whose next step needs the grid gateway wait in the
    // queue, unclaimed (the gateway is down or cannot reach the chain / relay); "" = they run.
    QString gatewayHold() const { return m_gatewayHold; }
    EmbeddedGrid *embeddedGrid() const { return m_grid.get(); }
    Outbox &outbox() { return *m_outbox; }
    JobQueue &queue();
    Ledger &ledger();

Q_SIGNALS:
    void started();
    void stopped();
    void jobChanged(qint64 jobId, griddeck::Stage stage);
    void stepStarted(qint64 jobId);
    void stepFinished(qint64 jobId);
    void workersChanged(int busy, int total);
    void quoteTaken(qint64 jobId, const QString &rate, const QString &summary);
    void priceSourceStatus(const QString &source, bool ok, const QString &rateOrError);
    void gridStatus(bool ok, const QString &message);
    void notificationDelivered(qint64 outboxId, qint64 jobId, const QString &channel);
    void notificationFailed(qint64 outboxId, qint64 jobId, const QString &channel, const QString &error);
    void jobBecameActive(qint64 jobId);
    void jobFailed(qint64 jobId, const QString &reason);
    // A restart's readiness and health check ended: active again, or flagged with `message`.
    void restartChecked(qint64 jobId, bool ok, const QString &message);
    // After each operation: "retry", "cancel", "restart" or "stop".
    void operationFinished(const QString &operation, qint64 jobId, bool ok, const QString &message);
    // ReconcileReport::toJson(): orphans cancelled, active jobs whose contract is gone.
    void reconciled(const QJsonObject &report);
    void reconcileFailed(const QString &message);

private:
    class Reporter; // the StepReporter that emits this engine's signals (worker threads)

    template<class R>
    void runOperation(const QString &name, qint64 jobId, std::function<Result<R>()> work,
                      std::function<void(Result<R>)> done);
    Result<void> prepare(); // endpoints, runner, operations (once)
    void setGatewayHold(const QString &reason);
    void pushGatewayHold(); // to the dispatcher, on its thread

    Config m_config;
    std::shared_ptr<Store> m_store;
    SecretStore *m_secrets;
    EngineOptions m_options;
    const Clock &m_clock;
    PipelineSettings m_settings;
    int m_workers = 1;
    QString m_owner;
    bool m_running = false;
    bool m_stopping = false; // stop() serves this thread's events while the outbox drains
    QString m_gatewayHold;

    std::unique_ptr<Reporter> m_reporter;
    std::unique_ptr<EmbeddedGrid> m_grid;
    Endpoints m_endpoints;
    std::unique_ptr<StageRunner> m_runner;
    std::unique_ptr<Operations> m_operations;
    std::unique_ptr<Outbox> m_outbox;
    QThread *m_dispatchThread = nullptr;
    Dispatcher *m_dispatcher = nullptr;
    QThread *m_outboxThread = nullptr;
    OutboxDispatcher *m_outboxDispatcher = nullptr;
    QThreadPool m_operationsPool;
    QTimer m_reconcileTimer;
};

} // namespace griddeck

Q_DECLARE_METATYPE(griddeck::Stage)
