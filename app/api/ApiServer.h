#pragma once
// The seed's HTTP API (docs/api.yaml), served by `griddeckctl serve` over a running pipeline:
//
//   GET  /api/deployments/{id}/status     the seed's status shape (DeploymentStatus.h)
//   POST /api/deployments/{id}/restart    an active deployment (PipelineEngine, off this thread)
//   POST /api/deployments/{id}/stop
//   POST /api/purchases                   a shop's payment becomes a queued job (ApiPurchases.h)
//   GET  /api/deployments?user=&page=&size=
//
// Every request carries "Authorization: Bearer <token>" (ApiTokens.h). A user token sees only
// its user's deployments: another's answers 404, exactly as one that does not exist. Errors
// are {"error": {"status", "code", "message"}}: 400 malformed, 401 no or unknown token, 403
// role not allowed, 404, 405, 409 state or payment conflict, 413 body too large, 422 a field
// is wrong, 502 the grid failed the operation.
//
// No route table: one handler dispatches on method and path, and keeps the responder when
// the answer comes later (restart and stop wait for the grid on the engine's pool).

#include "api/ApiTokens.h"
#include "domain/Result.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace griddeck {

class ApiPurchases;
class PipelineEngine;

struct ApiOptions
{
    qint64 maxBodyBytes = 64 * 1024;
    int defaultPageSize = 20;
    int maxPageSize = 100;
};

class ApiServer : public QObject
{
    Q_OBJECT
public:
    // `engine` is started and outlives the server; the server lives on the engine's thread.
    explicit ApiServer(PipelineEngine &engine, ApiOptions options = ApiOptions(), QObject *parent = nullptr);
    ~ApiServer() override;

    // InvalidInput when the address cannot be bound (in use, not local).
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    QUrl url() const { return m_url; }

    // "127.0.0.1:8088", "[::1]:8088", ":8088" (loopback) → address and port.
    static Result<std::pair<QHostAddress, quint16>> parseListen(const QString &text);

Q_SIGNALS:
    void requestHandled(const QString &method, const QString &path, int status);

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    PipelineEngine &m_engine;
    ApiOptions m_options;
    ApiTokens m_tokens;
    std::unique_ptr<ApiPurchases> m_purchases;
    QHttpServer *m_http = nullptr;
    QUrl m_url;
};

} // namespace griddeck
