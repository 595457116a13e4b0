#pragma once
// The job's JSON forms for `griddeckctl jobs` / `job ID` (stable; documented in docs/cli.md)
// and its human-readable detail view.

#include "ledger/Ledger.h"
#include "queue/Job.h"

#include <QJsonObject>
#include <QTextStream>

namespace griddeck::cli {

QJsonObject jobSummaryJson(const Job &job);
QJsonObject jobDetailJson(const Job &job, const QList<JobEvent> &events, const HoldInfo *hold);
void printJobDetail(QTextStream &out, const Job &job, const QList<JobEvent> &events, const HoldInfo *hold);

} // namespace griddeck::cli
