#pragma once
// The simulated grid's nodes: a seeded, realistic fleet or a real Grid Proxy JSON file, the
// proxy's GET /nodes filters and paging, and GET /stats. Node objects keep the real schema
// (docs/grid-gateway-api.md); used_resources follows the simulator's live deployments.

#include "domain/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

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
    bool dedicated = false;
    bool rented = false;
    qint64 rentedByTwinId = 0;
    qint64 uptime = 0; // seconds since boot
    SimResources total;
    SimResources used;
    QJsonObject json; // the node as the proxy serves it; used_resources is refreshed from `used`

    // total − used, clamped at zero per resource (real data has used > total).
    SimResources free() const;
    QJsonObject toJson() const;
};

// The parsed query of GET /nodes.
struct SimNodeQuery
{
    QStringList statuses; // empty = any
    std::optional<bool> healthy;
    std::optional<bool> dedicated;
    std::optional<bool> rented;
    qint64 freeMru = 0;
    qint64 freeSru = 0;
    qint64 freeHru = 0;
    QString country;
    QString city;
    QList<qint64> farmIds;
    std::optional<qint64> nodeId;
    qint64 page = 1;
    qint64 size = 50;
    bool retCount = false;
    QString sortBy = QStringLiteral("node_id");
    bool descending = false;

    // Unknown parameters are ignored, as the real proxy does; malformed values are errors
    // naming the parameter.
    static Result<SimNodeQuery> parse(const QUrlQuery &query);
    bool matches(const SimNode &node) const;
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
    // ~25 countries, ~40 farms per 300 nodes, some nodes down/standby/unhealthy/dedicated/rented
    // or nearly full. The same seed and count give the same fleet, byte for byte.
    static SimFleet generate(quint64 seed, int nodeCount);
    // A Grid Proxy reply: a JSON array of node objects. Errors name the entry and the field.
    static Result<SimFleet> fromJson(const QByteArray &json, const QString &source);
    static Result<SimFleet> loadFile(const QString &path);

    const std::vector<SimNode> &nodes() const { return m_nodes; }
    SimNode *find(qint64 nodeId);
    const SimNode *find(qint64 nodeId) const;

    SimNodePage query(const SimNodeQuery &query) const;
    // GET /stats; statuses non-empty counts only nodes in those states.
    QJsonObject stats(const QStringList &statuses, qint64 liveContracts) const;

private:
    std::vector<SimNode> m_nodes; // sorted by nodeId
    qint64 m_publicIps = 0;
};

} // namespace griddeck
