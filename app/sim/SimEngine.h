#pragma once
// The simulator without the sockets: routes a request (method, path, query, body, key) to the
// fleet, the deployments, the price feeds or the wallet; applies the seeded fault decisions;
// honours Idempotency-Key. GridSimulator feeds it from QHttpServer and does the timing.

#include "domain/Clock.h"
#include "sim/SimDeployments.h"
#include "sim/SimFaults.h"
#include "sim/SimFleet.h"
#include "sim/SimPrices.h"
#include "sim/SimReply.h"

#include <QHash>
#include <QMap>
#include <QUrlQuery>

namespace griddeck {

struct SimOptions
{
    quint64 seed = 1;
    int nodeCount = 300;
    QString nodesFile;       // a Grid Proxy JSON array; empty = a generated fleet
    int readyDelayMs = 2000; // init → ok
    const Clock *clock = nullptr; // null = the system clock; tests may pass a ManualClock
};

struct SimRequest
{
    QString method; // GET, POST, ...
    QString path;   // decoded, without the query
    QUrlQuery query;
    QByteArray body;
    QString idempotencyKey; // empty = no header
};

struct SimOutcome
{
    QString endpoint;  // "GET /nodes", "POST /deployments/{type}", ... (the counter name)
    SimReply reply;
    QString fault;     // "", "error", "timeout" or "malformed"
    bool hold = false; // timeout: never answer
    int latencyMs = 0;
    bool replayed = false; // answered from the Idempotency-Key store
};

class SimEngine
{
public:
    SimEngine(const SimOptions &options, SimFleet fleet);
    SimEngine(const SimEngine &) = delete; // the deployments point into this engine's fleet
    SimEngine &operator=(const SimEngine &) = delete;

    SimOutcome handle(const SimRequest &request);

    void reset();
    void setSshPort(quint16 port) { m_sshPort = port; }

    const SimFleet &fleet() const { return m_fleet; }
    const SimFaults &faults() const { return m_faults; }
    void setFaults(const SimFaults &faults) { m_faults = faults; }
    QJsonObject state() const;
    int liveContractCount() const { return m_deployments.liveCount(); }
    const SimDeployments &deployments() const { return m_deployments; }
    const SimPrices &prices() const { return m_prices; }
    const SimWallet &wallet() const { return m_wallet; }

private:
    struct Stored
    {
        QByteArray fingerprint;
        SimReply reply;
    };

    // Finds the endpoint; `run` answers it. Returns the counter name ("" when no such path).
    QString route(const SimRequest &request, std::function<SimReply()> *run, bool *needsKey, bool *simControl);
    SimReply nodes(const QUrlQuery &query) const;
    SimReply node(const QString &id) const;
    SimReply stats(const QUrlQuery &query) const;
    SimReply postFaults(const QByteArray &body);
    SimReply runIdempotent(const SimRequest &request, const QString &endpoint, bool needsKey,
                           const std::function<SimReply()> &run, bool *replayed);

    SimOptions m_options;
    const Clock *m_clock;
    SimFleet m_initialFleet;
    SimFleet m_fleet;
    SimFaults m_faults;
    SimFaultDice m_dice;
    SimDeployments m_deployments;
    SimPrices m_prices;
    SimWallet m_wallet;
    QHash<QString, Stored> m_idempotency;
    QMap<QString, qint64> m_counters;
    quint16 m_sshPort = 0;
};

} // namespace griddeck
