#include "sim/SimFleet.h"

#include "sim/SimReply.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>

namespace griddeck {

QJsonObject SimResources::toJson() const
{
    return {{QStringLiteral("cru"), cru}, {QStringLiteral("mru"), mru}, {QStringLiteral("sru"), sru},
            {QStringLiteral("hru"), hru}};
}

SimResources SimNode::free() const
{
    auto left = [](qint64 t, qint64 u) { return t > u ? t - u : 0; };
    return {left(total.cru, used.cru), left(total.mru, used.mru), left(total.sru, used.sru), left(total.hru, used.hru)};
}

QJsonObject SimNode::toJson() const
{
    QJsonObject o = json;
    o.insert(QStringLiteral("used_resources"), used.toJson());
    return o;
}

// ---- GET /nodes query ---------------------------------------------------------------------

namespace {

std::optional<qint64> parseUnsigned(const QString &text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    for (QChar c : text)
        if (c < u'0' || c > u'9')
            return std::nullopt;
    return text.toLongLong();
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.toLower();
    if (t == u"true" || t == u"1")
        return true;
    if (t == u"false" || t == u"0")
        return false;
    return std::nullopt;
}

Error badParam(const QString &name, const QString &value, const QString &expected)
{
    return Error::invalid(QStringLiteral("invalid value \"%1\" for query parameter %2: expected %3").arg(value, name, expected));
}

} // namespace

Result<SimNodeQuery> SimNodeQuery::parse(const QUrlQuery &query)
{
    SimNodeQuery q;
    auto value = [&](const char *key) -> std::optional<QString> {
        const QString k = QString::fromLatin1(key);
        if (!query.hasQueryItem(k))
            return std::nullopt;
        return query.queryItemValue(k, QUrl::FullyDecoded);
    };
    if (auto v = value("status")) {
        for (const QString &s : v->split(u',')) {
            const QString t = s.trimmed().toLower();
            if (t != u"up" && t != u"down" && t != u"standby")
                return badParam(QStringLiteral("status"), *v, QStringLiteral("up, down or standby"));
            q.statuses.append(t);
        }
    }
    const std::pair<const char *, std::optional<bool> *> bools[] = {
        {"healthy", &q.healthy}, {"dedicated", &q.dedicated}, {"rented", &q.rented}, {"ret_count", nullptr}};
    for (const auto &[key, target] : bools) {
        if (auto v = value(key)) {
            const auto b = parseBool(*v);
            if (!b)
                return badParam(QString::fromLatin1(key), *v, QStringLiteral("true or false"));
            if (target)
                *target = *b;
            else
                q.retCount = *b;
        }
    }
    const std::pair<const char *, qint64 *> numbers[] = {
        {"free_mru", &q.freeMru}, {"free_sru", &q.freeSru}, {"free_hru", &q.freeHru}, {"page", &q.page}, {"size", &q.size}};
    for (const auto &[key, target] : numbers) {
        if (auto v = value(key)) {
            const auto n = parseUnsigned(*v);
            if (!n)
                return badParam(QString::fromLatin1(key), *v, QStringLiteral("a whole number of bytes or items"));
            *target = *n;
        }
    }
    if (q.page < 1)
        return badParam(QStringLiteral("page"), QString::number(q.page), QStringLiteral("a page number from 1"));
    if (q.size < 1)
        return badParam(QStringLiteral("size"), QString::number(q.size), QStringLiteral("a page size from 1"));
    if (auto v = value("node_id")) {
        q.nodeId = parseUnsigned(*v);
        if (!q.nodeId)
            return badParam(QStringLiteral("node_id"), *v, QStringLiteral("a node id"));
    }
    if (auto v = value("farm_ids")) {
        for (const QString &part : v->split(u',')) {
            const auto id = parseUnsigned(part.trimmed());
            if (!id)
                return badParam(QStringLiteral("farm_ids"), *v, QStringLiteral("comma-separated farm ids"));
            q.farmIds.append(*id);
        }
    }
    if (auto v = value("country"))
        q.country = v->trimmed();
    if (auto v = value("city"))
        q.city = v->trimmed();
    if (auto v = value("sort_by")) {
        static const QStringList keys = {QStringLiteral("node_id"), QStringLiteral("farm_id"), QStringLiteral("free_mru"),
                                         QStringLiteral("free_sru"), QStringLiteral("free_hru"), QStringLiteral("uptime"),
                                         QStringLiteral("country")};
        if (!keys.contains(*v))
            return badParam(QStringLiteral("sort_by"), *v, keys.join(QStringLiteral(", ")));
        q.sortBy = *v;
    }
    if (auto v = value("sort_order")) {
        const QString t = v->toLower();
        if (t != u"asc" && t != u"desc")
            return badParam(QStringLiteral("sort_order"), *v, QStringLiteral("asc or desc"));
        q.descending = t == u"desc";
    }
    return q;
}

bool SimNodeQuery::matches(const SimNode &node) const
{
    if (!statuses.isEmpty() && !statuses.contains(node.status))
        return false;
    if (healthy && node.healthy != *healthy)
        return false;
    if (dedicated && node.dedicated != *dedicated)
        return false;
    if (rented && node.rented != *rented)
        return false;
    const SimResources f = node.free();
    if (f.mru < freeMru || f.sru < freeSru || f.hru < freeHru)
        return false;
    if (!country.isEmpty() && node.country.compare(country, Qt::CaseInsensitive) != 0)
        return false;
    if (!city.isEmpty() && node.city.compare(city, Qt::CaseInsensitive) != 0)
        return false;
    if (!farmIds.isEmpty() && !farmIds.contains(node.farmId))
        return false;
    if (nodeId && node.nodeId != *nodeId)
        return false;
    return true;
}

SimNode *SimFleet::find(qint64 nodeId)
{
    auto it = std::lower_bound(m_nodes.begin(), m_nodes.end(), nodeId,
                               [](const SimNode &n, qint64 id) { return n.nodeId < id; });
    return it != m_nodes.end() && it->nodeId == nodeId ? &*it : nullptr;
}

const SimNode *SimFleet::find(qint64 nodeId) const
{
    return const_cast<SimFleet *>(this)->find(nodeId);
}

SimNodePage SimFleet::query(const SimNodeQuery &q) const
{
    std::vector<const SimNode *> hits;
    for (const SimNode &n : m_nodes)
        if (q.matches(n))
            hits.push_back(&n);
    // Compare on the asked key; equal keys fall back to node id ascending, so pages are stable.
    auto key = [&q](const SimNode *a, const SimNode *b) -> int {
        auto cmp = [](qint64 x, qint64 y) { return x < y ? -1 : (x > y ? 1 : 0); };
        if (q.sortBy == u"farm_id")
            return cmp(a->farmId, b->farmId);
        if (q.sortBy == u"free_mru")
            return cmp(a->free().mru, b->free().mru);
        if (q.sortBy == u"free_sru")
            return cmp(a->free().sru, b->free().sru);
        if (q.sortBy == u"free_hru")
            return cmp(a->free().hru, b->free().hru);
        if (q.sortBy == u"uptime")
            return cmp(a->uptime, b->uptime);
        if (q.sortBy == u"country")
            return a->country.compare(b->country);
        return cmp(a->nodeId, b->nodeId);
    };
    std::sort(hits.begin(), hits.end(), [&](const SimNode *a, const SimNode *b) {
        int c = key(a, b);
        if (q.descending)
            c = -c;
        return c != 0 ? c < 0 : a->nodeId < b->nodeId;
    });
    SimNodePage page;
    page.count = static_cast<qint64>(hits.size());
    page.pages = (page.count + q.size - 1) / q.size;
    const qint64 first = (q.page - 1) * q.size;
    for (qint64 i = first; i < page.count && i < first + q.size; ++i)
        page.nodes.append(hits[static_cast<size_t>(i)]->toJson());
    return page;
}

QJsonObject SimFleet::stats(const QStringList &statuses, qint64 liveContracts) const
{
    qint64 nodes = 0, cru = 0, mru = 0, sru = 0, hru = 0, access = 0, gateways = 0, dedicated = 0, gpus = 0;
    QSet<qint64> farms;
    QJsonObject distribution;
    for (const SimNode &n : m_nodes) {
        if (!statuses.isEmpty() && !statuses.contains(n.status))
            continue;
        ++nodes;
        cru += n.total.cru;
        mru += n.total.mru;
        sru += n.total.sru;
        hru += n.total.hru;
        farms.insert(n.farmId);
        const QJsonObject pub = n.json.value(QStringLiteral("publicConfig")).toObject();
        if (!pub.value(QStringLiteral("ipv4")).toString().isEmpty())
            ++access;
        if (!pub.value(QStringLiteral("domain")).toString().isEmpty())
            ++gateways;
        if (n.dedicated)
            ++dedicated;
        gpus += n.json.value(QStringLiteral("num_gpu")).toInteger();
        const QString country = n.country.isEmpty() ? QStringLiteral("Unknown") : n.country;
        distribution.insert(country, distribution.value(country).toInteger() + 1);
    }
    return {{QStringLiteral("nodes"), nodes},
            {QStringLiteral("farms"), farms.size()},
            {QStringLiteral("countries"), distribution.size()},
            {QStringLiteral("totalCru"), cru},
            {QStringLiteral("totalSru"), sru},
            {QStringLiteral("totalMru"), mru},
            {QStringLiteral("totalHru"), hru},
            {QStringLiteral("publicIps"), m_publicIps},
            {QStringLiteral("accessNodes"), access},
            {QStringLiteral("gateways"), gateways},
            {QStringLiteral("twins"), qint64(m_nodes.size()) + farms.size()},
            {QStringLiteral("contracts"), liveContracts},
            {QStringLiteral("dedicatedNodes"), dedicated},
            {QStringLiteral("gpus"), gpus},
            {QStringLiteral("nodesDistribution"), distribution}};
}

// ---- loading a real Grid Proxy reply --------------------------------------------------------

namespace {

std::optional<SimResources> readResources(const QJsonObject &node, const QString &key, QString *error)
{
    SimFields outer(node);
    const QJsonObject o = outer.object(key);
    if (outer.ok() && !node.contains(key))
        outer.fail(QStringLiteral("%1 is required").arg(key));
    if (!outer.ok()) {
        *error = outer.error();
        return std::nullopt;
    }
    SimFields f(o, key + u'.');
    constexpr qint64 max = 9007199254740992LL;
    SimResources r{f.integer(QStringLiteral("cru"), 0, max), f.integer(QStringLiteral("mru"), 0, max),
                   f.integer(QStringLiteral("sru"), 0, max), f.integer(QStringLiteral("hru"), 0, max)};
    if (!f.ok()) {
        *error = f.error();
        return std::nullopt;
    }
    return r;
}

} // namespace

Result<SimFleet> SimFleet::fromJson(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                                  .arg(source, parseError.errorString())
                                  .arg(parseError.offset));
    if (!doc.isArray())
        return Error::invalid(QStringLiteral("%1 must hold a JSON array of Grid Proxy node objects (as GET /nodes returns), "
                                             "but holds %2")
                                  .arg(source, doc.isObject() ? QStringLiteral("a single object") : QStringLiteral("something else")));
    const QJsonArray array = doc.array();
    if (array.isEmpty())
        return Error::invalid(QStringLiteral("%1 holds an empty array: the grid needs at least one node").arg(source));

