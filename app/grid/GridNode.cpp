#include "grid/GridNode.h"

#include "grid/Json.h"

#include <QJsonArray>

namespace griddeck {

namespace {

quint64 minus(quint64 total, quint64 used)
{
    return used >= total ? 0 : total - used;
}

NodeResources readResources(json::ObjectReader &&reader)
{
    NodeResources r;
    r.cru = reader.unsignedInt(QStringLiteral("cru"), true).value_or(0);
    r.mru = reader.unsignedInt(QStringLiteral("mru"), true).value_or(0);
    r.sru = reader.unsignedInt(QStringLiteral("sru"), true).value_or(0);
    r.hru = reader.unsignedInt(QStringLiteral("hru"), true).value_or(0);
    return r;
}

std::optional<double> readCoordinate(json::ObjectReader &location, const QJsonObject &object, const QString &key,
                                     double limit)
{
    const QJsonValue v = object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble() || v.toDouble() < -limit || v.toDouble() > limit) {
        location.addProblem(key, QStringLiteral("expected a number from %1 to %2, got %3")
                                     .arg(-limit)
                                     .arg(limit)
                                     .arg(json::describe(v)));
        return std::nullopt;
    }
    return v.toDouble();
}

} // namespace

QString nodeStatusName(NodeStatus status)
{
    switch (status) {
    case NodeStatus::Up:
        return QStringLiteral("up");
    case NodeStatus::Down:
        return QStringLiteral("down");
    case NodeStatus::Standby:
        return QStringLiteral("standby");
    case NodeStatus::Other:
        break;
    }
    return QStringLiteral("unknown");
}

NodeStatus nodeStatusFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == u"up")
        return NodeStatus::Up;
    if (n == u"down")
        return NodeStatus::Down;
    if (n == u"standby")
        return NodeStatus::Standby;
    return NodeStatus::Other;
}

Result<GridNode> GridNode::fromJson(const QJsonObject &object)
{
    json::ObjectReader r(object, QStringLiteral("node"));
    GridNode n;
    // Name the record by its id as early as we can, so every message says which node it was.
    if (const QJsonValue id = object.value(QStringLiteral("nodeId")); id.isDouble() && id.toInteger(-1) >= 0)
        r.setWhat(QStringLiteral("node %1").arg(id.toInteger(-1)));

    n.id = r.string(QStringLiteral("id"), false).value_or(QString());
    n.nodeId = r.integer(QStringLiteral("nodeId"), true, 0).value_or(0);
    n.farmId = r.integer(QStringLiteral("farmId"), true, 0).value_or(0);
    n.twinId = r.integer(QStringLiteral("twinId"), false, 0).value_or(0);
    n.country = r.string(QStringLiteral("country"), true).value_or(QString());
    n.city = r.string(QStringLiteral("city"), false).value_or(QString());
    if (!object.contains(QStringLiteral("total_resources")) && object.value(QStringLiteral("capacity")).isObject()) {
        json::ObjectReader capacity = r.object(QStringLiteral("capacity"), true);
        n.total = readResources(capacity.object(QStringLiteral("total_resources"), true));
        n.used = readResources(capacity.object(QStringLiteral("used_resources"), true));
    } else {
        n.total = readResources(r.object(QStringLiteral("total_resources"), true));
        n.used = readResources(r.object(QStringLiteral("used_resources"), true));
    }
    if (auto status = r.string(QStringLiteral("status"), true)) {
        n.statusText = *status;
        n.status = nodeStatusFromName(*status);
    }
    n.healthy = r.boolean(QStringLiteral("healthy"), false);
    n.certificationType = r.string(QStringLiteral("certificationType"), false).value_or(QString());
    n.dedicated = r.boolean(QStringLiteral("dedicated"), false).value_or(false);
    n.inDedicatedFarm = r.boolean(QStringLiteral("inDedicatedFarm"), false).value_or(false);
    n.rentable = r.boolean(QStringLiteral("rentable"), false).value_or(false);
    n.rented = r.boolean(QStringLiteral("rented"), false).value_or(false);
    n.rentContractId = r.integer(QStringLiteral("rentContractId"), false, 0).value_or(0);
    n.rentedByTwinId = r.integer(QStringLiteral("rentedByTwinId"), false, 0).value_or(0);
    n.extraFeeMusd = r.unsignedInt(QStringLiteral("extraFee"), false).value_or(0);
    n.farmFreeIps = r.integer(QStringLiteral("farm_free_ips"), false, 0).value_or(0);
    n.updatedAt = r.integer(QStringLiteral("updatedAt"), false, 0).value_or(0);
    n.created = r.integer(QStringLiteral("created"), false, 0).value_or(0);
    n.uptimeSeconds = r.unsignedInt(QStringLiteral("uptime"), false).value_or(0);
    n.farmName = r.string(QStringLiteral("farmName"), false).value_or(QString());
    n.numGpu = r.integer(QStringLiteral("num_gpu"), false, 0).value_or(0);
    if (const QJsonValue price = object.value(QStringLiteral("price_usd")); !price.isUndefined() && !price.isNull()) {
        auto amount = json::numberToAmount<Currency::USD>(price, QStringLiteral("price_usd"));
        if (amount)
            n.priceUsd = amount.value();
        else
            r.addProblem(QStringLiteral("price_usd"), amount.error().message.section(QStringLiteral(": "), 1, -1));
    }

    json::ObjectReader location = r.object(QStringLiteral("location"), false);
    if (location.present()) {
        // The top-level country/city are the ones the proxy filters on; location repeats them.
        if (n.city.isEmpty())
            n.city = location.string(QStringLiteral("city"), false).value_or(QString());
        const QJsonObject loc = object.value(QStringLiteral("location")).toObject();
        n.latitude = readCoordinate(location, loc, QStringLiteral("latitude"), 90);
        n.longitude = readCoordinate(location, loc, QStringLiteral("longitude"), 180);
    }
    json::ObjectReader publicConfig = r.object(QStringLiteral("publicConfig"), false);
    if (publicConfig.present()) {
        n.publicIpv4 = publicConfig.string(QStringLiteral("ipv4"), false).value_or(QString());
        n.publicIpv6 = publicConfig.string(QStringLiteral("ipv6"), false).value_or(QString());
    }

    if (!r.ok())
        return r.error();
    return n;
}

