#include "grid/HttpClient.h"

#include "grid/BearerTokens.h"

#include <algorithm>
#include <array>
#include <memory>

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QJsonParseError>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QElapsedTimer>
#include <QThread>
#include <QThreadStorage>
#include <QTimer>
#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#include <QSslSocket>
#endif

namespace griddeck {

namespace {

// One manager per thread, created on first use and deleted by QThreadStorage when the thread
// ends (for the main thread: when the application object goes).
QNetworkAccessManager *threadManager()
{
    static QThreadStorage<QNetworkAccessManager *> storage;
    if (!storage.hasLocalData()) {
        auto *manager = new QNetworkAccessManager;
        manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
        storage.setLocalData(manager);
    }
    return storage.localData();
}

QString describeRequest(const QByteArray &verb, const QUrl &url)
{
    return QString::fromLatin1(verb) + u' ' + url.toDisplayString();
}

bool isTransientNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout aborts this way in 6.4
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProtocolFailure: // a garbled HTTP reply: a malformed body, retry
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return true;
    default:
        return false; // TLS failures, unsupported schemes, redirect loops: retrying won't help
    }
}

QString networkReason(QNetworkReply::NetworkError error, const QNetworkReply *reply, int timeoutMs)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("the server closed the connection before replying");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return QStringLiteral("timed out (no data for %1 ms)").arg(timeoutMs);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS verification failed: %1").arg(reply->errorString());
    default:
        return reply->errorString();
    }
}

HttpResult finish(QNetworkReply *reply, const QByteArray &verb, const QUrl &url, int timeoutMs, bool expectJson)
{
    const QString what = describeRequest(verb, url);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError netError = reply->error();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray(); // aborted replies are closed
    const bool success = status >= 200 && status < 300;

    if (const QVariant aborted = reply->property("griddeck_aborted"); aborted.isValid()) {
        return HttpError{HttpError::Kind::Transient, status, url.toDisplayString(),
                         QStringLiteral("%1: aborted: %2").arg(what, aborted.toString())};
    }
    if (netError != QNetworkReply::NoError && (status == 0 || success)) {
        HttpError e;
        e.kind = isTransientNetworkError(netError) ? HttpError::Kind::Transient : HttpError::Kind::Permanent;
        e.status = status;
        e.url = url.toDisplayString();
        e.message = QStringLiteral("%1: %2").arg(what, networkReason(netError, reply, timeoutMs));
        e.timedOut = netError == QNetworkReply::TimeoutError || netError == QNetworkReply::OperationCanceledError;
        return e;
    }
    if (!success) {
        HttpError e;
        e.status = status;
        e.url = url.toDisplayString();
        e.kind = (status == 429 || status >= 500 || status == 0) ? HttpError::Kind::Transient
                                                                   : HttpError::Kind::Permanent;
        QString sentence = serverErrorSentence(body);
        if (sentence.isEmpty())
            sentence = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        e.message = QStringLiteral("%1: HTTP %2%3").arg(what).arg(status).arg(sentence.isEmpty() ? QString()
                                                                                                 : QStringLiteral(": ") + sentence);
        return e;
    }

    HttpResponse response;
    response.status = status;
    response.url = url;
    response.body = body;
    for (const auto &pair : reply->rawHeaderPairs())
        response.headers.append({pair.first.toLower(), pair.second});
    if (expectJson) {
        QJsonParseError parseError;
        response.json = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError || (!response.json.isObject() && !response.json.isArray())) {
            HttpError e;
            e.kind = HttpError::Kind::Transient;
            e.status = status;
            e.url = url.toDisplayString();
            e.message = QStringLiteral("%1: malformed reply (HTTP %2, %3 bytes): %4")
                            .arg(what)
                            .arg(status)
                            .arg(body.size())
                            .arg(body.trimmed().isEmpty() ? QStringLiteral("empty body")
                                                          : QStringLiteral("not JSON: ") + parseError.errorString());
            return e;
        }
    }
    return response;
}

} // namespace

QByteArray HttpResponse::header(QByteArrayView name) const
{
    const QByteArray lower = name.toByteArray().toLower();
    for (const auto &pair : headers) {
        if (pair.first == lower)
            return pair.second;
    }
    return {};
}

Error HttpError::toError() const
{
    return {kind == Kind::Transient ? ErrorKind::Transient : ErrorKind::Permanent, message};
}

