#include "cli/JobJson.h"

#include "cli/Commands.h"

#include <QJsonArray>

namespace griddeck::cli {

namespace {

QJsonValue optionalNumber(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue text(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}

QJsonObject deploymentJson(const DeploymentRow &d)
{
    QJsonArray nodes;
    for (qint64 id : d.nodeIds)
        nodes.append(id);
    return QJsonObject{{QStringLiteral("attempt"), d.attempt},
                       {QStringLiteral("state"), d.state},
                       {QStringLiteral("node_id"), d.nodeId},
                       {QStringLiteral("node_ids"), nodes},
                       {QStringLiteral("farm_id"), optionalNumber(d.farmId)},
                       {QStringLiteral("country"), d.country},
                       {QStringLiteral("deployment_id"), text(d.deploymentId)},
                       {QStringLiteral("contract_id"), optionalNumber(d.contractId)},
                       {QStringLiteral("idempotency_key"), d.idempotencyKey},
                       {QStringLiteral("message"), d.message},
                       {QStringLiteral("created_at"), formatTime(d.createdAt)}};
}

} // namespace

Result<JobPipelineDetails> loadPipelineDetails(QSqlDatabase db, qint64 jobId)
{
    JobPipelineDetails details;
    auto rows = pipelinestore::deployments(db, jobId);
    if (!rows.ok())
        return rows.error();
    details.deployments = rows.value();
    auto quote = pipelinestore::quote(db, jobId);
    if (!quote.ok())
        return quote.error();
    details.quote = quote.value();
    auto conversion = pipelinestore::conversion(db, jobId);
    if (!conversion.ok())
        return conversion.error();
    details.conversion = conversion.value();
    return details;
}

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

QJsonObject jobDetailJson(const Job &job, const QList<JobEvent> &events, const HoldInfo *hold,
                          const JobPipelineDetails *details)
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
    if (details) {
        QJsonArray attempts;
        for (const DeploymentRow &d : details->deployments)
            attempts.append(deploymentJson(d));
        object.insert(QStringLiteral("deployments"), attempts);
        QJsonValue connection;
        if (!details->deployments.isEmpty() && job.stage == Stage::Active) {
            const DeploymentRow &d = details->deployments.last();
            connection = QJsonObject{{QStringLiteral("ip"), text(d.ip)},
                                     {QStringLiteral("ipv6"), text(d.ipv6)},
                                     {QStringLiteral("mycelium_ip"), text(d.myceliumIp)},
                                     {QStringLiteral("ssh_command"), text(d.sshCommand)},
                                     {QStringLiteral("web_url"), text(d.webUrl)},
                                     {QStringLiteral("node_id"), d.nodeId},
                                     {QStringLiteral("contract_id"), optionalNumber(d.contractId)},
                                     {QStringLiteral("deployment_id"), d.deploymentId}};
        }
        object.insert(QStringLiteral("connection"), connection);
        QJsonValue quote;
        if (details->quote)
            quote = QJsonObject{{QStringLiteral("rate"), details->quote->plan.rate.toString()},
                                {QStringLiteral("grid_usd"), details->quote->plan.gridUsd.toString()},
                                {QStringLiteral("tft_needed"), details->quote->plan.tftNeeded.toString()},
                                {QStringLiteral("sources"), details->quote->quote.usedSources().join(u',')}};
        object.insert(QStringLiteral("quote"), quote);
        QJsonValue conversion;
        if (details->conversion)
            conversion = QJsonObject{{QStringLiteral("tx_id"), details->conversion->result.txId},
                                     {QStringLiteral("tft_received"), details->conversion->result.tftReceived.toString()},
                                     {QStringLiteral("usd_spent"), details->conversion->result.usdSpent.toString()},
                                     {QStringLiteral("rate"), details->conversion->result.rate.toString()}};
        object.insert(QStringLiteral("conversion"), conversion);
    }
    return object;
}

void printJobDetail(QTextStream &out, const Job &job, const QList<JobEvent> &events, const HoldInfo *hold,
                    const JobPipelineDetails *details)
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
    if (details && details->conversion)
        out << "  converted    " << details->conversion->result.usdSpent.toDisplayString(2) << " USD → "
            << details->conversion->result.tftReceived.toDisplayString(2) << " TFT at "
            << details->conversion->result.rate.toDisplayString(6) << " USD/TFT (" << details->conversion->result.txId << ")\n";
    if (details && !details->deployments.isEmpty()) {
        const DeploymentRow &d = details->deployments.last();
        out << "  grid node    " << d.nodeId << (d.country.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(d.country))
            << ", contract " << d.contractId.value_or(0) << ", " << d.state << " (attempt " << d.attempt << ")\n";
        if (job.stage == Stage::Active) {
            if (!d.ip.isEmpty())
                out << "  IP address   " << d.ip << "\n";
            if (!d.ipv6.isEmpty())
                out << "  IPv6         " << d.ipv6 << "\n";
            if (!d.myceliumIp.isEmpty())
                out << "  mycelium     " << d.myceliumIp << "\n";
            if (!d.sshCommand.isEmpty())
                out << "  SSH          " << d.sshCommand << "\n";
            if (!d.webUrl.isEmpty())
                out << "  web          " << d.webUrl << "\n";
        }
    }
    out << "  events\n";
    for (const JobEvent &event : events)
        out << "    " << formatTime(event.at) << "  " << padRight(stageName(event.stage), 14) << event.message
            << (event.actor == QLatin1String("system") ? QString() : QStringLiteral(" (%1)").arg(event.actor)) << "\n";
}

} // namespace griddeck::cli
