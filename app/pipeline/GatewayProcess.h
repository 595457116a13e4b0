#pragma once
// Supervises griddeck-gridd, the grid gateway over the official ThreeFold SDK (gateway/,
// docs/grid-gateway-api.md "The real gateway"), for a real [threefold_grid] network.
//
// The port (a free one on 127.0.0.1) and the bearer token (new at each start) are chosen here,
// so the URL is known before the gateway answers and requests made meanwhile fail as transient.
// The twin mnemonic and the Stellar secret are asked of the secrets provider (the SecretStore,
// i.e. the OS keychain) at each start and written to the gateway's stdin as one JSON line: never
// argv, the environment (GRIDDECK_SECRET_* variables are removed from the child's) or a file. A crash
// restarts it after 1 s, doubling up to 30 s; stop() closes its stdin (it exits) and waits. GET /status is
// polled every 3 s: Ready, or Unreachable with what it cannot reach ("chain / relay unreachable").

#include "domain/Result.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <functional>

namespace griddeck {

class GatewayProcess : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Ready, Unreachable, Failed };
    // Called at each start with where to hand the mnemonic and the Stellar secret (may answer
    // later, on this thread); an empty mnemonic makes the gateway refuse a real network.
    using SecretsProvider
        = std::function<void(std::function<void(const QString &mnemonic, const QString &stellarSecret)>)>;

    // `program`: the griddeck-gridd launcher; `arguments`: --network and URL overrides (no secret).
    GatewayProcess(
        QString program, QStringList arguments, SecretsProvider secrets, QObject *parent = nullptr);
    ~GatewayProcess() override; // stop()s

    // Picks the port and starts; the URL is valid at once. InvalidInput when no port is free.
    Result<QUrl> start();
    void stop();

    QUrl url() const { return m_url; }
    QByteArray token() const { return m_token; }
    State state() const { return m_state; }
    QString message() const { return m_message; }
    int restarts() const { return m_restarts; }
    qint64 processId() const;
    // How long the next restart waits (ms); for tests and the status text.
    int backoffMs() const { return m_backoffMs; }

    static QString stateName(State state);
    // "ready", "unreachable: chain / relay unreachable", ...: for the status bar.
    QString statusText() const;

    // The launcher next to the running executable (bin/griddeck-gridd), or empty.
    static QString defaultProgram();
    // The arguments for a network and the config's overrides ("" = the SDK's default).
    static QStringList argumentsFor(const QString &network, const QString &substrateUrl,
        const QString &relayUrl, const QString &proxyUrl, const QString &graphqlUrl);

Q_SIGNALS:
    void stateChanged(GatewayProcess::State state, const QString &message);

private:
    void spawn();
    void writeSecrets(const QString &mnemonic, const QString &stellar);
    void onFinished();
    void poll();
    void setState(State state, const QString &message);

    QString m_program;
    QStringList m_arguments;
    SecretsProvider m_secrets;
    QProcess *m_process = nullptr;
    QTimer m_restartTimer;
    QTimer m_pollTimer;
    QUrl m_url;
    QByteArray m_token;
    quint16 m_port = 0;
    State m_state = State::Stopped;
    QString m_message;
    int m_restarts = 0;
    int m_backoffMs = 1000;
    qint64 m_startedMs = 0;
    bool m_stopping = false;
    quint64 m_generation = 0; // secrets read for an older start are dropped
};

} // namespace griddeck
