#include "grid/DeployerClient.h"

#include <QTimer>

namespace griddeck {

namespace {

// Errors found before sending still reach the callback later, never inside the call.
template<class T>
void failLater(DeployerClient::Callback<T> callback, Error error)
{
    QTimer::singleShot(0, [callback = std::move(callback), error = std::move(error)] { callback(error); });
}

Error malformed(const HttpResponse &response, const QString &verb, const QString &why)
{
    return {ErrorKind::Transient,
            QStringLiteral("%1 %2: malformed reply: %3").arg(verb, response.url.toDisplayString(), why)};
}

Result<DeploymentInfo> readDeployment(const HttpResult &r, const QString &verb)
{
    if (!r)
        return r.error().toError();
    if (!r->json.isObject())
        return malformed(r.value(), verb, QStringLiteral("expected a deployment object"));
    auto info = DeploymentInfo::fromJson(r->json.object());
    if (!info)
        return malformed(r.value(), verb, info.error().message);
    return info;
}

Result<void> checkKey(const QByteArray &idempotencyKey, const QString &what)
{
    if (idempotencyKey.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("%1: an Idempotency-Key is required").arg(what));
    return {};
}

template<class T, class Start>
Result<T> blocking(const char *function, Start &&start)
{
    auto r = HttpClient::waitOnWorker<Result<T>>(std::forward<Start>(start));
    if (!r)
        return Error{ErrorKind::Internal, HttpClient::mainThreadRefusal(function)};
    return std::move(*r);
}

} // namespace

Result<void> checkDeploymentId(const QString &deploymentId)
{
    if (deploymentId.isEmpty())
        return Error::invalid(QStringLiteral("deployment id is empty"));
    if (deploymentId.size() > 128)
        return Error::invalid(QStringLiteral("deployment id is longer than 128 characters"));
    for (QChar c : deploymentId) {
        const bool fine = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
            || c == u'_' || c == u'.';
        if (!fine)
            return Error::invalid(QStringLiteral("deployment id \"%1\" has a character other than letters, digits, "
                                                 "'.', '_' and '-'")
                                      .arg(deploymentId));
    }
    if (deploymentId == u"." || deploymentId == u"..")
        return Error::invalid(QStringLiteral("deployment id \"%1\" is not an id").arg(deploymentId));
    return {};
}

DeployerClient::DeployerClient(QUrl baseUrl, HttpClient http)
    : m_base(std::move(baseUrl))
    , m_http(http)
{
}

QUrl DeployerClient::endpoint(const QString &path) const
{
    QUrl url = m_base;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(QString());
    return url;
}

void DeployerClient::create(const DeploymentRequest &request, const QByteArray &idempotencyKey,
                            Callback<DeploymentInfo> callback) const
{
    const QString what = QStringLiteral("create %1 deployment").arg(deploymentTypeName(request.type));
    if (auto k = checkKey(idempotencyKey, what); !k)
        return failLater(std::move(callback), k.error());
    auto body = request.toJson();
    if (!body)
        return failLater(std::move(callback), body.error());
    const QUrl url = endpoint(QStringLiteral("/deployments/") + deploymentTypeName(request.type));
    m_http.post(url, body.value(), idempotencyKey, [callback = std::move(callback)](HttpResult r) {
        callback(readDeployment(r, QStringLiteral("POST")));
    });
}

void DeployerClient::fetch(const QString &deploymentId, Callback<DeploymentInfo> callback) const
{
    if (auto ok = checkDeploymentId(deploymentId); !ok)
        return failLater(std::move(callback), ok.error());
    m_http.get(endpoint(QStringLiteral("/deployments/") + deploymentId),
               [callback = std::move(callback)](HttpResult r) { callback(readDeployment(r, QStringLiteral("GET"))); });
}

void DeployerClient::postAction(const QString &deploymentId, const QString &action, const QByteArray &idempotencyKey,
                                std::function<void(HttpResult)> callback) const
{
    m_http.post(endpoint(QStringLiteral("/deployments/%1/%2").arg(deploymentId, action)), QJsonObject(),
                idempotencyKey, std::move(callback));
}

void DeployerClient::cancel(const QString &deploymentId, const QByteArray &idempotencyKey,
                            Callback<std::optional<DeploymentInfo>> callback) const
{
    if (auto ok = checkDeploymentId(deploymentId); !ok)
        return failLater(std::move(callback), ok.error());
    if (auto k = checkKey(idempotencyKey, QStringLiteral("cancel deployment ") + deploymentId); !k)
        return failLater(std::move(callback), k.error());
    postAction(deploymentId, QStringLiteral("cancel"), idempotencyKey, [callback = std::move(callback)](HttpResult r) {
        if (!r && r.error().status == 404) {
            callback(std::optional<DeploymentInfo>()); // nothing left to cancel
            return;
        }
        auto info = readDeployment(r, QStringLiteral("POST"));
        if (!info)
            callback(info.error());
        else
            callback(std::optional<DeploymentInfo>(std::move(info).value()));
    });
}

void DeployerClient::restart(const QString &deploymentId, const QByteArray &idempotencyKey,
                             Callback<DeploymentInfo> callback) const
{
    if (auto ok = checkDeploymentId(deploymentId); !ok)
        return failLater(std::move(callback), ok.error());
    if (auto k = checkKey(idempotencyKey, QStringLiteral("restart deployment ") + deploymentId); !k)
        return failLater(std::move(callback), k.error());
    postAction(deploymentId, QStringLiteral("restart"), idempotencyKey,
               [callback = std::move(callback)](HttpResult r) { callback(readDeployment(r, QStringLiteral("POST"))); });
}

void DeployerClient::stop(const QString &deploymentId, const QByteArray &idempotencyKey,
                          Callback<DeploymentInfo> callback) const
{
    if (auto ok = checkDeploymentId(deploymentId); !ok)
        return failLater(std::move(callback), ok.error());
    if (auto k = checkKey(idempotencyKey, QStringLiteral("stop deployment ") + deploymentId); !k)
        return failLater(std::move(callback), k.error());
    postAction(deploymentId, QStringLiteral("stop"), idempotencyKey,
               [callback = std::move(callback)](HttpResult r) { callback(readDeployment(r, QStringLiteral("POST"))); });
}

void DeployerClient::health(const QString &deploymentId, Callback<HealthReport> callback) const
{
    if (auto ok = checkDeploymentId(deploymentId); !ok)
        return failLater(std::move(callback), ok.error());
    m_http.get(endpoint(QStringLiteral("/deployments/%1/health").arg(deploymentId)),
               [callback = std::move(callback)](HttpResult r) {
                   if (!r) {
                       callback(r.error().toError());
                       return;
                   }
                   if (!r->json.isObject()) {
                       callback(malformed(r.value(), QStringLiteral("GET"), QStringLiteral("expected a health object")));
                       return;
                   }
                   auto report = HealthReport::fromJson(r->json.object());
                   if (!report)
                       callback(malformed(r.value(), QStringLiteral("GET"), report.error().message));
                   else
                       callback(std::move(report));
               });
}

Result<DeploymentInfo> DeployerClient::createBlocking(const DeploymentRequest &request,
                                                      const QByteArray &idempotencyKey) const
{
    return blocking<DeploymentInfo>("createBlocking",
                                    [&](auto done) { create(request, idempotencyKey, std::move(done)); });
}

Result<DeploymentInfo> DeployerClient::fetchBlocking(const QString &deploymentId) const
{
    return blocking<DeploymentInfo>("fetchBlocking", [&](auto done) { fetch(deploymentId, std::move(done)); });
}

Result<std::optional<DeploymentInfo>> DeployerClient::cancelBlocking(const QString &deploymentId,
                                                                     const QByteArray &idempotencyKey) const
{
    return blocking<std::optional<DeploymentInfo>>(
        "cancelBlocking", [&](auto done) { cancel(deploymentId, idempotencyKey, std::move(done)); });
}

Result<DeploymentInfo> DeployerClient::restartBlocking(const QString &deploymentId,
                                                       const QByteArray &idempotencyKey) const
{
    return blocking<DeploymentInfo>("restartBlocking",
                                    [&](auto done) { restart(deploymentId, idempotencyKey, std::move(done)); });
}

Result<DeploymentInfo> DeployerClient::stopBlocking(const QString &deploymentId, const QByteArray &idempotencyKey) const
{
    return blocking<DeploymentInfo>("stopBlocking",
                                    [&](auto done) { stop(deploymentId, idempotencyKey, std::move(done)); });
}

Result<HealthReport> DeployerClient::healthBlocking(const QString &deploymentId) const
{
    return blocking<HealthReport>("healthBlocking", [&](auto done) { health(deploymentId, std::move(done)); });
}

} // namespace griddeck
