// Uptime as a share of a window, from the TFChain indexer's reports over GraphQL, against the
// simulator over loopback: the query GridDeck sends, the simulator's strictness (unknown fields,
// the indexer's default limit of 50) and the shares the selector then sees.
#include "../sim/SimHttp.h"
#include "domain/Clock.h"
#include "grid/UptimeClient.h"

#include <QThread>

using namespace griddeck;
using namespace griddeck::simtest;

namespace {

HttpReply graphql(Http &http, const QJsonObject &body)
{
    return http.post(QStringLiteral("/graphql"), body);
}

} // namespace

class TestUptimeSim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesUptimeEventsLikeTheIndexer()
    {
        ManualClock clock;
        clock.setMs(qint64(1780000000) * 1000);
        SimOptions options = fastOptions(7);
        options.clock = &clock;
        GridSimulator sim(options);
        QVERIFY(sim.start());
        Http http(sim.url());
        const QList<QJsonObject> fleet = sim.fleet();
        QList<qint64> ids;
        for (const QJsonObject &n : fleet)
            ids.append(n.value(QStringLiteral("nodeId")).toInteger());
        const qint64 now = 1780000000;

        HttpReply r = graphql(http, UptimeClient::requestBody(ids, now - uptime::kWindowSeconds));
        QCOMPARE(r.status, 200);
        auto reports = UptimeClient::parseReply(QJsonDocument::fromJson(r.body));
        QVERIFY2(reports.ok(), qPrintable(reports.ok() ? QString() : reports.error().message));
        // BigInts as strings, as the indexer sends them.
        const QJsonObject first = r.object()
                                      .value(QStringLiteral("data"))
                                      .toObject()
                                      .value(QStringLiteral("uptimeEvents"))
                                      .toArray()
                                      .first()
                                      .toObject();
        QVERIFY(first.value(QStringLiteral("timestamp")).isString());
        QVERIFY(first.value(QStringLiteral("uptime")).isString());

        // The latest report of every up node is at "now" (the snapshot moved to the clock), and
        // says how long the node has been up, as the proxy does.
        int below95 = 0, recentButHigh = 0;
        for (int i = 0; i < fleet.size(); ++i) {
            const QJsonObject n = fleet.at(i);
            if (n.value(QStringLiteral("status")).toString() != u"up")
                continue;
            const QList<UptimeReport> mine = reports->value(ids.at(i));
            QVERIFY(!mine.isEmpty());
            const UptimeShare share = uptime::fromReports(mine, now);
            const qint64 sinceBoot = n.value(QStringLiteral("uptime")).toInteger();
            below95 += !share.atLeast(Percent::fromWhole(95).units());
            recentButHigh += sinceBoot < 2 * 86400 && share.atLeast(Percent::fromWhole(95).units());
        }
        QVERIFY(recentButHigh >= 5); // rebooted lately, yet well above 95 % of the month
        QVERIFY(below95 >= 1); // off for days this month: below 95 % whatever its uptime now

        // The indexer's default page is 50 events: without a limit the caller gets 50 at most.
        QJsonObject noLimit { { QStringLiteral("query"),
            QStringLiteral("{ uptimeEvents(orderBy: timestamp_ASC) { nodeID timestamp uptime } }") } };
        r = graphql(http, noLimit);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("uptimeEvents"))
                     .toArray()
                     .size(),
            50);

        // Strict: unknown fields and filters are GraphQL errors.
        r = graphql(
            http, { { QStringLiteral("query"), QStringLiteral("{ uptimeEvents { nodeID load } }") } });
        QCOMPARE(r.status, 400);
        QVERIFY(r.object()
                    .value(QStringLiteral("errors"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(u"load"));
        r = graphql(http,
            { { QStringLiteral("query"),
                QStringLiteral("{ uptimeEvents(where: {farmID_eq: 1}) { nodeID } }") } });
        QCOMPARE(r.status, 400);
        r = graphql(http, { { QStringLiteral("query"), QStringLiteral("{ nodes { nodeID } }") } });
        QCOMPARE(r.status, 400);
    }

    void clientComputesAndCachesSharesOnAWorker()
    {
        ManualClock clock;
        clock.setMs(qint64(1780000000) * 1000);
        SimOptions options = fastOptions(7);
        options.clock = &clock;
        GridSimulator sim(options);
        QVERIFY(sim.start());
        int queries = 0;
        connect(&sim, &GridSimulator::requestHandled, this,
            [&](const QString &endpoint) { queries += endpoint == u"POST /graphql"; });
        QList<qint64> ids;
        for (const QJsonObject &n : sim.fleet())
            ids.append(n.value(QStringLiteral("nodeId")).toInteger());
        ids = ids.mid(0, 50);

        std::atomic<bool> done { false };
        Result<QHash<qint64, UptimeShare>> first = Error::invalid(QStringLiteral("not run"));
        Result<QHash<qint64, UptimeShare>> second = first;
        QUrl url = sim.url();
        url.setPath(QStringLiteral("/graphql"));
        QThread *worker = QThread::create([&] {
            UptimeClient client(url);
            first = client.sharesBlocking(ids, 1780000000);
            second = client.sharesBlocking(ids, 1780000000 + 60); // cached
            done = true;
        });
        worker->start();
        QTRY_VERIFY(done.load());
        worker->wait();
        delete worker;
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QCOMPARE(first->size(), ids.size());
        QCOMPARE(queries, 1);
        QCOMPARE(second->value(ids.first()).upSeconds, first->value(ids.first()).upSeconds);
        // Off: no indexer configured, no shares (the selector uses the substitute).
        QVERIFY(!UptimeClient().enabled());
    }

    void parseReplyIsStrict()
    {
        QVERIFY(!UptimeClient::parseReply(QJsonDocument::fromJson(R"({"data": {}})")).ok());
        QVERIFY(!UptimeClient::parseReply(
            QJsonDocument::fromJson(
                R"({"data": {"uptimeEvents": [{"nodeID": 1, "timestamp": "x", "uptime": "5"}]}})"))
                     .ok());
        auto refused
            = UptimeClient::parseReply(QJsonDocument::fromJson(R"({"errors": [{"message": "nope"}]})"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Permanent);
        auto ok = UptimeClient::parseReply(QJsonDocument::fromJson(
            R"({"data": {"uptimeEvents": [{"nodeID": 4, "timestamp": "1000", "uptime": "600"}, {"nodeID": 4, "timestamp": 2000, "uptime": "1600"}]}})"));
        QVERIFY(ok.ok());
        QCOMPARE(ok->value(4).size(), 2);
        QCOMPARE(ok->value(4).at(1).uptime, 1600);
    }
};

QTEST_GUILESS_MAIN(TestUptimeSim)
#include "tst_uptime_sim.moc"
