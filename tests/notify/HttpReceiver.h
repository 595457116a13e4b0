#pragma once
// A real HTTP/1.1 receiver on loopback for channel tests: records each request (method, path,
// headers, body) and answers with the status the test chose, or never answers (hang).

#include "Prerequisites.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <vector>

namespace griddeck::test {

struct ReceivedRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
};

class HttpReceiver
{
public:
    HttpReceiver()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onData(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
                    m_buffers.remove(socket);
                    socket->deleteLater();
                });
            }
        });
    }

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
    }

    int status = 200;
    QByteArray replyBody = "ok";
    bool hang = false;
    std::vector<ReceivedRequest> requests;

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        ReceivedRequest request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return; // the rest of the body is still on its way
        request.body = buffer.mid(headerEnd + 4, length);
        m_buffers.remove(socket);
        requests.push_back(request);
        if (hang)
            return;
        const QByteArray reply = "HTTP/1.1 " + QByteArray::number(status) + " Test\r\nContent-Type: text/plain\r\n"
            + "Content-Length: " + QByteArray::number(replyBody.size()) + "\r\nConnection: close\r\n\r\n" + replyBody;
        socket->write(reply);
        socket->disconnectFromHost();
    }

    // Declared first so it outlives the server: closing sockets still report in on the way out.
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QTcpServer m_server;
};

} // namespace griddeck::test
