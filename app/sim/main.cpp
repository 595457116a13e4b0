// griddeck-gridsim: the grid simulator as a standalone server on 127.0.0.1, for trying GridDeck
// (or griddeckctl) against a grid that fails on demand.

#include "sim/GridSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <optional>

using namespace griddeck;

namespace {

int usageError(const QString &message)
{
    QTextStream(stderr) << "griddeck-gridsim: " << message << "\n"
                        << "Try 'griddeck-gridsim --help'.\n";
    return 2;
}

// A whole number in [min, max] from an option, or nullopt.
std::optional<qint64> number(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || text.startsWith(u'+') || text.trimmed() != text || v < min || v > max)
        return std::nullopt;
    return v;
}

// Only the keys that point GridDeck at this simulator; the rest keep their defaults.
QByteArray configText(quint16 port)
{
    const QByteArray url = "\"http://127.0.0.1:" + QByteArray::number(port) + "\"";
    return "# Written by griddeck-gridsim: every grid service points at the simulator on port "
           + QByteArray::number(port) + ".\n"
           "[threefold_grid]\n"
           "grid_proxy_url = " + url + "\n"
           "deployer_url = " + url + "\n"
           "\n"
           "[tft_conversion]\n"
           "horizon_url = " + url + "\n"
           "coingecko_url = " + url + "\n"
           "wallet_url = " + url + "\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("griddeck-gridsim"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "GridDeck grid simulator: Grid Proxy, deployment gateway, TFT price feeds and wallet on 127.0.0.1."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOpt(QStringLiteral("port"), QStringLiteral("TCP port on 127.0.0.1 (0 = any free port)."),
                                     QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Seed of the fleet, prices and faults."),
                                     QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption nodesOpt(QStringLiteral("nodes"), QStringLiteral("Number of generated nodes (1..100000)."),
                                      QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption fileOpt(QStringLiteral("nodes-file"),
                                     QStringLiteral("Serve the nodes of a Grid Proxy JSON array instead of generated ones."),
                                     QStringLiteral("F"));
    const QCommandLineOption delayOpt(QStringLiteral("ready-delay-ms"),
                                      QStringLiteral("Time a new deployment stays in init (milliseconds)."), QStringLiteral("D"),
                                      QStringLiteral("2000"));
    const QCommandLineOption configOpt(QStringLiteral("write-config"),
                                       QStringLiteral("Write a deployment.toml pointing GridDeck at this simulator."),
                                       QStringLiteral("FILE"));
    parser.addOptions({portOpt, seedOpt, nodesOpt, fileOpt, delayOpt, configOpt});
    if (!parser.parse(app.arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));

    SimOptions options;
    const auto port = number(parser.value(portOpt), 0, 65535);
    if (!port)
        return usageError(QStringLiteral("--port must be a port number from 0 to 65535 (got \"%1\")").arg(parser.value(portOpt)));
    bool seedOk = false;
    options.seed = parser.value(seedOpt).toULongLong(&seedOk);
    if (!seedOk)
        return usageError(QStringLiteral("--seed must be a whole number from 0 to 18446744073709551615 (got \"%1\")")
                              .arg(parser.value(seedOpt)));
    const auto nodes = number(parser.value(nodesOpt), 1, 100000);
    if (!nodes)
        return usageError(QStringLiteral("--nodes must be a whole number from 1 to 100000 (got \"%1\")").arg(parser.value(nodesOpt)));
    options.nodeCount = int(*nodes);
    if (parser.isSet(fileOpt)) {
        if (parser.isSet(nodesOpt))
            return usageError(QStringLiteral("--nodes and --nodes-file cannot be used together"));
        options.nodesFile = parser.value(fileOpt);
        if (options.nodesFile.isEmpty())
            return usageError(QStringLiteral("--nodes-file needs a file name"));
    }
    const auto delay = number(parser.value(delayOpt), 0, 3600000);
    if (!delay)
        return usageError(QStringLiteral("--ready-delay-ms must be a whole number from 0 to 3600000 (got \"%1\")")
                              .arg(parser.value(delayOpt)));
    options.readyDelayMs = int(*delay);
    if (parser.isSet(configOpt) && parser.value(configOpt).isEmpty())
        return usageError(QStringLiteral("--write-config needs a file name"));

    GridSimulator sim(options);
    if (!sim.start(quint16(*port))) {
        const bool badFile = !options.nodesFile.isEmpty() && !sim.errorString().startsWith(QStringLiteral("cannot listen"));
        QTextStream(stderr) << "griddeck-gridsim: " << sim.errorString() << "\n";
        return badFile ? 2 : 1;
    }
    if (parser.isSet(configOpt)) {
        QSaveFile file(parser.value(configOpt));
        if (!file.open(QIODevice::WriteOnly) || file.write(configText(sim.port())) < 0 || !file.commit()) {
            QTextStream(stderr) << "griddeck-gridsim: cannot write the config " << parser.value(configOpt) << ": "
                                << file.errorString() << "\n";
            return 1;
        }
    }
    QTextStream(stdout) << "GridDeck grid simulator listening on " << sim.url().toString() << " ("
                        << sim.engine().fleet().nodes().size() << " nodes, seed " << options.seed << ")" << Qt::endl;
    return app.exec();
}