QString serverErrorSentence(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    const QJsonValue error = doc.object().value(QStringLiteral("error"));
    if (!error.isString())
        return {};
    QString sentence = error.toString().simplified();
    if (sentence.size() > 300)
        sentence = sentence.left(297) + QStringLiteral("...");
    return sentence;
}

namespace {

QString originOf(const QUrl &url)
{
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() + u':'
        + QString::number(url.port(url.scheme() == u"https" ? 443 : 80));
}

QMutex &tokenMutex()
{
    static QMutex m;
    return m;
}

QHash<QString, QByteArray> &tokens()
{
    static QHash<QString, QByteArray> t;
    return t;
}

} // namespace

QByteArray bearerTokenFor(const QUrl &url)
{
    QMutexLocker lock(&tokenMutex());
    return tokens().value(originOf(url));
}

void setBearerToken(const QUrl &origin, const QByteArray &token)
{
    QMutexLocker lock(&tokenMutex());
    if (token.isEmpty())
        tokens().remove(originOf(origin));
    else
        tokens().insert(originOf(origin), token);
}

bool HttpClient::onMainThread()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread();
}

QString HttpClient::mainThreadRefusal(const char *function)
{
    return QStringLiteral("%1 refused on the main thread: it would block the user interface; use the "
                          "asynchronous call with a callback")
        .arg(QLatin1String(function));
}

