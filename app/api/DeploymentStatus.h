#pragma once
// A deployment as the seed's dashboard reads it (GET /api/deployments/{id}/status): status,
// the five timeline steps (payment_completed, queued, converting, deploying, active) as
// booleans and with their times, connection details, TFC spent, TFT converted, the node.
// docs/api.yaml documents the shape.

#include "domain/Result.h"
#include "queue/Job.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace griddeck {

// "Queued", "Processing", "Active", "Failed", "Cancelled", "Stopped" (the seed's
// DeploymentStatus names; rolling back is still Processing).
QString seedStatusName(Stage stage);

// The full status of a job, read from the jobs, events, job_deployments and job_conversions.
Result<QJsonObject> deploymentStatusJson(QSqlDatabase db, const Job &job);
// One line of GET /api/deployments: id, user, service, status, stage, amounts, times.
QJsonObject deploymentSummaryJson(const Job &job, const QString &userName);

} // namespace griddeck
