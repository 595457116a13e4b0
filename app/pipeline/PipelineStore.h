#pragma once
// The pipeline's own rows (migration 3): the quote a job took, its conversion, one row per
// deployment attempt, and the price history. Every function works on the connection it is
// given, so a caller can make it part of a stage change's transaction.

#include "domain/Result.h"
#include "pricing/Conversion.h"
#include "pricing/Oracle.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace griddeck {

// job_deployments.state
namespace deploystate {
inline const QString Requested = QStringLiteral("requested"); // POST sent, no reply stored yet
inline const QString Init = QStringLiteral("init");
inline const QString Ok = QStringLiteral("ok");
inline const QString Error = QStringLiteral("error");         // the node failed it; contract cancelled
inline const QString Cancelled = QStringLiteral("cancelled"); // rolled back
inline const QString Stopped = QStringLiteral("stopped");     // stopped by a user or operator
} // namespace deploystate

struct DeploymentRow
{
    qint64 id = 0;
    qint64 jobId = 0;
    int attempt = 0;
    QString idempotencyKey;      // "job-42-deploy-1"
    qint64 nodeId = 0;
    QList<qint64> nodeIds;
    std::optional<qint64> farmId;
    QString country;
    QString deploymentId;        // empty until the gateway answered
    std::optional<qint64> contractId;
    QString state;
    QString ip, ipv6, myceliumIp, webUrl, sshCommand, message;
    QString scoreJson;
    qint64 createdAt = 0;
    std::optional<qint64> readyAt;
    std::optional<qint64> endedAt;

    // A contract may exist on the grid for this row.
    bool mayBeLive() const;
};

struct QuoteRecord
{
    Quote quote;
    ConversionPlan plan;
    int conversionAttempt = 1; // the wallet refused earlier plans this many times minus one
    qint64 createdAt = 0;
};

struct ConversionRecord
{
    ConversionResult result;
    qint64 createdAt = 0;
};

namespace pipelinestore {

QString nodeIdsText(const QList<qint64> &ids); // "4211,4212"

Result<QList<DeploymentRow>> deployments(QSqlDatabase db, qint64 jobId); // oldest attempt first
Result<std::optional<DeploymentRow>> latestDeployment(QSqlDatabase db, qint64 jobId);
// Inserts a row in state requested; returns its id.
Result<qint64> insertRequested(QSqlDatabase db, const DeploymentRow &row);
Result<void> markCreated(QSqlDatabase db, qint64 rowId, const QString &deploymentId, qint64 contractId);
Result<void> markReady(QSqlDatabase db, qint64 rowId, const QString &ip, const QString &ipv6, const QString &mycelium,
                       const QString &webUrl, qint64 at);
Result<void> setSshCommand(QSqlDatabase db, qint64 rowId, const QString &sshCommand);
// The deployment object's "actions" (nullopt: the server did not say).
Result<void> setActions(QSqlDatabase db, qint64 rowId, const std::optional<QStringList> &actions);
// error / cancelled / stopped, with the message that says why (kept when `message` is empty).
Result<void> markEnded(QSqlDatabase db, qint64 rowId, const QString &state, const QString &message, qint64 at);
// Our deployments that may be live, per node and per farm (the selector's spread term).
Result<void> liveCounts(QSqlDatabase db, QHash<qint64, int> *perNode, QHash<qint64, int> *perFarm);

Result<std::optional<QuoteRecord>> quote(QSqlDatabase db, qint64 jobId);
Result<void> saveQuote(QSqlDatabase db, qint64 jobId, const QuoteRecord &record);
Result<std::optional<ConversionRecord>> conversion(QSqlDatabase db, qint64 jobId);
Result<void> saveConversion(QSqlDatabase db, qint64 jobId, const ConversionResult &result, qint64 at);
// One row per source of the quote (or of the readings, when the quote failed).
Result<void> addPriceHistory(QSqlDatabase db, const std::vector<SourceOutcome> &sources, qint64 at);

} // namespace pipelinestore

} // namespace griddeck
