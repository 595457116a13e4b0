#pragma once
// Time comes from a Clock so tests can move it: lease expiry, retry delays and readiness
// timeouts are all read from here, never from the wall clock directly.

#include <QtGlobal>

#include <atomic>

namespace griddeck {

class Clock
{
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    static const SystemClock &instance();
};

// A clock that only moves when told to; safe to read from worker threads.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'767'225'600'000) // 2026-01-01T00:00:00Z
        : m_now(startMs)
    {
    }
    qint64 nowMs() const override { return m_now.load(); }
    void advanceMs(qint64 ms) { m_now.fetch_add(ms); }
    void setMs(qint64 ms) { m_now.store(ms); }

private:
    std::atomic<qint64> m_now;
};

} // namespace griddeck
