// The step dispatcher, the error classification, rollback and the moves every stage shares.
#include "pipeline/StageRunner.h"

#include "pipeline/Outbox.h"

#include <QEventLoop>
#include <QSqlQuery>

namespace griddeck {

namespace {

QueueSettings queueSettingsFor(const PipelineSettings &settings)
{
    QueueSettings q = settings.queue;
    q.leaseSeconds = settings.leaseSeconds;
    return q;
}

// The status in "POST http://…: HTTP 409: …", or 0.
int httpStatusIn(const QString &message)
{
    static const QLatin1String marker(": HTTP ");
    const qsizetype at = message.indexOf(marker);
    if (at < 0)
        return 0;
    return message.mid(at + marker.size(), 3).toInt();
}

QString tfcText(Tfc amount)
{
    return amount.toDisplayString(2) + QStringLiteral(" TFC");
}

} // namespace

StageRunner::StageRunner(std::shared_ptr<Store> store, PipelineSettings settings, Endpoints endpoints, const Clock &clock,
                         StepReporter *reporter)
    : m_store(std::move(store))
    , m_installation(m_store->installationId())
    , m_settings(std::move(settings))
    , m_endpoints(std::move(endpoints))
    , m_clock(clock)
    , m_reporter(reporter ? reporter : &m_silent)
    , m_ledger(m_store, clock)
    , m_queue(m_store, m_ledger, queueSettingsFor(m_settings), clock)
    , m_http(m_settings.requestTimeoutMs)
    , m_proxy(m_endpoints.gridProxy, m_http)
    , m_deployer(m_endpoints.deployer, m_http)
    , m_uptime(m_endpoints.graphql, m_http)
    , m_nodeLists(m_settings.nodeListReuseMs)
    // A create unanswered for two timeouts (a hedged one may take that long) was answered or
    // lost. A listing is used some request timeouts after it was asked at most (its own fetch,
    // the next pages', the uptime shares'), plus nodeListReuseMs for a reused one.
    , m_placements(2 * qint64(m_settings.requestTimeoutMs),
                   3 * qint64(m_settings.requestTimeoutMs) + m_settings.nodeListReuseMs)
    , m_network(std::make_unique<NetworkThread>(m_settings.maxRequestsPerHost))
{
}

QString StageRunner::actionKey(const QString &installation, qint64 jobId, const QString &action, int n)
{
    return QStringLiteral("gd-%1-job-%2-%3-%4").arg(installation).arg(jobId).arg(action).arg(n);
}

QString StageRunner::deployKey(const QString &installation, qint64 jobId, int attempt)
{
    return actionKey(installation, jobId, QStringLiteral("deploy"), attempt);
}

QString StageRunner::cancelKey(const QString &installation, qint64 jobId, int attempt)
{
    return actionKey(installation, jobId, QStringLiteral("cancel"), attempt);
}

QString StageRunner::convertKey(const QString &installation, qint64 jobId, int conversionAttempt)
{
    return actionKey(installation, jobId, QStringLiteral("convert"), std::max(1, conversionAttempt));
}

QString StageRunner::deploymentNamePrefix(const QString &installation)
{
    return QStringLiteral("gd%1j").arg(installation.left(6));
}

QString StageRunner::deploymentName(const QString &installation, qint64 jobId)
{
    return deploymentNamePrefix(installation) + QString::number(jobId, 36);
}

QString StageRunner::sshCommand(const QString &ip, const QString &ipv6, const QString &mycelium)
{
    const QString host = !ip.isEmpty() ? ip : (!ipv6.isEmpty() ? ipv6 : mycelium);
    return host.isEmpty() ? QString() : QStringLiteral("ssh root@") + host;
}

namespace {

// Resumes coroutines on the thread that runs the local event loop (StageRunner::runStep).
class LoopExecutor final : public Executor
{
public:
    void post(std::function<void()> work) override
    {
        QMetaObject::invokeMethod(&m_anchor, std::move(work), Qt::QueuedConnection);
    }

private:
    QObject m_anchor; // lives on the thread that created the executor
};

} // namespace

Result<Stage> StageRunner::runStep(const Job &job, const QString &owner)
{
    if (HttpClient::onMainThread())
        return Error{ErrorKind::Internal, HttpClient::mainThreadRefusal("StageRunner::runStep")};
    LoopExecutor executor;
    QEventLoop loop;
    std::optional<Result<Stage>> out;
    startTask<Result<Stage>>(
        &executor, step(job, owner),
        [&](Result<Stage> r) {
            out.emplace(std::move(r));
            loop.quit();
        },
        [&](std::string why) {
            out.emplace(Error{ErrorKind::Internal, QStringLiteral("step failed: %1").arg(QString::fromStdString(why))});
            loop.quit();
        });
    if (!out)
        loop.exec();
    return std::move(*out);
}

Task<Result<Stage>> StageRunner::step(Job job, QString owner)
{
    // A bare owner that claimed this row stands for this very claim: fence it by its token.
    const QString lease = !owner.contains(u'#') && owner == job.leaseOwner ? job.leaseHandle() : owner;
    Step s { job, lease, LeaseRef::parse(lease).owner, std::nullopt };
    if (job.stage == Stage::WaitingReady || job.stage == Stage::Verifying) {
        auto open = restarts::open(m_store->db(), job.id);
        if (!open.ok())
            co_return failStep(s, open.error(), QStringLiteral("reading the restart check"));
        s.restart = open.value();
    }
    if (!job.specError.isEmpty() && job.stage != Stage::RollingBack)
        co_return rollBack(s, QStringLiteral("the job's service spec cannot be read: %1").arg(job.specError));
    std::optional<Task<Result<Stage>>> work;
    switch (job.stage) {
    case Stage::Queued:
        work.emplace(stepQueued(s));
        break;
    case Stage::Converting:
        work.emplace(stepConverting(s));
        break;
    case Stage::Deploying:
        work.emplace(stepDeploying(s));
        break;
    case Stage::WaitingReady:
        work.emplace(stepWaitingReady(s));
        break;
    case Stage::Verifying:
        work.emplace(stepVerifying(s));
        break;
    case Stage::RollingBack:
        work.emplace(stepRollingBack(s));
        break;
    case Stage::Active:
    case Stage::Failed:
    case Stage::Cancelled:
    case Stage::Stopped:
        break;
    }
    if (work) {
        auto r = co_await std::move(*work);
        co_return r;
    }
    // A terminal job is never claimed; if one is, just let it go.
    if (auto released = m_queue.releaseLease(job.id, lease); !released.ok())
        co_return released.error();
    co_return job.stage;
}

Result<Stage> StageRunner::advance(const Step &s, Stage to, const QString &message,
                                   const JobQueue::TransactionStep &inTransaction)
{
    auto moved = m_queue.advance(s.job.id, s.owner, s.job.stage, to, message, 0, inTransaction);
    if (!moved.ok())
        return moved.error();
    m_reporter->stageChanged(s.job.id, to);
    return to;
}

Result<Stage> StageRunner::reschedule(const Step &s, qint64 delayMs, const QString &message)
{
    // A routine readiness poll (no message) changes only run_at: lost to a power cut, the job
    // just polls a little earlier. It need not wait for the disk; everything else does.
    // (SQLite's group commit; PostgreSQL's durability is the server's.)
    std::optional<RelaxedDurability> relaxed;
    if (message.isEmpty())
        relaxed.emplace();
    auto r = m_queue.reschedule(s.job.id, s.owner, m_clock.nowMs() + delayMs, message);
    relaxed.reset();
    if (!r.ok())
        return r.error();
    return s.job.stage;
}

Result<Stage> StageRunner::rollBack(const Step &s, const QString &reason)
{
    if (s.restart)
        return restartFailed(s, reason);
    return advance(s, Stage::RollingBack, reason);
}

Result<Stage> StageRunner::restartFailed(const Step &s, const QString &reason)
{
    const RestartCheck check = *s.restart;
    const qint64 now = m_clock.nowMs();
    const qint64 jobId = s.job.id;
    const QString flag = QStringLiteral("restart %1 failed its check: %2").arg(check.n).arg(reason);
    auto moved = advance(s, Stage::Active,
        QStringLiteral(
            "%1. The service keeps its contract; nothing was charged or refunded: restart it again, "
            "stop it, or refund it")
            .arg(flag),
        [&](QSqlDatabase db) -> Result<void> {
            if (auto r = restarts::finish(db, check.id, restartstate::Failed, reason, now); !r.ok())
                return r;
            auto q = exec(db, QStringLiteral("UPDATE jobs SET last_error = ? WHERE id = ?"), { flag, jobId });
            if (!q.ok())
                return q.error();
            // The flag, as the reconciler's contract_missing: a kind the timeline can show.
            return JobQueue::addEventIn(
                db, jobId, now, Stage::Active, 0, QStringLiteral("restart_failed"), flag, s.actor);
        });
    if (!moved.ok())
        return moved.error();
    m_reporter->restartChecked(jobId, false, flag);
    return moved;
}

Result<Stage> StageRunner::failStep(const Step &s, const Error &error, const QString &what)
{
    const QString message = what.isEmpty() ? error.message : QStringLiteral("%1: %2").arg(what, error.message);
    if (error.kind == ErrorKind::Conflict)
        return error; // another worker or an operator moved the job: nothing more to do here
    const bool transient = error.kind == ErrorKind::Transient || error.kind == ErrorKind::Storage;
    if (s.job.stage == Stage::RollingBack) {
        // A rollback never gives up: giving up would leave a contract running. It backs off.
        const qint64 delay = retry::delayMs(std::min(s.job.attempt, 10), std::max(1, m_settings.retryDelaySeconds),
                                            std::max(1, m_settings.retryMaxDelaySeconds));
        if (auto r = m_queue.retryLater(s.job.id, s.owner, m_clock.nowMs() + delay, s.job.attempt + 1, message); !r.ok())
            return r.error();
        return s.job.stage;
    }
    if (transient && s.job.attempt < s.job.maxRetries) {
        const qint64 delay = retry::delayMs(s.job.attempt, m_settings.retryDelaySeconds, m_settings.retryMaxDelaySeconds);
        if (auto r = m_queue.retryLater(s.job.id, s.owner, m_clock.nowMs() + delay, s.job.attempt + 1, message); !r.ok())
            return r.error();
        return s.job.stage;
    }
    if (transient)
        return rollBack(s, QStringLiteral("%1 (gave up after %2 retries)").arg(message).arg(s.job.maxRetries));
    return rollBack(s, message);
}

Task<Result<void>> StageRunner::cancelContract(const Step &s, const DeploymentRow &row)
{
    if (row.deploymentId.isEmpty())
        co_return Result<void>();
    // A step whose lease was taken over cancels nothing: the new owner decides.
    if (auto c = m_queue.confirm(s.job.id, s.owner, s.job.stage); !c.ok())
        co_return c;
    const DeployerClient &deployer = m_deployer;
    const QString id = row.deploymentId;
    const QByteArray key = cancelKey(row.jobId, row.attempt).toUtf8();
    auto cancelledCall = m_network->call<Result<std::optional<DeploymentInfo>>>(
        [&deployer, id, key](auto done) { deployer.cancel(id, key, done); });
    auto cancelled = co_await cancelledCall;
    if (!cancelled.ok())
        co_return Error{cancelled.error().kind, QStringLiteral("cancelling deployment %1 (contract %2) failed: %3")
                                                    .arg(row.deploymentId)
                                                    .arg(row.contractId.value_or(0))
                                                    .arg(cancelled.error().message)};
    co_return Result<void>();
}

Task<Result<Stage>> StageRunner::nodeFailed(const Step &s, DeploymentRow row, QString message)
{
    if (s.restart)
        co_return restartFailed(s, message); // a paid service: its contract stays, no other node
    auto c = co_await cancelContract(s, row);
    if (!c.ok())
        co_return failStep(s, c.error(), QString());
    const qint64 now = m_clock.nowMs();
    const int attemptsLeft = maxNodeAttempts(s.job) - row.attempt;
    auto mark = [&](QSqlDatabase db) { return pipelinestore::markEnded(db, row.id, deploystate::Error, message, now); };
    if (attemptsLeft > 0)
        co_return advance(s, Stage::Deploying,
                       QStringLiteral("%1; contract %2 cancelled, trying another node (attempt %3 of %4)")
                           .arg(message)
                           .arg(row.contractId.value_or(0))
                           .arg(row.attempt + 1)
                           .arg(maxNodeAttempts(s.job)),
                       mark);
    co_return advance(s, Stage::RollingBack,
                      QStringLiteral("%1 (%2 of %2 node attempts used)").arg(message).arg(maxNodeAttempts(s.job)),
                      mark);
}

Task<Result<QString>> StageRunner::endAttempt(const Step &s, DeploymentRow row, QString state, QString message)
{
    if (row.deploymentId.isEmpty()) {
        // The POST may have created a contract whose reply was lost: the same key tells.
        if (auto c = m_queue.confirm(s.job.id, s.owner, s.job.stage); !c.ok())
            co_return c.error();
        auto created = co_await createFor(s.job, row);
        if (!created.ok()) {
            const int status = httpStatusIn(created.error().message);
            // Only an answer that says so means "nothing was created": not found for that
            // key, or the request refused by validation before any contract. A 409, a 5xx, a
            // timeout or our own storage error says nothing: ask again later.
            const bool nothingThere = status == 404 || status == 400 || status == 422;
            if (!nothingThere)
                co_return Error{created.error().kind == ErrorKind::Conflict ? ErrorKind::Transient
                                                                            : created.error().kind,
                                QStringLiteral("asking the grid about deployment attempt %1: %2")
                                    .arg(row.attempt)
                                    .arg(created.error().message)};
            if (auto r = pipelinestore::markEnded(
                    m_store->db(), row.id, deploystate::Error, created.error().message, m_clock.nowMs());
                !r.ok())
                co_return r.error();
            co_return QString();
        }
        row.deploymentId = created->id;
        row.contractId = created->contractId;
        if (auto r = pipelinestore::markCreated(m_store->db(), row.id, created->id, created->contractId); !r.ok())
            co_return r.error();
    }
    auto c = co_await cancelContract(s, row);
    if (!c.ok())
        co_return c.error();
    if (auto r = pipelinestore::markEnded(m_store->db(), row.id, state, message, m_clock.nowMs()); !r.ok())
        co_return r.error();
    co_return QStringLiteral("contract %1 on node %2").arg(row.contractId.value_or(0)).arg(row.nodeId);
}

Task<Result<Stage>> StageRunner::stepRollingBack(const Step &s)
{
    auto rows = pipelinestore::deployments(m_store->db(), s.job.id);
    if (!rows.ok())
        co_return failStep(s, rows.error(), QStringLiteral("reading the deployments to roll back"));
    QStringList cancelled;
    const QList<DeploymentRow> all = rows.value();
    for (const DeploymentRow &row : all) {
        if (!row.mayBeLive())
            continue;
        const QString cancelledState = deploystate::Cancelled;
        const QString ending = QStringLiteral("cancelled by the rollback");
        auto ended = co_await endAttempt(s, row, cancelledState, ending);
        if (!ended.ok()) {
            // Storage errors and unclear answers are retried: a rollback never gives up.
            Error e = ended.error();
            if (e.kind == ErrorKind::Permanent || e.kind == ErrorKind::InvalidInput
                || e.kind == ErrorKind::NotFound)
                e.kind = ErrorKind::Transient;
            co_return failStep(s, e, QStringLiteral("rollback"));
        }
        if (!ended->isEmpty())
            cancelled << ended.value();
    }

    const QString reason = s.job.lastError.isEmpty() ? QStringLiteral("the deployment failed") : s.job.lastError;
    const qint64 now = m_clock.nowMs();
    const NotifySettings notify = m_settings.notify;
    const QString owner = s.actor;
    const qint64 jobId = s.job.id;
    QString message = QStringLiteral("refunded %1: %2").arg(tfcText(s.job.tfcAmount), reason);
    if (!cancelled.isEmpty())
        message += QStringLiteral(" (cancelled %1)").arg(cancelled.join(QStringLiteral(", ")));
    auto moved = advance(s, Stage::Failed, message, [&](QSqlDatabase db) -> Result<void> {
        if (auto released = m_ledger.releaseIn(db, jobId, reason, owner); !released.ok())
            return released.error();
        auto n = Outbox::failedNotificationIn(db, jobId, reason, now);
        if (!n.ok())
            return n.error();
        return Outbox::addIn(db, n.value(), notify, now);
    });
    if (!moved.ok())
        co_return failStep(s, moved.error(), QStringLiteral("refunding"));
    m_reporter->outboxWritten();
    m_reporter->failed(jobId, reason);
    co_return moved;
}

} // namespace griddeck
