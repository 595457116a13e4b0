#pragma once
// The deployment gateway's bodies (docs/grid-gateway-api.md), as plain structs: the request we
// POST to /deployments/{type}, the deployment object every reply carries, and the health report.

#include "domain/Money.h"
#include "domain/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace griddeck {

enum class DeploymentType { Vm, Container, Kubernetes, Storage, App };

QString deploymentTypeName(DeploymentType type); // "vm", "container", "kubernetes", "storage", "app"
std::optional<DeploymentType> deploymentTypeFromName(const QString &name);

struct NetworkFlags
{
    bool publicIpv4 = false;
    bool publicIpv6 = false;
    bool mycelium = true;
    bool planetary = false;
};

struct DeploymentRequest
{
    DeploymentType type = DeploymentType::Vm;
    QString name;              // "gd<installation>j<job>": see validateWorkloadName
    qint64 jobId = 0;
    qint64 twinId = 0;         // the twin the contract is for (twin_id); 0 = not sent
    QList<qint64> nodeIds;     // one per kubernetes member, else exactly one; node_id = the first
    int cpu = 1;
    int memoryGb = 1;
    int storageGb = 0;
    // per type
    QString os;                // vm
    QString version;           // vm
    QString image; // container: the flist URL the micro VM boots
    QString dockerImage; // container: the Docker image it was converted from (optional)
    QList<int> ports;          // container, 1..65535
    int nodeCount = 0;         // kubernetes; 0 = nodeIds.size()
    QString kubernetesManifest; // kubernetes: applied to the cluster once it runs (optional)
    QString storageType;       // storage
    QString appId;             // app
    NetworkFlags network;
    QMap<QString, QString> environment;
    Tft payment;               // sent as {"amount": "2231.4000000", "currency": "TFT"}

    // The documented body; InvalidInput naming the field when something cannot be sent.
    Result<QJsonObject> toJson() const;
};

// ZOS's workload result states (tfgrid-sdk-go grid-client/zos/types.go): init, unchanged (an
// update failed, the previous state stands), ok, error, deleted, paused.
enum class DeploymentState { Init, Ok, Error, Deleted, Unchanged, Paused };

QString deploymentStateName(DeploymentState state); // "init", "ok", "error", "deleted", "unchanged", "paused"
std::optional<DeploymentState> deploymentStateFromName(const QString &name);

struct DeploymentInfo
{
    QString id;                // "dep-000042-1"
    qint64 contractId = 0;
    qint64 nodeId = 0;
    QList<qint64> nodeIds;
    DeploymentType type = DeploymentType::Vm;
    DeploymentState state = DeploymentState::Init;
    QString ip;                // the address, without the prefix ZOS sends ("185.69.61.10")
    int ipPrefixLength = -1;   // 24 for "185.69.61.10/24"; -1 when sent without one
    QString ipv6;
    int ipv6PrefixLength = -1;
    QString myceliumIp;
    QString webUrl;
    QString message;           // the node's words when state is error
    qint64 createdAt = 0;      // unix seconds
    qint64 updatedAt = 0;
    // What the server allows on it ("cancel", "restart", "stop"); nullopt when it does not say
    // (then all three). The real grid has no restart or stop (docs/grid-gateway-api.md).
    std::optional<QStringList> actions;

    // Required: id, contract_id, node_id, type, state. Everything else defaults to empty.
    static Result<DeploymentInfo> fromJson(const QJsonObject &object);
};

// grid_client's workload name rule (tfgrid-sdk-go grid-client/workloads/deployment.go
// validateName; tfgrid-sdk-ts grid_client IsAlphanumericExpectUnderscore): ^[a-zA-Z0-9_]+$,
// at most 36 characters.
inline constexpr int kMaxWorkloadNameLength = 36;
Result<void> validateWorkloadName(const QString &name);

struct DeploymentIp
{
    QString cidr;          // as sent
    QString address;       // without the prefix
    int prefixLength = -1; // -1 = none sent
};
// "185.69.61.10/24", "2a02:1802:5e::12/64" or a bare address.
Result<DeploymentIp> parseDeploymentIp(const QString &text);

struct HealthCheck
{
    QString name;
    bool ok = false;
    QString message;
};

struct HealthReport
{
    bool healthy = false;
    QList<HealthCheck> checks;
    QString sshHost;           // empty when the reply has no ssh section
    quint16 sshPort = 0;

    // Required: healthy, checks. ssh optional, but when present needs host and a port 1..65535.
    static Result<HealthReport> fromJson(const QJsonObject &object);
    // "workload: container exited; ssh: refused" — the failing checks in words.
    QString failureSummary() const;
};

} // namespace griddeck
