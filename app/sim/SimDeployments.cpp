#include "sim/SimDeployments.h"

#include "sim/SimAddresses.h"

#include <QCryptographicHash>
#include <QMap>
#include <QRegularExpression>

namespace griddeck {

namespace {

constexpr qint64 kGiB = 1073741824LL;

// What zos says when a workload fails, in its own words.
const char *const kNodeErrors[] = {
    "failed to download flist: connection reset by peer",
    "failed to start vm: vmd: timeout waiting for machine to boot",
    "network setup failed: could not allocate a mycelium address",
    "disk allocation failed: no space left on device",
};

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray a;
    for (qint64 id : ids)
        a.append(id);
    return a;
}

} // namespace

const QStringList &SimDeployments::types()
{
    static const QStringList t = {QStringLiteral("vm"), QStringLiteral("container"), QStringLiteral("kubernetes"),
                                  QStringLiteral("storage"), QStringLiteral("app")};
    return t;
}

SimDeployments::SimDeployments(SimFleet *fleet, const Clock *clock)
    : m_fleet(fleet)
    , m_clock(clock)
{
}

void SimDeployments::reset()
{
    m_deployments.clear();
    m_sequence = 0;
}

const SimDeployment *SimDeployments::find(const QString &id) const
{
    for (const SimDeployment &d : m_deployments)
        if (d.id == id)
            return &d;
    return nullptr;
}

SimDeployment *SimDeployments::findMutable(const QString &id)
{
    return const_cast<SimDeployment *>(find(id));
}

void SimDeployments::applyUsage(const SimDeployment &d, int sign)
{
    for (qint64 nodeId : d.nodeIds) {
        if (SimNode *n = m_fleet->find(nodeId)) {
            n->used.cru += sign * d.cpu;
            n->used.mru += sign * d.memoryGb * kGiB;
            n->used.sru += sign * d.storageGb * kGiB;
            m_fleet->addContracts(nodeId, sign);
        }
    }
    // A released public IPv4 goes back to its farm's pool.
    if (sign < 0 && d.publicIpv4 && !d.ip.isEmpty())
        if (const SimNode *n = m_fleet->find(d.nodeIds.first()))
            if (SimFarm *farm = m_fleet->farm(n->farmId))
                farm->freeIps.append(d.ip);
}

void SimDeployments::decideOutcome(SimDeployment &d, const SimFaults &faults, SimFaultDice &dice)
{
    // Both draws happen whatever the rate, so the fault sequence depends only on the requests.
    d.fails = dice.chance(faults.deployErrorRate);
    const qint64 which = dice.range(0, qint64(std::size(kNodeErrors)) - 1);
    d.failMessage = d.fails ? QStringLiteral("node %1 reported: %2").arg(d.nodeIds.first()).arg(QString::fromLatin1(kNodeErrors[which]))
                            : QString();
    // An unhealthy node accepts the contract but never brings the workload up.
    for (qint64 nodeId : d.nodeIds) {
        const SimNode *n = m_fleet->find(nodeId);
        if (n && !n->healthy) {
            d.fails = true;
            d.failMessage = QStringLiteral("node %1 reported: zos is not healthy: provisiond is not responding").arg(nodeId);
            break;
        }
    }
    d.readyAtMs = d.changedMs + faults.readyDelayMs;
}

