// POST /graphql: the TFChain indexer's uptime reports (threefoldtech/tfchain_graphql
// schema.graphql: `type UptimeEvent @entity { nodeID: Int!, uptime: BigInt!, timestamp: BigInt! }`).
// Only the `uptimeEvents` list is served, with the `where` conditions GridDeck and the minting
// tooling use (nodeID_eq, nodeID_in, timestamp_gt/gte/lt/lte), orderBy timestamp_ASC/DESC,
// limit (default 50, as the indexer's) and offset; BigInts are JSON strings. Anything else is a
// GraphQL error naming it.

#include "sim/SimFleet.h"
#include "sim/SimReply.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>

namespace griddeck {

namespace {

SimReply graphqlError(const QString &message)
{
    return SimReply::json(QJsonObject { { QStringLiteral("errors"),
                              QJsonArray { QJsonObject { { QStringLiteral("message"), message } } } } },
        400);
}

// A literal or $variable: an integer, a list of integers or a string holding one.
std::optional<QList<qint64>> integers(const QString &text, const QJsonObject &variables, QString *error)
{
    QJsonValue v;
    if (text.startsWith(u'$')) {
        v = variables.value(text.mid(1));
        if (v.isUndefined()) {
            *error = QStringLiteral("Variable \"%1\" is not defined").arg(text);
            return std::nullopt;
        }
    } else if (text.startsWith(u'[')) {
        QJsonArray a;
        for (const QString &part : text.mid(1, text.size() - 2).split(u',', Qt::SkipEmptyParts))
            a.append(part.trimmed().remove(u'"').toLongLong());
        v = a;
    } else {
        v = QString(text).remove(u'"');
    }
    QList<qint64> out;
    const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray { v };
    for (const QJsonValue &item : list) {
        bool ok = item.isDouble();
        qint64 n = item.toInteger();
        if (item.isString())
            n = item.toString().toLongLong(&ok);
        if (!ok) {
            *error = QStringLiteral("Expected an integer, got %1")
                         .arg(QString::fromUtf8(
                             QJsonDocument(QJsonArray { item }).toJson(QJsonDocument::Compact)));
            return std::nullopt;
        }
        out.append(n);
    }
    return out;
}

} // namespace

SimReply SimFleet::graphql(const QByteArray &body, qint64 nowSeconds) const
{
    QString parseError;
    const auto request = parseJsonObjectBody(body, &parseError);
    if (!request)
        return graphqlError(parseError);
    const QString query = request->value(QStringLiteral("query")).toString();
    const QJsonObject variables = request->value(QStringLiteral("variables")).toObject();
    static const QRegularExpression call(
        QStringLiteral("uptimeEvents\\s*(?:\\(([^)]*)\\))?\\s*\\{([^}]*)\\}"));
    const auto m = call.match(query);
    if (!m.hasMatch())
        return graphqlError(QStringLiteral("this indexer serves only the uptimeEvents list"));
    const QString args = m.captured(1);
    const QStringList fields
        = m.captured(2).split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    for (const QString &f : fields)
        if (f != u"nodeID" && f != u"uptime" && f != u"timestamp" && f != u"id")
            return graphqlError(QStringLiteral("Cannot query field \"%1\" on type \"UptimeEvent\".").arg(f));

    QList<qint64> nodeIds;
    qint64 from = INT64_MIN, to = INT64_MAX, limit = 50, offset = 0;
    bool descending = false;
    static const QRegularExpression whereRe(QStringLiteral("where\\s*:\\s*\\{([^}]*)\\}"));
    static const QRegularExpression cond(
        QStringLiteral("(\\w+)\\s*:\\s*(\\[[^\\]]*\\]|\"[^\"]*\"|\\$\\w+|-?\\d+|\\w+)"));
    const QString where = whereRe.match(args).captured(1);
    QString rest = args;
    rest.remove(whereRe);
    QString error;
    auto it = cond.globalMatch(where);
    while (it.hasNext()) {
        const auto c = it.next();
        const QString key = c.captured(1);
        const auto values = integers(c.captured(2), variables, &error);
        if (!values)
            return graphqlError(QStringLiteral("%1: %2").arg(key, error));
        if (key == u"nodeID_eq" || key == u"nodeID_in")
            nodeIds += *values;
        else if (key == u"timestamp_gte")
            from = std::max(from, values->value(0));
        else if (key == u"timestamp_gt")
            from = std::max(from, values->value(0) + 1);
        else if (key == u"timestamp_lte")
            to = std::min(to, values->value(0));
        else if (key == u"timestamp_lt")
            to = std::min(to, values->value(0) - 1);
        else
            return graphqlError(
                QStringLiteral("Field \"%1\" is not defined by type \"UptimeEventWhereInput\".").arg(key));
    }
    auto more = cond.globalMatch(rest);
    while (more.hasNext()) {
        const auto c = more.next();
        const QString key = c.captured(1);
        if (key == u"orderBy") {
            if (c.captured(2) != u"timestamp_ASC" && c.captured(2) != u"timestamp_DESC")
                return graphqlError(QStringLiteral("orderBy %1 is not supported here").arg(c.captured(2)));
            descending = c.captured(2) == u"timestamp_DESC";
            continue;
        }
        const auto values = integers(c.captured(2), variables, &error);
        if (!values || values->isEmpty())
            return graphqlError(QStringLiteral("%1: %2").arg(key, error));
        if (key == u"limit")
            limit = values->first();
        else if (key == u"offset")
            offset = values->first();
        else
            return graphqlError(
                QStringLiteral("Unknown argument \"%1\" on field \"uptimeEvents\".").arg(key));
    }

    struct Event
    {
        qint64 node, timestamp, uptime;
    };
    // The fleet is a snapshot (its latest report); its history is moved to the simulator's
    // clock, so "the last 30 days" means the same to the indexer as to the caller.
    qint64 snapshot = 0;
    for (const SimNode &n : m_nodes)
        snapshot = std::max(snapshot, n.updatedAt);
    const qint64 shift = nowSeconds > snapshot ? nowSeconds - snapshot : 0;
    std::vector<Event> events;
    for (const SimNode &n : m_nodes) {
        if (!nodeIds.isEmpty() && !nodeIds.contains(n.nodeId))
            continue;
        for (const auto &[timestamp, uptime] : n.uptimeReports)
            if (timestamp + shift >= from && timestamp + shift <= to)
                events.push_back({ n.nodeId, timestamp + shift, uptime });
    }
    std::sort(events.begin(), events.end(), [descending](const Event &a, const Event &b) {
        if (a.timestamp != b.timestamp)
            return descending ? a.timestamp > b.timestamp : a.timestamp < b.timestamp;
        return a.node < b.node;
    });
    QJsonArray out;
    for (qint64 i = std::max<qint64>(0, offset); i < qint64(events.size()) && out.size() < limit; ++i) {
        const Event &e = events[size_t(i)];
        QJsonObject o;
        for (const QString &f : fields) {
            if (f == u"nodeID")
                o.insert(f, e.node);
            else if (f == u"uptime")
                o.insert(f, QString::number(e.uptime));
            else if (f == u"timestamp")
                o.insert(f, QString::number(e.timestamp));
            else
                o.insert(f, QStringLiteral("%1-%2").arg(e.node).arg(e.timestamp));
        }
        out.append(o);
    }
    return SimReply::json(
        QJsonObject { { QStringLiteral("data"), QJsonObject { { QStringLiteral("uptimeEvents"), out } } } });
}

} // namespace griddeck
