// AppController's side of the pipeline engine: start/stop, its signals, its operations.
// Built without the engine, the console still opens the store and shows (and edits) the
// queue; it says plainly that jobs do not move.

#include "ui/AppController.h"

#include "models/DeploymentModel.h"
#include "models/StoreWatcher.h"

#if __has_include("pipeline/PipelineEngine.h")
#define GRIDDECK_HAS_ENGINE 1
#include "api/ApiServer.h"
#include "pipeline/PipelineEngine.h"

#include <QJsonArray>
#endif

namespace griddeck::ui {

QUrl AppController::apiUrl() const
{
#ifdef GRIDDECK_HAS_ENGINE
    return m_api ? m_api->url() : QUrl();
#else
    return QUrl();
#endif
}

bool AppController::engineRunning() const
{
#ifdef GRIDDECK_HAS_ENGINE
    return m_engine != nullptr && m_engine->isRunning();
#else
    return false;
#endif
}

void AppController::pokeWatcher()
{
    if (m_watcher)
        m_watcher->pokeNow();
#ifdef GRIDDECK_HAS_ENGINE
    // Something was written: the dispatcher looks now instead of at its next poll.
    if (m_engine && m_engine->isRunning())
        m_engine->wake();
#endif
}

#ifdef GRIDDECK_HAS_ENGINE

namespace {

// The engine keeps the SecretStore it was given; the console may switch from the keychain to
// the session store after the probe. This forwards to whichever the controller uses now.
class CurrentSecretStore final : public SecretStore
{
public:
    CurrentSecretStore(std::function<SecretStore *()> current, QObject *parent)
        : SecretStore(parent)
        , m_current(std::move(current))
    {
    }
    void read(SecretName name, ReadCallback callback) override { m_current()->read(name, std::move(callback)); }
    void write(SecretName name, const QString &value, DoneCallback callback) override
    {
        m_current()->write(name, value, std::move(callback));
    }
    void remove(SecretName name, DoneCallback callback) override { m_current()->remove(name, std::move(callback)); }
    void probe(DoneCallback callback) override { m_current()->probe(std::move(callback)); }
    QString backendName() const override { return m_current()->backendName(); }
    bool isPersistent() const override { return m_current()->isPersistent(); }

private:
    std::function<SecretStore *()> m_current;
};

// The demo wants things to happen in seconds, not minutes, and a few failures to look at.
Config demoConfig(Config config)
{
    config.deploymentQueue.retryDelaySeconds = 2;
    config.deploymentQueue.retryMaxDelaySeconds = 8;
    config.deploymentQueue.readinessTimeoutSeconds = 60;
    config.threefoldGrid.requestTimeoutSeconds = 5;
    config.notifications.webhookEnabled = config.notifications.emailEnabled = config.notifications.slackEnabled = false;
    return config;
}

} // namespace

Result<void> AppController::startEngine()
{
    m_totalWorkers = m_config.deploymentQueue.workerCount;
    EngineOptions options;
    if (m_options.demo) {
        options.readinessPollMinMs = 250;
        options.readinessPollMaxMs = 1000;
        options.runOutbox = false;
    }
    auto *secrets = new CurrentSecretStore([this] { return m_secrets; }, this);
    m_engine = new PipelineEngine(m_options.demo ? demoConfig(m_config) : m_config, m_store, secrets, options, *m_clock, this);
    connectEngine();
    if (auto started = m_engine->start(); !started.ok()) {
        // The console stays useful (queue, ledger, refunds); it says why nothing moves.
        m_engineMessage = tr("The pipeline did not start: %1").arg(started.error().message);
        Q_EMIT engineStateChanged(false, m_engineMessage);
        Q_EMIT errorOccurred(m_engineMessage);
        return {};
    }
    m_totalWorkers = m_engine->workerCount();
    m_engineMessage.clear();
    if (m_options.demo) {
        if (EmbeddedGrid *grid = m_engine->embeddedGrid()) {
            SimFaults faults = grid->faults();
            faults.readyDelayMs = 2500;
            faults.deployErrorRate = 0.12;
            faults.healthFailRate = 0.06;
            faults.errorRate = 0.03;
            grid->setFaults(faults);
        }
    }
    Q_EMIT engineStateChanged(true, QString());
    startApi();
    return {};
}

void AppController::startApi()
{
    stopApi();
    if (!m_config.api.enabled || m_options.demo) {
        m_apiMessage = tr("The HTTP API is off (Settings \u2192 HTTP API).");
        Q_EMIT apiStatus(QUrl(), QString());
        return;
    }
    // The same server as griddeckctl serve, over this console's engine (docs/api.yaml).
    auto address = ApiServer::parseListen(m_config.api.listen);
    Result<quint16> port = address.ok() ? Result<quint16>(0) : Result<quint16>(address.error());
    if (address.ok()) {
        m_api = new ApiServer(*m_engine, ApiOptions(), this);
        port = m_api->listen(address->first, address->second);
    }
    if (!port.ok()) {
        stopApi();
        m_apiMessage
            = tr("The HTTP API is not served on %1: %2").arg(m_config.api.listen, port.error().message);
        Q_EMIT apiStatus(QUrl(), m_apiMessage);
        Q_EMIT errorOccurred(m_apiMessage);
        return;
    }
    m_apiMessage.clear();
    Q_EMIT apiStatus(m_api->url(), QString());
}

void AppController::stopApi()
{
    delete m_api; // closes the listening socket; answers still pending are dropped
    m_api = nullptr;
}

void AppController::connectEngine()
{
    PipelineEngine *engine = m_engine;
    connect(engine, &PipelineEngine::workersChanged, this, [this](int busy, int total) {
        m_busyWorkers = busy;
        m_totalWorkers = total;
        Q_EMIT workersChanged(busy, total);
    });
    connect(engine, &PipelineEngine::priceSourceStatus, this, [this](const QString &source, bool ok, const QString &text) {
        m_priceStates.insert(source, SourceState{true, ok, text});
        Q_EMIT priceSourceStatus(source, ok, text);
        if (ok && source == QLatin1String("dex"))
            Q_EMIT tftPriceChanged(text);
    });
    connect(engine, &PipelineEngine::gridStatus, this, [this](bool ok, const QString &message) {
        m_gridState = SourceState{true, ok, message};
        Q_EMIT gridStatus(ok, message);
    });
    connect(engine, &PipelineEngine::jobChanged, this, [this] {
        if (m_watcher)
            m_watcher->pokeNow();
    });
    connect(engine, &PipelineEngine::jobBecameActive, this, [this](qint64 jobId) {
        QString summary = tr("Job %1").arg(jobId);
        if (const JobRow *row = m_deploymentModel ? m_deploymentModel->job(jobId) : nullptr) {
            summary = tr("#%1 %2 for %3").arg(jobId).arg(row->summary, row->userName);
            if (!row->deployment.bestIp().isEmpty())
                summary += tr(" at %1").arg(row->deployment.bestIp());
        }
        Q_EMIT jobBecameActive(jobId, summary);
    });
    connect(engine, &PipelineEngine::jobFailed, this, &AppController::jobFailed);
    connect(
        engine, &PipelineEngine::restartChecked, this, [this](qint64 jobId, bool ok, const QString &message) {
            if (m_watcher)
                m_watcher->pokeNow(); // the detail pane reads the outcome from the store
            Q_EMIT restartChecked(jobId, ok, message);
        });
    connect(engine, &PipelineEngine::reconciled, this, [this](const QJsonObject &report) {
        const int orphans = int(report.value(QStringLiteral("orphans")).toArray().size());
        const int missing = int(report.value(QStringLiteral("missing_contracts")).toArray().size());
        const bool clean = report.value(QStringLiteral("clean")).toBool();
        Q_EMIT reconcileStatus(clean, clean ? tr("%1 live, all owned by active jobs").arg(report.value(QStringLiteral("live_contracts")).toInt())
                                            : tr("%1 orphan contract(s) cancelled, %2 active job(s) without a contract")
                                                  .arg(orphans)
                                                  .arg(missing));
        pokeWatcher();
    });
    connect(engine, &PipelineEngine::reconcileFailed, this,
            [this](const QString &message) { Q_EMIT reconcileStatus(false, tr("not reconciled: %1").arg(message)); });
}

void AppController::stopEngine()
{
    if (!m_engine)
        return;
    stopApi();
    m_engine->stop();
    Q_EMIT engineStateChanged(false, tr("The pipeline is stopped."));
}

void AppController::applyConfigToEngine()
{
    // Worker count, endpoints and the retry policy are read when the engine starts: restart it
    // with the new settings (running steps finish first).
    if (!m_engine || !m_engine->isRunning())
        return;
    stopApi();
    m_engine->stop();
    delete m_engine;
    m_engine = nullptr;
    if (auto started = startEngine(); !started.ok())
        Q_EMIT errorOccurred(started.error().message);
}

void AppController::restartService(qint64 jobId, std::function<void(Result<void>)> done)
{
    if (!engineRunning()) {
        done(Error::refused(tr("Restarting a service needs the pipeline engine, which is not running.")));
        return;
    }
    QPointer<AppController> self(this);
    m_engine->restartDeployment(jobId, actor(), [self, done](Result<void> r) {
        if (!self)
            return;
        self->pokeWatcher();
        done(std::move(r));
    });
}

void AppController::stopService(qint64 jobId, std::function<void(Result<void>)> done)
{
    if (!engineRunning()) {
        done(Error::refused(tr("Stopping a service needs the pipeline engine, which is not running.")));
        return;
    }
    QPointer<AppController> self(this);
    m_engine->stopDeployment(jobId, actor(), [self, done](Result<void> r) {
        if (!self)
            return;
        self->pokeWatcher();
        done(std::move(r));
    });
}

void AppController::retryJob(qint64 jobId, std::function<void(Result<qint64>)> done)
{
    QPointer<AppController> self(this);
    auto finish = [self, done](Result<qint64> r) {
        if (!self)
            return;
        self->pokeWatcher();
        done(std::move(r));
    };
    if (engineRunning()) {
        m_engine->retryJob(jobId, actor(), finish);
        return;
    }
    run<qint64>([this, jobId] { return retryFailedJob(jobId); }, finish);
}

#else // no engine in this build

Result<void> AppController::startEngine()
{
    m_totalWorkers = m_config.deploymentQueue.workerCount;
    m_engineMessage = tr("This build has no pipeline engine: jobs wait in the queue.");
    Q_EMIT engineStateChanged(false, m_engineMessage);
    return {};
}

void AppController::stopEngine() {}
void AppController::startApi() { }
void AppController::stopApi() { }
void AppController::applyConfigToEngine() {}
void AppController::connectEngine() {}

void AppController::restartService(qint64, std::function<void(Result<void>)> done)
{
    done(Error::refused(tr("Restarting a service needs the pipeline engine, which is not running.")));
}

void AppController::stopService(qint64, std::function<void(Result<void>)> done)
{
    done(Error::refused(tr("Stopping a service needs the pipeline engine, which is not running.")));
}

void AppController::retryJob(qint64 jobId, std::function<void(Result<qint64>)> done)
{
    run<qint64>([this, jobId] { return retryFailedJob(jobId); },
                [this, done = std::move(done)](Result<qint64> r) {
                    pokeWatcher();
                    done(std::move(r));
                });
}

#endif

} // namespace griddeck::ui
