#include "grid/Deployment.h"

#include <QHostAddress>
#include <QRegularExpression>

#include "grid/Json.h"

#include <QJsonArray>
#include <QSet>

namespace griddeck {

QString deploymentTypeName(DeploymentType type)
{
    switch (type) {
    case DeploymentType::Vm:
        return QStringLiteral("vm");
    case DeploymentType::Container:
        return QStringLiteral("container");
    case DeploymentType::Kubernetes:
        return QStringLiteral("kubernetes");
    case DeploymentType::Storage:
        return QStringLiteral("storage");
    case DeploymentType::App:
        return QStringLiteral("app");
    }
    return QStringLiteral("vm");
}

std::optional<DeploymentType> deploymentTypeFromName(const QString &name)
{
    for (auto t : {DeploymentType::Vm, DeploymentType::Container, DeploymentType::Kubernetes, DeploymentType::Storage,
                   DeploymentType::App}) {
        if (deploymentTypeName(t) == name)
            return t;
    }
    return std::nullopt;
}

QString deploymentStateName(DeploymentState state)
{
    switch (state) {
    case DeploymentState::Init:
        return QStringLiteral("init");
    case DeploymentState::Ok:
        return QStringLiteral("ok");
    case DeploymentState::Error:
        return QStringLiteral("error");
    case DeploymentState::Deleted:
        return QStringLiteral("deleted");
    case DeploymentState::Unchanged:
        return QStringLiteral("unchanged");
    case DeploymentState::Paused:
        return QStringLiteral("paused");
    }
    return QStringLiteral("init");
}

std::optional<DeploymentState> deploymentStateFromName(const QString &name)
{
    for (auto s : {DeploymentState::Init, DeploymentState::Ok, DeploymentState::Error, DeploymentState::Deleted,
                   DeploymentState::Unchanged, DeploymentState::Paused}) {
        if (deploymentStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

Result<void> validateWorkloadName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9_]+$"));
    if (name.isEmpty())
        return Error::invalid(QStringLiteral("must not be empty"));
    if (name.size() > kMaxWorkloadNameLength)
        return Error::invalid(QStringLiteral("\"%1\" is longer than %2 characters").arg(name).arg(kMaxWorkloadNameLength));
    if (!pattern.match(name).hasMatch())
        return Error::invalid(QStringLiteral("\"%1\" may only hold letters, digits and '_'").arg(name));
    return {};
}

Result<DeploymentIp> parseDeploymentIp(const QString &text)
{
    DeploymentIp ip;
    ip.cidr = text;
    const qsizetype slash = text.indexOf(u'/');
    ip.address = slash < 0 ? text : text.left(slash);
    if (slash >= 0) {
        bool ok = false;
        ip.prefixLength = text.mid(slash + 1).toInt(&ok);
        const int max = ip.address.contains(u':') ? 128 : 32;
        if (!ok || ip.prefixLength < 0 || ip.prefixLength > max)
            return Error::invalid(QStringLiteral("\"%1\" has a bad prefix length (0..%2)").arg(text.left(64)).arg(max));
    }
    // Dotted quads only: QHostAddress would also take inet_aton shorthands such as "185.69.61".
    static const QRegularExpression quad(QStringLiteral("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$"));
    QHostAddress address;
    if ((!ip.address.contains(u':') && !quad.match(ip.address).hasMatch()) || !address.setAddress(ip.address))
        return Error::invalid(QStringLiteral("\"%1\" is not an IP address").arg(text.left(64)));
    return ip;
}

Result<QJsonObject> DeploymentRequest::toJson() const
{
    const QString typeName = deploymentTypeName(type);
    const auto bad = [&](const QString &field, const QString &why) {
        return Error::invalid(QStringLiteral("%1 deployment request: %2 %3").arg(typeName, field, why));
    };
    if (auto valid = validateWorkloadName(name); !valid.ok())
        return bad(QStringLiteral("name"), valid.error().message);
    if (jobId <= 0)
        return bad(QStringLiteral("job_id"), QStringLiteral("must be positive, got %1").arg(jobId));
    if (nodeIds.isEmpty())
        return bad(QStringLiteral("node_id"), QStringLiteral("is missing (no node chosen)"));
    QSet<qint64> distinct;
    for (qint64 id : nodeIds) {
        if (id <= 0)
            return bad(QStringLiteral("node_ids"), QStringLiteral("must hold positive node ids, got %1").arg(id));
        distinct.insert(id);
    }
    if (distinct.size() != nodeIds.size())
        return bad(QStringLiteral("node_ids"), QStringLiteral("must be distinct"));
    if (cpu < 1)
        return bad(QStringLiteral("cpu"), QStringLiteral("must be at least 1, got %1").arg(cpu));
    if (memoryGb < 1)
        return bad(QStringLiteral("memory"), QStringLiteral("must be at least 1 GB, got %1").arg(memoryGb));
    if (storageGb < 0)
        return bad(QStringLiteral("storage"), QStringLiteral("must not be negative, got %1").arg(storageGb));
    if (!payment.isPositive())
        return bad(QStringLiteral("payment.amount"), QStringLiteral("must be positive, got %1").arg(payment.toString()));
    if (type != DeploymentType::Kubernetes && nodeIds.size() != 1)
        return bad(QStringLiteral("node_id"), QStringLiteral("must be exactly one node, got %1").arg(nodeIds.size()));

    QJsonObject body{
        {QStringLiteral("type"), typeName},
        {QStringLiteral("name"), name},
        {QStringLiteral("job_id"), jobId},
        {QStringLiteral("node_id"), nodeIds.first()},
        {QStringLiteral("cpu"), cpu},
        {QStringLiteral("memory"), memoryGb},
        {QStringLiteral("storage"), storageGb},
    };
    if (twinId > 0)
        body.insert(QStringLiteral("twin_id"), twinId);
    switch (type) {
    case DeploymentType::Vm:
        if (os.isEmpty())
            return bad(QStringLiteral("os"), QStringLiteral("must not be empty"));
        if (version.isEmpty())
            return bad(QStringLiteral("version"), QStringLiteral("must not be empty"));
        body.insert(QStringLiteral("os"), os);
        body.insert(QStringLiteral("version"), version);
        break;
    case DeploymentType::Container: {
        if (image.isEmpty())
            return bad(QStringLiteral("image"), QStringLiteral("must not be empty"));
        QJsonArray portList;
        for (int p : ports) {
            if (p < 1 || p > 65535)
                return bad(QStringLiteral("ports"), QStringLiteral("must be from 1 to 65535, got %1").arg(p));
            portList.append(p);
        }
        body.insert(QStringLiteral("image"), image);
        if (!dockerImage.isEmpty())
            body.insert(QStringLiteral("docker_image"), dockerImage);
        body.insert(QStringLiteral("ports"), portList);
        break;
    }
    case DeploymentType::Kubernetes: {
        const int count = nodeCount > 0 ? nodeCount : int(nodeIds.size());
        if (count != nodeIds.size())
            return bad(QStringLiteral("node_ids"),
                       QStringLiteral("must list one node per member: node_count %1, %2 nodes")
                           .arg(count)
                           .arg(nodeIds.size()));
        QJsonArray ids;
        for (qint64 id : nodeIds)
            ids.append(id);
        body.insert(QStringLiteral("node_count"), count);
        body.insert(QStringLiteral("node_ids"), ids);
        if (!kubernetesManifest.isEmpty())
            body.insert(QStringLiteral("kubernetes_manifest"), kubernetesManifest);
        break;
    }
    case DeploymentType::Storage:
        if (storageType.isEmpty())
            return bad(QStringLiteral("storage_type"), QStringLiteral("must not be empty"));
        body.insert(QStringLiteral("storage_type"), storageType);
        break;
    case DeploymentType::App:
        if (appId.isEmpty())
            return bad(QStringLiteral("app_id"), QStringLiteral("must not be empty"));
        body.insert(QStringLiteral("app_id"), appId);
        break;
    }
    body.insert(QStringLiteral("network"), QJsonObject{
                                               {QStringLiteral("public_ipv4"), network.publicIpv4},
                                               {QStringLiteral("public_ipv6"), network.publicIpv6},
                                               {QStringLiteral("mycelium"), network.mycelium},
                                               {QStringLiteral("planetary"), network.planetary},
                                           });
    QJsonObject env;
    for (auto it = environment.constBegin(); it != environment.constEnd(); ++it) {
        if (it.key().isEmpty())
            return bad(QStringLiteral("environment"), QStringLiteral("has an empty variable name"));
        env.insert(it.key(), it.value());
    }
    body.insert(QStringLiteral("environment"), env);
    body.insert(QStringLiteral("payment"), QJsonObject{{QStringLiteral("amount"), payment.toString()},
                                                       {QStringLiteral("currency"), QStringLiteral("TFT")}});
    return body;
}

Result<DeploymentInfo> DeploymentInfo::fromJson(const QJsonObject &object)
{
    json::ObjectReader r(object, QStringLiteral("deployment"));
    if (const QJsonValue id = object.value(QStringLiteral("id")); id.isString() && !id.toString().isEmpty())
        r.setWhat(QStringLiteral("deployment %1").arg(id.toString().left(64)));
    DeploymentInfo d;
    d.id = r.string(QStringLiteral("id"), true).value_or(QString());
    if (object.value(QStringLiteral("id")).isString() && d.id.isEmpty())
        r.addProblem(QStringLiteral("id"), QStringLiteral("must not be empty"));
    d.contractId = r.integer(QStringLiteral("contract_id"), true, 0).value_or(0);
    d.nodeId = r.integer(QStringLiteral("node_id"), true, 0).value_or(0);
    if (auto ids = r.array(QStringLiteral("node_ids"), false)) {
        for (qsizetype i = 0; i < ids->size(); ++i) {
            auto id = json::toInteger(ids->at(i), QStringLiteral("node_ids[%1]").arg(i), 0);
            if (!id) {
                r.addMessage(id.error().message);
                break;
            }
            d.nodeIds.append(id.value());
        }
    }
    if (d.nodeIds.isEmpty() && d.nodeId > 0)
        d.nodeIds.append(d.nodeId);
    if (auto type = r.string(QStringLiteral("type"), true)) {
        if (auto t = deploymentTypeFromName(*type))
            d.type = *t;
        else
            r.addProblem(QStringLiteral("type"), QStringLiteral("unknown deployment type \"%1\"").arg(type->left(40)));
    }
    if (auto state = r.string(QStringLiteral("state"), true)) {
        if (auto s = deploymentStateFromName(*state))
            d.state = *s;
        else
            r.addProblem(QStringLiteral("state"),
                         QStringLiteral("expected a ZOS state (init, unchanged, ok, error, deleted, paused), got \"%1\"")
                             .arg(state->left(40)));
    }
    // ZOS reports IPs with their prefix ("185.69.61.10/24"); we keep the address and the prefix.
    const auto readIp = [&r](const char *key, QString *address, int *prefix) {
        const QString text = r.string(QLatin1String(key), false).value_or(QString());
        *address = text; // "" stays "" (not null): the store keeps it as sent
        if (text.isEmpty())
            return;
        auto ip = parseDeploymentIp(text);
        if (!ip) {
            r.addProblem(QLatin1String(key), ip.error().message);
            return;
        }
        *address = ip->address;
        *prefix = ip->prefixLength;
    };
    readIp("ip", &d.ip, &d.ipPrefixLength);
    readIp("ipv6", &d.ipv6, &d.ipv6PrefixLength);
    d.myceliumIp = r.string(QStringLiteral("mycelium_ip"), false).value_or(QString());
    d.webUrl = r.string(QStringLiteral("web_url"), false).value_or(QString());
    d.message = r.string(QStringLiteral("message"), false).value_or(QString());
    d.createdAt = r.integer(QStringLiteral("created_at"), false, 0).value_or(0);
    d.updatedAt = r.integer(QStringLiteral("updated_at"), false, 0).value_or(0);
    if (auto actions = r.array(QStringLiteral("actions"), false)) {
        QStringList names;
        for (qsizetype i = 0; i < actions->size(); ++i) {
            if (!actions->at(i).isString()) {
                r.addProblem(QStringLiteral("actions[%1]").arg(i), QStringLiteral("must be a string"));
                break;
            }
            names << actions->at(i).toString();
        }
        d.actions = names;
    }
    if (!r.ok())
        return r.error();
    return d;
}

Result<HealthReport> HealthReport::fromJson(const QJsonObject &object)
{
    json::ObjectReader r(object, QStringLiteral("health report"));
    HealthReport h;
    h.healthy = r.boolean(QStringLiteral("healthy"), true).value_or(false);
    if (auto checks = r.array(QStringLiteral("checks"), true)) {
        for (qsizetype i = 0; i < checks->size(); ++i) {
            const QString path = QStringLiteral("checks[%1]").arg(i);
            auto obj = json::toObject(checks->at(i), path);
            if (!obj) {
                r.addMessage(obj.error().message);
                continue;
            }
            json::ObjectReader c = r.nested(obj.value(), path);
            HealthCheck check;
            check.name = c.string(QStringLiteral("name"), true).value_or(QString());
            check.ok = c.boolean(QStringLiteral("ok"), true).value_or(false);
            check.message = c.string(QStringLiteral("message"), false).value_or(QString());
            h.checks.append(check);
        }
    }
    json::ObjectReader ssh = r.object(QStringLiteral("ssh"), false);
    if (ssh.present()) {
        h.sshHost = ssh.string(QStringLiteral("host"), true).value_or(QString());
        h.sshPort = static_cast<quint16>(ssh.integer(QStringLiteral("port"), true, 1, 65535).value_or(0));
    }
    if (!r.ok())
        return r.error();
    return h;
}

QString HealthReport::failureSummary() const
{
    QStringList failing;
    for (const HealthCheck &c : checks) {
        if (!c.ok)
            failing.append(c.message.isEmpty() ? c.name : c.name + QStringLiteral(": ") + c.message);
    }
    if (failing.isEmpty())
        return healthy ? QString() : QStringLiteral("reported unhealthy without a failing check");
    return failing.join(QStringLiteral("; "));
}

} // namespace griddeck
