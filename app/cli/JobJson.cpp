#include "cli/JobJson.h"

#include "cli/Commands.h"

#include <QJsonArray>

namespace griddeck::cli {

namespace {

QJsonValue optionalNumber(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

} // namespace

QJsonObject jobSummaryJson(const Job &job)
{
    return QJsonObject{{QStringLiteral("id"), job.id},
                       {QStringLiteral("user_id"), job.userId},
                       {QStringLiteral("service_type"), job.serviceType},
                       {QStringLiteral("summary"), job.spec.summary()},
                       {QStringLiteral("priority"), priorityName(job.priority)},
                       {QStringLiteral("stage"), stageName(job.stage)},
                       {QStringLiteral("tfc_amount"), job.tfcAmount.toString()},
                       {QStringLiteral("attempt"), job.attempt},
                       {QStringLiteral("last_error"), job.lastError},
                       {QStringLiteral("created_at"), formatTime(job.createdAt)},
                       {QStringLiteral("updated_at"), formatTime(job.updatedAt)}};
}

QJsonObject jobDetailJson(const Job &job, const QList<JobEvent> &events, const HoldInfo *hold)
{
    QJsonObject object = jobSummaryJson(job);
    object.insert(QStringLiteral("spec"), job.spec.toJson());
    object.insert(QStringLiteral("commission_amount"), job.commissionAmount.toString());
    object.insert(QStringLiteral("grid_payment_amount"), job.gridPaymentAmount.toString());
    object.insert(QStringLiteral("max_retries"), job.maxRetries);
    object.insert(QStringLiteral("run_at"), formatTime(job.runAt));
    object.insert(QStringLiteral("lease_owner"), job.leaseOwner);
    object.insert(QStringLiteral("retry_of"), optionalNumber(job.retryOf));
    object.insert(QStringLiteral("finished_at"), job.finishedAt ? QJsonValue(formatTime(*job.finishedAt)) : QJsonValue());
    if (hold) {
        object.insert(QStringLiteral("hold"),
                      QJsonObject{{QStringLiteral("state"), holdStateName(hold->state)},
                                  {QStringLiteral("amount"), hold->amount.toString()},
                                  {QStringLiteral("commission"), hold->commission.toString()},
                                  {QStringLiteral("grid_spend"), hold->gridSpend.toString()},
                                  {QStringLiteral("refunded"), hold->refunded.toString()},
                                  {QStringLiteral("refundable"), hold->refundable().toString()}});
    }
    QJsonArray eventArray;
    for (const JobEvent &event : events) {
        eventArray.append(QJsonObject{{QStringLiteral("at"), formatTime(event.at)},
                                      {QStringLiteral("stage"), stageName(event.stage)},
                                      {QStringLiteral("attempt"), event.attempt},
                                      {QStringLiteral("kind"), event.kind},
                                      {QStringLiteral("message"), event.message},
                                      {QStringLiteral("actor"), event.actor}});
    }
    object.insert(QStringLiteral("events"), eventArray);
    return object;
}

void printJobDetail(QTextStream &out, const Job &job, const QList<JobEvent> &events, const HoldInfo *hold)
{
    out << "Job " << job.id << " · " << stageName(job.stage) << " · " << priorityName(job.priority) << " priority\n"
        << "  service      " << job.spec.summary() << "\n"
        << "  user         " << job.userId << "\n"
        << "  paid         " << job.tfcAmount.toDisplayString(2) << " TFC (commission "
        << job.commissionAmount.toDisplayString(2) << ", grid " << job.gridPaymentAmount.toDisplayString(2) << ")\n"
        << "  attempts     " << job.attempt << " of " << job.maxRetries << " retries\n"
        << "  created      " << formatTime(job.createdAt) << "\n";
    if (job.stage == Stage::Queued || isTerminal(job.stage) == false)
        out << "  next step    " << formatTime(job.runAt) << "\n";
    if (job.retryOf)
        out << "  retry of     job " << *job.retryOf << "\n";
    if (!job.lastError.isEmpty())
        out << "  last error   " << job.lastError << "\n";
    if (hold) {
        out << "  credits      " << holdStateName(hold->state) << " " << hold->amount.toDisplayString(2) << " TFC";
        if (hold->state == HoldState::Captured)
            out << ", refunded " << hold->refunded.toDisplayString(2) << ", refundable "
                << hold->refundable().toDisplayString(2);
        out << "\n";
    }
    out << "  events\n";
    for (const JobEvent &event : events)
        out << "    " << formatTime(event.at) << "  " << padRight(stageName(event.stage), 14) << event.message
            << (event.actor == QLatin1String("system") ? QString() : QStringLiteral(" (%1)").arg(event.actor)) << "\n";
}

} // namespace griddeck::cli
