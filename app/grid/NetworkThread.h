#pragma once
// The pipeline's network thread: one QThread whose event loop sends every request of the
// steps (QNetworkAccessManager's asynchronous replies, TCP probes) and runs their callbacks.
// A step awaits a call with `co_await network.call<R>([…](auto done) { client.get(…, done); })`:
// the start function runs on this thread, and the step continues on the worker pool (its
// Executor) when `done` is called. So a step waiting for a reply holds no worker thread.
//
// The per-host bound (httpgate, HttpClient.h) is installed here: at most maxRequestsPerHost
// requests in flight per origin; the rest wait on this thread in a queue per origin.
//
// Shutdown: abortAll() fails every waiting and in-flight request (their callbacks run with a
// Transient "aborted" error, so every awaiting step ends normally); the destructor does it too.

#include "domain/Task.h"

#include <QString>
#include <functional>

class QObject;
class QThread;

namespace griddeck {

class NetworkThread
{
public:
    explicit NetworkThread(int maxRequestsPerHost);
    ~NetworkThread();
    NetworkThread(const NetworkThread &) = delete;
    NetworkThread &operator=(const NetworkThread &) = delete;

    int maxRequestsPerHost() const { return m_maxPerHost; }
    // Runs `work` on the network thread, later (never inside post()).
    void post(std::function<void()> work) const;
    // The awaitable of a callback-style call started on the network thread.
    template<class R> CallbackAwait<R> call(typename CallbackAwait<R>::Start start) const
    {
        return CallbackAwait<R>(
            [this](std::function<void()> work) { post(std::move(work)); }, std::move(start));
    }
    // Fails every request waiting or in flight, and every later one, with `why`. Blocks until
    // done on the network thread; callable from any other thread.
    void abortAll(const QString &why);
    // The most requests in flight to one origin at once so far (tests).
    int peakInFlight() const;
    // Second copies of unanswered GETs sent so far (HttpRequestOptions::noHedge). For tests.
    int hedgesSent() const;

private:
    int m_maxPerHost;
    QThread *m_thread = nullptr;
    QObject *m_anchor = nullptr; // lives on m_thread: the target of post()
};

} // namespace griddeck
