#include "queue/JobQueue.h"

#include "store/Access.h"
#include "store/Dialect.h"

#include <QJsonDocument>
#include <QVariant>
#include <algorithm>

namespace griddeck {

namespace {

QString tfcText(Tfc amount)
{
    return amount.toString() + QStringLiteral(" TFC");
}

Result<std::optional<Job>> loadJob(QSqlDatabase db, qint64 jobId)
{
    auto q = exec(db, QStringLiteral("SELECT %1 FROM jobs WHERE id = ?").arg(jobColumns()), {jobId});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<Job>();
    auto job = readJob(q.value());
    if (!job.ok())
        return job.error();
    return std::optional<Job>(job.value());
}

Result<Job> requireJob(QSqlDatabase db, qint64 jobId)
{
    auto loaded = loadJob(db, jobId);
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value())
        return Error::notFound(QStringLiteral("job %1 does not exist").arg(jobId));
    return *loaded.value();
}

Result<std::optional<qint64>> scalar(QSqlDatabase db, const QString &sql, const QVariantList &args = {})
{
    auto q = exec(db, sql, args);
    if (!q.ok())
        return q.error();
    if (!q.value().next() || q.value().value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value().value(0).toLongLong());
}

Result<qint64> countLive(QSqlDatabase db)
{
    auto count = scalar(db, QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage NOT IN (%1)").arg(terminalStagesSql()));
    if (!count.ok())
        return count.error();
    return count.value().value_or(0);
}

Result<bool> readPaused(QSqlDatabase db)
{
    auto q = exec(db, QStringLiteral("SELECT value FROM app_state WHERE key = ?"), {QString::fromLatin1(JobQueue::kPausedKey)});
    if (!q.ok())
        return q.error();
    return q.value().next() && q.value().value(0).toString() == QLatin1String("1");
}

std::optional<Error> ownerProblem(const QString &owner)
{
    if (owner.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("a lease owner (the worker's name) is required"));
    return std::nullopt;
}

std::optional<Error> actorProblem(const QString &actor, const QString &what)
{
    if (actor.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("%1 needs an actor (who did it); none was given").arg(what));
    return std::nullopt;
}

QVariant nullable(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

// "lease_owner = ? AND (? = '' OR lease_token = ?)": the claim a lease handle names.
const char *const kLeaseMatch = "lease_owner = ? AND (COALESCE(?, '') = '' OR lease_token = ?)";

QVariantList leaseArgs(const LeaseRef &lease)
{
    return { lease.owner, lease.token, lease.token };
}

bool leaseMatches(const Job &job, const LeaseRef &lease)
{
    return job.leaseOwner == lease.owner && (lease.token.isEmpty() || job.leaseToken == lease.token);
}

} // namespace

JobQueue::JobQueue(std::shared_ptr<Store> store, Ledger &ledger, QueueSettings settings, const Clock &clock)
    : m_store(std::move(store))
    , m_ledger(ledger)
    , m_settings(settings)
    , m_clock(clock)
{
}

Result<qint64> JobQueue::enqueue(const EnqueueRequest &request)
{
    if (auto allowed = access::require(*m_store, access::Action::Enqueue,
            request.retryOf ? QStringLiteral("retry job %1").arg(*request.retryOf)
                            : QStringLiteral("queue a new job"));
        !allowed.ok())
        return allowed.error();
    if (auto valid = request.spec.validate(); !valid.ok())
        return valid.error();
    if (request.spec.kubernetesManifest && !m_settings.gridNetwork.isEmpty()) {
        // griddeck-gridd makes the cluster through grid_client, which cannot run kubectl on it:
        // refused here, before anything is held, rather than failed and refunded later.
        return Error::invalid(QStringLiteral(
            "kubernetes_manifest: the grid gateway cannot apply a manifest on the real grid (network \"%1\"); "
            "buy the cluster without one and apply it with kubectl and the cluster's kubeconfig")
                                  .arg(m_settings.gridNetwork));
    }
    if (!request.amount.isPositive())
        return Error::invalid(QStringLiteral("the amount must be greater than zero (got %1)").arg(tfcText(request.amount)));
    if (auto problem = actorProblem(request.actor, QStringLiteral("an enqueue")))
        return *problem;
    if (m_settings.commissionPercent > Percent::fromWhole(100))
        return Error::invalid(QStringLiteral("commission_percent must be between 0 and 100 (got %1)")
                                  .arg(m_settings.commissionPercent.toString()));
    const Tfc commission = m_settings.commissionPercent.of(request.amount);
    const Tfc gridPayment = request.amount - commission;

    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();

    auto live = countLive(db);
    if (!live.ok())
        return live.error();
    if (live.value() >= m_settings.maxQueueSize)
        return Error::refused(QStringLiteral("the queue is full (%1 live jobs; max_queue_size = %2)")
                                  .arg(live.value())
                                  .arg(m_settings.maxQueueSize));

    auto user = scalar(db, QStringLiteral("SELECT id FROM users WHERE id = ?"), {request.userId});
    if (!user.ok())
        return user.error();
    if (!user.value())
        return Error::notFound(QStringLiteral("there is no user with id %1").arg(request.userId));

    if (request.retryOf) {
        auto original = loadJob(db, *request.retryOf);
        if (!original.ok())
            return original.error();
        if (!original.value())
            return Error::notFound(QStringLiteral("job %1 (the job to retry) does not exist").arg(*request.retryOf));
        const Job &old = *original.value();
        if (old.userId != request.userId)
            return Error::invalid(QStringLiteral("job %1 belongs to user %2, not to user %3").arg(old.id).arg(old.userId).arg(request.userId));
        if (old.isLive() || old.stage == Stage::Active)
            return Error::refused(QStringLiteral("job %1 is %2; only a failed, cancelled or stopped job can be retried")
                                      .arg(old.id)
                                      .arg(stageName(old.stage)));
        // A job is retried once: a second retry (a script re-running after a timeout) must not
        // hold the credits again.
        auto earlier = scalar(db, QStringLiteral("SELECT id FROM jobs WHERE retry_of = ?"), {old.id});
        if (!earlier.ok())
            return earlier.error();
        if (earlier.value())
            return Error::refused(QStringLiteral("job %1 was already retried as job %2").arg(old.id).arg(*earlier.value()));
    }

    const qint64 now = m_clock.nowMs();
    const QString specJson = QString::fromUtf8(QJsonDocument(request.spec.toJson()).toJson(QJsonDocument::Compact));
    qint64 jobId = 0;
    {
        auto inserted = exec(db,
                             QStringLiteral("INSERT INTO jobs(user_id, service_type, spec_json, priority, stage, tfc_amount, "
                                            "commission_amount, grid_payment_amount, max_retries, attempt, run_at, retry_of, "
                                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id"),
                             {request.userId, request.spec.serviceTypeName(), specJson, static_cast<int>(request.priority),
                              stageName(Stage::Queued), qint64(request.amount.units()), qint64(commission.units()), qint64(gridPayment.units()),
                              m_settings.retryAttempts, now, nullable(request.retryOf), now, now});
        if (!inserted.ok())
            return inserted.error();
        if (!inserted.value().next())
            return Error::storage(QStringLiteral("inserting the job returned no id"));
        jobId = inserted.value().value(0).toLongLong();
    }

    if (auto held = m_ledger.holdIn(db, request.userId, jobId, request.amount, request.actor); !held.ok())
        return held.error();

    QString message = QStringLiteral("queued %1 for %2 (commission %3, grid payment %4), priority %5")
                          .arg(request.spec.summary(), tfcText(request.amount), tfcText(commission), tfcText(gridPayment),
                               priorityName(request.priority));
    if (request.retryOf)
        message += QStringLiteral("; retry of job %1").arg(*request.retryOf);
    if (auto event = addEventIn(db, jobId, now, Stage::Queued, 0, QStringLiteral("enqueued"), message, request.actor); !event.ok())
        return event.error();
    if (request.inTransaction) {
        if (auto step = request.inTransaction(db, jobId); !step.ok())
            return step.error();
    }
    if (auto committed = tx.commit(); !committed.ok())
        return committed.error();
    return jobId;
}

Result<QList<ClaimedStep>> JobQueue::claim(const QString &owner, int max, const QSet<qint64> &exclude,
                                           const QSet<Stage> &held)
{
    if (auto problem = ownerProblem(owner))
        return *problem;
    if (max < 1)
        return Error::invalid(QStringLiteral("a claim must ask for at least 1 job (got %1)").arg(max));
    if (owner.contains(u'#'))
        return Error::invalid(QStringLiteral("a lease owner cannot contain '#' (got \"%1\")").arg(owner));
    QString notIn;
    if (!exclude.isEmpty()) {
        QStringList ids;
        for (qint64 id : exclude)
            ids << QString::number(id);
        notIn = QStringLiteral(" AND id NOT IN (%1)").arg(ids.join(u','));
    }
    if (!held.isEmpty()) {
        QStringList names;
        for (Stage stage : held)
            names << QStringLiteral("'%1'").arg(stageName(stage)); // fixed identifiers, no input
        notIn += QStringLiteral(" AND stage NOT IN (%1)").arg(names.join(u','));
    }

    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();

    auto paused = readPaused(db);
    if (!paused.ok())
        return paused.error();
    if (paused.value())
        return QList<ClaimedStep>();

    const qint64 now = m_clock.nowMs();
    const qint64 expires = now + qint64(m_settings.leaseSeconds) * 1000;
    QList<ClaimedStep> claimed;
    {
        // RETURNING applies every update at the first step; the rows come back in no
        // particular order, so they are sorted below.
        auto q = exec(db,
            // The random token runs once per row: every claimed job gets its own. On PostgreSQL
            // the candidates are locked as they are picked, skipping those another worker is
            // claiming, so concurrent claims take disjoint jobs without waiting on each other.
            QStringLiteral("UPDATE jobs SET lease_owner = ?, lease_token = %5, "
                           "lease_expires_at = ?, updated_at = ? WHERE id IN ("
                           "SELECT id FROM jobs%7 WHERE stage NOT IN (%1) AND stage IN (%3) AND run_at <= ? "
                           "AND (lease_owner IS NULL OR lease_expires_at <= ?)%4 "
                           "ORDER BY priority DESC, id LIMIT ?%6) RETURNING %2")
                .arg(terminalStagesSql(), jobColumns(), liveStagesSql(), notIn, dialect::randomHex(db, 8),
                    dialect::forUpdateSkipLocked(db), dialect::indexedBy(db, QStringLiteral("jobs_claim"))),
            { owner, expires, now, now, now, max });
        if (!q.ok())
            return q.error();
        while (q.value().next()) {
            auto job = readJob(q.value());
            if (!job.ok())
                return job.error();
            claimed.append(job.value());
        }
    }
    std::sort(claimed.begin(), claimed.end(), [](const Job &a, const Job &b) {
        if (a.priority != b.priority)
            return a.priority > b.priority;
        return a.id < b.id;
    });
    if (auto committed = tx.commit(); !committed.ok())
        return committed.error();
    return claimed;
}

Error JobQueue::leaseConflict(QSqlDatabase db, qint64 jobId, const QString &owner) const
{
    auto job = requireJob(db, jobId);
    if (!job.ok())
        return job.error();
    if (job.value().leaseOwner.isEmpty())
        return Error::conflict(
            QStringLiteral("job %1 is not leased by %2 (no worker holds it now)").arg(jobId).arg(owner));
    if (job.value().leaseHandle() != owner && leaseMatches(job.value(), LeaseRef::parse(owner)))
        return Error::conflict(
            QStringLiteral("job %1: the lease of %2 has run out").arg(QString::number(jobId), owner));
    return Error::conflict(QStringLiteral("job %1 is leased by %2, not by %3")
                               .arg(QString::number(jobId), job.value().leaseOwner, LeaseRef::parse(owner).owner));
}

Result<void> JobQueue::releaseOrReschedule(qint64 jobId, const QString &owner, std::optional<qint64> runAt,
                                           std::optional<int> attempt, const QString &kind, const QString &message)
{
    if (auto problem = ownerProblem(owner))
        return *problem;
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    const qint64 now = m_clock.nowMs();
    const bool isRetry = attempt.has_value();

    Stage stage = Stage::Queued;
    int currentAttempt = 0;
    {
        QVariantList args { nullable(runAt), attempt ? QVariant(*attempt) : QVariant(),
            isRetry ? QVariant(message) : QVariant(), now, jobId };
        args += leaseArgs(LeaseRef::parse(owner));
        auto q = exec(db,
            QStringLiteral(
                "UPDATE jobs SET run_at = COALESCE(?, run_at), attempt = COALESCE(?, attempt), "
                "last_error = COALESCE(?, last_error), lease_owner = NULL, lease_token = NULL, "
                "lease_expires_at = NULL, updated_at = ? WHERE id = ? AND %1 RETURNING stage, attempt")
                .arg(QLatin1String(kLeaseMatch)),
            args);
        if (!q.ok())
            return q.error();
        if (!q.value().next())
            return leaseConflict(db, jobId, owner);
        stage = stageFromName(q.value().value(0).toString()).value_or(Stage::Queued);
        currentAttempt = q.value().value(1).toInt();
    }
    if (!kind.isEmpty() && !message.isEmpty()) {
        if (auto event
            = addEventIn(db, jobId, now, stage, currentAttempt, kind, message, LeaseRef::parse(owner).owner);
            !event.ok())
            return event.error();
    }
    return tx.commit();
}

Result<void> JobQueue::reschedule(qint64 jobId, const QString &owner, qint64 runAt, const QString &message)
{
    return releaseOrReschedule(jobId, owner, runAt, std::nullopt, QStringLiteral("rescheduled"), message);
}

Result<void> JobQueue::retryLater(qint64 jobId, const QString &owner, qint64 runAt, int attempt, const QString &error)
{
    if (error.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("a retry of job %1 needs the error that caused it").arg(jobId));
    return releaseOrReschedule(jobId, owner, runAt, attempt, QStringLiteral("retry"), error);
}

Result<void> JobQueue::releaseLease(qint64 jobId, const QString &owner)
{
    return releaseOrReschedule(jobId, owner, std::nullopt, std::nullopt, QString(), QString());
}

Result<void> JobQueue::renewLease(qint64 jobId, const QString &owner)
{
    if (auto problem = ownerProblem(owner))
        return *problem;
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    const qint64 now = m_clock.nowMs();
    {
        // An expired lease is not revived: another claim may already own the job.
        QVariantList args { now + qint64(m_settings.leaseSeconds) * 1000, jobId };
        args += leaseArgs(LeaseRef::parse(owner));
        args << now;
        auto q = exec(db,
            QStringLiteral(
                "UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND %1 AND lease_expires_at > ?")
                .arg(QLatin1String(kLeaseMatch)),
            args);
        if (!q.ok())
            return q.error();
        if (q.value().numRowsAffected() != 1)
            return leaseConflict(db, jobId, owner);
    }
    return tx.commit();
}

Result<void> JobQueue::confirmIn(
    QSqlDatabase db, qint64 jobId, const QString &lease, Stage stage, qint64 now, int leaseSeconds)
{
    const LeaseRef ref = LeaseRef::parse(lease);
    QVariantList args { now + qint64(leaseSeconds) * 1000, jobId, stageName(stage) };
    args += leaseArgs(ref);
    args << now;
    auto q = execWrite(db,
        QStringLiteral(
            "UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND stage = ? AND %1 AND lease_expires_at > ?")
            .arg(QLatin1String(kLeaseMatch)),
        args);
    if (!q.ok())
        return q.error();
    if (q.value() == 1)
        return {};
    auto current = requireJob(db, jobId);
    if (!current.ok())
        return current.error();
    if (current.value().stage != stage)
        return Error::conflict(
            QStringLiteral("job %1 is %2, not %3; another step already moved it")
                .arg(QString::number(jobId), stageName(current.value().stage), stageName(stage)));
    if (leaseMatches(current.value(), ref))
        return Error::conflict(QStringLiteral("job %1: the lease of %2 ran out before the step could go on")
                                   .arg(QString::number(jobId), lease));
    return Error::conflict(QStringLiteral("job %1 is leased by %2, not by %3")
                               .arg(QString::number(jobId), current.value().leaseHandle(), lease));
}

Result<void> JobQueue::confirm(qint64 jobId, const QString &lease, Stage stage)
{
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    if (auto c = confirmIn(tx.db(), jobId, lease, stage, m_clock.nowMs(), m_settings.leaseSeconds); !c.ok())
        return c;
    return tx.commit();
}

Result<void> JobQueue::advance(
    qint64 jobId, const QString &owner, Stage from, Stage to, const QString &message, int attempt)
{
    return advance(jobId, owner, from, to, message, attempt, TransactionStep());
}

Result<void> JobQueue::advance(qint64 jobId, const QString &owner, Stage from, Stage to, const QString &message, int attempt,
                               const TransactionStep &inTransaction)
{
    if (auto problem = ownerProblem(owner))
        return *problem;
    if (attempt < 0)
        return Error::invalid(QStringLiteral("attempt cannot be negative (got %1) for job %2").arg(attempt).arg(jobId));
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    const LeaseRef lease = LeaseRef::parse(owner);

    // The update checks stage and lease itself; the job is read (and its spec decoded) only to
    // say why when it matched nothing, which is rare: one statement less on every step.
    const qint64 now = m_clock.nowMs();
    const bool failing = to == Stage::RollingBack || to == Stage::Failed;
    {
        QVariantList args { stageName(to), attempt, now, now, isTerminal(to) ? QVariant(now) : QVariant(),
            failing ? QVariant(message) : QVariant(), jobId, stageName(from) };
        args += leaseArgs(lease);
        auto q = execWrite(db,
            QStringLiteral(
                "UPDATE jobs SET stage = ?, attempt = ?, run_at = ?, lease_owner = NULL, lease_token = NULL, "
                "lease_expires_at = NULL, updated_at = ?, finished_at = ?, "
                "last_error = COALESCE(?, last_error) WHERE id = ? AND stage = ? AND %1")
                .arg(QLatin1String(kLeaseMatch)),
            args);
        if (!q.ok())
            return q.error();
        if (q.value() != 1) {
            auto current = requireJob(db, jobId);
            if (!current.ok())
                return current.error();
            if (current.value().stage != from)
                return Error::conflict(
                    QStringLiteral("job %1 is %2, not %3; another step already moved it")
                        .arg(QString::number(jobId), stageName(current.value().stage), stageName(from)));
            if (!leaseMatches(current.value(), lease))
                return leaseConflict(db, jobId, owner);
            return Error::conflict(QStringLiteral("job %1 changed while moving it to %2")
                                       .arg(QString::number(jobId), stageName(to)));
        }
    }
    if (inTransaction) {
        if (auto step = inTransaction(db); !step.ok())
            return step.error();
    }
    const QString text
        = message.isEmpty() ? QStringLiteral("%1 → %2").arg(stageName(from), stageName(to)) : message;
    if (auto event = addEventIn(db, jobId, now, to, attempt, QStringLiteral("transition"), text, lease.owner);
        !event.ok())
        return event.error();
    return tx.commit();
}

Result<void> JobQueue::setPaused(bool paused)
{
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    {
        auto q = exec(tx.db(),
                      QStringLiteral("INSERT INTO app_state(key, value) VALUES (?, ?) "
                                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                      {QString::fromLatin1(kPausedKey), paused ? QStringLiteral("1") : QStringLiteral("0")});
        if (!q.ok())
            return q.error();
    }
    return tx.commit();
}

Result<void> JobQueue::pause()
{
    if (auto allowed
        = access::require(*m_store, access::Action::QueueControl, QStringLiteral("pause the queue"));
        !allowed.ok())
        return allowed.error();
    return setPaused(true);
}

Result<void> JobQueue::resume()
{
    if (auto allowed
        = access::require(*m_store, access::Action::QueueControl, QStringLiteral("resume the queue"));
        !allowed.ok())
        return allowed.error();
    return setPaused(false);
}

bool JobQueue::isPaused() const
{
    auto paused = readPaused(m_store->db());
    return paused.ok() && paused.value();
}

Result<void> JobQueue::cancel(qint64 jobId, const QString &actor)
{
    if (auto allowed
        = access::require(*m_store, access::Action::CancelJob, QStringLiteral("cancel job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    if (auto problem = actorProblem(actor, QStringLiteral("a cancellation")))
        return *problem;
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();

    auto current = requireJob(db, jobId);
    if (!current.ok())
        return current.error();
    const Job &job = current.value();
    if (job.stage != Stage::Queued)
        return Error::refused(QStringLiteral("job %1 is %2; only queued jobs can be cancelled").arg(QString::number(jobId), stageName(job.stage)));
    const qint64 now = m_clock.nowMs();
    if (!job.leaseOwner.isEmpty() && job.leaseExpiresAt.value_or(0) > now)
        return Error::refused(QStringLiteral("job %1 is being worked on by %2 right now; try again when its step finishes")
                                  .arg(QString::number(jobId), job.leaseOwner));

    {
        auto q = exec(db,
            QStringLiteral("UPDATE jobs SET stage = ?, finished_at = ?, updated_at = ?, lease_owner = NULL, "
                           "lease_token = NULL, lease_expires_at = NULL WHERE id = ? AND stage = ?"),
            { stageName(Stage::Cancelled), now, now, jobId, stageName(Stage::Queued) });
        if (!q.ok())
            return q.error();
        if (q.value().numRowsAffected() != 1)
            return Error::conflict(QStringLiteral("job %1 changed while it was being cancelled").arg(jobId));
    }
    if (auto released = m_ledger.releaseIn(db, jobId, QStringLiteral("cancelled by %1").arg(actor), actor); !released.ok())
        return released.error();
    const QString message = QStringLiteral("cancelled by %1; %2 released to the user").arg(actor, tfcText(job.tfcAmount));
    if (auto event = addEventIn(db, jobId, now, Stage::Cancelled, job.attempt, QStringLiteral("cancelled"), message, actor); !event.ok())
        return event.error();
    return tx.commit();
}

Result<void> JobQueue::setPriority(qint64 jobId, Priority priority, const QString &actor)
{
    if (auto allowed = access::require(*m_store, access::Action::SetPriority,
            QStringLiteral("change the priority of job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    if (auto problem = actorProblem(actor, QStringLiteral("a priority change")))
        return *problem;
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    auto current = requireJob(db, jobId);
    if (!current.ok())
        return current.error();
    const Job &job = current.value();
    if (!job.isLive())
        return Error::refused(QStringLiteral("job %1 is %2; only live jobs can change priority").arg(QString::number(jobId), stageName(job.stage)));
    if (job.priority == priority)
        return {};
    const qint64 now = m_clock.nowMs();
    if (auto q = exec(db, QStringLiteral("UPDATE jobs SET priority = ?, updated_at = ? WHERE id = ?"),
                      {static_cast<int>(priority), now, jobId});
        !q.ok())
        return q.error();
    const QString message = QStringLiteral("priority changed from %1 to %2").arg(priorityName(job.priority), priorityName(priority));
    if (auto event = addEventIn(db, jobId, now, job.stage, job.attempt, QStringLiteral("priority"), message, actor); !event.ok())
        return event.error();
    return tx.commit();
}

Result<Job> JobQueue::job(qint64 id) const
{
    return requireJob(m_store->db(), id);
}

Result<QList<Job>> JobQueue::jobs(const JobFilter &filter) const
{
    if (filter.limit < 1 || filter.limit > 10000)
        return Error::invalid(QStringLiteral("limit must be between 1 and 10000 (got %1)").arg(filter.limit));
    if (filter.offset < 0)
        return Error::invalid(QStringLiteral("offset cannot be negative (got %1)").arg(filter.offset));
    QStringList where;
    QVariantList args;
    if (filter.stage) {
        where << QStringLiteral("stage = ?");
        args << stageName(*filter.stage);
    }
    if (filter.userId) {
        where << QStringLiteral("user_id = ?");
        args << *filter.userId;
    }
    if (filter.liveOnly)
        where << QStringLiteral("stage NOT IN (%1)").arg(terminalStagesSql());
    QString sql = QStringLiteral("SELECT %1 FROM jobs").arg(jobColumns());
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?");
    args << filter.limit << filter.offset;

    auto q = exec(m_store->db(), sql, args);
    if (!q.ok())
        return q.error();
    QList<Job> list;
    while (q.value().next()) {
        auto job = readJob(q.value());
        if (!job.ok())
            return job.error();
        list.append(job.value());
    }
    return list;
}

Result<QList<JobEvent>> JobQueue::events(qint64 jobId) const
{
    QSqlDatabase db = m_store->db();
    auto exists = scalar(db, QStringLiteral("SELECT id FROM jobs WHERE id = ?"), {jobId});
    if (!exists.ok())
        return exists.error();
    if (!exists.value())
        return Error::notFound(QStringLiteral("job %1 does not exist").arg(jobId));
    auto q = exec(db,
                  QStringLiteral("SELECT id, job_id, at, stage, attempt, kind, message, actor FROM events "
                                 "WHERE job_id = ? ORDER BY id"),
                  {jobId});
    if (!q.ok())
        return q.error();
    QList<JobEvent> list;
    while (q.value().next()) {
        auto event = readJobEvent(q.value());
        if (!event.ok())
            return event.error();
        list.append(event.value());
    }
    return list;
}

Result<qint64> JobQueue::liveCount() const
{
    return countLive(m_store->db());
}

Result<std::optional<qint64>> JobQueue::nextDueAt() const
{
    return scalar(m_store->db(),
                  QStringLiteral("SELECT MIN(CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > run_at "
                                 "THEN lease_expires_at ELSE run_at END) FROM jobs WHERE stage NOT IN (%1)")
                      .arg(terminalStagesSql()));
}

Result<void> JobQueue::addEvent(qint64 jobId, const QString &kind, const QString &message, const QString &actor)
{
    if (kind.trimmed().isEmpty() || message.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("an event of job %1 needs a kind and a message").arg(jobId));
    if (auto problem = actorProblem(actor, QStringLiteral("an event")))
        return *problem;
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto current = requireJob(tx.db(), jobId);
    if (!current.ok())
        return current.error();
    if (auto event = addEventIn(tx.db(), jobId, m_clock.nowMs(), current.value().stage, current.value().attempt, kind, message, actor);
        !event.ok())
        return event.error();
    return tx.commit();
}

Result<void> JobQueue::addEventIn(QSqlDatabase db, qint64 jobId, qint64 at, Stage stage, int attempt, const QString &kind,
                                  const QString &message, const QString &actor)
{
    auto q = execWrite(db,
        QStringLiteral("INSERT INTO events(job_id, at, stage, attempt, kind, message, actor, role) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        { jobId, at, stageName(stage), attempt, kind, message, actor, access::rolesNameOf(db) });
    if (!q.ok())
        return q.error();
    return {};
}

} // namespace griddeck
