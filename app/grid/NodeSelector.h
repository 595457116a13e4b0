#pragma once
// Node selection: pure, no I/O. Given the candidate nodes (from GET /nodes), what one
// deployment asks for, the operator's settings and what we already run, pick the node(s) and
// say why, for every candidate.
//
// ---- Filter (a node is eligible only if all hold; the first failing rule is its rejection) ----
//   1. not in the job's exclude list (nodes that already failed this job)
//   2. status is "up"
//   3. healthy is true (absent = unknown = not healthy; see GridNode.h)
//   4. not dedicated and not rented (we cannot deploy on someone's rented node)
//   5. reliability ≥ min_uptime_percent (exact rational comparison, no rounding)
//   6. free ≥ asked for every resource: cru, mru, sru, hru (free = total − used, clamped at 0)
//   7. has a public IPv4 when the request needs one (publicConfig.ipv4 not empty)
//
// ---- Reliability ----
//   The proxy reports `uptime` as SECONDS SINCE THE NODE LAST BOOTED, not a percentage. We read
//   it as the share of the last 30 days the node has been up without interruption:
//       reliability = min(100 %, uptime_seconds / 2,592,000 s × 100 %)
//   so a node that rebooted 3 days ago has 10 % and one up for 30 days or more has 100 %.
//
// ---- Score (integers only; higher is better) ----
//       score = 3 × headroom_bp + reliability_bp + country_bonus − spread_penalty
//   headroom_bp    = min over cru, mru, sru (and hru when asked for) with total > 0 of
//                    (free − asked) × 10,000 / total, rounded down: the tightest resource's
//                    share left after placement, in basis points (0..10,000)
//   reliability_bp = min(10,000, uptime_seconds × 10,000 / 2,592,000)
//   country_bonus  = 2,500 when the node's country is one of the preferred countries
//                    (case-insensitive, names as the proxy spells them), else 0
//   spread_penalty = 2,000 × our live deployments on the node + 500 × ours on its farm
//   Ties: the lowest nodeId wins, so the same input always gives the same choice.
//
//   Why not the seed's `uptime + cpu × 10`: it ignores memory and disk after placement (it
//   happily fills the last 2 GB of a node that has many cores) and never spreads load; the
//   headroom term balances the node's tightest resource, the spread term keeps one node or
//   farm failure from taking many of our services at once.
//
// ---- Kubernetes (nodeCount = N > 1) ----
//   N distinct nodes, each able to take one member. Greedy by rank: each pick is the best
//   remaining node on a farm not used yet; when no such node is left, the best remaining node.
//
// The same formula is described for operators in docs/node-selection.md.

#include "domain/Money.h"
#include "domain/Result.h"
#include "grid/GridNode.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace griddeck {

// What one deployment (or one kubernetes member) needs on one node.
struct ResourceRequest
{
    quint64 cru = 1;
    quint64 mruBytes = 0;
    quint64 sruBytes = 0;
    quint64 hruBytes = 0;
    bool publicIpv4 = false;
    int nodeCount = 1; // kubernetes: this many distinct nodes

    // "2 CPU, 8 GB memory, 100 GB SSD and a public IPv4"
    QString describe() const;
};

struct SelectionSettings
{
    Percent minUptime = Percent::fromWhole(95);
    QStringList preferredCountries;
};

// What we already run, and what this job must avoid.
struct SelectionContext
{
    QHash<qint64, int> liveOnNode; // node id → our live deployments there
    QHash<qint64, int> liveOnFarm; // farm id → our live deployments there
    QSet<qint64> excludedNodes;    // nodes that already failed this job
};

enum class Rejection { None, Excluded, NotUp, Unhealthy, RentedOrDedicated, LowUptime, TooSmall, NoPublicIpv4 };

QString rejectionName(Rejection rejection); // "too small", "down", …

struct CandidateScore
{
    qint64 nodeId = 0;
    qint64 farmId = 0;
    QString country;
    Rejection rejection = Rejection::None;
    QString detail;            // why rejected, in words ("memory: 3 GB free, 8 GB asked")
    qint64 headroomBp = 0;     // 0 when rejected as too small
    qint64 reliabilityBp = 0;
    qint64 countryBonus = 0;
    qint64 spreadPenalty = 0;
    qint64 score = 0;          // meaningful only when eligible
    bool eligible() const { return rejection == Rejection::None; }
};

struct NodeSelection
{
    QList<GridNode> chosen;           // 1 node, or nodeCount distinct nodes
    QList<CandidateScore> candidates; // eligible by rank (score desc, nodeId asc), then rejected by nodeId
};

class NodeSelector
{
public:
    static constexpr quint64 kReliabilityWindowSeconds = 30ull * 24 * 3600; // 2,592,000
    static constexpr qint64 kHeadroomWeight = 3;
    static constexpr qint64 kCountryBonus = 2'500;
    static constexpr qint64 kNodeSpreadPenalty = 2'000;
    static constexpr qint64 kFarmSpreadPenalty = 500;

    static qint64 reliabilityBasisPoints(quint64 uptimeSeconds);
    // reliability ≥ minimum, compared exactly.
    static bool meetsUptime(quint64 uptimeSeconds, Percent minimum);

    static CandidateScore evaluate(const GridNode &node, const ResourceRequest &request,
                                   const SelectionSettings &settings, const SelectionContext &context);
    // Every candidate, ordered as NodeSelection::candidates (duplicate node ids: first kept).
    static QList<CandidateScore> evaluateAll(const QList<GridNode> &nodes, const ResourceRequest &request,
                                             const SelectionSettings &settings, const SelectionContext &context);
    // The chosen node(s) and the breakdown; a Refused error naming the request and counting the
    // reasons when too few nodes fit, InvalidInput for a nonsensical request (nodeCount < 1).
    static Result<NodeSelection> select(const QList<GridNode> &nodes, const ResourceRequest &request,
                                        const SelectionSettings &settings, const SelectionContext &context);
};

// Bytes shown in GB (2^30), with one decimal when not whole: "8 GB", "1.5 GB".
QString formatGigabytes(quint64 bytes);

} // namespace griddeck
