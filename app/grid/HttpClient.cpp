#include "grid/HttpClient.h"

#include "grid/BearerTokens.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QJsonParseError>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QThreadStorage>
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

    if (netError != QNetworkReply::NoError && (status == 0 || success)) {
        HttpError e;
        e.kind = isTransientNetworkError(netError) ? HttpError::Kind::Transient : HttpError::Kind::Permanent;
        e.status = status;
        e.url = url.toDisplayString();
        e.message = QStringLiteral("%1: %2").arg(what, networkReason(netError, reply, timeoutMs));
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

void HttpClient::send(const QByteArray &verb, const QUrl &url, const QByteArray &body, Callback callback,
                      const HttpRequestOptions &options) const
{
    QNetworkAccessManager *manager = threadManager();
    const int timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : m_defaultTimeoutMs;

    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        HttpError e{HttpError::Kind::Permanent, 0, url.toDisplayString(),
                    QStringLiteral("%1: not a valid http(s) URL").arg(describeRequest(verb, url))};
        // Still asynchronous: callers may rely on the callback never running inside send().
        QMetaObject::invokeMethod(
            manager, [callback = std::move(callback), e = std::move(e)] { callback(e); }, Qt::QueuedConnection);
        return;
    }

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
                      callback = std::move(callback)] {
                         reply->deleteLater();
                         if (hasContext && (*requesterGone || context.isNull()))
                             return; // the requester is gone
                         callback(finish(reply, verb, url, timeoutMs, expectJson));
                     });
}

} // namespace griddeck
