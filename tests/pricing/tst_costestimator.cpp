#include "TestSupport.h"
#include "pricing/CostEstimator.h"

#include <QtTest>

using namespace griddeck;

namespace {

CostEstimate estimate(CloudResources request, bool certified = false, std::optional<TftPrice> rate = std::nullopt)
{
    auto e = estimateCost(request, certified, rate);
    if (!e.ok())
        qFatal("estimate: %s", qPrintable(e.error().message));
    return e.value();
}

CloudResources vm(std::int64_t cpu, std::int64_t memoryGb, std::int64_t ssdGb, std::int64_t hddGb = 0, std::int64_t ipv4 = 0)
{
    return CloudResources{cpu, memoryGb, ssdGb, hddGb, ipv4};
}

} // namespace

class TestCostEstimator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void smallVm()
    {
        // 2 CPU, 4 GB RAM, 50 GB SSD:
        //   CU = min(max(4/4, 2/2), max(4/8, 2), max(4/2, 2/4)) = min(max(1, 1), max(0.5, 2), max(2, 0.5))
        //      = min(1, 2, 2) = 1
        //   SU = 0/1200 + 50/200 = 0.25
        //   USD/hour  = 1 × 0.010 + 0.25 × 0.005 + 0 × 0.004 = 0.01125
        //   USD/month = 0.01125 × 24 × 30 = 8.1
        //   TFT/month at 0.0101 USD/TFT = 8.1 / 0.0101 = 801.98019801… → 801.9801980
        const CostEstimate e = estimate(vm(2, 4, 50), false, TftPrice::parse(u"0.0101"));
        QCOMPARE(e.cu.toString(), QStringLiteral("1.0000000"));
        QCOMPARE(e.su.toString(), QStringLiteral("0.2500000"));
        QCOMPARE(e.ipu, 0);
        QCOMPARE(e.usdMonth.toString(), QStringLiteral("8.1000000"));
        QVERIFY(e.tftMonth.has_value());
        QCOMPARE(e.tftMonth->toString(), QStringLiteral("801.9801980"));
    }

    void certifiedCostsAQuarterMore()
    {
        // 8.1 × 1.25 = 10.125; 10.125 / 0.0101 = 1002.47524752… → 1002.4752475
        const CostEstimate e = estimate(vm(2, 4, 50), true, TftPrice::parse(u"0.0101"));
        QCOMPARE(e.cu.toString(), QStringLiteral("1.0000000")); // units do not change, only the price
        QCOMPARE(e.usdMonth.toString(), QStringLiteral("10.1250000"));
        QCOMPARE(e.tftMonth->toString(), QStringLiteral("1002.4752475"));
    }

    void publicIpv4()
    {
        // As smallVm plus one IPv4: 0.004 × 720 = 2.88 → 8.1 + 2.88 = 10.98.
        const CostEstimate e = estimate(vm(2, 4, 50, 0, 1));
        QCOMPARE(e.ipu, 1);
        QCOMPARE(e.usdMonth.toString(), QStringLiteral("10.9800000"));
        // Certified: 10.98 × 1.25 = 13.725.
        QCOMPARE(estimate(vm(2, 4, 50, 0, 1), true).usdMonth.toString(), QStringLiteral("13.7250000"));
        // Only an IP: 3 × 0.004 × 720 = 8.64.
        QCOMPARE(estimate(vm(0, 0, 0, 0, 3)).usdMonth.toString(), QStringLiteral("8.6400000"));
    }

    void extraFeeOfARentedNodeIsAddedWithoutMarkup()
    {
        // A node we rent with extraFee 20000 mUSD/month: + 20 USD, not marked up when certified.
        CloudResources r = vm(2, 4, 50);
        r.extraFeeMusdMonth = 20000;
        QCOMPARE(estimate(r).usdMonth.toString(), QStringLiteral("28.1000000"));
        QCOMPARE(estimate(r, true).usdMonth.toString(), QStringLiteral("30.1250000"));
        r.extraFeeMusdMonth = 1; // 0.001 USD
        QCOMPARE(estimate(r).usdMonth.toString(), QStringLiteral("8.1010000"));
        r.extraFeeMusdMonth = -1;
        QVERIFY(!estimateCost(r, false, std::nullopt).ok());
    }

    void cloudUnitShapes_data()
    {
        QTest::addColumn<qint64>("cpu");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<QString>("cu");
        // 1 CPU, 32 GB: min(max(8, 0.5), max(4, 1), max(16, 0.25)) = min(8, 4, 16) = 4
        QTest::newRow("memory heavy") << qint64(1) << qint64(32) << "4.0000000";
        // 8 CPU, 2 GB: min(max(0.5, 4), max(0.25, 8), max(1, 2)) = min(4, 8, 2) = 2
        QTest::newRow("cpu heavy") << qint64(8) << qint64(2) << "2.0000000";
        // 1 CPU, 1 GB: min(max(0.25, 0.5), max(0.125, 1), max(0.5, 0.25)) = min(0.5, 1, 0.5) = 0.5
        QTest::newRow("tiny") << qint64(1) << qint64(1) << "0.5000000";
        // 3 CPU, 5 GB: min(max(1.25, 1.5), max(0.625, 3), max(2.5, 0.75)) = min(1.5, 3, 2.5) = 1.5
        QTest::newRow("odd") << qint64(3) << qint64(5) << "1.5000000";
        // 0 CPU, 1 GB: min(max(0.25, 0), max(0.125, 0), max(0.5, 0)) = 0.125
        QTest::newRow("memory only") << qint64(0) << qint64(1) << "0.1250000";
        QTest::newRow("nothing") << qint64(0) << qint64(0) << "0.0000000";
    }

    void cloudUnitShapes()
    {
        QFETCH(qint64, cpu);
        QFETCH(qint64, memory);
        QFETCH(QString, cu);
        QCOMPARE(estimate(vm(cpu, memory, 0)).cu.toString(), cu);
    }

    void storageUnitsAreExactUntilTheEnd()
    {
        // 1000 GB HDD: SU = 1000/1200 = 0.8333333… (shown 0.8333333), but the price uses the exact
        // fraction: 1000/1200 × 0.005 × 720 = 3 USD exactly (the rounded SU would give 2.9999999).
        const CostEstimate hdd = estimate(vm(0, 0, 0, 1000));
        QCOMPARE(hdd.su.toString(), QStringLiteral("0.8333333"));
        QCOMPARE(hdd.usdMonth.toString(), QStringLiteral("3.0000000"));
        // 1 GB SSD + 1 GB HDD: SU = 1/200 + 1/1200 = 7/1200 = 0.00583333… → 0.0058333;
        // USD = 7/1200 × 0.005 × 720 = 0.021.
        const CostEstimate mixed = estimate(vm(0, 0, 1, 1));
        QCOMPARE(mixed.su.toString(), QStringLiteral("0.0058333"));
        QCOMPARE(mixed.usdMonth.toString(), QStringLiteral("0.0210000"));
        // 1 GB HDD: 1/1200 × 0.005 × 720 = 0.003; certified 0.00375.
        QCOMPARE(estimate(vm(0, 0, 0, 1)).usdMonth.toString(), QStringLiteral("0.0030000"));
        QCOMPARE(estimate(vm(0, 0, 0, 1), true).usdMonth.toString(), QStringLiteral("0.0037500"));
    }

    void roundsHalfToEvenOnceAtTheEnd()
    {
        // 1 GB HDD on a policy of 0.0000001 USD/hour per SU: 1/1200 × 0.0000001 × 720 = 0.00000006
        // USD = 0.6 units → 1 unit.
        CloudUnitPrices cheap;
        cheap.suPerHour = Usd::fromUnits(1);
        auto e = estimateCost(vm(0, 0, 0, 1), false, std::nullopt, cheap);
        QVERIFY(e.ok());
        QCOMPARE(e->usdMonth.units(), 1);
        // 2 GB HDD: 1.2 units → 1; 5 GB HDD: 3 units exactly; 1250 GB: 750 units.
        QCOMPARE(estimateCost(vm(0, 0, 0, 2), false, std::nullopt, cheap)->usdMonth.units(), 1);
        QCOMPARE(estimateCost(vm(0, 0, 0, 5), false, std::nullopt, cheap)->usdMonth.units(), 3);
        // 0.0000001 USD/hour per CU, 1 GB memory only: CU 0.125 × 720 = 90 units exactly.
        CloudUnitPrices cheapCu;
        cheapCu.cuPerHour = Usd::fromUnits(1);
        QCOMPARE(estimateCost(vm(0, 1, 0), false, std::nullopt, cheapCu)->usdMonth.units(), 90);
        // Certified: 90 × 1.25 = 112.5 → 112 (even).
        QCOMPARE(estimateCost(vm(0, 1, 0), true, std::nullopt, cheapCu)->usdMonth.units(), 112);
        // 3 GB: CU 0.375 → 270 × 1.25 = 337.5 → 338 (even).
        QCOMPARE(estimateCost(vm(0, 3, 0), true, std::nullopt, cheapCu)->usdMonth.units(), 338);
    }

    void toJsonUsesDecimalStrings()
    {
        QJsonObject json = estimate(vm(2, 4, 50, 0, 1), false, TftPrice::parse(u"0.0101")).toJson();
        QCOMPARE(json.value(QStringLiteral("cu")).toString(), QStringLiteral("1.0000000"));
        QCOMPARE(json.value(QStringLiteral("su")).toString(), QStringLiteral("0.2500000"));
        QCOMPARE(json.value(QStringLiteral("ipu")).toString(), QStringLiteral("1"));
        QCOMPARE(json.value(QStringLiteral("usd_month")).toString(), QStringLiteral("10.9800000"));
        // 10.98 / 0.0101 = 1087.12871287… → 1087.1287129
        QCOMPARE(json.value(QStringLiteral("tft_month")).toString(), QStringLiteral("1087.1287129"));
        json = estimate(vm(2, 4, 50)).toJson();
        QVERIFY(json.value(QStringLiteral("tft_month")).isNull());
    }

    void rejectsBadRequests_data()
    {
        QTest::addColumn<qint64>("cpu");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<qint64>("ssd");
        QTest::addColumn<qint64>("hdd");
        QTest::addColumn<qint64>("ipv4");
        QTest::addColumn<QString>("expected");
        QTest::newRow("negative cpu") << qint64(-1) << qint64(4) << qint64(50) << qint64(0) << qint64(0) << "cpu is -1";
        QTest::newRow("negative memory") << qint64(1) << qint64(-4) << qint64(50) << qint64(0) << qint64(0) << "memory (GB) is -4";
        QTest::newRow("huge ssd") << qint64(1) << qint64(4) << qint64(INT64_MAX) << qint64(0) << qint64(0) << "storage (SSD GB) is";
        QTest::newRow("huge hdd") << qint64(1) << qint64(4) << qint64(0) << qint64(100'000'001) << qint64(0) << "hdd (GB) is";
        QTest::newRow("ipv4") << qint64(1) << qint64(4) << qint64(0) << qint64(0) << qint64(10'001) << "ipv4 is 10001";
    }

    void rejectsBadRequests()
    {
        QFETCH(qint64, cpu);
        QFETCH(qint64, memory);
        QFETCH(qint64, ssd);
        QFETCH(qint64, hdd);
        QFETCH(qint64, ipv4);
        QFETCH(QString, expected);
        auto e = estimateCost(vm(cpu, memory, ssd, hdd, ipv4), false, std::nullopt);
        QVERIFY(!e.ok());
        QCOMPARE(e.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(e.error().message.contains(expected), qPrintable(e.error().message));
    }

    void largestRequestStaysInRange()
    {
        // Every bound at its maximum, at the smallest possible TFT price: an error, not a throw.
        const CloudResources biggest{100'000, 100'000'000, 100'000'000, 100'000'000, 10'000};
        auto usd = estimateCost(biggest, true, std::nullopt);
        QVERIFY2(usd.ok(), qPrintable(usd.ok() ? QString() : usd.error().message));
        QVERIFY(usd->usdMonth.isPositive());
        auto tft = estimateCost(biggest, true, TftPrice::fromUnits(1));
        QVERIFY(!tft.ok());
        QVERIFY(tft.error().message.contains(QStringLiteral("too large")));
    }
};

QTEST_GUILESS_MAIN(TestCostEstimator)
#include "tst_costestimator.moc"
