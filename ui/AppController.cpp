#include "ui/AppController.h"

#include "models/DeploymentModel.h"
#include "models/QueueModel.h"
#include "models/StoreWatcher.h"
#include "models/UserModel.h"
#include "pipeline/PipelineSettings.h"
#include "queue/QueueOperations.h"
#include "secrets/EnvironmentSecretStore.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/MemorySecretStore.h"
#include "ui/DemoSeed.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>

namespace griddeck::ui {

namespace {

QString userConfigFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/GridDeck/deployment.toml");
}

} // namespace

AppController::AppController(QObject *parent)
    : QObject(parent)
    , m_clock(&SystemClock::instance())
{
    // Writes serialise on SQLite's lock; reads (WAL) run side by side, so a slow write does not hold up the panes.
    m_pool.setMaxThreadCount(4);
}

AppController::~AppController()
{
    shutdown();
}

QString AppController::actor() const
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? QStringLiteral("console") : QStringLiteral("console:%1").arg(user);
}

QString AppController::databasePath() const
{
    return m_store ? m_store->path() : QString();
}

Result<void> AppController::open(const Options &options)
{
    if (m_store)
        return Error{ErrorKind::Internal, tr("The console is already open on %1.").arg(m_store->path())};
    m_options = options;
    m_clock = options.clock ? options.clock : &SystemClock::instance();

    // Configuration: an explicit file must exist; the user's own file is optional.
    const QString file = options.configFile.isEmpty() ? userConfigFile() : options.configFile;
    auto loaded = options.configFile.isEmpty() ? Config::loadFileOrDefaults(file) : Config::loadFile(file);
    if (!loaded.ok())
        return loaded.error();
    m_config = loaded.value();
    m_configFilePath = QFileInfo(file).absoluteFilePath();

    // The PostgreSQL password: from the environment for now (the store opens before the
    // keychain answers).
    const auto password = EnvironmentSecretStore::value(SecretName::StorePassword);
    auto location
        = m_config.storeLocation(options.dbFile, Store::defaultPath(), password.value_or(QString()));
    if (!location.ok())
        return location.error();
    auto opened = Store::open(location.value());
    if (!opened.ok())
        return opened.error();
    m_store = opened.value();
    m_ledger = std::make_unique<Ledger>(m_store, *m_clock);
    m_queue = std::make_unique<JobQueue>(m_store, *m_ledger, queueSettingsFrom(m_config), *m_clock);
    // One read at start-up: later changes come back through setQueuePaused().
    m_queuePaused = m_queue->isPaused();

    // The demo needs no secrets of anyone's: it keeps them in memory and never asks a keyring
    // (which could prompt to unlock before the console even shows).
    if (!options.secrets && options.demo) {
        m_ownedSecrets = std::make_unique<MemorySecretStore>();
        setUpSecrets(m_ownedSecrets.get());
    } else {
        setUpSecrets(options.secrets);
    }

    m_watcher = new StoreWatcher(m_store, this);
    m_queueModel = new QueueModel(this);
    m_deploymentModel = new DeploymentModel(this);
    m_userModel = new UserModel(this);
    m_queueModel->setClock(m_clock);
    m_deploymentModel->setClock(m_clock);
    m_queueModel->attach(m_watcher);
    m_deploymentModel->attach(m_watcher);
    m_userModel->attach(m_watcher);
    connect(m_watcher, &StoreWatcher::storeError, this, &AppController::errorOccurred);
    m_watcher->start();

    if (options.demo) {
        run<DemoSeedResult>([this] { return seedDemoData(*m_ledger, *m_queue); },
                            [this](Result<DemoSeedResult> seeded) {
                                if (!seeded.ok()) {
                                    Q_EMIT errorOccurred(tr("Could not seed the demo data: %1").arg(seeded.error().message));
                                    return;
                                }
                                m_watcher->pokeNow();
                                Q_EMIT demoSeeded(seeded.value().users, seeded.value().jobs);
                            });
    }

    if (options.startEngine) {
        if (auto started = startEngine(); !started.ok())
            return started;
    }
    Q_EMIT workersChanged(0, m_totalWorkers);
    if (options.demo)
        startDemoTrickle();
    return {};
}

void AppController::startDemoTrickle()
{
    // A purchase every few seconds keeps the demo console alive.
    auto *timer = new QTimer(this);
    timer->setInterval(6000);
    connect(timer, &QTimer::timeout, this, [this, timer] {
        if (m_demoPurchases >= 200 || !m_engine) {
            timer->stop();
            return;
        }
        const int n = m_demoPurchases++;
        run<qint64>([this, n] { return enqueueDemoPurchase(*m_ledger, *m_queue, n); },
                    [this](Result<qint64> r) {
                        if (r.ok())
                            pokeWatcher();
                    });
    });
    timer->start();
}

