// Parsing what the grid sends: the real node fixtures, the gateway's deployment and health
// objects, and malformed variants of each. Every bad input must give an error that names the
// field; none may crash or wrap around.

#include "TestSupport.h"
#include "grid/Deployment.h"
#include "grid/GridNode.h"
#include "grid/Json.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace griddeck;

namespace {

QJsonObject fixtureNode()
{
    return QJsonDocument::fromJson(test::readDataFile(QStringLiteral("gridproxy_node.json"))).object();
}

// Sets obj[a][b]... = value along a dotted path, creating nothing but the last key.
QJsonObject withValue(QJsonObject obj, const QString &path, const QJsonValue &value)
{
    const QStringList keys = path.split(u'.');
    if (keys.size() == 1) {
        if (value.isUndefined())
            obj.remove(keys.first());
        else
            obj.insert(keys.first(), value);
        return obj;
    }
    const QString head = keys.first();
    obj.insert(head, withValue(obj.value(head).toObject(), keys.mid(1).join(u'.'), value));
    return obj;
}

QByteArray bytesOf(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

const char *kDeploymentDoc = R"({"id": "dep-000042-1", "contract_id": 1000042, "node_id": 4211, "node_ids": [4211],
 "type": "vm", "state": "ok", "ip": "185.69.166.12", "ipv6": "2a02:1802:5e::12",
 "mycelium_ip": "4a2:7c1e:91ab::1", "web_url": "", "message": "",
 "created_at": 1767225600, "updated_at": 1767225610})";

const char *kHealthDoc = R"({"healthy": true, "checks": [{"name": "workload", "ok": true, "message": ""}],
 "ssh": {"host": "127.0.0.1", "port": 40022}})";

