// Shared mode, measured: several `griddeckctl run` processes on one store
// (tests/support/SharedWorkers.h drives them: griddeck-gridsim as the grid, a throwaway
// PostgreSQL cluster on loopback, initdb'd by this program, with fsync and synchronous commit
// switched on for the runs, as SQLite keeps synchronous = FULL).
//
// Scenarios:
//   faults   (default) 1,000 jobs, 3 processes of 4 workers on PostgreSQL, the fault matrix
//            (10 % errors, 5 % timeouts, 5 % malformed, 10 % deploy errors, 10 % failed
//            health checks, coingecko down; 2 s request timeout), one process SIGKILLed once it
//            holds leases; every 25th job asks for more than any node has (it fails and is
//            released): every job terminal, no step run twice, live contracts = active jobs,
//            ledger check holds, the killed process's jobs finished by the others.
//   scaling  jobs/s of 1, 2 and 3 processes on PostgreSQL and on SQLite, zero-latency grid
//            (no faults, no readiness delay), 1,000 jobs each unless --jobs.
//
//   bench_shared [--scenario faults|scaling] [--jobs N] [--processes N] [--workers N]
//                [--backend postgresql|sqlite]      (scaling: given, only that count / backend)
//
// Prints "RESULT\t<name>\t<measured>\t<goal>\t<met>" lines for scripts/run-benchmarks.sh.
#include "../tests/support/SharedWorkers.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

using namespace griddeck;
using namespace griddeck::test;

