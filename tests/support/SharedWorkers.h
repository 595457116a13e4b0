#pragma once
// Several `griddeckctl run` processes on one store, driven as an operator would run them: the
// store seeded here (users, N purchases), griddeck-gridsim as the grid (optionally with the fault
// matrix), P worker processes started together, one of them SIGKILLed mid-run if asked. When the
// others have finished (`run --until-idle`), the facts that prove the run:
//   - every job terminal; `ledger check` holds (in-process and through griddeckctl);
//   - no step ran twice: per job at most one ledger movement of each kind, no stage entered twice
//     in a row, at most one live deployment, at most one conversion at the wallet, every
//     contract the grid holds for a job known to the store (the simulator numbers a job's
//     contracts dep-<job>-1, -2, … so a deploy sent twice leaves one we do not know);
//   - live contracts at the grid = active jobs, one each;
//   - the killed process's leased jobs were finished by the others (rescued after the lease).
// Header-only: used by tests/integration/tst_shared_workers.cpp and benchmarks/bench_shared.cpp.

#include "PostgresCluster.h"
#include "RunSupport.h"
#include "config/Config.h"
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>

namespace griddeck::test {

struct SharedRunOptions
{
    Backend backend = Backend::Postgresql;
    int jobs = 150;
    int processes = 3;
    int workersPerProcess = 4;
    bool faults = true; // bench_pipeline's matrix: 10 % errors, 5 % timeouts, 5 % malformed, …
    bool killOne = true; // SIGKILL process 1 once it holds leases and a fifth of the jobs is done
    int leaseSeconds = 3; // how soon the others may take the killed process's jobs
    int requestTimeoutSeconds = 2;
    int readyDelayMs = 200;
    // PostgreSQL: fsync and synchronous commit on, as a real server (the test cluster runs with
    // them off); SQLite always keeps synchronous = FULL.
    bool durable = false;
    int impossibleEvery = 0; // every Nth job asks for more than any node has: it fails, released
    int timeoutMs = 600000;
    QString binDir = QStringLiteral(GRIDDECK_BIN_DIR);
};

struct SharedRunReport
{
    int jobs = 0;
    int processes = 0;
    qint64 active = 0;
    qint64 failed = 0;
    qint64 terminal = 0;
    qint64 elapsedMs = 0;
    qint64 liveContracts = 0;
    qint64 leasedAtKill = 0; // jobs the killed process held at its death
    qint64 rescued = 0; // of those, finished by another process
    qint64 handedOver = 0; // jobs whose steps were run by more than one process
    bool killed = false;
    QString ledgerCheck; // griddeckctl ledger check's first line
    QStringList violations;
    double jobsPerSecond() const { return terminal * 1000.0 / std::max<qint64>(1, elapsedMs); }
};

namespace shared_detail {

using runsupport::freePort;
using runsupport::mixSpec;
using runsupport::waitForPort;

// One blocking request to the simulator's control API.
inline QJsonObject simRequest(const QString &url, const QByteArray &body = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request { QUrl(url) };
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(30000);
    QNetworkReply *reply = body.isNull() ? nam.get(request) : nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject object = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return object;
}

inline qint64 scalar(const std::shared_ptr<Store> &store, const QString &sql, const QVariantList &args = {})
{
    auto q = exec(store->db(), sql, args);
    return q.ok() && q.value().next() ? q.value().value(0).toLongLong() : -1;
}

const char kTerminal[] = "('active', 'failed', 'cancelled', 'stopped')";

} // namespace shared_detail

// The store's side of "no step ran twice": a money movement recorded twice, a stage entered twice
// in a row, two live deployments for one job, an active or failed job without exactly one
// capture or release. Empty when none.
inline QStringList storeDoubleRunProblems(QSqlDatabase db)
{
    QStringList problems;
    auto listProblems = [&](const QString &sql, const QString &what) {
        auto q = exec(db, sql);
        if (!q.ok()) {
            problems << q.error().message;
            return;
        }
        while (q.value().next())
            problems << what.arg(
                q.value().value(0).toString(), q.value().value(1).toString(), q.value().value(2).toString());
    };
    // A money movement, or a stage's transition, recorded twice.
    listProblems(
        QStringLiteral("SELECT job_id, kind, COUNT(*) FROM ledger_transactions WHERE job_id IS NOT NULL "
                       "GROUP BY job_id, kind HAVING COUNT(*) > 1"),
        QStringLiteral("job %1: ledger %2 recorded %3 times"));
    // A stage entered twice in a row: two runs of the step that leads there (a redeploy after a
    // deploy error legitimately enters deploying again, but only after leaving it).
    listProblems(QStringLiteral("SELECT job_id, stage, id FROM (SELECT id, job_id, stage, LAG(stage) OVER "
                                "(PARTITION BY job_id ORDER BY id) AS previous FROM events WHERE kind = "
                                "'transition') AS t WHERE stage = previous"),
        QStringLiteral("job %1: entered %2 twice in a row (event %3)"));
    listProblems(QStringLiteral("SELECT job_id, COUNT(*), MAX(attempt) FROM job_deployments WHERE state IN "
                                "('requested', 'init', 'ok') GROUP BY job_id HAVING COUNT(*) > 1"),
        QStringLiteral("job %1 has %2 live deployments (up to attempt %3)"));
    listProblems(
        QStringLiteral(
            "SELECT j.id, j.stage, (SELECT COUNT(*) FROM ledger_transactions t WHERE t.job_id = j.id "
            "AND t.kind = CASE WHEN j.stage = 'active' THEN 'capture' ELSE 'release' END) AS n "
            "FROM jobs j WHERE j.stage IN ('active', 'failed') AND (SELECT COUNT(*) FROM "
            "ledger_transactions t WHERE t.job_id = j.id AND t.kind = CASE WHEN j.stage = "
            "'active' THEN 'capture' ELSE 'release' END) <> 1"),
        QStringLiteral("job %1 (%2) has %3 captures/releases instead of one"));

    return problems;
}

inline Result<SharedRunReport> runSharedWorkers(
    const SharedRunOptions &o, const std::function<void(const QString &)> &log = {})
{
    using namespace shared_detail;
    auto say = [&](const QString &line) {
        if (log)
            log(line);
    };
    SharedRunReport report;
    report.jobs = o.jobs;
    report.processes = o.processes;
    QTemporaryDir dir;
    StoreLocation location;
    if (o.backend == Backend::Postgresql) {
        QString missing;
        PostgresCluster *cluster = PostgresCluster::shared(&missing);
        if (!cluster)
            return Error::notFound(missing);
        auto db = cluster->createDatabase();
        if (!db.ok())
            return db.error();
        location = db.value();
        const QString on = o.durable ? QStringLiteral("on") : QStringLiteral("off");
        for (const QString &sql : { QStringLiteral("ALTER SYSTEM SET fsync = ") + on,
                 QStringLiteral("ALTER SYSTEM SET synchronous_commit = ") + on,
                 QStringLiteral("ALTER SYSTEM SET full_page_writes = ") + on,
                 QStringLiteral("SELECT pg_reload_conf()") })
            if (auto done = cluster->adminExec(sql); !done.ok())
                return done.error();
    } else {
        location = StoreLocation::sqlite(dir.filePath(QStringLiteral("shared.sqlite")));
    }
    auto opened = Store::open(location);
    if (!opened.ok())
        return opened.error();
    const std::shared_ptr<Store> store = opened.value();
    const QString dbArgument = o.backend == Backend::Postgresql ? location.display() : location.path;

    // The queue: ten buyers, the five service types in turn.
    QElapsedTimer seedTime;
    seedTime.start();
    Ledger ledger(store);
    {
        QueueSettings qs;
        qs.maxQueueSize = o.jobs + 10;
        JobQueue queue(store, ledger, qs);
        QSqlQuery relax(store->db());
        relax.exec(o.backend == Backend::Sqlite ? QStringLiteral("PRAGMA synchronous = NORMAL")
                                                : QStringLiteral("SET synchronous_commit = off"));
        QList<qint64> users;
        for (int i = 0; i < 10; ++i) {
            auto id = ledger.addUser(
                QStringLiteral("buyer%1").arg(i), Tfc::fromWhole(1000000), QStringLiteral("bench"));
            if (!id.ok())
                return id.error();
            users << id.value();
        }
        for (int i = 0; i < o.jobs; ++i) {
            EnqueueRequest r;
            r.userId = users[i % users.size()];
            r.spec = o.impossibleEvery > 0 && i % o.impossibleEvery == o.impossibleEvery - 1
                ? ServiceSpec::make(
                    VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 64, 1024, 90000)
                : mixSpec(i);
            r.amount = Tfc::fromWhole(20);
            r.actor = QStringLiteral("bench");
            if (auto id = queue.enqueue(r); !id.ok())
                return id.error();
        }
        relax.exec(o.backend == Backend::Sqlite ? QStringLiteral("PRAGMA synchronous = FULL")
                                                : QStringLiteral("SET synchronous_commit = on"));
    }
    store->closeThreadConnection();
    say(QStringLiteral("seeded %1 jobs in %2 s").arg(o.jobs).arg(seedTime.elapsed() / 1000.0, 0, 'f', 1));

    // The grid: its own process, so its state (contracts, conversions, keys) outlives any worker.
    const quint16 port = freePort();
    QProcess sim;
    sim.setProgram(o.binDir + QStringLiteral("/griddeck-gridsim"));
    sim.setArguments({ QStringLiteral("--port"), QString::number(port), QStringLiteral("--ready-delay-ms"),
        QString::number(o.readyDelayMs), QStringLiteral("--seed"), QStringLiteral("14") });
    sim.setStandardOutputFile(QProcess::nullDevice());
    sim.setStandardErrorFile(dir.filePath(QStringLiteral("gridsim.log")));
    sim.start();
    if (!sim.waitForStarted(10000) || !waitForPort(port, 20000))
        return Error::storage(QStringLiteral("griddeck-gridsim did not start on port %1").arg(port));
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
    if (o.faults) {
        const QJsonObject set = simRequest(url + QStringLiteral("/_sim/faults"),
            R"({"error_rate":0.10,"timeout_rate":0.05,"malformed_rate":0.05,"deploy_error_rate":0.10,)"
            R"("health_fail_rate":0.10,"source_down":["coingecko"]})");
        if (set.value(QStringLiteral("error_rate")).toDouble() != 0.10)
            return Error::storage(
                QStringLiteral("the simulator refused the fault matrix: %1")
                    .arg(QString::fromUtf8(QJsonDocument(set).toJson(QJsonDocument::Compact))));
    }

    Config config;
    config.threefoldGrid.gridProxyUrl = config.threefoldGrid.deployerUrl = url;
    config.threefoldGrid.requestTimeoutSeconds = o.requestTimeoutSeconds;
    config.tftConversion.horizonUrl = config.tftConversion.coingeckoUrl = config.tftConversion.walletUrl
        = url;
    config.deploymentQueue.maxQueueSize = o.jobs + 10;
    config.deploymentQueue.workerCount = o.workersPerProcess;
    config.deploymentQueue.leaseSeconds = o.leaseSeconds;
    config.deploymentQueue.retryDelaySeconds = 1;
    config.deploymentQueue.retryMaxDelaySeconds = 4;
    config.deploymentQueue.readinessTimeoutSeconds = 60;
    config.notifications.webhookEnabled = config.notifications.emailEnabled
        = config.notifications.slackEnabled = false;
    const QString configPath = dir.filePath(QStringLiteral("deployment.toml"));
    if (auto saved = config.saveFile(configPath); !saved.ok())
        return saved.error();

    // The workers. The password reaches them through the environment only.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(StoreLocation::kPasswordVariable), location.password);
    std::vector<std::unique_ptr<QProcess>> workers;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < o.processes; ++i) {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env);
        p->setProgram(o.binDir + QStringLiteral("/griddeckctl"));
        p->setArguments({ QStringLiteral("--config"), configPath, QStringLiteral("--db"), dbArgument,
            QStringLiteral("run"), QStringLiteral("--until-idle") });
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->setStandardOutputFile(dir.filePath(QStringLiteral("worker%1.log").arg(i)));
        p->start();
        if (!p->waitForStarted(10000))
            return Error::storage(
                QStringLiteral("griddeckctl run %1 did not start: %2").arg(i).arg(p->errorString()));
        workers.push_back(std::move(p));
    }
    const QString host = QHostInfo::localHostName();
    auto ownerOf = [&](int i) { return QStringLiteral("%1:%2").arg(host).arg(workers[i]->processId()); };
    const QString terminal = QString::fromLatin1(kTerminal);

    QString killedOwner;
    qint64 killedAt = 0;
    QList<qint64> orphans;
    const int victim = o.processes > 1 ? 1 : 0;
    while (elapsed.elapsed() < o.timeoutMs) {
        bool running = false;
        for (int i = 0; i < o.processes; ++i)
            running = running || workers[i]->state() != QProcess::NotRunning;
        if (!running)
            break;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(50);
        if (!o.killOne || report.killed || workers[victim]->state() != QProcess::Running)
            continue;
        const qint64 done
            = scalar(store, QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage IN ") + terminal);
        const qint64 held = scalar(store,
            QStringLiteral(
                "SELECT COUNT(*) FROM jobs WHERE lease_owner = ? AND lease_expires_at > ? AND stage NOT IN ")
                + terminal,
            { ownerOf(victim), QDateTime::currentMSecsSinceEpoch() });
        if (done * 5 < o.jobs || held < 2)
            continue;
        killedOwner = ownerOf(victim);
        workers[victim]->kill(); // SIGKILL: no clean-up, its leases stay until they run out
        workers[victim]->waitForFinished(10000);
        killedAt = QDateTime::currentMSecsSinceEpoch();
        report.killed = true;
        auto q = exec(store->db(),
            QStringLiteral("SELECT id FROM jobs WHERE lease_owner = ? AND stage NOT IN ") + terminal,
            { killedOwner });
        while (q.ok() && q.value().next())
            orphans << q.value().value(0).toLongLong();
        report.leasedAtKill = orphans.size();
        say(QStringLiteral("SIGKILL to worker %1 (%2) after %3 s, %4 jobs done: it held %5 jobs")
                .arg(victim)
                .arg(killedOwner)
                .arg(elapsed.elapsed() / 1000.0, 0, 'f', 1)
                .arg(done)
                .arg(orphans.size()));
    }
    report.elapsedMs = elapsed.elapsed();
    for (int i = 0; i < o.processes; ++i) {
        QProcess &p = *workers[i];
        if (p.state() != QProcess::NotRunning) {
            report.violations
                << QStringLiteral("worker %1 still running after %2 s").arg(i).arg(o.timeoutMs / 1000);
            p.kill();
            p.waitForFinished(10000);
        } else if (!(report.killed && i == victim)
            && (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)) {
            QFile logFile(dir.filePath(QStringLiteral("worker%1.log").arg(i)));
            logFile.open(QIODevice::ReadOnly);
            report.violations << QStringLiteral("worker %1 exited with %2: %3")
                                     .arg(i)
                                     .arg(p.exitCode())
                                     .arg(QString::fromUtf8(logFile.readAll().right(800)));
        }
    }
    if (o.killOne && !report.killed)
        report.violations << QStringLiteral("no worker was killed: the victim never held two leases mid-run");

    // The facts.
    report.active = scalar(store, QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage = 'active'"));
    report.failed = scalar(store, QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage = 'failed'"));
    report.terminal = scalar(store, QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage IN ") + terminal);
    if (report.terminal != o.jobs)
        report.violations
            << QStringLiteral("%1 of %2 jobs are not terminal").arg(o.jobs - report.terminal).arg(o.jobs);
    const LedgerCheckReport check = ledger.check();
    report.violations += check.violations;
    {
        QProcess ctl;
        ctl.setProcessEnvironment(env);
        ctl.start(o.binDir + QStringLiteral("/griddeckctl"),
            { QStringLiteral("--config"), configPath, QStringLiteral("--db"), dbArgument,
                QStringLiteral("ledger"), QStringLiteral("check") });
        ctl.waitForFinished(60000);
        report.ledgerCheck = QString::fromUtf8(ctl.readAllStandardOutput()).section(u'\n', 0, 0);
        if (ctl.exitCode() != 0 || !report.ledgerCheck.startsWith(QStringLiteral("Ledger OK")))
            report.violations << QStringLiteral("griddeckctl ledger check: %1").arg(report.ledgerCheck);
    }
    report.violations += storeDoubleRunProblems(store->db());

    // The grid's side: contracts and conversions.
    const QJsonObject state = simRequest(url + QStringLiteral("/_sim/state"));
    std::map<qint64, QString> stages;
    std::map<qint64, QSet<QString>> known;
    {
        auto q = exec(store->db(), QStringLiteral("SELECT id, stage FROM jobs"));
        while (q.ok() && q.value().next())
            stages[q.value().value(0).toLongLong()] = q.value().value(1).toString();
        auto d = exec(store->db(),
            QStringLiteral(
                "SELECT job_id, deployment_id FROM job_deployments WHERE deployment_id IS NOT NULL"));
        while (d.ok() && d.value().next())
            known[d.value().value(0).toLongLong()].insert(d.value().value(1).toString());
    }
    std::map<qint64, int> livePerJob;
    static const QRegularExpression idPattern(QStringLiteral("^dep-(\\d+)-(\\d+)$"));
    for (const QJsonValue &v : state.value(QStringLiteral("contracts")).toArray()) {
        const QJsonObject c = v.toObject();
        const qint64 job = c.value(QStringLiteral("job_id")).toInteger();
        const QString id = c.value(QStringLiteral("deployment_id")).toString();
        livePerJob[job] += 1;
        ++report.liveContracts;
        if (stages[job] != u"active")
            report.violations << QStringLiteral("contract %1 of job %2 is live but the job is %3")
                                     .arg(id)
                                     .arg(job)
                                     .arg(stages[job]);
        if (!known[job].contains(id))
            report.violations << QStringLiteral(
                "contract %1 of job %2 is unknown to the store (a deploy sent twice)")
                                     .arg(id)
                                     .arg(job);
    }
    for (const auto &[job, ids] : known) {
        // dep-<job>-<n>: n runs 1, 2, 3 … over the job's deploy requests; a gap is one we never heard of.
        QSet<int> numbers;
        for (const QString &id : ids)
            if (const auto m = idPattern.match(id); m.hasMatch())
                numbers.insert(m.captured(2).toInt());
        for (int n = 1; n <= numbers.size(); ++n)
            if (!numbers.contains(n))
                report.violations << QStringLiteral("job %1: contract %2 of %3 unknown to the store")
                                         .arg(job)
                                         .arg(n)
                                         .arg(numbers.size());
    }
    for (const auto &[job, stage] : stages)
        if (stage == u"active" && livePerJob[job] != 1)
            report.violations
                << QStringLiteral("active job %1 has %2 live contracts").arg(job).arg(livePerJob[job]);
    if (report.liveContracts != report.active)
        report.violations << QStringLiteral("%1 live contracts for %2 active jobs")
                                 .arg(report.liveContracts)
                                 .arg(report.active);
    std::map<qint64, int> conversions;
    for (const QJsonValue &v : state.value(QStringLiteral("conversions")).toArray())
        conversions[v.toObject().value(QStringLiteral("job_id")).toInteger()] += 1;
    for (const auto &[job, n] : conversions)
        if (n > 1)
            report.violations
                << QStringLiteral("job %1 was converted %2 times at the wallet").arg(job).arg(n);

    // The killed process's jobs: finished by another after its death.
    for (qint64 job : orphans) {
        const qint64 after = scalar(store,
            QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = ? AND kind = 'transition' AND actor "
                           "<> ? AND at >= ?"),
            { job, killedOwner, killedAt });
        if (stages[job] != u"active" && stages[job] != u"failed")
            continue; // counted above as not terminal
        if (after > 0)
            ++report.rescued;
        else
            report.violations
                << QStringLiteral("job %1, leased by the killed worker, was not taken over").arg(job);
    }
    report.handedOver = scalar(store,
        QStringLiteral(
            "SELECT COUNT(*) FROM (SELECT job_id FROM events WHERE kind = 'transition' AND actor LIKE '%:%' "
            "GROUP BY job_id HAVING COUNT(DISTINCT actor) > 1) AS many"));
    sim.terminate();
    sim.waitForFinished(5000);
    store->closeThreadConnection();
    return report;
}

} // namespace griddeck::test
