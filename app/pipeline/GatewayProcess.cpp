#include "pipeline/GatewayProcess.h"

#include "grid/BearerTokens.h"
#include "grid/HttpClient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTcpServer>

namespace griddeck {

namespace {

constexpr int kFirstBackoffMs = 1000;
constexpr int kMaxBackoffMs = 30000;
constexpr int kHealthyMs = 60000; // running this long resets the backoff
constexpr int kPollMs = 3000;

QByteArray randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toHex();
}

// A public SSH key for the VMs (not a secret): the user's default one, if any.
QString defaultSshKey()
{
    for (const char *name : { ".ssh/id_ed25519.pub", ".ssh/id_rsa.pub" }) {
        QFile f(QDir::home().filePath(QString::fromLatin1(name)));
        if (f.open(QIODevice::ReadOnly))
            return QString::fromUtf8(f.readAll()).trimmed();
    }
    return QString();
}

} // namespace

GatewayProcess::GatewayProcess(
    QString program, QStringList arguments, SecretsProvider secrets, QObject *parent)
    : QObject(parent)
    , m_program(std::move(program))
    , m_arguments(std::move(arguments))
    , m_secrets(std::move(secrets))
{
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &GatewayProcess::spawn);
    m_pollTimer.setInterval(kPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &GatewayProcess::poll);
}

GatewayProcess::~GatewayProcess()
{
    stop();
}

QString GatewayProcess::stateName(State state)
{
    switch (state) {
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Starting:
        return QStringLiteral("starting");
    case State::Ready:
        return QStringLiteral("ready");
    case State::Unreachable:
        return QStringLiteral("unreachable");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

QString GatewayProcess::statusText() const
{
    return m_message.isEmpty() ? stateName(m_state)
                               : QStringLiteral("%1: %2").arg(stateName(m_state), m_message);
}

QString GatewayProcess::defaultProgram()
{
    const QString path
        = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("griddeck-gridd"));
    return QFileInfo(path).isExecutable() ? path : QString();
}

QStringList GatewayProcess::argumentsFor(const QString &network, const QString &substrateUrl,
    const QString &relayUrl, const QString &proxyUrl, const QString &graphqlUrl)
{
    QStringList args { QStringLiteral("--network"), network };
    const std::pair<const char *, QString> overrides[] = { { "--substrate-url", substrateUrl },
        { "--relay-url", relayUrl }, { "--proxy-url", proxyUrl }, { "--graphql-url", graphqlUrl } };
    for (const auto &[flag, value] : overrides)
        if (!value.trimmed().isEmpty())
            args << QString::fromLatin1(flag) << value.trimmed();
    return args;
}

qint64 GatewayProcess::processId() const
{
    return m_process ? m_process->processId() : 0;
}

Result<QUrl> GatewayProcess::start()
{
    if (m_process || m_restartTimer.isActive())
        return m_url;
    if (m_program.isEmpty())
        return Error::invalid(
            QStringLiteral("griddeck-gridd was not found next to this program: build the gateway "
                           "(make build) to deploy on a real network"));
    // A free port, chosen here so the URL is known now; the gateway keeps it across restarts.
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return Error::invalid(
            QStringLiteral("no free port on 127.0.0.1 for the grid gateway: %1").arg(probe.errorString()));
    m_port = probe.serverPort();
    probe.close();
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    m_stopping = false;
    spawn();
    m_pollTimer.start();
    return m_url;
}

void GatewayProcess::spawn()
{
    if (m_stopping)
        return;
    m_token = randomToken();
    setBearerToken(m_url, m_token);
    const quint64 generation = ++m_generation;
    setState(State::Starting, QStringLiteral("starting the grid gateway"));

    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        if (key.startsWith(QStringLiteral("GRIDDECK_SECRET_")))
            env.remove(key); // the gateway takes its secrets from stdin only
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(m_process, &QProcess::finished, this, &GatewayProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFinished();
    });
    // stdout: the first line ({"port", "token", "url"}) and nothing else; read to keep it drained.
    connect(m_process, &QProcess::readyReadStandardOutput, m_process,
        [p = m_process] { p->readAllStandardOutput(); });
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_process->start(
        m_program, m_arguments + QStringList { QStringLiteral("--port"), QString::number(m_port) });

    if (!m_secrets) {
        writeSecrets(QString(), QString());
        return;
    }
    QPointer<GatewayProcess> self(this);
    m_secrets([self, generation](const QString &mnemonic, const QString &stellar) {
        if (self && generation == self->m_generation)
            self->writeSecrets(mnemonic, stellar);
    });
}

