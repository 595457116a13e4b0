#pragma once
// A node as the Grid Proxy describes it (the real schema, see tests/data/gridproxy_node.json and
// docs/grid-gateway-api.md), and the proxy's /stats summary.
//
// Parsing is strict on what node selection needs — nodeId, farmId, country, total_resources,
// used_resources (each with cru, mru, sru, hru) and status — and reports every missing or wrong
// field at once. Other fields are optional: absent means the default noted beside it; present
// with the wrong type is an error all the same.
//
// `healthy`: older proxies and the real fixture omit it. Absent means UNKNOWN, kept as
// std::nullopt; isHealthy() treats unknown as not healthy, so the selector never places a paid
// workload on a node whose health nobody reported. (Queries with healthy=true only return
// nodes that report it.)

#include "domain/Money.h"
#include "domain/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace griddeck {

// cru is a core count; mru, sru, hru are bytes.
struct NodeResources
{
    quint64 cru = 0;
    quint64 mru = 0;
    quint64 sru = 0;
    quint64 hru = 0;

    bool operator==(const NodeResources &) const = default;
};

enum class NodeStatus { Up, Down, Standby, Other };

QString nodeStatusName(NodeStatus status);
NodeStatus nodeStatusFromName(const QString &name); // case-insensitive; anything else is Other

struct GridNode
{
    QString id;               // the proxy's record id ("0000000510-000001-782e1"); may be empty
    qint64 nodeId = 0;        // required
    qint64 farmId = 0;        // required
    qint64 twinId = 0;
    QString country;          // required, as the proxy spells it ("Belgium")
    QString city;
    std::optional<double> latitude;  // geography, not money: doubles are fine here
    std::optional<double> longitude;
    NodeResources total;      // required
    NodeResources used;       // required; real data can exceed total
    NodeStatus status = NodeStatus::Other; // required
    QString statusText;       // as sent ("up")
    std::optional<bool> healthy; // absent = unknown
    QString certificationType;   // "Diy", "Certified"
    // `dedicated` is the proxy's "rentable whole" flag (dedicated farm, no contract yet, rented or
    // an extra fee: grid-proxy converters.go); it does not decide who may deploy. The chain does
    // that from inDedicatedFarm, extraFee and the renter (see availableFor()).
    bool dedicated = false;
    bool inDedicatedFarm = false;
    bool rentable = false;
    bool rented = false;
    qint64 rentContractId = 0;
    qint64 rentedByTwinId = 0;
    quint64 extraFeeMusd = 0;  // extraFee: mUSD per month on top of a rent contract
    qint64 farmFreeIps = 0;    // farm_free_ips: public IPv4 left in the node's farm
    qint64 updatedAt = 0;     // unix seconds of the node's last report
    qint64 created = 0;
    quint64 uptimeSeconds = 0; // seconds since the node last booted (NOT a percentage)
    QString farmName;
    qint64 numGpu = 0;
    std::optional<Usd> priceUsd; // JSON number, rounded explicitly to 7 places
    QString publicIpv4;       // publicConfig.ipv4: the node's own interface (gateways), not for VMs
    QString publicIpv6;       // publicConfig.ipv6

    // total − used per resource, clamped at zero (never wraps around). Inline: the node
    // selector asks it of every candidate.
    NodeResources free() const
    {
        const auto minus = [](quint64 t, quint64 u) { return u >= t ? 0 : t - u; };
        return { minus(total.cru, used.cru), minus(total.mru, used.mru), minus(total.sru, used.sru),
            minus(total.hru, used.hru) };
    }
    bool isUp() const { return status == NodeStatus::Up; }
    bool isHealthy() const { return healthy.value_or(false); }
    // A VM's public IPv4 comes from the farm's pool.
    bool farmHasFreeIpv4() const { return farmFreeIps > 0; }
    bool isRented() const { return rented || rentedByTwinId != 0; }
    // TFChain's rule (pallet-smart-contract grid_contract.rs): a rented node takes only its
    // renter's contracts; otherwise a node in a dedicated farm or with an extra fee takes none.
    // twinId 0 = we rent nothing.
    bool availableFor(qint64 twinId) const
    {
        if (isRented())
            return twinId != 0 && rentedByTwinId == twinId;
        return !inDedicatedFarm && extraFeeMusd == 0;
    }

    // The node object of GET /nodes (capacity flat: total_resources, used_resources) or of
    // GET /nodes/{id} (NodeWithNestedCapacity: capacity.total_resources, capacity.used_resources).
    static Result<GridNode> fromJson(const QJsonObject &object);
};

// A /nodes reply: a JSON array of node objects. One bad node fails the whole list, naming the
// array index and node id, because a reply we only half understand is a malformed reply.
Result<QList<GridNode>> parseNodeList(const QByteArray &json);
Result<QList<GridNode>> parseNodeArray(const QJsonArray &array);

struct GridStats
{
    qint64 nodes = 0;
    qint64 farms = 0;
    qint64 countries = 0;
    quint64 totalCru = 0;
    quint64 totalSru = 0;
    quint64 totalMru = 0;
    quint64 totalHru = 0;
    qint64 publicIps = 0;
    qint64 accessNodes = 0;
    qint64 gateways = 0;
    qint64 twins = 0;
    qint64 contracts = 0;
    QMap<QString, qint64> nodesDistribution; // country → node count

    static Result<GridStats> fromJson(const QJsonObject &object);
};

} // namespace griddeck
