// Deployment gateway replies as DeployerClient reads them (deployment info, health reports,
// deployment ids) and service specs from JSON: any input gives a value or an error.
#include "FuzzSupport.h"
#include "domain/ServiceSpec.h"
#include "grid/DeployerClient.h"
#include "grid/Deployment.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace griddeck;
    const QByteArray body = fuzz::bytes(data, size);
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        (void)DeploymentInfo::fromJson(doc.object());
        (void)HealthReport::fromJson(doc.object());
    }
    auto spec = ServiceSpec::fromJsonText(body);
    if (spec.ok()) {
        // A spec that loads writes back to JSON that loads to the same spec.
        auto again = ServiceSpec::fromJsonText(QJsonDocument(spec.value().toJson()).toJson());
        if (!again.ok() || !(again.value() == spec.value()))
            fuzz::broken("a service spec round-trips", QString::fromUtf8(body.left(300)));
    }
    (void)checkDeploymentId(QString::fromUtf8(body));
    return 0;
}