void HttpClient::flushDeferredDeletes()
{
    // Replies finished inside the local loop were deleteLater()'d at its level; free them now
    // rather than at this worker thread's next loop.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void HttpClient::get(const QUrl &url, Callback callback, const HttpRequestOptions &options) const
{
    send(QByteArrayLiteral("GET"), url, {}, std::move(callback), options);
}

void HttpClient::post(const QUrl &url, const QJsonObject &body, const QByteArray &idempotencyKey, Callback callback,
                      HttpRequestOptions options) const
{
    options.idempotencyKey = idempotencyKey;
    send(QByteArrayLiteral("POST"), url, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(callback),
         options);
}

HttpResult HttpClient::blockingGet(const QUrl &url, const HttpRequestOptions &options) const
{
    HttpRequestOptions waiting = options;
    waiting.context = nullptr; // the caller is waiting; nothing may drop the reply
    auto r = waitOnWorker<HttpResult>([&](auto done) { get(url, std::move(done), waiting); });
    if (!r)
        return HttpError{HttpError::Kind::Permanent, 0, url.toDisplayString(), mainThreadRefusal("blockingGet")};
    return std::move(*r);
}

HttpResult HttpClient::blockingPost(const QUrl &url, const QJsonObject &body, const QByteArray &idempotencyKey,
                                    HttpRequestOptions options) const
{
    options.context = nullptr; // the caller is waiting; nothing may drop the reply
    auto r = waitOnWorker<HttpResult>(
        [&](auto done) { post(url, body, idempotencyKey, std::move(done), options); });
    if (!r)
        return HttpError{HttpError::Kind::Permanent, 0, url.toDisplayString(), mainThreadRefusal("blockingPost")};
    return std::move(*r);
}

namespace {

// The per-host bound of a thread that installed one (the pipeline's network thread): at most
// `limit` requests in flight per origin, the rest wait in that origin's queue, in order. Qt 6.4
// opens at most six connections per origin and manager, so the gate spreads requests over
// enough managers for its limit (Qt 6.5's QHttp1Configuration is not available).
struct Gate
{
    struct Waiting
    {
        HttpClient client;
        QByteArray verb;
        QUrl url;
        QByteArray body;
        HttpClient::Callback callback;
        HttpRequestOptions options;
        bool hadContext = false; // its requester may have gone while it waited
    };
    struct Host
    {
        int inFlight = 0;
        std::vector<int> perManager;
        QList<Waiting> waiting;
        // Hedging (see HttpClient::send): the last answered requests' times, GETs and POSTs
        // apart (a create takes longer than a poll), and a budget in tenths of a request that
        // grows by one per request and is spent ten per hedge.
        struct Latencies
        {
            std::array<qint64, 64> ms {};
            int count = 0;
            int next = 0;
        };
        std::array<Latencies, 2> latency; // [0] GET, [1] POST
        int hedgeBudget = 50;
        int hedges = 0;
    };
    int limit = 1;
    std::vector<QNetworkAccessManager *> managers;
    QHash<QString, Host> hosts;
    QSet<QNetworkReply *> live;
    QString closed; // set by abortAll(): nothing more is sent, with this reason
    int peak = 0;   // most requests in flight to one origin at once (for tests)
};

thread_local Gate *t_gate = nullptr;
constexpr int kConnectionsPerManager = 6; // QHttpNetworkConnectionPrivate::defaultHttpChannelCount
constexpr int kMinHedgeMs = 250;          // never hedge sooner than this
constexpr int kHedgeBudgetCap = 100;      // at most ten hedges in a burst

// Which of a host's latency records a request's answer goes to (Gate::Host::latency).
int latencyKind(const QByteArray &verb)
{
    return verb == "POST" ? 1 : 0;
}

// When a request to this origin gets a second copy: well past what the answered ones took (three
// times their 95th percentile), so a slow but working server is not hedged. Before eight
// answers are known (a run's first requests), a third of the timeout: a lost first request
// must not cost the whole timeout, and no working server takes that long.
qint64 hedgeDelayMs(const Gate::Host &host, const QByteArray &verb, int timeoutMs)
{
    const Gate::Host::Latencies &known = host.latency[size_t(latencyKind(verb))];
    if (known.count < 8)
        return std::max(kMinHedgeMs, timeoutMs / 3);
    std::array<qint64, 64> sorted = known.ms;
    auto end = sorted.begin() + known.count;
    auto p95 = sorted.begin() + (known.count * 95) / 100;
    std::nth_element(sorted.begin(), p95, end);
    return std::clamp<qint64>(*p95 * 3, kMinHedgeMs, std::max(kMinHedgeMs, timeoutMs / 3));
}

void recordLatency(Gate::Host &host, const QByteArray &verb, qint64 ms)
{
    Gate::Host::Latencies &known = host.latency[size_t(latencyKind(verb))];
    known.ms[size_t(known.next)] = ms;
    known.next = (known.next + 1) % int(known.ms.size());
    known.count = std::min(known.count + 1, int(known.ms.size()));
}

HttpError notSent(const QByteArray &verb, const QUrl &url, const QString &why)
{
    return {HttpError::Kind::Transient, 0, url.toDisplayString(),
            QStringLiteral("%1: not sent: %2").arg(describeRequest(verb, url), why)};
}

} // namespace

namespace httpgate {

void install(int maxPerHost)
{
    if (t_gate)
        return;
    t_gate = new Gate;
    t_gate->limit = std::max(1, maxPerHost);
    const int managers = (t_gate->limit + kConnectionsPerManager - 1) / kConnectionsPerManager;
    for (int i = 0; i < managers; ++i) {
        auto *manager = new QNetworkAccessManager;
        manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
        t_gate->managers.push_back(manager);
    }
}

void abortAll(const QString &why)
{
    Gate *g = t_gate;
    if (!g)
        return;
    g->closed = why;
    for (auto it = g->hosts.begin(); it != g->hosts.end(); ++it) {
        const QList<Gate::Waiting> waiting = std::exchange(it->waiting, {});
        for (const Gate::Waiting &w : waiting)
            w.callback(notSent(w.verb, w.url, why));
    }
    const QSet<QNetworkReply *> live = g->live;
    for (QNetworkReply *reply : live) {
        reply->setProperty("griddeck_aborted", why);
        reply->abort(); // finished() runs its callback now, with the reason
    }
}

void uninstall()
{
    Gate *g = std::exchange(t_gate, nullptr);
    if (!g)
        return;
    for (QNetworkAccessManager *m : g->managers)
        delete m;
    delete g;
}

int peakInFlight()
{
    return t_gate ? t_gate->peak : 0;
}

int hedgesSent()
{
    int n = 0;
    if (t_gate) {
        for (const Gate::Host &h : std::as_const(t_gate->hosts))
            n += h.hedges;
    }
    return n;
}

} // namespace httpgate

void HttpClient::send(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
                      const HttpRequestOptions &options) const
{
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        HttpError e{HttpError::Kind::Permanent, 0, url.toDisplayString(),
                    QStringLiteral("%1: not a valid http(s) URL").arg(describeRequest(verb, url))};
        // Still asynchronous: callers may rely on the callback never running inside send().
        QMetaObject::invokeMethod(
            threadManager(), [callback = std::move(callback), e = std::move(e)] { callback(e); },
            Qt::QueuedConnection);
        return;
    }
    Gate *g = t_gate;
    if (!g) {
        issue(threadManager(), verb, url, body, std::move(callback), options, {});
        return;
    }
    if (!g->closed.isEmpty()) {
        QMetaObject::invokeMethod(
            g->managers.front(),
            [callback = std::move(callback), e = notSent(verb, url, g->closed)] { callback(e); },
            Qt::QueuedConnection);
        return;
    }
    // Each request the caller makes (not a hedge's copy, not a retry from the queue) adds a
    // tenth of a hedge to its origin's budget.
    Gate::Host &caller = g->hosts[originOf(url)];
    caller.hedgeBudget = std::min(caller.hedgeBudget + 1, kHedgeBudgetCap);
    const bool repeatable = verb == "GET" || (verb == "POST" && !options.idempotencyKey.isEmpty());
    if (repeatable && options.context.isNull() && !options.noHedge) {
        sendHedged(verb, url, body, std::move(callback), options);
        return;
    }
    sendGated(verb, url, body, std::move(callback), options);
}

