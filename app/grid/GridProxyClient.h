#pragma once
// The Grid Proxy's REST API (real): GET /nodes with its query parameters and count/pages
// headers, GET /nodes/{id}, GET /stats. Asynchronous calls deliver on the calling thread; the
// *Blocking variants are for pipeline worker threads only (see HttpClient.h).

#include "grid/GridNode.h"
#include "grid/HttpClient.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace griddeck {

// Each set field becomes the proxy's query parameter of the same meaning; unset fields are not
// sent (the proxy then applies no filter / its default). Only keys of the real NodeFilter and
// Limit exist here (tfgrid-sdk-go grid-proxy/pkg/types/nodes.go, limit.go): the real proxy
// answers any other key with 400.
struct NodeQuery
{
    std::optional<NodeStatus> status;    // status=up|down|standby
    std::optional<bool> healthy;         // healthy=true|false
    std::optional<quint64> freeMru;      // free_mru, bytes (free after ZOS's reserve)
    std::optional<quint64> freeSru;      // free_sru, bytes
    std::optional<quint64> freeHru;      // free_hru, bytes
    std::optional<quint64> totalCru;     // total_cru: cores the node has (CPU is shared, not reserved)
    std::optional<quint64> freeIps;      // free_ips: public IPv4 left in the node's farm
    std::optional<qint64> availableFor;  // available_for=<twin>: rented by it, or free for anyone
    QString country;                     // country name as the proxy spells it ("Belgium")
    QList<qint64> farmIds;               // farm_ids=1,2,3
    QList<qint64> excluded;              // excluded=4,5: node ids left out
    std::optional<qint64> nodeId;        // node_id
    std::optional<int> page;             // from 1
    std::optional<int> size;             // page size (proxy default 50)
    bool retCount = false;               // ret_count=true → count, size and pages headers
    QString sortBy;                      // one of sortKeys()
    QString sortOrder;                   // asc, desc

    QUrlQuery toUrlQuery() const;
    // The real proxy's sort keys: the `sort` tags of pkg/types/nodes.go Node.
    static const QStringList &sortKeys();
    // InvalidInput when sortBy or sortOrder is one the real proxy refuses.
    Result<void> validate() const;
};

struct NodePage
{
    QList<GridNode> nodes;
    std::optional<qint64> count; // total matches (header `count`, when asked with ret_count)
    std::optional<qint64> pages; // header `pages`
};

class GridProxyClient
{
public:
    template<class T>
    using Callback = std::function<void(Result<T>)>;

    // Upper bound on pages fetchAllNodes walks, whatever the server claims.
    static constexpr int kMaxPages = 1000;
    static constexpr int kDefaultPageSize = 100;

    explicit GridProxyClient(QUrl baseUrl, HttpClient http = HttpClient());

    QUrl nodesUrl(const NodeQuery &query) const;

    void fetchNodes(const NodeQuery &query, Callback<NodePage> callback) const;
    // Walks every page of `query` (its page is ignored; size defaults to kDefaultPageSize) in
    // order, using the `pages` header when the server sends it and otherwise stopping at the
    // first short page. A node seen on two pages (the fleet changed while we walked) is kept
    // once, the first time.
    void fetchAllNodes(const NodeQuery &query, Callback<QList<GridNode>> callback) const;
    // 404 is a Permanent error quoting the proxy ("node 99 not found").
    void fetchNode(qint64 nodeId, Callback<GridNode> callback) const;
    // upOnly adds status=up (count only nodes that are up).
    void fetchStats(bool upOnly, Callback<GridStats> callback) const;

    Result<NodePage> fetchNodesBlocking(const NodeQuery &query) const;
    Result<QList<GridNode>> fetchAllNodesBlocking(const NodeQuery &query) const;
    Result<GridNode> fetchNodeBlocking(qint64 nodeId) const;
    Result<GridStats> fetchStatsBlocking(bool upOnly) const;

private:
    QUrl endpoint(const QString &path) const;

    QUrl m_base;
    HttpClient m_http;
};

// Reads a GET /nodes reply (JSON array + count/pages headers). Bad JSON or a bad header is a
// Transient error (a malformed reply), naming the URL.
Result<NodePage> parseNodePage(const HttpResponse &response);

} // namespace griddeck
