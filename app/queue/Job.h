#pragma once
// A row of the jobs table, decoded, and a row of its events (the timeline and audit trail).

#include "domain/Money.h"
#include "domain/Result.h"
#include "domain/ServiceSpec.h"
#include "domain/Stage.h"

#include <QList>
#include <QSqlQuery>
#include <QString>

#include <optional>

namespace griddeck {

struct Job
{
    qint64 id = 0;
    qint64 userId = 0;
    QString serviceType;        // jobs.service_type: "vm", "container", …
    ServiceSpec spec;
    QString specError;          // why spec_json could not be read (spec is then default); empty normally
    Priority priority = Priority::Normal;
    Stage stage = Stage::Queued;
    Tfc tfcAmount;              // what the user paid (held at enqueue)
    Tfc commissionAmount;       // commission_percent of tfcAmount
    Tfc gridPaymentAmount;      // tfcAmount − commissionAmount
    int maxRetries = 0;
    int attempt = 0; // retries used in the current stage
    qint64 runAt = 0; // ms since epoch: not claimable before
    QString leaseOwner; // empty when no worker holds it ("host:pid", shared by a process's workers)
    QString leaseToken; // random, new at every claim: tells two claims of one owner apart
    std::optional<qint64> leaseExpiresAt;
    QString lastError;
    std::optional<qint64> retryOf;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    std::optional<qint64> finishedAt;

    bool isLive() const { return !isTerminal(stage); }
    // "owner#token": what a worker passes to JobQueue for this claim (see LeaseRef).
    QString leaseHandle() const { return leaseToken.isEmpty() ? leaseOwner : leaseOwner + u'#' + leaseToken; }
};

// A lease as JobQueue's compare-and-set methods take it: "owner#token" matches only the claim
// that wrote that token; a bare "owner" (tools, tests) matches any claim of that owner.
struct LeaseRef
{
    QString owner;
    QString token;
    static LeaseRef parse(const QString &lease);
};

// What claim() hands a worker: the job as it was when the lease was taken.
using ClaimedStep = Job;

struct JobEvent
{
    qint64 id = 0;
    qint64 jobId = 0;
    qint64 at = 0;
    Stage stage = Stage::Queued;
    int attempt = 0;
    QString kind;    // enqueued, transition, rescheduled, retry, cancelled, priority, note, …
    QString message;
    QString actor;
};

struct JobFilter
{
    std::optional<Stage> stage;
    std::optional<qint64> userId;
    bool liveOnly = false;       // only non-terminal stages
    int limit = 100;             // 1..10000
    int offset = 0;
};

// The jobs table's columns in the order readJob() expects ("id, user_id, …").
QString jobColumns();
// "'active', 'failed', 'cancelled', 'stopped'", worded as the jobs_claim index predicate so
// "stage NOT IN (…)" queries can use that index.
QString terminalStagesSql();
// The live stages this build knows: a claim takes only these, so a row with a stage written by
// a newer version is left alone instead of failing every claim.
QString liveStagesSql();

// Decodes the current row of a query that selected jobColumns(). A spec_json that does not
// parse is reported in Job::specError rather than failing, so one bad row cannot block the queue.
Result<Job> readJob(const QSqlQuery &query);

// Columns: id, job_id, at, stage, attempt, kind, message, actor.
Result<JobEvent> readJobEvent(const QSqlQuery &query);

} // namespace griddeck
