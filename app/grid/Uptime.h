#pragma once
// A node's uptime as a share of a window (the seed's "uptime > 95 %"), not time since its last
// boot. Pure, no I/O.
//
// The source of truth is the node's uptime reports: ZOS reports its uptime (seconds since boot)
// to TFChain about every 40 minutes, and the TFChain indexer serves them over GraphQL
// (`uptimeEvents { timestamp uptime }`). A report (t, u) says the node was up over [t − u, t].
// The node was up wherever such an interval covers the window and is counted down everywhere
// else (a gap between two boots, a time without reports), as the minting rules count it.
//
// Without reports (the Grid Proxy alone, which keeps only the latest one) the substitute is
// documented in docs/node-selection.md: the latest report covers [updatedAt − uptime, updatedAt];
// a node listed `up` whose last boot falls inside the window is taken to have been up before
// that boot too, except for one reboot of at most kRebootAllowance; a node younger than the
// window is measured over its life.

#include <QList>
#include <QtGlobal>

namespace griddeck {

struct UptimeReport
{
    qint64 timestamp = 0; // unix seconds of the report
    qint64 uptime = 0; // seconds since boot at that moment
};

struct UptimeShare
{
    qint64 upSeconds = 0;
    qint64 windowSeconds = 0; // 0 = nothing known

    // Floor of up / window in basis points, 0..10,000.
    qint64 basisPoints() const;
    // up / window × 100 ≥ minimum (units of 10^-7 percent), compared exactly.
    bool atLeast(qint64 minimumPercentUnits) const;
};

namespace uptime {

inline constexpr qint64 kWindowSeconds = 30ll * 24 * 3600;
// ZOS reports every 40 minutes; the proxy shows a node down after two missed reports
// (grid-proxy pkg/nodestatus/nodestatus.go). A reboot is charged this much downtime.
inline constexpr qint64 kReportIntervalSeconds = 40 * 60;
inline constexpr qint64 kRebootAllowance = 2 * kReportIntervalSeconds;

// Share of [windowEnd − window, windowEnd] covered by the reports' [t − u, t] intervals (in any
// order). createdAt > 0 starts the window no earlier than the node's creation.
UptimeShare fromReports(
    QList<UptimeReport> reports, qint64 windowEnd, qint64 createdAt = 0, qint64 window = kWindowSeconds);

// The proxy-only substitute (see above), measured at the node's last report.
UptimeShare fromProxy(
    qint64 uptimeSeconds, qint64 updatedAt, qint64 createdAt, bool listedUp, qint64 window = kWindowSeconds);

} // namespace uptime

} // namespace griddeck
