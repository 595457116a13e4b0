// Node selection: randomized fleets checked against a brute-force reading of the documented
// rules and formula (NodeSelector.h), plus the constructed cases the docs promise.

#include "TestSupport.h"
#include "grid/NodeSelector.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>

using namespace griddeck;

namespace {

constexpr quint64 GB = 1024ull * 1024 * 1024;
constexpr quint64 kDay = 24 * 3600;

GridNode makeNode(qint64 id, qint64 farm, quint64 cru, quint64 mruGb, quint64 sruGb, quint64 uptimeDays = 40)
{
    GridNode n;
    n.nodeId = id;
    n.farmId = farm;
    n.country = QStringLiteral("Belgium");
    n.total = {cru, mruGb * GB, sruGb * GB, 0};
    n.status = NodeStatus::Up;
    n.statusText = QStringLiteral("up");
    n.healthy = true;
    n.uptimeSeconds = uptimeDays * kDay;
    return n;
}

// ---- The documented rules, written out again independently ----

bool bruteEligible(const GridNode &n, const ResourceRequest &r, const SelectionSettings &s, const SelectionContext &c)
{
    if (c.excludedNodes.contains(n.nodeId) || n.status != NodeStatus::Up || n.healthy != std::optional<bool>(true))
        return false;
    if (n.dedicated || n.rented || n.rentedByTwinId != 0 || n.rentContractId != 0)
        return false;
    const __int128 window = 30 * kDay;
    const __int128 up = std::min<__int128>(n.uptimeSeconds, window);
    if (up * 100 * 10'000'000 < static_cast<__int128>(s.minUptime.units()) * window)
        return false;
    const auto freeOf = [](quint64 t, quint64 u) { return u > t ? 0 : t - u; };
    if (freeOf(n.total.cru, n.used.cru) < r.cru || freeOf(n.total.mru, n.used.mru) < r.mruBytes
        || freeOf(n.total.sru, n.used.sru) < r.sruBytes || freeOf(n.total.hru, n.used.hru) < r.hruBytes)
        return false;
    return !r.publicIpv4 || !n.publicIpv4.isEmpty();
}

qint64 bruteScore(const GridNode &n, const ResourceRequest &r, const SelectionSettings &s, const SelectionContext &c)
{
    const auto left = [](quint64 t, quint64 u, quint64 asked) -> qint64 {
        if (t == 0)
            return -1;
        const quint64 free = u > t ? 0 : t - u;
        return static_cast<qint64>(static_cast<__int128>(free - asked) * 10000 / t);
    };
    qint64 head = -1;
    const qint64 parts[] = {left(n.total.cru, n.used.cru, r.cru), left(n.total.mru, n.used.mru, r.mruBytes),
                            left(n.total.sru, n.used.sru, r.sruBytes),
                            r.hruBytes ? left(n.total.hru, n.used.hru, r.hruBytes) : -1};
    for (qint64 p : parts) {
        if (p >= 0)
            head = head < 0 ? p : std::min(head, p);
    }
    head = std::max<qint64>(head, 0);
    const qint64 rel = std::min<qint64>(10000, static_cast<qint64>(n.uptimeSeconds * 10000 / (30 * kDay)));
    bool pref = false;
    for (const QString &p : s.preferredCountries)
        pref = pref || p.toLower() == n.country.toLower();
    return 3 * head + rel + (pref ? 2500 : 0) - 2000 * c.liveOnNode.value(n.nodeId) - 500 * c.liveOnFarm.value(n.farmId);
}

struct Scenario
{
    QList<GridNode> nodes;
    ResourceRequest request;
    SelectionSettings settings;
    SelectionContext context;
};

Scenario randomScenario(QRandomGenerator &rng)
{
    static const QStringList countries{QStringLiteral("Belgium"), QStringLiteral("Egypt"), QStringLiteral("Germany"),
                                       QStringLiteral("United States"), QStringLiteral("Japan")};
    Scenario s;
    const int count = 20 + rng.bounded(120);
    const int farms = 1 + rng.bounded(15);
    for (int i = 0; i < count; ++i) {
        // Coarse values on purpose so that equal scores (ties) happen often.
        GridNode n = makeNode(1 + rng.bounded(400), 1 + rng.bounded(farms), 4u << rng.bounded(4),
                              16u << rng.bounded(4), 256u << rng.bounded(3));
        n.total.hru = rng.bounded(3) ? (1000u << rng.bounded(3)) * GB : 0;
        n.used.cru = rng.bounded(int(n.total.cru * 5 / 4) + 1); // sometimes above total (real data)
        n.used.mru = (n.total.mru / 8) * rng.bounded(10);
        n.used.sru = (n.total.sru / 8) * rng.bounded(10);
        n.used.hru = n.total.hru ? (n.total.hru / 4) * rng.bounded(5) : 0;
        n.country = countries.at(rng.bounded(countries.size()));
        const int st = rng.bounded(20);
        n.status = st < 16 ? NodeStatus::Up : st < 18 ? NodeStatus::Down : st < 19 ? NodeStatus::Standby : NodeStatus::Other;
        const int h = rng.bounded(10);
        n.healthy = h < 8 ? std::optional<bool>(true) : h < 9 ? std::optional<bool>(false) : std::nullopt;
        n.dedicated = rng.bounded(20) == 0;
        n.rented = rng.bounded(20) == 0;
        n.rentedByTwinId = rng.bounded(30) == 0 ? 77 : 0;
        n.uptimeSeconds = rng.bounded(3) ? (30 + rng.bounded(30)) * kDay : rng.bounded(int(30 * kDay));
        n.publicIpv4 = rng.bounded(3) == 0 ? QStringLiteral("185.69.166.%1").arg(i) : QString();
        // Real fleets have many identical machines: clone one now and then, so ties happen.
        if (!s.nodes.isEmpty() && rng.bounded(3) == 0) {
            const qint64 id = n.nodeId;
            n = s.nodes.at(rng.bounded(s.nodes.size()));
            n.nodeId = id;
        }
        s.nodes.append(n);
    }
    s.request.cru = 1 + rng.bounded(8);
    s.request.mruBytes = (1 + rng.bounded(64)) * GB;
    s.request.sruBytes = rng.bounded(400) * GB;
    s.request.hruBytes = rng.bounded(4) == 0 ? (rng.bounded(2000)) * GB : 0;
    s.request.publicIpv4 = rng.bounded(5) == 0;
    const qint64 minimums[] = {0, 50, 95, 100};
    s.settings.minUptime = rng.bounded(5) == 0 ? Percent::parse(u"99.5").value()
                                               : Percent::fromWhole(minimums[rng.bounded(4)]);
    for (const QString &c : countries) {
        if (rng.bounded(4) == 0)
            s.settings.preferredCountries.append(rng.bounded(2) ? c.toUpper() : c);
    }
    for (const GridNode &n : s.nodes) {
        if (rng.bounded(4) == 0)
            s.context.liveOnNode.insert(n.nodeId, rng.bounded(4));
        if (rng.bounded(6) == 0)
            s.context.excludedNodes.insert(n.nodeId);
    }
    for (int f = 1; f <= farms; ++f) {
        if (rng.bounded(3) == 0)
            s.context.liveOnFarm.insert(f, rng.bounded(6));
    }
    return s;
}

template<class R>
QString why(const R &r)
{
    return r.ok() ? QStringLiteral("(ok)") : r.error().message; // QVERIFY2 evaluates its message eagerly
}

// Unique candidates in input order (the selector keeps the first of a duplicated id).
QList<GridNode> unique(const QList<GridNode> &nodes)
{
    QList<GridNode> out;
    QSet<qint64> seen;
    for (const GridNode &n : nodes) {
        if (!seen.contains(n.nodeId)) {
            seen.insert(n.nodeId);
            out.append(n);
        }
    }
    return out;
}

} // namespace

