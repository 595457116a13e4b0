#include "pipeline/PipelineEngine.h"

#include "pipeline/Dispatcher.h"
#include "pipeline/GatewayProcess.h"
#include "pipeline/Operations.h"
#include "pipeline/OutboxDispatcher.h"
#include "pricing/Format.h"
#include "store/Access.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QSemaphore>
#include <QThread>

#ifdef __GLIBC__
#include <malloc.h> // malloc_trim
#endif

namespace griddeck {

class PipelineEngine::Reporter final : public StepReporter
{
public:
    explicit Reporter(PipelineEngine *engine)
        : m_engine(engine)
    {
    }
    void stageChanged(qint64 jobId, Stage stage) override { Q_EMIT m_engine->jobChanged(jobId, stage); }
    void quoteTaken(qint64 jobId, const Quote &quote) override
    {
        Q_EMIT m_engine->quoteTaken(jobId, pricing_format::rate(quote.rate), quote.summary());
    }
    void priceSource(const QString &source, bool ok, const QString &rateOrError) override
    {
        Q_EMIT m_engine->priceSourceStatus(source, ok, rateOrError);
    }
    void gridReached(bool ok, const QString &message) override { Q_EMIT m_engine->gridStatus(ok, message); }
    void becameActive(qint64 jobId) override { Q_EMIT m_engine->jobBecameActive(jobId); }
    void failed(qint64 jobId, const QString &reason) override { Q_EMIT m_engine->jobFailed(jobId, reason); }
    void restartChecked(qint64 jobId, bool ok, const QString &message) override
    {
        Q_EMIT m_engine->restartChecked(jobId, ok, message);
    }
    void outboxWritten() override
    {
        if (OutboxDispatcher *d = m_engine->m_outboxDispatcher)
            QMetaObject::invokeMethod(d, &OutboxDispatcher::wake, Qt::QueuedConnection);
    }

private:
    PipelineEngine *m_engine;
};

PipelineEngine::PipelineEngine(Config config, std::shared_ptr<Store> store, SecretStore *secrets, EngineOptions options,
                               const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_store(std::move(store))
    , m_secrets(secrets)
    , m_options(std::move(options))
    , m_clock(clock)
    , m_settings(PipelineSettings::from(m_config, m_options))
{
    qRegisterMetaType<griddeck::Stage>("griddeck::Stage");
    m_workers = m_options.workerCount > 0 ? m_options.workerCount : m_config.deploymentQueue.workerCount;
    m_owner = !m_options.owner.isEmpty()
        ? m_options.owner
        : QStringLiteral("%1:%2").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    m_reporter = std::make_unique<Reporter>(this);
    m_outbox = std::make_unique<Outbox>(m_store, m_settings.notify, m_clock);
    m_operationsPool.setMaxThreadCount(2);
    // Its threads stay until the engine goes, which closes their connections (an idle thread
    // that expired would be left to close its own as it ends, racing with the process's end).
    m_operationsPool.setExpiryTimeout(-1);
    connect(&m_reconcileTimer, &QTimer::timeout, this, [this] { reconcileNow(false); });
}

PipelineEngine::~PipelineEngine()
{
    stop();
    Store::closePoolConnections(m_operationsPool);
    if (m_dispatchThread) {
        QMetaObject::invokeMethod(m_dispatcher, [d = m_dispatcher] { delete d; }, Qt::BlockingQueuedConnection);
        m_dispatchThread->quit();
        m_dispatchThread->wait();
        delete m_dispatchThread;
    }
    if (m_outboxThread) {
        QMetaObject::invokeMethod(m_outboxDispatcher, [d = m_outboxDispatcher] { delete d; }, Qt::BlockingQueuedConnection);
        m_outboxDispatcher = nullptr;
        m_outboxThread->quit();
        m_outboxThread->wait();
        delete m_outboxThread;
    }
}

JobQueue &PipelineEngine::queue()
{
    return m_runner->queue();
}

Ledger &PipelineEngine::ledger()
{
    return m_runner->ledger();
}

namespace {

// griddeck-gridd for a real network, as a child of the engine (stopped, its stdin closed, when
// the engine goes); its state feeds gridStatus, the status bar's grid indicator.
Result<QUrl> startGateway(PipelineEngine *engine, const Config &config, SecretStore *secretStore)
{
    if (auto *running = engine->findChild<GatewayProcess *>())
        return running->url();
    const Config real = Endpoints::withRealServices(config);
    const auto &g = real.threefoldGrid;
    const Config defaults;
    // The chain and relay URLs only when set away from the (mainnet) defaults; the proxy and
    // the indexer as GridDeck itself uses them.
    const QStringList args = GatewayProcess::argumentsFor(
        g.network, g.substrateUrl != defaults.threefoldGrid.substrateUrl ? g.substrateUrl : QString(),
        g.relayUrl != defaults.threefoldGrid.relayUrl ? g.relayUrl : QString(), g.gridProxyUrl, g.graphqlUrl);
    QPointer<SecretStore> secrets(secretStore);
    // Read at each start and handed over, never kept here.
    auto provide = [secrets](std::function<void(const QString &, const QString &)> give) {
        if (!secrets) {
            give(QString(), QString());
            return;
        }
        secrets->read(SecretName::TwinMnemonic, [secrets, give](Result<std::optional<QString>> m) {
            const QString mnemonic = m.ok() && m.value() ? *m.value() : QString();
            if (!secrets) {
                give(mnemonic, QString());
                return;
            }
            secrets->read(SecretName::StellarSecret, [give, mnemonic](Result<std::optional<QString>> s) {
                give(mnemonic, s.ok() && s.value() ? *s.value() : QString());
            });
        });
    };
    auto *process = new GatewayProcess(GatewayProcess::defaultProgram(), args, provide, engine);
    const QString network = g.network;
    QObject::connect(process, &GatewayProcess::stateChanged, engine,
                     [engine, network](GatewayProcess::State state, const QString &message) {
                         if (state == GatewayProcess::State::Stopped)
                             return;
                         const bool ready = state == GatewayProcess::State::Ready;
                         QString text = QStringLiteral("grid gateway (%1): %2")
                                            .arg(network, message.isEmpty() ? GatewayProcess::stateName(state) : message);
                         if (!ready)
                             text += QStringLiteral("; jobs that need it wait in the queue");
                         Q_EMIT engine->gridStatus(ready, text);
                     });
    auto url = process->start();
    if (!url.ok())
        delete process;
    return url;
}

} // namespace

Result<void> PipelineEngine::prepare()
{
    if (m_runner)
        return {};
    QUrl embedded;
    if (Endpoints::needsEmbedded(m_config)) {
        if (!m_grid) {
            m_grid = std::make_unique<EmbeddedGrid>();
            auto url = m_grid->start();
            if (!url.ok())
                return url.error();
        }
        embedded = m_grid->url();
    }
    QUrl gateway;
    if (!m_config.threefoldGrid.network.isEmpty()) {
        auto url = startGateway(this, m_config, m_secrets);
        if (!url.ok())
            return url.error();
        gateway = url.value();
        // Until it says ready, nothing that needs it is claimed (no charge, no attempt burnt).
        auto *process = findChild<GatewayProcess *>();
        auto follow = [this](GatewayProcess::State state, const QString &message) {
            setGatewayHold(state == GatewayProcess::State::Ready
                               ? QString()
                               : (message.isEmpty() ? GatewayProcess::stateName(state) : message));
        };
        connect(process, &GatewayProcess::stateChanged, this, follow);
        follow(process->state(), process->message());
    }
    auto endpoints = Endpoints::resolve(m_config, embedded, gateway);
    if (!endpoints.ok())
        return endpoints.error();
    m_endpoints = endpoints.value();
    m_runner = std::make_unique<StageRunner>(m_store, m_settings, m_endpoints, m_clock, m_reporter.get());
    m_operations = std::make_unique<Operations>(m_store, m_settings, m_endpoints, m_clock);
    return {};
}

void PipelineEngine::setGatewayHold(const QString &reason)
{
    if (reason == m_gatewayHold)
        return;
    const bool changed = reason.isEmpty() != m_gatewayHold.isEmpty();
    m_gatewayHold = reason;
    if (changed)
        pushGatewayHold();
}

void PipelineEngine::pushGatewayHold()
{
    if (!m_dispatcher || !m_runner)
        return;
    QSet<Stage> held;
    if (!m_gatewayHold.isEmpty()) {
        // The stages whose step calls the gateway: the deployer's (deploy, readiness, health,
        // cancel) and the wallet's (conversion); a quote leads straight to the conversion.
        auto *process = findChild<GatewayProcess *>();
        const QUrl gateway = process ? process->url() : QUrl();
        const bool deployer = m_endpoints.deployer == gateway;
        const bool wallet = m_endpoints.wallet == gateway;
        if (deployer || wallet)
            held << Stage::Queued;
        if (wallet)
            held << Stage::Converting;
        if (deployer)
            held << Stage::Deploying << Stage::WaitingReady << Stage::Verifying << Stage::RollingBack;
    }
    QMetaObject::invokeMethod(m_dispatcher, [d = m_dispatcher, held] { d->setHold(held); }, Qt::QueuedConnection);
}

Result<void> PipelineEngine::start()
{
    if (m_running)
        return {};
    if (m_stopping)
        return Error::refused(QStringLiteral("the pipeline is still stopping: start it once it has stopped"));
    // Workers claim, charge and release: a viewer's or a support console's login may not.
    if (auto allowed
        = access::require(*m_store, access::Action::RunPipeline, QStringLiteral("run the pipeline"));
        !allowed.ok())
        return allowed.error();
    if (auto p = prepare(); !p.ok())
        return p;
    if (!m_dispatchThread) {
        m_dispatchThread = new QThread;
        m_dispatchThread->setObjectName(QStringLiteral("griddeck-dispatcher"));
        m_dispatcher = new Dispatcher(m_store, m_runner.get(), m_workers, m_owner, m_options, m_clock);
        m_dispatcher->moveToThread(m_dispatchThread);
        connect(m_dispatcher, &Dispatcher::stepStarted, this, &PipelineEngine::stepStarted, Qt::DirectConnection);
        connect(m_dispatcher, &Dispatcher::stepFinished, this, &PipelineEngine::stepFinished, Qt::DirectConnection);
        connect(m_dispatcher, &Dispatcher::workersChanged, this, &PipelineEngine::workersChanged, Qt::DirectConnection);
        m_dispatchThread->start();
    }
    if (m_options.runOutbox && !m_outboxThread) {
        m_outboxThread = new QThread;
        m_outboxThread->setObjectName(QStringLiteral("griddeck-outbox"));
        m_outboxDispatcher = new OutboxDispatcher(m_store, m_settings, m_secrets, m_owner, m_options.outboxPollMs, m_clock);
        m_outboxDispatcher->moveToThread(m_outboxThread);
        connect(m_outboxDispatcher, &OutboxDispatcher::delivered, this, &PipelineEngine::notificationDelivered,
                Qt::DirectConnection);
        connect(m_outboxDispatcher, &OutboxDispatcher::failed, this,
                [this](qint64 id, qint64 jobId, const QString &channel, const QString &error, bool) {
                    Q_EMIT notificationFailed(id, jobId, channel, error);
                },
                Qt::DirectConnection);
        m_outboxThread->start();
    }
    m_running = true;
    if (m_options.reconcileIntervalMs > 0) {
        reconcileNow(false);
        m_reconcileTimer.start(m_options.reconcileIntervalMs);
    }
    pushGatewayHold(); // queued before begin(): the first claim already holds
    QMetaObject::invokeMethod(m_dispatcher, &Dispatcher::begin, Qt::QueuedConnection);
    if (m_outboxDispatcher)
        QMetaObject::invokeMethod(m_outboxDispatcher, &OutboxDispatcher::begin, Qt::QueuedConnection);
    Q_EMIT started();
    return {};
}

void PipelineEngine::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_reconcileTimer.stop();
    const int timeout = m_options.shutdownTimeoutMs;
    bool finished = false;
    QMetaObject::invokeMethod(m_dispatcher, [&] { finished = m_dispatcher->finish(timeout); }, Qt::BlockingQueuedConnection);
    if (!finished)
        qWarning("griddeck pipeline: steps still running after %d ms; their leases expire on their own", timeout);
    if (m_outboxDispatcher) {
        // Not a blocking call: a claimed delivery reads its secret on the secret store's thread
        // (this one, in the GUI and griddeckctl) before it sends anything. Blocking here kept
        // it from ever going out, and its lease held the entry from the next run until it ran
        // out. So this thread serves the secret store's events (only those: a general loop
        // here, on the GUI thread, would re-enter widgets that are being torn down) while the
        // deliveries under way end (bounded by the outbox's own limit).
        m_stopping = true;
        auto drained = std::make_shared<QSemaphore>();
        QMetaObject::invokeMethod(
            m_outboxDispatcher,
            [d = m_outboxDispatcher, drained] { d->finish([drained] { drained->release(); }); },
            Qt::QueuedConnection);
        while (!drained->tryAcquire(1, 10)) {
            if (m_secrets && m_secrets->thread() == QThread::currentThread())
                QCoreApplication::sendPostedEvents(m_secrets);
        }
        m_stopping = false;
    }
    Q_EMIT stopped();
}

int PipelineEngine::busyWorkers() const
{
    return m_dispatcher ? m_dispatcher->busy() : 0;
}

Result<void> PipelineEngine::pause()
{
    Ledger ledger(m_store, m_clock);
    return JobQueue(m_store, ledger, QueueSettings{}, m_clock).pause();
}

Result<void> PipelineEngine::resume()
{
    Ledger ledger(m_store, m_clock);
    auto r = JobQueue(m_store, ledger, QueueSettings{}, m_clock).resume();
    if (r.ok())
        wake();
    return r;
}

bool PipelineEngine::isPaused() const
{
    Ledger ledger(m_store, m_clock);
    return JobQueue(m_store, ledger, QueueSettings{}, m_clock).isPaused();
}

void PipelineEngine::wake()
{
    if (m_running && m_dispatcher)
        QMetaObject::invokeMethod(m_dispatcher, &Dispatcher::wake, Qt::QueuedConnection);
}

template<class R>
void PipelineEngine::runOperation(const QString &name, qint64 jobId, std::function<Result<R>()> work,
                                  std::function<void(Result<R>)> done)
{
    if (auto p = prepare(); !p.ok()) {
        QMetaObject::invokeMethod(this, [this, name, jobId, done, e = p.error()] {
            Q_EMIT operationFinished(name, jobId, false, e.message);
            if (done)
                done(e);
        }, Qt::QueuedConnection);
        return;
    }
    QPointer<PipelineEngine> self(this);
    m_operationsPool.start([self, name, jobId, work = std::move(work), done = std::move(done)] {
        Result<R> r = work();
        if (!self)
            return;
        QMetaObject::invokeMethod(self.data(), [self, name, jobId, done, r] {
            if (!self)
                return;
            Q_EMIT self->operationFinished(name, jobId, r.ok(), r.ok() ? QString() : r.error().message);
            if (done)
                done(r);
            self->wake();
        }, Qt::QueuedConnection);
    });
}

void PipelineEngine::reconcileNow(bool dryRun)
{
    if (auto p = prepare(); !p.ok()) {
        Q_EMIT reconcileFailed(p.error().message);
        return;
    }
    QPointer<PipelineEngine> self(this);
    auto reconciler = std::make_shared<Reconciler>(
        m_store, m_endpoints.deployer, m_settings.requestTimeoutMs, m_options.reconcileGraceMs, m_clock);
    m_operationsPool.start([self, reconciler, dryRun] {
        auto r = reconciler->run(dryRun);
#ifdef __GLIBC__
        // The listing of every live contract (tens of MB after a long run) was freed into this
        // pool thread's malloc arena, which keeps it: the next run, on another thread, would
        // add its own. Handed back to the system instead (this walks every arena, briefly).
        malloc_trim(0);
#endif
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, r] {
                if (!self)
                    return;
                if (r.ok())
                    Q_EMIT self->reconciled(r.value().toJson());
                else
                    Q_EMIT self->reconcileFailed(r.error().message);
            },
            Qt::QueuedConnection);
    });
}

