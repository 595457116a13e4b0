#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for client tests: a raw QTcpServer that parses each
// request, records it, and answers what the test's handler says (a reply, silence, or a
// dropped connection). Lives on the thread that creates it; header-only, no moc.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace griddeck::test {

struct CannedRequest
{
    QByteArray method;
    QByteArray target; // path and query as sent
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QByteArray body;

    QString path() const { return QUrl(QString::fromLatin1(target)).path(); }
    QUrlQuery query() const { return QUrlQuery(QUrl(QString::fromLatin1(target)).query()); }
};

struct CannedReply
{
    enum class Action { Answer, Hang, Drop };
    int status = 200;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    Action action = Action::Answer;

    static CannedReply json(int status, const QByteArray &body) { return {status, body, {}, Action::Answer}; }
    static CannedReply hang() { return {0, {}, {}, Action::Hang}; }
    static CannedReply drop() { return {0, {}, {}, Action::Drop}; }
};

class CannedHttpServer
{
public:
    using Handler = std::function<CannedReply(const CannedRequest &)>;

    explicit CannedHttpServer(Handler handler = {})
        : m_handler(std::move(handler))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &pathAndQuery = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
    }
    const QList<CannedRequest> &requests() const { return m_requests; }

private:
    struct Connection
    {
        QByteArray buffer;
    };

    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            auto state = std::make_shared<Connection>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, state] {
                state->buffer += socket->readAll();
                tryAnswer(socket, *state);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void tryAnswer(QTcpSocket *socket, Connection &c)
    {
        const qsizetype end = c.buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        CannedRequest request;
        const QList<QByteArray> lines = c.buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        request.method = first.value(0);
        request.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (c.buffer.size() < end + 4 + length)
            return; // body not complete yet
        request.body = c.buffer.mid(end + 4, length);
        c.buffer.clear();
        m_requests.append(request);

        const CannedReply reply = m_handler ? m_handler(request) : CannedReply::json(200, "{}");
        switch (reply.action) {
        case CannedReply::Action::Hang:
            return; // keep the connection open, say nothing
        case CannedReply::Action::Drop:
            socket->abort();
            return;
        case CannedReply::Action::Answer:
            break;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
        out += "Content-Type: application/json\r\nConnection: close\r\n";
        out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
        for (const auto &h : reply.headers)
            out += h.first + ": " + h.second + "\r\n";
        out += "\r\n" + reply.body;
        socket->write(out);
        socket->disconnectFromHost();
    }

    static QByteArray reason(int status)
    {
        switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 409:
            return "Conflict";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
        }
    }

    QTcpServer m_server;
    Handler m_handler;
    QList<CannedRequest> m_requests;
};

} // namespace griddeck::test
