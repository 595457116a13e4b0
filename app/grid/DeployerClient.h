#pragma once
// The deployment gateway (docs/grid-gateway-api.md): create, read, cancel, restart, stop and
// health-check deployments. Every POST carries the caller's Idempotency-Key (required: a
// repeated key returns the first reply and does nothing new, so a re-run step is safe).
// Asynchronous calls deliver on the calling thread; *Blocking variants are for pipeline
// worker threads only (see HttpClient.h). Errors are Transient or Permanent as HttpClient
// classifies them; a reply we cannot read is Transient (a malformed reply).

#include "grid/Deployment.h"
#include "grid/HttpClient.h"

#include <QUrl>

#include <functional>
#include <optional>

namespace griddeck {

class DeployerClient
{
public:
    template<class T>
    using Callback = std::function<void(Result<T>)>;

    explicit DeployerClient(QUrl baseUrl, HttpClient http = HttpClient());

    // POST /deployments/{type}; the reply's deployment (state init, usually).
    void create(const DeploymentRequest &request, const QByteArray &idempotencyKey,
                Callback<DeploymentInfo> callback) const;
    // GET /deployments/{id}
    void fetch(const QString &deploymentId, Callback<DeploymentInfo> callback) const;
    // POST /deployments/{id}/cancel. 404 means there is nothing left to cancel: success, with
    // std::nullopt instead of the deployment object.
    void cancel(const QString &deploymentId, const QByteArray &idempotencyKey,
                Callback<std::optional<DeploymentInfo>> callback) const;
    void restart(const QString &deploymentId, const QByteArray &idempotencyKey,
                 Callback<DeploymentInfo> callback) const;
    void stop(const QString &deploymentId, const QByteArray &idempotencyKey, Callback<DeploymentInfo> callback) const;
    // GET /deployments/{id}/health
    void health(const QString &deploymentId, Callback<HealthReport> callback) const;

    Result<DeploymentInfo> createBlocking(const DeploymentRequest &request, const QByteArray &idempotencyKey) const;
    Result<DeploymentInfo> fetchBlocking(const QString &deploymentId) const;
    Result<std::optional<DeploymentInfo>> cancelBlocking(const QString &deploymentId,
                                                         const QByteArray &idempotencyKey) const;
    Result<DeploymentInfo> restartBlocking(const QString &deploymentId, const QByteArray &idempotencyKey) const;
    Result<DeploymentInfo> stopBlocking(const QString &deploymentId, const QByteArray &idempotencyKey) const;
    Result<HealthReport> healthBlocking(const QString &deploymentId) const;

private:
    QUrl endpoint(const QString &path) const;
    void postAction(const QString &deploymentId, const QString &action, const QByteArray &idempotencyKey,
                    std::function<void(HttpResult)> callback) const;

    QUrl m_base;
    HttpClient m_http;
};

// Deployment ids go into URL paths: letters, digits, '.', '_' and '-' only, at most 128.
Result<void> checkDeploymentId(const QString &deploymentId);

} // namespace griddeck
