// How the models hold up with a big store (docs/benchmarks.md, "Models with 100,000 jobs").
//
//   bench_models [--jobs N] [--seconds S] [--rate UPDATES_PER_S] [--users U] [--no-view] [--db PATH]
//
// Seeds a fresh store (one transaction, raw SQL matching the schema: users, accounts, jobs,
// holds and a deployment per started job), then on the GUI thread, with a QTableView over a
// sorted JobFilterProxy over a DeploymentModel (plus QueueModel and UserModel) fed by a
// StoreWatcher, measures:
//   (a) watcher start → first chunk applied, and → every job in the model;
//   (b) applying a search / a stage filter / clearing them on the proxy;
//   (c) the longest GUI-thread stall (gap between ticks of a 1 ms timer) while a writer
//       thread updates random jobs' stage and updated_at at the given rate for S seconds.

#include "models/DeploymentModel.h"
#include "models/JobFilterProxy.h"
#include "models/QueueModel.h"
#include "models/StoreWatcher.h"
#include "models/UserModel.h"
#include "store/Store.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <unistd.h>
#include <vector>

using namespace griddeck;

namespace {

struct Settings
{
    int jobs = 100'000;
    int seconds = 10;
    int rate = 1000;
    int users = 200;
    bool view = true;
    QString db; // reuse this database (seeded when it has no jobs yet)
};

Settings parse(const QStringList &args)
{
    Settings s;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const auto next = [&](int &into) {
            if (i + 1 < args.size())
                into = args[++i].toInt();
        };
        if (a == QLatin1String("--jobs"))
            next(s.jobs);
        else if (a == QLatin1String("--seconds"))
            next(s.seconds);
        else if (a == QLatin1String("--rate"))
            next(s.rate);
        else if (a == QLatin1String("--users"))
            next(s.users);
        else if (a == QLatin1String("--no-view"))
            s.view = false;
        else if (a == QLatin1String("--db") && i + 1 < args.size())
            s.db = args[++i];
        else {
            std::fprintf(stderr, "usage: bench_models [--jobs N] [--seconds S] [--rate N] [--users N] [--no-view] [--db PATH]\n");
            std::exit(2);
        }
    }
    s.jobs = std::max(1, s.jobs);
    s.users = std::max(1, s.users);
    return s;
}

void must(const Result<QSqlQuery> &r)
{
    if (!r.ok()) {
        std::fprintf(stderr, "seeding failed: %s\n", qPrintable(r.error().message));
        std::exit(1);
    }
}

