#include "queue/Job.h"

#include <QVariant>

namespace griddeck {

namespace {

std::optional<qint64> optionalInt(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

} // namespace

QString jobColumns()
{
    return QStringLiteral(
        "id, user_id, service_type, spec_json, priority, stage, tfc_amount, commission_amount, "
        "grid_payment_amount, max_retries, attempt, run_at, lease_owner, lease_expires_at, "
        "last_error, retry_of, created_at, updated_at, finished_at, lease_token");
}

LeaseRef LeaseRef::parse(const QString &lease)
{
    const qsizetype hash = lease.lastIndexOf(u'#');
    if (hash < 0)
        return { lease, QString() };
    return { lease.left(hash), lease.mid(hash + 1) };
}

QString terminalStagesSql()
{
    QStringList quoted;
    for (const QString &name : allStageNames()) {
        if (isTerminal(*stageFromName(name)))
            quoted << QStringLiteral("'%1'").arg(name);
    }
    return quoted.join(QStringLiteral(", "));
}

QString liveStagesSql()
{
    QStringList quoted;
    for (const QString &name : allStageNames()) {
        if (!isTerminal(*stageFromName(name)))
            quoted << QStringLiteral("'%1'").arg(name);
    }
    return quoted.join(QStringLiteral(", "));
}

Result<Job> readJob(const QSqlQuery &q)
{
    Job job;
    job.id = q.value(0).toLongLong();
    job.userId = q.value(1).toLongLong();
    job.serviceType = q.value(2).toString();

    auto spec = ServiceSpec::fromJsonText(q.value(3).toString().toUtf8());
    if (spec.ok())
        job.spec = spec.value();
    else
        job.specError = QStringLiteral("job %1 has an unreadable spec_json: %2").arg(job.id).arg(spec.error().message);

    const int priority = q.value(4).toInt();
    if (priority < static_cast<int>(Priority::Low) || priority > static_cast<int>(Priority::Critical))
        return Error::storage(QStringLiteral("job %1 has priority %2, outside 0..3").arg(job.id).arg(priority));
    job.priority = static_cast<Priority>(priority);

    const QString stageText = q.value(5).toString();
    const auto stage = stageFromName(stageText);
    if (!stage)
        return Error::storage(QStringLiteral("job %1 has an unknown stage \"%2\"").arg(job.id).arg(stageText));
    job.stage = *stage;

    job.tfcAmount = Tfc::fromUnits(q.value(6).toLongLong());
    job.commissionAmount = Tfc::fromUnits(q.value(7).toLongLong());
    job.gridPaymentAmount = Tfc::fromUnits(q.value(8).toLongLong());
    job.maxRetries = q.value(9).toInt();
    job.attempt = q.value(10).toInt();
    job.runAt = q.value(11).toLongLong();
    job.leaseOwner = q.value(12).isNull() ? QString() : q.value(12).toString();
    job.leaseExpiresAt = optionalInt(q.value(13));
    job.lastError = q.value(14).isNull() ? QString() : q.value(14).toString();
    job.retryOf = optionalInt(q.value(15));
    job.createdAt = q.value(16).toLongLong();
    job.updatedAt = q.value(17).toLongLong();
    job.finishedAt = optionalInt(q.value(18));
    job.leaseToken = q.value(19).isNull() ? QString() : q.value(19).toString();
    return job;
}

Result<JobEvent> readJobEvent(const QSqlQuery &q)
{
    JobEvent event;
    event.id = q.value(0).toLongLong();
    event.jobId = q.value(1).toLongLong();
    event.at = q.value(2).toLongLong();
    const QString stageText = q.value(3).toString();
    const auto stage = stageFromName(stageText);
    if (!stage)
        return Error::storage(QStringLiteral("event %1 of job %2 has an unknown stage \"%3\"").arg(event.id).arg(event.jobId).arg(stageText));
    event.stage = *stage;
    event.attempt = q.value(4).toInt();
    event.kind = q.value(5).toString();
    event.message = q.value(6).toString();
    event.actor = q.value(7).toString();
    return event;
}

} // namespace griddeck