class TestNodeSelector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reliabilityFromSecondsSinceBoot()
    {
        QCOMPARE(NodeSelector::reliabilityBasisPoints(0), 0);
        QCOMPARE(NodeSelector::reliabilityBasisPoints(1297882), 5007); // the fixture: 15 days of 30
        QCOMPARE(NodeSelector::reliabilityBasisPoints(30 * kDay), 10000);
        QCOMPARE(NodeSelector::reliabilityBasisPoints(400 * kDay), 10000); // capped
        QVERIFY(NodeSelector::meetsUptime(1297882, Percent::parse(u"50.07").value()));
        QVERIFY(!NodeSelector::meetsUptime(1297882, Percent::parse(u"50.08").value()));
        QVERIFY(NodeSelector::meetsUptime(30 * kDay, Percent::fromWhole(100)));
        QVERIFY(!NodeSelector::meetsUptime(30 * kDay - 1, Percent::fromWhole(100)));
        QVERIFY(NodeSelector::meetsUptime(0, Percent::fromWhole(0)));
    }

    void randomizedFleetsMatchBruteForce()
    {
        QRandomGenerator rng(424242);
        int chosenCount = 0;
        int refusedCount = 0;
        int tiesBroken = 0;
        for (int trial = 0; trial < 3000; ++trial) {
            Scenario s = randomScenario(rng);
            const QList<GridNode> candidates = unique(s.nodes);
            auto result = NodeSelector::select(s.nodes, s.request, s.settings, s.context);

            qint64 best = 0;
            qint64 bestId = -1;
            int eligible = 0;
            for (const GridNode &n : candidates) {
                if (!bruteEligible(n, s.request, s.settings, s.context))
                    continue;
                ++eligible;
                const qint64 sc = bruteScore(n, s.request, s.settings, s.context);
                if (bestId < 0 || sc > best || (sc == best && n.nodeId < bestId)) {
                    best = sc;
                    bestId = n.nodeId;
                }
            }
            int tiedAtBest = 0;
            for (const GridNode &n : candidates) {
                if (bruteEligible(n, s.request, s.settings, s.context) && bruteScore(n, s.request, s.settings, s.context) == best)
                    ++tiedAtBest;
            }
            if (eligible == 0) {
                QVERIFY2(!result.ok(), qPrintable(QStringLiteral("trial %1 chose a node none of which fit").arg(trial)));
                QCOMPARE(result.error().kind, ErrorKind::Refused);
                QVERIFY(result.error().message.contains(QStringLiteral("among %1 candidates").arg(candidates.size())));
                ++refusedCount;
                continue;
            }
            QVERIFY2(result.ok(), qPrintable(QStringLiteral("trial %1: %2").arg(trial).arg(why(result))));
            QCOMPARE(result->chosen.size(), 1);
            const GridNode &chosen = result->chosen.first();
            // Never a node lacking resources, excluded, down, unhealthy or under the minimum.
            QVERIFY(bruteEligible(chosen, s.request, s.settings, s.context));
            QVERIFY(!s.context.excludedNodes.contains(chosen.nodeId));
            QVERIFY(chosen.isUp() && chosen.isHealthy());
            QVERIFY(NodeSelector::meetsUptime(chosen.uptimeSeconds, s.settings.minUptime));
            // The maximum score, lowest nodeId among equals.
            QCOMPARE(bruteScore(chosen, s.request, s.settings, s.context), best);
            QCOMPARE(chosen.nodeId, bestId);
            tiesBroken += tiedAtBest > 1;
            ++chosenCount;

            // The breakdown: one row per unique candidate, eligible ones first by rank, each
            // carrying the documented score; rejected ones say why.
            QCOMPARE(result->candidates.size(), candidates.size());
            QCOMPARE(result->candidates.first().nodeId, bestId);
            int eligibleRows = 0;
            for (const CandidateScore &c : result->candidates) {
                const GridNode *n = nullptr;
                for (const GridNode &g : candidates) {
                    if (g.nodeId == c.nodeId)
                        n = &g;
                }
                QVERIFY(n);
                QCOMPARE(c.eligible(), bruteEligible(*n, s.request, s.settings, s.context));
                if (c.eligible()) {
                    ++eligibleRows;
                    QCOMPARE(c.score, bruteScore(*n, s.request, s.settings, s.context));
                    QCOMPARE(c.score, 3 * c.headroomBp + c.reliabilityBp + c.countryBonus - c.spreadPenalty);
                } else {
                    QVERIFY(!c.detail.isEmpty());
                }
            }
            QCOMPARE(eligibleRows, eligible);
        }
        qDebug("chosen %d, refused %d, ties broken %d", chosenCount, refusedCount, tiesBroken);
        // The generator must exercise every branch.
        QVERIFY(chosenCount > 1000);
        QVERIFY(refusedCount > 50);
        QVERIFY(tiesBroken > 20);
    }

    void kubernetesPicksDistinctNodesPreferringDistinctFarms()
    {
        QRandomGenerator rng(777);
        int spreadAcrossFarms = 0;
        for (int trial = 0; trial < 1500; ++trial) {
            Scenario s = randomScenario(rng);
            s.request.nodeCount = 2 + rng.bounded(3);
            s.request.mruBytes = GB;
            s.request.sruBytes = 0;
            s.request.hruBytes = 0;
            auto result = NodeSelector::select(s.nodes, s.request, s.settings, s.context);
            QList<const GridNode *> eligible;
            const QList<GridNode> candidates = unique(s.nodes);
            QSet<qint64> eligibleFarms;
            for (const GridNode &n : candidates) {
                if (bruteEligible(n, s.request, s.settings, s.context)) {
                    eligible.append(&n);
                    eligibleFarms.insert(n.farmId);
                }
            }
            if (eligible.size() < s.request.nodeCount) {
                QVERIFY(!result.ok());
                QVERIFY2(result.error().message.contains(QStringLiteral("needs %1 distinct nodes").arg(s.request.nodeCount)),
                         qPrintable(result.error().message));
                continue;
            }
            QVERIFY2(result.ok(), qPrintable(why(result)));
            QCOMPARE(result->chosen.size(), s.request.nodeCount);
            QSet<qint64> ids;
            QSet<qint64> farms;
            for (const GridNode &n : result->chosen) {
                QVERIFY(bruteEligible(n, s.request, s.settings, s.context));
                ids.insert(n.nodeId);
                farms.insert(n.farmId);
            }
            QCOMPARE(ids.size(), s.request.nodeCount);
            // As many distinct farms as the eligible nodes allow.
            QCOMPARE(farms.size(), std::min<qsizetype>(s.request.nodeCount, eligibleFarms.size()));
            // The first member is the single best node.
            QCOMPARE(result->chosen.first().nodeId, result->candidates.first().nodeId);
            spreadAcrossFarms += farms.size() == s.request.nodeCount;
        }
        QVERIFY(spreadAcrossFarms > 300);
    }

    void deterministicTieBreak()
    {
        QList<GridNode> nodes;
        for (qint64 id : {42, 7, 19, 7000, 8})
            nodes.append(makeNode(id, id, 8, 32, 500));
        ResourceRequest r;
        r.mruBytes = 4 * GB;
        QRandomGenerator rng(5);
        for (int i = 0; i < 50; ++i) {
            std::shuffle(nodes.begin(), nodes.end(), rng);
            auto result = NodeSelector::select(nodes, r, {}, {});
            QVERIFY(result.ok());
            QCOMPARE(result->chosen.first().nodeId, 7);
            QList<qint64> order;
            for (const CandidateScore &c : result->candidates)
                order.append(c.nodeId);
            QCOMPARE(order, (QList<qint64>{7, 8, 19, 42, 7000}));
        }
    }

    void noNodeFitsSaysWhy()
    {
        QList<GridNode> nodes;
        qint64 id = 1;
        SelectionContext context;
        for (int i = 0; i < 280; ++i)
            nodes.append(makeNode(id++, 1, 8, 6, 500)); // 6 GB memory: too small
        for (int i = 0; i < 7; ++i) {
            nodes.append(makeNode(id++, 2, 8, 64, 500));
            nodes.last().status = NodeStatus::Down;
        }
        for (int i = 0; i < 3; ++i) {
            nodes.append(makeNode(id++, 3, 8, 64, 500));
            nodes.last().healthy = i ? std::optional<bool>(false) : std::nullopt;
        }
        nodes.append(makeNode(id++, 4, 8, 64, 500));
        nodes.last().dedicated = true;
        nodes.append(makeNode(id++, 4, 8, 64, 500));
        nodes.last().rented = true;
        for (int i = 0; i < 5; ++i)
            nodes.append(makeNode(id++, 5, 8, 64, 500, 3)); // up 3 days: 10 %
        for (int i = 0; i < 3; ++i) {
            nodes.append(makeNode(id++, 6, 8, 64, 500));
            context.excludedNodes.insert(nodes.last().nodeId);
        }
        QCOMPARE(nodes.size(), 300);
        ResourceRequest r;
        r.cru = 2;
        r.mruBytes = 8 * GB;
        r.sruBytes = 100 * GB;
        auto result = NodeSelector::select(nodes, r, {}, context);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ErrorKind::Refused);
        QCOMPARE(result.error().message,
                 QStringLiteral("no node has 2 CPU, 8 GB memory and 100 GB SSD free among 300 candidates (280 too "
                                "small, 7 down, 3 unhealthy, 2 dedicated or rented, 5 below 95% uptime, 3 excluded)"));

        // The breakdown is there for the GUI even when nothing fits.
        const auto scores = NodeSelector::evaluateAll(nodes, r, {}, context);
        QCOMPARE(scores.size(), 300);
        QCOMPARE(scores.first().rejection, Rejection::TooSmall);
        QCOMPARE(scores.first().detail, QStringLiteral("memory: 6 GB free, 8 GB asked"));

        r.publicIpv4 = true;
        auto none = NodeSelector::select({}, r, {}, {});
        QCOMPARE(none.error().message,
                 QStringLiteral("no node has 2 CPU, 8 GB memory, 100 GB SSD and a public IPv4 free among 0 candidates"));
        r.nodeCount = 0;
        QCOMPARE(NodeSelector::select(nodes, r, {}, {}).error().kind, ErrorKind::InvalidInput);
    }

    void fixtureNodeIsRejectedForUnknownHealthNotWrapped()
    {
        GridNode n = makeNode(1, 1, 24, 188, 476);
        n.used = {52, 111 * GB, 738 * GB, 0}; // used above total, as in the fixture
        n.healthy = true;
        ResourceRequest r;
        const CandidateScore c = NodeSelector::evaluate(n, r, {}, {});
        QCOMPARE(c.rejection, Rejection::TooSmall); // 0 CPU free, not 2^64 − 28
        QVERIFY2(c.detail.contains(QStringLiteral("CPU: 0 free, 1 asked")), qPrintable(c.detail));
        n.healthy.reset();
        QCOMPARE(NodeSelector::evaluate(n, r, {}, {}).detail, QStringLiteral("health not reported"));
    }

    void preferencesAndSpreadMoveTheChoice()
    {
        GridNode a = makeNode(1, 10, 8, 64, 1000);
        GridNode b = makeNode(2, 20, 8, 64, 1000);
        b.country = QStringLiteral("Egypt");
        ResourceRequest r;
        r.mruBytes = 8 * GB;
        QCOMPARE(NodeSelector::select({a, b}, r, {}, {})->chosen.first().nodeId, 1); // tie: lowest id
        SelectionSettings egypt;
        egypt.preferredCountries = {QStringLiteral("egypt")}; // case-insensitive
        QCOMPARE(NodeSelector::select({a, b}, r, egypt, {})->chosen.first().nodeId, 2);
        SelectionContext busy;
        busy.liveOnFarm.insert(10, 1);
        QCOMPARE(NodeSelector::select({a, b}, r, {}, busy)->chosen.first().nodeId, 2);
        SelectionContext excluded;
        excluded.excludedNodes.insert(2);
        QCOMPARE(NodeSelector::select({a, b}, r, egypt, excluded)->chosen.first().nodeId, 1);
    }

    // The seed scores `uptime_percentage + available_cpu × 10` over nodes that fit. Node A has
    // many free cores but only 9 GB of memory free; asked for 8 GB it would be left with 1 GB
    // (6 % of its memory) and it already runs 3 of our services. Node B has fewer cores but
    // plenty of everything. The seed picks A (fills it, and puts a 4th service on one machine);
    // the headroom and spread terms pick B.
    void beatsTheSeedOnAConstructedCase()
    {
        GridNode a = makeNode(1, 1, 64, 16, 2000);
        a.used = {2, 7 * GB, 100 * GB, 0};
        GridNode b = makeNode(2, 2, 8, 64, 2000);
        b.used = {2, 8 * GB, 100 * GB, 0};
        ResourceRequest r;
        r.cru = 2;
        r.mruBytes = 8 * GB;
        r.sruBytes = 50 * GB;
        SelectionContext ours;
        ours.liveOnNode.insert(1, 3);
        ours.liveOnFarm.insert(1, 3);

        const auto seedScore = [](const GridNode &n) {
            return NodeSelector::reliabilityBasisPoints(n.uptimeSeconds) / 100 + qint64(n.free().cru) * 10;
        };
        const GridNode &seedPick = seedScore(a) > seedScore(b) ? a : b;
        QCOMPARE(seedPick.nodeId, 1);

        auto ourPick = NodeSelector::select({a, b}, r, {}, ours);
        QVERIFY(ourPick.ok());
        QCOMPARE(ourPick->chosen.first().nodeId, 2);
        // Even without the spread term, headroom alone prefers B.
        QCOMPARE(NodeSelector::select({a, b}, r, {}, {})->chosen.first().nodeId, 2);
        // What "better" means here: the tightest resource left after placement.
        const CandidateScore &top = ourPick->candidates.at(0);
        const CandidateScore &other = ourPick->candidates.at(1);
        QCOMPARE(top.headroomBp, 5000);  // B: 4 of 8 cores left
        QCOMPARE(other.headroomBp, 625); // A: 1 of 16 GB memory left
    }

    void requestDescription()
    {
        ResourceRequest r;
        QCOMPARE(r.describe(), QStringLiteral("1 CPU"));
        r.hruBytes = 3 * GB / 2;
        QCOMPARE(r.describe(), QStringLiteral("1 CPU and 1.5 GB HDD"));
        QCOMPARE(formatGigabytes(512), QStringLiteral("512 bytes"));
    }
};

QTEST_GUILESS_MAIN(TestNodeSelector)
#include "tst_nodeselector.moc"
