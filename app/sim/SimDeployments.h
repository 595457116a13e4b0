#pragma once
// The deployment gateway of docs/grid-gateway-api.md: contracts on simulated nodes that take
// the node's memory and storage while they live, become ready after a delay (or fail in the
// node's words), and are cancelled, stopped or restarted on request. States are computed from
// the clock, so the same request sequence at the same times gives the same answers.

#include "domain/Clock.h"
#include "sim/SimFaults.h"
#include "sim/SimFleet.h"
#include "sim/SimReply.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <vector>

namespace griddeck {

struct SimDeployment
{
    enum class End { None, Stopped, Cancelled };

    QString id;
    qint64 contractId = 0;
    qint64 jobId = 0;
    qint64 twinId = 0; // who signs the contract
    QString type;
    QString name;
    QList<qint64> nodeIds; // the first is node_id
    qint64 cpu = 0;
    qint64 memoryGb = 0;
    qint64 storageGb = 0;
    bool publicIpv4 = false;
    bool publicIpv6 = true;
    bool mycelium = true;
    QList<int> ports;
    QString image; // container: the flist URL it boots
    QString dockerImage; // container: the Docker image the flist came from (as sent)
    QString manifest; // kubernetes: the manifest applied to the cluster (as sent)
    QString payment; // as sent, for the state view
    qint64 sequence = 0;
    qint64 createdMs = 0;
    qint64 changedMs = 0; // creation or last restart
    qint64 readyAtMs = 0;
    bool fails = false;
    QString failMessage;
    End end = End::None;
    qint64 endedMs = 0;
    QString ip, ipv6, myceliumIp, webUrl;

    bool holdsResources() const { return end == End::None; }
};

class SimDeployments
{
public:
    SimDeployments(SimFleet *fleet, const Clock *clock);

    void reset();

    // POST /deployments/{type}: 201, 400 (names the field) or 422 (the node refuses).
    SimReply create(const QString &type, const QByteArray &body, const SimFaults &faults, SimFaultDice &dice);
    SimReply get(const QString &id) const;
    SimReply cancel(const QString &id);
    SimReply stop(const QString &id);
    SimReply restart(const QString &id, const SimFaults &faults, SimFaultDice &dice);
    SimReply health(const QString &id, const SimFaults &faults, SimFaultDice &dice, quint16 sshPort) const;

    // Contracts that still exist (not cancelled), for GET /_sim/state.
    QJsonArray contractsJson() const;
    int liveCount() const;
    QString stateOf(const SimDeployment &d) const;
    QJsonObject toJson(const SimDeployment &d) const;
    const SimDeployment *find(const QString &id) const;

    static const QStringList &types();

private:
    SimDeployment *findMutable(const QString &id);
    void applyUsage(const SimDeployment &d, int sign);
    void decideOutcome(SimDeployment &d, const SimFaults &faults, SimFaultDice &dice);

    SimFleet *m_fleet;
    const Clock *m_clock;
    std::vector<SimDeployment> m_deployments;
    qint64 m_sequence = 0;
};

} // namespace griddeck
