// Node selection over a large fleet: NodeSelector::select() on 20,000 nodes (the simulator's
// generated fleet, parsed as the Grid Proxy's JSON), with our live deployments spread over it
// and indexer uptime shares for half the nodes. Goal: one selection in at most 1 ms.
// Timed as the deploying stage calls it (Detail::Counted: reasons counted, not worded); the
// worded breakdown (Detail::Words, for a "why not" view) is timed too and printed for reference.
//
//   bench_nodeselect [--nodes N] [--runs N]
#include "grid/GridNode.h"
#include "grid/NodeSelector.h"
#include "sim/SimFleet.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <algorithm>
#include <utility>
#include <vector>

using namespace griddeck;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("nodes"), QStringLiteral("fleet size (20000)"), QStringLiteral("N"),
        QStringLiteral("20000") });
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("selections timed (200)"), QStringLiteral("N"),
        QStringLiteral("200") });
    parser.process(app);
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

    // Median and p99 of `runs` selections, in ms; `chosen` gets the last run's chosen count.
    const auto time = [&](const ResourceRequest &request, Detail detail, int &chosen) {
        std::vector<double> ms;
        ms.reserve(runs);
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            auto sel = NodeSelector::select(nodes, request, settings, context, detail);
            ms.push_back(t.nsecsElapsed() / 1e6);
            chosen = sel.ok() ? int(sel->chosen.size()) : 0;
        }
        std::sort(ms.begin(), ms.end());
        return std::pair { ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)] };
    };

    bool allMet = true;
    for (const Case &c : cases) {
        int chosen = 0;
        const auto [wordsMedian, wordsP99] = time(c.request, Detail::Words, chosen);
        const auto [median, p99] = time(c.request, Detail::Counted, chosen);
        const bool met = median <= 1.0;
        allMet = allMet && met;
        out << "node selection, " << c.name << ", with every reason in words: median "
            << QString::number(wordsMedian, 'f', 3) << " ms, p99 " << QString::number(wordsP99, 'f', 3) << " ms\n";
        out << "RESULT\tnode selection, " << nodes.size() << " nodes, " << c.name << "\tmedian "
            << QString::number(median, 'f', 3) << " ms, p99 " << QString::number(p99, 'f', 3) << " ms ("
            << chosen << " chosen)\t<= 1 ms\t" << (met ? "met" : "NOT met") << "\n";
    }
    return allMet ? 0 : 2;
}
