#pragma once
// Demo data for `griddeck --demo`: a handful of users with credits and a mix of purchases of
// every service type, written through the core (Ledger::addUser, JobQueue::enqueue) so they
// are real held credits and real queued jobs that the pipeline then carries forward.

#include "domain/Result.h"

namespace griddeck {
class Ledger;
class JobQueue;
} // namespace griddeck

namespace griddeck::ui {

struct DemoSeedResult
{
    int users = 0;
    int jobs = 0;
};

// Does nothing (and returns zeros) when the store already has users: a demo store is seeded once.
// Runs on a background thread (AppController::run); deterministic.
Result<DemoSeedResult> seedDemoData(Ledger &ledger, JobQueue &queue);

// The n-th purchase of the demo's steady trickle (a user of the seed, a varied spec); refused
// when that user has run out of credits. Returns the job id.
Result<qint64> enqueueDemoPurchase(Ledger &ledger, JobQueue &queue, int n);

} // namespace griddeck::ui
