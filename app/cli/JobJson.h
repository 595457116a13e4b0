#pragma once
// The job's JSON forms for `griddeckctl jobs` / `job ID` (stable; documented in docs/cli.md)
// and its human-readable detail view.

#include "ledger/Ledger.h"
#include "pipeline/PipelineStore.h"
#include "queue/Job.h"

#include <QJsonObject>
#include <QTextStream>

namespace griddeck::cli {

// What the pipeline stored for a job: its deployment attempts (the last one carries the
// connection details), its quote and its TFT conversion.
struct JobPipelineDetails
{
    QList<DeploymentRow> deployments;
    std::optional<QuoteRecord> quote;
    std::optional<ConversionRecord> conversion;
};
Result<JobPipelineDetails> loadPipelineDetails(QSqlDatabase db, qint64 jobId);

QJsonObject jobSummaryJson(const Job &job);
// `details` adds "connection", "deployments", "quote" and "conversion" (docs/cli.md).
QJsonObject jobDetailJson(const Job &job, const QList<JobEvent> &events, const HoldInfo *hold,
                          const JobPipelineDetails *details = nullptr);
void printJobDetail(QTextStream &out, const Job &job, const QList<JobEvent> &events, const HoldInfo *hold,
                    const JobPipelineDetails *details = nullptr);

} // namespace griddeck::cli