// A realistic mix: mostly finished jobs, about 1% live, a deployment for every job that got
// that far, a hold per job in the state its stage implies.
void seed(const std::shared_ptr<Store> &store, const Settings &s)
{
    QRandomGenerator rng(42);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const char *countries[] = {"Belgium", "Egypt", "Germany", "Netherlands", "Tanzania", "United States", "India", "Austria"};
    const char *images[] = {"nginx:1.25", "redis:7", "postgres:16", "ghcr.io/acme/api:2.1"};
    WriteTransaction tx(*store);
    QSqlDatabase db = tx.db();
    for (int u = 1; u <= s.users; ++u) {
        must(exec(db, QStringLiteral("INSERT INTO users(id, name, created_at) VALUES (?, ?, ?)"),
                  {u, QStringLiteral("user%1").arg(u, 3, 10, QLatin1Char('0')), now - 90LL * 86'400'000}));
        must(exec(db, QStringLiteral("INSERT INTO accounts(kind, user_id, balance) VALUES ('user_available', ?, ?)"),
                  {u, qint64(1000) * 10'000'000}));
        must(exec(db, QStringLiteral("INSERT INTO accounts(kind, user_id, balance) VALUES ('user_held', ?, 0)"), {u}));
    }
    QSqlQuery job(db), hold(db), deployment(db);
    job.prepare(QStringLiteral(
        "INSERT INTO jobs(id, user_id, service_type, spec_json, priority, stage, tfc_amount, commission_amount, "
        "grid_payment_amount, max_retries, attempt, run_at, last_error, created_at, updated_at, finished_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 3, ?, ?, ?, ?, ?, ?)"));
    hold.prepare(QStringLiteral("INSERT INTO holds(job_id, user_id, amount, state, commission, grid_spend, created_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    deployment.prepare(QStringLiteral(
        "INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, farm_id, country, deployment_id, "
        "contract_id, state, ip, ssh_command, created_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (int id = 1; id <= s.jobs; ++id) {
        const int roll = int(rng.bounded(1000));
        const char *stage = roll < 880 ? "active" : roll < 940 ? "failed" : roll < 960 ? "cancelled" : roll < 990 ? "stopped"
                          : roll < 993 ? "queued" : roll < 995 ? "converting" : roll < 997 ? "deploying" : "waiting_ready";
        const bool vm = rng.bounded(3) != 0;
        const QString spec = vm
            ? QStringLiteral(R"({"service_type":"vm","os":"ubuntu","version":"22.04","cpu_cores":%1,"memory_gb":%2,"storage_gb":50,"network_config":{"public_ipv4":false,"public_ipv6":true,"mycelium":true,"planetary":false},"environment_vars":{}})")
                  .arg(1 + rng.bounded(8)).arg(2 << rng.bounded(4))
            : QStringLiteral(R"({"service_type":"container","image":"%1","ports":[80,443],"cpu_cores":1,"memory_gb":2,"storage_gb":10,"network_config":{"public_ipv4":false,"public_ipv6":true,"mycelium":true,"planetary":false},"environment_vars":{"TZ":"UTC"}})")
                  .arg(QLatin1String(images[rng.bounded(4)]));
        const qint64 amount = qint64(5 + rng.bounded(200)) * 10'000'000;
        const qint64 commission = amount / 10;
        const qint64 created = now - qint64(s.jobs - id + 2) * 60'000; // updated 90 s later: still in the past
        const qint64 user = 1 + rng.bounded(s.users);
        const QString stageText = QLatin1String(stage);
        const bool live = stageText == QLatin1String("queued") || stageText == QLatin1String("converting")
            || stageText == QLatin1String("deploying") || stageText == QLatin1String("waiting_ready");
        const bool failed = stageText == QLatin1String("failed");
        for (const QVariant &v : QVariantList{id, user, vm ? QStringLiteral("vm") : QStringLiteral("container"), spec,
                                               int(rng.bounded(4)), stageText, amount, commission, amount - commission,
                                               failed ? 3 : 0, created,
                                               failed ? QVariant(QStringLiteral("deployment error: no capacity on node")) : QVariant(),
                                               created, created + 90'000, live ? QVariant() : QVariant(created + 90'000)})
            job.addBindValue(v);
        if (!job.exec()) {
            std::fprintf(stderr, "seeding a job failed\n");
            std::exit(1);
        }
        const QString holdState = live ? QStringLiteral("pending") : stageText == QLatin1String("active") || stageText == QLatin1String("stopped")
                                                                         ? QStringLiteral("captured") : QStringLiteral("released");
        for (const QVariant &v : QVariantList{id, user, amount, holdState, commission, amount - commission, created})
            hold.addBindValue(v);
        hold.exec();
        if (stageText != QLatin1String("queued") && stageText != QLatin1String("converting") && stageText != QLatin1String("cancelled")) {
            const QString ip = QStringLiteral("185.69.%1.%2").arg(rng.bounded(256)).arg(rng.bounded(256));
            for (const QVariant &v : QVariantList{id, QStringLiteral("job:%1:deploy:1").arg(id), qint64(1 + rng.bounded(400)),
                                                   qint64(1 + rng.bounded(60)), QLatin1String(countries[rng.bounded(8)]),
                                                   QStringLiteral("dep-%1").arg(id), qint64(100000 + id),
                                                   failed ? QStringLiteral("error") : QStringLiteral("ok"), ip,
                                                   QStringLiteral("ssh root@") + ip, created + 30'000})
                deployment.addBindValue(v);
            deployment.exec();
        }
    }
    if (auto committed = tx.commit(); !committed.ok()) {
        std::fprintf(stderr, "seeding failed: %s\n", qPrintable(committed.error().message));
        std::exit(1);
    }
}

// Largest gap between ticks of a 1 ms timer: how long the GUI thread could not react.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_gaps.push_back(now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double maxMs() const { return m_gaps.empty() ? 0 : *std::max_element(m_gaps.begin(), m_gaps.end()) / 1e6; }
    double percentileMs(double p)
    {
        if (m_gaps.empty())
            return 0;
        std::vector<qint64> sorted = m_gaps;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))] / 1e6;
    }
    size_t over(double ms) const
    {
        return size_t(std::count_if(m_gaps.begin(), m_gaps.end(), [ms](qint64 g) { return g / 1e6 > ms; }));
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    std::vector<qint64> m_gaps;
};

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

