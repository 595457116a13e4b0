#include "pipeline/Reconciler.h"

#include "grid/DeployerClient.h"
#include "pipeline/PipelineStore.h"
#include "pipeline/StageRunner.h"
#include "queue/JobQueue.h"
#include "store/Access.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>
#include <map>

namespace griddeck {

namespace {

struct Listed
{
    QString deploymentId;
    qint64 contractId = 0;
    QString name;
    qint64 createdMs = 0;
};

struct JobRef
{
    Stage stage = Stage::Queued;
    QStringList liveDeployments; // rows that may be live, with a deployment id (usually one)
    QString latest; // the newest row's deployment id
};

QString oneLine(const ReconcileFinding &f)
{
    return QStringLiteral("contract %1 (deployment %2%3): %4")
        .arg(f.contractId)
        .arg(f.deploymentId, f.jobId ? QStringLiteral(", job %1").arg(f.jobId) : QString(), f.why);
}

} // namespace

QJsonObject ReconcileReport::toJson() const
{
    QJsonArray o;
    for (const ReconcileFinding &f : orphans)
        o.append(QJsonObject { { QStringLiteral("deployment_id"), f.deploymentId },
            { QStringLiteral("contract_id"), f.contractId },
            { QStringLiteral("job_id"), f.jobId ? QJsonValue(f.jobId) : QJsonValue() },
            { QStringLiteral("why"), f.why }, { QStringLiteral("cancelled"), f.cancelled },
            { QStringLiteral("error"), f.error } });
    QJsonArray m;
    for (qint64 id : missing)
        m.append(id);
    return { { QStringLiteral("dry_run"), dryRun }, { QStringLiteral("at"), at },
        { QStringLiteral("live_contracts"), liveContracts }, { QStringLiteral("active_jobs"), activeJobs },
        { QStringLiteral("orphans"), o }, { QStringLiteral("missing_contracts"), m },
        { QStringLiteral("clean"), clean() } };
}

QString ReconcileReport::summary() const
{
    if (clean())
        return QStringLiteral("%1 live contracts, %2 active jobs: all accounted for")
            .arg(liveContracts)
            .arg(activeJobs);
    return QStringLiteral("%1 orphan contract(s) %2, %3 active job(s) without a contract")
        .arg(orphans.size())
        .arg(dryRun ? QStringLiteral("found (dry run)") : QStringLiteral("cancelled"))
        .arg(missing.size());
}

Reconciler::Reconciler(
    std::shared_ptr<Store> store, QUrl deployer, int requestTimeoutMs, qint64 graceMs, const Clock &clock)
    : m_store(std::move(store))
    , m_deployer(std::move(deployer))
    , m_http(requestTimeoutMs)
    , m_graceMs(std::max<qint64>(0, graceMs))
    , m_clock(clock)
{
}

std::optional<QJsonObject> Reconciler::lastReport(const std::shared_ptr<Store> &store)
{
    auto q = exec(store->db(), QStringLiteral("SELECT value FROM app_state WHERE key = ?"),
        { QString::fromLatin1(kLastReportKey) });
    if (!q.ok() || !q.value().next())
        return std::nullopt;
    return QJsonDocument::fromJson(q.value().value(0).toString().toUtf8()).object();
}

Result<ReconcileReport> Reconciler::run(bool dryRun)
{
    const QString installation = m_store->installationId();
    const QString prefix = StageRunner::deploymentNamePrefix(installation);
    QUrl url = m_deployer;
    url.setPath(url.path().endsWith(u'/') ? url.path() + QStringLiteral("contracts")
                                          : url.path() + QStringLiteral("/contracts"));
    url.setQuery(QUrlQuery { { QStringLiteral("name_prefix"), prefix } });
    // Listed BEFORE the jobs are read: a contract created after the listing cannot look orphaned.
    const qint64 listedAt = m_clock.nowMs();
    QList<Listed> contracts;
    {
        HttpResult listed = m_http.blockingGet(url);
        if (!listed.ok())
            return Error { listed.error().toError().kind,
                QStringLiteral("listing the live contracts: %1").arg(listed.error().message) };
        // The reply's bytes are not needed once parsed: with every live contract listed (100,000
        // after a long run, some 26 MB), they would be held while the list is built.
        QJsonArray array;
        {
            const HttpResponse response = std::move(listed).value(); // moved out: listed keeps none
            array = response.json.array();
        }
        contracts.reserve(array.size());
        for (const QJsonValue &v : array) {
            const QJsonObject c = v.toObject();
            contracts.append({ c.value(QStringLiteral("deployment_id")).toString(),
                c.value(QStringLiteral("contract_id")).toInteger(),
                c.value(QStringLiteral("name")).toString(),
                c.value(QStringLiteral("created_at")).toInteger() * 1000 });
        }
    } // the reply and its parsed JSON go before the jobs are read: not both at once

    // Only the jobs the listing names and the active ones are kept: with every job ever run
    // kept (and every row the query read, cached by the driver), the memory of a long run grew
    // with the jobs worked, not with the contracts live.
    QSet<qint64> named;
    for (const Listed &c : std::as_const(contracts)) {
        bool ok = false;
        const qint64 jobId = c.name.startsWith(prefix) ? c.name.mid(prefix.size()).toLongLong(&ok, 36) : 0;
        if (ok)
            named.insert(jobId);
    }
    std::map<qint64, JobRef> jobs;
    {
        auto q = execForward(m_store->db(),
            QStringLiteral("SELECT j.id, j.stage, d.deployment_id, d.state FROM jobs j "
                           "LEFT JOIN job_deployments d ON d.job_id = j.id ORDER BY j.id, d.attempt"));
        if (!q.ok())
            return q.error();
        while (q.value().next()) {
            const qint64 id = q.value().value(0).toLongLong();
            const Stage stage = stageFromName(q.value().value(1).toString()).value_or(Stage::Queued);
            if (stage != Stage::Active && !named.contains(id))
                continue;
            JobRef &ref = jobs[id];
            ref.stage = stage;
            const QString deploymentId = q.value().value(2).toString();
            const QString state = q.value().value(3).toString();
            if (deploymentId.isEmpty() && state.isEmpty())
                continue;
            ref.latest = deploymentId;
            if (!deploymentId.isEmpty()
                && (state == deploystate::Requested || state == deploystate::Init
                    || state == deploystate::Ok))
                ref.liveDeployments.append(deploymentId);
        }
    }

    ReconcileReport report;
    report.dryRun = dryRun;
    report.at = listedAt;
    report.liveContracts = int(contracts.size());
    QSet<QString> listedIds;
    DeployerClient deployer(m_deployer, m_http);
    for (const Listed &c : contracts) {
        listedIds.insert(c.deploymentId);
        bool ok = false;
        const qint64 jobId = c.name.startsWith(prefix) ? c.name.mid(prefix.size()).toLongLong(&ok, 36) : 0;
        const auto it = ok ? jobs.find(jobId) : jobs.end();
        QString why;
        if (it == jobs.end()) {
            why = QStringLiteral("no job of this installation is named %1").arg(c.name);
        } else if (it->second.stage == Stage::Active) {
            if (it->second.liveDeployments.contains(c.deploymentId))
                continue;
            why = QStringLiteral("job %1 is active on another deployment").arg(jobId);
        } else if (isTerminal(it->second.stage)) {
            why = QStringLiteral("job %1 is %2").arg(jobId).arg(stageName(it->second.stage));
        } else {
            continue; // in progress: its own steps keep or cancel it
        }
        if (listedAt - c.createdMs < m_graceMs)
            continue; // young: a create whose reply is still on its way
        ReconcileFinding f { c.deploymentId, c.contractId, it == jobs.end() ? 0 : jobId, why, false,
            QString() };
        if (!dryRun) {
            const QString key = StageRunner::actionKey(
                installation, f.jobId, QStringLiteral("reconcile-cancel"), int(c.contractId));
            auto cancelled = deployer.cancelBlocking(c.deploymentId, key.toUtf8());
            f.cancelled = cancelled.ok();
            if (!cancelled.ok())
                f.error = cancelled.error().message;
        }
        report.orphans.append(f);
    }
    for (const auto &[id, ref] : jobs) {
        if (ref.stage != Stage::Active)
            continue;
        ++report.activeJobs;
        if (!ref.latest.isEmpty() && !listedIds.contains(ref.latest))
            report.missing.append(id);
    }
    if (dryRun)
        return report;

    // Events and the stored report, in one transaction.
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const qint64 now = m_clock.nowMs();
    const QString actor = QStringLiteral("reconciler");
    for (const ReconcileFinding &f : std::as_const(report.orphans)) {
        const QString text = (f.cancelled ? QStringLiteral("orphan cancelled: ")
                                          : QStringLiteral("orphan NOT cancelled (%1): ").arg(f.error))
            + oneLine(f);
        if (f.jobId) {
            if (auto e = JobQueue::addEventIn(
                    tx.db(), f.jobId, now, jobs[f.jobId].stage, 0, QStringLiteral("reconcile"), text, actor);
                !e.ok())
                return e.error();
        } else if (auto e = exec(tx.db(),
                       QStringLiteral(
                           "INSERT INTO events(job_id, at, stage, attempt, kind, message, actor, role) "
                           "VALUES (NULL, ?, 'cancelled', 0, 'reconcile', ?, ?, ?)"),
                       { now, text, actor, access::rolesNameOf(tx.db()) });
                   !e.ok()) {
            return e.error();
        }
        if (f.cancelled && f.jobId) {
            auto row = exec(tx.db(),
                QStringLiteral("UPDATE job_deployments SET state = ?, ended_at = ?, message = ? "
                               "WHERE deployment_id = ? AND state IN ('requested', 'init', 'ok')"),
                { deploystate::Cancelled, now, QStringLiteral("cancelled by the reconciler: ") + f.why,
                    f.deploymentId });
            if (!row.ok())
                return row.error();
        }
    }
    for (qint64 id : std::as_const(report.missing)) {
        // Flagged once: a job already flagged is not flagged again every pass.
        auto seen = exec(tx.db(),
            QStringLiteral("SELECT 1 FROM events WHERE job_id = ? AND kind = 'contract_missing'"), { id });
        if (!seen.ok())
            return seen.error();
        if (seen.value().next())
            continue;
        if (auto e
            = JobQueue::addEventIn(tx.db(), id, now, Stage::Active, 0, QStringLiteral("contract_missing"),
                QStringLiteral("the job is active but its contract is gone from the grid; an operator "
                               "should look (stop it, refund, or retry)"),
                actor);
            !e.ok())
            return e.error();
    }
    const QString json = QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact));
    if (auto q = exec(tx.db(),
            QStringLiteral("INSERT INTO app_state(key, value) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
            { QString::fromLatin1(kLastReportKey), json });
        !q.ok())
        return q.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return report;
}

} // namespace griddeck
