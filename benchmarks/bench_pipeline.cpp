// Non-blocking waits, measured: 1,000 purchases whose deployments each take 10 s to become
// ready, carried by 4 workers. A worker that blocked while waiting (the seed's design) would
// need 1,000 × 10 s / 4 ≈ 42 minutes; re-scheduled polling needs about the readiness delay
// plus the time the steps themselves take.
//
//   bench_pipeline [--jobs N] [--workers N] [--ready-ms N]
#include "ledger/Ledger.h"
#include "pipeline/EmbeddedGrid.h"
#include "pipeline/PipelineEngine.h"
#include "queue/JobQueue.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace griddeck;

namespace {

ServiceSpec smallSpec(int i)
{
    switch (i % 5) {
    case 0:
        return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 1, 1, 10);
    case 1:
        return ServiceSpec::make(
            ContainerService { QStringLiteral("nginx:1.25"), { 80 },
                QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist") },
            1, 1, 5);
    case 2:
        return ServiceSpec::make(KubernetesService{2}, 1, 1, 5);
    case 3:
        return ServiceSpec::make(StorageService{QStringLiteral("zdb")}, 1, 1, 20);
    default:
        return ServiceSpec::make(ApplicationService{QStringLiteral("wordpress")}, 1, 1, 10);
    }
}

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
    parser.addOption({QStringLiteral("jobs"), QStringLiteral("purchases (1000)"), QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("workers"), QStringLiteral("worker threads (4)"), QStringLiteral("N"), QStringLiteral("4")});
    parser.addOption({QStringLiteral("ready-ms"), QStringLiteral("readiness delay (10000)"), QStringLiteral("N"), QStringLiteral("10000")});
    parser.process(app);
    const int jobs = parser.value(QStringLiteral("jobs")).toInt();
    const int workers = parser.value(QStringLiteral("workers")).toInt();
    const int readyMs = parser.value(QStringLiteral("ready-ms")).toInt();
    QTextStream out(stdout);

    QTemporaryDir dir;
    auto store = Store::open(dir.filePath(QStringLiteral("bench.sqlite"))).value();
    SimOptions sim;
    sim.readyDelayMs = readyMs;
    sim.nodeCount = 300;
    EmbeddedGrid grid(sim);
    const QString url = grid.start().value().toString();

    Config config;
    config.threefoldGrid.gridProxyUrl = config.threefoldGrid.deployerUrl = url;
    config.tftConversion.horizonUrl = config.tftConversion.coingeckoUrl = config.tftConversion.walletUrl = url;
    config.deploymentQueue.maxQueueSize = jobs + 10;
    config.deploymentQueue.workerCount = workers;
    config.notifications.webhookEnabled = config.notifications.emailEnabled = false;

    Ledger ledger(store);
    QueueSettings qs;
    qs.maxQueueSize = jobs + 10;
    JobQueue queue(store, ledger, qs);
    QList<qint64> users;
    for (int i = 0; i < 10; ++i)
        users << ledger.addUser(QStringLiteral("bench%1").arg(i), Tfc::fromWhole(1000000), QStringLiteral("bench")).value();
    {
        QSqlQuery relax(store->db());
        relax.exec(QStringLiteral("PRAGMA synchronous = NORMAL")); // seeding only; workers keep FULL
    }
    for (int i = 0; i < jobs; ++i) {
        EnqueueRequest r;
        r.userId = users[i % users.size()];
        r.spec = smallSpec(i);
        r.amount = Tfc::fromWhole(20);
        r.actor = QStringLiteral("bench");
        if (auto id = queue.enqueue(r); !id.ok()) {
            out << "enqueue failed: " << id.error().message << "\n";
            return 1;
        }
    }

    EngineOptions options; // default readiness polling: 1 s doubling to 15 s
    options.workerCount = workers;
    options.runOutbox = false;
    PipelineEngine engine(config, store, nullptr, options);
    QElapsedTimer elapsed;
    elapsed.start();
    if (auto started = engine.start(); !started.ok()) {
        out << started.error().message << "\n";
        return 1;
    }
    int code = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const qint64 live = count(store, QStringLiteral("stage NOT IN ('active', 'failed', 'cancelled', 'stopped')"));
        if (live != 0 && elapsed.elapsed() < 600000)
            return;
        const qint64 ms = elapsed.elapsed();
        engine.stop();
        const qint64 active = count(store, QStringLiteral("stage = 'active'"));
        const double blockingMinutes = double(jobs) * readyMs / workers / 60000.0;
        out << jobs << " jobs, " << workers << " workers, readiness delay " << readyMs << " ms: " << active
            << " active in " << QString::number(ms / 1000.0, 'f', 1) << " s ("
            << QString::number(active * 1000.0 / std::max<qint64>(1, ms), 'f', 1) << " jobs/s); a worker blocked while "
            << "waiting would need about " << QString::number(blockingMinutes, 'f', 0) << " minutes\n";
        code = active == jobs ? 0 : 1;
        app.quit();
    });
    poll.start(200);
    app.exec();
    return code;
}