double msOf(const QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e6;
}

// CPU time this thread has used, in ms: unlike wall time, not inflated when other processes
// compete for the cores.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// CPU time (ms) used so far by the threads whose name starts with `prefix` (Linux /proc):
// how much the watcher's own thread costs.
double threadsCpuMs(const QByteArray &prefix)
{
    double total = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith(prefix))
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12) // utime and stime, in clock ticks
            total += (fields[11].toDouble() + fields[12].toDouble()) * 1000.0 / double(sysconf(_SC_CLK_TCK));
    }
    return total;
}

// Time the GUI thread spends applying one jobsChanged batch (models, proxies, view): connected
// first and last around the models' own connections.
struct BatchMeter
{
    QElapsedTimer wall;
    double cpuStart = 0;
    double maxWallMs = 0;
    double maxCpuMs = 0;
    double totalCpuMs = 0;
    int batches = 0;
    void begin()
    {
        wall.start();
        cpuStart = threadCpuMs();
    }
    void end()
    {
        const double cpu = threadCpuMs() - cpuStart;
        maxWallMs = std::max(maxWallMs, msOf(wall));
        maxCpuMs = std::max(maxCpuMs, cpu);
        totalCpuMs += cpu;
        ++batches;
    }
    void reset() { *this = BatchMeter(); }
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    Settings s = parse(app.arguments());

    QTemporaryDir dir;
    auto opened = Store::open(s.db.isEmpty() ? dir.filePath(QStringLiteral("bench.sqlite")) : s.db);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    std::shared_ptr<Store> store = opened.value();
    QElapsedTimer seeding;
    seeding.start();
    QSqlQuery existing(store->db());
    if (existing.exec(QStringLiteral("SELECT COUNT(*) FROM jobs")) && existing.next() && existing.value(0).toInt() > 0) {
        s.jobs = existing.value(0).toInt();
        std::printf("reusing %s with %d jobs\n", qPrintable(s.db), s.jobs);
    } else {
        seed(store, s);
        std::printf("seeded %d jobs, %d users in %.0f ms\n", s.jobs, s.users, msOf(seeding));
    }
    existing.finish();

    StoreWatcher watcher(store);
    BatchMeter batch;
    QObject::connect(&watcher, &StoreWatcher::jobsChanged, &app, [&batch] { batch.begin(); });
    DeploymentModel deployments;
    QueueModel queue;
    UserModel users;
    deployments.attach(&watcher);
    queue.attach(&watcher);
    users.attach(&watcher);
    JobFilterProxy proxy;
    proxy.setSourceModel(&deployments);
    proxy.sort(DeploymentModel::UpdatedColumn, Qt::DescendingOrder);
    JobFilterProxy queueProxy;
    queueProxy.setSourceModel(&queue);
    queueProxy.sort(QueueModel::PriorityColumn, Qt::DescendingOrder);
    QObject::connect(&watcher, &StoreWatcher::jobsChanged, &app, [&batch] { batch.end(); });
    QTableView view;
    if (s.view) {
        view.setModel(&proxy);
        view.verticalHeader()->setDefaultSectionSize(22);
        view.resize(1200, 700);
        view.show();
    }

