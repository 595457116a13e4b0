#include "pipeline/PipelineStore.h"

#include "store/Store.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace griddeck {

bool DeploymentRow::mayBeLive() const
{
    return state == deploystate::Requested || state == deploystate::Init || state == deploystate::Ok;
}

namespace pipelinestore {

namespace {

QVariant nullable(const std::optional<qint64> &v)
{
    return v ? QVariant(*v) : QVariant();
}

std::optional<qint64> optionalInt(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<qint64>(v.toLongLong());
}

const char kDeploymentColumns[] =
    "id, job_id, attempt, idempotency_key, node_id, node_ids, farm_id, country, deployment_id, contract_id, state, "
    "ip, ipv6, mycelium_ip, web_url, ssh_command, message, score_json, created_at, ready_at, ended_at";

// From a QSqlQuery on its row or a row of values (queryRow, queryRows).
template<class Row>
DeploymentRow readRow(const Row &q)
{
    DeploymentRow r;
    r.id = q.value(0).toLongLong();
    r.jobId = q.value(1).toLongLong();
    r.attempt = q.value(2).toInt();
    r.idempotencyKey = q.value(3).toString();
    r.nodeId = q.value(4).toLongLong();
    for (const QString &part : q.value(5).toString().split(u',', Qt::SkipEmptyParts))
        r.nodeIds.append(part.toLongLong());
    if (r.nodeIds.isEmpty())
        r.nodeIds.append(r.nodeId);
    r.farmId = optionalInt(q.value(6));
    r.country = q.value(7).toString();
    r.deploymentId = q.value(8).toString();
    r.contractId = optionalInt(q.value(9));
    r.state = q.value(10).toString();
    r.ip = q.value(11).toString();
    r.ipv6 = q.value(12).toString();
    r.myceliumIp = q.value(13).toString();
    r.webUrl = q.value(14).toString();
    r.sshCommand = q.value(15).toString();
    r.message = q.value(16).toString();
    r.scoreJson = q.value(17).toString();
    r.createdAt = q.value(18).toLongLong();
    r.readyAt = optionalInt(q.value(19));
    r.endedAt = optionalInt(q.value(20));
    return r;
}

Result<void> expectOneRow(const Result<QSqlQuery> &q, const QString &what)
{
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() != 1)
        return Error::conflict(QStringLiteral("%1: the row was not found").arg(what));
    return {};
}

} // namespace

QString nodeIdsText(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(u',');
}

Result<QList<DeploymentRow>> deployments(QSqlDatabase db, qint64 jobId)
{
    auto q = queryRows(db, QStringLiteral("SELECT %1 FROM job_deployments WHERE job_id = ? ORDER BY attempt")
                               .arg(QLatin1String(kDeploymentColumns)),
                       {jobId});
    if (!q.ok())
        return q.error();
    QList<DeploymentRow> rows;
    for (const QVariantList &values : q.value())
        rows.append(readRow(values));
    return rows;
}

Result<std::optional<DeploymentRow>> latestDeployment(QSqlDatabase db, qint64 jobId)
{
    auto q = queryRow(db, QStringLiteral("SELECT %1 FROM job_deployments WHERE job_id = ? ORDER BY attempt DESC LIMIT 1")
                              .arg(QLatin1String(kDeploymentColumns)),
                      {jobId});
    if (!q.ok())
        return q.error();
    if (!q.value())
        return std::optional<DeploymentRow>();
    return std::optional<DeploymentRow>(readRow(*q.value()));
}

Result<qint64> insertRequested(QSqlDatabase db, const DeploymentRow &row)
{
    auto q = exec(db,
                  QStringLiteral("INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, node_ids, farm_id, "
                                 "country, state, score_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                  {row.jobId, row.attempt, row.idempotencyKey, row.nodeId, nodeIdsText(row.nodeIds), nullable(row.farmId),
                   row.country, deploystate::Requested, row.scoreJson.isEmpty() ? QVariant() : QVariant(row.scoreJson),
                   row.createdAt});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return Error::storage(QStringLiteral("inserting the deployment attempt of job %1 returned no id").arg(row.jobId));
    return q.value().value(0).toLongLong();
}

Result<void> markCreated(QSqlDatabase db, qint64 rowId, const QString &deploymentId, qint64 contractId)
{
    return expectOneRow(exec(db, QStringLiteral("UPDATE job_deployments SET deployment_id = ?, contract_id = ?, state = ? WHERE id = ?"),
                             {deploymentId, contractId, deploystate::Init, rowId}),
                        QStringLiteral("deployment attempt %1").arg(rowId));
}

Result<void> markReady(QSqlDatabase db, qint64 rowId, const QString &ip, const QString &ipv6, const QString &mycelium,
                       const QString &webUrl, qint64 at)
{
    return expectOneRow(exec(db,
                             QStringLiteral("UPDATE job_deployments SET state = ?, ip = ?, ipv6 = ?, mycelium_ip = ?, web_url = ?, "
                                            "ready_at = COALESCE(ready_at, ?) WHERE id = ?"),
                             {deploystate::Ok, ip, ipv6, mycelium, webUrl, at, rowId}),
                        QStringLiteral("deployment attempt %1").arg(rowId));
}

Result<void> setActions(QSqlDatabase db, qint64 rowId, const std::optional<QStringList> &actions)
{
    return expectOneRow(exec(db, QStringLiteral("UPDATE job_deployments SET actions = ? WHERE id = ?"),
                             {actions ? QVariant(actions->join(u',')) : QVariant(), rowId}),
                        QStringLiteral("deployment attempt %1").arg(rowId));
}

Result<void> setSshCommand(QSqlDatabase db, qint64 rowId, const QString &sshCommand)
{
    return expectOneRow(exec(db, QStringLiteral("UPDATE job_deployments SET ssh_command = ? WHERE id = ?"), {sshCommand, rowId}),
                        QStringLiteral("deployment attempt %1").arg(rowId));
}