void GatewayProcess::writeSecrets(const QString &mnemonic, const QString &stellar)
{
    if (!m_process)
        return;
    QJsonObject line { { QStringLiteral("token"), QString::fromLatin1(m_token) },
        { QStringLiteral("ssh_public_key"), defaultSshKey() } };
    if (!mnemonic.isEmpty())
        line.insert(QStringLiteral("mnemonic"), mnemonic);
    if (!stellar.isEmpty())
        line.insert(QStringLiteral("stellar_secret"), stellar);
    QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    m_process->write(bytes);
    bytes.fill('\0'); // not left behind in this buffer
}

void GatewayProcess::onFinished()
{
    if (!m_process)
        return;
    QProcess *p = m_process;
    m_process = nullptr;
    const int code = p->exitCode();
    const bool crashed = p->exitStatus() == QProcess::CrashExit || p->error() == QProcess::FailedToStart;
    p->deleteLater();
    if (m_stopping)
        return;
    if (QDateTime::currentMSecsSinceEpoch() - m_startedMs > kHealthyMs)
        m_backoffMs = kFirstBackoffMs;
    setState(State::Failed,
        crashed
            ? QStringLiteral("the grid gateway stopped (crashed); restarting in %1 s").arg(m_backoffMs / 1000)
            : QStringLiteral("the grid gateway exited with code %1; restarting in %2 s")
                  .arg(code)
                  .arg(m_backoffMs / 1000));
    ++m_restarts;
    m_restartTimer.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
}

void GatewayProcess::stop()
{
    m_stopping = true;
    m_restartTimer.stop();
    m_pollTimer.stop();
    if (m_process) {
        QProcess *p = m_process;
        m_process = nullptr;
        p->disconnect(this);
        p->closeWriteChannel(); // its stdin closes: it exits on its own
        if (!p->waitForFinished(3000)) {
            p->terminate();
            if (!p->waitForFinished(2000))
                p->kill();
            p->waitForFinished(1000);
        }
        delete p;
    }
    if (m_url.isValid())
        setBearerToken(m_url, QByteArray());
    setState(State::Stopped, QString());
}

void GatewayProcess::poll()
{
    if (!m_process || m_process->state() != QProcess::Running)
        return;
    QPointer<GatewayProcess> self(this);
    const quint64 generation = m_generation;
    HttpRequestOptions options;
    options.timeoutMs = 2500;
    options.context = this;
    HttpClient(2500).get(
        m_url.resolved(QUrl(QStringLiteral("/status"))),
        [self, generation](HttpResult r) {
            if (!self || generation != self->m_generation || !self->m_process)
                return;
            if (!r.ok()) {
                // Not listening yet (node loads the SDK) or not answering.
                if (self->m_state != State::Starting)
                    self->setState(State::Unreachable, QStringLiteral("the grid gateway does not answer"));
                return;
            }
            const QJsonObject o = r->json.object();
            if (o.value(QStringLiteral("ready")).toBool())
                self->setState(State::Ready,
                    QStringLiteral("twin %1").arg(o.value(QStringLiteral("twin_id")).toInteger()));
            else
                self->setState(State::Unreachable, o.value(QStringLiteral("message")).toString());
        },
        options);
}

void GatewayProcess::setState(State state, const QString &message)
{
    if (state == m_state && message == m_message)
        return;
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged(state, message);
}

} // namespace griddeck
