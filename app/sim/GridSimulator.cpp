#include "sim/GridSimulator.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace griddeck {

namespace {

// Replies go out without Nagle's delay, as Go's net/http (the real Grid Proxy) sends them: a
// reply written in two pieces otherwise waits for the client's delayed ACK, about 40 ms.
class NoDelayTcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        addPendingConnection(socket);
    }
};

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("OTHER");
    }
}

QString headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &h : request.headers())
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return QString::fromUtf8(h.second).trimmed();
    return QString();
}

SimFleet initialFleet(const SimOptions &options, QString *error)
{
    if (options.nodesFile.isEmpty())
        return SimFleet::generate(options.seed, options.nodeCount);
    auto loaded = SimFleet::loadFile(options.nodesFile);
    if (!loaded) {
        *error = loaded.error().message;
        return SimFleet();
    }
    return std::move(loaded).value();
}

} // namespace

GridSimulator::GridSimulator(const SimOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_engine = std::make_unique<SimEngine>(m_options, initialFleet(m_options, &m_error));
}

GridSimulator::~GridSimulator()
{
    // Hung and delayed replies go first; a responder's socket belongs to the HTTP server.
    m_pending.clear();
}

bool GridSimulator::start(quint16 port)
{
    if (!m_error.isEmpty())
        return false;
    if (isListening())
        return true;
    auto *tcp = new NoDelayTcpServer(this);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        m_error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcp->errorString());
        delete tcp;
        return false;
    }
    m_ssh = new QTcpServer(this);
    if (!m_ssh->listen(QHostAddress::LocalHost, 0)) {
        m_error = QStringLiteral("cannot open the loopback SSH port: %1").arg(m_ssh->errorString());
        delete tcp;
        delete m_ssh;
        m_ssh = nullptr;
        return false;
    }
    connect(m_ssh, &QTcpServer::newConnection, this, &GridSimulator::acceptSsh);
    m_sshPort = m_ssh->serverPort();
    m_engine->setSshPort(m_sshPort);

    // No routes: every request reaches one handler that dispatches on method and path, and
    // may keep the responder to answer later.
    m_http = new QHttpServer(this);
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
    m_http->bind(tcp);
    m_port = tcp->serverPort();
    return true;
}

QUrl GridSimulator::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QList<QJsonObject> GridSimulator::fleet() const
{
    QList<QJsonObject> out;
    for (const SimNode &n : m_engine->fleet().nodes())
        out.append(m_engine->fleet().nodeJson(n));
    return out;
}

void GridSimulator::setFaults(const SimFaults &faults)
{
    m_engine->setFaults(faults);
}

SimFaults GridSimulator::faults() const
{
    return m_engine->faults();
}

QJsonObject GridSimulator::state() const
{
    return m_engine->state();
}

int GridSimulator::liveContractCount() const
{
    return m_engine->liveContractCount();
}

void GridSimulator::reset()
{
    m_engine->reset();
}

void GridSimulator::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    SimRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path();
    r.query = request.query();
    r.body = request.body();
    r.idempotencyKey = headerValue(request, QByteArrayLiteral("Idempotency-Key"));
    QString target = r.path;
    if (!request.url().query().isEmpty())
        target += u'?' + request.url().query();

    SimOutcome outcome = m_engine->handle(r);
    const QPointer<QTcpSocket> socket = responder.socket();
    if (!outcome.hold && outcome.latencyMs <= 0) {
        send(responder, socket, outcome, target);
        return;
    }
    // Answer later (latency) or never (timeout): keep the responder. Its socket may go away
    // meanwhile (the client gave up), so it is only written through a guarded pointer.
    const quint64 id = ++m_nextPending;
    const bool hold = outcome.hold;
    const int latency = outcome.latencyMs;
    m_pending.emplace(id, Pending{std::make_unique<QHttpServerResponder>(std::move(responder)), socket,
                                  std::move(outcome), target});
    if (hold) {
        Q_EMIT requestHandled(m_pending[id].outcome.endpoint, target, 0, QStringLiteral("timeout"));
        QTimer::singleShot(kHoldMs, this, [this, id] { release(id); });
    } else {
        QTimer::singleShot(latency, this, [this, id] { deliver(id); });
    }
}

void GridSimulator::send(QHttpServerResponder &responder, const QPointer<QTcpSocket> &socket, const SimOutcome &outcome,
                         const QString &target)
{
    const SimReply &reply = outcome.reply;
    if (socket && socket->state() == QAbstractSocket::ConnectedState) {
        QHttpServerResponse response(reply.contentType, reply.body, QHttpServerResponder::StatusCode(reply.status));
        for (const auto &h : reply.headers)
            response.setHeader(h.first, h.second);
        response.write(std::move(responder));
    }
    Q_EMIT requestHandled(outcome.endpoint, target, reply.status, outcome.fault);
}

void GridSimulator::deliver(quint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    send(*pending.responder, pending.socket, pending.outcome, pending.target);
}

void GridSimulator::release(quint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    if (it->second.socket)
        it->second.socket->disconnectFromHost();
    m_pending.erase(it);
}

void GridSimulator::acceptSsh()
{
    // Enough of an SSH server for a reachability check: accept, send the banner, wait for the
    // client to hang up.
    while (QTcpSocket *socket = m_ssh->nextPendingConnection()) {
        socket->write(QByteArrayLiteral("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

} // namespace griddeck