SimReply SimDeployments::create(const QString &type, const QByteArray &body, const SimFaults &faults, SimFaultDice &dice)
{
    if (!types().contains(type))
        return SimReply::error(400, QStringLiteral("unknown deployment type \"%1\" in the path: expected %2")
                                        .arg(type, types().join(QStringLiteral(", "))));
    QString parseError;
    const auto object = parseJsonObjectBody(body, &parseError);
    if (!object)
        return SimReply::error(400, parseError);

    SimFields f(*object);
    SimDeployment d;
    d.type = type;
    const QString bodyType = f.string(QStringLiteral("type"), false, 32);
    if (f.ok() && !bodyType.isEmpty() && bodyType != type)
        f.fail(QStringLiteral("type \"%1\" does not match the path /deployments/%2").arg(bodyType, type));
    // grid_client's rule (tfgrid-sdk-go grid-client/workloads/deployment.go validateName):
    // ^[a-zA-Z0-9_]+$, at most 36 characters (cloud-hypervisor's virtio-fs tag length).
    d.name = f.string(QStringLiteral("name"), true, 256);
    static const QRegularExpression namePattern(QStringLiteral("^[a-zA-Z0-9_]+$"));
    if (f.ok() && d.name.size() > 36)
        f.fail(QStringLiteral("name cannot exceed 36 characters (got \"%1\")").arg(d.name));
    if (f.ok() && !namePattern.match(d.name).hasMatch())
        f.fail(QStringLiteral("unsupported character in workload name \"%1\": only letters, digits and '_'").arg(d.name));
    // The twin the contract is signed by; 0 = a twin that rents nothing.
    d.twinId = f.integer(QStringLiteral("twin_id"), 0, INT32_MAX, 0);
    d.jobId = f.integer(QStringLiteral("job_id"), 0, INT64_C(1) << 53, 0);
    const qint64 nodeId = f.integer(QStringLiteral("node_id"), 1, INT32_MAX);
    d.cpu = f.integer(QStringLiteral("cpu"), 1, 1024);
    d.memoryGb = f.integer(QStringLiteral("memory"), 1, 1 << 20);
    d.storageGb = f.integer(QStringLiteral("storage"), 1, 1 << 24);
    f.string(QStringLiteral("os"), false);
    f.string(QStringLiteral("version"), false);

    SimFields network(f.object(QStringLiteral("network")), QStringLiteral("network."));
    d.publicIpv4 = network.boolean(QStringLiteral("public_ipv4"), false);
    d.publicIpv6 = network.boolean(QStringLiteral("public_ipv6"), true);
    d.mycelium = network.boolean(QStringLiteral("mycelium"), true);
    network.boolean(QStringLiteral("planetary"), false);
    if (!network.ok())
        f.fail(network.error());

    const QJsonObject environment = f.object(QStringLiteral("environment"));
    for (auto it = environment.constBegin(); f.ok() && it != environment.constEnd(); ++it)
        if (!it.value().isString())
            f.fail(QStringLiteral("environment.%1 must be a string").arg(it.key()));

    SimFields payment(f.object(QStringLiteral("payment")), QStringLiteral("payment."));
    if (f.ok() && f.has(QStringLiteral("payment"))) {
        const QString amount = payment.string(QStringLiteral("amount"), true, 40);
        QString amountError;
        if (payment.ok() && !Tft::parse(amount, &amountError))
            payment.fail(QStringLiteral("payment.amount must be a decimal string such as \"2231.4000000\": %1").arg(amountError));
        const QString currency = payment.string(QStringLiteral("currency"), true, 8);
        if (payment.ok() && currency != u"TFT")
            payment.fail(QStringLiteral("payment.currency must be \"TFT\" (got \"%1\")").arg(currency));
        if (!payment.ok())
            f.fail(payment.error());
        d.payment = amount;
    }

    d.nodeIds = {nodeId};
    // Nothing is accepted only to be dropped: a field of another type is refused.
    if (type != u"container" && f.ok() && f.has(QStringLiteral("docker_image")))
        f.fail(QStringLiteral("docker_image applies only to container deployments"));
    if (type != u"kubernetes" && f.ok() && f.has(QStringLiteral("kubernetes_manifest")))
        f.fail(QStringLiteral("kubernetes_manifest applies only to kubernetes deployments"));
    if (type == u"container") {
        d.image = f.string(QStringLiteral("image"), true, 512);
        d.dockerImage = f.string(QStringLiteral("docker_image"), false, 512);
        const QJsonArray ports = f.array(QStringLiteral("ports"), false);
        for (const QJsonValue &p : ports) {
            const double v = p.toDouble(-1);
            if (!p.isDouble() || v != double(int(v)) || v < 1 || v > 65535) {
                f.fail(QStringLiteral("ports must hold port numbers from 1 to 65535"));
                break;
            }
            d.ports.append(int(v));
        }
    } else if (type == u"kubernetes") {
        d.manifest = f.string(QStringLiteral("kubernetes_manifest"), false, 256 * 1024);
        if (f.ok() && f.has(QStringLiteral("kubernetes_manifest")) && d.manifest.trimmed().isEmpty())
            f.fail(QStringLiteral("kubernetes_manifest must not be empty"));
        const qint64 count = f.integer(QStringLiteral("node_count"), 1, 100);
        const QJsonArray ids = f.array(QStringLiteral("node_ids"), true);
        if (f.ok()) {
            d.nodeIds.clear();
            for (const QJsonValue &v : ids) {
                const double id = v.toDouble(-1);
                if (!v.isDouble() || id != double(qint64(id)) || id < 1 || id > INT32_MAX) {
                    f.fail(QStringLiteral("node_ids must hold node ids"));
                    break;
                }
                d.nodeIds.append(qint64(id));
            }
            if (f.ok() && d.nodeIds.size() != count)
                f.fail(QStringLiteral("node_ids holds %1 ids but node_count is %2").arg(d.nodeIds.size()).arg(count));
            if (f.ok() && d.nodeIds.first() != nodeId)
                f.fail(QStringLiteral("node_id (%1) must be the first of node_ids (%2)").arg(nodeId).arg(d.nodeIds.first()));
        }
    } else if (type == u"storage") {
        f.string(QStringLiteral("storage_type"), true, 64);
    } else if (type == u"app") {
        f.string(QStringLiteral("app_id"), true, 128);
    }
    if (!f.ok())
        return SimReply::error(400, f.error());
    // As the real gateway (grid_client's machines): a container is a micro VM booted from an
    // flist; a Docker image as such cannot run.
    static const QRegularExpression flistUrl(
        QStringLiteral("^https://[a-z0-9.-]+/[A-Za-z0-9._/:-]+\\.flist$"));
    if (type == u"container" && !flistUrl.match(d.image).hasMatch())
        return SimReply::error(422,
            QStringLiteral(
                "image \"%1\" is not an flist: the grid runs micro VMs from flists only. Convert the Docker "
                "image on the ThreeFold Hub (https://hub.grid.tf, \"Docker Hub Converter\") or with the "
                "hub's "
                "/api/flist/me/docker endpoint, then send the .flist URL as image "
                "(https://hub.grid.tf/<user>/<image>.flist)")
                .arg(d.image));
    // kubectl apply refuses an object without a kind.
    static const QRegularExpression kind(QStringLiteral("(^|\\n)\\s*\"?kind\"?\\s*:"));
    if (!d.manifest.isEmpty() && !kind.match(d.manifest).hasMatch())
        return SimReply::error(
            422, QStringLiteral("kubernetes_manifest: error validating data: kind not set"));

    // The grid's refusal, per node, in the order asked; a node may carry several members.
    QMap<qint64, int> members;
    for (qint64 id : d.nodeIds)
        members[id] += 1;
    for (qint64 id : d.nodeIds) {
        const SimNode *n = m_fleet->find(id);
        if (!n)
            return SimReply::error(422, QStringLiteral("node %1 does not exist on this grid").arg(id));
        if (n->status != u"up")
            return SimReply::error(422, QStringLiteral("node %1 is %2 and does not answer").arg(id).arg(n->status));
        // TFChain's rule (pallet-smart-contract grid_contract.rs, create_node_contract): a rented
        // node takes only its renter's contracts; a dedicated one (dedicated farm or extra fee)
        // only under a rent contract.
        if (n->rented && n->rentedByTwinId != d.twinId)
            return SimReply::error(422, QStringLiteral("node %1: NodeNotAvailableToDeploy (rented by twin %2)").arg(id).arg(n->rentedByTwinId));
        if (!n->rented && n->chainDedicated())
            return SimReply::error(422, QStringLiteral("node %1: NodeNotAvailableToDeploy (dedicated: rent it before deploying on it)").arg(id));
        const SimResources free = n->free();
        const int k = members.value(id);
        if (free.mru < k * d.memoryGb * kGiB)
            return SimReply::error(422, QStringLiteral("node %1 reported: not enough memory").arg(id));
        if (free.sru < k * d.storageGb * kGiB)
            return SimReply::error(422, QStringLiteral("node %1 reported: not enough storage").arg(id));
    }

    // A public IPv4 comes from the farm's pool (tfchain: FarmHasNotEnoughPublicIPs when empty).
    if (d.publicIpv4) {
        const SimNode *n = m_fleet->find(d.nodeIds.first());
        if (m_fleet->farmFreeIps(n->farmId) < 1)
            return SimReply::error(422, QStringLiteral("farm %1: FarmHasNotEnoughPublicIPs (no free public IPv4 for node %2)")
                                            .arg(n->farmId)
                                            .arg(n->nodeId));
    }

    d.sequence = ++m_sequence;
    d.contractId = 1000000 + d.sequence;
    int perJob = 1;
    for (const SimDeployment &other : m_deployments)
        if (other.jobId == d.jobId)
            ++perJob;
    d.id = QStringLiteral("dep-%1-%2").arg(d.jobId, 6, 10, QLatin1Char('0')).arg(perJob);
    d.createdMs = d.changedMs = m_clock->nowMs();
    decideOutcome(d, faults, dice);

    // Addresses, known once the workload is up; public IPv4 only when asked.
    const qint64 first = d.nodeIds.first();
    const SimNode *node = m_fleet->find(first);
    const quint64 h = SimRng::mix(quint64(d.contractId) * 7919u + quint64(first));
    // The IP as ZOS reports it: with its prefix ("185.69.61.10/24").
    if (d.publicIpv4)
        d.ip = m_fleet->farm(node->farmId)->freeIps.takeFirst();
    if (d.publicIpv6)
        d.ipv6 = simaddress::nodeV6Prefix(quint64(first)) + QStringLiteral("::") + simaddress::hostPart(quint64(d.sequence));
    if (d.mycelium)
        d.myceliumIp = QStringLiteral("%1:%2:%3:%4::%5")
                           .arg(0x400 + (h & 0x1ff), 0, 16)
                           .arg(simaddress::group(h >> 16), simaddress::group(h >> 32), simaddress::group(h >> 48))
                           .arg(simaddress::hostPart(quint64(d.sequence)));
    if (type == u"app" || (type == u"container" && !d.ports.isEmpty()))
        d.webUrl = QStringLiteral("https://%1.gw%2.grid.tf").arg(d.name.toLower().replace(u'_', u'-')).arg(first);

    applyUsage(d, +1);
    m_deployments.push_back(d);
    QJsonObject reply = toJson(d);
    reply.insert(QStringLiteral("state"), QStringLiteral("init")); // just created, whatever the delay
    return SimReply::json(reply, 201);
}