void AppController::setUpSecrets(SecretStore *given)
{
    if (given) {
        m_secrets = given;
    } else {
        m_ownedSecrets = std::make_unique<KeychainSecretStore>();
        m_secrets = m_ownedSecrets.get();
    }
    m_keychainMessage = tr("Checking the %1…").arg(m_secrets->backendName());
    QPointer<AppController> self(this);
    m_secrets->probe([self](Result<void> result) {
        if (!self)
            return;
        if (result.ok()) {
            self->m_keychainAvailable = self->m_secrets->isPersistent();
            self->m_keychainMessage = self->m_secrets->isPersistent()
                                          ? tr("Secrets are kept in the %1.").arg(self->m_secrets->backendName())
                                          : tr("Secrets are kept in %1 only: they are forgotten when GridDeck exits.")
                                                .arg(self->m_secrets->backendName());
        } else {
            // No insecure fallback: keep secrets for this session only, and say so.
            self->m_keychainAvailable = false;
            self->m_keychainMessage = tr("No keychain answered (%1). Secrets are kept for this session only.")
                                          .arg(result.error().message);
            self->m_sessionSecrets = std::make_unique<MemorySecretStore>();
            self->m_secrets = self->m_sessionSecrets.get();
            self->m_secrets->probe([](Result<void>) {});
        }
        Q_EMIT self->keychainStatus(self->m_keychainAvailable, self->m_keychainMessage);
    });
}

void AppController::shutdown()
{
    if (m_shutDown || !m_store)
        return;
    m_shutDown = true;
    for (QTimer *timer : findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        timer->stop(); // the demo's purchases
    stopEngine();
    if (m_watcher)
        m_watcher->stop();
    // Its threads close their connections before they end (left to each thread's own end, the
    // close can race with the end of the process).
    Store::closePoolConnections(m_pool);
}

bool AppController::waitForBackgroundWork(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    do {
        if (!m_pool.waitForDone(int(std::max<qint64>(0, deadline.remainingTime()))))
            return false;
        // Deliver the answers (queued to this thread); one may start new work.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    } while (m_pool.activeThreadCount() > 0 && !deadline.hasExpired());
    return m_pool.activeThreadCount() == 0;
}

Result<void> AppController::applyConfig(const Config &config)
{
    if (auto valid = config.validate(); !valid.ok())
        return valid;
    const QString path = m_configFilePath.isEmpty() ? userConfigFile() : m_configFilePath;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error::storage(tr("Could not create the folder %1 for the configuration.").arg(QFileInfo(path).absolutePath()));
    if (auto saved = config.saveFile(path); !saved.ok())
        return saved;
    m_configFilePath = QFileInfo(path).absoluteFilePath();
    const bool queueChanged = !(config.deploymentQueue == m_config.deploymentQueue)
                              || !(config.commission == m_config.commission)
                              || config.threefoldGrid.network != m_config.threefoldGrid.network;
    m_config = config;
    // New jobs take the new limits, commission and retry count; running steps keep theirs.
    if (queueChanged && m_store) {
        m_pool.waitForDone(); // nothing in flight uses the old queue object
        m_queue = std::make_unique<JobQueue>(m_store, *m_ledger, queueSettingsFrom(m_config), *m_clock);
    }
    applyConfigToEngine();
    Q_EMIT configChanged();
    return {};
}

void AppController::setQueuePaused(bool paused)
{
    if (!m_queue)
        return;
    run<bool>(
        [this, paused]() -> Result<bool> {
            auto done = paused ? m_queue->pause() : m_queue->resume();
            if (!done.ok())
                return done.error();
            return paused;
        },
        [this](Result<bool> result) {
            if (!result.ok()) {
                Q_EMIT errorOccurred(tr("Could not change the queue: %1").arg(result.error().message));
                return;
            }
            if (m_queuePaused != result.value()) {
                m_queuePaused = result.value();
                Q_EMIT queuePausedChanged(m_queuePaused);
            }
            if (m_watcher)
                m_watcher->pokeNow();
        });
}

Result<void> AppController::makeDueNow(qint64 jobId)
{
    return queueops::makeDueNow(*m_store, jobId, actor(), tr("Retry now requested by the operator."), *m_clock);
}

Result<qint64> AppController::retryFailedJob(qint64 jobId)
{
    auto job = m_queue->job(jobId);
    if (!job.ok())
        return job.error();
    const Job &j = job.value();
    if (j.stage != Stage::Failed && j.stage != Stage::Cancelled && j.stage != Stage::Stopped)
        return Error::refused(tr("Job %1 is %2: only a failed, cancelled or stopped job can be retried.")
                                  .arg(jobId)
                                  .arg(stageName(j.stage)));
    EnqueueRequest request;
    request.userId = j.userId;
    request.spec = j.spec;
    request.amount = j.tfcAmount;
    request.priority = j.priority;
    request.actor = actor();
    request.retryOf = jobId;
    return m_queue->enqueue(request);
}

} // namespace griddeck::ui
