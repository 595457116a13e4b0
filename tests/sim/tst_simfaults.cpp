// Fault injection, price feeds, the wallet and determinism, over real loopback HTTP.

#include "SimHttp.h"
#include "TestSupport.h"

#include <QElapsedTimer>

using namespace griddeck;
using namespace griddeck::simtest;

class TestSimFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void faultsErrorsMalformedAndOutages()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("error_rate"), 1.0}}).status, 200);
        for (int i = 0; i < 5; ++i) {
            const int status = http.get(QStringLiteral("/nodes")).status;
            QVERIFY2(status == 500 || status == 503, qPrintable(QString::number(status)));
        }
        QCOMPARE(http.get(QStringLiteral("/_sim/state")).status, 200); // control endpoints never fault
        QCOMPARE(http.get(QStringLiteral("/_sim/state")).object().value(QStringLiteral("counters")).toObject()
                     .value(QStringLiteral("GET /nodes")).toInt(), 5);

        const HttpReply set = http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("error_rate"), 0},
                                                                         {QStringLiteral("malformed_rate"), 1.0}});
        QCOMPARE(set.object().value(QStringLiteral("malformed_rate")).toDouble(), 1.0);
        const HttpReply garbled = http.get(QStringLiteral("/nodes?size=3"));
        QCOMPARE(garbled.status, 200);
        QVERIFY(!garbled.body.isEmpty());
        QVERIFY(!garbled.validJson());

        SimFaults f = sim.faults();
        f.malformedRate = 0;
        f.sourceDown = {QStringLiteral("dex")};
        sim.setFaults(f);
        QCOMPARE(http.get(kHorizon).status, 503);
        QCOMPARE(http.get(kCoinGecko).status, 200);
        QCOMPARE(http.get(QStringLiteral("/tft_price")).status, 200);
        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("source_down"), QJsonArray{QStringLiteral("coingecko"), QStringLiteral("grid_stats")}}})
                     .status, 200);
        QCOMPARE(http.get(kHorizon).status, 200);
        QCOMPARE(http.get(kCoinGecko).status, 503);
        QCOMPARE(http.get(QStringLiteral("/tft_price")).status, 503);

        // Bad settings are refused and change nothing.
        const QJsonObject before = http.get(QStringLiteral("/_sim/faults")).object();
        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("error_rate"), 2}}).status, 400);
        const HttpReply unknown = http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("eror_rate"), 0.1}});
        QCOMPARE(unknown.status, 400);
        QVERIFY(unknown.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("eror_rate")));
        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("source_down"), QJsonArray{QStringLiteral("binance")}}}).status, 400);
        QCOMPARE(http.get(QStringLiteral("/_sim/faults")).object(), before);
    }

    void timeoutHoldsTheReplyWithoutBlocking()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        SimFaults f = sim.faults();
        f.timeoutRate = 1.0;
        sim.setFaults(f);
        QSignalSpy handled(&sim, &GridSimulator::requestHandled);
        QNetworkAccessManager nam;
        auto request = [&](const QString &path) {
            QNetworkRequest r(QUrl(sim.url().toString() + path));
            r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            r.setRawHeader("Idempotency-Key", "job-42-deploy-1");
            r.setTransferTimeout(500);
            return r;
        };
        // Qt reports a transfer timeout as a cancel (newer Qt as a timeout).
        auto gaveUp = [](QNetworkReply *r) {
            return r->error() == QNetworkReply::OperationCanceledError || r->error() == QNetworkReply::TimeoutError;
        };

        std::unique_ptr<QNetworkReply> hung(nam.get(request(QStringLiteral("/stats"))));
        QSignalSpy hungDone(hung.get(), &QNetworkReply::finished);
        QTRY_COMPARE(handled.count(), 1);
        QCOMPARE(handled.first().at(0).toString(), QStringLiteral("GET /stats"));
        QCOMPARE(handled.first().at(2).toInt(), 0);
        QCOMPARE(handled.first().at(3).toString(), QStringLiteral("timeout"));
        // While that request hangs, the simulator keeps answering.
        QVERIFY(hungDone.isEmpty());
        QCOMPARE(http.get(QStringLiteral("/_sim/state")).status, 200);
        QVERIFY(hungDone.wait(10000));
        QVERIFY(gaveUp(hung.get()));
        QCOMPARE(sim.pendingReplyCount(), 1); // held until kHoldMs, or until the simulator goes

        // A hung POST still did its work: the reply was lost, not the deployment.
        const qint64 nodeId = roomyNode(sim).value(QStringLiteral("nodeId")).toInteger();
        std::unique_ptr<QNetworkReply> lost(nam.post(request(QStringLiteral("/deployments/vm")), QJsonDocument(vmBody(nodeId)).toJson()));
        QSignalSpy lostDone(lost.get(), &QNetworkReply::finished);
        QTRY_COMPARE(handled.count(), 3);
        QCOMPARE(sim.liveContractCount(), 1);
        QVERIFY(lostDone.wait(10000));
        QVERIFY(gaveUp(lost.get()));

        // The retry gets the first reply: the same deployment, not a second one.
        f.timeoutRate = 0;
        sim.setFaults(f);
        const HttpReply retry = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId), "job-42-deploy-1");
        QCOMPARE(retry.status, 201);
        QCOMPARE(retry.object().value(QStringLiteral("id")).toString(), QStringLiteral("dep-000042-1"));
        QCOMPARE(sim.liveContractCount(), 1);
    }

    void latencyDelaysTheReply()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        SimFaults f = sim.faults();
        f.latencyMs = 120;
        sim.setFaults(f);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(http.get(QStringLiteral("/nodes/%1").arg(sim.fleet().first().value(QStringLiteral("nodeId")).toInteger())).status, 200);
        QVERIFY(clock.elapsed() >= 110);
        QCOMPARE(sim.pendingReplyCount(), 0);

        // A client that gives up before the delayed reply: the simulator finds the connection
        // gone when the delay ends and drops the reply.
        f.latencyMs = 400;
        sim.setFaults(f);
        QSignalSpy handled(&sim, &GridSimulator::requestHandled);
        const HttpReply impatient = http.get(QStringLiteral("/stats"), 100);
        QVERIFY(impatient.status == 0 && impatient.error != QNetworkReply::NoError);
        QTRY_COMPARE_WITH_TIMEOUT(handled.count(), 1, 10000);
        QCOMPARE(sim.pendingReplyCount(), 0);
        QCOMPARE(http.get(QStringLiteral("/stats")).status, 200);
    }

    void deployErrorsAndHealthFailures()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const qint64 nodeId = roomyNode(sim).value(QStringLiteral("nodeId")).toInteger();
        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("deploy_error_rate"), 1.0}}).status, 200);
        const QString bad = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId, 1), "a").object().value(QStringLiteral("id")).toString();
        QTRY_COMPARE(http.get(QStringLiteral("/deployments/") + bad).object().value(QStringLiteral("state")).toString(),
                     QStringLiteral("error"));
        QVERIFY(http.get(QStringLiteral("/deployments/") + bad).object().value(QStringLiteral("message")).toString()
                    .startsWith(QStringLiteral("node %1 reported: ").arg(nodeId)));
        QVERIFY(!http.get(QStringLiteral("/deployments/%1/health").arg(bad)).object().value(QStringLiteral("healthy")).toBool());

        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("deploy_error_rate"), 0}, {QStringLiteral("health_fail_rate"), 1}})
                     .status, 200);
        const QString good = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId, 2), "b").object().value(QStringLiteral("id")).toString();
        QTRY_COMPARE(http.get(QStringLiteral("/deployments/") + good).object().value(QStringLiteral("state")).toString(),
                     QStringLiteral("ok"));
        const QJsonObject health = http.get(QStringLiteral("/deployments/%1/health").arg(good)).object();
        QVERIFY(!health.value(QStringLiteral("healthy")).toBool());
        bool reasoned = false;
        for (const QJsonValue &c : health.value(QStringLiteral("checks")).toArray())
            reasoned |= !c.toObject().value(QStringLiteral("ok")).toBool() && !c.toObject().value(QStringLiteral("message")).toString().isEmpty();
        QVERIFY(reasoned);

        const QJsonArray contracts = sim.state().value(QStringLiteral("contracts")).toArray();
        QCOMPARE(contracts.size(), 2);
        QCOMPARE(contracts.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("error"));
        QCOMPARE(contracts.at(1).toObject().value(QStringLiteral("job_id")).toInt(), 2);
    }

    void priceFeedsAgreeAndSkew()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const HttpReply dex = http.get(kHorizon);
        QCOMPARE(dex.status, 200);
        QVERIFY(dex.object().value(QStringLiteral("_embedded")).toObject().value(QStringLiteral("records")).toArray().size() >= 2);
        QCOMPARE(lowestSourceAmount(dex), QStringLiteral("1.0100000"));
        QCOMPARE(http.get(kCoinGecko).object().value(QStringLiteral("threefold-token")).toObject().value(QStringLiteral("usd")).toDouble(), 0.0101);
        // TFChain stores whole mUSD (pallet-tft-price u32): 0.0101 USD is 10 mUSD.
        QCOMPARE(http.get(QStringLiteral("/tft_price")).object().value(QStringLiteral("tft_price_musd")), QJsonValue(10));

        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("price_skew_percent"), QJsonObject{{QStringLiteral("dex"), 20}}}}).status, 200);
        QCOMPARE(lowestSourceAmount(http.get(kHorizon)), QStringLiteral("1.2120000"));

        // The walk moves deterministically and stays within ±20 % of 0.0101.
        sim.reset();
        QStringList seen;
        for (int i = 0; i < 300; ++i) {
            const QString price = lowestSourceAmount(http.get(kHorizon));
            const qint64 units = Usd::parse(price).value().units();
            QVERIFY2(units >= 8080000 && units <= 12120000, qPrintable(price));
            if (!seen.contains(price))
                seen.append(price);
        }
        QVERIFY(seen.size() > 5);

        // The wallet refuses when the price (with slippage) exceeds the limit.
        sim.reset();
        QCOMPARE(http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("wallet_slippage_percent"), 10}}).status, 200);
        const HttpReply refused = http.post(QStringLiteral("/wallet/convert"),
                                            {{QStringLiteral("usd_amount"), QStringLiteral("22.5000000")},
                                             {QStringLiteral("tft_amount"), QStringLiteral("2200.0000000")}},
                                            "conv-1");
        QCOMPARE(refused.status, 422);
        QVERIFY(refused.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("24.4420000")));
        QVERIFY(sim.state().value(QStringLiteral("conversions")).toArray().isEmpty());
    }

    void sameSeedSameFleetAndFaults()
    {
        auto run = [](quint64 seed) {
            GridSimulator sim(fastOptions(seed));
            if (!sim.start())
                return QPair<QByteArray, QList<int>>();
            Http http(sim.url());
            http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("error_rate"), 0.4}, {QStringLiteral("malformed_rate"), 0.2}});
            QList<int> outcomes;
            for (int i = 0; i < 40; ++i) {
                const HttpReply r = http.get(i % 2 ? QStringLiteral("/stats") : QStringLiteral("/nodes?size=2"));
                outcomes.append(r.validJson() ? r.status : -r.status);
            }
            QJsonArray fleet;
            for (const QJsonObject &n : sim.fleet())
                fleet.append(n);
            return qMakePair(QJsonDocument(fleet).toJson(QJsonDocument::Compact), outcomes);
        };
        const auto a = run(11), b = run(11), c = run(12);
        QVERIFY(!a.first.isEmpty());
        QCOMPARE(a.first, b.first);
        QCOMPARE(a.second, b.second);
        QVERIFY(a.second.contains(200) && (a.second.contains(500) || a.second.contains(503)) && a.second.contains(-200));
        QVERIFY(a.first != c.first);
        QVERIFY(a.second != c.second);
    }
};

QTEST_GUILESS_MAIN(TestSimFaults)
#include "tst_simfaults.moc"
