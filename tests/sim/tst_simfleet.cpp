// The simulated fleet on its own: what the generator produces, the real-file loader, and the
// GET /nodes query parser.

#include "TestSupport.h"
#include "sim/SimAddresses.h"
#include "sim/SimFleet.h"

#include <QHostAddress>
#include <QSet>
#include <QtTest>

using namespace griddeck;

namespace {

QByteArray fleetJson(const SimFleet &fleet)
{
    QJsonArray a;
    for (const SimNode &n : fleet.nodes())
        a.append(fleet.nodeJson(n));
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

QByteArray fixtureArray()
{
    return "[" + test::readDataFile(QStringLiteral("gridproxy_node.json")).trimmed() + "]";
}

} // namespace

class TestSimFleet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Addresses built from node ids (fleets up to 100,000) and deployment counts (a long run
    // passes 65,535) stay addresses: "…::1000e" was not, and GridDeck refused those replies.
    void ipv6AddressesStayValidPastFourHexDigits()
    {
        QCOMPARE(simaddress::nodeV6Prefix(0x3661) + QStringLiteral("::e"), QStringLiteral("2a02:1802:5e:3661::e"));
        QCOMPARE(simaddress::hostPart(0xffff), QStringLiteral("ffff"));
        QCOMPARE(simaddress::hostPart(0x1000e), QStringLiteral("1:e"));
        QSet<QString> seen;
        for (quint64 id : { 1ull, 0xffffull, 0x10000ull, 100000ull }) {
            for (quint64 n : { 1ull, 0xffffull, 0x10000ull, 0x1000eull, 4000000000ull }) {
                const QString address = simaddress::nodeV6Prefix(id) + QStringLiteral("::") + simaddress::hostPart(n);
                QHostAddress parsed;
                QVERIFY2(parsed.setAddress(address) && parsed.protocol() == QAbstractSocket::IPv6Protocol,
                    qPrintable(address));
                seen.insert(parsed.toString());
            }
        }
        QCOMPARE(seen.size(), 20); // distinct ids and counts, distinct addresses
    }

    void generatedFleetLooksLikeTheGrid()
    {
        const SimFleet fleet = SimFleet::generate(1, 300);
        QCOMPARE(int(fleet.nodes().size()), 300);
        QSet<QString> countries;
        QSet<qint64> farms, ids;
        int down = 0, unhealthyUp = 0, dedicated = 0, rented = 0, nearlyFull = 0, recentBoot = 0, certified = 0, overcommitted = 0;
        constexpr qint64 GiB = 1073741824LL;
        for (const SimNode &n : fleet.nodes()) {
            countries.insert(n.country);
            farms.insert(n.farmId);
            QVERIFY2(!ids.contains(n.nodeId), "node ids are unique");
            ids.insert(n.nodeId);
            down += n.status == u"down";
            unhealthyUp += n.status == u"up" && !n.healthy;
            dedicated += n.inDedicatedFarm;
            rented += n.rented;
            recentBoot += n.status == u"up" && n.uptime < 86400;
            nearlyFull += n.status == u"up" && n.free().mru < 2 * GiB + 1;
            certified += n.json.value(QStringLiteral("certificationType")).toString() == u"Certified";
            overcommitted += n.used.cru > n.total.cru;
            QVERIFY(n.total.cru >= 4 && n.total.cru <= 64);
            QVERIFY(n.total.mru >= 7 * GiB && n.total.mru <= 512 * GiB);
            QVERIFY(n.total.sru >= 240 * GiB && n.total.sru <= 8192 * GiB);
            QVERIFY(n.total.hru >= 0 && n.total.hru <= 40'000'000'000'000LL);
            // Every field of the documented schema is present.
            for (const char *key : {"id", "nodeId", "farmId", "twinId", "country", "city", "gridVersion", "uptime", "created",
                                    "farmingPolicyId", "updatedAt", "total_resources", "used_resources", "location",
                                    "publicConfig", "status", "healthy", "certificationType", "dedicated", "rentContractId",
                                    "rentedByTwinId", "rented", "farmName", "num_gpu", "price_usd", "inDedicatedFarm",
                                    "rentable", "extraFee", "farm_free_ips", "power", "serialNumber", "features"})
                QVERIFY2(fleet.nodeJson(n).contains(QLatin1String(key)), key);
        }
        QCOMPARE(countries.size(), 25);
        QVERIFY(countries.contains(QStringLiteral("Belgium")) && countries.contains(QStringLiteral("Netherlands")));
        QCOMPARE(farms.size(), 40);
        // The proportions asked for, within what 300 draws spread.
        QVERIFY2(down >= 12 && down <= 40, qPrintable(QString::number(down)));
        QVERIFY2(unhealthyUp >= 5 && unhealthyUp <= 30, qPrintable(QString::number(unhealthyUp)));
        QVERIFY2(dedicated >= 3 && dedicated <= 90, qPrintable(QString::number(dedicated))); // nodes in dedicated farms
        QVERIFY(rented >= 1);
        QVERIFY(nearlyFull >= 10);
        QVERIFY(recentBoot >= 5);
        QVERIFY(certified >= 20 && certified < 200);
        QCOMPARE(overcommitted, 300); // CPU over-sold everywhere, as on the real grid
    }

    void sameSeedSameFleet()
    {
        QCOMPARE(fleetJson(SimFleet::generate(7, 120)), fleetJson(SimFleet::generate(7, 120)));
        QVERIFY(fleetJson(SimFleet::generate(7, 120)) != fleetJson(SimFleet::generate(8, 120)));
        QCOMPARE(int(SimFleet::generate(3, 5).nodes().size()), 5);
    }

    void loadsTheRealNodeObject()
    {
        const auto fleet = SimFleet::fromJson(fixtureArray(), QStringLiteral("fixture"));
        QVERIFY2(fleet.ok(), qPrintable(fleet.ok() ? QString() : fleet.error().message));
        QCOMPARE(int(fleet->nodes().size()), 1);
        const SimNode &n = fleet->nodes().front();
        QCOMPARE(n.nodeId, 1);
        QCOMPARE(n.farmId, 1);
        QCOMPARE(n.country, QStringLiteral("Belgium"));
        QVERIFY(n.healthy); // absent: an up node counts as healthy
        // used > total in real data: free is zero, never negative or wrapped.
        QCOMPARE(n.free().cru, 0);
        QCOMPARE(n.free().sru, 0);
        QCOMPARE(n.free().mru, 202802933760 - 119957094400);
        // Served as read, unknown fields and all.
        QCOMPARE(fleet->nodeJson(n).value(QStringLiteral("id")).toString(), QStringLiteral("0000000510-000001-782e1"));
    }

    void badFilesSayWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("[{\"nodeId\": 1,") << QStringLiteral("not valid JSON");
        QTest::newRow("object") << test::readDataFile(QStringLiteral("gridproxy_node.json")) << QStringLiteral("JSON array");
        QTest::newRow("empty") << QByteArray("[]") << QStringLiteral("empty array");
        QTest::newRow("partial node") << ("[" + test::readDataFile(QStringLiteral("gridproxy_node_partial.json")) + "]")
                                      << QStringLiteral("entry 1 (node 574): farmId is required");
        QTest::newRow("not an object") << QByteArray("[1]") << QStringLiteral("entry 1 is not a node object");
        QByteArray noMru = fixtureArray();
        noMru.replace("\"mru\":202802933760", "\"memory\":1");
        QTest::newRow("missing mru") << noMru << QStringLiteral("total_resources.mru is required");
        QByteArray negative = fixtureArray();
        negative.replace("\"hru\":9001778946048", "\"hru\":-5");
        QTest::newRow("negative") << negative << QStringLiteral("total_resources.hru must be between 0");
        QByteArray status = fixtureArray();
        status.replace("\"status\":\"up\"", "\"status\":\"sideways\"");
        QTest::newRow("status") << status << QStringLiteral("status must be up, down or standby");
        const QByteArray one = fixtureArray().mid(1).chopped(1);
        QTest::newRow("duplicate") << ("[" + one + "," + one + "]") << QStringLiteral("nodeId 1 already appears in entry 1");
    }

