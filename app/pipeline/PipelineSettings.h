#pragma once
// The settings the pipeline's steps read, taken once from the Config (plus the engine's
// options), and the retry policy: how long a step waits before it runs again.

#include "config/Config.h"
#include "domain/Money.h"
#include "notify/Delivery.h"
#include "pricing/Oracle.h"
#include "queue/JobQueue.h"

#include <QString>
#include <QStringList>

namespace griddeck {

// Knobs that are not in deployment.toml: tests and the demo need short waits.
struct EngineOptions
{
    int readinessPollMinMs = 1000;  // readiness re-poll interval once a deployment is due (±20 % jitter)
    int readinessPollMaxMs = 15000; // longest single wait for the expected ready time
    int shutdownTimeoutMs = 30000; // stop() lets running steps finish this long
    int idlePollMs = 1000; // the dispatcher looks for due steps at least this often
    int tcpProbeTimeoutMs = 5000; // the SSH port check in verifying
    int outboxPollMs = 1000; // the outbox dispatcher looks for due messages this often
    int outboxRetryMinMs = -1; // first redelivery delay; -1 = retry_delay_seconds (at least 1 s)
    bool runOutbox = true; // deliver notifications (off: rows wait in the outbox)
    QString owner; // lease owner name; empty = "<host>:<pid>"
    int workerCount = 0; // 0 = worker_count from the config
    // Steps in flight at once, running or waiting for a reply (a waiting step holds no worker);
    // 0 = kStepsPerWorker × the workers.
    int maxStepsInFlight = 0;
    static constexpr int kStepsPerWorker = 16;
    int reconcileIntervalMs = 300000; // the reconciler runs at start and this often; 0 = never
    int nodeListReuseMs = 2000; // a page of nodes from the proxy serves deployments this long (NodeListCache)
    qint64 reconcileGraceMs = 600000; // an unowned contract younger than this is left alone
};

struct PipelineSettings
{
    int retryDelaySeconds = 30;
    int retryMaxDelaySeconds = 600;
    int readinessTimeoutSeconds = 300;
    int leaseSeconds = 60;
    int requestTimeoutMs = 15000;
    int maxRequestsPerHost = 32; // [threefold_grid] max_requests_per_host
    Percent minUptime = Percent::fromWhole(95);
    QStringList preferredCountries; // country names as the Grid Proxy spells them ("Belgium")
    qint64 twinId = 0;              // [threefold_grid] twin_id
    OracleSettings oracle;
    TfcPrice tfcUsdRate = TfcPrice::fromUnits(fixed::kRateScale);
    NotifySettings notify;
    int readinessPollMinMs = 1000;
    int readinessPollMaxMs = 15000;
    int tcpProbeTimeoutMs = 5000;
    int outboxRetryMinMs = 1000;
    int nodeListReuseMs = 2000;
    // [deployment_queue] and [commission]: what a new job (a retry too) is queued with.
    QueueSettings queue;

    static PipelineSettings from(const Config &config, const EngineOptions &options = EngineOptions());
};

// [deployment_queue] and [commission] as the queue wants them.
QueueSettings queueSettingsFrom(const Config &config);

// [notifications] as the channels want it (secrets are not here).
NotifySettings notifySettingsFrom(const Config &config);

// preferred_countries holds ISO 3166 alpha-2 codes ("BE"); the proxy names countries
// ("Belgium"). Unknown codes are kept as given.
QStringList countryNamesFromCodes(const QStringList &codes);

namespace retry {

// retry_delay_seconds × 2^attempt, capped at retry_max_delay_seconds, then ±20 % jitter, in
// ms. attempt counts from 0 (the first retry waits the base delay).
qint64 delayMs(int attempt, int baseSeconds, int maxSeconds);
// Readiness polling, for a deployment created waitedMs ago that is not ready yet: when the
// expected ready time (ReadinessEstimate; 0 = not known) is still ahead, wait until then (at
// most maxMs at a time); after it, every intervalMs ± 20 % jitter. Never a doubling: a
// deployment is seen ready at most about one interval after it is.
qint64 readinessPollMs(qint64 waitedMs, qint64 expectedMs, int intervalMs, int maxMs);

} // namespace retry

} // namespace griddeck
