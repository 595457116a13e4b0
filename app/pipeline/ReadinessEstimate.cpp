#include "pipeline/ReadinessEstimate.h"

#include <algorithm>

namespace griddeck {

void ReadinessEstimate::record(qint64 waitedMs)
{
    std::lock_guard lock(m_mutex);
    m_waits[m_next] = std::max<qint64>(0, waitedMs);
    m_next = (m_next + 1) % kSize;
    m_count = std::min(m_count + 1, kSize);
}

qint64 ReadinessEstimate::expectedMs(int intervalMs) const
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
    // The 25th percentile: a few slow deployments do not delay everyone's first poll.
    std::nth_element(waits.begin(), waits.begin() + count / 4, waits.begin() + count);
    return std::max<qint64>(0, waits[count / 4] - intervalMs / 2);
}

} // namespace griddeck
