// deploying (node selection, contract), waiting_ready (polling), verifying (health) and the
// move to active.
#include "pipeline/StageRunner.h"

#include "grid/NodeSelector.h"
#include "grid/TcpProbe.h"
#include "pipeline/Outbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>

namespace griddeck {

namespace {

constexpr quint64 kGiB = 1073741824ull;
constexpr int kPageSize = 50;
constexpr int kMaxPages = 20;

DeploymentType deploymentTypeOf(ServiceType type)
{
    switch (type) {
    case ServiceType::VM:
        return DeploymentType::Vm;
    case ServiceType::Container:
        return DeploymentType::Container;
    case ServiceType::KubernetesCluster:
        return DeploymentType::Kubernetes;
    case ServiceType::Storage:
        return DeploymentType::Storage;
    case ServiceType::Application:
        return DeploymentType::App;
    }
    return DeploymentType::Vm;
}

int memberCount(const ServiceSpec &spec)
{
    if (const auto *k = spec.as<KubernetesService>())
        return int(k->nodeCount);
    return 1;
}

QString scoreJson(const NodeSelection &selection)
{
    QJsonArray chosen;
    for (const CandidateScore &c : selection.chosenScores)
        chosen.append(QJsonObject { { QStringLiteral("node_id"), c.nodeId },
            { QStringLiteral("score"), c.score }, { QStringLiteral("headroom_bp"), c.headroomBp },
            { QStringLiteral("reliability_bp"), c.reliabilityBp },
            { QStringLiteral("country_bonus"), c.countryBonus },
            { QStringLiteral("spread_penalty"), c.spreadPenalty } });
    return QString::fromUtf8(
        QJsonDocument(QJsonObject { { QStringLiteral("chosen"), chosen },
                          { QStringLiteral("candidates"), int(selection.candidateCount) },
                          { QStringLiteral("eligible"), int(selection.eligibleCount) } })
            .toJson(QJsonDocument::Compact));
}

// "node 4211 reported: not enough storage" out of "POST http://…: HTTP 422: node 4211 reported: …".
QString serverWords(const QString &message)
{
    static const QLatin1String marker(": HTTP 4");
    const qsizetype at = message.indexOf(marker);
    if (at < 0)
        return message;
    const qsizetype sentence = message.indexOf(QLatin1String(": "), at + marker.size());
    return sentence < 0 ? message : message.mid(sentence + 2);
}

QString nodeWords(const DeploymentRow &row)
{
    QString text = row.nodeIds.size() > 1 ? QStringLiteral("nodes %1").arg(pipelinestore::nodeIdsText(row.nodeIds))
                                          : QStringLiteral("node %1").arg(row.nodeId);
    if (!row.country.isEmpty())
        text += QStringLiteral(" (%1, farm %2)").arg(row.country).arg(row.farmId.value_or(0));
    return text;
}

} // namespace

Task<Result<StageRunner::Placement>> StageRunner::chooseNodes(const Step &s, const QList<DeploymentRow> &rows)
{
    const ServiceSpec &spec = s.job.spec;
    ResourceRequest request;
    request.cru = quint64(spec.cpuCores);
    request.mruBytes = quint64(spec.memoryGb) * kGiB;
    request.sruBytes = quint64(spec.storageGb) * kGiB;
    request.publicIpv4 = spec.networkConfig.publicIpv4;
    request.nodeCount = memberCount(spec);

    SelectionSettings settings;
    settings.minUptime = m_settings.minUptime;
    settings.preferredCountries = m_settings.preferredCountries;
    SelectionContext context;
    for (const DeploymentRow &row : rows)
        if (row.state == deploystate::Error || row.state == deploystate::Cancelled)
            for (qint64 id : row.nodeIds)
                context.excludedNodes.insert(id);
    const qint64 countsReadAt = m_placements.nowMs();
    if (auto counts = pipelinestore::liveCounts(m_store->db(), &context.liveOnNode, &context.liveOnFarm); !counts.ok())
        co_return counts.error();

    settings.twinId = m_settings.twinId;
    // Only keys the real proxy knows (docs/grid-gateway-api.md); CPU on total_cru (ZOS shares
    // CPU), public IPv4 from the farm's pool, nodes the chain lets our twin use. Sorted locally
    // by the selector, so the proxy's default order (node id) is enough.
    NodeQuery query;
    query.status = NodeStatus::Up;
    query.healthy = true;
    query.totalCru = request.cru;
    query.freeMru = request.mruBytes;
    query.freeSru = request.sruBytes;
    if (request.publicIpv4)
        query.freeIps = 1;
    query.availableFor = m_settings.twinId;
    query.size = kPageSize;
    QList<GridNode> candidates;
    std::optional<qint64> pages;
    Error lastRefusal = Error::refused(QStringLiteral("the grid proxy lists no node with %1").arg(request.describe()));
    bool freshOnly = false; // a reused page yielded no node: ask the proxy from then on
    QList<qint64> pagesAskedAt; // when each page in `candidates` was asked (NodeListCache::steadyMs)
    // Page by page until the selector finds room: usually the first page does.
    for (int page = 1; page <= kMaxPages; ++page) {
        query.page = page;
        query.retCount = page == 1;
        const std::optional<NodeListCache::Listing> reused = freshOnly ? std::nullopt : m_nodeLists.find(query);
        Result<NodePage> fetched = reused ? Result<NodePage>(reused->page) : Result<NodePage>(NodePage());
        const qint64 askingAt = reused ? reused->askedAtMs : NodeListCache::steadyMs();
        if (!reused) {
            const GridProxyClient &proxy = m_proxy;
            auto fetchedCall = m_network->call<Result<NodePage>>(
                [&proxy, query](auto done) { proxy.fetchNodes(query, done); });
            auto answer = co_await fetchedCall;
            if (!answer.ok()) {
                m_reporter->gridReached(false, answer.error().message);
                co_return answer.error();
            }
            m_nodeLists.store(query, answer.value(), askingAt);
            if (page == 1)
                m_reporter->gridReached(true, QStringLiteral("grid proxy answered: %1 nodes with %2")
                                                  .arg(answer->count.value_or(answer->nodes.size()))
                                                  .arg(request.describe()));
            fetched = std::move(answer);
        }
        if (page == 1)
            pages = fetched->pages;
        const qsizetype known = candidates.size();
        candidates += fetched->nodes;
        pagesAskedAt.append(askingAt);
        // Uptime shares from the TFChain indexer when configured; without an answer the
        // selector falls back to the proxy-only substitute (docs/node-selection.md §3).
        if (m_uptime.enabled()) {
            QList<qint64> ids;
            for (const GridNode &n : fetched->nodes)
                ids.append(n.nodeId);
            const UptimeClient &uptime = m_uptime;
            const qint64 now = m_clock.nowMs() / 1000;
            auto sharesCall = m_network->call<Result<QHash<qint64, UptimeShare>>>(
                [&uptime, ids, now](auto done) { uptime.shares(ids, now, done); });
            auto shares = co_await sharesCall;
            if (shares.ok())
                context.uptimeShares.insert(shares.value());
        }
        // Chosen and held in one go: the next step's choice sees this one (PlacementTally).
        quint64 hold = 0;
        const qint64 askedAt = *std::min_element(pagesAskedAt.cbegin(), pagesAskedAt.cend());
        auto selection
            = m_placements.selectAndHold(candidates, askedAt, request, settings, context, countsReadAt, &hold);
        if (selection.ok()) {
            const NodeSelection &chosen = selection.value();
            Placement placed;
            placed.hold = hold;
            DeploymentRow &row = placed.row;
            row.jobId = s.job.id;
            row.attempt = rows.isEmpty() ? 1 : rows.last().attempt + 1;
            row.idempotencyKey = deployKey(s.job.id, row.attempt);
            for (const GridNode &n : chosen.chosen)
                row.nodeIds.append(n.nodeId);
            row.nodeId = row.nodeIds.first();
            row.farmId = chosen.chosen.first().farmId;
            row.country = chosen.chosen.first().country;
            row.scoreJson = scoreJson(chosen);
            row.createdAt = m_clock.nowMs();
            co_return placed;
        }
        if (selection.error().kind != ErrorKind::Refused)
            co_return Error{ErrorKind::Permanent, selection.error().message};
        if (reused) {
            // Perhaps the page moved on since it was fetched: this page again, from the proxy.
            m_nodeLists.drop(query);
            candidates.resize(known);
            pagesAskedAt.removeLast();
            freshOnly = true;
            --page;
            continue;
        }
        lastRefusal = selection.error();
        const bool lastPage = pages ? page >= *pages : fetched->nodes.size() < kPageSize;
        if (lastPage)
            break;
    }
    // No node fits right now: worth retrying (capacity frees up), rolled back after the retries.
    co_return Error{ErrorKind::Transient, QStringLiteral("no suitable node: %1").arg(lastRefusal.message)};
}

Task<Result<DeploymentInfo>> StageRunner::createFor(const Job &job, const DeploymentRow &row)
{
    auto conversion = pipelinestore::conversion(m_store->db(), job.id);
    if (!conversion.ok())
        co_return conversion.error();
    if (!conversion.value())
        co_return Error{ErrorKind::Permanent, QStringLiteral("job %1 has no TFT conversion to pay the grid with").arg(job.id)};
    const ServiceSpec &spec = job.spec;
    DeploymentRequest request;
    request.type = deploymentTypeOf(spec.type());
    request.name = deploymentName(m_installation, job.id);
    request.jobId = job.id;
    request.twinId = m_settings.twinId;
    request.nodeIds = row.nodeIds;
    request.cpu = int(spec.cpuCores);
    request.memoryGb = int(spec.memoryGb);
    request.storageGb = int(spec.storageGb);
    if (const auto *vm = spec.as<VmService>()) {
        request.os = vm->os;
        request.version = vm->version;
    } else if (const auto *c = spec.as<ContainerService>()) {
        // The grid boots the flist; the Docker image it came from goes along for the record.
        request.image = c->bootFlist();
        request.dockerImage
            = isValidImageReference(c->image) ? c->image : spec.dockerImage.value_or(QString());
        request.ports = c->ports;
    } else if (const auto *k = spec.as<KubernetesService>()) {
        request.nodeCount = int(k->nodeCount);
        request.kubernetesManifest = spec.kubernetesManifest.value_or(QString());
    } else if (const auto *st = spec.as<StorageService>()) {
        request.storageType = st->storageType;
    } else if (const auto *app = spec.as<ApplicationService>()) {
        request.appId = app->appId;
    }
    request.network.publicIpv4 = spec.networkConfig.publicIpv4;
    request.network.publicIpv6 = spec.networkConfig.publicIpv6;
    request.network.mycelium = spec.networkConfig.mycelium;
    request.network.planetary = spec.networkConfig.planetary;
    request.environment = spec.environment;
    request.payment = conversion.value()->result.tftReceived;
    const DeployerClient &deployer = m_deployer;
    const QByteArray key = row.idempotencyKey.toUtf8();
    auto createdCall = m_network->call<Result<DeploymentInfo>>(
        [&deployer, request, key](auto done) { deployer.create(request, key, done); });
    auto created = co_await createdCall;
    co_return created;
}

Task<Result<Stage>> StageRunner::stepDeploying(const Step &s)
{
    auto rows = pipelinestore::deployments(m_store->db(), s.job.id);
    if (!rows.ok())
        co_return failStep(s, rows.error(), QStringLiteral("reading the deployment attempts"));
    DeploymentRow row;
    std::optional<PlacementTally::Guard> held; // this step's new choice, until the grid answers
    if (!rows->isEmpty() && rows->last().state == deploystate::Requested) {
        row = rows->last(); // sent before (crash, timeout): the same key and body again
        if (auto c = m_queue.confirm(s.job.id, s.owner, s.job.stage); !c.ok())
            co_return c.error();
    } else {
        if (!rows->isEmpty() && rows->last().attempt >= maxNodeAttempts(s.job))
            co_return rollBack(s, QStringLiteral("no node could take the deployment after %1 attempts; the last: %2")
                                   .arg(rows->last().attempt)
                                   .arg(rows->last().message));
        const QList<DeploymentRow> earlier = rows.value();
        auto chosen = co_await chooseNodes(s, earlier);
        if (!chosen.ok())
            co_return failStep(s, chosen.error(), QStringLiteral("node selection"));
        row = chosen->row;
        held.emplace(m_placements, chosen->hold);
        // Written BEFORE the POST: a crash after it re-sends the same key, never a second contract.
        WriteTransaction tx(*m_store);
        if (!tx.begun())
            co_return failStep(s, Error::storage(tx.error()), QString());
        // Only while this claim still holds the job: a stale step creates nothing.
        if (auto c = JobQueue::confirmIn(
                tx.db(), s.job.id, s.owner, s.job.stage, m_clock.nowMs(), m_settings.leaseSeconds);
            !c.ok())
            co_return c.error();
        auto id = pipelinestore::insertRequested(tx.db(), row);
        if (!id.ok())
            co_return failStep(s, id.error(), QString());
        row.id = id.value();
        const QString note = QStringLiteral("deploying on %1, attempt %2 of %3 (key %4)")
                                 .arg(nodeWords(row))
                                 .arg(row.attempt)
                                 .arg(maxNodeAttempts(s.job))
                                 .arg(row.idempotencyKey);
        if (auto e = JobQueue::addEventIn(tx.db(), s.job.id, row.createdAt, Stage::Deploying, s.job.attempt,
                QStringLiteral("note"), note, s.actor);
            !e.ok())
            co_return failStep(s, e.error(), QString());
        if (auto c = tx.commit(); !c.ok())
            co_return failStep(s, c.error(), QString());
    }

    if (held)
        held->sent();
    auto created = co_await createFor(s.job, row);
    if (!created.ok()) {
        const Error &e = created.error();
        if (e.kind == ErrorKind::Transient)
            co_return failStep(s, e, QStringLiteral("creating the deployment on %1").arg(nodeWords(row)));
        if (e.message.contains(QLatin1String("HTTP 422"))) {
            // The node refused the contract (nothing was created): exclude it, try another,
            // from a fresh listing (the reused one may be what sent us to a full node).
            m_nodeLists.clear();
            if (held)
                held->release();
            const qint64 now = m_clock.nowMs();
            const QString words = serverWords(e.message);
            if (auto r = pipelinestore::markEnded(m_store->db(), row.id, deploystate::Error, words, now); !r.ok())
                co_return failStep(s, r.error(), QString());
            if (row.attempt >= maxNodeAttempts(s.job))
                co_return rollBack(s, QStringLiteral("%1 (%2 of %2 node attempts used)").arg(words).arg(maxNodeAttempts(s.job)));
            co_return reschedule(s, 0, QStringLiteral("%1; trying another node").arg(words));
        }
        co_return failStep(s, e, QStringLiteral("creating the deployment on %1").arg(nodeWords(row)));
    }
    const DeploymentInfo info = created.value();
    const qint64 rowId = row.id;
    // The first poll when deployments have been taking to be ready (never later than the
    // longest single readiness wait), not at once.
    const qint64 expected
        = std::min<qint64>(m_readiness.expectedMs(), m_settings.readinessPollMaxMs);
    m_readiness.created(info.id, expected);
    co_return advance(s, Stage::WaitingReady,
                   QStringLiteral("contract %1 (deployment %2) created on %3; waiting for it to be ready")
                       .arg(info.contractId)
                       .arg(info.id, nodeWords(row)),
                   [&](QSqlDatabase db) -> Result<void> {
                       if (auto r = pipelinestore::markCreated(db, rowId, info.id, info.contractId); !r.ok())
                           return r;
                       if (expected <= 0)
                           return {};
                       auto q = exec(db, QStringLiteral("UPDATE jobs SET run_at = ? WHERE id = ?"),
                                     {row.createdAt + expected, s.job.id});
                       if (!q.ok())
                           return q.error();
                       return {};
                   });
}

Task<Result<Stage>> StageRunner::stepWaitingReady(const Step &s)
{
    auto latest = pipelinestore::latestDeployment(m_store->db(), s.job.id);
    if (!latest.ok())
        co_return failStep(s, latest.error(), QStringLiteral("reading the deployment"));
    if (!latest.value() || latest.value()->deploymentId.isEmpty()) {
        if (s.restart)
            co_return restartFailed(s, QStringLiteral("the job has no deployment on the grid to check"));
        co_return advance(s, Stage::Deploying, QStringLiteral("no created deployment to wait for; deploying again"));
    }
    const DeploymentRow row = *latest.value();
    const qint64 now = m_clock.nowMs();
    // A restart check times readiness from the restart, not from the contract's creation.
    const qint64 waited = now - (s.restart ? s.restart->requestedAt : row.createdAt);
    const qint64 timeoutMs = qint64(m_settings.readinessTimeoutSeconds) * 1000;

    const DeployerClient &deployer = m_deployer;
    const QString deploymentId = row.deploymentId;
    auto infoCall = m_network->call<Result<DeploymentInfo>>(
        [&deployer, deploymentId](auto done) { deployer.fetch(deploymentId, done); });
    auto info = co_await infoCall;
    // What this poll saw teaches the readiness estimate (not a restart: that times from the restart).
    const bool learn = !s.restart;
    bool firstPollMissed = false; // the poll set at the expected time found it initialising
    if (!info.ok()) {
        if (learn)
            m_readiness.sawNoAnswer(deploymentId);
        if (info.error().kind == ErrorKind::Transient && waited < timeoutMs)
            co_return failStep(s, info.error(), QStringLiteral("polling deployment %1").arg(row.deploymentId));
        if (info.error().kind != ErrorKind::Transient)
            {
                const QString why = QStringLiteral("deployment %1 on %2: %3").arg(row.deploymentId, nodeWords(row), info.error().message);
                auto failed = co_await nodeFailed(s, row, why);
                co_return failed;
            }
    } else {
        if (learn && info->state != DeploymentState::Ok && info->state != DeploymentState::Init)
            m_readiness.forget(deploymentId); // this deployment failed: nothing to learn
        switch (info->state) {
        case DeploymentState::Ok: {
            if (learn)
                m_readiness.sawReady(deploymentId, now, waited, m_settings.readinessPollMinMs);
            const qint64 rowId = row.id;
            const DeploymentInfo d = info.value();
            const QString text = s.restart
                ? QStringLiteral("deployment %1 is ready again %2 s after restart %3; checking its health")
                      .arg(d.id)
                      .arg(waited / 1000)
                      .arg(s.restart->n)
                : QStringLiteral("deployment %1 is ready after %2 s; checking its health")
                      .arg(d.id)
                      .arg(waited / 1000);
            co_return advance(s, Stage::Verifying, text, [&](QSqlDatabase db) -> Result<void> {
                if (auto a = pipelinestore::setActions(db, rowId, d.actions); !a.ok())
                    return a.error();
                return pipelinestore::markReady(db, rowId, d.ip, d.ipv6, d.myceliumIp, d.webUrl, now);
            });
        }
        case DeploymentState::Error:
            {
                const QString why = info->message.isEmpty() ? QStringLiteral("%1 reported an error").arg(nodeWords(row)) : info->message;
                auto failed = co_await nodeFailed(s, row, why);
                co_return failed;
            }
        case DeploymentState::Deleted:
            {
                const QString why = QStringLiteral("deployment %1 on %2 was deleted before it became ready").arg(row.deploymentId, nodeWords(row));
                auto failed = co_await nodeFailed(s, row, why);
                co_return failed;
            }
        case DeploymentState::Paused:
        case DeploymentState::Unchanged:
            // As grid_client's deployer: either state while waiting for ok is a failure.
            {
                const QString why = QStringLiteral("deployment %1 on %2 is %3: %4")
                                          .arg(row.deploymentId, nodeWords(row), deploymentStateName(info->state),
                                               info->message.isEmpty() ? QStringLiteral("no reason given") : info->message);
                auto failed = co_await nodeFailed(s, row, why);
                co_return failed;
            }
        case DeploymentState::Init:
            firstPollMissed = learn && m_readiness.sawInitialising(deploymentId, now);
            break;
        }
    }
    if (waited >= timeoutMs && s.restart)
        co_return restartFailed(s,
            QStringLiteral(
                "deployment %1 on %2 was not ready %3 s after the restart (readiness_timeout_seconds)")
                .arg(row.deploymentId, nodeWords(row))
                .arg(m_settings.readinessTimeoutSeconds));
    if (waited >= timeoutMs) {
        m_readiness.forget(deploymentId);
        auto c = co_await cancelContract(s, row);
        if (!c.ok())
            co_return failStep(s, c.error(), QString());
        const qint64 rowId = row.id;
        const QString why = QStringLiteral("deployment %1 on %2 was not ready after %3 s (readiness_timeout_seconds)")
                                .arg(row.deploymentId, nodeWords(row))
                                .arg(m_settings.readinessTimeoutSeconds);
        co_return advance(s, Stage::RollingBack, why,
                       [&](QSqlDatabase db) { return pipelinestore::markEnded(db, rowId, deploystate::Error, why, now); });
    }
    // Still initialising: come back later; this worker is free for other jobs meanwhile.
    // Just past a first poll that came a little early, a probe step; else when expected or an
    // interval (±20 %).
    const qint64 next = firstPollMissed
        ? ReadinessEstimate::probeStepMs(m_settings.readinessPollMinMs)
        : retry::readinessPollMs(
            waited, m_readiness.expectedMs(), m_settings.readinessPollMinMs, m_settings.readinessPollMaxMs);
    const qint64 delay = std::min(next, std::max<qint64>(0, timeoutMs - waited));
    co_return reschedule(s, delay, QString());
}

Task<Result<Stage>> StageRunner::stepVerifying(const Step &s)
{
    auto latest = pipelinestore::latestDeployment(m_store->db(), s.job.id);
    if (!latest.ok())
        co_return failStep(s, latest.error(), QStringLiteral("reading the deployment"));
    if (!latest.value() || latest.value()->deploymentId.isEmpty()) {
        if (s.restart)
            co_return restartFailed(s, QStringLiteral("the job has no deployment on the grid to check"));
        co_return advance(s, Stage::Deploying, QStringLiteral("no deployment to verify; deploying again"));
    }
    const DeploymentRow row = *latest.value();

    const DeployerClient &deployer = m_deployer;
    const QString deploymentId = row.deploymentId;
    auto healthCall = m_network->call<Result<HealthReport>>(
        [&deployer, deploymentId](auto done) { deployer.health(deploymentId, done); });
    auto health = co_await healthCall;
    if (!health.ok()) {
        if (health.error().kind == ErrorKind::Transient)
            co_return failStep(s, health.error(), QStringLiteral("health check of deployment %1").arg(row.deploymentId));
        {
            const QString why = QStringLiteral("health check of deployment %1 on %2 failed: %3")
                                      .arg(row.deploymentId, nodeWords(row), health.error().message);
            auto failed = co_await nodeFailed(s, row, why);
            co_return failed;
        }
    }
    if (!health->healthy)
        {
            const QString why = QStringLiteral("deployment %1 on %2 is unhealthy: %3")
                                      .arg(row.deploymentId, nodeWords(row), health->failureSummary());
            auto failed = co_await nodeFailed(s, row, why);
            co_return failed;
        }
    if (!health->sshHost.isEmpty()) {
        const QString host = health->sshHost;
        const quint16 port = health->sshPort;
        const int timeoutMs = m_settings.tcpProbeTimeoutMs;
        auto probeCall = m_network->call<Result<void>>(
            [host, port, timeoutMs](auto done) { TcpProbe::probe(host, port, timeoutMs, done); });
        auto probe = co_await probeCall;
        if (!probe.ok())
            co_return failStep(s, probe.error(), QStringLiteral("SSH port check of deployment %1").arg(row.deploymentId));
    }

    if (s.restart)
        co_return restartPassed(s, row);

    // One paid contract per job: every other attempt that may still hold one ends first.
    auto all = pipelinestore::deployments(m_store->db(), s.job.id);
    if (!all.ok())
        co_return failStep(s, all.error(), QStringLiteral("reading the deployment attempts"));
    const QList<DeploymentRow> attempts = all.value();
    for (const DeploymentRow &other : attempts) {
        if (other.id == row.id || !other.mayBeLive())
            continue;
        const QString ending = QStringLiteral("cancelled: attempt %1 became the job's deployment").arg(row.attempt);
        const QString cancelledState = deploystate::Cancelled;
        auto ended = co_await endAttempt(s, other, cancelledState, ending);
        if (!ended.ok())
            co_return failStep(
                s, ended.error(), QStringLiteral("ending deployment attempt %1").arg(other.attempt));
        if (!ended->isEmpty())
            (void)m_queue.addEvent(s.job.id, QStringLiteral("note"),
                QStringLiteral("%1 cancelled: attempt %2 is the job's deployment")
                    .arg(ended.value())
                    .arg(row.attempt),
                s.actor);
    }

    const QString ssh = sshCommand(row.ip, row.ipv6, row.myceliumIp);
    const qint64 now = m_clock.nowMs();
    const qint64 jobId = s.job.id;
    const Job &job = s.job;
    const QString owner = s.actor;
    const NotifySettings notify = m_settings.notify;
    auto moved = advance(s, Stage::Active,
                         QStringLiteral("active on %1%2; charged %3 TFC (commission %4, grid %5)")
                             .arg(nodeWords(row), ssh.isEmpty() ? QString() : QStringLiteral(": ") + ssh,
                                  job.tfcAmount.toDisplayString(2), job.commissionAmount.toDisplayString(2),
                                  job.gridPaymentAmount.toDisplayString(2)),
                         [&](QSqlDatabase db) -> Result<void> {
                             if (auto r = pipelinestore::setSshCommand(db, row.id, ssh); !r.ok())
                                 return r.error();
                             if (auto r = m_ledger.captureIn(db, jobId, job.commissionAmount, job.gridPaymentAmount, owner); !r.ok())
                                 return r.error();
                             auto n = Outbox::activeNotificationIn(db, jobId, now);
                             if (!n.ok())
                                 return n.error();
                             return Outbox::addIn(db, n.value(), notify, now);
                         });
    if (!moved.ok())
        co_return failStep(s, moved.error(), QStringLiteral("activating"));
    m_reporter->outboxWritten();
    m_reporter->becameActive(jobId);
    co_return moved;
}

} // namespace griddeck

