#include "sim/SimFleet.h"

#include "sim/SimReply.h"
#include "sim/SimRng.h"

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

QJsonObject SimFleet::nodeJson(const SimNode &n) const
{
    QJsonObject o = n.json;
    const auto contracts = m_contracts.find(n.nodeId);
    o.insert(QStringLiteral("total_resources"), n.total.toJson());
    o.insert(QStringLiteral("used_resources"), n.used.toJson());
    o.insert(QStringLiteral("status"), n.status);
    o.insert(QStringLiteral("healthy"), n.healthy);
    o.insert(QStringLiteral("uptime"), n.uptime);
    o.insert(QStringLiteral("updatedAt"), n.updatedAt);
    o.insert(QStringLiteral("inDedicatedFarm"), n.inDedicatedFarm);
    o.insert(QStringLiteral("dedicated"), n.proxyDedicated(contracts == m_contracts.end() ? 0 : contracts->second));
    o.insert(QStringLiteral("rented"), n.rented);
    o.insert(QStringLiteral("rentable"), (n.inDedicatedFarm || contracts == m_contracts.end() || contracts->second == 0) && !n.rented);
    o.insert(QStringLiteral("rentedByTwinId"), n.rentedByTwinId);
    o.insert(QStringLiteral("rentContractId"), n.rentContractId);
    o.insert(QStringLiteral("extraFee"), n.extraFee);
    o.insert(QStringLiteral("farm_free_ips"), farmFreeIps(n.farmId));
    return o;
}

QJsonObject SimFleet::nestedNodeJson(const SimNode &n) const
{
    QJsonObject o = nodeJson(n);
    o.remove(QStringLiteral("total_resources"));
    o.remove(QStringLiteral("used_resources"));
    o.insert(QStringLiteral("capacity"), QJsonObject{{QStringLiteral("total_resources"), n.total.toJson()},
                                                     {QStringLiteral("used_resources"), n.used.toJson()}});
    return o;
}

SimFarm *SimFleet::farm(qint64 farmId)
{
    const auto it = m_farms.find(farmId);
    return it == m_farms.end() ? nullptr : &it->second;
}

const SimFarm *SimFleet::farm(qint64 farmId) const
{
    return const_cast<SimFleet *>(this)->farm(farmId);
}

