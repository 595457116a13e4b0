#include "pipeline/PlacementTally.h"

#include "pipeline/NodeListCache.h"

#include <QHash>
#include <algorithm>
#include <limits>

namespace griddeck {

namespace {

// The proxy's figures are not ours to trust: a sum that would wrap stays at the top.
void addCapped(quint64 &to, quint64 amount)
{
    to = amount > std::numeric_limits<quint64>::max() - to ? std::numeric_limits<quint64>::max()
                                                           : to + amount;
}

} // namespace

PlacementTally::PlacementTally(qint64 pendingCapMs, qint64 keepMs, SteadyClock clock)
    : m_pendingCapMs(std::max<qint64>(0, pendingCapMs))
    , m_keepMs(std::max<qint64>(0, keepMs))
    , m_clock(clock ? std::move(clock) : SteadyClock(&NodeListCache::steadyMs))
{
}

Result<NodeSelection> PlacementTally::selectAndHold(QList<GridNode> candidates, qint64 askedAtMs,
    const ResourceRequest &request, const SelectionSettings &settings, SelectionContext context,
    qint64 countsReadAtMs, quint64 *hold)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = m_clock();
    forgetOld(now);

    QHash<qint64, QList<qsizetype>> byNode; // built only when a hold applies
    QHash<qint64, QList<qsizetype>> byFarm;
    for (const Hold &h : m_holds) {
        if (h.heldAtMs >= countsReadAtMs) {
            for (qint64 id : h.nodeIds)
                context.liveOnNode[id] += 1;
            context.liveOnFarm[h.farmId] += 1;
        }
        if (landedBy(h) < askedAtMs)
            continue; // the listing was asked after the grid had it
        if (byNode.isEmpty()) {
            for (qsizetype i = 0; i < candidates.size(); ++i) {
                byNode[candidates.at(i).nodeId].append(i);
                byFarm[candidates.at(i).farmId].append(i);
            }
        }
        for (qint64 id : h.nodeIds) {
            for (qsizetype i : byNode.value(id)) {
                NodeResources &used = candidates[i].used;
                addCapped(used.cru, h.request.cru);
                addCapped(used.mru, h.request.mruBytes);
                addCapped(used.sru, h.request.sruBytes);
                addCapped(used.hru, h.request.hruBytes);
            }
        }
        if (h.request.publicIpv4) {
            for (qsizetype i : byFarm.value(h.farmId))
                candidates[i].farmFreeIps = std::max<qint64>(0, candidates[i].farmFreeIps - 1);
        }
    }

    auto selection = NodeSelector::select(candidates, request, settings, context);
    if (!selection.ok())
        return selection;
    Hold h;
    h.id = ++m_nextId;
    for (const GridNode &n : selection->chosen)
        h.nodeIds.append(n.nodeId);
    h.farmId = selection->chosen.first().farmId;
    h.request = request;
    h.heldAtMs = now;
    m_holds.push_back(std::move(h));
    *hold = m_nextId;
    return selection;
}

void PlacementTally::landed(quint64 hold)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = m_clock();
    for (Hold &h : m_holds) {
        if (h.id == hold) {
            if (h.landedAtMs < 0)
                h.landedAtMs = now;
            break;
        }
    }
}

void PlacementTally::release(quint64 hold)
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_holds, [hold](const Hold &h) { return h.id == hold; });
}

int PlacementTally::holds() const
{
    std::lock_guard lock(m_mutex);
    return int(m_holds.size());
}

void PlacementTally::forgetOld(qint64 now)
{
    std::erase_if(m_holds, [&](const Hold &h) { return landedBy(h) + m_keepMs < now; });
}

} // namespace griddeck
