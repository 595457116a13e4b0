#include "grid/NodeSelector.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace griddeck {

namespace {

constexpr quint64 kGiB = 1024ull * 1024 * 1024;

// (free − asked) × 10,000 / total, floor; free ≥ asked and total > 0 are the caller's promise.
qint64 shareLeftBp(quint64 free, quint64 asked, quint64 total)
{
    if (free - asked <= UINT64_MAX / 10'000u) // every real node: 64-bit division, no library call
        return static_cast<qint64>((free - asked) * 10'000u / total);
    const unsigned __int128 left = static_cast<unsigned __int128>(free - asked) * 10'000u;
    return static_cast<qint64>(left / total);
}

bool preferred(const QString &country, const QStringList &preferredCountries)
{
    for (const QString &c : preferredCountries) {
        // QString's case-insensitive compare folds unit by unit, so names of different lengths
        // never match: checked first, it spares reading the node's string.
        if (c.size() == country.size() && c.compare(country, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString shortage(const char *name, quint64 free, quint64 asked, bool bytes)
{
    const auto show = [bytes](quint64 v) { return bytes ? formatGigabytes(v) : QString::number(v); };
    return QStringLiteral("%1: %2 free, %3 asked").arg(QLatin1String(name), show(free), show(asked));
}

// "95", "99.5": a Percent as people write it.
QString percentText(Percent p)
{
    QString text = fixed::formatDecimal(p.units(), fixed::kAmountDecimals, 2);
    while (text.contains(u'.') && (text.endsWith(u'0') || text.endsWith(u'.')))
        text.chop(1);
    return text;
}

bool ranksBefore(const CandidateScore &a, const CandidateScore &b)
{
    if (a.eligible() != b.eligible())
        return a.eligible();
    if (a.eligible() && a.score != b.score)
        return a.score > b.score;
    return a.nodeId < b.nodeId;
}

} // namespace

QString formatGigabytes(quint64 bytes)
{
    const quint64 whole = bytes / kGiB;
    const quint64 tenth = (bytes % kGiB) * 10 / kGiB;
    if (tenth == 0 && bytes % kGiB == 0)
        return QStringLiteral("%1 GB").arg(whole);
    if (whole == 0 && tenth == 0)
        return QStringLiteral("%1 bytes").arg(bytes);
    return QStringLiteral("%1.%2 GB").arg(whole).arg(tenth);
}

QString ResourceRequest::describe() const
{
    QStringList parts;
    parts.append(QStringLiteral("%1 CPU").arg(cru));
    if (mruBytes)
        parts.append(QStringLiteral("%1 memory").arg(formatGigabytes(mruBytes)));
    if (sruBytes)
        parts.append(QStringLiteral("%1 SSD").arg(formatGigabytes(sruBytes)));
    if (hruBytes)
        parts.append(QStringLiteral("%1 HDD").arg(formatGigabytes(hruBytes)));
    if (publicIpv4)
        parts.append(QStringLiteral("a public IPv4"));
    if (parts.size() == 1)
        return parts.first();
    const QString last = parts.takeLast();
    return parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QString rejectionName(Rejection rejection)
{
    switch (rejection) {
    case Rejection::None:
        return QStringLiteral("eligible");
    case Rejection::Excluded:
        return QStringLiteral("excluded");
    case Rejection::NotUp:
        return QStringLiteral("down");
    case Rejection::Unhealthy:
        return QStringLiteral("unhealthy");
    case Rejection::RentedOrDedicated:
        return QStringLiteral("not available to us (rented or dedicated)");
    case Rejection::LowUptime:
        return QStringLiteral("below the minimum uptime");
    case Rejection::TooSmall:
        return QStringLiteral("too small");
    case Rejection::NoPublicIpv4:
        return QStringLiteral("without a public IPv4");
    }
    return QStringLiteral("unknown");
}

UptimeShare NodeSelector::uptimeShare(const GridNode &node, const SelectionContext &context)
{
    if (const auto it = context.uptimeShares.constFind(node.nodeId); it != context.uptimeShares.constEnd())
        return *it;
    return uptime::fromProxy(qint64(std::min<quint64>(node.uptimeSeconds, quint64(INT64_MAX / 2))),
        node.updatedAt, node.created, node.isUp());
}

namespace {

// The rule that rejects the node, cheap numeric checks only; None when it is eligible. The uptime
// share (a hash lookup or a computation) is looked up only for a node that passes rules 1–4.
Rejection firstFailure(const GridNode &node, const NodeResources &free, std::optional<UptimeShare> &share,
    const ResourceRequest &request, const SelectionSettings &settings, const SelectionContext &context)
{
    if (!context.excludedNodes.isEmpty() && context.excludedNodes.contains(node.nodeId))
        return Rejection::Excluded;
    if (!node.isUp())
        return Rejection::NotUp;
    if (!node.isHealthy())
        return Rejection::Unhealthy;
    if (!node.availableFor(settings.twinId))
        return Rejection::RentedOrDedicated;
    share = NodeSelector::uptimeShare(node, context);
    if (!share->atLeast(settings.minUptime.units()))
        return Rejection::LowUptime;
    if (node.total.cru < request.cru || free.mru < request.mruBytes || free.sru < request.sruBytes
        || free.hru < request.hruBytes)
        return Rejection::TooSmall;
    if (request.publicIpv4 && !node.farmHasFreeIpv4())
        return Rejection::NoPublicIpv4;
    return Rejection::None;
}

// The words for a rejection firstFailure() found.
QString rejectionDetail(Rejection why, const GridNode &node, const NodeResources &free, qint64 reliabilityBp,
    const ResourceRequest &request, const SelectionSettings &settings)
{
    switch (why) {
    case Rejection::None:
        return QString();
    case Rejection::Excluded:
        return QStringLiteral("already failed this job");
    case Rejection::NotUp:
        return QStringLiteral("status %1")
            .arg(node.statusText.isEmpty() ? nodeStatusName(node.status) : node.statusText);
    case Rejection::Unhealthy:
        return node.healthy ? QStringLiteral("reported unhealthy") : QStringLiteral("health not reported");
    case Rejection::RentedOrDedicated:
        if (node.isRented())
            return QStringLiteral("rented by twin %1").arg(node.rentedByTwinId);
        if (node.inDedicatedFarm)
            return QStringLiteral("in a dedicated farm: rent it first");
        return QStringLiteral("dedicated (extra fee %1 mUSD/month): rent it first").arg(node.extraFeeMusd);
    case Rejection::LowUptime:
        return QStringLiteral("up %1.%2% of the last 30 days, minimum %3%")
            .arg(reliabilityBp / 100)
            .arg(reliabilityBp % 100, 2, 10, QLatin1Char('0'))
            .arg(percentText(settings.minUptime));
    case Rejection::TooSmall: {
        QStringList short_;
        if (node.total.cru < request.cru)
            short_.append(QStringLiteral("CPU: %1 cores, %2 asked").arg(node.total.cru).arg(request.cru));
        if (free.mru < request.mruBytes)
            short_.append(shortage("memory", free.mru, request.mruBytes, true));
        if (free.sru < request.sruBytes)
            short_.append(shortage("SSD", free.sru, request.sruBytes, true));
        if (free.hru < request.hruBytes)
            short_.append(shortage("HDD", free.hru, request.hruBytes, true));
        return short_.join(QStringLiteral("; "));
    }
    case Rejection::NoPublicIpv4:
        return QStringLiteral("farm %1 has no free public IPv4").arg(node.farmId);
    }
    return QString();
}

// One node's verdict and score terms, without strings: all that ranking needs.
struct Verdict
{
    Rejection rejection = Rejection::None;
    std::optional<UptimeShare> share; // set when the node passed rules 1–4
    qint64 headroomBp = 0;
    qint64 countryBonus = 0;
    qint64 spreadPenalty = 0;
    qint64 cpuLoadPenalty = 0;
    qint64 extraFeePenalty = 0;
    qint64 score = 0; // when eligible; without the spread penalty (spreadPenalty(), counted last)
};

// Our live deployments on the node and its farm weigh against it. A count below zero counts as
// none: the penalty is never a bonus, so a score without it bounds the score from above.
qint64 spreadPenalty(qint64 nodeId, qint64 farmId, const SelectionContext &context)
{
    qint64 penalty = 0;
    if (!context.liveOnNode.isEmpty())
        penalty += NodeSelector::kNodeSpreadPenalty * std::max(0, context.liveOnNode.value(nodeId, 0));
    if (!context.liveOnFarm.isEmpty())
        penalty += NodeSelector::kFarmSpreadPenalty * std::max(0, context.liveOnFarm.value(farmId, 0));
    return penalty;
}

// Whether the country bonus is judged now, or later by the caller (select(): reading each
// node's country string is a cache miss, and most nodes' bound cannot win anyway).
enum class Country { Now, Later };

Verdict judge(const GridNode &node, const NodeResources &free, const ResourceRequest &request,
    const SelectionSettings &settings, const SelectionContext &context, Country country = Country::Now)
{
    Verdict v;
    v.rejection = firstFailure(node, free, v.share, request, settings, context);
    if (v.rejection != Rejection::None)
        return v;

    // Headroom: the tightest reserved resource's share left after placement (CPU is shared).
    qint64 headroom = -1;
    const auto consider = [&headroom](quint64 freeAmount, quint64 asked, quint64 total) {
        if (total == 0)
            return;
        const qint64 bp = shareLeftBp(freeAmount, asked, total);
        headroom = headroom < 0 ? bp : std::min(headroom, bp);
    };
    consider(free.mru, request.mruBytes, node.total.mru);
    consider(free.sru, request.sruBytes, node.total.sru);
    if (request.hruBytes > 0)
        consider(free.hru, request.hruBytes, node.total.hru);
    v.headroomBp = std::max<qint64>(headroom, 0);
    v.countryBonus = country == Country::Now && !settings.preferredCountries.isEmpty()
            && preferred(node.country, settings.preferredCountries)
        ? NodeSelector::kCountryBonus
        : 0;
    if (node.total.cru > 0) {
        constexpr quint64 kSmall = (quint64(1) << 32); // cores: the product fits in 64 bits
        if (node.used.cru < kSmall && request.cru < kSmall) {
            const quint64 load
                = (node.used.cru + request.cru) * quint64(NodeSelector::kCpuLoadWeight) / node.total.cru;
            v.cpuLoadPenalty
                = load > quint64(NodeSelector::kMaxPenalty) ? NodeSelector::kMaxPenalty : qint64(load);
        } else {
            const unsigned __int128 promised = static_cast<unsigned __int128>(node.used.cru) + request.cru;
            const unsigned __int128 load = promised * NodeSelector::kCpuLoadWeight / node.total.cru;
            v.cpuLoadPenalty
                = load > NodeSelector::kMaxPenalty ? NodeSelector::kMaxPenalty : static_cast<qint64>(load);
        }
    }
    v.extraFeePenalty
        = static_cast<qint64>(std::min<quint64>(NodeSelector::kMaxPenalty, node.extraFeeMusd / 10));
    v.score = NodeSelector::kHeadroomWeight * v.headroomBp + v.share->basisPoints() + v.countryBonus
        - v.cpuLoadPenalty - v.extraFeePenalty;
    return v;
}

// The full row of one node: judge() plus the node's identity and, if asked, the words.
CandidateScore evaluateNode(const GridNode &node, const ResourceRequest &request,
    const SelectionSettings &settings, const SelectionContext &context, Detail detail)
{
    const NodeResources free = node.free();
    Verdict v = judge(node, free, request, settings, context);
    if (v.rejection == Rejection::None) {
        v.spreadPenalty = spreadPenalty(node.nodeId, node.farmId, context);
        v.score -= v.spreadPenalty;
    }
    CandidateScore c {
        .nodeId = node.nodeId, .farmId = node.farmId, .country = node.country
    }; // copy, not assign
    c.rejection = v.rejection;
    c.reliabilityBp = (v.share ? *v.share : NodeSelector::uptimeShare(node, context)).basisPoints();
    if (c.rejection != Rejection::None) {
        if (detail == Detail::Words)
            c.detail = rejectionDetail(c.rejection, node, free, c.reliabilityBp, request, settings);
        return c;
    }
    c.headroomBp = v.headroomBp;
    c.countryBonus = v.countryBonus;
    c.spreadPenalty = v.spreadPenalty;
    c.cpuLoadPenalty = v.cpuLoadPenalty;
    c.extraFeePenalty = v.extraFeePenalty;
    c.score = v.score;
    return c;
}

// True when every id is greater than the one before: no duplicates, already in id order.
bool strictlyAscending(const QList<GridNode> &nodes)
{
    for (qsizetype i = 1; i < nodes.size(); ++i) {
        if (nodes[i].nodeId <= nodes[i - 1].nodeId)
            return false;
    }
    return true;
}

} // namespace

CandidateScore NodeSelector::evaluate(const GridNode &node, const ResourceRequest &request,
    const SelectionSettings &settings, const SelectionContext &context)
{
    return evaluateNode(node, request, settings, context, Detail::Words);
}

QList<CandidateScore> NodeSelector::evaluateAll(const QList<GridNode> &nodes, const ResourceRequest &request,
    const SelectionSettings &settings, const SelectionContext &context, Detail detail)
{
    QList<CandidateScore> scores;
    scores.reserve(nodes.size());
    // The Grid Proxy lists nodes by id: then there is nothing to deduplicate and the rejected
    // rows are already in order, so only the eligible ones need sorting.
    if (strictlyAscending(nodes)) {
        // Sort small keys, not rows: score desc, then id asc (ranksBefore for eligible rows).
        struct Rank
        {
            qint64 score;
            qint64 nodeId;
            qsizetype row;
        };
        std::vector<CandidateScore> rows;
        rows.reserve(nodes.size());
        std::vector<Rank> ranks;
        for (const GridNode &node : nodes) {
            rows.push_back(evaluateNode(node, request, settings, context, detail));
            if (rows.back().eligible())
                ranks.push_back({rows.back().score, node.nodeId, qsizetype(rows.size() - 1)});
        }
        std::sort(ranks.begin(), ranks.end(), [](const Rank &a, const Rank &b) {
            return a.score != b.score ? a.score > b.score : a.nodeId < b.nodeId;
        });
        for (const Rank &r : ranks)
            scores.append(std::move(rows[r.row]));
        for (CandidateScore &row : rows) {
            if (!row.eligible())
                scores.append(std::move(row));
        }
        return scores;
    }
    QSet<qint64> seen;
    for (const GridNode &node : nodes) {
        if (seen.contains(node.nodeId))
            continue;
        seen.insert(node.nodeId);
        scores.append(evaluateNode(node, request, settings, context, detail));
    }
    std::sort(scores.begin(), scores.end(), ranksBefore);
    return scores;
}

Result<NodeSelection> NodeSelector::select(const QList<GridNode> &nodes, const ResourceRequest &request,
    const SelectionSettings &settings, const SelectionContext &context)
{
    if (request.nodeCount < 1)
        return Error::invalid(QStringLiteral("node count must be at least 1, got %1").arg(request.nodeCount));

    // Rank on small keys: no row, no string, per candidate.
    struct Ranked
    {
        qint64 score; // exact, or (exact == false) a bound: with the country bonus, without the
                      // spread penalty
        qint64 nodeId;
        qint64 farmId;
        qsizetype index; // into nodes
        bool exact;
    };
    const auto before = [](const Ranked &a, const Ranked &b) {
        return a.score != b.score ? a.score > b.score : a.nodeId < b.nodeId;
    };
    // The spread penalty costs two hash lookups and the country bonus a read of the node's
    // country. The penalty is never negative and the bonus never more than kCountryBonus, so
    // the score with the bonus and without the penalty bounds the score from above, and a node
    // whose bound cannot beat the best so far is passed over without either.
    const bool countries = !settings.preferredCountries.isEmpty();
    const qint64 bonusBound = countries ? kCountryBonus : 0;
    const auto makeExact = [&](Ranked &r) {
        if (!r.exact) {
            if (countries && !preferred(nodes[r.index].country, settings.preferredCountries))
                r.score -= kCountryBonus;
            r.score -= spreadPenalty(r.nodeId, r.farmId, context);
            r.exact = true;
        }
    };
    // Few picks scan the eligible nodes once per pick; many sort them once.
    const bool single = request.nodeCount == 1;
    const bool scan = request.nodeCount <= 8;

    NodeSelection selection;
    thread_local std::vector<Ranked> buffer; // a cluster's eligible nodes; kept: no allocation per call
    std::vector<Ranked> &eligible = buffer;
    eligible.clear();
    Ranked best { 0, 0, 0, -1, true }; // the best so far: a lone pick, or a cluster's first
    std::size_t bestAt = 0; // a cluster's: its place in eligible
    const auto consider = [&](qsizetype i) {
        const GridNode &node = nodes[i];
        const Verdict v = judge(node, node.free(), request, settings, context, Country::Later);
        if (v.rejection != Rejection::None) {
            ++selection.rejectedBy[std::size_t(v.rejection)];
            return;
        }
        ++selection.eligibleCount;
        Ranked r { v.score + bonusBound, node.nodeId, node.farmId, i, false };
        if (!single) {
            if (!scan || best.index < 0 || before(r, best))
                makeExact(r);
            if (r.exact && (best.index < 0 || before(r, best))) {
                best = r;
                bestAt = eligible.size();
            }
            eligible.push_back(r);
            return;
        }
        if (best.index >= 0 && !before(r, best))
            return;
        makeExact(r);
        if (best.index < 0 || before(r, best))
            best = r;
    };
    // The Grid Proxy lists nodes by id: then there is nothing to deduplicate, and one pass both
    // checks the order and ranks. Any other order starts over, keeping the first of an id.
    qsizetype i = 0;
    for (; i < nodes.size(); ++i) {
        if (i > 0 && nodes[i].nodeId <= nodes[i - 1].nodeId)
            break;
        consider(i);
    }
    if (i == nodes.size()) {
        selection.candidateCount = nodes.size();
    } else {
        selection = NodeSelection();
        eligible.clear();
        best.index = -1;
        QSet<qint64> seen;
        for (i = 0; i < nodes.size(); ++i) {
            if (seen.contains(nodes[i].nodeId))
                continue;
            seen.insert(nodes[i].nodeId);
            consider(i);
        }
        selection.candidateCount = seen.size();
    }

    if (selection.eligibleCount < request.nodeCount) {
        // Count the reasons, in a fixed order, for a message people can act on.
        QStringList parts;
        for (Rejection r :
            { Rejection::TooSmall, Rejection::NotUp, Rejection::Unhealthy, Rejection::RentedOrDedicated,
                Rejection::LowUptime, Rejection::NoPublicIpv4, Rejection::Excluded }) {
            if (selection.rejected(r) == 0)
                continue;
            const QString name = r == Rejection::LowUptime
                ? QStringLiteral("below %1% uptime").arg(percentText(settings.minUptime))
                : rejectionName(r);
            parts.append(QStringLiteral("%1 %2").arg(selection.rejected(r)).arg(name));
        }
        const QString breakdown
            = parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
        const qsizetype total = selection.candidateCount;
        if (request.nodeCount == 1)
            return Error::refused(QStringLiteral("no node has %1 free among %2 candidates%3")
                                      .arg(request.describe())
                                      .arg(total)
                                      .arg(breakdown));
        return Error::refused(
            QStringLiteral("a cluster needs %1 distinct nodes with %2 free each, but only %3 of %4 "
                           "candidates fit%5")
                .arg(request.nodeCount)
                .arg(request.describe())
                .arg(selection.eligibleCount)
                .arg(total)
                .arg(breakdown));
    }

    // Greedy by rank, preferring a farm not used yet (see the header): each pick is the best
    // remaining node on an unused farm, else the best remaining node. The eligible nodes have
    // distinct ids, so "not used" is "not picked". A few picks scan; many sort once.
    QList<qsizetype> picked;
    if (single)
        picked.append(best.index);
    std::vector<bool> taken(single ? 0 : eligible.size(), false);
    QList<qint64> usedFarms;
    if (!single && !scan)
        std::sort(eligible.begin(), eligible.end(), before);
    for (int pick = 0; !single && pick < request.nodeCount; ++pick) {
        // The first pick is the best node, found while ranking.
        std::size_t top = pick == 0 && scan ? bestAt : eligible.size();
        for (int pass = 0; pass < 2 && top == eligible.size(); ++pass) {
            for (std::size_t k = 0; k < eligible.size(); ++k) {
                Ranked &r = eligible[k];
                if (taken[k] || (pass == 0 && usedFarms.contains(r.farmId)))
                    continue;
                if (!scan) {
                    top = k; // sorted: the first that qualifies is the best
                    break;
                }
                // An inexact score is an upper bound: no better than the best so far, it is out.
                if (top != eligible.size() && !before(r, eligible[top]))
                    continue;
                makeExact(r);
                if (top == eligible.size() || before(r, eligible[top]))
                    top = k;
            }
        }
        taken[top] = true;
        usedFarms.append(eligible[top].farmId);
        picked.append(eligible[top].index);
    }
    for (qsizetype index : picked) {
        selection.chosen.append(nodes[index]);
        selection.chosenScores.append(
            evaluateNode(nodes[index], request, settings, context, Detail::Counted));
    }
    return selection;
}

} // namespace griddeck
