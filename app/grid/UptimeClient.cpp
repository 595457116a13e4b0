#include "grid/UptimeClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace griddeck {

namespace {

Error malformed(const QString &why)
{
    return { ErrorKind::Transient,
        QStringLiteral("TFChain indexer: malformed uptimeEvents reply: %1").arg(why) };
}

// A GraphQL BigInt arrives as a string; accept a JSON integer too.
std::optional<qint64> bigInt(const QJsonValue &v)
{
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    if (v.isDouble() && v.toDouble() == double(v.toInteger()))
        return v.toInteger();
    return std::nullopt;
}

} // namespace

UptimeClient::UptimeClient(QUrl graphqlUrl, HttpClient http)
    : m_url(std::move(graphqlUrl))
    , m_http(http)
    , m_cache(std::make_shared<ShareCache>())
{
}

QJsonObject UptimeClient::requestBody(const QList<qint64> &nodeIds, qint64 windowStart)
{
    QJsonArray ids;
    for (qint64 id : nodeIds)
        ids.append(id);
    return {
        { QStringLiteral("query"),
            QStringLiteral(
                "query uptime($nodes: [Int!], $start: BigInt) {\n"
                "  uptimeEvents(where: {nodeID_in: $nodes, timestamp_gte: $start}, orderBy: timestamp_ASC, "
                "limit: %1) {\n    nodeID\n    timestamp\n    uptime\n  }\n}")
                .arg(kMaxEvents) },
        { QStringLiteral("variables"),
            QJsonObject { { QStringLiteral("nodes"), ids },
                { QStringLiteral("start"), QString::number(windowStart) } } }
    };
}

Result<QHash<qint64, QList<UptimeReport>>> UptimeClient::parseReply(const QJsonDocument &reply)
{
    if (!reply.isObject())
        return malformed(QStringLiteral("expected a JSON object"));
    const QJsonObject root = reply.object();
    if (root.contains(QStringLiteral("errors"))) {
        const QJsonArray errors = root.value(QStringLiteral("errors")).toArray();
        const QString first = errors.isEmpty()
            ? QString()
            : errors.first().toObject().value(QStringLiteral("message")).toString();
        return Error { ErrorKind::Permanent,
            QStringLiteral("TFChain indexer refused the uptime query: %1").arg(first) };
    }
    const QJsonValue events
        = root.value(QStringLiteral("data")).toObject().value(QStringLiteral("uptimeEvents"));
    if (!events.isArray())
        return malformed(QStringLiteral("data.uptimeEvents is not a list"));
    QHash<qint64, QList<UptimeReport>> out;
    const QJsonArray list = events.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject e = list.at(i).toObject();
        const auto node = bigInt(e.value(QStringLiteral("nodeID")));
        const auto timestamp = bigInt(e.value(QStringLiteral("timestamp")));
        const auto uptime = bigInt(e.value(QStringLiteral("uptime")));
        if (!node || !timestamp || !uptime || *uptime < 0)
            return malformed(
                QStringLiteral("uptimeEvents[%1] needs whole nodeID, timestamp and uptime").arg(i));
        out[*node].append({ *timestamp, *uptime });
    }
    if (list.size() >= kMaxEvents)
        return malformed(QStringLiteral("%1 events or more: the window was cut off").arg(kMaxEvents));
    return out;
}

void UptimeClient::ShareCache::lookUp(const QList<qint64> &nodeIds, qint64 now,
    QHash<qint64, UptimeShare> &shares, QList<qint64> &missing) const
{
    QMutexLocker lock(&m_mutex);
    for (qint64 id : nodeIds) {
        const auto it = m_entries.constFind(id);
        if (it != m_entries.constEnd() && now - it->at < kCacheSeconds && now >= it->at)
            shares.insert(id, it->share);
        else if (!missing.contains(id))
            missing.append(id);
    }
}

Result<void> UptimeClient::ShareCache::fill(
    const QJsonDocument &reply, const QList<qint64> &missing, qint64 now, QHash<qint64, UptimeShare> &shares)
{
    auto reports = parseReply(reply);
    if (!reports)
        return reports.error();
    QMutexLocker lock(&m_mutex);
    for (qint64 id : missing) {
        const UptimeShare share = uptime::fromReports(reports->value(id), now);
        shares.insert(id, share);
        m_entries.insert(id, Cached { share, now });
    }
    return {};
}

Result<QHash<qint64, UptimeShare>> UptimeClient::sharesBlocking(
    const QList<qint64> &nodeIds, qint64 now) const
{
    QHash<qint64, UptimeShare> shares;
    if (!enabled() || nodeIds.isEmpty())
        return shares;
    QList<qint64> missing;
    m_cache->lookUp(nodeIds, now, shares, missing);
    if (missing.isEmpty())
        return shares;
    HttpResult r
        = m_http.blockingPost(m_url, requestBody(missing, now - uptime::kWindowSeconds), QByteArray());
    if (!r)
        return r.error().toError();
    if (auto filled = m_cache->fill(r->json, missing, now, shares); !filled)
        return filled.error();
    return shares;
}

void UptimeClient::shares(const QList<qint64> &nodeIds, qint64 now, SharesCallback callback) const
{
    QHash<qint64, UptimeShare> shares;
    if (!enabled() || nodeIds.isEmpty()) {
        callback(shares);
        return;
    }
    QList<qint64> missing;
    m_cache->lookUp(nodeIds, now, shares, missing);
    if (missing.isEmpty()) {
        callback(shares);
        return;
    }
    m_http.post(m_url, requestBody(missing, now - uptime::kWindowSeconds), QByteArray(),
        [cache = m_cache, missing, now, shares, callback = std::move(callback)](HttpResult r) mutable {
            if (!r) {
                callback(r.error().toError());
                return;
            }
            if (auto filled = cache->fill(r->json, missing, now, shares); !filled) {
                callback(filled.error());
                return;
            }
            callback(shares);
        });
}

} // namespace griddeck