Result<QList<GridNode>> parseNodeArray(const QJsonArray &array)
{
    QList<GridNode> nodes;
    nodes.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue v = array.at(i);
        if (!v.isObject())
            return Error::invalid(
                QStringLiteral("node list [%1]: expected a node object, got %2").arg(i).arg(json::describe(v)));
        auto node = GridNode::fromJson(v.toObject());
        if (!node)
            return Error::invalid(QStringLiteral("node list [%1]: %2").arg(i).arg(node.error().message));
        nodes.append(std::move(node).value());
    }
    return nodes;
}

Result<QList<GridNode>> parseNodeList(const QByteArray &bytes)
{
    auto array = json::parseArray(bytes, QStringLiteral("node list"));
    if (!array)
        return array.error();
    return parseNodeArray(array.value());
}

Result<GridStats> GridStats::fromJson(const QJsonObject &object)
{
    json::ObjectReader r(object, QStringLiteral("grid stats"));
    GridStats s;
    s.nodes = r.integer(QStringLiteral("nodes"), true, 0).value_or(0);
    s.farms = r.integer(QStringLiteral("farms"), true, 0).value_or(0);
    s.countries = r.integer(QStringLiteral("countries"), true, 0).value_or(0);
    s.totalCru = r.unsignedInt(QStringLiteral("totalCru"), true).value_or(0);
    s.totalSru = r.unsignedInt(QStringLiteral("totalSru"), true).value_or(0);
    s.totalMru = r.unsignedInt(QStringLiteral("totalMru"), true).value_or(0);
    s.totalHru = r.unsignedInt(QStringLiteral("totalHru"), true).value_or(0);
    s.publicIps = r.integer(QStringLiteral("publicIps"), false, 0).value_or(0);
    s.accessNodes = r.integer(QStringLiteral("accessNodes"), false, 0).value_or(0);
    s.gateways = r.integer(QStringLiteral("gateways"), false, 0).value_or(0);
    s.twins = r.integer(QStringLiteral("twins"), false, 0).value_or(0);
    s.contracts = r.integer(QStringLiteral("contracts"), false, 0).value_or(0);
    json::ObjectReader distribution = r.object(QStringLiteral("nodesDistribution"), false);
    if (distribution.present()) {
        const QJsonObject d = object.value(QStringLiteral("nodesDistribution")).toObject();
        for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
            if (auto count = distribution.integer(it.key(), true, 0))
                s.nodesDistribution.insert(it.key(), *count);
        }
    }
    if (!r.ok())
        return r.error();
    return s;
}

} // namespace griddeck
