#pragma once
// When a deployment is expected to be ready, learnt from the last ones: the gateway's reply
// does not say (ZOS reports a workload's state, not how long it will take), so the steps keep
// the time the last deployments took from creation to `ok` and poll a new one just before
// that, then every interval (with jitter) until it is ready. A poll that comes too late costs
// at most one interval, never a doubled wait. Thread-safe: every worker records and asks.

#include <QtGlobal>
#include <array>
#include <mutex>

namespace griddeck {

class ReadinessEstimate
{
public:
    // A deployment was seen ready `waitedMs` after its creation.
    void record(qint64 waitedMs);
    // The expected time from creation to ready: a low quantile of the last kSize waits,
    // less half the poll interval (so a faster grid is noticed too); 0 = nothing known yet.
    qint64 expectedMs(int intervalMs) const;

    static constexpr int kSize = 32;

private:
    mutable std::mutex m_mutex;
    std::array<qint64, kSize> m_waits {};
    int m_count = 0;
    int m_next = 0;
};

} // namespace griddeck
