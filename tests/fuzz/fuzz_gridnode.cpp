// Grid proxy replies: node lists, single nodes and grid stats from any JSON, never a crash.
#include "FuzzSupport.h"
#include "grid/GridNode.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace griddeck;
    const QByteArray body = fuzz::bytes(data, size);
    auto list = parseNodeList(body);
    if (!list.ok() && list.error().message.isEmpty())
        fuzz::broken("a rejected node list says why", QString::fromUtf8(body.left(200)));
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        (void)GridNode::fromJson(doc.object());
        (void)GridStats::fromJson(doc.object());
    } else if (doc.isArray()) {
        (void)parseNodeArray(doc.array());
    }
    return 0;
}