    SimFleet fleet;
    QHash<qint64, int> seen;
    for (int i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("%1, entry %2").arg(source).arg(i + 1);
        if (!array.at(i).isObject())
            return Error::invalid(QStringLiteral("%1 is not a node object").arg(where));
        const QJsonObject o = array.at(i).toObject();
        SimFields f(o);
        SimNode n;
        n.nodeId = f.integer(QStringLiteral("nodeId"), 1, INT32_MAX);
        const QString who = f.ok() ? QStringLiteral("%1 (node %2)").arg(where).arg(n.nodeId) : where;
        n.farmId = f.integer(QStringLiteral("farmId"), 1, INT32_MAX);
        n.twinId = f.integer(QStringLiteral("twinId"), 0, INT32_MAX, 0);
        n.status = f.string(QStringLiteral("status"), true, 16);
        if (f.ok() && n.status != u"up" && n.status != u"down" && n.status != u"standby")
            f.fail(QStringLiteral("status must be up, down or standby (got \"%1\")").arg(n.status));
        n.healthy = f.boolean(QStringLiteral("healthy"), n.status == u"up");
        n.dedicated = f.boolean(QStringLiteral("dedicated"), false);
        n.rented = f.boolean(QStringLiteral("rented"), false);
        n.rentedByTwinId = f.integer(QStringLiteral("rentedByTwinId"), 0, INT32_MAX, 0);
        n.uptime = f.integer(QStringLiteral("uptime"), 0, INT64_C(1) << 40, 0);
        n.country = f.string(QStringLiteral("country"), false);
        n.city = f.string(QStringLiteral("city"), false);
        SimFields location(f.object(QStringLiteral("location")), QStringLiteral("location."));
        if (n.country.isEmpty())
            n.country = location.string(QStringLiteral("country"), false);
        if (n.city.isEmpty())
            n.city = location.string(QStringLiteral("city"), false);
        if (!f.ok())
            return Error::invalid(QStringLiteral("%1: %2").arg(who, f.error()));
        if (!location.ok())
            return Error::invalid(QStringLiteral("%1: %2").arg(who, location.error()));
        QString error;
        const auto total = readResources(o, QStringLiteral("total_resources"), &error);
        const auto used = total ? readResources(o, QStringLiteral("used_resources"), &error) : std::nullopt;
        if (!total || !used)
            return Error::invalid(QStringLiteral("%1: %2").arg(who, error));
        if (seen.contains(n.nodeId))
            return Error::invalid(QStringLiteral("%1: nodeId %2 already appears in entry %3")
                                      .arg(where).arg(n.nodeId).arg(seen.value(n.nodeId) + 1));
        seen.insert(n.nodeId, i);
        n.total = *total;
        n.used = *used;
        n.json = o;
        fleet.m_nodes.push_back(std::move(n));
    }
    std::sort(fleet.m_nodes.begin(), fleet.m_nodes.end(),
              [](const SimNode &a, const SimNode &b) { return a.nodeId < b.nodeId; });
    for (const SimNode &n : fleet.m_nodes)
        if (!n.json.value(QStringLiteral("publicConfig")).toObject().value(QStringLiteral("ipv4")).toString().isEmpty())
            ++fleet.m_publicIps;
    return fleet;
}

Result<SimFleet> SimFleet::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("cannot read nodes file %1: %2").arg(path, file.errorString()));
    return fromJson(file.readAll(), QStringLiteral("nodes file %1").arg(path));
}

} // namespace griddeck
