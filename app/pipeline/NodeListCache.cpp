#include "pipeline/NodeListCache.h"

#include <chrono>

namespace griddeck {

qint64 NodeListCache::steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

QString NodeListCache::keyOf(const NodeQuery &query)
{
    return query.toUrlQuery().toString(QUrl::FullyEncoded);
}

std::optional<NodeListCache::Listing> NodeListCache::find(const NodeQuery &query) const
{
    if (!enabled())
        return std::nullopt;
    const QString key = keyOf(query);
    std::lock_guard lock(m_mutex);
    const auto it = m_pages.constFind(key);
    if (it == m_pages.cend() || steadyMs() - it->askedAtMs >= m_reuseMs)
        return std::nullopt;
    return *it;
}

void NodeListCache::store(const NodeQuery &query, const NodePage &page, qint64 askedAtMs)
{
    if (!enabled())
        return;
    const QString key = keyOf(query);
    const qint64 now = steadyMs();
    std::lock_guard lock(m_mutex);
    if (m_pages.size() >= kMaxPages) {
        m_pages.removeIf([&](const auto &entry) { return now - entry.value().askedAtMs >= m_reuseMs; });
        if (m_pages.size() >= kMaxPages)
            m_pages.clear();
    }
    m_pages.insert(key, Listing { page, askedAtMs });
}

void NodeListCache::drop(const NodeQuery &query)
{
    const QString key = keyOf(query);
    std::lock_guard lock(m_mutex);
    m_pages.remove(key);
}

void NodeListCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_pages.clear();
}

} // namespace griddeck
