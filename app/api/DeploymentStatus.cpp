#include "api/DeploymentStatus.h"

#include "pipeline/PipelineStore.h"
#include "queue/Restarts.h"
#include "store/Store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSqlQuery>

namespace griddeck {

namespace {

QJsonValue timeOrNull(std::optional<qint64> ms)
{
    if (!ms)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

QString seedStatusName(Stage stage)
{
    switch (stage) {
    case Stage::Queued:
        return QStringLiteral("Queued");
    case Stage::Active:
        return QStringLiteral("Active");
    case Stage::Failed:
        return QStringLiteral("Failed");
    case Stage::Cancelled:
        return QStringLiteral("Cancelled");
    case Stage::Stopped:
        return QStringLiteral("Stopped");
    default:
        return QStringLiteral("Processing");
    }
}

QJsonObject deploymentSummaryJson(const Job &job, const QString &userName)
{
    return QJsonObject { { QStringLiteral("id"), job.id }, { QStringLiteral("user"), userName },
        { QStringLiteral("service_type"), job.serviceType },
        { QStringLiteral("service"), job.spec.summary() },
        { QStringLiteral("status"), seedStatusName(job.stage) },
        { QStringLiteral("stage"), stageName(job.stage) },
        { QStringLiteral("tfc_amount"), job.tfcAmount.toString() },
        { QStringLiteral("created_at"), timeOrNull(job.createdAt) },
        { QStringLiteral("updated_at"), timeOrNull(job.updatedAt) } };
}

Result<QJsonObject> deploymentStatusJson(QSqlDatabase db, const Job &job)
{
    // When each timeline step was reached: the first event at or past it.
    std::optional<qint64> reached[5];
    auto events = exec(
        db, QStringLiteral("SELECT at, stage, kind FROM events WHERE job_id = ? ORDER BY id"), { job.id });
    if (!events.ok())
        return events.error();
    while (events.value().next()) {
        const qint64 at = events.value().value(0).toLongLong();
        const auto stage = stageFromName(events.value().value(1).toString());
        const QString kind = events.value().value(2).toString();
        if (kind == QLatin1String("enqueued")) {
            reached[0] = reached[0].value_or(at);
            reached[1] = reached[1].value_or(at);
        } else if (kind == QLatin1String("transition") && stage) {
            if (*stage == Stage::Converting)
                reached[2] = reached[2].value_or(at);
            else if (*stage == Stage::Deploying)
                reached[3] = reached[3].value_or(at);
            else if (*stage == Stage::Active)
                reached[4] = reached[4].value_or(at);
        }
    }
    if (!reached[0])
        reached[0] = reached[1] = job.createdAt;

    static const char *const keys[5] = { "payment_completed", "queued", "converting", "deploying", "active" };
    static const char *const labels[5] = { "Payment Processed", "Queued for Deployment",
        "Converting TFC → TFT", "Deploying on Grid", "Service Active" };
    QJsonObject out = deploymentSummaryJson(job, QString());
    out.remove(QStringLiteral("user"));
    QJsonArray steps;
    for (int i = 0; i < 5; ++i) {
        const bool done = reached[i].has_value();
        out.insert(QLatin1String(keys[i]), done);
        steps.append(QJsonObject { { QStringLiteral("key"), QLatin1String(keys[i]) },
            { QStringLiteral("label"), QString::fromUtf8(labels[i]) }, { QStringLiteral("completed"), done },
            { QStringLiteral("at"), timeOrNull(reached[i]) } });
    }
    out.insert(QStringLiteral("steps"), steps);

    auto row = pipelinestore::latestDeployment(db, job.id);
    if (!row.ok())
        return row.error();
    QJsonValue ip = QJsonValue::Null, ssh = QJsonValue::Null, web = QJsonValue::Null, node = QJsonValue::Null;
    if (row.value()) {
        const DeploymentRow &d = *row.value();
        node = d.nodeId;
        if (job.stage == Stage::Active) {
            const QString address = !d.ip.isEmpty() ? d.ip : (!d.ipv6.isEmpty() ? d.ipv6 : d.myceliumIp);
            if (!address.isEmpty())
                ip = address;
            if (!d.sshCommand.isEmpty())
                ssh = d.sshCommand;
            if (!d.webUrl.isEmpty())
                web = d.webUrl;
        }
    }
    out.insert(QStringLiteral("ip_address"), ip);
    out.insert(QStringLiteral("ssh_command"), ssh);
    out.insert(QStringLiteral("web_url"), web);
    out.insert(QStringLiteral("node_id"), node);
    if (job.stage == Stage::Active && ip.isString()) {
        out.insert(QStringLiteral("connection_info"),
            QJsonObject { { QStringLiteral("ip_address"), ip }, { QStringLiteral("ssh_command"), ssh },
                { QStringLiteral("web_url"), web } });
    }
    auto conversion = pipelinestore::conversion(db, job.id);
    if (!conversion.ok())
        return conversion.error();
    out.insert(QStringLiteral("tft_amount"),
        conversion.value() ? QJsonValue(conversion.value()->result.tftReceived.toString())
                           : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("error"),
        job.lastError.isEmpty() || job.stage == Stage::Active ? QJsonValue(QJsonValue::Null)
                                                              : QJsonValue(job.lastError));
    // The newest restart and its readiness + health check: checking, ok, or failed (then the
    // service is Active but flagged with the reason).
    auto restart = restarts::latest(db, job.id);
    if (!restart.ok())
        return restart.error();
    QJsonValue restartJson = QJsonValue::Null;
    if (const auto &r = restart.value()) {
        restartJson = QJsonObject { { QStringLiteral("number"), r->n }, { QStringLiteral("state"), r->state },
            { QStringLiteral("requested_at"), timeOrNull(r->requestedAt) },
            { QStringLiteral("finished_at"), timeOrNull(r->finishedAt) },
            { QStringLiteral("reason"),
                r->reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r->reason) } };
    }
    out.insert(QStringLiteral("restart"), restartJson);
    return out;
}

} // namespace griddeck
