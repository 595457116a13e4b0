// PlacementTally: a node choice is seen by the choices after it until the grid proxy's listing
// shows it, and never counted twice once the listing does.
#include "pipeline/PlacementTally.h"

#include <QtTest>

using namespace griddeck;

namespace {

constexpr quint64 GB = 1024ull * 1024 * 1024;

GridNode makeNode(qint64 id, qint64 farm, quint64 mruGb, qint64 farmFreeIps = 0)
{
    GridNode n;
    n.nodeId = id;
    n.farmId = farm;
    n.country = QStringLiteral("Belgium");
    n.total = { 8, mruGb * GB, 500 * GB, 0 };
    n.status = NodeStatus::Up;
    n.statusText = QStringLiteral("up");
    n.healthy = true;
    n.uptimeSeconds = 40 * 24 * 3600;
    n.updatedAt = 1767225600;
    n.created = 1600000000;
    n.farmFreeIps = farmFreeIps;
    return n;
}

ResourceRequest memory(quint64 gb)
{
    ResourceRequest r;
    r.mruBytes = gb * GB;
    r.sruBytes = 10 * GB;
    return r;
}

struct Chooser
{
    qint64 now = 1000;
    PlacementTally tally { 15'000, 17'000, [this] { return now; } };

    // The node(s) chosen from `nodes` (asked at `askedAt`, counts read at `readAt`), or the refusal.
    Result<QList<qint64>> choose(const QList<GridNode> &nodes, qint64 askedAt, const ResourceRequest &request,
        quint64 *hold = nullptr, qint64 readAt = 0, SelectionContext context = {})
    {
        quint64 held = 0;
        auto r = tally.selectAndHold(nodes, askedAt, request, SelectionSettings(), context, readAt, &held);
        if (!r.ok())
            return r.error();
        if (hold)
            *hold = held;
        QList<qint64> ids;
        for (const GridNode &n : r->chosen)
            ids.append(n.nodeId);
        return ids;
    }
};

} // namespace