void PipelineEngine::retryJob(qint64 jobId, const QString &actor, IdCallback done)
{
    runOperation<qint64>(QStringLiteral("retry"), jobId, [this, jobId, actor] {
        auto r = m_operations->retryJob(jobId, actor);
        if (r.ok())
            Q_EMIT jobChanged(r.value(), Stage::Queued);
        return r;
    }, std::move(done));
}

void PipelineEngine::cancelJob(qint64 jobId, const QString &actor, DoneCallback done)
{
    runOperation<void>(QStringLiteral("cancel"), jobId, [this, jobId, actor] {
        auto r = m_operations->cancelJob(jobId, actor);
        if (r.ok())
            Q_EMIT jobChanged(jobId, Stage::Cancelled);
        return r;
    }, std::move(done));
}

void PipelineEngine::restartDeployment(qint64 jobId, const QString &actor, DoneCallback done)
{
    runOperation<void>(
        QStringLiteral("restart"), jobId,
        [this, jobId, actor] {
            auto r = m_operations->restartDeployment(jobId, actor);
            if (r.ok()) {
                // The check runs as pipeline steps: claim it now, not at the next poll.
                Q_EMIT jobChanged(jobId, Stage::WaitingReady);
                QMetaObject::invokeMethod(this, &PipelineEngine::wake, Qt::QueuedConnection);
            }
            return r;
        },
        std::move(done));
}

void PipelineEngine::stopDeployment(qint64 jobId, const QString &actor, DoneCallback done)
{
    runOperation<void>(QStringLiteral("stop"), jobId, [this, jobId, actor] {
        auto r = m_operations->stopDeployment(jobId, actor);
        if (r.ok())
            Q_EMIT jobChanged(jobId, Stage::Stopped);
        return r;
    }, std::move(done));
}

} // namespace griddeck
