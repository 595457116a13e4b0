#pragma once
// The grid simulator served over HTTP on 127.0.0.1: Grid Proxy, deployment gateway, price
// feeds, TFT wallet and the /_sim control API of docs/grid-gateway-api.md, plus a loopback TCP
// port that stands in for deployments' SSH. Lives in the thread that creates it; nothing here
// blocks that thread (latency and hung requests are timers).

#include "sim/SimEngine.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <map>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpServer;
class QTcpSocket;

namespace griddeck {

class GridSimulator : public QObject
{
    Q_OBJECT
public:
    // A hung request (timeout fault) is let go after this long, or when the simulator goes.
    static constexpr int kHoldMs = 60000;

    explicit GridSimulator(const SimOptions &options = SimOptions(), QObject *parent = nullptr);
    ~GridSimulator() override;

    // Listens on 127.0.0.1 (port 0 = any free port). False when the port is taken or the
    // nodes file is unusable; errorString() says which.
    bool start(quint16 port = 0);
    bool isListening() const { return m_port != 0; }
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QUrl url() const; // http://127.0.0.1:<port>
    quint16 sshPort() const { return m_sshPort; }
    const SimOptions &options() const { return m_options; }

    // The current node objects (real schema), used_resources included.
    QList<QJsonObject> fleet() const;
    void setFaults(const SimFaults &faults);
    SimFaults faults() const;
    // Same as GET /_sim/state.
    QJsonObject state() const;
    int liveContractCount() const;
    // Requests delayed or hung right now.
    int pendingReplyCount() const { return int(m_pending.size()); }
    // Back to the seeded start (as POST /_sim/reset).
    void reset();
    const SimEngine &engine() const { return *m_engine; }

Q_SIGNALS:
    // After each request: the endpoint ("GET /nodes"), the request target (path?query), the
    // status sent (0 when a timeout fault holds the reply) and the fault applied ("" if none).
    void requestHandled(const QString &endpoint, const QString &target, int status, const QString &fault);

private:
    struct Pending
    {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        SimOutcome outcome;
        QString target;
    };

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void send(QHttpServerResponder &responder, const QPointer<QTcpSocket> &socket, const SimOutcome &outcome, const QString &target);
    void deliver(quint64 id);
    void release(quint64 id);
    void acceptSsh();

    SimOptions m_options;
    std::unique_ptr<SimEngine> m_engine;
    QString m_error;
    QHttpServer *m_http = nullptr;
    QTcpServer *m_ssh = nullptr;
    quint16 m_port = 0;
    quint16 m_sshPort = 0;
    std::map<quint64, Pending> m_pending;
    quint64 m_nextPending = 0;
};

} // namespace griddeck
