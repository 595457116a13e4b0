// Non-blocking waits, measured: 1,000 purchases whose deployments each take 10 s to become
// ready, carried by 4 workers. A worker that blocked while waiting (the seed's design) would
// need 1,000 × 10 s / 4 ≈ 42 minutes; re-scheduled polling needs about the readiness delay
// plus the time the steps themselves take.
//
// Scenarios (each sets the defaults below; any option still overrides):
//   ready   1,000 jobs, 10 s readiness delay: all active in at most 15 s
//   zero    1,000 jobs, no readiness delay: at least 200 jobs/s, the ledger check holds
//   faults  100 jobs under the fault matrix (10 % errors, 5 % timeouts, 5 % malformed, 10 %
//           deploy errors, 10 % failed health checks, coingecko down), 15 s request timeout:
//           all terminal in at most 45 s
//
//   bench_pipeline [--scenario ready|zero|faults] [--jobs N] [--workers N] [--ready-ms N]
//                  [--in-flight N] [--per-host N] [--tail]
//   --in-flight: steps in flight (EngineOptions::maxStepsInFlight; default 16 per worker);
//   --per-host: [threefold_grid] max_requests_per_host (default 32); --tail: when the jobs
//   ended (the time by which 50/90/99/100 % were terminal) and the timeouts the slowest met.
//
// Prints one "RESULT\t<name>\t<measured>\t<goal>\t<met>" line for scripts/run-benchmarks.sh.
#include "ledger/Ledger.h"
#include "pipeline/EmbeddedGrid.h"
#include "pipeline/PipelineEngine.h"
#include "queue/JobQueue.h"
#include "RunSupport.h"

#include <QDateTime>
#include <algorithm>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace griddeck;

