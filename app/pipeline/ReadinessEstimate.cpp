#include "pipeline/ReadinessEstimate.h"

#include <algorithm>

namespace griddeck {

void ReadinessEstimate::created(const QString &deploymentId, qint64 firstPollMs)
{
    std::lock_guard lock(m_mutex);
    if (m_followed.size() >= kMaxFollowed)
        m_followed.clear();
    m_followed.insert(deploymentId, Polls { true, -1, std::max<qint64>(0, firstPollMs) });
}

bool ReadinessEstimate::sawInitialising(const QString &deploymentId, qint64 atMs)
{
    std::lock_guard lock(m_mutex);
    auto it = m_followed.find(deploymentId);
    if (it == m_followed.end()) {
        // Created before this process started: what its first poll found is not known.
        if (m_followed.size() >= kMaxFollowed)
            m_followed.clear();
        it = m_followed.insert(deploymentId, Polls { false, -1, 0 });
    }
    // A first poll set at a learnt time (not at once, nothing known yet) that came early.
    const bool first = it->firstPollPending && it->firstPollMs > 0;
    it->firstPollPending = false;
    it->lastInitialisingAt = atMs;
    return first;
}

void ReadinessEstimate::sawNoAnswer(const QString &deploymentId)
{
    std::lock_guard lock(m_mutex);
    auto it = m_followed.find(deploymentId);
    if (it != m_followed.end())
        it->firstPollPending = false; // the next answer no longer comes from the expected time
}

void ReadinessEstimate::sawReady(const QString &deploymentId, qint64 atMs, qint64 waitedMs, int intervalMs)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_followed.constFind(deploymentId);
    if (it == m_followed.cend())
        return;
    const Polls polls = *it;
    m_followed.erase(it);
    const qint64 interval = std::max(1, intervalMs);
    if (polls.firstPollPending) {
        // Ready by the first poll: perhaps well before it. Probe a step sooner than that poll
        // was due (not than it ran: a busy dispatcher's delay must not push the next up); a
        // step is also how soon a first poll that misses is followed, so probing costs little.
        recordLocked(std::min(waitedMs, polls.firstPollMs) - probeStepMs(intervalMs));
    } else if (polls.lastInitialisingAt >= 0 && atMs - polls.lastInitialisingAt <= 2 * interval) {
        recordLocked(waitedMs); // became ready between two polls at most ~an interval apart
    }
}

void ReadinessEstimate::forget(const QString &deploymentId)
{
    std::lock_guard lock(m_mutex);
    m_followed.remove(deploymentId);
}

void ReadinessEstimate::record(qint64 waitedMs)
{
    std::lock_guard lock(m_mutex);
    recordLocked(waitedMs);
}

void ReadinessEstimate::recordLocked(qint64 waitedMs)
{
    m_waits[m_next] = std::max<qint64>(0, waitedMs);
    m_next = (m_next + 1) % kSize;
    m_count = std::min(m_count + 1, kSize);
}

qint64 ReadinessEstimate::expectedMs() const
{
    std::array<qint64, kSize> waits;
    int count = 0;
    {
        std::lock_guard lock(m_mutex);
        count = m_count;
        std::copy_n(m_waits.begin(), count, waits.begin());
    }
    if (count == 0)
        return 0;
    // The 25th percentile: a few slow deployments do not delay everyone's first poll. Pinned
    // waits are the poll that saw it ready, so at most a step or an interval late; ready first
    // polls pull it a step earlier: it settles within a step of the real time.
    std::nth_element(waits.begin(), waits.begin() + count / 4, waits.begin() + count);
    return std::max<qint64>(0, waits[count / 4]);
}

} // namespace griddeck
