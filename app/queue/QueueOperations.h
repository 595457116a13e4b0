#pragma once
// Operator actions on the queue that the console, griddeckctl and the HTTP API share, so no
// front end writes the jobs table itself (JobQueue.h holds the pipeline's own operations).

#include "domain/Clock.h"
#include "domain/Result.h"
#include "store/Store.h"

#include <QString>

namespace griddeck::queueops {

// A live job waiting for a later attempt (run_at in the future), not held by a worker,
// becomes due now; `note` goes on its timeline with `actor`, in the same transaction. Refused
// when the job has finished or a worker runs its step.
Result<void> makeDueNow(const Store &store, qint64 jobId, const QString &actor, const QString &note,
    const Clock &clock = SystemClock::instance());

} // namespace griddeck::queueops
