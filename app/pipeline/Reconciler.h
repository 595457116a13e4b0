#pragma once
// Compares the live contracts of this installation at the gateway (GET /contracts?name_prefix=
// "gd<installation>j", the prefix of every deployment name GridDeck gives) with the jobs:
//   - a contract no job owns — its job ended, or it is not the attempt an active job runs on —
//     older than the grace period, is an orphan: it is cancelled and recorded as an event;
//   - an active job whose contract is gone from the listing is flagged for the operator.
// A contract of a job still in progress belongs to that job's own steps (they cancel what
// they do not keep), and a young one may be a create whose reply is still on its way: both are
// left alone. Blocking HTTP: worker threads only.

#include "domain/Clock.h"
#include "domain/Result.h"
#include "grid/HttpClient.h"
#include "store/Store.h"

#include <QJsonObject>
#include <QList>
#include <QUrl>
#include <memory>

namespace griddeck {

struct ReconcileFinding
{
    QString deploymentId;
    qint64 contractId = 0;
    qint64 jobId = 0; // 0 when the name does not name a job of ours
    QString why;
    bool cancelled = false;
    QString error; // why the cancel did not go through (it is tried again next time)
};

struct ReconcileReport
{
    bool dryRun = false;
    qint64 at = 0;
    int liveContracts = 0; // listed for this installation
    int activeJobs = 0;
    QList<ReconcileFinding> orphans; // cancelled (or, on a dry run, would be)
    QList<qint64> missing; // active jobs whose contract is gone
    bool clean() const { return orphans.isEmpty() && missing.isEmpty(); }
    QJsonObject toJson() const;
    QString summary() const;
};

class Reconciler
{
public:
    static constexpr const char *kLastReportKey = "reconcile_last"; // app_state: the last report (JSON)

    Reconciler(std::shared_ptr<Store> store, QUrl deployer, int requestTimeoutMs, qint64 graceMs,
        const Clock &clock = SystemClock::instance());

    // One pass. A dry run cancels and writes nothing.
    Result<ReconcileReport> run(bool dryRun);

    // The report the last pass stored, if any.
    static std::optional<QJsonObject> lastReport(const std::shared_ptr<Store> &store);

private:
    std::shared_ptr<Store> m_store;
    QUrl m_deployer;
    HttpClient m_http;
    qint64 m_graceMs;
    const Clock &m_clock;
};

} // namespace griddeck
