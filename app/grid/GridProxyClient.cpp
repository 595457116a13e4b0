#include "grid/GridProxyClient.h"

#include "grid/Json.h"

#include <QSet>

#include <memory>

namespace griddeck {

namespace {

Error malformed(const HttpResponse &response, const QString &why)
{
    return {ErrorKind::Transient,
            QStringLiteral("GET %1: malformed reply: %2").arg(response.url.toDisplayString(), why)};
}

std::optional<qint64> headerCount(const HttpResponse &response, QByteArrayView name, QString *problem)
{
    const QByteArray raw = response.header(name).trimmed();
    if (raw.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 v = raw.toLongLong(&ok);
    if (!ok || v < 0) {
        *problem = QStringLiteral("header %1: expected a non-negative integer, got \"%2\"")
                       .arg(QString::fromLatin1(name.toByteArray()), QString::fromLatin1(raw.left(40)));
        return std::nullopt;
    }
    return v;
}

} // namespace

QUrlQuery NodeQuery::toUrlQuery() const
{
    QUrlQuery q;
    const auto boolText = [](bool b) { return b ? QStringLiteral("true") : QStringLiteral("false"); };
    if (status)
        q.addQueryItem(QStringLiteral("status"), nodeStatusName(*status));
    if (healthy)
        q.addQueryItem(QStringLiteral("healthy"), boolText(*healthy));
    if (freeMru)
        q.addQueryItem(QStringLiteral("free_mru"), QString::number(*freeMru));
    if (freeSru)
        q.addQueryItem(QStringLiteral("free_sru"), QString::number(*freeSru));
    if (freeHru)
        q.addQueryItem(QStringLiteral("free_hru"), QString::number(*freeHru));
    if (totalCru)
        q.addQueryItem(QStringLiteral("total_cru"), QString::number(*totalCru));
    if (freeIps)
        q.addQueryItem(QStringLiteral("free_ips"), QString::number(*freeIps));
    if (availableFor)
        q.addQueryItem(QStringLiteral("available_for"), QString::number(*availableFor));
    if (!country.isEmpty())
        q.addQueryItem(QStringLiteral("country"), country);
    if (!farmIds.isEmpty()) {
        QStringList ids;
        for (qint64 id : farmIds)
            ids.append(QString::number(id));
        q.addQueryItem(QStringLiteral("farm_ids"), ids.join(u','));
    }
    if (!excluded.isEmpty()) {
        QStringList ids;
        for (qint64 id : excluded)
            ids.append(QString::number(id));
        q.addQueryItem(QStringLiteral("excluded"), ids.join(u','));
    }
    if (nodeId)
        q.addQueryItem(QStringLiteral("node_id"), QString::number(*nodeId));
    if (page)
        q.addQueryItem(QStringLiteral("page"), QString::number(*page));
    if (size)
        q.addQueryItem(QStringLiteral("size"), QString::number(*size));
    if (retCount)
        q.addQueryItem(QStringLiteral("ret_count"), boolText(true));
    if (!sortBy.isEmpty())
        q.addQueryItem(QStringLiteral("sort_by"), sortBy);
    if (!sortOrder.isEmpty())
        q.addQueryItem(QStringLiteral("sort_order"), sortOrder);
    return q;
}

const QStringList &NodeQuery::sortKeys()
{
    static const QStringList keys = {
        QStringLiteral("node_id"),   QStringLiteral("farm_id"),    QStringLiteral("twin_id"),   QStringLiteral("country"),
        QStringLiteral("city"),      QStringLiteral("uptime"),     QStringLiteral("created"),   QStringLiteral("updated_at"),
        QStringLiteral("total_cru"), QStringLiteral("total_sru"),  QStringLiteral("total_hru"), QStringLiteral("total_mru"),
        QStringLiteral("used_cru"),  QStringLiteral("used_sru"),   QStringLiteral("used_hru"),  QStringLiteral("used_mru"),
        QStringLiteral("status"),    QStringLiteral("dedicated_farm"), QStringLiteral("rent_contract_id"),
        QStringLiteral("rented"),    QStringLiteral("rentable"),   QStringLiteral("num_gpu"),   QStringLiteral("extra_fee"),
        QStringLiteral("price_usd"), QStringLiteral("free_cru")};
    return keys;
}

Result<void> NodeQuery::validate() const
{
    if (!sortBy.isEmpty() && !sortKeys().contains(sortBy))
        return Error::invalid(QStringLiteral("\"%1\" is not a sort key of the Grid Proxy (it sorts by %2); sort locally instead")
                                  .arg(sortBy, sortKeys().join(QStringLiteral(", "))));
    if (!sortOrder.isEmpty() && sortOrder.compare(u"asc", Qt::CaseInsensitive) != 0
        && sortOrder.compare(u"desc", Qt::CaseInsensitive) != 0)
        return Error::invalid(QStringLiteral("sort order \"%1\" is neither asc nor desc").arg(sortOrder));
    return {};
}

Result<NodePage> parseNodePage(const HttpResponse &response)
{
    if (!response.json.isArray())
        return malformed(response, QStringLiteral("expected a JSON array of nodes"));
    auto nodes = parseNodeArray(response.json.array());
    if (!nodes)
        return malformed(response, nodes.error().message);
    NodePage page;
    page.nodes = std::move(nodes).value();
    QString problem;
    page.count = headerCount(response, "count", &problem);
    page.pages = headerCount(response, "pages", &problem);
    if (!problem.isEmpty())
        return malformed(response, problem);
    return page;
}

GridProxyClient::GridProxyClient(QUrl baseUrl, HttpClient http)
    : m_base(std::move(baseUrl))
    , m_http(http)
{
}

QUrl GridProxyClient::endpoint(const QString &path) const
{
    QUrl url = m_base;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

QUrl GridProxyClient::nodesUrl(const NodeQuery &query) const
{
    QUrl url = endpoint(QStringLiteral("/nodes"));
    url.setQuery(query.toUrlQuery());
    return url;
}

void GridProxyClient::fetchNodes(const NodeQuery &query, Callback<NodePage> callback) const
{
    if (auto valid = query.validate(); !valid.ok()) {
        callback(valid.error());
        return;
    }
    m_http.get(nodesUrl(query), [callback = std::move(callback)](HttpResult r) {
        if (!r) {
            callback(r.error().toError());
            return;
        }
        callback(parseNodePage(r.value()));
    });
}

void GridProxyClient::fetchAllNodes(const NodeQuery &query, Callback<QList<GridNode>> callback) const
{
    struct Walk
    {
        GridProxyClient client;
        NodeQuery query;
        Callback<QList<GridNode>> callback;
        QList<GridNode> nodes;
        QSet<qint64> seen;
        std::optional<qint64> pages;
        int page = 1;
        std::function<void(std::shared_ptr<Walk>)> step;
    };
    auto walk = std::make_shared<Walk>(Walk{*this, query, std::move(callback), {}, {}, {}, 1, {}});
    if (!walk->query.size || *walk->query.size <= 0)
        walk->query.size = kDefaultPageSize;
    walk->step = [](std::shared_ptr<Walk> w) {
        NodeQuery q = w->query;
        q.page = w->page;
        q.retCount = w->page == 1; // counting costs the proxy a query; once is enough
        w->client.fetchNodes(q, [w](Result<NodePage> r) {
            if (!r) {
                auto cb = std::move(w->callback);
                w->step = nullptr; // break the cycle walk → step → walk
                cb(r.error());
                return;
            }
            if (w->page == 1)
                w->pages = r->pages;
            for (const GridNode &node : r->nodes) {
                if (!w->seen.contains(node.nodeId)) {
                    w->seen.insert(node.nodeId);
                    w->nodes.append(node);
                }
            }
            const bool more = w->pages ? w->page < *w->pages
                                       : !r->nodes.isEmpty() && r->nodes.size() >= *w->query.size;
            if (more && w->page < kMaxPages) {
                ++w->page;
                w->step(w);
                return;
            }
            auto cb = std::move(w->callback);
            auto nodes = std::move(w->nodes);
            w->step = nullptr;
            if (more)
                cb(Error{ErrorKind::Permanent,
                         QStringLiteral("GET %1: more than %2 pages of nodes; narrow the query")
                             .arg(w->client.nodesUrl(w->query).toDisplayString())
                             .arg(kMaxPages)});
            else
                cb(std::move(nodes));
        });
    };
    walk->step(walk);
}

void GridProxyClient::fetchNode(qint64 nodeId, Callback<GridNode> callback) const
{
    const QUrl url = endpoint(QStringLiteral("/nodes/%1").arg(nodeId));
    m_http.get(url, [url, callback = std::move(callback)](HttpResult r) {
        if (!r) {
            callback(r.error().toError());
            return;
        }
        if (!r->json.isObject()) {
            callback(malformed(r.value(), QStringLiteral("expected a node object")));
            return;
        }
        auto node = GridNode::fromJson(r->json.object());
        if (!node) {
            callback(malformed(r.value(), node.error().message));
            return;
        }
        callback(std::move(node));
    });
}

void GridProxyClient::fetchStats(bool upOnly, Callback<GridStats> callback) const
{
    QUrl url = endpoint(QStringLiteral("/stats"));
    if (upOnly)
        url.setQuery(QStringLiteral("status=up"));
    m_http.get(url, [callback = std::move(callback)](HttpResult r) {
        if (!r) {
            callback(r.error().toError());
            return;
        }
        if (!r->json.isObject()) {
            callback(malformed(r.value(), QStringLiteral("expected a stats object")));
            return;
        }
        auto stats = GridStats::fromJson(r->json.object());
        if (!stats) {
            callback(malformed(r.value(), stats.error().message));
            return;
        }
        callback(std::move(stats));
    });
}

namespace {
template<class T, class Start>
Result<T> blocking(const char *function, Start &&start)
{
    auto r = HttpClient::waitOnWorker<Result<T>>(std::forward<Start>(start));
    if (!r)
        return Error{ErrorKind::Internal, HttpClient::mainThreadRefusal(function)};
    return std::move(*r);
}
} // namespace

Result<NodePage> GridProxyClient::fetchNodesBlocking(const NodeQuery &query) const
{
    return blocking<NodePage>("fetchNodesBlocking", [&](auto done) { fetchNodes(query, std::move(done)); });
}

Result<QList<GridNode>> GridProxyClient::fetchAllNodesBlocking(const NodeQuery &query) const
{
    return blocking<QList<GridNode>>("fetchAllNodesBlocking",
                                     [&](auto done) { fetchAllNodes(query, std::move(done)); });
}

Result<GridNode> GridProxyClient::fetchNodeBlocking(qint64 nodeId) const
{
    return blocking<GridNode>("fetchNodeBlocking", [&](auto done) { fetchNode(nodeId, std::move(done)); });
}

Result<GridStats> GridProxyClient::fetchStatsBlocking(bool upOnly) const
{
    return blocking<GridStats>("fetchStatsBlocking", [&](auto done) { fetchStats(upOnly, std::move(done)); });
}

} // namespace griddeck