QString SimDeployments::stateOf(const SimDeployment &d) const
{
    if (d.end != SimDeployment::End::None)
        return QStringLiteral("deleted");
    if (m_clock->nowMs() < d.readyAtMs)
        return QStringLiteral("init");
    return d.fails ? QStringLiteral("error") : QStringLiteral("ok");
}

QJsonObject SimDeployments::toJson(const SimDeployment &d) const
{
    const QString state = stateOf(d);
    const bool up = state == u"ok";
    qint64 updatedMs = d.changedMs;
    if (d.end != SimDeployment::End::None)
        updatedMs = d.endedMs;
    else if (state != u"init")
        updatedMs = d.readyAtMs;
    QString message;
    if (state == u"error")
        message = d.failMessage;
    else if (d.end == SimDeployment::End::Stopped)
        message = QStringLiteral("stopped: the workload was removed, the contract is kept");
    else if (d.end == SimDeployment::End::Cancelled)
        message = QStringLiteral("the contract was cancelled");
    QJsonObject out { { QStringLiteral("id"), d.id }, { QStringLiteral("contract_id"), d.contractId },
        { QStringLiteral("node_id"), d.nodeIds.first() }, { QStringLiteral("node_ids"), idArray(d.nodeIds) },
        { QStringLiteral("type"), d.type }, { QStringLiteral("name"), d.name },
        { QStringLiteral("job_id"), d.jobId }, { QStringLiteral("state"), state },
        { QStringLiteral("ip"), up ? d.ip : QString() }, { QStringLiteral("ipv6"), up ? d.ipv6 : QString() },
        { QStringLiteral("mycelium_ip"), up ? d.myceliumIp : QString() },
        { QStringLiteral("web_url"), up ? d.webUrl : QString() }, { QStringLiteral("message"), message },
        { QStringLiteral("created_at"), d.createdMs / 1000 },
        { QStringLiteral("updated_at"), updatedMs / 1000 },
        // The simulator can do all three; the real gateway only cancel.
        { QStringLiteral("actions"),
            QJsonArray { QStringLiteral("cancel"), QStringLiteral("restart"), QStringLiteral("stop") } } };
    // What was asked for, echoed: the flist and image of a container, the manifest's digest.
    if (d.type == u"container") {
        out.insert(QStringLiteral("image"), d.image);
        out.insert(QStringLiteral("docker_image"), d.dockerImage);
    } else if (d.type == u"kubernetes") {
        out.insert(QStringLiteral("kubernetes_manifest_sha256"),
            d.manifest.isEmpty()
                ? QString()
                : QString::fromLatin1(
                    QCryptographicHash::hash(d.manifest.toUtf8(), QCryptographicHash::Sha256).toHex()));
    }
    return out;
}