    void badFilesSayWhatIsWrong()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto fleet = SimFleet::fromJson(json, QStringLiteral("nodes file x.json"));
        QVERIFY(!fleet.ok());
        QVERIFY2(fleet.error().message.contains(expected), qPrintable(fleet.error().message));
        QVERIFY(fleet.error().message.contains(QStringLiteral("x.json")));
    }

    void missingFileIsAnError()
    {
        const auto fleet = SimFleet::loadFile(QStringLiteral("/nonexistent/nodes.json"));
        QVERIFY(!fleet.ok());
        QVERIFY(fleet.error().message.contains(QStringLiteral("/nonexistent/nodes.json")));
    }

    void queryParsing()
    {
        const auto q = SimNodeQuery::parse(QUrlQuery(QStringLiteral(
            "status=up&healthy=true&free_mru=1024&farm_ids=1,2&country=belgium&page=2&size=10&ret_count=true"
            "&sort_by=total_sru&sort_order=DESC&total_cru=4&free_ips=1&available_for=77&free_hru=")));
        QVERIFY2(q.ok(), qPrintable(q.ok() ? QString() : q.error().message));
        QCOMPARE(q->statuses, QStringList{QStringLiteral("up")});
        QCOMPARE(q->healthy, std::optional<bool>(true));
        QCOMPARE(q->freeMru, std::optional<quint64>(1024));
        QVERIFY(!q->freeHru); // empty values are ignored, as the real parser does
        QCOMPARE(q->farmIds, (QList<quint64>{1, 2}));
        QCOMPARE(q->page, 2u);
        QCOMPARE(q->size, 10u);
        QCOMPARE(q->totalCru, std::optional<quint64>(4));
        QCOMPARE(q->availableFor, std::optional<quint64>(77));
        QVERIFY(q->retCount && q->descending);
        QCOMPARE(q->sortBy, QStringLiteral("total_sru"));

        const std::pair<const char *, const char *> bad[] = {
            {"status=sideways", "\"sideways\" is not a node status"},
            {"healthy=yes", "schema: error converting value for \"healthy\""},
            {"free_mru=-1", "schema: error converting value for \"free_mru\""},
            {"free_sru=1e9", "schema: error converting value for \"free_sru\""},
            {"page=0", "page"},
            {"size=0", "size"},
            {"size=x", "schema: error converting value for \"size\""},
            {"farm_ids=1,x", "schema: error converting value for index 0 of \"farm_ids\""},
            {"node_id=abc", "schema: error converting value for \"node_id\""},
            {"sort_by=price", "\"price\" is not a sort field for Node type"},
            {"sort_by=free_mru", "\"free_mru\" is not a sort field for Node type"},
            {"sort_order=up", "\"up\" is not a valid sort order"},
            {"ret_count=maybe", "schema: error converting value for \"ret_count\""},
            {"whatever=1", "failed to decode params: schema: invalid path \"whatever\""},
            {"free_cru=2", "schema: invalid path \"free_cru\""},
        };
        for (const auto &[query, expected] : bad) {
            const auto r = SimNodeQuery::parse(QUrlQuery(QString::fromLatin1(query)));
            QVERIFY2(!r.ok(), query);
            QVERIFY2(r.error().message.contains(QLatin1String(expected)), qPrintable(r.error().message));
        }
    }
};

QTEST_GUILESS_MAIN(TestSimFleet)
#include "tst_simfleet.moc"
