// Peak memory of `griddeckctl run --until-idle` working N queued jobs (goal: at most 150 MB
// for 100,000). The store is seeded here (users, then N purchases through JobQueue::enqueue);
// the grid is a separate griddeck-gridsim process with no readiness delay, so only the CLI's
// own memory is measured: ru_maxrss of the griddeckctl child, reaped before the simulator.
//
//   bench_memory [--jobs N] [--workers N] [--nodes N] [--bin DIR]
//   full size: bench_memory --jobs 100000
//   BENCH_MEMORY_WRAP="heaptrack -o /tmp/run" runs griddeckctl under that tool (its peak then
//   includes the tool's own memory: for finding where memory goes, not for the RESULT)
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"
#include "store/Store.h"
#include "RunSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <sys/resource.h>

#include <algorithm>

using namespace griddeck;

using runsupport::freePort;
using runsupport::waitForPort;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("jobs"), QStringLiteral("queued purchases (5000)"), QStringLiteral("N"),
        QStringLiteral("5000") });
    parser.addOption({ QStringLiteral("workers"), QStringLiteral("worker threads (4)"), QStringLiteral("N"),
        QStringLiteral("4") });
    parser.addOption({ QStringLiteral("nodes"),
        QStringLiteral("simulated nodes (default: one per five jobs, at least 300): the grid must hold every job"),
        QStringLiteral("N"), QStringLiteral("0") });
    parser.addOption({ QStringLiteral("bin"), QStringLiteral("folder of griddeckctl and griddeck-gridsim"),
        QStringLiteral("DIR"), QCoreApplication::applicationDirPath() });
    parser.process(app);
    const int jobs = parser.value(QStringLiteral("jobs")).toInt();
    const int workers = parser.value(QStringLiteral("workers")).toInt();
    // The simulator's default fleet (300 nodes) is full after some 15,000 small deployments;
    // past that the run measures refusals ("no suitable node"), not deployments.
    const int askedNodes = parser.value(QStringLiteral("nodes")).toInt();
    const int nodes = askedNodes > 0 ? askedNodes : std::clamp(jobs / 5, 300, 100000);
    const QDir bin(parser.value(QStringLiteral("bin")));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QTemporaryDir dir;
    const QString dbPath = dir.filePath(QStringLiteral("memory.sqlite"));
    QElapsedTimer seedTime;
    seedTime.start();
    {
        auto store = Store::open(dbPath).value();
        Ledger ledger(store);
        QueueSettings qs;
        qs.maxQueueSize = jobs + 10;
        JobQueue queue(store, ledger, qs);
        RelaxedDurability seeding; // seeding only: its commits need not wait for the disk
        QList<qint64> users;
        for (int i = 0; i < 50; ++i)
            users << ledger
                         .addUser(QStringLiteral("mem%1").arg(i), Tfc::fromWhole(10000000),
                             QStringLiteral("bench"))
                         .value();
        for (int i = 0; i < jobs; ++i) {
            EnqueueRequest r;
            r.userId = users[i % users.size()];
            r.spec = i % 2
                ? ServiceSpec::make(ContainerService { QStringLiteral("nginx:1.25"), { 80 },
                                        QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist") },
                    1, 1, 5)
                : ServiceSpec::make(
                    VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 1, 1, 10);
            // 8 TFC (7.20 USD to convert): the simulator's wallet holds 1,000,000 USD, which
            // 100,000 purchases of 20 TFC would exhaust half-way (then every job is refunded).
            r.amount = Tfc::fromWhole(8);
            r.actor = QStringLiteral("bench");
            if (auto id = queue.enqueue(r); !id.ok()) {
                err << "enqueue failed: " << id.error().message << "\n";
                return 1;
            }
            if ((i + 1) % 10000 == 0) // seeding 100,000 takes minutes: enqueue counts the live jobs
                err << "seeding: " << i + 1 << " of " << jobs << " after " << seedTime.elapsed() / 1000 << " s\n"
                    << Qt::flush;
        }
        store->closeThreadConnection();
    }
    err << "seeded " << jobs << " jobs in " << seedTime.elapsed() / 1000.0 << " s\n" << Qt::flush;

    const quint16 port = freePort();
    QProcess sim;
    sim.setProgram(bin.filePath(QStringLiteral("griddeck-gridsim")));
    sim.setArguments({ QStringLiteral("--port"), QString::number(port), QStringLiteral("--ready-delay-ms"),
        QStringLiteral("0"), QStringLiteral("--nodes"), QString::number(nodes) });
    sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sim.setStandardOutputFile(QProcess::nullDevice());
    sim.start();
    if (!sim.waitForStarted() || !waitForPort(port, 10000)) {
        err << "griddeck-gridsim did not start on port " << port << "\n";
        return 1;
    }
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const QString configPath = dir.filePath(QStringLiteral("deployment.toml"));
    {
        QFile f(configPath);
        f.open(QIODevice::WriteOnly);
        QTextStream t(&f);
        t << "[deployment_queue]\nmax_queue_size = " << jobs + 10 << "\nworker_count = " << workers
          << "\nretry_delay_seconds = 1\nretry_max_delay_seconds = 8\n"
          << "[threefold_grid]\ngrid_proxy_url = \"" << url << "\"\n"
          << "[tft_conversion]\nhorizon_url = \"" << url << "\"\ncoingecko_url = \"" << url
          << "\"\nwallet_url = \"" << url
          << "\"\n[notifications]\nemail_enabled = false\nwebhook_enabled = false\n";
    }

    QProcess ctl;
    QStringList ctlArgs { QStringLiteral("--config"), configPath, QStringLiteral("--db"), dbPath,
        QStringLiteral("run"), QStringLiteral("--until-idle"), QStringLiteral("--workers"),
        QString::number(workers) };
    QStringList wrap = qEnvironmentVariable("BENCH_MEMORY_WRAP").split(u' ', Qt::SkipEmptyParts);
    if (wrap.isEmpty()) {
        ctl.setProgram(bin.filePath(QStringLiteral("griddeckctl")));
    } else {
        ctl.setProgram(wrap.takeFirst());
        ctlArgs.prepend(bin.filePath(QStringLiteral("griddeckctl")));
        ctlArgs = wrap + ctlArgs;
    }
    ctl.setArguments(ctlArgs);
    ctl.setStandardOutputFile(QProcess::nullDevice());
    ctl.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer runTime;
    runTime.start();
    ctl.start();
    ctl.waitForFinished(-1);
    const double seconds = runTime.elapsed() / 1000.0;
    // Only griddeckctl has been reaped so far: the children's maximum is its peak.
    rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage);
    const double peakMb = usage.ru_maxrss / 1024.0;
    sim.terminate();
    sim.waitForFinished(5000);

    auto store = Store::open(dbPath).value();
    QSqlQuery q(store->db());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage = 'active'"));
    const qint64 active = q.next() ? q.value(0).toLongLong() : -1;
    // Jobs that did not end active, by stage and reason (the simulator has no faults here).
    q.exec(QStringLiteral("SELECT stage, COALESCE(last_error, ''), COUNT(*) FROM jobs WHERE stage <> 'active' "
                          "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5"));
    while (q.next())
        out << "  not active: " << q.value(2).toLongLong() << " " << q.value(0).toString() << ": "
            << q.value(1).toString().left(160) << "\n";
    const bool met = peakMb <= 150.0 && ctl.exitCode() == 0;
    out << "griddeckctl run: " << jobs << " jobs on " << nodes << " nodes, " << active << " active in "
        << QString::number(seconds, 'f', 1) << " s, exit " << ctl.exitCode() << ", peak RSS "
        << QString::number(peakMb, 'f', 1) << " MB\n";
    out << "RESULT\tpeak memory, griddeckctl run, " << jobs << " jobs\t" << QString::number(peakMb, 'f', 1)
        << " MB (" << active << " active in " << QString::number(seconds, 'f', 0)
        << " s)\t<= 150 MB (at 100,000 jobs)\t" << (met ? "met" : "NOT met") << "\n";
    return ctl.exitCode() == 0 ? 0 : 1;
}
