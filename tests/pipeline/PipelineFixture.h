#pragma once
// Shared by the pipeline tests: a fresh store, a grid simulator hosted by the test on its own
// thread (so it outlives engines and processes), a config pointing at it with short delays,
// jobs of all five service types, and the checks every scenario ends with.

#include "TestSupport.h"
#include "config/Config.h"
#include "ledger/Ledger.h"
#include "pipeline/EmbeddedGrid.h"
#include "pipeline/PipelineEngine.h"
#include "queue/JobQueue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QtTest>

#include <map>

namespace griddeck::test {

inline ServiceSpec specOfType(int index)
{
    switch (index % 5) {
    case 0:
        return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 2, 4, 50);
    case 1: {
        ServiceSpec s
            = ServiceSpec::make(ContainerService { QStringLiteral("nginx:1.25"), { 80, 443 },
                                    QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist") },
                1, 2, 10);
        return s;
    }
    case 2:
        return ServiceSpec::make(KubernetesService{2}, 2, 4, 20);
    case 3:
        return ServiceSpec::make(StorageService{QStringLiteral("zdb")}, 1, 1, 100);
    default:
        return ServiceSpec::make(ApplicationService{QStringLiteral("nextcloud")}, 2, 4, 30);
    }
}

// Short delays everywhere: retries immediately, readiness polled every few tens of ms.
inline Config fastConfig(const QUrl &grid)
{
    Config c;
    const QString url = grid.toString();
    c.threefoldGrid.gridProxyUrl = url;
    c.threefoldGrid.deployerUrl = url;
    c.threefoldGrid.requestTimeoutSeconds = 2;
    c.tftConversion.horizonUrl = url;
    c.tftConversion.coingeckoUrl = url;
    c.tftConversion.walletUrl = url;
    c.deploymentQueue.retryDelaySeconds = 0;
    c.deploymentQueue.retryMaxDelaySeconds = 1;
    c.deploymentQueue.retryAttempts = 3;
    c.deploymentQueue.leaseSeconds = 5;
    c.deploymentQueue.readinessTimeoutSeconds = 30;
    c.deploymentQueue.maxQueueSize = 5000;
    c.notifications.webhookEnabled = false;
    c.notifications.emailEnabled = false;
    c.notifications.slackEnabled = false;
    return c;
}

inline EngineOptions fastOptions(int workers)
{
    EngineOptions o;
    o.readinessPollMinMs = 50;
    o.readinessPollMaxMs = 200;
    o.idlePollMs = 100;
    o.outboxPollMs = 100;
    o.outboxRetryMinMs = 100;
    o.tcpProbeTimeoutMs = 2000;
    o.shutdownTimeoutMs = 10000;
    o.workerCount = workers;
    return o;
}

struct PipelineFixture
{
    explicit PipelineFixture(int readyDelayMs = 150, quint64 seed = 7)
        : grid(simOptions(readyDelayMs, seed))
        , ledger(temp.store())
    {
        auto url = grid.start();
        if (!url.ok())
            qFatal("simulator: %s", qPrintable(url.error().message));
        config = fastConfig(url.value());
        QueueSettings qs;
        qs.maxQueueSize = config.deploymentQueue.maxQueueSize;
        qs.retryAttempts = config.deploymentQueue.retryAttempts;
        queue = std::make_unique<JobQueue>(temp.store(), ledger, qs);
    }

    static SimOptions simOptions(int readyDelayMs, quint64 seed)
    {
        SimOptions o;
        o.seed = seed;
        o.readyDelayMs = readyDelayMs;
        return o;
    }

    qint64 addUser(const QString &name, qint64 credits)
    {
        auto id = ledger.addUser(name, Tfc::fromWhole(credits), QStringLiteral("test"));
        if (!id.ok())
            qFatal("user %s: %s", qPrintable(name), qPrintable(id.error().message));
        return id.value();
    }

    qint64 enqueue(qint64 userId, const ServiceSpec &spec, qint64 tfc = 25)
    {
        EnqueueRequest r;
        r.userId = userId;
        r.spec = spec;
        r.amount = Tfc::fromWhole(tfc);
        r.actor = QStringLiteral("test");
        auto id = queue->enqueue(r);
        if (!id.ok())
            qFatal("enqueue: %s", qPrintable(id.error().message));
        return id.value();
    }

    // The test thread's commits need not wait for the disk (the workers' do).
    void relaxDurability()
    {
        if (temp.store()->backend() == Backend::Sqlite) {
            if (!m_relaxed)
                m_relaxed.emplace();
            return;
        }
        QSqlQuery(temp.store()->db()).exec(QStringLiteral("SET synchronous_commit = off"));
    }
    std::optional<RelaxedDurability> m_relaxed; // on the test thread, for the fixture's life