qint64 SimFleet::farmFreeIps(qint64 farmId) const
{
    const SimFarm *f = farm(farmId);
    return f ? f->freeIps.size() : 0;
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

bool SimFleet::matches(const SimNodeQuery &q, const SimNode &n) const
{
    // The conditions of grid-proxy internal/explorer/db/postgres.go GetNodes, on our fields.
    const auto contracts = m_contracts.find(n.nodeId);
    const int live = contracts == m_contracts.end() ? 0 : contracts->second;
    const SimFarm *farm = this->farm(n.farmId);
    // JSON lookups only when a filter asks for them: matches() runs for every node per page.
    const auto has = [&n](const char *key) {
        return !n.json.value(QStringLiteral("publicConfig"))
                    .toObject()
                    .value(QLatin1String(key))
                    .toString()
                    .isEmpty();
    };
    const auto atLeast = [](const std::optional<quint64> &min, qint64 v) { return !min || (v >= 0 && quint64(v) >= *min); };
    const auto same = [](const std::optional<bool> &want, bool v) { return !want || *want == v; };
    const auto equalText = [](const std::optional<QString> &want, const QString &v) {
        return !want || v.compare(*want, Qt::CaseInsensitive) == 0;
    };
    const auto containsText = [](const std::optional<QString> &want, const QString &v) {
        return !want || v.contains(*want, Qt::CaseInsensitive);
    };
    const SimResources f = n.free();
    if (!q.statuses.isEmpty() && !q.statuses.contains(n.status))
        return false;
    if (!same(q.healthy, n.healthy) || !same(q.inDedicatedFarm, n.inDedicatedFarm) || !same(q.rented, n.rented))
        return false;
    if (!same(q.dedicated, n.proxyDedicated(live)))
        return false;
    if (!same(q.rentable, (n.inDedicatedFarm || live == 0) && !n.rented))
        return false;
    if ((q.ipv4 && !same(q.ipv4, has("ipv4"))) || (q.ipv6 && !same(q.ipv6, has("ipv6")))
        || (q.domain && !same(q.domain, has("domain"))))
        return false;
    if (!same(q.hasGpu, n.numGpu > 0) || !atLeast(q.numGpu, n.numGpu))
        return false;
    if (!atLeast(q.freeMru, f.mru) || !atLeast(q.freeSru, f.sru) || !atLeast(q.freeHru, f.hru))
        return false;
    if (!atLeast(q.totalMru, n.total.mru) || !atLeast(q.totalSru, n.total.sru) || !atLeast(q.totalHru, n.total.hru)
        || !atLeast(q.totalCru, n.total.cru))
        return false;
    if (!atLeast(q.freeIps, farm ? farm->freeIps.size() : 0))
        return false;
    if (!equalText(q.country, n.country) || !equalText(q.city, n.city)
        || !containsText(q.countryContains, n.country) || !containsText(q.cityContains, n.city)
        || !equalText(q.certificationType, n.certificationType))
        return false;
    if (q.farmName || q.farmNameContains) {
        const QString farmName = n.json.value(QStringLiteral("farmName")).toString();
        if (!equalText(q.farmName, farmName) || !containsText(q.farmNameContains, farmName))
            return false;
    }
    if (!q.farmIds.isEmpty() && !q.farmIds.contains(quint64(n.farmId)))
        return false;
    if (q.nodeId && *q.nodeId != quint64(n.nodeId))
        return false;
    if (!q.nodeIds.isEmpty() && !q.nodeIds.contains(quint64(n.nodeId)))
        return false;
    if (q.excluded.contains(quint64(n.nodeId)))
        return false;
    if (q.twinId && *q.twinId != quint64(n.twinId))
        return false;
    const quint64 renter = n.rented ? quint64(n.rentedByTwinId) : 0;
    if (q.rentedBy && renter != *q.rentedBy)
        return false;
    // available_for: rented by that twin, or free for anyone (not rented, not in a dedicated
    // farm, no extra fee).
    if (q.availableFor && !(renter == *q.availableFor || (!n.rented && !n.inDedicatedFarm && n.extraFee == 0)))
        return false;
    if (q.rentableOrRentedBy && !(((n.inDedicatedFarm || live == 0) && !n.rented) || renter == *q.rentableOrRentedBy))
        return false;
    if (q.ownedBy && (!farm || *q.ownedBy != quint64(n.json.value(QStringLiteral("farmTwinId")).toInteger())))
        return false;
    return true;
}

SimNodePage SimFleet::query(const SimNodeQuery &q) const
{
    std::vector<const SimNode *> hits;
    for (const SimNode &n : m_nodes)
        if (matches(q, n))
            hits.push_back(&n);
    auto cmp = [](qint64 x, qint64 y) { return x < y ? -1 : (x > y ? 1 : 0); };
    // Compare on the asked key (the real sort keys); equal keys fall back to node id, so pages
    // are stable. Keys we keep no data for sort as node_id. The key is resolved once, not per
    // comparison (a page of the default order used to cost thousands of string compares).
    enum class Key {
        NodeId,
        FarmId,
        TwinId,
        Uptime,
        UpdatedAt,
        Created,
        Country,
        City,
        Status,
        DedicatedFarm,
        Rented,
        RentContractId,
        ExtraFee,
        NumGpu,
        FreeCru,
        Total,
        Used
    };
    Key by = Key::NodeId;
    qint64 SimResources::*resource = nullptr;
    {
        const QString &k = q.sortBy;
        const std::pair<const char *, Key> named[]
            = { { "farm_id", Key::FarmId }, { "twin_id", Key::TwinId }, { "uptime", Key::Uptime },
                  { "updated_at", Key::UpdatedAt }, { "created", Key::Created }, { "country", Key::Country },
                  { "city", Key::City }, { "status", Key::Status }, { "dedicated_farm", Key::DedicatedFarm },
                  { "rented", Key::Rented }, { "rent_contract_id", Key::RentContractId },
                  { "extra_fee", Key::ExtraFee }, { "num_gpu", Key::NumGpu }, { "free_cru", Key::FreeCru } };
        for (const auto &[name, key] : named) {
            if (k == QLatin1String(name))
                by = key;
        }
        const std::pair<const char *, qint64 SimResources::*> resources[] = { { "cru", &SimResources::cru },
            { "mru", &SimResources::mru }, { "sru", &SimResources::sru }, { "hru", &SimResources::hru } };
        for (const auto &[name, member] : resources) {
            if (k == QLatin1String("total_") + QLatin1String(name)) {
                by = Key::Total;
                resource = member;
            } else if (k == QLatin1String("used_") + QLatin1String(name)) {
                by = Key::Used;
                resource = member;
            }
        }
    }
    auto key = [&](const SimNode *a, const SimNode *b) -> int {
        switch (by) {
        case Key::FarmId:
            return cmp(a->farmId, b->farmId);
        case Key::TwinId:
            return cmp(a->twinId, b->twinId);
        case Key::Uptime:
            return cmp(a->uptime, b->uptime);
        case Key::UpdatedAt:
            return cmp(a->updatedAt, b->updatedAt);
        case Key::Created:
            return cmp(a->json.value(QStringLiteral("created")).toInteger(), b->json.value(QStringLiteral("created")).toInteger());
        case Key::Country:
            return a->country.compare(b->country);
        case Key::City:
            return a->city.compare(b->city);
        case Key::Status: {
            auto rank = [](const QString &s) { return s == u"up" ? 1 : s == u"standby" ? 2 : 3; };
            return cmp(rank(a->status), rank(b->status));
        }
        case Key::DedicatedFarm:
            return cmp(a->inDedicatedFarm, b->inDedicatedFarm);
        case Key::Rented:
            return cmp(a->rented, b->rented);
        case Key::RentContractId:
            return cmp(a->rentContractId, b->rentContractId);
        case Key::ExtraFee:
            return cmp(a->extraFee, b->extraFee);
        case Key::NumGpu:
            return cmp(a->numGpu, b->numGpu);
        case Key::FreeCru:
            return cmp(a->total.cru - a->used.cru, b->total.cru - b->used.cru);
        case Key::Total:
            return cmp(a->total.*resource, b->total.*resource);
        case Key::Used:
            return cmp(a->used.*resource, b->used.*resource);
        case Key::NodeId:
            break;
        }
        return cmp(a->nodeId, b->nodeId);
    };
    // The real proxy lists nodes rented by the asking twin first when available_for is given.
    auto rentedFirst = [&q](const SimNode *n) { return q.availableFor && n->rented ? 0 : 1; };
    if (q.randomize) {
        SimRng rng(SimRng::mix(q.page * 7919 + hits.size()));
        for (size_t i = hits.size(); i > 1; --i)
            std::swap(hits[i - 1], hits[size_t(rng.range(0, qint64(i) - 1))]);
    } else {
        // A total order (ties by node id): ordering only up to the asked page gives the same page.
        const quint64 all = hits.size();
        const size_t upTo
            = q.page <= all && q.size <= all ? size_t(std::min(all, q.page * q.size)) : size_t(all);
        std::partial_sort(hits.begin(), hits.begin() + qsizetype(upTo), hits.end(),
            [&](const SimNode *a, const SimNode *b) {
                if (rentedFirst(a) != rentedFirst(b))
                    return rentedFirst(a) < rentedFirst(b);
                int c = key(a, b);
                if (q.descending)
                    c = -c;
                return c != 0 ? c < 0 : a->nodeId < b->nodeId;
            });
    }
    SimNodePage page;
    page.count = static_cast<qint64>(hits.size());
    page.pages = (page.count + qint64(q.size) - 1) / qint64(q.size);
    const quint64 first = (q.page - 1) * q.size;
    for (quint64 i = first; i < quint64(page.count) && i < first + q.size; ++i)
        page.nodes.append(nodeJson(*hits[static_cast<size_t>(i)]));
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
        const auto contracts = m_contracts.find(n.nodeId);
        if (n.proxyDedicated(contracts == m_contracts.end() ? 0 : contracts->second))
            ++dedicated;
        gpus += n.numGpu;
        const QString country = n.country.isEmpty() ? QStringLiteral("Unknown") : n.country;
        distribution.insert(country, distribution.value(country).toInteger() + 1);
    }
    qint64 publicIps = 0;
    for (const auto &[id, farm] : m_farms)
        publicIps += farm.totalIps;
    return {{QStringLiteral("nodes"), nodes},
            {QStringLiteral("farms"), farms.size()},
            {QStringLiteral("countries"), distribution.size()},
            {QStringLiteral("totalCru"), cru},
            {QStringLiteral("totalSru"), sru},
            {QStringLiteral("totalMru"), mru},
            {QStringLiteral("totalHru"), hru},
            {QStringLiteral("publicIps"), publicIps},
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

std::optional<SimResources> readResources(const QJsonObject &node, const QString &key, QString *error,
                                         const QString &prefix = QString())
{
    SimFields outer(node, prefix);
    const QJsonObject o = outer.object(key);
    if (outer.ok() && !node.contains(key))
        outer.fail(QStringLiteral("%1%2 is required").arg(prefix, key));
    if (!outer.ok()) {
        *error = outer.error();
        return std::nullopt;
    }
    SimFields f(o, prefix + key + u'.');
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
        const bool dedicatedFlag = f.boolean(QStringLiteral("dedicated"), false);
        n.inDedicatedFarm = f.boolean(QStringLiteral("inDedicatedFarm"), false);
        n.rentedByTwinId = f.integer(QStringLiteral("rentedByTwinId"), 0, INT32_MAX, 0);
        n.rentContractId = f.integer(QStringLiteral("rentContractId"), 0, INT64_C(1) << 40, 0);
        n.rented = f.boolean(QStringLiteral("rented"), n.rentedByTwinId != 0);
        n.extraFee = f.integer(QStringLiteral("extraFee"), 0, INT64_C(1) << 40, 0);
        n.uptime = f.integer(QStringLiteral("uptime"), 0, INT64_C(1) << 40, 0);
        n.updatedAt = f.integer(QStringLiteral("updatedAt"), 0, INT64_C(1) << 40, 0);
        n.numGpu = f.integer(QStringLiteral("num_gpu"), 0, 64, 0);
        n.certificationType = f.string(QStringLiteral("certificationType"), false);
        const qint64 farmFreeIps = f.integer(QStringLiteral("farm_free_ips"), 0, 65536, 0);
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
        // GET /nodes lists capacity flat; GET /nodes/{id} nests it under `capacity`.
        QString error;
        const bool nested = !o.contains(QStringLiteral("total_resources")) && o.value(QStringLiteral("capacity")).isObject();
        const QJsonObject holder = nested ? o.value(QStringLiteral("capacity")).toObject() : o;
        const QString prefix = nested ? QStringLiteral("capacity.") : QString();
        const auto total = readResources(holder, QStringLiteral("total_resources"), &error, prefix);
        const auto used = total ? readResources(holder, QStringLiteral("used_resources"), &error, prefix) : std::nullopt;
        if (!total || !used)
            return Error::invalid(QStringLiteral("%1: %2").arg(who, error));
        if (seen.contains(n.nodeId))
            return Error::invalid(QStringLiteral("%1: nodeId %2 already appears in entry %3")
                                      .arg(where).arg(n.nodeId).arg(seen.value(n.nodeId) + 1));
        seen.insert(n.nodeId, i);
        n.total = *total;
        n.used = *used;
        n.json = o;
        if (nested) {
            n.json.remove(QStringLiteral("capacity"));
            n.json.insert(QStringLiteral("total_resources"), total->toJson());
        }
        // A file holds the latest report only; before that boot the node is taken to have been
        // up for a year but for one 80-minute reboot (docs/node-selection.md, the substitute).
        n.uptimeReports.append({n.updatedAt, n.uptime});
        if (n.status == u"up")
            n.uptimeReports.append({n.updatedAt - n.uptime - 4800, 365 * 86400});
        // The file's `dedicated` says whether the node had no contract yet (see proxyDedicated).
        fleet.m_contracts[n.nodeId] = !dedicatedFlag || n.rented ? 1 : 0;
        if (!fleet.m_farms.count(n.farmId)) {
            SimFarm farm;
            farm.farmId = n.farmId;
            farm.dedicated = n.inDedicatedFarm;
            const qint64 subnet = 60 + n.farmId % 190;
            farm.gateway = QStringLiteral("185.69.%1.1").arg(subnet);
            for (qint64 k = 0; k < farmFreeIps && k < 250; ++k)
                farm.freeIps.append(QStringLiteral("185.69.%1.%2/24").arg(subnet).arg(10 + k));
            farm.totalIps = farm.freeIps.size();
            fleet.m_farms.emplace(n.farmId, farm);
        }
        fleet.m_nodes.push_back(std::move(n));
    }
    std::sort(fleet.m_nodes.begin(), fleet.m_nodes.end(),
              [](const SimNode &a, const SimNode &b) { return a.nodeId < b.nodeId; });
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