SimReply SimDeployments::get(const QString &id) const
{
    const SimDeployment *d = find(id);
    if (!d)
        return SimReply::error(404, QStringLiteral("deployment %1 not found").arg(id));
    return SimReply::json(toJson(*d));
}

SimReply SimDeployments::cancel(const QString &id)
{
    SimDeployment *d = findMutable(id);
    if (!d || d->end == SimDeployment::End::Cancelled)
        return SimReply::error(404, QStringLiteral("deployment %1 does not exist").arg(id));
    if (d->holdsResources())
        applyUsage(*d, -1);
    d->end = SimDeployment::End::Cancelled;
    d->endedMs = m_clock->nowMs();
    return SimReply::json(toJson(*d));
}

SimReply SimDeployments::stop(const QString &id)
{
    SimDeployment *d = findMutable(id);
    if (!d || d->end == SimDeployment::End::Cancelled)
        return SimReply::error(404, QStringLiteral("deployment %1 does not exist").arg(id));
    if (d->end == SimDeployment::End::None) {
        applyUsage(*d, -1);
        d->end = SimDeployment::End::Stopped;
        d->endedMs = m_clock->nowMs();
    }
    return SimReply::json(toJson(*d));
}

SimReply SimDeployments::restart(const QString &id, const SimFaults &faults, SimFaultDice &dice)
{
    SimDeployment *d = findMutable(id);
    if (!d || d->end == SimDeployment::End::Cancelled)
        return SimReply::error(404, QStringLiteral("deployment %1 does not exist").arg(id));
    if (d->end == SimDeployment::End::Stopped)
        return SimReply::error(409, QStringLiteral("deployment %1 is stopped: its workload is gone, so it cannot restart").arg(id));
    d->changedMs = m_clock->nowMs();
    decideOutcome(*d, faults, dice);
    return SimReply::json(toJson(*d));
}

