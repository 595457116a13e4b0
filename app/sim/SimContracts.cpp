#include "sim/SimContracts.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace griddeck {

SimReply listContracts(const SimDeployments &deployments, const QUrlQuery &query)
{
    const QString prefix = query.queryItemValue(QStringLiteral("name_prefix"), QUrl::FullyDecoded);
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_-]{0,64}$"));
    if (!allowed.match(prefix).hasMatch())
        return SimReply::error(400,
            QStringLiteral("invalid value \"%1\" for query parameter name_prefix: letters, digits, "
                           "'_' and '-' only, at most 64")
                .arg(prefix));
    QJsonArray out;
    // contractsJson() lists the contracts not cancelled; each one's full view has its name.
    for (const QJsonValue &v : deployments.contractsJson()) {
        const SimDeployment *d
            = deployments.find(v.toObject().value(QStringLiteral("deployment_id")).toString());
        if (!d || (!prefix.isEmpty() && !d->name.startsWith(prefix)))
            continue;
        const QJsonObject c = deployments.toJson(*d);
        out.append(QJsonObject { { QStringLiteral("contract_id"), c.value(QStringLiteral("contract_id")) },
            { QStringLiteral("deployment_id"), c.value(QStringLiteral("id")) },
            { QStringLiteral("name"), c.value(QStringLiteral("name")) },
            { QStringLiteral("node_id"), c.value(QStringLiteral("node_id")) },
            { QStringLiteral("state"), c.value(QStringLiteral("state")) },
            { QStringLiteral("created_at"), c.value(QStringLiteral("created_at")) } });
    }
    return SimReply::json(out);
}

} // namespace griddeck
