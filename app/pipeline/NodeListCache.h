#pragma once
// Node listings reused for a moment: at a hundred deployments a second, every deployment asking
// the grid proxy for the same page of nodes costs the proxy (and this process, parsing ~25 KB
// of JSON) far more than the listing is worth: the real proxy's own figures are refreshed by
// its indexer every few minutes (tfgrid-sdk-go grid-proxy/internal/indexer), so a page a
// second or two old is as fresh as it gets. Our own deployments are not in the page anyway:
// the selector counts them from the store (SelectionContext::liveOnNode). A page that no
// longer yields a node is dropped and fetched again (StageRunner::findNodes).
// Thread-safe: every step asks. Times on the steady clock (the grid's data ages in real time,
// whatever clock the steps are given).

#include "grid/GridProxyClient.h"

#include <QHash>
#include <QString>
#include <mutex>
#include <optional>

namespace griddeck {

class NodeListCache
{
public:
    explicit NodeListCache(int reuseMs)
        : m_reuseMs(reuseMs)
    {
    }
    bool enabled() const { return m_reuseMs > 0; }
    static qint64 steadyMs();

    struct Listing
    {
        NodePage page;
        qint64 askedAtMs = 0; // steadyMs() when the proxy was asked for it
    };
    // The page fetched for `query` less than reuseMs ago, if any.
    std::optional<Listing> find(const NodeQuery &query) const;
    void store(const NodeQuery &query, const NodePage &page, qint64 askedAtMs);
    void drop(const NodeQuery &query);
    void clear(); // a node refused a deployment the listing said it had room for

    static constexpr int kMaxPages = 64; // distinct listings kept at once

private:
    static QString keyOf(const NodeQuery &query);

    const int m_reuseMs;
    mutable std::mutex m_mutex;
    QHash<QString, Listing> m_pages;
};

} // namespace griddeck
