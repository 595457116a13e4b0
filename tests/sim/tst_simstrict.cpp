// The simulator is as strict as the real services, over loopback HTTP: the Grid Proxy refuses
// unknown query keys and sort keys outside the Node type's `sort` tags with the real 400 bodies
// (tfgrid-sdk-go grid-proxy internal/explorer/param_parser.go, pkg/types/limit.go), answers
// GET /nodes/{id} with nested capacity, sends count/size/pages; the fleet is shaped like the
// real grid; TFChain's price is whole mUSD; deployments take names as grid_client does and
// public IPv4 from the farm's pool, with their prefix.
#include "SimHttp.h"

using namespace griddeck;
using namespace griddeck::simtest;

class TestSimStrict : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesUnknownKeysAndBadSortKeysWithTheRealBody_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("unknown key")
            << QStringLiteral("/nodes?status=up&foo=1")
            << QByteArray("{\"error\":\"failed to decode params: schema: invalid path \\\"foo\\\"\"}\n");
        QTest::newRow("sort_by free_mru")
            << QStringLiteral("/nodes?sort_by=free_mru&sort_order=desc")
            << QByteArray("{\"error\":\"\\\"free_mru\\\" is not a sort field for Node type\"}\n");
        QTest::newRow("bad sort order")
            << QStringLiteral("/nodes?sort_by=node_id&sort_order=down")
            << QByteArray("{\"error\":\"\\\"down\\\" is not a valid sort order\"}\n");
        QTest::newRow("not a number") << QStringLiteral("/nodes?free_mru=-1")
                                      << QByteArray("{\"error\":\"failed to decode params: schema: error "
                                                    "converting value for \\\"free_mru\\\"\"}\n");
        QTest::newRow("two unknown keys") << QStringLiteral("/nodes?zz=1&aa=2")
                                          << QByteArray("{\"error\":\"failed to decode params: schema: "
                                                        "invalid path \\\"aa\\\" (and 1 other error)\"}\n");
        QTest::newRow("stats unknown key")
            << QStringLiteral("/stats?status=up&sort=1")
            << QByteArray("{\"error\":\"failed to decode params: schema: invalid path \\\"sort\\\"\"}\n");
    }
    void refusesUnknownKeysAndBadSortKeysWithTheRealBody()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, body);
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const HttpReply r = http.get(target);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body, body);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    }

    void acceptsEveryRealKeyAndSortKey()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        // What grid_client sends (tfgrid-sdk-ts grid_client src/primitives/nodes.ts filterNodes).
        HttpReply r = http.get(
            QStringLiteral("/nodes?status=up&healthy=true&total_cru=2&free_mru=1073741824&free_sru=1&"
                           "free_ips=1&available_for=7777&ret_count=true&page=1&size=20&randomize=false&"
                           "in_dedicated_farm=false&excluded=1,2&features=zmachine&balance=0"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.contains("count"));
        QCOMPARE(r.headers.value("size"), QByteArray("20"));
        QVERIFY(r.headers.contains("pages"));
        const QStringList sortKeys = { QStringLiteral("node_id"), QStringLiteral("farm_id"),
            QStringLiteral("twin_id"), QStringLiteral("uptime"), QStringLiteral("created"),
            QStringLiteral("updated_at"), QStringLiteral("country"), QStringLiteral("city"),
            QStringLiteral("status"), QStringLiteral("dedicated_farm"), QStringLiteral("rent_contract_id"),
            QStringLiteral("rented"), QStringLiteral("rentable"), QStringLiteral("num_gpu"),
            QStringLiteral("extra_fee"), QStringLiteral("price_usd"), QStringLiteral("free_cru"),
            QStringLiteral("total_cru"), QStringLiteral("total_mru"), QStringLiteral("total_sru"),
            QStringLiteral("total_hru"), QStringLiteral("used_cru"), QStringLiteral("used_mru"),
            QStringLiteral("used_sru"), QStringLiteral("used_hru") };
        for (const QString &key : sortKeys) {
            r = http.get(QStringLiteral("/nodes?sort_by=%1&sort_order=DESC&size=5").arg(key));
            QVERIFY2(r.status == 200, qPrintable(key + QStringLiteral(": ") + QString::fromUtf8(r.body)));
        }
        // Sorted for real: total_cru descending.
        r = http.get(QStringLiteral("/nodes?sort_by=total_cru&sort_order=desc&size=50"));
        qint64 previous = INT64_MAX;
        for (const QJsonValue &v : r.array()) {
            const qint64 cru = v.toObject()
                                   .value(QStringLiteral("total_resources"))
                                   .toObject()
                                   .value(QStringLiteral("cru"))
                                   .toInteger();
            QVERIFY(cru <= previous);
            previous = cru;
        }
        // Empty values are ignored, as the real parser does.
        QCOMPARE(http.get(QStringLiteral("/nodes?sort_by=&country=")).status, 200);
    }

    void nodeByIdHasNestedCapacity()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const QJsonObject listed = sim.fleet().first();
        const qint64 id = listed.value(QStringLiteral("nodeId")).toInteger();
        const HttpReply r = http.get(QStringLiteral("/nodes/%1").arg(id));
        QCOMPARE(r.status, 200);
        const QJsonObject node = r.object();
        QVERIFY(!node.contains(QStringLiteral("total_resources")));
        QVERIFY(!node.contains(QStringLiteral("used_resources")));
        const QJsonObject capacity = node.value(QStringLiteral("capacity")).toObject();
        QCOMPARE(capacity.value(QStringLiteral("total_resources")),
            listed.value(QStringLiteral("total_resources")));
        QCOMPARE(
            capacity.value(QStringLiteral("used_resources")), listed.value(QStringLiteral("used_resources")));
        for (const char *key :
            { "inDedicatedFarm", "extraFee", "farm_free_ips", "rentable", "rentedByTwinId", "healthy" })
            QVERIFY2(node.contains(QLatin1String(key)), key);

        HttpReply missing = http.get(QStringLiteral("/nodes/999999999"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body, QByteArray("{\"error\":\"node not found\"}\n"));
        missing = http.get(QStringLiteral("/nodes/abc"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body, QByteArray("404 page not found\n"));
    }

    void fleetIsShapedLikeTheRealGrid()
    {
        GridSimulator sim(fastOptions(7));
        QVERIFY(sim.start());
        int dedicatedFarm = 0, rented = 0, extraFee = 0, recentBoot = 0, withIps = 0, withoutIps = 0;
        for (const QJsonObject &n : sim.fleet()) {
            const qint64 total = n.value(QStringLiteral("total_resources"))
                                     .toObject()
                                     .value(QStringLiteral("cru"))
                                     .toInteger();
            const qint64 used = n.value(QStringLiteral("used_resources"))
                                    .toObject()
                                    .value(QStringLiteral("cru"))
                                    .toInteger();
            QVERIFY2(used > total,
                qPrintable(QStringLiteral("node %1: CPU not over-sold")
                               .arg(n.value(QStringLiteral("nodeId")).toInteger())));
            // ZOS's memory reserve is in used: max(total/10, 2 GiB).
            const qint64 mru = n.value(QStringLiteral("total_resources"))
                                   .toObject()
                                   .value(QStringLiteral("mru"))
                                   .toInteger();
            QVERIFY(
                n.value(QStringLiteral("used_resources")).toObject().value(QStringLiteral("mru")).toInteger()
                >= std::min(mru, std::max(mru / 10, 2 * GiB)));
            dedicatedFarm += n.value(QStringLiteral("inDedicatedFarm")).toBool();
            rented += n.value(QStringLiteral("rented")).toBool();
            extraFee += n.value(QStringLiteral("extraFee")).toInteger() > 0;
            recentBoot += n.value(QStringLiteral("status")).toString() == u"up"
                && n.value(QStringLiteral("uptime")).toInteger() < 86400;
            (n.value(QStringLiteral("farm_free_ips")).toInteger() > 0 ? withIps : withoutIps) += 1;
        }
        QVERIFY(dedicatedFarm >= 10);
        QVERIFY(rented >= 10);
        QVERIFY(extraFee >= 3);
        QVERIFY(recentBoot >= 10);
        QVERIFY(withIps >= 30);
        QVERIFY(withoutIps >= 30);
    }

    void availableForIsTheChainRule()
    {
        GridSimulator sim(fastOptions(7));
        QVERIFY(sim.start());
        Http http(sim.url());
        qint64 renter = 0;
        for (const QJsonObject &n : sim.fleet())
            if (n.value(QStringLiteral("rented")).toBool()) {
                renter = n.value(QStringLiteral("rentedByTwinId")).toInteger();
                break;
            }
        QVERIFY(renter > 0);
        const QList<qint64> expected = bruteForce(sim.fleet(), [renter](const QJsonObject &n) {
            if (n.value(QStringLiteral("rented")).toBool())
                return n.value(QStringLiteral("rentedByTwinId")).toInteger() == renter;
            return !n.value(QStringLiteral("inDedicatedFarm")).toBool()
                && n.value(QStringLiteral("extraFee")).toInteger() == 0;
        });
        const HttpReply r = http.get(QStringLiteral("/nodes?available_for=%1&size=1000").arg(renter));
        QCOMPARE(r.status, 200);
        QList<qint64> got = idsOf(r.array());
        // Nodes rented by the asking twin come first (as the real proxy orders them).
        QVERIFY(r.array().first().toObject().value(QStringLiteral("rented")).toBool());
        std::sort(got.begin(), got.end());
        QCOMPARE(got, expected);
    }

    void tftPriceIsWholeMusd()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const HttpReply r = http.get(QStringLiteral("/tft_price"));
        QCOMPARE(r.status, 200);
        QVERIFY2(QRegularExpression(
                     QStringLiteral("^\\{\"average_tft_price_musd\":[0-9]+,\"tft_price_musd\":[0-9]+\\}$"))
                     .match(QString::fromUtf8(r.body))
                     .hasMatch(),
            r.body.constData());
    }

    void deploymentNamesAsGridClientAndIpsFromTheFarmPool()
    {
        GridSimulator sim(fastOptions(7));
        QVERIFY(sim.start());
        Http http(sim.url());
        QJsonObject node;
        for (const QJsonObject &n : sim.fleet())
            if (n.value(QStringLiteral("farm_free_ips")).toInteger() >= 1
                && n.value(QStringLiteral("status")).toString() == u"up"
                && n.value(QStringLiteral("healthy")).toBool() && !n.value(QStringLiteral("rented")).toBool()
                && !n.value(QStringLiteral("inDedicatedFarm")).toBool()
                && n.value(QStringLiteral("extraFee")).toInteger() == 0 && freeOf(n, "mru") >= 8 * GiB
                && freeOf(n, "sru") >= 100 * GiB) {
                node = n;
                break;
            }
        QVERIFY(!node.isEmpty());
        const qint64 id = node.value(QStringLiteral("nodeId")).toInteger();
        const qint64 ipsBefore = node.value(QStringLiteral("farm_free_ips")).toInteger();

        QJsonObject body = vmBody(id, 5);
        body.insert(QStringLiteral("name"), QStringLiteral("griddeck-5"));
        HttpReply r = http.post(QStringLiteral("/deployments/vm"), body, "k-dash");
        QCOMPARE(r.status, 400);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(u"unsupported character"));
        body.insert(QStringLiteral("name"), QString(37, u'a'));
        r = http.post(QStringLiteral("/deployments/vm"), body, "k-long");
        QCOMPARE(r.status, 400);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(u"36 characters"));

        body.insert(QStringLiteral("name"), QString(36, u'a'));
        QJsonObject network = body.value(QStringLiteral("network")).toObject();
        network.insert(QStringLiteral("public_ipv4"), true);
        body.insert(QStringLiteral("network"), network);
        r = http.post(QStringLiteral("/deployments/vm"), body, "k-ok");
        QCOMPARE(r.status, 201);
        const QString depId = r.object().value(QStringLiteral("id")).toString();
        QTRY_COMPARE(http.get(QStringLiteral("/deployments/") + depId)
                         .object()
                         .value(QStringLiteral("state"))
                         .toString(),
            QStringLiteral("ok"));
        const QString ip = http.get(QStringLiteral("/deployments/") + depId)
                               .object()
                               .value(QStringLiteral("ip"))
                               .toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^185\\.69\\.[0-9]+\\.[0-9]+/24$")).match(ip).hasMatch(),
            qPrintable(ip));
        const QJsonObject after = http.get(QStringLiteral("/nodes/%1").arg(id)).object();
        QCOMPARE(after.value(QStringLiteral("farm_free_ips")).toInteger(), ipsBefore - 1);
    }

    void chainRefusesNodesNotAvailableToTheTwin()
    {
        GridSimulator sim(fastOptions(7));
        QVERIFY(sim.start());
        Http http(sim.url());
        QJsonObject dedicated, rentedNode;
        for (const QJsonObject &n : sim.fleet()) {
            if (n.value(QStringLiteral("status")).toString() != u"up" || freeOf(n, "mru") < 8 * GiB
                || freeOf(n, "sru") < 100 * GiB)
                continue;
            if (n.value(QStringLiteral("inDedicatedFarm")).toBool()
                && !n.value(QStringLiteral("rented")).toBool() && dedicated.isEmpty())
                dedicated = n;
            if (n.value(QStringLiteral("rented")).toBool() && rentedNode.isEmpty())
                rentedNode = n;
        }
        QVERIFY(!dedicated.isEmpty());
        QVERIFY(!rentedNode.isEmpty());
        HttpReply r = http.post(QStringLiteral("/deployments/vm"),
            vmBody(dedicated.value(QStringLiteral("nodeId")).toInteger(), 6), "d");
        QCOMPARE(r.status, 422);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(u"NodeNotAvailableToDeploy"));
        const qint64 renter = rentedNode.value(QStringLiteral("rentedByTwinId")).toInteger();
        r = http.post(QStringLiteral("/deployments/vm"),
            vmBody(rentedNode.value(QStringLiteral("nodeId")).toInteger(), 7), "r1");
        QCOMPARE(r.status, 422);
        QJsonObject mine = vmBody(rentedNode.value(QStringLiteral("nodeId")).toInteger(), 8);
        mine.insert(QStringLiteral("twin_id"), renter);
        r = http.post(QStringLiteral("/deployments/vm"), mine, "r2");
        QVERIFY2(
            r.status == 201 || r.object().value(QStringLiteral("error")).toString().contains(u"not enough"),
            r.body.constData());
    }
};

QTEST_GUILESS_MAIN(TestSimStrict)
#include "tst_simstrict.moc"
