#include "TestSupport.h"
#include "pricing/Conversion.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace griddeck;

namespace {

TftPrice price(const char *text)
{
    return *TftPrice::parse(QString::fromLatin1(text));
}

Quote quoteAt(const char *rate, const char *buffer = "2", const char *maxSlippage = "5")
{
    Quote q;
    q.rate = price(rate);
    q.median = q.rate;
    q.buffer = *Percent::parse(QString::fromLatin1(buffer));
    q.maxSlippage = *Percent::parse(QString::fromLatin1(maxSlippage));
    q.minSources = 1;
    return q;
}

ConversionPlan plan90()
{
    auto plan = planConversion(quoteAt("0.0101"), Tfc::fromWhole(90), TfcPrice::fromUnits(fixed::kRateScale));
    if (!plan.ok())
        qFatal("plan: %s", qPrintable(plan.error().message));
    return plan.value();
}

} // namespace

class TestConversion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void commissionSplitKnownValues()
    {
        auto s = CommissionSplit::split(Tfc::fromWhole(100), Percent::fromWhole(10));
        QCOMPARE(s.commission.toString(), QStringLiteral("10.0000000"));
        QCOMPARE(s.grid.toString(), QStringLiteral("90.0000000"));
        // 10 % of 5 units is 0.5 units: half-to-even gives 0, the grid keeps all 5.
        s = CommissionSplit::split(Tfc::fromUnits(5), Percent::fromWhole(10));
        QCOMPARE(s.commission.units(), 0);
        QCOMPARE(s.grid.units(), 5);
        // 10 % of 15 units is 1.5 → 2.
        s = CommissionSplit::split(Tfc::fromUnits(15), Percent::fromWhole(10));
        QCOMPARE(s.commission.units(), 2);
        QCOMPARE(s.grid.units(), 13);
        s = CommissionSplit::split(Tfc::fromWhole(7), Percent::fromWhole(0));
        QCOMPARE(s.grid, Tfc::fromWhole(7));
        s = CommissionSplit::split(Tfc::fromWhole(7), Percent::fromWhole(100));
        QCOMPARE(s.commission, Tfc::fromWhole(7));
        QVERIFY(s.grid.isZero());
    }

    void commissionSplitSumsExactlyForRandomAmounts()
    {
        QRandomGenerator rng(20260101);
        for (int i = 0; i < 20000; ++i) {
            const Tfc purchase = Tfc::fromUnits(static_cast<std::int64_t>(rng.bounded(Q_INT64_C(1'000'000'000'000'000))) + 1);
            const Percent percent = Percent::fromUnits(static_cast<std::int64_t>(rng.bounded(Q_INT64_C(1'000'000'001))));
            const auto s = CommissionSplit::split(purchase, percent);
            QCOMPARE(s.commission + s.grid, purchase);
            QVERIFY(!s.commission.isNegative());
            QVERIFY(!s.grid.isNegative());
            // The commission is the exact product, rounded by at most half a unit.
            const __int128 exact = static_cast<__int128>(purchase.units()) * percent.units();
            const __int128 scaled = static_cast<__int128>(s.commission.units()) * 1'000'000'000;
            const __int128 diff = exact > scaled ? exact - scaled : scaled - exact;
            QVERIFY(diff * 2 <= 1'000'000'000);
        }
    }

    void planFollowsTheFormula()
    {
        const ConversionPlan plan = plan90();
        QCOMPARE(plan.gridUsd.toString(), QStringLiteral("90.0000000"));
        // 90 / 0.0101 = 8910.89108910891… → 8910.8910891; × 1.02 = 9089.108910882 → 9089.1089109.
        QCOMPARE(plan.tftNeeded.toString(), QStringLiteral("9089.1089109"));
        // 9089.1089109 × 0.0101 = 91.80000000009 → 91.8; + 5 % = 96.39.
        QCOMPARE(plan.usdLimit.toString(), QStringLiteral("96.3900000"));
        QCOMPARE(plan.rate, price("0.0101"));

        // tfc_usd_rate applies first: 90 TFC at 0.5 USD = 45 USD.
        auto half = planConversion(quoteAt("0.0101"), Tfc::fromWhole(90), TfcPrice::fromUnits(fixed::kRateScale / 2));
        QVERIFY(half.ok());
        QCOMPARE(half->gridUsd.toString(), QStringLiteral("45.0000000"));
    }

    void planRejectsNonsense()
    {
        auto zero = planConversion(quoteAt("0.0101"), Tfc(), TfcPrice::fromUnits(fixed::kRateScale));
        QVERIFY(!zero.ok());
        QCOMPARE(zero.error().kind, ErrorKind::InvalidInput);
        QVERIFY(zero.error().message.contains(QStringLiteral("grid payment")));
        QVERIFY(!planConversion(quoteAt("0.0101"), Tfc::fromWhole(1), TfcPrice()).ok());
        Quote noRate = quoteAt("0.0101");
        noRate.rate = TftPrice();
        QVERIFY(!planConversion(noRate, Tfc::fromWhole(1), TfcPrice::fromUnits(fixed::kRateScale)).ok());
        // Far too much for int64 at a tiny price: an error, not an exception.
        auto huge = planConversion(quoteAt("0.000000000001"), Tfc::fromWhole(900'000'000'000),
                                   TfcPrice::fromUnits(fixed::kRateScale));
        QVERIFY(!huge.ok());
        QVERIFY(huge.error().message.contains(QStringLiteral("too large")));
    }

    void planRoundTripsThroughJson()
    {
        const ConversionPlan plan = plan90();
        auto back = ConversionPlan::fromJson(plan.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->toJson(), plan.toJson());
        QJsonObject broken = plan.toJson();
        broken.insert(QStringLiteral("tft_needed"), 12.5);
        auto bad = ConversionPlan::fromJson(broken);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().message, QStringLiteral("conversion plan: `tft_needed` is not a decimal string"));
    }

    void requestCarriesTheJobKey()
    {
        QCOMPARE(conversionIdempotencyKey(42), QStringLiteral("job-42-convert"));
        const QJsonObject body = conversionRequestBody(plan90(), 42);
        QCOMPARE(body.value(QStringLiteral("usd_amount")).toString(), QStringLiteral("96.3900000"));
        QCOMPARE(body.value(QStringLiteral("tft_amount")).toString(), QStringLiteral("9089.1089109"));
        QCOMPARE(body.value(QStringLiteral("job_id")).toInteger(), 42);
    }

    void parsesTheWalletReply()
    {
        auto r = parseConversionReply(R"({"tx_id": "tx-1", "tft_received": "2231.4000000", "usd_spent": "22.4900000",
                                          "rate": "0.010078878722"})");
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->txId, QStringLiteral("tx-1"));
        QCOMPARE(r->tftReceived.toString(), QStringLiteral("2231.4000000"));
        QCOMPARE(r->usdSpent.toString(), QStringLiteral("22.4900000"));
        QCOMPARE(r->rate.toString(), QStringLiteral("0.010078878722"));
        QCOMPARE(r->toJson().value(QStringLiteral("rate")).toString(), QStringLiteral("0.010078878722"));
    }

    void rejectsMalformedWalletReplies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray(R"({"tx_id": "tx-1", )") << "not valid JSON";
        QTest::newRow("no tx") << QByteArray(R"({"tft_received": "1.0000000", "usd_spent": "1.0000000", "rate": "1"})")
                               << "`tx_id` is missing";
        QTest::newRow("number amount") << QByteArray(R"({"tx_id": "t", "tft_received": 1.5, "usd_spent": "1.0000000", "rate": "1"})")
                                       << "`tft_received` is not a decimal string";
        QTest::newRow("negative spend") << QByteArray(R"({"tx_id": "t", "tft_received": "1.5", "usd_spent": "-1.0", "rate": "1"})")
                                        << "`usd_spent` is invalid";
        QTest::newRow("no rate") << QByteArray(R"({"tx_id": "t", "tft_received": "1.5", "usd_spent": "1.0"})")
                                 << "`rate` is missing";
        QTest::newRow("zero rate") << QByteArray(R"({"tx_id": "t", "tft_received": "1.5", "usd_spent": "1.0", "rate": "0.0"})")
                                   << "greater than zero";
        QTest::newRow("nothing received") << QByteArray(R"({"tx_id": "t", "tft_received": "0", "usd_spent": "0", "rate": "1"})")
                                          << "`tft_received` is zero";
    }

    void rejectsMalformedWalletReplies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        auto r = parseConversionReply(body);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Transient);
        QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
    }

    void refusesSlippageAboveTheLimit()
    {
        auto r = checkSlippage(price("0.0112"), price("0.0101"), Percent::fromWhole(5));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Refused);
        // (0.0112 - 0.0101) / 0.0101 = 10.89 %.
        QCOMPARE(r.error().message,
                 QStringLiteral("executed rate 0.0112 is 10.9% worse than the quoted 0.0101 (max_slippage_percent 5)"));
    }

    void acceptsSlippageUpToTheLimit()
    {
        QVERIFY(checkSlippage(price("0.0105"), price("0.0100"), Percent::fromWhole(5)).ok()); // exactly 5 %
        QVERIFY(checkSlippage(price("0.0090"), price("0.0100"), Percent::fromWhole(0)).ok()); // better is fine
        QVERIFY(checkSlippage(price("0.0100"), price("0.0100"), Percent::fromWhole(0)).ok());
        auto over = checkSlippage(price("0.010500000001"), price("0.0100"), Percent::fromWhole(5));
        QVERIFY(!over.ok());
        QCOMPARE(over.error().message, QStringLiteral("executed rate 0.010500000001 is more than 5% worse than the quoted 0.01 "
                                                      "(max_slippage_percent 5)"));
        // A deviation that one decimal would hide shows with enough digits.
        over = checkSlippage(price("0.0105004"), price("0.0100"), Percent::fromWhole(5));
        QVERIFY(!over.ok());
        QVERIFY2(over.error().message.contains(QStringLiteral(" is 5.004% worse")), qPrintable(over.error().message));
    }

    void acceptsAConversionWithinThePlan()
    {
        const ConversionPlan plan = plan90();
        ConversionResult result{QStringLiteral("tx-9"), plan.tftNeeded, *Usd::parse(u"92.7000000"), price("0.0102")};
        auto ok = acceptConversion(result, plan);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().message));
        QCOMPARE(ok->txId, QStringLiteral("tx-9"));
    }

    void refusesAConversionOutsideThePlan()
    {
        const ConversionPlan plan = plan90();
        ConversionResult slipped{QStringLiteral("tx-9"), plan.tftNeeded, *Usd::parse(u"101.8000000"), price("0.0112")};
        auto r = acceptConversion(slipped, plan);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Refused);
        QVERIFY(r.error().message.startsWith(QStringLiteral("executed rate 0.0112 is 10.9% worse")));

        ConversionResult shortDelivery{QStringLiteral("tx-9"), plan.tftNeeded - Tft::fromUnits(1), *Usd::parse(u"91"), price("0.0101")};
        r = acceptConversion(shortDelivery, plan);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Permanent);
        QCOMPARE(r.error().message,
                 QStringLiteral("conversion tx-9 delivered 9089.1089108 TFT, less than the 9089.1089109 TFT ordered"));

        ConversionResult overspent{QStringLiteral("tx-9"), plan.tftNeeded, *Usd::parse(u"96.3900001"), price("0.0101")};
        r = acceptConversion(overspent, plan);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("more than the limit of 96.3900000 USD")));
    }
};

QTEST_GUILESS_MAIN(TestConversion)
#include "tst_conversion.moc"
