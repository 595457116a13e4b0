#pragma once
// The simulator's random numbers: SplitMix64 with our own range reduction, so a seed gives the
// same fleet and the same fault sequence on every compiler and standard library (the std
// distributions are implementation-defined).

#include <QtGlobal>

#include <cstdint>

namespace griddeck {

class SimRng
{
public:
    explicit SimRng(quint64 seed = 1)
        : m_state(seed)
    {
    }

    void reseed(quint64 seed) { m_state = seed; }

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [lo, hi] (inclusive), rejection-sampled so no value is favoured.
    qint64 range(qint64 lo, qint64 hi)
    {
        if (hi <= lo)
            return lo;
        const quint64 span = static_cast<quint64>(hi - lo) + 1;
        const quint64 limit = span == 0 ? 0 : (~quint64(0) - (~quint64(0) % span));
        quint64 v = next();
        while (span != 0 && v >= limit)
            v = next();
        return lo + static_cast<qint64>(span == 0 ? v : v % span);
    }

    // A uniform number in [0, 1) with 53 random bits; for probabilities, never for money.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // True with the given probability; always consumes exactly one draw.
    bool chance(double probability) { return unit() < probability; }

    // A stable hash of a 64-bit value (one SplitMix64 step, no state).
    static quint64 mix(quint64 value)
    {
        SimRng r(value);
        return r.next();
    }

private:
    quint64 m_state;
};

} // namespace griddeck