namespace {

qint64 count(const std::shared_ptr<Store> &store, const QString &where)
{
    QSqlQuery q(store->db());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE ") + where);
    return q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("scenario"), QStringLiteral("ready, zero or faults (ready)"),
        QStringLiteral("NAME"), QStringLiteral("ready") });
    parser.addOption({ QStringLiteral("jobs"), QStringLiteral("purchases"), QStringLiteral("N") });
    parser.addOption({ QStringLiteral("workers"), QStringLiteral("worker threads (4)"), QStringLiteral("N"),
        QStringLiteral("4") });
    parser.addOption({ QStringLiteral("ready-ms"), QStringLiteral("readiness delay"), QStringLiteral("N") });
    parser.addOption({ QStringLiteral("in-flight"), QStringLiteral("steps in flight (16 per worker)"),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("per-host"), QStringLiteral("max_requests_per_host (32)"),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("node-reuse-ms"), QStringLiteral("EngineOptions::nodeListReuseMs (2000)"),
        QStringLiteral("N") });
    parser.addOption({ QStringLiteral("tail"), QStringLiteral("print when the jobs ended") });
    parser.addOption({ QStringLiteral("keep"), QStringLiteral("keep the store at PATH for study"),
        QStringLiteral("PATH") });
    parser.process(app);
    const QString scenario = parser.value(QStringLiteral("scenario"));
    const bool faulty = scenario == QLatin1String("faults");
    const bool zero = scenario == QLatin1String("zero");
    if (!faulty && !zero && scenario != QLatin1String("ready")) {
        QTextStream(stderr) << "unknown scenario " << scenario << " (ready, zero or faults)\n";
        return 1;
    }
    auto intOption = [&](const QString &name, int fallback) {
        return parser.isSet(name) ? parser.value(name).toInt() : fallback;
    };
    const int jobs = intOption(QStringLiteral("jobs"), faulty ? 100 : 1000);
    const int workers = parser.value(QStringLiteral("workers")).toInt();
    const int readyMs = intOption(QStringLiteral("ready-ms"), faulty ? 2000 : (zero ? 0 : 10000));
    QTextStream out(stdout);

    QTemporaryDir dir;
    const QString storePath = parser.isSet(QStringLiteral("keep")) ? parser.value(QStringLiteral("keep"))
                                                                  : dir.filePath(QStringLiteral("bench.sqlite"));
    if (QFileInfo::exists(storePath)) {
        QTextStream(stderr) << storePath << " already exists; --keep needs a new path\n";
        return 1;
    }
    auto store = Store::open(storePath).value();
    SimOptions sim;
    sim.readyDelayMs = readyMs;
    sim.nodeCount = 300;
    EmbeddedGrid grid(sim);
    const QString url = grid.start().value().toString();
    if (faulty) {
        SimFaults faults = grid.faults();
        faults.errorRate = 0.10;
        faults.timeoutRate = 0.05;
        faults.malformedRate = 0.05;
        faults.deployErrorRate = 0.10;
        faults.healthFailRate = 0.10;
        faults.sourceDown = { QStringLiteral("coingecko") };
        grid.setFaults(faults);
    }

    Config config;
    config.threefoldGrid.gridProxyUrl = config.threefoldGrid.deployerUrl = url;
    config.tftConversion.horizonUrl = config.tftConversion.coingeckoUrl = config.tftConversion.walletUrl
        = url;
    config.deploymentQueue.maxQueueSize = jobs + 10;
    config.deploymentQueue.workerCount = workers;
    if (parser.isSet(QStringLiteral("per-host")))
        config.threefoldGrid.maxRequestsPerHost = parser.value(QStringLiteral("per-host")).toInt();
    config.notifications.webhookEnabled = config.notifications.emailEnabled = false;
    // Retries come back after 1 s (doubling to 8 s): the wait measured is the engine's, not
    // the retry policy's. The request timeout stays at its default (15 s).
    config.deploymentQueue.retryDelaySeconds = 1;
    config.deploymentQueue.retryMaxDelaySeconds = 8;

    Ledger ledger(store);
    QueueSettings qs;
    qs.maxQueueSize = jobs + 10;
    JobQueue queue(store, ledger, qs);
    QList<qint64> users;
    for (int i = 0; i < 10; ++i)
        users << ledger
                     .addUser(
                         QStringLiteral("bench%1").arg(i), Tfc::fromWhole(1000000), QStringLiteral("bench"))
                     .value();
    std::optional<RelaxedDurability> seeding; // the seeding's commits need not wait for the disk
    seeding.emplace();
    for (int i = 0; i < jobs; ++i) {
        EnqueueRequest r;
        r.userId = users[i % users.size()];
        r.spec = runsupport::mixSpec(i);
        r.amount = Tfc::fromWhole(20);
        r.actor = QStringLiteral("bench");
        if (auto id = queue.enqueue(r); !id.ok()) {
            out << "enqueue failed: " << id.error().message << "\n";
            return 1;
        }
    }

    seeding.reset(); // the workers' commits do
    EngineOptions options; // default readiness polling
    options.workerCount = workers;
    options.maxStepsInFlight = intOption(QStringLiteral("in-flight"), 0);
    options.nodeListReuseMs = intOption(QStringLiteral("node-reuse-ms"), options.nodeListReuseMs);
    options.runOutbox = false;
    PipelineEngine engine(config, store, nullptr, options);
    QElapsedTimer elapsed;
    elapsed.start();
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    if (auto started = engine.start(); !started.ok()) {
        out << started.error().message << "\n";
        return 1;
    }
    int code = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const qint64 live
            = count(store, QStringLiteral("stage NOT IN ('active', 'failed', 'cancelled', 'stopped')"));
        if (live != 0 && elapsed.elapsed() < 600000)
            return;
        const qint64 ms = elapsed.elapsed();
        engine.stop();
        const qint64 active = count(store, QStringLiteral("stage = 'active'"));
        const qint64 terminal
            = count(store, QStringLiteral("stage IN ('active', 'failed', 'cancelled', 'stopped')"));
        const LedgerCheckReport check = ledger.check();
        if (parser.isSet(QStringLiteral("tail"))) {
            // Each job's last event, from the start; and the request timeouts the slowest met.
            QList<std::pair<qint64, qint64>> ended; // (ms, job)
            QSqlQuery q(store->db());
            q.exec(QStringLiteral("SELECT job_id, MAX(at) FROM events GROUP BY job_id"));
            while (q.next())
                ended.append({ q.value(1).toLongLong() - startedAt, q.value(0).toLongLong() });
            std::sort(ended.begin(), ended.end());
            const auto at = [&](int percent) {
                return ended.isEmpty() ? 0.0 : ended.at(std::min<qsizetype>(ended.size() - 1, ended.size() * percent / 100)).first / 1000.0;
            };
            out << "terminal by: 50 % " << at(50) << " s, 90 % " << at(90) << " s, 99 % " << at(99)
                << " s, 100 % " << at(100) << " s\n";
            QSqlQuery failed(store->db());
            failed.exec(QStringLiteral("SELECT id, last_error FROM jobs WHERE stage = 'failed' LIMIT 3"));
            while (failed.next())
                out << "  failed job " << failed.value(0).toLongLong() << ": " << failed.value(1).toString() << "\n";
            for (qsizetype i = std::max<qsizetype>(0, ended.size() - 3); i < ended.size(); ++i) {
                QSqlQuery t(store->db());
                t.exec(QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = %1 AND message LIKE '%timed out%'")
                           .arg(ended.at(i).second));
                t.next();
                out << "  job " << ended.at(i).second << " ended at " << ended.at(i).first / 1000.0 << " s after "
                    << t.value(0).toLongLong() << " request timeouts\n";
            }
        }
        const double seconds = ms / 1000.0;
        const double rate = active * 1000.0 / std::max<qint64>(1, ms);
        out << jobs << " jobs, " << workers << " workers, readiness delay " << readyMs << " ms"
            << (faulty ? ", fault matrix" : "") << ": " << active << " active, " << terminal
            << " terminal in " << QString::number(seconds, 'f', 1) << " s (" << QString::number(rate, 'f', 1)
            << " jobs/s); ledger check " << (check.ok() ? "holds" : "FAILS") << "\n";
        for (const QString &v : check.violations)
            out << "  ledger: " << v << "\n";
        QString name, measured, goal;
        bool met = false;
        if (faulty) {
            name = QStringLiteral("pipeline: %1 jobs, fault matrix, %2 workers").arg(jobs).arg(workers);
            measured
                = QStringLiteral("%1/%2 terminal in %3 s").arg(terminal).arg(jobs).arg(seconds, 0, 'f', 1);
            goal = QStringLiteral("all terminal <= 45 s");
            met = terminal == jobs && seconds <= 45;
        } else if (zero) {
            name = QStringLiteral("pipeline: %1 jobs, zero latency, %2 workers").arg(jobs).arg(workers);
            measured = QStringLiteral("%1 jobs/s (%2 s), ledger %3")
                           .arg(rate, 0, 'f', 1)
                           .arg(seconds, 0, 'f', 1)
                           .arg(check.ok() ? QStringLiteral("ok") : QStringLiteral("BROKEN"));
            goal = QStringLiteral(">= 200 jobs/s, ledger ok");
            met = active == jobs && rate >= 200 && check.ok();
        } else {
            name = QStringLiteral("pipeline: %1 jobs, %2 ms readiness, %3 workers")
                       .arg(jobs)
                       .arg(readyMs)
                       .arg(workers);
            measured = QStringLiteral("%1/%2 active in %3 s").arg(active).arg(jobs).arg(seconds, 0, 'f', 1);
            goal = QStringLiteral("all active <= 15 s");
            met = active == jobs && seconds <= 15;
        }
        out << "RESULT\t" << name << "\t" << measured << "\t" << goal << "\t" << (met ? "met" : "NOT met")
            << "\n";
        code = (faulty ? terminal == jobs : active == jobs) && check.ok() ? 0 : 1;
        app.quit();
    });
    poll.start(200);
    app.exec();
    return code;
}