    qint64 scalar(const QString &sql) const
    {
        QSqlQuery q(temp.store()->db());
        if (!q.exec(sql) || !q.next())
            qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toLongLong();
    }

    qint64 liveJobs() const { return queue->liveCount().value(); }

    std::map<QString, qint64> stageCounts() const
    {
        std::map<QString, qint64> counts;
        QSqlQuery q(temp.store()->db());
        q.exec(QStringLiteral("SELECT stage, COUNT(*) FROM jobs GROUP BY stage"));
        while (q.next())
            counts[q.value(0).toString()] = q.value(1).toLongLong();
        return counts;
    }

    // The facts every scenario must end with; empty when all hold.
    QStringList violations() const
    {
        QStringList problems;
        const LedgerCheckReport report = ledger.check();
        problems += report.violations;
        if (liveJobs() != 0)
            problems << QStringLiteral("%1 jobs are not terminal").arg(liveJobs());

        QSqlQuery q(temp.store()->db());
        // Money: a failed job released exactly once and never captured; an active one captured once.
        q.exec(QStringLiteral("SELECT j.id, j.stage, "
                              "(SELECT COUNT(*) FROM ledger_transactions t WHERE t.job_id = j.id AND t.kind = 'release'), "
                              "(SELECT COUNT(*) FROM ledger_transactions t WHERE t.job_id = j.id AND t.kind = 'capture'), "
                              "(SELECT COUNT(*) FROM ledger_transactions t WHERE t.job_id = j.id AND t.kind = 'hold') FROM jobs j"));
        while (q.next()) {
            const qint64 id = q.value(0).toLongLong();
            const QString stage = q.value(1).toString();
            const int releases = q.value(2).toInt(), captures = q.value(3).toInt(), holds = q.value(4).toInt();
            if (holds != 1)
                problems << QStringLiteral("job %1 has %2 holds").arg(id).arg(holds);
            if ((stage == u"failed" || stage == u"cancelled") && (releases != 1 || captures != 0))
                problems << QStringLiteral("job %1 (%2) has %3 releases and %4 captures").arg(id).arg(stage).arg(releases).arg(captures);
            if ((stage == u"active" || stage == u"stopped") && (captures != 1 || releases != 0))
                problems << QStringLiteral("job %1 (%2) has %3 captures and %4 releases").arg(id).arg(stage).arg(captures).arg(releases);
        }
        std::map<qint64, QString> stages;
        q.exec(QStringLiteral("SELECT id, stage FROM jobs"));
        while (q.next())
            stages[q.value(0).toLongLong()] = q.value(1).toString();

        const QJsonObject state = grid.state();
        std::map<qint64, int> livePerJob;
        for (const QJsonValue &v : state.value(QStringLiteral("contracts")).toArray()) {
            const QJsonObject c = v.toObject();
            const qint64 job = c.value(QStringLiteral("job_id")).toInteger();
            livePerJob[job] += 1;
            if (stages[job] != u"active")
                problems << QStringLiteral("contract %1 (%2) of job %3 is live but the job is %4")
                                .arg(c.value(QStringLiteral("contract_id")).toInteger())
                                .arg(c.value(QStringLiteral("state")).toString())
                                .arg(job)
                                .arg(stages[job]);
        }
        for (const auto &[job, stage] : stages) {
            if (stage == u"active" && livePerJob[job] != 1)
                problems << QStringLiteral("active job %1 has %2 live contracts").arg(job).arg(livePerJob[job]);
        }
        std::map<qint64, int> conversions;
        for (const QJsonValue &v : state.value(QStringLiteral("conversions")).toArray())
            conversions[v.toObject().value(QStringLiteral("job_id")).toInteger()] += 1;
        for (const auto &[job, n] : conversions)
            if (n > 1)
                problems << QStringLiteral("job %1 was converted %2 times").arg(job).arg(n);
        // Every job the pipeline converted has its conversion stored, once.
        for (const auto &[job, n] : conversions) {
            const qint64 stored = scalar(QStringLiteral("SELECT COUNT(*) FROM job_conversions WHERE job_id = %1").arg(job));
            if (stored != 1 && stages[job] == u"active")
                problems << QStringLiteral("active job %1 has %2 stored conversions").arg(job).arg(stored);
        }
        return problems;
    }

    TempStore temp;
    EmbeddedGrid grid;
    Ledger ledger;
    std::unique_ptr<JobQueue> queue;
    Config config;
};

} // namespace griddeck::test
