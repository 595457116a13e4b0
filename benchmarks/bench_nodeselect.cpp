// Node selection over a large fleet: NodeSelector::select() on 20,000 nodes (the simulator's
// generated fleet, parsed as the Grid Proxy's JSON), with our live deployments spread over it
// and indexer uptime shares for half the nodes. Goal: one selection in at most 1 ms.
// Timed as the deploying stage calls it (select(): the choice, its rows and the counts); the
// whole worded breakdown (evaluateAll, for a "why not" view) is timed too, for reference.
//
//   bench_nodeselect [--nodes N] [--runs N] [--select-only]   (--select-only: for a profiler)
#include "grid/GridNode.h"
#include "grid/NodeSelector.h"
#include "sim/SimFleet.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <algorithm>
#include <ctime>
#include <utility>
#include <vector>

using namespace griddeck;

namespace {

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("nodes"), QStringLiteral("fleet size (20000)"), QStringLiteral("N"),
        QStringLiteral("20000") });
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("selections timed (200)"), QStringLiteral("N"),
        QStringLiteral("200") });
    parser.addOption({ QStringLiteral("select-only"), QStringLiteral("time select() alone, no breakdown") });
    parser.process(app);
    const bool selectOnly = parser.isSet(QStringLiteral("select-only"));
    const int nodeCount = parser.value(QStringLiteral("nodes")).toInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QTextStream out(stdout);

    const SimFleet fleet = SimFleet::generate(7, nodeCount);
    QList<GridNode> nodes;
    nodes.reserve(nodeCount);
    for (const SimNode &n : fleet.nodes()) {
        auto parsed = GridNode::fromJson(fleet.nodeJson(n));
        if (parsed.ok())
            nodes.append(parsed.value());
    }
    SelectionSettings settings;
    settings.preferredCountries = { QStringLiteral("Belgium"), QStringLiteral("Germany") };
    SelectionContext context;
    for (int i = 0; i < nodes.size(); i += 7) {
        context.liveOnNode[nodes[i].nodeId] += 1;
        context.liveOnFarm[nodes[i].farmId] += 1;
    }
    for (int i = 0; i < nodes.size(); i += 2)
        context.uptimeShares.insert(nodes[i].nodeId, UptimeShare { 29 * 86400, 30 * 86400 });

    struct Case
    {
        const char *name;
        ResourceRequest request;
    };
    ResourceRequest vm;
    vm.cru = 2;
    vm.mruBytes = 4ULL << 30;
    vm.sruBytes = 50ULL << 30;
    ResourceRequest k8s = vm;
    k8s.nodeCount = 3;
    ResourceRequest ipv4 = vm;
    ipv4.publicIpv4 = true;
    const Case cases[] = { { "vm 2 CPU / 4 GB / 50 GB", vm }, { "kubernetes, 3 nodes", k8s },
        { "vm with public IPv4", ipv4 } };

    // Median and p99 of `runs` calls, in ms; `chosen` gets the last selection's chosen count.
    qsizetype eligible = 0;
    std::vector<double> cpuMs; // select() only: the thread's CPU time, less sensitive to a busy machine
    const auto time = [&](const ResourceRequest &request, bool breakdown, int &chosen) {
        std::vector<double> ms;
        ms.reserve(runs);
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            if (breakdown) {
                const auto rows = NodeSelector::evaluateAll(nodes, request, settings, context, Detail::Words);
                ms.push_back(t.nsecsElapsed() / 1e6);
                continue;
            }
            const qint64 cpuStart = threadCpuNs();
            auto sel = NodeSelector::select(nodes, request, settings, context);
            ms.push_back(t.nsecsElapsed() / 1e6);
            cpuMs.push_back((threadCpuNs() - cpuStart) / 1e6);
            chosen = sel.ok() ? int(sel->chosen.size()) : 0;
            eligible = sel.ok() ? sel->eligibleCount : 0;
        }
        std::sort(ms.begin(), ms.end());
        return std::pair { ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)] };
    };

    bool allMet = true;
    for (const Case &c : cases) {
        int chosen = 0;
        const auto [wordsMedian, wordsP99]
            = selectOnly ? std::pair { 0.0, 0.0 } : time(c.request, true, chosen);
        cpuMs.clear();
        const auto [median, p99] = time(c.request, false, chosen);
        std::sort(cpuMs.begin(), cpuMs.end());
        out << "node selection, " << c.name << ": CPU time median "
            << QString::number(cpuMs[cpuMs.size() / 2], 'f', 3) << " ms\n";
        const bool met = median <= 1.0;
        allMet = allMet && met;
        if (!selectOnly)
            out << "node selection, " << c.name
                << ", every row with its reason in words (evaluateAll): median "
                << QString::number(wordsMedian, 'f', 3) << " ms, p99 " << QString::number(wordsP99, 'f', 3)
                << " ms\n";
        out << "RESULT\tnode selection, " << nodes.size() << " nodes, " << c.name << "\tmedian "
            << QString::number(median, 'f', 3) << " ms, p99 " << QString::number(p99, 'f', 3) << " ms ("
            << chosen << " chosen, " << eligible << " eligible)\t<= 1 ms\t" << (met ? "met" : "NOT met")
            << "\n";
    }
    return allMet ? 0 : 2;
}