namespace {

// A losing copy is deleted later; until then the gate must not send it if it still waits.
constexpr char kDroppedCopy[] = "griddeck_dropped_copy";

// One request raced by up to two copies: the first answer wins and the other copy is aborted
// (its requester object, the copy's context, is deleted). A copy that got no HTTP reply at all
// (timed out, connection reset) does not win while the other copy may still answer, except the
// first copy once the request's timeout has passed: a copy never makes a request take longer.
// Only requests the server may see twice are raced: GETs, and POSTs with an Idempotency-Key
// (the server answers the second copy with the first one's reply, or waits for it).
struct HedgedRequest
{
    HttpClient::Callback callback;
    std::array<QPointer<QObject>, 2> copies;
    int pending = 0;
    bool done = false;
    QElapsedTimer started;

    void finish(HttpResult result)
    {
        done = true;
        for (const QPointer<QObject> &copy : copies) {
            if (copy) {
                copy->setProperty(kDroppedCopy, true);
                copy->deleteLater(); // aborts a copy still in flight (or drops it from the queue)
            }
        }
        callback(std::move(result));
    }
};

} // namespace

void HttpClient::sendHedged(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
                            const HttpRequestOptions &options) const
{
    auto race = std::make_shared<HedgedRequest>();
    race->callback = std::move(callback);
    race->started.start();
    const HttpClient client = *this;
    const int timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : m_defaultTimeoutMs;
    auto launch = [client, verb, url, body, options, race](int i) {
        auto *copy = new QObject;
        race->copies[size_t(i)] = copy;
        ++race->pending;
        HttpRequestOptions o = options;
        o.context = copy;
        o.noHedge = true;
        client.sendGated(verb, url, body, [race, i](HttpResult r) {
            --race->pending;
            if (race->done)
                return;
            const bool firstTimedOut = i == 0 && !r.ok() && r.error().timedOut;
            if (!r.ok() && r.error().status == 0 && race->pending > 0 && !firstTimedOut)
                return; // no reply at all: the other copy may still answer
            race->finish(std::move(r));
        }, o);
    };
    launch(0);
    // Hedge once the origin's usual time has passed; re-checked while the origin is saturated
    // (its requests queue at the gate), where a second copy would only add to the queue, and
    // while the budget is spent. The timer belongs to the first copy, so it goes when the race
    // ends.
    const QString origin = originOf(url);
    Gate *g = t_gate;
    const qint64 delay = g ? hedgeDelayMs(g->hosts[origin], verb, timeoutMs) : 0;
    if (delay <= 0 || !race->copies[0])
        return;
    auto *timer = new QTimer(race->copies[0]);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, race, launch, origin, verb, timeoutMs] {
        Gate *gate = t_gate;
        if (race->done || race->pending != 1 || !gate || !gate->closed.isEmpty())
            return;
        Gate::Host &host = gate->hosts[origin];
        // Not now while the origin is saturated or this burst's hedges are spent (the budget
        // grows with the requests made): looked at again a hedge delay later, unless a copy
        // sent then could only answer after the first copy's own timeout.
        if (!host.waiting.isEmpty() || host.hedgeBudget < 10) {
            const qint64 next = hedgeDelayMs(host, verb, timeoutMs);
            if (race->started.elapsed() + next < timeoutMs)
                timer->start(int(next));
            return;
        }
        host.hedgeBudget -= 10;
        ++host.hedges;
        launch(1);
    });
    timer->start(int(delay));
}