namespace {

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2)
                                       : QStringLiteral("?");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("scenario"), QStringLiteral("faults or scaling (faults)"),
        QStringLiteral("NAME"), QStringLiteral("faults") });
    parser.addOption({ QStringLiteral("jobs"), QStringLiteral("purchases (1000)"), QStringLiteral("N"),
        QStringLiteral("1000") });
    parser.addOption({ QStringLiteral("processes"), QStringLiteral("griddeckctl run processes (faults: 3)"),
        QStringLiteral("N"), QStringLiteral("3") });
    parser.addOption({ QStringLiteral("workers"), QStringLiteral("worker threads per process (4)"),
        QStringLiteral("N"), QStringLiteral("4") });
    parser.addOption({ QStringLiteral("backend"), QStringLiteral("faults: postgresql or sqlite (postgresql)"),
        QStringLiteral("NAME"), QStringLiteral("postgresql") });
    parser.process(app);
    QTextStream out(stdout);
    const QString scenario = parser.value(QStringLiteral("scenario"));
    const int jobs = parser.value(QStringLiteral("jobs")).toInt();
    const int workers = parser.value(QStringLiteral("workers")).toInt();
    auto log = [&](const QString &line) { out << "  " << line << "\n" << Qt::flush; };
    // Bad arguments are named, not guessed at.
    const QString backendName = parser.value(QStringLiteral("backend"));
    if (backendName != QLatin1String("postgresql") && backendName != QLatin1String("sqlite")) {
        out << "bench_shared: --backend must be postgresql or sqlite, not \"" << backendName << "\"\n";
        return 2;
    }
    if (scenario != QLatin1String("faults") && scenario != QLatin1String("scaling")) {
        out << "bench_shared: --scenario must be faults or scaling, not \"" << scenario << "\"\n";
        return 2;
    }
    bool numbersOk = false;
    const int processesGiven = parser.value(QStringLiteral("processes")).toInt(&numbersOk);
    if (!numbersOk || processesGiven < 1 || jobs < 1 || workers < 1) {
        out << "bench_shared: --jobs, --workers and --processes must be whole numbers of at least 1\n";
        return 2;
    }

    if (scenario == QLatin1String("faults")) {
        SharedRunOptions o;
        o.backend = parser.value(QStringLiteral("backend")) == QLatin1String("sqlite") ? Backend::Sqlite
                                                                                       : Backend::Postgresql;
        o.jobs = jobs;
        o.processes = parser.value(QStringLiteral("processes")).toInt();
        o.workersPerProcess = workers;
        o.faults = true;
        o.durable = true;
        o.impossibleEvery = 25; // 40 of 1,000 fail for want of a node: the release path too
        o.killOne = o.processes > 1;
        auto run = runSharedWorkers(o, log);
        if (!run.ok()) {
            out << "bench_shared: " << run.error().message << "\n";
            return 1;
        }
        const SharedRunReport &r = run.value();
        out << r.jobs << " jobs, " << r.processes << " processes x " << workers << " workers on "
            << dialect::backendName(o.backend) << ", fault matrix, one SIGKILLed: " << r.terminal
            << " terminal (" << r.active << " active, " << r.failed << " failed) in "
            << QString::number(r.elapsedMs / 1000.0, 'f', 1) << " s ("
            << QString::number(r.jobsPerSecond(), 'f', 1) << " jobs/s); " << r.liveContracts
            << " live contracts; killed worker held " << r.leasedAtKill << " jobs, " << r.rescued
            << " rescued; " << r.handedOver << " jobs worked by more than one process; " << r.ledgerCheck
            << "; load " << loadAverage() << "\n";
        for (const QString &v : r.violations.mid(0, 30))
            out << "  violation: " << v << "\n";
        const bool met = r.violations.isEmpty() && r.terminal == r.jobs;
        out << "RESULT\tshared: " << r.jobs << " jobs, " << r.processes << " griddeckctl run on "
            << dialect::backendName(o.backend) << ", fault matrix, 1 SIGKILLed\t" << r.terminal << "/"
            << r.jobs << " terminal in " << QString::number(r.elapsedMs / 1000.0, 'f', 0) << " s, "
            << r.violations.size() << " violations, " << r.rescued << "/" << r.leasedAtKill
            << " rescued\tall terminal, nothing twice, contracts = active, ledger ok\t"
            << (met ? "met" : "NOT met") << "\n";
        return met ? 0 : 1;
    }
    if (scenario != QLatin1String("scaling")) {
        out << "unknown scenario " << scenario << " (faults or scaling)\n";
        return 1;
    }
    bool allMet = true;
    // --backend / --processes given: only that backend / process count.
    QList<Backend> backends { Backend::Postgresql, Backend::Sqlite };
    if (parser.isSet(QStringLiteral("backend")))
        backends
            = { parser.value(QStringLiteral("backend")) == QLatin1String("sqlite") ? Backend::Sqlite
                                                                                   : Backend::Postgresql };
    const bool oneCount = parser.isSet(QStringLiteral("processes"));
    const int onlyCount = parser.value(QStringLiteral("processes")).toInt();
    for (Backend backend : backends) {
        for (int processes = oneCount ? onlyCount : 1; processes <= (oneCount ? onlyCount : 3); ++processes) {
            SharedRunOptions o;
            o.backend = backend;
            o.jobs = jobs;
            o.processes = processes;
            o.workersPerProcess = workers;
            o.faults = false;
            o.durable = true;
            o.killOne = false;
            o.readyDelayMs = 0;
            auto run = runSharedWorkers(o, log);
            if (!run.ok()) {
                out << "bench_shared: " << run.error().message << "\n";
                return 1;
            }
            const SharedRunReport &r = run.value();
            const bool met = r.violations.isEmpty() && r.active == r.jobs;
            allMet = allMet && met;
            out << dialect::backendName(backend) << ", " << processes << " process(es) x " << workers
                << " workers: " << r.active << "/" << r.jobs << " active in "
                << QString::number(r.elapsedMs / 1000.0, 'f', 1) << " s, "
                << QString::number(r.jobsPerSecond(), 'f', 1) << " jobs/s, " << r.violations.size()
                << " violations; load " << loadAverage() << "\n";
            for (const QString &v : r.violations.mid(0, 10))
                out << "  violation: " << v << "\n";
            out << "RESULT\tshared: jobs/s, " << dialect::backendName(backend) << ", " << processes
                << " griddeckctl run x " << workers << " workers, zero latency\t"
                << QString::number(r.jobsPerSecond(), 'f', 1) << " jobs/s (" << r.jobs << " in "
                << QString::number(r.elapsedMs / 1000.0, 'f', 1) << " s)\tall active, no violation\t"
                << (met ? "met" : "NOT met") << "\n";
        }
    }
    return allMet ? 0 : 1;
}
