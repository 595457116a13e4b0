#include "grid/Uptime.h"

#include <QVarLengthArray>

#include <algorithm>

namespace griddeck {

qint64 UptimeShare::basisPoints() const
{
    if (windowSeconds <= 0)
        return 0;
    return std::min<qint64>(10'000, upSeconds * 10'000 / windowSeconds);
}

bool UptimeShare::atLeast(qint64 minimumPercentUnits) const
{
    if (windowSeconds <= 0)
        return minimumPercentUnits <= 0;
    // up × 100 × 10^7 ≥ minimum × window
    const __int128 lhs = static_cast<__int128>(std::min(upSeconds, windowSeconds)) * 100 * 10'000'000;
    return lhs >= static_cast<__int128>(minimumPercentUnits) * windowSeconds;
}

namespace uptime {

namespace {

// Share of the window covered by the reports' [t − u, t] intervals (see fromReports).
UptimeShare covered(const UptimeReport *begin, const UptimeReport *end, qint64 windowEnd, qint64 createdAt,
    qint64 window)
{
    const qint64 start = std::max(windowEnd - window, createdAt > 0 ? createdAt : windowEnd - window);
    UptimeShare share;
    share.windowSeconds = std::max<qint64>(0, windowEnd - start);
    if (share.windowSeconds == 0)
        return share;
    // Each report's [t − u, t], clipped to the window; then the union's length. A few reports
    // (the proxy substitute has at most two) need no heap.
    QVarLengthArray<std::pair<qint64, qint64>, 4> spans;
    for (const UptimeReport *r = begin; r != end; ++r) {
        if (r->uptime < 0 || r->timestamp <= start)
            continue;
        const qint64 from = std::max(start, r->timestamp - r->uptime);
        const qint64 to = std::min(windowEnd, r->timestamp);
        if (to > from)
            spans.append({ from, to });
    }
    std::sort(spans.begin(), spans.end());
    qint64 coveredTo = start;
    for (const auto &[from, to] : spans) {
        const qint64 f = std::max(from, coveredTo);
        if (to > f) {
            share.upSeconds += to - f;
            coveredTo = to;
        }
    }
    return share;
}

} // namespace

UptimeShare fromReports(QList<UptimeReport> reports, qint64 windowEnd, qint64 createdAt, qint64 window)
{
    return covered(reports.constData(), reports.constData() + reports.size(), windowEnd, createdAt, window);
}

UptimeShare fromProxy(qint64 uptimeSeconds, qint64 updatedAt, qint64 createdAt, bool listedUp, qint64 window)
{
    if (!listedUp || updatedAt <= 0)
        return UptimeShare { 0, window };
    // The union of the two reports below (see the header), in closed form: the node selector
    // asks this for every candidate the indexer did not measure. The spans are disjoint: the
    // one before this boot ends a reboot allowance before it.
    //   (updatedAt, uptime): up over [updatedAt − uptime, updatedAt]
    //   (before, before − (updatedAt − window)): up from the window's start until one reboot
    //   allowance before this boot
    const qint64 windowEnd = updatedAt;
    const qint64 start = std::max(windowEnd - window, createdAt > 0 ? createdAt : windowEnd - window);
    UptimeShare share;
    share.windowSeconds = std::max<qint64>(0, windowEnd - start);
    if (share.windowSeconds == 0)
        return share;
    if (uptimeSeconds >= 0) {
        const qint64 from = std::max(start, updatedAt - uptimeSeconds);
        if (updatedAt > from)
            share.upSeconds += updatedAt - from;
    }
    const qint64 boot = updatedAt - std::max<qint64>(0, uptimeSeconds);
    const qint64 before = boot - kRebootAllowance;
    if (before > updatedAt - window && before > start)
        share.upSeconds += before - start;
    return share;
}

} // namespace uptime

} // namespace griddeck