void HttpClient::sendGated(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
                           const HttpRequestOptions &options) const
{
    Gate *g = t_gate;
    const QString origin = originOf(url);
    Gate::Host &host = g->hosts[origin];
    if (host.perManager.empty())
        host.perManager.assign(g->managers.size(), 0);
    if (host.inFlight >= g->limit) {
        host.waiting.append(
            Gate::Waiting{*this, verb, url, body, std::move(callback), options, !options.context.isNull()});
        return;
    }
    // The first manager with a free connection to this origin (each opens at most six): few
    // requests keep to one manager and its warm connections; more spill over to the next.
    size_t pick = 0;
    while (pick + 1 < host.perManager.size() && host.perManager[pick] >= kConnectionsPerManager)
        ++pick;
    ++host.inFlight;
    ++host.perManager[pick];
    g->peak = std::max(g->peak, host.inFlight);
    QElapsedTimer sent;
    sent.start();
    auto release = [origin, verb, pick, sent](QNetworkReply *reply) {
        Gate *gate = t_gate;
        if (!gate)
            return;
        gate->live.remove(reply);
        Gate::Host &h = gate->hosts[origin];
        --h.inFlight;
        --h.perManager[pick];
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status > 0)
            recordLatency(h, verb, sent.elapsed()); // answered: how long this origin takes
    };
    auto next = [origin] {
        Gate *gate = t_gate;
        if (!gate)
            return;
        auto it = gate->hosts.find(origin);
        while (it != gate->hosts.end() && !it->waiting.isEmpty() && it->inFlight < gate->limit) {
            Gate::Waiting w = it->waiting.takeFirst();
            if (w.hadContext && (w.options.context.isNull() || w.options.context->property(kDroppedCopy).toBool()))
                continue; // its requester is gone (a hedge's losing copy): never sent
            w.client.sendGated(w.verb, w.url, w.body, std::move(w.callback), w.options);
            return;
        }
    };
    QNetworkReply *reply = issue(g->managers[pick], verb, url, body, std::move(callback), options,
                                 [release, next](QNetworkReply *r, bool before) {
                                     if (before)
                                         release(r);
                                     else
                                         next();
                                 });
    g->live.insert(reply);
}

QNetworkReply *HttpClient::issue(QNetworkAccessManager *manager, const QByteArray &verb, const QUrl &url,
                                 const QByteArray &body, Callback callback, const HttpRequestOptions &options,
                                 std::function<void(QNetworkReply *, bool)> around) const
{
    const int timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : m_defaultTimeoutMs;
    const QString scheme = url.scheme();

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    if (!options.idempotencyKey.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Idempotency-Key"), options.idempotencyKey);
    if (const QByteArray bearer = bearerTokenFor(url); !bearer.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + bearer);
    request.setTransferTimeout(timeoutMs);
#if QT_CONFIG(ssl)
    if (scheme == u"https") {
        QSslConfiguration tls = request.sslConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer); // explicit: verification is never relaxed
        request.setSslConfiguration(tls);
    }
#endif

    QNetworkReply *reply = nullptr;
    if (verb == "GET") {
        reply = manager->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = manager->sendCustomRequest(request, verb, body);
    }

    const bool hasContext = !options.context.isNull();
    QPointer<QObject> context = options.context;
    // Set when the requester starts dying. A widget emits destroyed() from ~QWidget, after its
    // subclass is gone but before QPointer clears, so the pointer alone cannot tell.
    auto requesterGone = std::make_shared<bool>(false);
    if (hasContext) {
        QObject::connect(context.data(), &QObject::destroyed, reply, [reply, requesterGone] {
            *requesterGone = true;
            reply->abort();
        });
    }
    const bool expectJson = options.expectJson;
    QObject::connect(reply, &QNetworkReply::finished, manager,
                     [reply, verb, url, timeoutMs, expectJson, hasContext, context, requesterGone,
                      around = std::move(around), callback = std::move(callback)] {
                         reply->deleteLater();
                         if (around)
                             around(reply, true);
                         if (!(hasContext && (*requesterGone || context.isNull())))
                             callback(finish(reply, verb, url, timeoutMs, expectJson));
                         if (around)
                             around(reply, false); // the next waiting request to this origin
                     });
    return reply;
}

} // namespace griddeck