SimReply SimDeployments::health(const QString &id, const SimFaults &faults, SimFaultDice &dice, quint16 sshPort) const
{
    const SimDeployment *d = find(id);
    if (!d)
        return SimReply::error(404, QStringLiteral("deployment %1 not found").arg(id));
    const bool flaky = dice.chance(faults.healthFailRate); // drawn on every call, see decideOutcome
    const QString state = stateOf(*d);
    QJsonArray checks;
    bool healthy = false;
    auto check = [](const char *name, bool ok, const QString &message) {
        return QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)}, {QStringLiteral("ok"), ok},
                           {QStringLiteral("message"), message}};
    };
    if (state != u"ok") {
        const QString why = state == u"error" ? d->failMessage : QStringLiteral("deployment is %1").arg(state);
        checks.append(check("workload", false, why));
    } else if (flaky) {
        checks.append(check("workload", true, QString()));
        checks.append(check("network", false,
                            QStringLiteral("node %1 reported: workload unreachable (ping timeout over mycelium)").arg(d->nodeIds.first())));
    } else {
        healthy = true;
        checks.append(check("workload", true, QString()));
        checks.append(check("network", true, QString()));
    }
    return SimReply::json(QJsonObject{
        {QStringLiteral("healthy"), healthy},
        {QStringLiteral("checks"), checks},
        {QStringLiteral("ssh"), QJsonObject{{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), int(sshPort)}}}});
}

QJsonArray SimDeployments::contractsJson() const
{
    QJsonArray out;
    for (const SimDeployment &d : m_deployments) {
        if (d.end == SimDeployment::End::Cancelled)
            continue;
        out.append(QJsonObject { { QStringLiteral("deployment_id"), d.id },
            { QStringLiteral("contract_id"), d.contractId }, { QStringLiteral("node_id"), d.nodeIds.first() },
            { QStringLiteral("node_ids"), idArray(d.nodeIds) }, { QStringLiteral("job_id"), d.jobId },
            { QStringLiteral("type"), d.type }, { QStringLiteral("payment"), d.payment },
            { QStringLiteral("image"), d.image }, { QStringLiteral("docker_image"), d.dockerImage },
            { QStringLiteral("kubernetes_manifest"), d.manifest }, { QStringLiteral("state"), stateOf(d) } });
    }
    return out;
}

int SimDeployments::liveCount() const
{
    int n = 0;
    for (const SimDeployment &d : m_deployments)
        if (d.end != SimDeployment::End::Cancelled)
            ++n;
    return n;
}

} // namespace griddeck