QJsonObject objectOf(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestGridNodeParse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realFixtureParses()
    {
        auto parsed = GridNode::fromJson(fixtureNode());
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        const GridNode &n = parsed.value();
        QCOMPARE(n.id, QStringLiteral("0000000510-000001-782e1"));
        QCOMPARE(n.nodeId, 1);
        QCOMPARE(n.farmId, 1);
        QCOMPARE(n.twinId, 9);
        QCOMPARE(n.country, QStringLiteral("Belgium"));
        QCOMPARE(n.city, QStringLiteral("Unknown"));
        QCOMPARE(n.total.cru, 24u);
        QCOMPARE(n.total.sru, 512110190592ull);
        QCOMPARE(n.total.hru, 9001778946048ull);
        QCOMPARE(n.total.mru, 202802933760ull);
        QCOMPARE(n.used.cru, 52u);
        QCOMPARE(n.used.sru, 793419710464ull);
        QCOMPARE(n.status, NodeStatus::Up);
        QCOMPARE(n.statusText, QStringLiteral("up"));
        QCOMPARE(n.certificationType, QStringLiteral("Diy"));
        QCOMPARE(n.uptimeSeconds, 1297882ull);
        QCOMPARE(n.updatedAt, 1650550422);
        QCOMPARE(n.created, 1649252220);
        QVERIFY(n.publicIpv4.isEmpty());
        QVERIFY(!n.latitude.has_value());
        QVERIFY(!n.dedicated);
        QVERIFY(!n.isRented());
        QVERIFY(n.availableFor(0));
        QCOMPARE(n.farmFreeIps, 0);
        QVERIFY(!n.farmHasFreeIpv4());
        // The fixture has no "healthy": unknown, which the selector treats as not healthy.
        QVERIFY(!n.healthy.has_value());
        QVERIFY(!n.isHealthy());
    }

    void nestedCapacityOfNodeById()
    {
        // GET /nodes/{id} answers NodeWithNestedCapacity (grid-proxy pkg/types/nodes.go).
        QJsonObject o = fixtureNode();
        const QJsonObject total = o.take(QStringLiteral("total_resources")).toObject();
        const QJsonObject used = o.take(QStringLiteral("used_resources")).toObject();
        o.insert(QStringLiteral("capacity"), QJsonObject{{QStringLiteral("total_resources"), total},
                                                         {QStringLiteral("used_resources"), used}});
        o.insert(QStringLiteral("inDedicatedFarm"), true);
        o.insert(QStringLiteral("extraFee"), 15000);
        o.insert(QStringLiteral("farm_free_ips"), 3);
        o.insert(QStringLiteral("rentable"), true);
        auto parsed = GridNode::fromJson(o);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->total.cru, 24u);
        QCOMPARE(parsed->used.cru, 52u);
        QCOMPARE(parsed->used.sru, 793419710464ull);
        QVERIFY(parsed->inDedicatedFarm);
        QCOMPARE(parsed->extraFeeMusd, 15000u);
        QCOMPARE(parsed->farmFreeIps, 3);
        QVERIFY(parsed->rentable);
        QVERIFY(!parsed->availableFor(0));
        // A nested capacity with a hole is named by its path.
        QJsonObject broken = o;
        broken.insert(QStringLiteral("capacity"), QJsonObject{{QStringLiteral("total_resources"), total}});
        auto bad = GridNode::fromJson(broken);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.contains(u"used_resources"), qPrintable(bad.error().message));
    }

    void usedAboveTotalIsZeroFreeNotWraparound()
    {
        const GridNode n = GridNode::fromJson(fixtureNode()).value();
        const NodeResources free = n.free();
        QCOMPARE(free.cru, 0u);  // used 52 of 24
        QCOMPARE(free.sru, 0u);  // used 793 GB of 512 GB
        QCOMPARE(free.mru, 202802933760ull - 119957094400ull);
        QCOMPARE(free.hru, 9001778946048ull);
    }

    void partialFixtureReportsEveryMissingRequiredField()
    {
        const QJsonObject partial =
            QJsonDocument::fromJson(test::readDataFile(QStringLiteral("gridproxy_node_partial.json"))).object();
        auto parsed = GridNode::fromJson(partial);
        QVERIFY(!parsed.ok());
        const QString m = parsed.error().message;
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(m.startsWith(QStringLiteral("node 574: missing required fields ")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("farmId")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("status")), qPrintable(m));
        // Fields it does have are not reported.
        QVERIFY2(!m.contains(QStringLiteral("country")), qPrintable(m));
        QVERIFY2(!m.contains(QStringLiteral("resources")), qPrintable(m));

        // Everything missing at once: all six required fields in one message.
        auto empty = GridNode::fromJson(QJsonObject());
        QVERIFY(!empty.ok());
        for (const char *field : {"nodeId", "farmId", "country", "total_resources", "used_resources", "status"})
            QVERIFY2(empty.error().message.contains(QLatin1String(field)), qPrintable(empty.error().message));
    }

    void malformedNodes_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");

        QTest::newRow("string resource") << "total_resources.mru" << QJsonValue(QStringLiteral("abc"))
                                         << "node 1: total_resources.mru: expected a non-negative integer, got \"abc\"";
        QTest::newRow("1e30") << "total_resources.sru" << QJsonValue(1e30)
                              << "total_resources.sru: expected a non-negative integer, got 1e+30 (too large";
        QTest::newRow("2^64") << "used_resources.hru" << QJsonValue(18446744073709551616.0)
                              << "used_resources.hru: expected a non-negative integer, got 1.8446744073709552e+19";
        QTest::newRow("2^53+1") << "total_resources.hru" << QJsonValue(qint64(9007199254740993LL))
                                << "total_resources.hru: expected a non-negative integer, got 9007199254740993 (larger than 2^53";
        QTest::newRow("negative") << "used_resources.cru" << QJsonValue(-5)
                                  << "used_resources.cru: expected a non-negative integer, got -5";
        QTest::newRow("fraction") << "total_resources.cru" << QJsonValue(2.5)
                                  << "total_resources.cru: expected a non-negative integer, got 2.5 (not a whole number)";
        QTest::newRow("array for object") << "total_resources" << QJsonValue(QJsonArray{1, 2})
                                          << "total_resources: expected an object, got an array";
        QTest::newRow("object for number") << "nodeId" << QJsonValue(QJsonObject{{"a", 1}})
                                           << "nodeId: expected a non-negative integer, got an object";
        QTest::newRow("string id") << "farmId" << QJsonValue(QStringLiteral("1"))
                                   << "farmId: expected a non-negative integer, got \"1\"";
        QTest::newRow("null required") << "status" << QJsonValue(QJsonValue::Null) << "status: required, got null";
        QTest::newRow("status number") << "status" << QJsonValue(5) << "status: expected a string, got 5";
        QTest::newRow("country bool") << "country" << QJsonValue(true) << "country: expected a string, got true";
        QTest::newRow("healthy string") << "healthy" << QJsonValue(QStringLiteral("yes"))
                                        << "healthy: expected true or false, got \"yes\"";
        QTest::newRow("location array") << "location" << QJsonValue(QJsonArray())
                                        << "location: expected an object, got an array";
        QTest::newRow("latitude out of range") << "location.latitude" << QJsonValue(123.0)
                                               << "location.latitude: expected a number from -90 to 90, got 123";
        QTest::newRow("missing cru") << "used_resources.cru" << QJsonValue(QJsonValue::Undefined)
                                     << "missing required field used_resources.cru";
        QTest::newRow("negative price") << "price_usd" << QJsonValue(-1.5) << "price_usd:";
        QTest::newRow("uptime negative") << "uptime" << QJsonValue(-1) << "uptime: expected a non-negative integer";
    }

    void malformedNodes()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        auto parsed = GridNode::fromJson(withValue(fixtureNode(), path, value));
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(expected),
                 qPrintable(QStringLiteral("got: %1\nwanted: %2").arg(parsed.error().message, expected)));
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidInput);
    }

    void boundaryValuesAreExact()
    {
        // 2^53 is the largest accepted; toInteger keeps it exactly.
        auto n = GridNode::fromJson(withValue(fixtureNode(), QStringLiteral("total_resources.hru"),
                                              QJsonValue(qint64(9007199254740992LL))));
        QVERIFY(n.ok());
        QCOMPARE(n->total.hru, 9007199254740992ull);
        // A whole number written with a fraction part is still that integer.
        auto whole = GridNode::fromJson(withValue(fixtureNode(), QStringLiteral("total_resources.cru"), QJsonValue(24.0)));
        QVERIFY(whole.ok());
        QCOMPARE(whole->total.cru, 24u);
        // price_usd is rounded to 7 places through a decimal string.
        auto priced = GridNode::fromJson(withValue(fixtureNode(), QStringLiteral("price_usd"), QJsonValue(12.5)));
        QVERIFY(priced.ok());
        QCOMPARE(priced->priceUsd->toString(), QStringLiteral("12.5000000"));
        // A big number in text form (as it would appear on the wire) is refused too.
        const QByteArray text = bytesOf(fixtureNode()).replace("\"hru\":0", "\"hru\":18446744073709551616");
        auto list = parseNodeList("[" + text + "]");
        QVERIFY(!list.ok());
        QVERIFY2(list.error().message.contains(QStringLiteral("used_resources.hru")), qPrintable(list.error().message));
    }

    void severalProblemsReportedTogether()
    {
        QJsonObject o = fixtureNode();
        o = withValue(o, QStringLiteral("total_resources.mru"), QStringLiteral("abc"));
        o = withValue(o, QStringLiteral("farmId"), QJsonValue(QJsonValue::Undefined));
        o = withValue(o, QStringLiteral("dedicated"), QStringLiteral("no"));
        auto parsed = GridNode::fromJson(o);
        QVERIFY(!parsed.ok());
        const QString m = parsed.error().message;
        QVERIFY2(m.contains(QStringLiteral("missing required field farmId")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("total_resources.mru")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("dedicated")), qPrintable(m));
    }

    void nodeLists()
    {
        const QByteArray one = test::readDataFile(QStringLiteral("gridproxy_node.json"));
        auto list = parseNodeList("[" + one + "," + QByteArray(one).replace("\"nodeId\":1", "\"nodeId\":2") + "]");
        QVERIFY2(list.ok(), qPrintable(list.ok() ? QString() : list.error().message));
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).nodeId, 2);
        QCOMPARE(parseNodeList("[]").value().size(), 0);

        const struct
        {
            QByteArray input;
            const char *expected;
        } bad[] = {
            {"", "node list is empty"},
            {"[{\"nodeId\": 1, ", "not valid JSON"},
            {one.left(one.size() / 2), "not valid JSON"},
            {one, "expected a JSON array, got an object"},
            {"[[1,2]]", "node list [0]: expected a node object, got an array"},
            {"[42]", "node list [0]: expected a node object, got 42"},
            {"[" + one + ", {\"nodeId\": 7}]", "node list [1]: node 7: missing required fields farmId"},
        };
        for (const auto &b : bad) {
            auto r = parseNodeList(b.input);
            QVERIFY2(!r.ok(), b.expected);
            QVERIFY2(r.error().message.contains(QLatin1String(b.expected)), qPrintable(r.error().message));
        }
    }

    void randomCorruptionNeverCrashes()
    {
        // Flip, drop and insert bytes of the real fixture; each result is a node or an error
        // with a sentence, never a crash or an empty message.
        const QByteArray original = "[" + test::readDataFile(QStringLiteral("gridproxy_node.json")) + "]";
        QRandomGenerator rng(20260101);
        int errors = 0;
        for (int trial = 0; trial < 3000; ++trial) {
            QByteArray b = original;
            const int edits = 1 + rng.bounded(4);
            for (int e = 0; e < edits; ++e) {
                const int at = rng.bounded(b.size());
                switch (rng.bounded(3)) {
                case 0:
                    b[at] = char(rng.bounded(32, 127));
                    break;
                case 1:
                    b.remove(at, 1 + rng.bounded(8));
                    break;
                default:
                    b.insert(at, "-1e999\"[{"[rng.bounded(9)]);
                }
            }
            auto r = parseNodeList(b);
            if (!r.ok()) {
                ++errors;
                QVERIFY(!r.error().message.isEmpty());
            } else {
                for (const GridNode &n : r.value()) {
                    const NodeResources f = n.free();
                    QVERIFY(f.cru <= n.total.cru && f.mru <= n.total.mru && f.sru <= n.total.sru && f.hru <= n.total.hru);
                }
            }
        }
        QVERIFY(errors > 1000); // most corruptions are caught
    }

    void stats()
    {
        const QJsonObject doc{{"nodes", 300}, {"farms", 40}, {"countries", 25}, {"totalCru", 7200},
                              {"totalSru", qint64(512110190592LL)}, {"totalMru", qint64(202802933760LL)},
                              {"totalHru", qint64(9001778946048LL)}, {"publicIps", 12}, {"accessNodes", 3},
                              {"gateways", 2}, {"twins", 900}, {"contracts", 77},
                              {"nodesDistribution", QJsonObject{{"Belgium", 12}, {"Egypt", 3}}}};
        auto s = GridStats::fromJson(doc);
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(s->nodes, 300);
        QCOMPARE(s->totalHru, 9001778946048ull);
        QCOMPARE(s->nodesDistribution.value(QStringLiteral("Belgium")), 12);

        QJsonObject bad = doc;
        bad.remove(QStringLiteral("farms"));
        bad.insert(QStringLiteral("nodesDistribution"), QJsonObject{{"Belgium", "twelve"}});
        auto e = GridStats::fromJson(bad);
        QVERIFY(!e.ok());
        QVERIFY2(e.error().message.contains(QStringLiteral("missing required field farms")), qPrintable(e.error().message));
        QVERIFY2(e.error().message.contains(QStringLiteral("nodesDistribution.Belgium: expected a non-negative integer")),
                 qPrintable(e.error().message));
    }

    void zosStatesAndIpsWithPrefix()
    {
        // ZOS reports IPs with their prefix and has six result states (grid-client/zos/types.go).
        QJsonObject o = objectOf(kDeploymentDoc);
        o.insert(QStringLiteral("ip"), QStringLiteral("185.69.61.10/24"));
        o.insert(QStringLiteral("ipv6"), QStringLiteral("2a02:1802:5e:1::12/64"));
        auto d = DeploymentInfo::fromJson(o);
        QVERIFY2(d.ok(), qPrintable(d.ok() ? QString() : d.error().message));
        QCOMPARE(d->ip, QStringLiteral("185.69.61.10"));
        QCOMPARE(d->ipPrefixLength, 24);
        QCOMPARE(d->ipv6, QStringLiteral("2a02:1802:5e:1::12"));
        QCOMPARE(d->ipv6PrefixLength, 64);
        for (const char *bad : {"185.69.61.10/33", "185.69.61/24", "185.69.61.10/x", "not-an-ip"}) {
            o.insert(QStringLiteral("ip"), QLatin1String(bad));
            QVERIFY2(!DeploymentInfo::fromJson(o).ok(), bad);
        }
        o.insert(QStringLiteral("ip"), QStringLiteral("185.69.61.10"));
        for (const auto &[name, state] : {std::pair{"init", DeploymentState::Init}, {"unchanged", DeploymentState::Unchanged},
                                          {"ok", DeploymentState::Ok}, {"error", DeploymentState::Error},
                                          {"deleted", DeploymentState::Deleted}, {"paused", DeploymentState::Paused}}) {
            o.insert(QStringLiteral("state"), QLatin1String(name));
            auto parsed = DeploymentInfo::fromJson(o);
            QVERIFY2(parsed.ok(), name);
            QCOMPARE(parsed->state, state);
            QCOMPARE(deploymentStateName(state), QLatin1String(name));
        }
    }

    void workloadNamesAsGridClient()
    {
        QVERIFY(validateWorkloadName(QStringLiteral("griddeck_42")).ok());
        QVERIFY(validateWorkloadName(QString(36, u'a')).ok());
        QVERIFY(!validateWorkloadName(QString(37, u'a')).ok());
        QVERIFY(!validateWorkloadName(QStringLiteral("griddeck-42")).ok());
        QVERIFY(!validateWorkloadName(QStringLiteral("grid deck")).ok());
        QVERIFY(!validateWorkloadName(QStringLiteral("café")).ok());
        QVERIFY(!validateWorkloadName(QString()).ok());
        DeploymentRequest r;
        r.name = QStringLiteral("griddeck-42");
        r.jobId = 42;
        r.nodeIds = {1};
        r.payment = Tft::fromWhole(1);
        auto body = r.toJson();
        QVERIFY(!body.ok());
        QVERIFY2(body.error().message.contains(u"name"), qPrintable(body.error().message));
        r.name = QStringLiteral("griddeck_42");
        r.os = QStringLiteral("ubuntu");
        r.version = QStringLiteral("24.04");
        r.twinId = 7777;
        body = r.toJson();
        QVERIFY2(body.ok(), qPrintable(body.ok() ? QString() : body.error().message));
        QCOMPARE(body->value(QStringLiteral("twin_id")).toInteger(), 7777);
    }

    void deploymentInfoFromTheDoc()
    {
        auto d = DeploymentInfo::fromJson(objectOf(kDeploymentDoc));
        QVERIFY2(d.ok(), qPrintable(d.ok() ? QString() : d.error().message));
        QCOMPARE(d->id, QStringLiteral("dep-000042-1"));
        QCOMPARE(d->contractId, 1000042);
        QCOMPARE(d->nodeId, 4211);
        QCOMPARE(d->nodeIds, QList<qint64>{4211});
        QCOMPARE(d->type, DeploymentType::Vm);
        QCOMPARE(d->state, DeploymentState::Ok);
        QCOMPARE(d->ip, QStringLiteral("185.69.166.12"));
        QCOMPARE(d->ipv6, QStringLiteral("2a02:1802:5e::12"));
        QCOMPARE(d->myceliumIp, QStringLiteral("4a2:7c1e:91ab::1"));
        QCOMPARE(d->updatedAt, 1767225610);

        // The create reply is shorter: optional fields default to empty.
        auto created = DeploymentInfo::fromJson(objectOf(R"({"id": "dep-000042-1", "contract_id": 1000042,
            "node_id": 4211, "node_ids": [4211], "type": "vm", "state": "init", "created_at": 1767225600})"));
        QVERIFY(created.ok());
        QCOMPARE(created->state, DeploymentState::Init);
        QVERIFY(created->ip.isEmpty());
    }

    void deploymentInfoMalformed_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown state") << "state" << QJsonValue(QStringLiteral("running"))
                                       << "state: expected a ZOS state (init, unchanged, ok, error, deleted, paused), got \"running\"";
        QTest::newRow("unknown type") << "type" << QJsonValue(QStringLiteral("lambda")) << "type: unknown deployment type";
        QTest::newRow("missing id") << "id" << QJsonValue(QJsonValue::Undefined) << "missing required field id";
        QTest::newRow("empty id") << "id" << QJsonValue(QString()) << "id: must not be empty";
        QTest::newRow("negative contract") << "contract_id" << QJsonValue(-1)
                                           << "contract_id: expected a non-negative integer, got -1";
        QTest::newRow("huge contract") << "contract_id" << QJsonValue(1e30) << "contract_id: expected a non-negative integer";
        QTest::newRow("node_ids of strings") << "node_ids" << QJsonValue(QJsonArray{"a"})
                                             << "node_ids[0]: expected a non-negative integer, got \"a\"";
        QTest::newRow("node_ids object") << "node_ids" << QJsonValue(QJsonObject()) << "node_ids: expected an array";
        QTest::newRow("ip number") << "ip" << QJsonValue(12) << "ip: expected a string, got 12";
    }

    void deploymentInfoMalformed()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        auto d = DeploymentInfo::fromJson(withValue(objectOf(kDeploymentDoc), path, value));
        QVERIFY(!d.ok());
        QVERIFY2(d.error().message.contains(expected), qPrintable(d.error().message));
        // Several missing at once.
        auto empty = DeploymentInfo::fromJson(QJsonObject());
        QVERIFY(!empty.ok());
        QVERIFY2(empty.error().message.contains(QStringLiteral("id, contract_id, node_id, type, state")),
                 qPrintable(empty.error().message));
    }

    void healthReport()
    {
        auto h = HealthReport::fromJson(objectOf(kHealthDoc));
        QVERIFY2(h.ok(), qPrintable(h.ok() ? QString() : h.error().message));
        QVERIFY(h->healthy);
        QCOMPARE(h->checks.size(), 1);
        QCOMPARE(h->checks.first().name, QStringLiteral("workload"));
        QCOMPARE(h->sshHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(h->sshPort, quint16(40022));
        QVERIFY(h->failureSummary().isEmpty());

        auto failing = HealthReport::fromJson(objectOf(R"({"healthy": false, "checks": [
            {"name": "workload", "ok": false, "message": "container exited"}, {"name": "disk", "ok": true}]})"));
        QVERIFY(failing.ok());
        QVERIFY(failing->sshHost.isEmpty());
        QCOMPARE(failing->failureSummary(), QStringLiteral("workload: container exited"));

        const struct
        {
            const char *json;
            const char *expected;
        } bad[] = {
            {R"({"checks": []})", "missing required field healthy"},
            {R"({"healthy": "true", "checks": []})", "healthy: expected true or false, got \"true\""},
            {R"({"healthy": true, "checks": {}})", "checks: expected an array, got an object"},
            {R"({"healthy": true, "checks": [7]})", "checks[0]: expected an object, got 7"},
            {R"({"healthy": true, "checks": [{"ok": true}]})", "missing required field checks[0].name"},
            {R"({"healthy": true, "checks": [], "ssh": {"host": "h", "port": 70000}})",
             "ssh.port: expected an integer from 1 to 65535, got 70000"},
            {R"({"healthy": true, "checks": [], "ssh": {"port": 22}})", "missing required field ssh.host"},
            {R"({"healthy": true, "checks": [], "ssh": []})", "ssh: expected an object, got an array"},
        };
        for (const auto &b : bad) {
            auto r = HealthReport::fromJson(objectOf(b.json));
            QVERIFY2(!r.ok(), b.json);
            QVERIFY2(r.error().message.contains(QLatin1String(b.expected)), qPrintable(r.error().message));
        }
    }

    void deploymentRequestBodyMatchesTheDoc()
    {
        DeploymentRequest r;
        r.type = DeploymentType::Vm;
        r.name = QStringLiteral("griddeck_42");
        r.jobId = 42;
        r.nodeIds = {4211};
        r.cpu = 2;
        r.memoryGb = 4;
        r.storageGb = 50;
        r.os = QStringLiteral("ubuntu");
        r.version = QStringLiteral("22.04");
        r.network = {false, true, true, false};
        r.environment.insert(QStringLiteral("KEY"), QStringLiteral("value"));
        r.payment = Tft::parse(u"2231.4").value();
        auto body = r.toJson();
        QVERIFY(body.ok());
        const QJsonObject doc = objectOf(R"({"type": "vm", "name": "griddeck_42", "job_id": 42, "node_id": 4211,
             "cpu": 2, "memory": 4, "storage": 50, "os": "ubuntu", "version": "22.04",
             "network": {"public_ipv4": false, "public_ipv6": true, "mycelium": true, "planetary": false},
             "environment": {"KEY": "value"},
             "payment": {"amount": "2231.4000000", "currency": "TFT"}})");
        QCOMPARE(body.value(), doc);
    }

    void deploymentRequestPerTypeAndInvalid()
    {
        DeploymentRequest k;
        k.type = DeploymentType::Kubernetes;
        k.name = QStringLiteral("k");
        k.jobId = 7;
        k.nodeIds = {3, 9, 4};
        k.payment = Tft::fromWhole(10);
        auto kb = k.toJson();
        QVERIFY(kb.ok());
        QCOMPARE(kb->value(QStringLiteral("node_count")).toInt(), 3);
        QCOMPARE(kb->value(QStringLiteral("node_id")).toInteger(), 3);
        QCOMPARE(kb->value(QStringLiteral("node_ids")).toArray(), (QJsonArray{3, 9, 4}));
        k.nodeCount = 2;
        QVERIFY(k.toJson().error().message.contains(QStringLiteral("node_count 2, 3 nodes")));

        DeploymentRequest c = k;
        c.type = DeploymentType::Container;
        c.nodeIds = {5};
        c.image = QStringLiteral("nginx:1.25");
        c.ports = {80, 443};
        auto cb = c.toJson();
        QVERIFY(cb.ok());
        QCOMPARE(cb->value(QStringLiteral("ports")).toArray(), (QJsonArray{80, 443}));
        QVERIFY(!cb->contains(QStringLiteral("node_ids")));
        c.ports = {0};
        QVERIFY(c.toJson().error().message.contains(QStringLiteral("ports must be from 1 to 65535, got 0")));

        DeploymentRequest s = c;
        s.type = DeploymentType::Storage;
        QVERIFY(s.toJson().error().message.contains(QStringLiteral("storage_type must not be empty")));
        s.storageType = QStringLiteral("s3");
        QCOMPARE(s.toJson()->value(QStringLiteral("storage_type")).toString(), QStringLiteral("s3"));

        DeploymentRequest a = c;
        a.type = DeploymentType::App;
        QVERIFY(a.toJson().error().message.contains(QStringLiteral("app_id must not be empty")));

        DeploymentRequest v = c;
        v.type = DeploymentType::Vm;
        QVERIFY(v.toJson().error().message.contains(QStringLiteral("vm deployment request: os must not be empty")));
        v.os = QStringLiteral("ubuntu");
        v.version = QStringLiteral("22.04");
        QVERIFY(v.toJson().ok());
        v.nodeIds = {5, 6};
        QVERIFY(v.toJson().error().message.contains(QStringLiteral("node_id must be exactly one node")));
        v.nodeIds = {};
        QVERIFY(v.toJson().error().message.contains(QStringLiteral("node_id is missing")));
        v.nodeIds = {5};
        v.payment = Tft();
        QVERIFY(v.toJson().error().message.contains(QStringLiteral("payment.amount must be positive")));
        v.payment = Tft::fromWhole(1);
        v.memoryGb = 0;
        QCOMPARE(v.toJson().error().kind, ErrorKind::InvalidInput);
        QVERIFY(v.toJson().error().message.contains(QStringLiteral("memory must be at least 1 GB")));
    }

    void jsonHelpers()
    {
        QCOMPARE(json::toInteger(QJsonValue(qint64(-9007199254740992LL)), QStringLiteral("x")).value(), -9007199254740992LL);
        QVERIFY(!json::toInteger(QJsonValue(qint64(-9007199254740993LL)), QStringLiteral("x")).ok());
        QCOMPARE(json::toInteger(QJsonValue(3), QStringLiteral("x"), 1, 2).error().message,
                 QStringLiteral("x: expected an integer from 1 to 2, got 3"));
        QCOMPARE(json::toAmount<Currency::TFT>(QJsonValue(QStringLiteral("1.5")), QStringLiteral("a")).value().toString(),
                 QStringLiteral("1.5000000"));
        QVERIFY(json::toAmount<Currency::TFT>(QJsonValue(1.5), QStringLiteral("a"))
                    .error()
                    .message.startsWith(QStringLiteral("a: expected a decimal string, got 1.5")));
        QVERIFY(!json::toAmount<Currency::TFT>(QJsonValue(QStringLiteral("1e3")), QStringLiteral("a")).ok());
        QVERIFY(json::parseObject("[1]", QStringLiteral("reply")).error().message.contains(QStringLiteral("expected a JSON object")));
    }
};

QTEST_GUILESS_MAIN(TestGridNodeParse)
#include "tst_gridnode_parse.moc"
