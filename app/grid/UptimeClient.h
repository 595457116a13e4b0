#pragma once
// The TFChain indexer's uptime reports over GraphQL (docs/grid-gateway-api.md, "Uptime"), turned
// into uptime shares (grid/Uptime.h) for the node selector. One query per batch of nodes:
//
//   uptimeEvents(where: {nodeID_in: [..], timestamp_gte: <window start>}, orderBy: timestamp_ASC,
//                limit: N) { nodeID timestamp uptime }
//
// Shares are cached per node for kCacheSeconds, so a page of candidates costs one query at most
// every few minutes. Thread-safe: the pipeline's workers share one client.

#include "grid/HttpClient.h"
#include "grid/Uptime.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QUrl>
#include <functional>
#include <memory>

namespace griddeck {

class UptimeClient
{
public:
    static constexpr qint64 kCacheSeconds = 600;
    static constexpr int kMaxEvents = 100'000; // the query's limit (the indexer's default is 50)

    // An empty URL: no indexer; shares() then answers an empty map (the substitute applies).
    explicit UptimeClient(QUrl graphqlUrl = QUrl(), HttpClient http = HttpClient());

    bool enabled() const { return !m_url.isEmpty(); }
    // The GraphQL request body for these nodes and window.
    static QJsonObject requestBody(const QList<qint64> &nodeIds, qint64 windowStart);
    // The reply's reports per node; a malformed reply is a Transient error naming what is wrong.
    static Result<QHash<qint64, QList<UptimeReport>>> parseReply(const QJsonDocument &reply);

    // Shares over the window ending at `now` for `nodeIds` (cached ones are not asked again).
    // Worker threads only (blocking).
    Result<QHash<qint64, UptimeShare>> sharesBlocking(const QList<qint64> &nodeIds, qint64 now) const;
    // The same, asynchronous: the request runs on the calling thread, whose event loop delivers
    // the callback; with everything cached (or no indexer) it is called at once.
    using SharesCallback = std::function<void(Result<QHash<qint64, UptimeShare>>)>;
    void shares(const QList<qint64> &nodeIds, qint64 now, SharesCallback callback) const;

private:
    // Shared with the asynchronous requests' callbacks, which may outlive a copy of the client.
    class ShareCache
    {
    public:
        // The cached shares of `nodeIds` into `shares`; the ids to ask for, once each, into `missing`.
        void lookUp(const QList<qint64> &nodeIds, qint64 now, QHash<qint64, UptimeShare> &shares,
            QList<qint64> &missing) const;
        // The shares of `missing` from the indexer's reply, into `shares` and the cache.
        Result<void> fill(const QJsonDocument &reply, const QList<qint64> &missing, qint64 now,
            QHash<qint64, UptimeShare> &shares);

    private:
        struct Cached
        {
            UptimeShare share;
            qint64 at = 0;
        };
        mutable QMutex m_mutex;
        QHash<qint64, Cached> m_entries;
    };
    QUrl m_url;
    HttpClient m_http;
    std::shared_ptr<ShareCache> m_cache;
};

} // namespace griddeck