Result<void> markEnded(QSqlDatabase db, qint64 rowId, const QString &state, const QString &message, qint64 at)
{
    return expectOneRow(exec(db,
                             QStringLiteral("UPDATE job_deployments SET state = ?, message = CASE WHEN ? = '' THEN message ELSE ? END, "
                                            "ended_at = COALESCE(ended_at, ?) WHERE id = ?"),
                             {state, message, message, at, rowId}),
                        QStringLiteral("deployment attempt %1").arg(rowId));
}

Result<void> liveCounts(QSqlDatabase db, QHash<qint64, int> *perNode, QHash<qint64, int> *perFarm)
{
    // One row per placement, not per deployment (job_deployments_live_placement covers it), read
    // forward only: the cost stays with the nodes in use, not the deployments made.
    auto q = execForward(db,
        QStringLiteral("SELECT node_ids, node_id, farm_id, COUNT(*) FROM job_deployments "
                       "WHERE state IN ('requested', 'init', 'ok') GROUP BY node_ids, node_id, farm_id"));
    if (!q.ok())
        return q.error();
    while (q.value().next()) {
        const int count = q.value().value(3).toInt();
        const QStringList ids = q.value().value(0).toString().split(u',', Qt::SkipEmptyParts);
        if (ids.isEmpty())
            (*perNode)[q.value().value(1).toLongLong()] += count;
        for (const QString &id : ids)
            (*perNode)[id.toLongLong()] += count;
        if (!q.value().value(2).isNull())
            (*perFarm)[q.value().value(2).toLongLong()] += count;
    }
    return {};
}

Result<std::optional<QuoteRecord>> quote(QSqlDatabase db, qint64 jobId)
{
    auto q = exec(db, QStringLiteral("SELECT quote_json, created_at FROM job_quotes WHERE job_id = ?"), {jobId});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<QuoteRecord>();
    const QJsonObject object = QJsonDocument::fromJson(q.value().value(0).toString().toUtf8()).object();
    auto quote = Quote::fromJson(object.value(QStringLiteral("quote")).toObject());
    if (!quote.ok())
        return Error::storage(QStringLiteral("the stored quote of job %1 cannot be read: %2").arg(jobId).arg(quote.error().message));
    auto plan = ConversionPlan::fromJson(object.value(QStringLiteral("plan")).toObject());
    if (!plan.ok())
        return Error::storage(QStringLiteral("the stored conversion plan of job %1 cannot be read: %2").arg(jobId).arg(plan.error().message));
    QuoteRecord r{quote.value(), plan.value(), object.value(QStringLiteral("conversion_attempt")).toInt(1),
                  q.value().value(1).toLongLong()};
    return std::optional<QuoteRecord>(r);
}

Result<void> saveQuote(QSqlDatabase db, qint64 jobId, const QuoteRecord &record)
{
    const QJsonObject object{{QStringLiteral("quote"), record.quote.toJson()},
                             {QStringLiteral("plan"), record.plan.toJson()},
                             {QStringLiteral("conversion_attempt"), record.conversionAttempt}};
    auto q = exec(db,
                  QStringLiteral("INSERT INTO job_quotes(job_id, quote_json, rate, grid_usd, tft_needed, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT(job_id) DO UPDATE SET quote_json = excluded.quote_json, rate = excluded.rate, "
                                 "grid_usd = excluded.grid_usd, tft_needed = excluded.tft_needed, created_at = excluded.created_at"),
                  {jobId, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)), qint64(record.plan.rate.units()),
                   qint64(record.plan.gridUsd.units()), qint64(record.plan.tftNeeded.units()), record.createdAt});
    if (!q.ok())
        return q.error();
    return {};
}

Result<std::optional<ConversionRecord>> conversion(QSqlDatabase db, qint64 jobId)
{
    auto q = exec(db, QStringLiteral("SELECT tx_id, tft_received, usd_spent, rate, created_at FROM job_conversions WHERE job_id = ?"),
                  {jobId});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<ConversionRecord>();
    ConversionRecord r;
    r.result.txId = q.value().value(0).toString();
    r.result.tftReceived = Tft::fromUnits(q.value().value(1).toLongLong());
    r.result.usdSpent = Usd::fromUnits(q.value().value(2).toLongLong());
    r.result.rate = TftPrice::fromUnits(q.value().value(3).toLongLong());
    r.createdAt = q.value().value(4).toLongLong();
    return std::optional<ConversionRecord>(r);
}

Result<void> saveConversion(QSqlDatabase db, qint64 jobId, const ConversionResult &result, qint64 at)
{
    auto q = exec(db,
                  QStringLiteral("INSERT INTO job_conversions(job_id, tx_id, tft_received, usd_spent, rate, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(job_id) DO NOTHING"),
                  {jobId, result.txId, qint64(result.tftReceived.units()), qint64(result.usdSpent.units()),
                   qint64(result.rate.units()), at});
    if (!q.ok())
        return q.error();
    return {};
}

Result<void> addPriceHistory(QSqlDatabase db, const std::vector<SourceOutcome> &sources, qint64 at)
{
    for (const SourceOutcome &s : sources) {
        auto q = exec(db, QStringLiteral("INSERT INTO price_history(at, source, rate, error) VALUES (?, ?, ?, ?)"),
                      {at, s.source, s.rate ? QVariant(qint64(s.rate->units())) : QVariant(),
                       s.error.isEmpty() ? (s.used ? QVariant() : QVariant(s.dropReason)) : QVariant(s.error)});
        if (!q.ok())
            return q.error();
    }
    return {};
}

} // namespace pipelinestore

} // namespace griddeck