namespace griddeck {

Result<Stage> StageRunner::restartPassed(const Step &s, const DeploymentRow &row)
{
    const RestartCheck check = *s.restart;
    const QString ssh = sshCommand(row.ip, row.ipv6, row.myceliumIp);
    const qint64 now = m_clock.nowMs();
    const QString message
        = QStringLiteral("restart %1 checked: ready and healthy again on %2%3 (%4 s after the "
                         "restart); nothing charged again")
              .arg(check.n)
              .arg(nodeWords(row), ssh.isEmpty() ? QString() : QStringLiteral(": ") + ssh)
              .arg((now - check.requestedAt) / 1000);
    // The IP may have changed with the restart: the SSH command follows it. No capture (the
    // hold was captured when the job first went active) and no second "active" notification.
    auto moved = advance(s, Stage::Active, message, [&](QSqlDatabase db) -> Result<void> {
        if (auto r = pipelinestore::setSshCommand(db, row.id, ssh); !r.ok())
            return r;
        // A transient error met during the check is no flag once it passed.
        if (auto q = exec(db, QStringLiteral("UPDATE jobs SET last_error = NULL WHERE id = ?"), { s.job.id });
            !q.ok())
            return q.error();
        return restarts::finish(db, check.id, restartstate::Ok, QString(), now);
    });
    if (!moved.ok())
        return failStep(s, moved.error(), QStringLiteral("ending the restart check"));
    m_reporter->restartChecked(s.job.id, true, message);
    return moved;
}

} // namespace griddeck
