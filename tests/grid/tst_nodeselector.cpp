// Node selection: randomized fleets checked against a brute-force reading of the documented
// rules and formula (NodeSelector.h), plus the constructed cases the docs promise.

#include "TestSupport.h"
#include "grid/NodeSelector.h"

#include <QRandomGenerator>
#include <QtTest>
#include <algorithm>
#include <map>

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
    n.updatedAt = 1767225600;
    n.created = 1600000000;
    return n;
}

// ---- The documented rules, written out again independently ----

// Uptime share as docs/node-selection.md states it: the indexer's when given; otherwise the
// latest boot covers [updatedAt − uptime, updatedAt] and, for a node listed up, the time before
// it counts as up except for 80 minutes (one reboot).
__int128 upSecondsOf(const GridNode &n, const SelectionContext &c, __int128 *window)
{
    *window = 30 * kDay;
    if (c.uptimeShares.contains(n.nodeId)) {
        *window = c.uptimeShares.value(n.nodeId).windowSeconds;
        return c.uptimeShares.value(n.nodeId).upSeconds;
    }
    if (n.status != NodeStatus::Up)
        return 0;
    const __int128 sinceBoot = std::min<__int128>(n.uptimeSeconds, *window);
    if (sinceBoot >= *window)
        return *window;
    return std::min<__int128>(*window, sinceBoot + std::max<__int128>(0, *window - sinceBoot - 80 * 60));
}