    // (a) first load
    StallMeter meter;
    QElapsedTimer loadClock;
    double firstChunkMs = -1;
    double allRowsMs = -1;
    QObject::connect(&watcher, &StoreWatcher::jobsChanged, &app, [&](const QList<JobRow> &) {
        if (firstChunkMs < 0 && proxy.rowCount() > 0)
            firstChunkMs = msOf(loadClock);
        if (allRowsMs < 0 && deployments.rowCount() >= s.jobs)
            allRowsMs = msOf(loadClock);
    });
    loadClock.start();
    meter.start();
    watcher.start();
    while (allRowsMs < 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    spin(300);
    meter.stop();
    const double loadStall = meter.maxMs();
    const BatchMeter loadBatches = batch;

    // (b) filters on the proxy over every job
    const auto timed = [](const std::function<void()> &f) {
        QElapsedTimer t;
        t.start();
        f();
        return msOf(t);
    };
    // rowCount() inside the timing: the proxy maps lazily, the view asks at once anyway.
    const double searchMs = timed([&] { proxy.setSearchText(QStringLiteral("user042")); proxy.rowCount(); });
    const int searchRows = proxy.rowCount();
    const double narrowMs = timed([&] { proxy.setSearchText(QStringLiteral("user042 nginx")); proxy.rowCount(); });
    const int narrowRows = proxy.rowCount();
    const double clearSearchMs = timed([&] { proxy.setSearchText(QString()); proxy.rowCount(); });
    const double stageMs = timed([&] { proxy.setStageFilter({Stage::Failed}); proxy.rowCount(); });
    const int stageRows = proxy.rowCount();
    const double clearStageMs = timed([&] { proxy.setStageFilter({}); proxy.rowCount(); });
    const double sortMs = timed([&] { proxy.sort(DeploymentModel::TfcColumn, Qt::AscendingOrder); proxy.rowCount(); });
    proxy.sort(DeploymentModel::UpdatedColumn, Qt::DescendingOrder);

    // (c) a writer at `rate` updates per second, the GUI's stalls measured meanwhile
    std::atomic<bool> writing{true};
    std::atomic<qint64> written{0};
    std::unique_ptr<QThread> writer(QThread::create([&] {
        QRandomGenerator rng(7);
        const QStringList stages = allStageNames();
        QSqlDatabase db = store->db(); // the writer's own connection
        const int perTick = std::max(1, s.rate / 100);
        QElapsedTimer clock;
        clock.start();
        qint64 tick = 0;
        while (writing.load()) {
            WriteTransaction tx(db);
            QSqlQuery q(tx.db());
            q.prepare(QStringLiteral("UPDATE jobs SET stage = ?, updated_at = ? WHERE id = ?"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (int i = 0; i < perTick; ++i) {
                q.addBindValue(stages[int(rng.bounded(qsizetype(stages.size())))]);
                q.addBindValue(now);
                q.addBindValue(qint64(1 + rng.bounded(s.jobs)));
                q.exec();
            }
            if (tx.commit().ok())
                written += perTick;
            ++tick;
            const qint64 due = tick * 10; // one transaction every 10 ms
            const qint64 wait = due - clock.elapsed();
            if (wait > 0)
                QThread::msleep(quint64(wait));
        }
        // Closed here, not by the thread-exit clean-up, which can outlive writer->wait().
        const QString name = db.connectionName();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }));
    qint64 applied = 0;
    QObject::connect(&watcher, &StoreWatcher::jobsChanged, &app, [&](const QList<JobRow> &rows) { applied += rows.size(); });
    meter.start();
    batch.reset();
    const double watcherCpuBefore = threadsCpuMs("griddeck-store");
    writer->start();
    spin(s.seconds * 1000);
    writing = false;
    writer->wait();
    meter.stop();
    const double updateStall = meter.maxMs();
    const double p99 = meter.percentileMs(0.99);
    const size_t over50 = meter.over(50);
    const BatchMeter updateBatches = batch;
    const double watcherCpu = threadsCpuMs("griddeck-store") - watcherCpuBefore;
    // Catch-up: how long after the writer stopped until the models have seen everything.
    QElapsedTimer catchUp;
    catchUp.start();
    const qint64 appliedBefore = applied;
    spin(600);
    const qint64 lateRows = applied - appliedBefore;
    // Does the model now say what the store says? (Read here on the GUI thread: a check, not
    // part of the product.)
    const auto countMismatches = [&] {
    int mismatches = 0;
    {
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT id, stage, updated_at FROM jobs"));
        while (q.next()) {
            const JobRow *row = deployments.job(q.value(0).toLongLong());
            if (!row || stageName(row->job.stage) != q.value(1).toString() || row->job.updatedAt != q.value(2).toLongLong())
                ++mismatches;
        }
    }
    return mismatches;
    };
    const int mismatches = countMismatches();
    spin(3000);
    std::printf("mismatches after 600 ms: %d, after 3.6 s: %d\n", mismatches, countMismatches());

    std::printf("\n| measurement | result |\n|---|---|\n");
    std::printf("| jobs in the store | %d (%d users, view %s) |\n", s.jobs, s.users, s.view ? "shown" : "none");
    std::printf("| (a) watcher start → first chunk in the proxy | %.0f ms |\n", firstChunkMs);
    std::printf("| (a) watcher start → all %d jobs in the model | %.0f ms |\n", s.jobs, allRowsMs);
    std::printf("| (a) longest GUI stall during the first load | %.1f ms |\n", loadStall);
    std::printf("| (a) longest chunk applied on the GUI thread: wall / CPU (%d chunks) | %.1f ms / %.1f ms |\n",
                loadBatches.batches, loadBatches.maxWallMs, loadBatches.maxCpuMs);
    std::printf("| (b) search \"user042\" over every job (%d rows left) | %.1f ms |\n", searchRows, searchMs);
    std::printf("| (b) narrow to \"user042 nginx\" (%d rows left) | %.1f ms |\n", narrowRows, narrowMs);
    std::printf("| (b) clear the search (all rows back) | %.1f ms |\n", clearSearchMs);
    std::printf("| (b) stage filter failed (%d rows) / cleared | %.1f ms / %.1f ms |\n", stageRows, stageMs, clearStageMs);
    std::printf("| (b) sort every job by TFC | %.1f ms |\n", sortMs);
    std::printf("| (c) updates written (%d/s for %d s) / rows delivered to the models | %lld / %lld |\n", s.rate,
                s.seconds, static_cast<long long>(written.load()), static_cast<long long>(appliedBefore));
    std::printf("| (c) longest GUI stall while updating | %.1f ms |\n", updateStall);
    std::printf("| (c) 99th percentile timer gap | %.1f ms |\n", p99);
    std::printf("| (c) longest batch applied on the GUI thread: wall / CPU (%d batches) | %.1f ms / %.1f ms |\n",
                updateBatches.batches, updateBatches.maxWallMs, updateBatches.maxCpuMs);
    std::printf("| (c) GUI-thread CPU applying updates, total | %.0f ms in %d s |\n", updateBatches.totalCpuMs, s.seconds);
    std::printf("| (c) gaps over 50 ms | %zu |\n", over50);
    std::printf("| (c) watcher thread CPU (polling, decoding) | %.0f ms in %d s |\n", watcherCpu, s.seconds);
    std::printf("| (c) rows still arriving after the writer stopped | %lld |\n", static_cast<long long>(lateRows));
    std::printf("| jobs where the model differs from the store afterwards | %d |\n", mismatches);
    std::printf("| queue model (live jobs) / users | %d / %d |\n", queue.rowCount(), users.rowCount());
    // One line each for scripts/run-benchmarks.sh's table (no goal is set for the models).
    std::printf("RESULT\tmodels, %d jobs: all rows in the model / longest GUI stall while loading\t%.0f ms / %.1f ms\t-\t-\n",
                s.jobs, allRowsMs, loadStall);
    std::printf("RESULT\tmodels, %d jobs: search / sort\t%.1f ms / %.1f ms\t-\t-\n", s.jobs, searchMs, sortMs);
    std::printf("RESULT\tmodels, %d jobs: longest GUI stall while updating, mismatches\t%.1f ms, %d\t-\t-\n", s.jobs,
                updateStall, mismatches);
    std::fflush(stdout);
    watcher.stop();
    return 0;
}