class TestPlacementTally : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aChoiceIsSeenByTheChoicesFromTheSameListing()
    {
        // One listing (nodes with 8 and 4 GB free), read by four steps asking 4 GB each before
        // any of their deployments is in it: three fit.
        const QList<GridNode> listing { makeNode(1, 10, 8), makeNode(2, 20, 4) };
        Chooser c;
        QCOMPARE(c.choose(listing, 900, memory(4)).value(), QList<qint64> { 1 });
        c.now += 5;
        const auto second = c.choose(listing, 900, memory(4));
        QVERIFY(second.ok());
        c.now += 5;
        const auto third = c.choose(listing, 900, memory(4));
        QVERIFY(third.ok());
        QCOMPARE(QSet<qint64>({ second->first(), third->first() }), QSet<qint64>({ 1, 2 }));
        // Both nodes are full now, whatever the listing says; the selector alone would send a
        // fourth deployment to node 1 and the grid would refuse it.
        c.now += 5;
        const auto fourth = c.choose(listing, 900, memory(4));
        QVERIFY(!fourth.ok());
        QCOMPARE(fourth.error().kind, ErrorKind::Refused);
        QVERIFY(NodeSelector::select(listing, memory(4), SelectionSettings(), SelectionContext()).ok());
        QCOMPARE(c.tally.holds(), 3);
    }

    void aChoiceCountsAsLiveUntilTheCountsShowIt()
    {
        // Two equal nodes: the first choice goes to the lower id; the next one, from counts read
        // before that choice, still spreads to the other node. Counts read after it already
        // have it (its row is in the store): not counted twice.
        const QList<GridNode> listing { makeNode(1, 10, 64), makeNode(2, 20, 64) };
        Chooser c;
        quint64 first = 0;
        QCOMPARE(c.choose(listing, 900, memory(1), &first, 900).value(), QList<qint64> { 1 });
        c.tally.landed(first);
        c.now += 10;
        quint64 second = 0;
        QCOMPARE(c.choose(listing, 2000, memory(1), &second, 900).value(), QList<qint64> { 2 });
        c.tally.landed(second);
        c.now += 10;
        SelectionContext fromStore;
        fromStore.liveOnNode = { { 1, 1 }, { 2, 1 } };
        fromStore.liveOnFarm = { { 10, 1 }, { 20, 1 } };
        QCOMPARE(c.choose(listing, 2000, memory(1), nullptr, c.now, fromStore).value(), QList<qint64> { 1 });
    }

    void aListingAskedAfterTheGridHadItIsNotChargedAgain()
    {
        Chooser c;
        quint64 hold = 0;
        QCOMPARE(c.choose({ makeNode(1, 10, 8) }, 900, memory(4), &hold).value(), QList<qint64> { 1 });
        c.now = 1200;
        c.tally.landed(hold);
        // Asked before it landed: the node's 8 GB listed free are 4.
        QVERIFY(!c.choose({ makeNode(1, 10, 8) }, 1199, memory(8)).ok());
        // Asked after: the listing has it (4 GB used), and 4 GB are left, not 0.
        c.now = 1300;
        GridNode after = makeNode(1, 10, 8);
        after.used.mru = 4 * GB;
        QCOMPARE(c.choose({ after }, 1250, memory(4)).value(), QList<qint64> { 1 });
    }

    void aRefusedChoiceGivesItsRoomBack()
    {
        const QList<GridNode> listing { makeNode(1, 10, 4) };
        Chooser c;
        quint64 hold = 0;
        QVERIFY(c.choose(listing, 900, memory(4), &hold).ok());
        QVERIFY(!c.choose(listing, 900, memory(4)).ok());
        c.tally.release(hold); // the grid said "not enough memory": nothing was made
        QCOMPARE(c.tally.holds(), 0);
        QVERIFY(c.choose(listing, 900, memory(4)).ok());
    }

    void aGuardReleasesAChoiceNeverSentAndLandsASentOne()
    {
        const QList<GridNode> listing { makeNode(1, 10, 4) };
        Chooser c;
        {
            quint64 hold = 0;
            QVERIFY(c.choose(listing, 900, memory(4), &hold).ok());
            PlacementTally::Guard guard(c.tally, hold); // the step ended before its create went out
        }
        QCOMPARE(c.tally.holds(), 0);
        {
            quint64 hold = 0;
            QVERIFY(c.choose(listing, 900, memory(4), &hold).ok());
            PlacementTally::Guard guard(c.tally, hold);
            guard.sent();
            c.now = 1100; // the grid answered
        }
        QCOMPARE(c.tally.holds(), 1);
        QVERIFY(!c.choose(listing, 1099, memory(4)).ok()); // asked before the answer: charged
        GridNode after = makeNode(1, 10, 4);
        after.used.mru = 4 * GB;
        QVERIFY(!c.choose({ after }, 1101, memory(4)).ok()); // asked after: the listing has it, once
        after.total.mru = 8 * GB;
        QVERIFY(c.choose({ after }, 1101, memory(4)).ok());
    }

    void anUnansweredChoiceIsChargedUntilItsCapThenForgotten()
    {
        // Held at 1,000 and never answered: it counts as landed at 1,000 + 15,000, and is
        // forgotten 17,000 after that.
        Chooser c;
        QVERIFY(c.choose({ makeNode(1, 10, 4) }, 900, memory(4)).ok());
        c.now = 15'000;
        QVERIFY(!c.choose({ makeNode(1, 10, 4) }, 14'000, memory(4)).ok()); // asked after it was made
        QVERIFY(c.choose({ makeNode(1, 10, 4) }, 16'001, memory(4)).ok()); // asked after its cap
        QCOMPARE(c.tally.holds(), 2);
        c.now = 16'000 + 17'000;
        QVERIFY(c.choose({ makeNode(3, 10, 64) }, c.now, memory(1)).ok());
        QCOMPARE(c.tally.holds(), 3); // still kept at the edge
        c.now += 1;
        QVERIFY(c.choose({ makeNode(3, 10, 64) }, c.now, memory(1)).ok());
        QCOMPARE(c.tally.holds(), 3); // the first is forgotten, the new one is held
    }

    void aHoldNeverWrapsAnOverfullNodeIntoAnEmptyOne()
    {
        // A listing whose figures are absurd (used near 2^64) stays full with a hold added.
        Chooser c;
        QVERIFY(c.choose({ makeNode(1, 10, 8) }, 900, memory(4)).ok());
        GridNode absurd = makeNode(1, 10, 8);
        absurd.used.mru = std::numeric_limits<quint64>::max() - GB;
        const auto r = c.choose({ absurd }, 900, memory(4));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Refused);
    }

    void aPublicIpv4TakesOneFromTheFarmsPool()
    {
        // Farm 10 has one free IPv4 for its two nodes.
        const QList<GridNode> listing { makeNode(1, 10, 64, 1), makeNode(2, 10, 64, 1) };
        ResourceRequest ipv4 = memory(1);
        ipv4.publicIpv4 = true;
        Chooser c;
        QVERIFY(c.choose(listing, 900, ipv4).ok());
        const auto second = c.choose(listing, 900, ipv4);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, ErrorKind::Refused);
        QVERIFY(c.choose(listing, 900, memory(1)).ok()); // without one, the nodes still have room
    }

    void aClusterHoldsEveryMembersNode()
    {
        const QList<GridNode> listing { makeNode(1, 10, 4), makeNode(2, 20, 4), makeNode(3, 30, 4) };
        ResourceRequest cluster = memory(4);
        cluster.nodeCount = 2;
        Chooser c;
        const auto first = c.choose(listing, 900, cluster);
        QVERIFY(first.ok());
        QCOMPARE(first->size(), 2);
        QVERIFY(!c.choose(listing, 900, cluster).ok()); // one node left with room
        const auto single = c.choose(listing, 900, memory(4));
        QVERIFY(single.ok());
        QVERIFY(!first->contains(single->first()));
    }
};

QTEST_GUILESS_MAIN(TestPlacementTally)
#include "tst_placementtally.moc"
