#include "cli/Context.h"

#include "pipeline/PipelineSettings.h"
#include "secrets/EnvironmentSecretStore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace griddeck::cli {

int exitCodeFor(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::InvalidInput:
    case ErrorKind::NotFound:
        return ExitUsage;
    default:
        return ExitFailed;
    }
}

Context::Context(GlobalOptions global, QTextStream &out, QTextStream &err)
    : m_global(std::move(global))
    , m_out(out)
    , m_err(err)
    , m_thread(QThread::currentThread())
{
}

void Context::requireOwnThread() const
{
    if (QThread::currentThread() != m_thread)
        qFatal("griddeckctl: command output written from a thread other than the command's own");
}

Result<void> Context::loadConfig()
{
    if (!m_global.configFile.isEmpty()) {
        auto loaded = Config::loadFile(m_global.configFile);
        if (!loaded.ok())
            return loaded.error();
        m_config = loaded.value();
        m_configSource = QFileInfo(m_global.configFile).absoluteFilePath();
        return {};
    }
    const QString userFile = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/GridDeck/deployment.toml");
    auto loaded = Config::loadFileOrDefaults(userFile);
    if (!loaded.ok())
        return loaded.error();
    m_config = loaded.value();
    m_configSource = QFileInfo::exists(userFile) ? userFile : QStringLiteral("built-in defaults");
    return {};
}

QString Context::databasePath() const
{
    if (m_global.dbFile.isEmpty() && m_config.store.backend == u"postgresql")
        return m_config.store.connection;
    if (!m_global.dbFile.isEmpty())
        return m_global.dbFile;
    if (!m_config.store.path.isEmpty())
        return m_config.store.path;
    return Store::defaultPath();
}

Result<void> Context::openStore(bool create)
{
    // A server has no keychain: the PostgreSQL password comes from the environment secret store.
    const auto password = EnvironmentSecretStore::value(SecretName::StorePassword);
    auto location
        = m_config.storeLocation(m_global.dbFile, Store::defaultPath(), password.value_or(QString()));
    if (!location.ok())
        return location.error();
    auto opened = Store::open(
        location.value(), create ? Store::OpenMode::CreateIfMissing : Store::OpenMode::MustExist);
    if (!opened.ok())
        return opened.error();
    m_store = opened.value();
    m_ledger = std::make_unique<Ledger>(m_store, clock());
    m_queue = std::make_unique<JobQueue>(m_store, *m_ledger, queueSettingsFrom(m_config), clock());
    return {};
}

int Context::fail(const Error &error)
{
    requireOwnThread();
    m_err << "griddeckctl: " << error.message << "\n";
    if (m_global.json) {
        printJson(QJsonObject{{QStringLiteral("error"),
                               QJsonObject{{QStringLiteral("kind"), errorKindName(error.kind)},
                                           {QStringLiteral("message"), error.message}}}});
    }
    return exitCodeFor(error);
}

int Context::usage(const QString &message)
{
    return fail(Error::invalid(message));
}

void Context::printJson(const QJsonValue &value)
{
    requireOwnThread();
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << document.toJson(QJsonDocument::Indented);
}

} // namespace griddeck::cli
