#include "grid/NodeSelector.h"

#include <algorithm>
#include <map>
#include <vector>

namespace griddeck {

namespace {

constexpr quint64 kGiB = 1024ull * 1024 * 1024;

// (free − asked) × 10,000 / total, floor; free ≥ asked and total > 0 are the caller's promise.
qint64 shareLeftBp(quint64 free, quint64 asked, quint64 total)
{
    const unsigned __int128 left = static_cast<unsigned __int128>(free - asked) * 10'000u;
    return static_cast<qint64>(left / total);
}

bool preferred(const QString &country, const QStringList &preferredCountries)
{
    for (const QString &c : preferredCountries) {
        if (c.compare(country, Qt::CaseInsensitive) == 0)
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

// The rule that rejects the node, cheap numeric checks only; None when it is eligible.
Rejection firstFailure(const GridNode &node, const NodeResources &free, const UptimeShare &share,
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
    if (!share.atLeast(settings.minUptime.units()))
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

CandidateScore evaluateNode(const GridNode &node, const ResourceRequest &request,
    const SelectionSettings &settings, const SelectionContext &context, Detail detail)
{
    CandidateScore c{.nodeId = node.nodeId, .farmId = node.farmId, .country = node.country}; // copy, not assign
    const UptimeShare share = NodeSelector::uptimeShare(node, context);
    c.reliabilityBp = share.basisPoints();
    const NodeResources free = node.free();

    c.rejection = firstFailure(node, free, share, request, settings, context);
    if (c.rejection != Rejection::None) {
        if (detail == Detail::Words)
            c.detail = rejectionDetail(c.rejection, node, free, c.reliabilityBp, request, settings);
        return c;
    }

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
    c.headroomBp = std::max<qint64>(headroom, 0);
    c.countryBonus = preferred(node.country, settings.preferredCountries) ? NodeSelector::kCountryBonus : 0;
    c.spreadPenalty = NodeSelector::kNodeSpreadPenalty * context.liveOnNode.value(node.nodeId, 0)
        + NodeSelector::kFarmSpreadPenalty * context.liveOnFarm.value(node.farmId, 0);
    if (node.total.cru > 0) {
        const unsigned __int128 promised = static_cast<unsigned __int128>(node.used.cru) + request.cru;
        const unsigned __int128 load = promised * NodeSelector::kCpuLoadWeight / node.total.cru;
        c.cpuLoadPenalty
            = load > NodeSelector::kMaxPenalty ? NodeSelector::kMaxPenalty : static_cast<qint64>(load);
    }
    c.extraFeePenalty
        = static_cast<qint64>(std::min<quint64>(NodeSelector::kMaxPenalty, node.extraFeeMusd / 10));
    c.score = NodeSelector::kHeadroomWeight * c.headroomBp + c.reliabilityBp + c.countryBonus
        - c.spreadPenalty - c.cpuLoadPenalty - c.extraFeePenalty;
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
    const SelectionSettings &settings, const SelectionContext &context, Detail detail)
{
    if (request.nodeCount < 1)
        return Error::invalid(QStringLiteral("node count must be at least 1, got %1").arg(request.nodeCount));

    NodeSelection selection;
    selection.candidates = evaluateAll(nodes, request, settings, context, detail);
    // The first node with an id (evaluateAll keeps the first of a duplicated id).
    const auto nodeById = [&nodes](qint64 id) -> const GridNode & {
        return *std::find_if(nodes.begin(), nodes.end(), [id](const GridNode &n) { return n.nodeId == id; });
    };

    QList<const CandidateScore *> eligible;
    for (const CandidateScore &c : selection.candidates) {
        if (c.eligible())
            eligible.append(&c);
    }

    if (eligible.size() < request.nodeCount) {
        // Count the reasons, in a fixed order, for a message people can act on.
        std::map<Rejection, int> reasons;
        for (const CandidateScore &c : selection.candidates) {
            if (!c.eligible())
                ++reasons[c.rejection];
        }
        QStringList parts;
        for (Rejection r :
            { Rejection::TooSmall, Rejection::NotUp, Rejection::Unhealthy, Rejection::RentedOrDedicated,
                Rejection::LowUptime, Rejection::NoPublicIpv4, Rejection::Excluded }) {
            if (!reasons.count(r))
                continue;
            const QString name = r == Rejection::LowUptime
                ? QStringLiteral("below %1% uptime").arg(percentText(settings.minUptime))
                : rejectionName(r);
            parts.append(QStringLiteral("%1 %2").arg(reasons[r]).arg(name));
        }
        const QString breakdown
            = parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
        const qsizetype total = selection.candidates.size();
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
                .arg(eligible.size())
                .arg(total)
                .arg(breakdown));
    }

    // Greedy by rank, preferring a farm not used yet (see the header).
    QSet<qint64> usedNodes;
    QSet<qint64> usedFarms;
    for (int pick = 0; pick < request.nodeCount; ++pick) {
        const CandidateScore *best = nullptr;
        for (const CandidateScore *c : eligible) {
            if (!usedNodes.contains(c->nodeId) && !usedFarms.contains(c->farmId)) {
                best = c;
                break;
            }
        }
        if (!best) {
            for (const CandidateScore *c : eligible) {
                if (!usedNodes.contains(c->nodeId)) {
                    best = c;
                    break;
                }
            }
        }
        usedNodes.insert(best->nodeId);
        usedFarms.insert(best->farmId);
        selection.chosen.append(nodeById(best->nodeId));
    }
    return selection;
}

} // namespace griddeck
