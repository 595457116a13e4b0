#pragma once
// The last step of a health check: can we open a TCP connection to the deployment's SSH port?
// Asynchronous (QTcpSocket on the calling thread, with its own timeout); the blocking variant
// is for pipeline worker threads only, like HttpClient's.

#include "domain/Result.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace griddeck {

class TcpProbe
{
public:
    using Callback = std::function<void(Result<void>)>;
    static constexpr int kDefaultTimeoutMs = 5'000;

    // Calls back once, later, on this thread: success when the connection opened (it is then
    // closed at once); a Transient error naming host:port when refused, unreachable or silent
    // for timeoutMs; InvalidInput for an empty host or port 0. When `context` is given and is
    // destroyed first, the probe is abandoned and the callback dropped.
    static void probe(const QString &host, quint16 port, int timeoutMs, Callback callback,
                      QPointer<QObject> context = nullptr);
    static Result<void> probeBlocking(const QString &host, quint16 port, int timeoutMs = kDefaultTimeoutMs);
};

} // namespace griddeck
