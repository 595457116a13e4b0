#include "grid/TcpProbe.h"

#include "grid/HttpClient.h"

#include <QMetaObject>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace griddeck {

void TcpProbe::probe(const QString &host, quint16 port, int timeoutMs, Callback callback, QPointer<QObject> context)
{
    const QString target = QStringLiteral("%1:%2").arg(host).arg(port);
    auto *socket = new QTcpSocket;
    const bool hasContext = !context.isNull();

    // Exactly one outcome: whichever of connected / error / timeout comes first. The state is
    // shared by the handlers (which die with the socket); it holds nothing that holds it.
    struct State
    {
        Callback callback;
        QPointer<QObject> context;
        bool hasContext = false;
        bool done = false;
    };
    auto state = std::make_shared<State>(State{std::move(callback), context, hasContext, false});
    // Takes an Error pointer (null = connected): passing an empty Result<void> by value trips a
    // GCC 12 -Wmaybe-uninitialized false positive.
    const auto finish = [state, socket](const Error *error) {
        if (state->done)
            return;
        state->done = true;
        socket->abort(); // may emit errorOccurred: ignored, done is set
        socket->deleteLater();
        if (state->hasContext && state->context.isNull())
            return;
        state->callback(error ? Result<void>(*error) : Result<void>());
    };

    if (host.isEmpty() || port == 0) {
        const Error e = Error::invalid(QStringLiteral("TCP probe of \"%1\": needs a host and a port from 1 to 65535").arg(target));
        QMetaObject::invokeMethod(socket, [finish, e] { finish(&e); }, Qt::QueuedConnection);
        return;
    }

    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    QObject::connect(socket, &QTcpSocket::connected, socket, [finish] { finish(nullptr); });
    QObject::connect(socket, &QAbstractSocket::errorOccurred, socket, [finish, socket, target] {
        const Error e{ErrorKind::Transient, QStringLiteral("TCP connect to %1: %2").arg(target, socket->errorString())};
        finish(&e);
    });
    QObject::connect(timer, &QTimer::timeout, socket, [finish, target, timeoutMs] {
        const Error e{ErrorKind::Transient,
                      QStringLiteral("TCP connect to %1: no answer within %2 ms").arg(target).arg(timeoutMs)};
        finish(&e);
    });
    if (hasContext)
        QObject::connect(context.data(), &QObject::destroyed, socket, [finish] { finish(nullptr); }); // dropped: context gone
    timer->start(timeoutMs);
    socket->connectToHost(host, port);
}

Result<void> TcpProbe::probeBlocking(const QString &host, quint16 port, int timeoutMs)
{
    auto r = HttpClient::waitOnWorker<Result<void>>(
        [&](auto done) { probe(host, port, timeoutMs, std::move(done)); });
    if (!r)
        return Error{ErrorKind::Internal, HttpClient::mainThreadRefusal("probeBlocking")};
    return *r;
}

} // namespace griddeck
