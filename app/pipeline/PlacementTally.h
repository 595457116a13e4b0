#pragma once
// The deployments this engine has just placed, for the node choices that follow before the grid
// proxy's listing shows them. Steps choose from the same page of nodes for a moment
// (NodeListCache) and from live counts read before their requests went out, so at a hundred
// deployments a second thirty steps chose the same node within 60 ms and all but one were
// refused ("not enough memory"), one job four times over, to a refund. Here a choice is made
// and held under one lock, so the next choice sees it: its resources are taken off its nodes
// (and a public IPv4 off the farm's pool) in every listing asked before the grid had it, and it
// counts as ours on its nodes and farm when the live counts were read before it.
// Thread-safe. Times on the listings' clock (NodeListCache::steadyMs; injected for tests).

#include "domain/Result.h"
#include "grid/NodeSelector.h"

#include <QList>
#include <functional>
#include <mutex>
#include <vector>

namespace griddeck {

class PlacementTally
{
public:
    using SteadyClock = std::function<qint64()>;

    // A hold the grid never answered for (a step that ended on the way) counts as landed
    // `pendingCapMs` after it was made; landed holds are forgotten `keepMs` later (no listing
    // asked that long ago is still used).
    PlacementTally(qint64 pendingCapMs, qint64 keepMs, SteadyClock clock = {});

    qint64 nowMs() const { return m_clock(); }

    // NodeSelector::select over `candidates` (a listing asked at `askedAtMs` on this clock), with
    // the holds that listing cannot show applied and the holds made since `countsReadAtMs`
    // counted as live; a choice is held at once, its id in *hold.
    Result<NodeSelection> selectAndHold(QList<GridNode> candidates, qint64 askedAtMs,
        const ResourceRequest &request, const SelectionSettings &settings, SelectionContext context,
        qint64 countsReadAtMs, quint64 *hold);
    // The grid answered the create (or the step gave up waiting): listings asked from now on
    // show it.
    void landed(quint64 hold);
    // The grid refused it: nothing was made.
    void release(quint64 hold);

    int holds() const; // held, not yet forgotten (for tests)

    // A step holds this from its choice to the grid's answer. Until the create is sent, going
    // releases the hold (nothing was asked of the grid); once sent, going lands it (the answer
    // is in, or the step stopped waiting); a refusal releases it.
    class Guard
    {
    public:
        Guard(PlacementTally &tally, quint64 hold)
            : m_tally(&tally)
            , m_hold(hold)
        {
        }
        Guard(const Guard &) = delete;
        Guard &operator=(const Guard &) = delete;
        ~Guard()
        {
            if (m_hold == 0)
                return;
            if (m_sent)
                m_tally->landed(m_hold);
            else
                m_tally->release(m_hold);
        }
        void sent() { m_sent = true; }
        void release()
        {
            m_tally->release(m_hold);
            m_hold = 0;
        }

    private:
        PlacementTally *m_tally;
        quint64 m_hold;
        bool m_sent = false;
    };

private:
    struct Hold
    {
        quint64 id = 0;
        QList<qint64> nodeIds;
        qint64 farmId = 0;
        ResourceRequest request;
        qint64 heldAtMs = 0;
        qint64 landedAtMs = -1; // -1: not answered yet
    };
    qint64 landedBy(const Hold &h) const
    {
        return h.landedAtMs >= 0 ? h.landedAtMs : h.heldAtMs + m_pendingCapMs;
    }
    void forgetOld(qint64 now);

    const qint64 m_pendingCapMs;
    const qint64 m_keepMs;
    SteadyClock m_clock;
    mutable std::mutex m_mutex;
    std::vector<Hold> m_holds; // in the order made
    quint64 m_nextId = 0;
};

} // namespace griddeck
