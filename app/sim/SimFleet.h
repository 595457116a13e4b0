#pragma once
// The simulated grid's nodes and farms: a seeded fleet shaped like the real grid or a real Grid
// Proxy JSON file, the proxy's GET /nodes filters, sorting and paging, and GET /stats. Node
// objects keep the real schema (docs/grid-gateway-api.md); used_resources follows the
// simulator's live deployments, farm_free_ips the farms' public IPv4 pools.

#include "domain/Result.h"
#include "sim/SimReply.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <map>
#include <optional>
#include <vector>

namespace griddeck {

struct SimResources
{
    qint64 cru = 0; // cores
    qint64 mru = 0; // bytes
    qint64 sru = 0; // bytes
    qint64 hru = 0; // bytes
    QJsonObject toJson() const;
};

struct SimNode
{
    qint64 nodeId = 0;
    qint64 farmId = 0;
    qint64 twinId = 0;
    QString country;
    QString city;
    QString status; // up, down, standby
    bool healthy = false;
    bool inDedicatedFarm = false; // the farm rents its nodes whole only
    bool rented = false;          // under an active rent contract
    qint64 rentedByTwinId = 0;    // that contract's twin
    qint64 rentContractId = 0;
    qint64 extraFee = 0;          // mUSD per month on top of the rent; > 0 makes the node dedicated
    qint64 uptime = 0;            // seconds since boot
    qint64 updatedAt = 0;         // the node's last report, unix seconds
    qint64 numGpu = 0;
    SimResources total;
    SimResources used;
    QString certificationType;
    // The uptime reports the TFChain indexer holds for it, (timestamp, uptime) pairs; sparse
    // (one per boot is enough to say when it was up, see grid/Uptime.h).
    QList<std::pair<qint64, qint64>> uptimeReports;
    QJsonObject json; // the node as the proxy serves it; live fields are refreshed on output

    // total − used, clamped at zero per resource (real data has used > total).
    SimResources free() const;
    // The chain's rule (pallet-smart-contract grid_contract.rs): dedicated when its farm is
    // dedicated or it has an extra fee; a rented node takes only its renter's deployments.
    bool chainDedicated() const { return inDedicatedFarm || extraFee > 0; }
    bool availableFor(qint64 twinId) const
    {
        return rented ? rentedByTwinId == twinId : !chainDedicated();
    }
    // The proxy's `dedicated` field (grid-proxy converters.go): dedicated farm, no contract on
    // it yet, rented, or an extra fee.
    bool proxyDedicated(int liveContracts) const { return inDedicatedFarm || liveContracts == 0 || rented || extraFee > 0; }
};

// A farm's public IPv4 pool (what `farm_free_ips` and the `free_ips` filter count).
struct SimFarm
{
    qint64 farmId = 0;
    bool dedicated = false;
    QString gateway;              // "185.69.61.1"
    QStringList freeIps;          // "185.69.61.10/24", taken from the front
    qint64 totalIps = 0;
};

// The parsed query of GET /nodes, as strict as the real proxy (tfgrid-sdk-go grid-proxy:
// pkg/types/nodes.go NodeFilter, pkg/types/limit.go Limit, internal/explorer/param_parser.go):
// a key of neither is refused, as is a sort_by outside the Node type's `sort` tags.
struct SimNodeQuery
{
    QStringList statuses; // empty = any
    std::optional<bool> healthy, dedicated, inDedicatedFarm, rented, rentable, ipv4, ipv6, domain, hasGpu;
    std::optional<quint64> freeMru, freeSru, freeHru, totalMru, totalSru, totalHru, totalCru, freeIps;
    std::optional<quint64> nodeId, twinId, rentedBy, availableFor, rentableOrRentedBy, ownedBy, numGpu;
    QList<quint64> farmIds, nodeIds, excluded;
    std::optional<QString> country, city, countryContains, cityContains, farmName, farmNameContains, certificationType;
    quint64 page = 1;
    quint64 size = 50;
    bool retCount = false;
    bool randomize = false;
    QString sortBy;
    bool descending = false;

    // 400 bodies are the real proxy's messages, e.g. `failed to decode params: schema: invalid
    // path "foo"` or `"free_mru" is not a sort field for Node type`.
    static Result<SimNodeQuery> parse(const QUrlQuery &query);
    // GET /stats: the StatsFilter (status) and Limit keys only.
    static Result<QStringList> parseStats(const QUrlQuery &query);
    static const QStringList &filterKeys();
    static const QStringList &limitKeys();
    static const QStringList &sortKeys();
};

struct SimNodePage
{
    QJsonArray nodes;
    qint64 count = 0; // matches over all pages
    qint64 pages = 0;
};

class SimFleet
{
public:
    // ~25 countries, ~40 farms per 300 nodes; CPU over-sold on every node (ZOS reserves memory
    // and disk, not CPU), dedicated farms, rented nodes, extra fees, recent reboots, farms with
    // and without free public IPs, some nodes down/standby/unhealthy or nearly full. The same
    // seed and count give the same fleet, byte for byte.
    static SimFleet generate(quint64 seed, int nodeCount);
    // A Grid Proxy reply: a JSON array of node objects. Errors name the entry and the field.
    static Result<SimFleet> fromJson(const QByteArray &json, const QString &source);
    static Result<SimFleet> loadFile(const QString &path);

    const std::vector<SimNode> &nodes() const { return m_nodes; }
    SimNode *find(qint64 nodeId);
    const SimNode *find(qint64 nodeId) const;
    SimFarm *farm(qint64 farmId);
    const SimFarm *farm(qint64 farmId) const;
    qint64 farmFreeIps(qint64 farmId) const;

    // The node as GET /nodes lists it (flat capacity) and as GET /nodes/{id} answers
    // (NodeWithNestedCapacity: capacity.total_resources / capacity.used_resources).
    QJsonObject nodeJson(const SimNode &node) const;
    QJsonObject nestedNodeJson(const SimNode &node) const;
    bool matches(const SimNodeQuery &query, const SimNode &node) const;
    SimNodePage query(const SimNodeQuery &query) const;
    // POST /graphql: the indexer's uptimeEvents (SimGraphql.cpp), the history moved so the
    // fleet's latest report is `nowSeconds`.
    SimReply graphql(const QByteArray &body, qint64 nowSeconds) const;
    // Our deployments per node, for the proxy's `dedicated` (no contract yet) flag.
    void addContracts(qint64 nodeId, int delta) { m_contracts[nodeId] += delta; }
    // GET /stats; statuses non-empty counts only nodes in those states.
    QJsonObject stats(const QStringList &statuses, qint64 liveContracts) const;

private:
    std::vector<SimNode> m_nodes; // sorted by nodeId
    std::map<qint64, SimFarm> m_farms;
    std::map<qint64, int> m_contracts; // node id → contracts on it (seeded + ours)
};

} // namespace griddeck
