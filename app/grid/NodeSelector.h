#pragma once
// Node selection: pure, no I/O. Given the candidate nodes (from GET /nodes), what one
// deployment asks for, the operator's settings and what we already run, pick the node(s) and
// say why, for every candidate.
//
// ---- Filter (a node is eligible only if all hold; the first failing rule is its rejection) ----
//   1. not in the job's exclude list (nodes that already failed this job)
//   2. status is "up"
//   3. healthy is true (absent = unknown = not healthy; see GridNode.h)
//   4. available to our twin as TFChain decides (GridNode::availableFor): rented by us, or not
//      rented, not in a dedicated farm and without an extra fee
//   5. uptime share over the last 30 days ≥ min_uptime_percent (exact, see grid/Uptime.h)
//   6. CPU: total_cru ≥ asked (ZOS shares CPU, so used_resources.cru is routinely above
//      total_resources.cru); memory, SSD, HDD: free ≥ asked (free = total − used, clamped at 0;
//      used includes ZOS's own reserve)
//   7. a public IPv4, when asked, needs a free IP in the node's farm pool (farm_free_ips ≥ 1)
//
// ---- Score (integers only; higher is better) ----
//       score = 3 × headroom_bp + reliability_bp + country_bonus − spread_penalty
//               − cpu_load_penalty − extra_fee_penalty
//   headroom_bp       = min over mru, sru (and hru when asked) with total > 0 of
//                       (free − asked) × 10,000 / total, rounded down
//   reliability_bp    = the uptime share in basis points (0..10,000)
//   country_bonus     = 2,500 when the node's country is preferred, else 0
//   spread_penalty    = 2,000 × our live deployments on the node + 500 × ours on its farm
//   cpu_load_penalty  = min(10,000, (used_cru + asked) × 2,500 / total_cru): CPU already
//                       promised weighs, never excludes (full weight at 4 vCPUs per core)
//   extra_fee_penalty = min(10,000, extraFee mUSD per month / 10): a node we rent that charges
//                       an extra fee costs more
//   Ties: the lowest nodeId wins, so the same input always gives the same choice.
//
// ---- Kubernetes (nodeCount = N > 1) ----
//   N distinct nodes, each able to take one member. Greedy by rank: each pick is the best
//   remaining node on a farm not used yet; when no such node is left, the best remaining node.
//
// The same formula is described for operators in docs/node-selection.md.

#include "domain/Money.h"
#include "domain/Result.h"
#include "grid/GridNode.h"
#include "grid/Uptime.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <array>

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
    qint64 twinId = 0; // our twin: nodes it rents are available to us; 0 = we rent none
};

// What we already run, and what this job must avoid.
struct SelectionContext
{
    // Counts below zero count as none (the spread penalty is never a bonus).
    QHash<qint64, int> liveOnNode; // node id → our live deployments there
    QHash<qint64, int> liveOnFarm; // farm id → our live deployments there
    QSet<qint64> excludedNodes;    // nodes that already failed this job
    // Uptime shares measured from the indexer's reports; a node not here gets the proxy-only
    // substitute (uptime::fromProxy).
    QHash<qint64, UptimeShare> uptimeShares;
};

enum class Rejection { None, Excluded, NotUp, Unhealthy, RentedOrDedicated, LowUptime, TooSmall, NoPublicIpv4 };

QString rejectionName(Rejection rejection); // "too small", "down", …

// Whether evaluateAll()'s rejected rows carry their reason in words (CandidateScore::detail).
// Words costs a string per rejected node; Counted leaves detail empty and changes nothing else.
enum class Detail { Words, Counted };

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
    qint64 cpuLoadPenalty = 0;
    qint64 extraFeePenalty = 0;
    qint64 score = 0;          // meaningful only when eligible
    bool eligible() const { return rejection == Rejection::None; }
};

// The chosen node(s) with their rows, and how the other candidates fared, counted. select()
// ranks on a compact array and writes rows only for the chosen nodes; a view that wants the
// rest asks evaluate() for one node or evaluateAll() for the whole breakdown (same rows).
struct NodeSelection
{
    static constexpr int kRejectionCount = int(Rejection::NoPublicIpv4) + 1;

    QList<GridNode> chosen; // 1 node, or nodeCount distinct nodes
    QList<CandidateScore> chosenScores; // the chosen nodes' rows, in the order of chosen (no words)
    qsizetype candidateCount = 0; // distinct candidates (duplicate node ids: first kept)
    qsizetype eligibleCount = 0;
    std::array<qsizetype, kRejectionCount> rejectedBy {}; // candidates per rejection (index: Rejection)

    qsizetype rejected(Rejection why) const { return rejectedBy[std::size_t(why)]; }
};

class NodeSelector
{
public:
    static constexpr qint64 kHeadroomWeight = 3;
    static constexpr qint64 kCountryBonus = 2'500;
    static constexpr qint64 kNodeSpreadPenalty = 2'000;
    static constexpr qint64 kFarmSpreadPenalty = 500;
    static constexpr qint64 kCpuLoadWeight = 2'500; // per vCPU promised per core
    static constexpr qint64 kMaxPenalty = 10'000;

    // The node's uptime share: the indexer's when the context has it, else the substitute.
    static UptimeShare uptimeShare(const GridNode &node, const SelectionContext &context);

    static CandidateScore evaluate(const GridNode &node, const ResourceRequest &request,
                                   const SelectionSettings &settings, const SelectionContext &context);
    // Every candidate's row, on demand (a "why not" view): eligible by rank (score desc, nodeId
    // asc), then rejected by nodeId; duplicate node ids: first kept.
    static QList<CandidateScore> evaluateAll(const QList<GridNode> &nodes, const ResourceRequest &request,
                                             const SelectionSettings &settings, const SelectionContext &context,
                                             Detail detail = Detail::Words);
    // The chosen node(s), their rows and the counts; a Refused error naming the request and
    // counting the reasons when too few nodes fit, InvalidInput for a nonsensical request
    // (nodeCount < 1). Chooses exactly what ranking evaluateAll()'s rows would.
    static Result<NodeSelection> select(const QList<GridNode> &nodes, const ResourceRequest &request,
        const SelectionSettings &settings, const SelectionContext &context);
};

// Bytes shown in GB (2^30), with one decimal when not whole: "8 GB", "1.5 GB".
QString formatGigabytes(quint64 bytes);

} // namespace griddeck
