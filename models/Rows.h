#pragma once
// The decoded rows the StoreWatcher reads on its own thread and hands to the models through
// queued signals: everything a view needs is already decoded (spec JSON parsed, summary and
// search text built), so the GUI thread never parses or queries while refreshing.

#include "domain/Money.h"
#include "ledger/Ledger.h"
#include "queue/Job.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace griddeck {

// The job's current deployment: the latest attempt in job_deployments (id 0: none yet).
struct DeploymentSummary
{
    qint64 id = 0;
    int attempt = 0;
    qint64 nodeId = 0;
    std::optional<qint64> farmId;
    QString country;
    QString ip;
    QString ipv6;
    QString myceliumIp;
    QString webUrl;
    QString sshCommand;
    std::optional<qint64> contractId;
    QString deploymentId;
    QString state;        // requested, init, ok, error, cancelled, stopped
    QString message;
    qint64 createdAt = 0;
    std::optional<qint64> readyAt;
    std::optional<qint64> endedAt;
    // What the grid allows on it ("cancel", "restart", "stop"); nullopt: it did not say (all).
    std::optional<QStringList> actions;

    bool exists() const { return id != 0; }
    bool allows(const QString &action) const { return !actions || actions->contains(action); }
    // The address people reach the service at: public IPv4, else IPv6, else Mycelium.
    QString bestIp() const;
};

struct JobRow
{
    Job job;
    QString userName;
    DeploymentSummary deployment;
    QString summary;      // spec.summary(), or the spec error when spec_json did not parse
    QString searchText;   // case-folded id, user, summary, service, IPs, node, country, error
    quint64 fingerprint = 0; // hash of the mutable columns: equal means nothing to repaint

    // Builds summary and searchText from the other fields.
    void finish();
};

struct UserRow
{
    qint64 userId = 0;
    QString name;
    Tfc available;
    Tfc held;
    int jobs = 0;     // every job the user ever enqueued
    int liveJobs = 0; // jobs not yet active, failed, cancelled or stopped
    qint64 createdAt = 0;

    bool operator==(const UserRow &) const = default;
};

struct LedgerRow
{
    LedgerEntry entry;
    QString userName;
    Tfc heldDelta;  // effect on the user's held credits (signed)

    // The signed movement a person reads: the change in available credits, or for a capture
    // (available unchanged) the held credits spent, shown negative.
    Tfc delta() const { return entry.availableDelta.isZero() ? heldDelta : entry.availableDelta; }
    QString searchText() const;
};

struct EventRow
{
    JobEvent event;
};

// Which ledger entries a LedgerModel shows: everything (both ids 0), one user's, or one job's.
struct LedgerScope
{
    qint64 userId = 0;
    qint64 jobId = 0;
    int limit = 10000; // newest first when cut

    bool matches(const LedgerRow &row) const;
    bool operator==(const LedgerScope &) const = default;
};

} // namespace griddeck

Q_DECLARE_METATYPE(griddeck::JobRow)
Q_DECLARE_METATYPE(griddeck::UserRow)
Q_DECLARE_METATYPE(griddeck::LedgerRow)
Q_DECLARE_METATYPE(griddeck::EventRow)
Q_DECLARE_METATYPE(griddeck::LedgerScope)
