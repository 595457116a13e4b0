#pragma once
// A small HTTP client over the calling thread's own QNetworkAccessManager.
//
// Threads: every thread that makes a request gets its own QNetworkAccessManager (kept in a
// QThreadStorage, created on first use, deleted when the thread ends); a manager never crosses
// threads. An HttpClient is only configuration (timeout, User-Agent), cheap to copy and safe to
// use from any thread: a request always runs on the thread that issued it.
//
// Two ways to call:
// - Asynchronous (any thread, the GUI thread included): get()/post() return at once; the
//   callback runs later on the same thread, from its event loop, exactly once — never inside
//   get()/post() itself. No blocking wait, no nested event loop.
// - Blocking (pipeline worker threads ONLY): blockingGet()/blockingPost() run a local
//   QEventLoop on the current thread until the reply arrives. Called on the application's main
//   thread they refuse (an error, nothing sent), because a nested loop there would re-enter the
//   GUI.
//
// Every request carries User-Agent "GridDeck/0.1" and a transfer timeout; TLS peer
// verification stays on (SSL errors are never ignored). Errors are classified as the pipeline
// needs them (docs/grid-gateway-api.md): connection refused/reset, timeout, HTTP 5xx and 429,
// and a malformed body are Transient; other 4xx (and TLS failures) are Permanent. The message
// names the method and URL and quotes the server's {"error": "..."} sentence when there is one.

#include "domain/Result.h"

#include <QByteArray>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

#include <functional>
#include <optional>
#include <utility>
#include <variant>

namespace griddeck {

struct HttpResponse
{
    int status = 0;
    QUrl url;
    QByteArray body;
    QJsonDocument json;                              // filled when the request expected JSON
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-case

    // A response header by (case-insensitive) name, or an empty array.
    QByteArray header(QByteArrayView name) const;
};

struct HttpError
{
    enum class Kind { Transient, Permanent };
    Kind kind = Kind::Transient;
    int status = 0;  // the HTTP status, 0 when no HTTP reply arrived
    QString url;
    QString message; // a sentence naming the method, URL and what went wrong
    bool timedOut = false; // no data for the request's timeout

    bool isTransient() const { return kind == Kind::Transient; }
    // The domain error the pipeline classifies on (ErrorKind::Transient / Permanent).
    Error toError() const;
};

// Either an HttpResponse (2xx) or an HttpError; the same accessors as Result<T>.
class [[nodiscard]] HttpResult
{
public:
    HttpResult(HttpResponse response)
        : m_data(std::move(response))
    {
    }
    HttpResult(HttpError error)
        : m_data(std::move(error))
    {
    }
    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const HttpResponse &value() const & { return std::get<0>(m_data); }
    HttpResponse &&value() && { return std::get<0>(std::move(m_data)); }
    const HttpResponse *operator->() const { return &value(); }
    const HttpError &error() const { return std::get<1>(m_data); }
    // As a domain Result, for callers that only need the classification.
    Result<HttpResponse> toResult() const
    {
        if (ok())
            return value();
        return error().toError();
    }

private:
    std::variant<HttpResponse, HttpError> m_data;
};

struct HttpRequestOptions
{
    int timeoutMs = -1;           // -1: the client's default
    QByteArray idempotencyKey;    // sent as Idempotency-Key when not empty
    bool expectJson = true;       // a 2xx body that is not a JSON object/array is a Transient error
    // When set, the callback is dropped if this object is destroyed before the reply arrives
    // (the request is then aborted), so callbacks may capture `this` safely.
    QPointer<QObject> context;
    // GETs, and POSTs carrying an Idempotency-Key, on a thread with a per-host gate (the
    // pipeline's network thread) are hedged: one unanswered well past the origin's usual time
    // gets a second copy, first answer wins. A POST's copy carries the same key, so the server
    // does the work once and both copies get its one answer. Set to send exactly one request.
    bool noHedge = false;
};

class HttpClient
{
public:
    using Callback = std::function<void(HttpResult)>;

    static constexpr int kDefaultTimeoutMs = 15'000;
    static QByteArray userAgent() { return QByteArrayLiteral("GridDeck/0.1"); }

    explicit HttpClient(int defaultTimeoutMs = kDefaultTimeoutMs)
        : m_defaultTimeoutMs(defaultTimeoutMs)
    {
    }
    int defaultTimeoutMs() const { return m_defaultTimeoutMs; }

    // Asynchronous; the callback runs later on the calling thread.
    void get(const QUrl &url, Callback callback, const HttpRequestOptions &options = {}) const;
    void post(const QUrl &url, const QJsonObject &body, const QByteArray &idempotencyKey, Callback callback,
              HttpRequestOptions options = {}) const;

    // Blocking, for pipeline worker threads only; refused on the main thread.
    HttpResult blockingGet(const QUrl &url, const HttpRequestOptions &options = {}) const;
    HttpResult blockingPost(const QUrl &url, const QJsonObject &body, const QByteArray &idempotencyKey,
                            HttpRequestOptions options = {}) const;

    // True on the application's main (GUI) thread, where blocking calls are refused.
    static bool onMainThread();

    // Waits for an asynchronous call on a worker thread: `start(done)` issues the call, and a
    // local event loop runs until `done` is called. Returns nullopt on the main thread (refused,
    // nothing started). The building block of every blocking* convenience in this module.
    template<class R, class Start>
    static std::optional<R> waitOnWorker(Start &&start)
    {
        if (onMainThread())
            return std::nullopt;
        std::optional<R> out;
        QEventLoop loop;
        start([&out, &loop](R r) {
            out.emplace(std::move(r));
            loop.quit();
        });
        if (!out)
            loop.exec();
        flushDeferredDeletes();
        return out;
    }
    // The sentence a refused blocking call returns.
    static QString mainThreadRefusal(const char *function);

private:
    void send(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
              const HttpRequestOptions &options) const;
    void sendHedged(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
                    const HttpRequestOptions &options) const;
    void sendGated(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
                   const HttpRequestOptions &options) const;
    // Sends on `manager`; `around(reply, true)` runs before the callback, `(reply, false)` after.
    QNetworkReply *issue(QNetworkAccessManager *manager, const QByteArray &verb, const QUrl &url,
                         const QByteArray &body, Callback callback, const HttpRequestOptions &options,
                         std::function<void(QNetworkReply *, bool)> around) const;
    static void flushDeferredDeletes();

    int m_defaultTimeoutMs;
};

// The per-host bound of the calling thread (NetworkThread installs it on its thread): at most
// maxPerHost requests in flight per origin (scheme, host, port); more wait in that origin's
// queue, in order, and their transfer timeout starts when they are sent. Threads without one
// send at once.
namespace httpgate {
void install(int maxPerHost);
// Fails every waiting request and aborts every one in flight ("aborted: <why>", Transient);
// from then on requests fail at once ("not sent: <why>").
void abortAll(const QString &why);
void uninstall(); // after abortAll(): frees the gate and its managers
int peakInFlight(); // the most requests in flight to one origin at once so far
int hedgesSent();   // second copies of requests sent so far (all origins)
} // namespace httpgate

// The {"error": "..."} sentence of an error body, or an empty string.
QString serverErrorSentence(const QByteArray &body);

} // namespace griddeck