bool bruteEligible(const GridNode &n, const ResourceRequest &r, const SelectionSettings &s, const SelectionContext &c)
{
    if (c.excludedNodes.contains(n.nodeId) || n.status != NodeStatus::Up || n.healthy != std::optional<bool>(true))
        return false;
    // The chain: rented → only the renter; else not in a dedicated farm and no extra fee.
    const bool rented = n.rented || n.rentedByTwinId != 0;
    if (rented ? (s.twinId == 0 || n.rentedByTwinId != s.twinId) : (n.inDedicatedFarm || n.extraFeeMusd > 0))
        return false;
    __int128 window = 0;
    const __int128 up = upSecondsOf(n, c, &window);
    if (up * 100 * 10'000'000 < static_cast<__int128>(s.minUptime.units()) * window)
        return false;
    const auto freeOf = [](quint64 t, quint64 u) { return u > t ? 0 : t - u; };
    if (n.total.cru < r.cru || freeOf(n.total.mru, n.used.mru) < r.mruBytes || freeOf(n.total.sru, n.used.sru) < r.sruBytes
        || freeOf(n.total.hru, n.used.hru) < r.hruBytes)
        return false;
    return !r.publicIpv4 || n.farmFreeIps > 0;
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
    const qint64 parts[] = {left(n.total.mru, n.used.mru, r.mruBytes), left(n.total.sru, n.used.sru, r.sruBytes),
                            r.hruBytes ? left(n.total.hru, n.used.hru, r.hruBytes) : -1};
    for (qint64 p : parts) {
        if (p >= 0)
            head = head < 0 ? p : std::min(head, p);
    }
    head = std::max<qint64>(head, 0);
    __int128 window = 0;
    const __int128 up = upSecondsOf(n, c, &window);
    // As UptimeShare::basisPoints: an empty window (a node created just now) scores 0.
    const qint64 rel = window <= 0 ? 0 : std::min<qint64>(10000, qint64(up * 10000 / window));
    bool pref = false;
    for (const QString &p : s.preferredCountries)
        pref = pref || p.toLower() == n.country.toLower();
    const qint64 cpu = n.total.cru ? qint64(std::min<__int128>(10000, (__int128(n.used.cru) + r.cru) * 2500 / n.total.cru)) : 0;
    const qint64 fee = qint64(std::min<quint64>(10000, n.extraFeeMusd / 10));
    return 3 * head + rel + (pref ? 2500 : 0) - 2000 * c.liveOnNode.value(n.nodeId) - 500 * c.liveOnFarm.value(n.farmId) - cpu - fee;
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
        n.used.cru = rng.bounded(int(n.total.cru * 3) + 1); // mostly above total (real data)
        n.used.mru = (n.total.mru / 8) * rng.bounded(10);
        n.used.sru = (n.total.sru / 8) * rng.bounded(10);
        n.used.hru = n.total.hru ? (n.total.hru / 4) * rng.bounded(5) : 0;
        n.country = countries.at(rng.bounded(countries.size()));
        const int st = rng.bounded(20);
        n.status = st < 16 ? NodeStatus::Up : st < 18 ? NodeStatus::Down : st < 19 ? NodeStatus::Standby : NodeStatus::Other;
        const int h = rng.bounded(10);
        n.healthy = h < 8 ? std::optional<bool>(true) : h < 9 ? std::optional<bool>(false) : std::nullopt;
        n.dedicated = rng.bounded(2) == 0; // the proxy's flag: says nothing about who may deploy
        n.inDedicatedFarm = rng.bounded(15) == 0;
        n.rented = rng.bounded(15) == 0;
        n.rentedByTwinId = n.rented ? (rng.bounded(2) ? 77 : 5000) : 0;
        n.extraFeeMusd = rng.bounded(20) == 0 ? 10000 * (1 + rng.bounded(3)) : 0;
        n.uptimeSeconds = rng.bounded(3) ? (30 + rng.bounded(30)) * kDay : rng.bounded(int(30 * kDay));
        n.farmFreeIps = rng.bounded(3) == 0 ? 0 : rng.bounded(5);
        // The node's own interface, not a VM's IP: never decides.
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
    s.settings.twinId = rng.bounded(2) ? 77 : 0;
    for (const GridNode &n : s.nodes) {
        if (rng.bounded(4) == 0)
            s.context.liveOnNode.insert(n.nodeId, rng.bounded(4));
        if (rng.bounded(8) == 0) // the indexer's measure, when we have it
            s.context.uptimeShares.insert(n.nodeId, UptimeShare{qint64(rng.bounded(int(30 * kDay))), qint64(30 * kDay)});
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
    void uptimeIsAShareOfTheWindowNotTimeSinceBoot()
    {
        constexpr qint64 day = 86400;
        const qint64 now = 1767225600;
        // Rebooted yesterday after a month up: ~97 % or better, not 3 %.
        UptimeShare share = uptime::fromProxy(day, now, now - 400 * day, true);
        QCOMPARE(share.windowSeconds, 30 * day);
        QVERIFY2(share.basisPoints() >= 9700, qPrintable(QString::number(share.basisPoints())));
        QCOMPARE(share.basisPoints(), (30 * day - 80 * 60) * 10000 / (30 * day));
        QVERIFY(share.atLeast(Percent::fromWhole(95).units()));
        QVERIFY(!share.atLeast(Percent::fromWhole(100).units()));
        // Up the whole window.
        QCOMPARE(uptime::fromProxy(45 * day, now, now - 400 * day, true).basisPoints(), 10000);
        // Listed down: nothing counts.
        QCOMPARE(uptime::fromProxy(45 * day, now, now - 400 * day, false).basisPoints(), 0);
        // A node 10 days old, up since: measured over its life.
        share = uptime::fromProxy(10 * day, now, now - 10 * day, true);
        QCOMPARE(share.windowSeconds, 10 * day);
        QCOMPARE(share.basisPoints(), 10000);

        // The indexer's reports (every 40 minutes; sparse here): up 20 days, down 2 days, up
        // since 8 days → 28 of 30 days.
        QList<UptimeReport> reports;
        const qint64 start = now - 30 * day;
        reports.append({start + 20 * day, 25 * day}); // booted before the window
        reports.append({start + 10 * day, 15 * day});
        reports.append({now, 8 * day});
        share = uptime::fromReports(reports, now);
        QCOMPARE(share.upSeconds, 28 * day);
        QCOMPARE(share.basisPoints(), 9333);
        QVERIFY(!share.atLeast(Percent::fromWhole(95).units()));
        // No report in the window: down all along.
        QCOMPARE(uptime::fromReports({}, now).basisPoints(), 0);
        // Overlapping reports of the same boot count once.
        share = uptime::fromReports({{now - day, 40 * day}, {now, 41 * day}, {now - 2 * day, 39 * day}}, now);
        QCOMPARE(share.upSeconds, 30 * day);
    }

    // The proxy-only substitute is computed in closed form; it must equal the union of the two
    // reports it stands for (the header of grid/Uptime.h), as fromReports() measures them.
    void proxySubstituteMatchesTheReportsItStandsFor()
    {
        QRandomGenerator rng(9090);
        const qint64 window = uptime::kWindowSeconds;
        int partial = 0;
        for (int i = 0; i < 200000; ++i) {
            const qint64 updatedAt
                = rng.bounded(5) == 0 ? qint64(rng.bounded(3)) : 1'700'000'000 + rng.bounded(1'000'000);
            const int shape = rng.bounded(6);
            const qint64 uptime = shape == 0 ? -qint64(rng.bounded(1000))
                : shape == 1                 ? qint64(rng.bounded(int(uptime::kRebootAllowance) * 2))
                : shape == 2                 ? window - uptime::kRebootAllowance + rng.bounded(10000) - 5000
                                             : qint64(rng.bounded(int(2 * window)));
            const qint64 created = rng.bounded(3) == 0 ? 0 : updatedAt - qint64(rng.bounded(int(2 * window)));
            const bool up = rng.bounded(8) != 0;
            QList<UptimeReport> reports { { updatedAt, uptime } };
            const qint64 before = updatedAt - std::max<qint64>(0, uptime) - uptime::kRebootAllowance;
            if (before > updatedAt - window)
                reports.append({ before, before - (updatedAt - window) });
            const UptimeShare expected = !up || updatedAt <= 0
                ? UptimeShare { 0, window }
                : uptime::fromReports(reports, updatedAt, created, window);
            const UptimeShare got = uptime::fromProxy(uptime, updatedAt, created, up, window);
            QVERIFY2(got.upSeconds == expected.upSeconds && got.windowSeconds == expected.windowSeconds,
                qPrintable(QStringLiteral("uptime %1, updated %2, created %3, up %4: %5/%6, expected %7/%8")
                               .arg(uptime)
                               .arg(updatedAt)
                               .arg(created)
                               .arg(up)
                               .arg(got.upSeconds)
                               .arg(got.windowSeconds)
                               .arg(expected.upSeconds)
                               .arg(expected.windowSeconds)));
            partial += expected.upSeconds > 0 && expected.upSeconds < expected.windowSeconds ? 1 : 0;
        }
        QVERIFY(partial > 10000);
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
            QVERIFY(NodeSelector::uptimeShare(chosen, s.context).atLeast(s.settings.minUptime.units()));
            // The maximum score, lowest nodeId among equals.
            QCOMPARE(bruteScore(chosen, s.request, s.settings, s.context), best);
            QCOMPARE(chosen.nodeId, bestId);
            tiesBroken += tiedAtBest > 1;
            ++chosenCount;

            QCOMPARE(result->candidateCount, candidates.size());
            QCOMPARE(result->eligibleCount, eligible);
            QCOMPARE(result->chosenScores.size(), 1);
            QCOMPARE(result->chosenScores.first().nodeId, bestId);
            QCOMPARE(result->chosenScores.first().score, best);

            // The breakdown, on demand: one row per unique candidate, eligible ones first by
            // rank, each carrying the documented score; rejected ones say why.
            const QList<CandidateScore> rows
                = NodeSelector::evaluateAll(s.nodes, s.request, s.settings, s.context);
            QCOMPARE(rows.size(), candidates.size());
            QCOMPARE(rows.first().nodeId, bestId);
            int eligibleRows = 0;
            for (const CandidateScore &c : rows) {
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
                    QCOMPARE(c.score, 3 * c.headroomBp + c.reliabilityBp + c.countryBonus - c.spreadPenalty
                                          - c.cpuLoadPenalty - c.extraFeePenalty);
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
            QCOMPARE(result->chosen.first().nodeId,
                NodeSelector::evaluateAll(s.nodes, s.request, s.settings, s.context).first().nodeId);
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
            for (const CandidateScore &c : NodeSelector::evaluateAll(nodes, r, {}, {}))
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
        nodes.last().inDedicatedFarm = true;
        nodes.append(makeNode(id++, 4, 8, 64, 500));
        nodes.last().rented = true;
        nodes.last().rentedByTwinId = 5000;
        for (int i = 0; i < 5; ++i) {
            nodes.append(makeNode(id++, 5, 8, 64, 500, 3));
            context.uptimeShares.insert(nodes.last().nodeId, UptimeShare{3 * qint64(kDay), 30 * qint64(kDay)}); // 10 %
        }
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
                                "small, 7 down, 3 unhealthy, 2 not available to us (rented or dedicated), 5 below 95% uptime, 3 excluded)"));

        // The breakdown is there for the GUI even when nothing fits.
        const auto scores = NodeSelector::evaluateAll(nodes, r, {}, context);
        QCOMPARE(scores.size(), 300);
        QCOMPARE(scores.first().rejection, Rejection::TooSmall);
        QCOMPARE(scores.first().detail, QStringLiteral("memory: 6 GB free, 8 GB asked"));

        r.publicIpv4 = true;
        auto none = NodeSelector::select({}, r, {}, {});
        QCOMPARE(none.error().message,
                 QStringLiteral("no node has 2 CPU, 8 GB memory, 100 GB SSD and a public IPv4 free among 0 candidates"));
        // A public IPv4 comes from the farm's pool, whatever the node's own interface has.
        GridNode own = makeNode(9001, 9, 8, 64, 500);
        own.publicIpv4 = QStringLiteral("185.69.166.20/24");
        CandidateScore c = NodeSelector::evaluate(own, r, {}, {});
        QCOMPARE(c.rejection, Rejection::NoPublicIpv4);
        QCOMPARE(c.detail, QStringLiteral("farm 9 has no free public IPv4"));
        own.farmFreeIps = 1;
        QVERIFY(NodeSelector::evaluate(own, r, {}, {}).eligible());
        r.nodeCount = 0;
        QCOMPARE(NodeSelector::select(nodes, r, {}, {}).error().kind, ErrorKind::InvalidInput);
    }

    void overSoldCpuIsEligibleOnTotalCores()
    {
        GridNode n = makeNode(1, 1, 24, 188, 476);
        n.used = {52, 111 * GB, 300 * GB, 0}; // used CPU above total, as in the fixture
        ResourceRequest r;
        r.cru = 4;
        r.mruBytes = 8 * GB;
        CandidateScore c = NodeSelector::evaluate(n, r, {}, {});
        QVERIFY2(c.eligible(), qPrintable(c.detail));
        QCOMPARE(c.cpuLoadPenalty, (52 + 4) * 2500 / 24);
        r.cru = 32;
        c = NodeSelector::evaluate(n, r, {}, {});
        QCOMPARE(c.rejection, Rejection::TooSmall);
        QCOMPARE(c.detail, QStringLiteral("CPU: 24 cores, 32 asked"));
        n.healthy.reset();
        QCOMPARE(NodeSelector::evaluate(n, r, {}, {}).detail, QStringLiteral("health not reported"));
    }

    void availabilityIsTheChainsRule()
    {
        ResourceRequest r;
        r.mruBytes = 4 * GB;
        SelectionSettings mine;
        mine.twinId = 77;
        GridNode free = makeNode(1, 1, 8, 64, 500);
        free.dedicated = true; // the proxy's flag for a node without contracts: no obstacle
        QVERIFY(NodeSelector::evaluate(free, r, {}, {}).eligible());
        GridNode dedicatedFarm = makeNode(2, 2, 8, 64, 500);
        dedicatedFarm.inDedicatedFarm = true;
        QCOMPARE(NodeSelector::evaluate(dedicatedFarm, r, mine, {}).detail, QStringLiteral("in a dedicated farm: rent it first"));
        GridNode fee = makeNode(3, 3, 8, 64, 500);
        fee.extraFeeMusd = 20000;
        QCOMPARE(NodeSelector::evaluate(fee, r, mine, {}).rejection, Rejection::RentedOrDedicated);
        GridNode ours = makeNode(4, 2, 8, 64, 500);
        ours.inDedicatedFarm = true;
        ours.rented = true;
        ours.rentedByTwinId = 77;
        ours.extraFeeMusd = 20000;
        CandidateScore c = NodeSelector::evaluate(ours, r, mine, {});
        QVERIFY2(c.eligible(), qPrintable(c.detail));
        QCOMPARE(c.extraFeePenalty, 2000);
        QCOMPARE(NodeSelector::evaluate(ours, r, {}, {}).detail, QStringLiteral("rented by twin 77"));
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
        // A count below zero is none, not a bonus: the tie stays with the lowest id, in the
        // choice and in the rows, for one node and for a cluster's first pick.
        SelectionContext negative;
        negative.liveOnNode.insert(2, -5);
        negative.liveOnFarm.insert(20, -5);
        QCOMPARE(NodeSelector::select({a, b}, r, {}, negative)->chosen.first().nodeId, 1);
        QCOMPARE(NodeSelector::evaluate(b, r, {}, negative).spreadPenalty, 0);
        ResourceRequest pair = r;
        pair.nodeCount = 2;
        QCOMPARE(NodeSelector::select({a, b}, pair, {}, negative)->chosen.first().nodeId, 1);
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
            return NodeSelector::uptimeShare(n, {}).basisPoints() / 100 + qint64(n.free().cru) * 10;
        };
        const GridNode &seedPick = seedScore(a) > seedScore(b) ? a : b;
        QCOMPARE(seedPick.nodeId, 1);

        auto ourPick = NodeSelector::select({a, b}, r, {}, ours);
        QVERIFY(ourPick.ok());
        QCOMPARE(ourPick->chosen.first().nodeId, 2);
        // Even without the spread term, headroom alone prefers B.
        QCOMPARE(NodeSelector::select({a, b}, r, {}, {})->chosen.first().nodeId, 2);
        // What "better" means here: the tightest resource left after placement.
        const CandidateScore &top = ourPick->chosenScores.at(0);
        const CandidateScore other = NodeSelector::evaluate(a, r, {}, ours);
        QCOMPARE(top.headroomBp, 7500);  // B: 48 of 64 GB memory left
        QCOMPARE(other.headroomBp, 625); // A: 1 of 16 GB memory left
    }

    // select() ranks on a compact array and writes rows only for the chosen nodes; the rows of
    // the others come on demand (evaluateAll, evaluate). It must choose exactly what ranking the
    // full rows chooses, with the same rows for the chosen nodes and the same counts; the rows,
    // with or without words, and on a fleet in any order or listed by id (the proxy's order),
    // must agree; and the words must come when asked.
    void countedDetailChoosesTheSameAndExplainsOnDemand()
    {
        QRandomGenerator rng(20261206);
        const auto sameRow = [](const CandidateScore &a, const CandidateScore &b) {
            return a.nodeId == b.nodeId && a.farmId == b.farmId && a.country == b.country && a.rejection == b.rejection
                && a.headroomBp == b.headroomBp && a.reliabilityBp == b.reliabilityBp
                && a.countryBonus == b.countryBonus && a.spreadPenalty == b.spreadPenalty
                && a.cpuLoadPenalty == b.cpuLoadPenalty && a.extraFeePenalty == b.extraFeePenalty && a.score == b.score;
        };
        int compared = 0;
        int refused = 0;
        int clusters = 0;
        int bigClusters = 0;
        int rejectedRows = 0;
        for (int trial = 0; trial < 1500; ++trial) {
            Scenario s = randomScenario(rng);
            // Clusters of up to 4 (picked by scanning) and up to 12 (picked after one sort).
            s.request.nodeCount = rng.bounded(4) == 0 ? 1 + rng.bounded(rng.bounded(2) ? 4 : 12) : 1;
            if (s.request.nodeCount > 4) { // small members, so that big clusters fit too
                s.request.mruBytes = GB;
                s.request.sruBytes = s.request.hruBytes = 0;
                s.request.publicIpv4 = false;
            }
            // A count below zero makes no sense; it counts as none, in the choice as in the rows.
            if (trial % 10 == 0 && !s.context.liveOnNode.isEmpty())
                s.context.liveOnNode[s.context.liveOnNode.constBegin().key()] = -1;
            // The same fleet two ways: as generated (duplicates, any order), then listed by id.
            QList<GridNode> byId = unique(s.nodes);
            std::sort(byId.begin(), byId.end(), [](const GridNode &a, const GridNode &b) { return a.nodeId < b.nodeId; });
            // The reference: every row in words, ranked; then the greedy pick of the header.
            const QList<CandidateScore> words
                = NodeSelector::evaluateAll(s.nodes, s.request, s.settings, s.context);
            QList<const CandidateScore *> expected;
            QSet<qint64> farms;
            std::map<Rejection, qsizetype> reasons;
            qsizetype eligible = 0;
            for (const CandidateScore &c : words) {
                eligible += c.eligible() ? 1 : 0;
                if (!c.eligible())
                    ++reasons[c.rejection];
            }
            for (int pick = 0; eligible >= s.request.nodeCount && pick < s.request.nodeCount; ++pick) {
                const CandidateScore *best = nullptr;
                for (int pass = 0; pass < 2 && !best; ++pass) {
                    for (const CandidateScore &c : words) {
                        if (c.eligible() && !expected.contains(&c)
                            && (pass == 1 || !farms.contains(c.farmId))) {
                            best = &c;
                            break;
                        }
                    }
                }
                expected.append(best);
                farms.insert(best->farmId);
            }
            const auto asGiven = NodeSelector::select(s.nodes, s.request, s.settings, s.context);
            for (const QList<GridNode> &fleet : { s.nodes, byId }) {
                const auto selected = NodeSelector::select(fleet, s.request, s.settings, s.context);
                // The rows on demand: the same, with or without words, in either order.
                const QList<CandidateScore> counted
                    = NodeSelector::evaluateAll(fleet, s.request, s.settings, s.context, Detail::Counted);
                QCOMPARE(counted.size(), words.size());
                for (qsizetype i = 0; i < words.size(); ++i) {
                    const CandidateScore &fast = counted[i];
                    const CandidateScore &full = words[i];
                    QVERIFY2(sameRow(fast, full), qPrintable(QStringLiteral("row %1, node %2").arg(i).arg(full.nodeId)));
                    QVERIFY(fast.detail.isEmpty());
                    if (full.eligible())
                        continue;
                    // Asked why not: the same words as the worded breakdown.
                    const GridNode &node = *std::find_if(byId.begin(), byId.end(),
                                                         [&](const GridNode &n) { return n.nodeId == full.nodeId; });
                    const CandidateScore asked = NodeSelector::evaluate(node, s.request, s.settings, s.context);
                    QVERIFY(!full.detail.isEmpty());
                    QCOMPARE(asked.detail, full.detail);
                    QCOMPARE(asked.rejection, fast.rejection);
                    ++rejectedRows;
                }

                QCOMPARE(selected.ok(), eligible >= s.request.nodeCount);
                if (!selected.ok()) {
                    QCOMPARE(selected.error().kind, ErrorKind::Refused);
                    QCOMPARE(selected.error().message, asGiven.error().message);
                    const QString &message = selected.error().message;
                    QVERIFY2(message.contains(QStringLiteral(" among %1 candidates").arg(words.size()))
                            || message.contains(QStringLiteral(" of %1 candidates fit").arg(words.size())),
                        qPrintable(message));
                    for (const auto &[why, count] : reasons) {
                        if (why != Rejection::LowUptime)
                            QVERIFY2(
                                message.contains(QStringLiteral("%1 %2").arg(count).arg(rejectionName(why))),
                                qPrintable(message));
                    }
                    ++refused;
                    continue;
                }
                QCOMPARE(selected->candidateCount, words.size());
                QCOMPARE(selected->eligibleCount, eligible);
                for (int r = 0; r < NodeSelection::kRejectionCount; ++r) {
                    const auto why = Rejection(r);
                    QCOMPARE(selected->rejected(why), why == Rejection::None ? 0 : reasons[why]);
                }
                // The same nodes, in the same order, with the same rows as the full ranking.
                QCOMPARE(selected->chosen.size(), expected.size());
                QCOMPARE(selected->chosenScores.size(), expected.size());
                for (qsizetype i = 0; i < expected.size(); ++i) {
                    QCOMPARE(selected->chosen[i].nodeId, expected[i]->nodeId);
                    QVERIFY(sameRow(selected->chosenScores[i], *expected[i]));
                    QVERIFY(selected->chosenScores[i].detail.isEmpty());
                }
                clusters += s.request.nodeCount > 1 ? 1 : 0;
                bigClusters += s.request.nodeCount > 8 ? 1 : 0;
                ++compared;
            }
        }
        QVERIFY(compared > 1000);
        QVERIFY(refused > 50);
        QVERIFY(clusters > 100);
        QVERIFY(bigClusters > 10);
        QVERIFY(rejectedRows > 10000);
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
