#pragma once
// What a user buys: one of the seed's five service types (VM, container, Kubernetes cluster,
// storage, application) plus the resources, network and environment common to all of them.
// Pure data: validation and the JSON form stored in jobs.spec_json, no I/O.
//
// JSON (flat, the type's own fields next to the common ones; every key snake_case as in the
// seed's serde structs):
//   {"service_type": "vm", "os": "ubuntu", "version": "22.04",
//    "cpu_cores": 2, "memory_gb": 4, "storage_gb": 50,
//    "network_config": {"public_ipv4": false, "public_ipv6": true, "mycelium": true, "planetary": false},
//    "environment_vars": {"TZ": "UTC"},
//    "docker_image": "...", "kubernetes_manifest": "..."}        (the last two optional)
// Nothing bought is dropped: docker_image is a container's image (it must match `image`; other
// types have no image and refuse it) and goes to the gateway as docker_image; the manifest goes
// as kubernetes_manifest and is applied to the cluster (docs/grid-gateway-api.md).
// Type fields: vm {os, version}; container {image, ports, flist}; kubernetes {node_count};
// storage {storage_type}; app {app_id}.

#include "domain/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace griddeck {

// The order matches ServiceDetails' alternatives.
enum class ServiceType { VM, Container, KubernetesCluster, Storage, Application };

struct VmService
{
    QString os;      // "ubuntu"
    QString version; // "22.04"
    bool operator==(const VmService &) const = default;
};

struct ContainerService
{
    QString image; // a Docker image reference ("nginx:1.25", "ghcr.io/org/app@sha256:…") or an flist URL
    QList<int> ports; // exposed ports, 1..65535, no duplicates
    // The flist the grid boots the container from (a micro VM): "https://hub.grid.tf/<user>/<name>.flist".
    // Required unless `image` is itself an flist URL: the grid cannot run a Docker image as such.
    QString flist;
    bool operator==(const ContainerService &) const = default;

    // The flist to boot: `flist`, else `image` when it is an flist URL, else empty.
    QString bootFlist() const;
};

// "https://<host>/<path>.flist" (the ThreeFold Hub's form; what grid_client's machines accept).
bool isFlistUrl(const QString &text);

struct KubernetesService
{
    qint64 nodeCount = 1; // 1..20
    bool operator==(const KubernetesService &) const = default;
};

struct StorageService
{
    QString storageType; // one of ServiceSpec::storageTypes()
    bool operator==(const StorageService &) const = default;
};

struct ApplicationService
{
    QString appId; // a catalogue id: "nextcloud", "wordpress"
    bool operator==(const ApplicationService &) const = default;
};

using ServiceDetails = std::variant<VmService, ContainerService, KubernetesService, StorageService, ApplicationService>;

struct NetworkConfig
{
    bool publicIpv4 = false; // costs an IPU on the grid, so off unless asked for
    bool publicIpv6 = true;
    bool mycelium = true;
    bool planetary = false;
    bool operator==(const NetworkConfig &) const = default;
};

// One validation problem: the JSON field it concerns ("cpu_cores", "ports[2]",
// "environment_vars.FOO") and a sentence that names it.
struct SpecProblem
{
    QString field;
    QString message;
};

struct ServiceSpec
{
    // Resource bounds (per VM / container / Kubernetes node).
    static constexpr qint64 kMinCpuCores = 1, kMaxCpuCores = 64;
    static constexpr qint64 kMinMemoryGb = 1, kMaxMemoryGb = 1024;
    static constexpr qint64 kMinStorageGb = 1, kMaxStorageGb = 100000;
    static constexpr qint64 kMinNodeCount = 1, kMaxNodeCount = 20;
    static constexpr int kMaxEnvironmentVars = 64;
    static constexpr int kMaxEnvironmentValueBytes = 4096;
    static constexpr int kMaxEnvironmentNameLength = 128;
    static constexpr int kMaxPorts = 64;
    static constexpr int kMaxManifestBytes = 256 * 1024;

    ServiceDetails details = VmService{};
    qint64 cpuCores = 1;
    qint64 memoryGb = 1;
    qint64 storageGb = 1;
    NetworkConfig networkConfig;
    QMap<QString, QString> environment;
    std::optional<QString> dockerImage;
    std::optional<QString> kubernetesManifest; // only for kubernetes services

    static ServiceSpec make(ServiceDetails details, qint64 cpuCores, qint64 memoryGb, qint64 storageGb);

    ServiceType type() const { return static_cast<ServiceType>(details.index()); }
    template<class T>
    const T *as() const
    {
        return std::get_if<T>(&details);
    }

    // "vm", "container", "kubernetes", "storage", "app" (also the gateway's path segment).
    QString serviceTypeName() const { return serviceTypeName(type()); }
    static QString serviceTypeName(ServiceType type);
    static std::optional<ServiceType> serviceTypeFromName(const QString &name);
    static QStringList serviceTypeNames();

    // The storage types the grid offers:
    //   zdb    a 0-DB namespace (key-value / append-only backend store)
    //   qsfs   the Quantum Safe Filesystem (0-DB backed, dispersed)
    //   volume a plain block volume mounted into a VM or container
    //   s3     an S3-compatible object store (MinIO over QSFS)
    static QStringList storageTypes();

    // Every problem, each naming its field; empty when the spec is valid.
    QList<SpecProblem> problems() const;
    // InvalidInput carrying all problems, "; "-separated, when there are any.
    Result<void> validate() const;

    QJsonObject toJson() const;
    // Strict: a wrong type, an unknown key or a missing required key is an InvalidInput error
    // naming the key (all of them, "; "-separated). Structure only: call validate() for ranges.
    static Result<ServiceSpec> fromJson(const QJsonObject &object);
    static Result<ServiceSpec> fromJsonText(const QByteArray &json);

    // "vm ubuntu 22.04 · 2 CPU · 4 GB · 50 GB"
    QString summary() const;

    bool operator==(const ServiceSpec &) const = default;
};

// Docker reference syntax: [registry[:port]/]path[:tag][@sha256:<64 hex>], path lowercase.
bool isValidImageReference(const QString &reference);

} // namespace griddeck
