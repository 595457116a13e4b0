#include "TestSupport.h"
#include "pricing/JsonNumber.h"
#include "pricing/PriceParsers.h"

#include <QtTest>

using namespace griddeck;

namespace {

QByteArray horizonReply(const QByteArray &records)
{
    return QByteArrayLiteral(R"({"_embedded": {"records": [)") + records + QByteArrayLiteral("]}}");
}

QByteArray horizonRecord(const QByteArray &sourceAmount)
{
    return QByteArrayLiteral(R"({"source_asset_code": "USDC", "source_amount": )") + sourceAmount
           + QByteArrayLiteral(R"(, "destination_asset_code": "TFT", "destination_amount": "100.0000000", "path": []})");
}

QByteArray coingecko(const QByteArray &usd)
{
    return QByteArrayLiteral(R"({"threefold-token": {"usd": )") + usd + QByteArrayLiteral("}}");
}

} // namespace

class TestPriceParsers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- Horizon (dex) -----------------------------------------------------------------

    void horizonFixture()
    {
        // The documented reply: 100.0000000 of the source asset buys 100 → price 1.
        auto price = parseHorizonStrictReceive(test::readDataFile(QStringLiteral("horizon_paths_strict_receive.json")));
        QVERIFY2(price.ok(), qPrintable(price.ok() ? QString() : price.error().message));
        QCOMPARE(price->toString(), QStringLiteral("1.000000000000"));
    }

    void horizonTakesTheLowestSourceAmountExactly()
    {
        const QByteArray body = horizonReply(horizonRecord("\"1.0200000\"") + ',' + horizonRecord("\"1.0051234\"") + ','
                                             + horizonRecord("\"1.0100000\""));
        auto price = parseHorizonStrictReceive(body);
        QVERIFY(price.ok());
        // 1.0051234 / 100 = 0.010051234 exactly.
        QCOMPARE(price->toString(), QStringLiteral("0.010051234000"));
        // The smallest amount Horizon can express still gives an exact price.
        auto tiny = parseHorizonStrictReceive(horizonReply(horizonRecord("\"0.0000001\"")));
        QVERIFY(tiny.ok());
        QCOMPARE(tiny->toString(), QStringLiteral("0.000000001000"));
    }

    void horizonMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "the reply is empty";
        QTest::newRow("truncated") << QByteArray("{\"_embedded\": {\"records\": [{\"source_amount\": \"1.01")
                                   << "not valid JSON";
        QTest::newRow("array root") << QByteArray("[]") << "is an array, expected a JSON object";
        QTest::newRow("no _embedded") << QByteArray(R"({"records": []})") << "`_embedded` is missing";
        QTest::newRow("records not array") << QByteArray(R"({"_embedded": {"records": {}}})")
                                           << "`_embedded.records` is an object, expected an array";
        QTest::newRow("no records") << horizonReply("") << "`_embedded.records` is empty";
        QTest::newRow("record not object") << horizonReply("\"x\"") << "`_embedded.records[0]` is a string";
        QTest::newRow("missing amount")
            << horizonReply(horizonRecord("\"1.0100000\"") + R"(, {"destination_amount": "100.0000000"})")
            << "`_embedded.records[1].source_amount` is missing";
        QTest::newRow("number amount") << horizonReply(horizonRecord("1.01"))
                                       << "`_embedded.records[0].source_amount` is a number, expected a decimal string";
        QTest::newRow("negative") << horizonReply(horizonRecord("\"-1.0100000\"")) << "is negative";
        QTest::newRow("zero") << horizonReply(horizonRecord("\"0.0000000\"")) << "source_amount` is zero";
        QTest::newRow("eight decimals") << horizonReply(horizonRecord("\"1.01000001\"")) << "more than 7 decimal places";
        QTest::newRow("exponent") << horizonReply(horizonRecord("\"1e2\"")) << "not a decimal number";
        QTest::newRow("huge") << horizonReply(horizonRecord("\"99999999999999999999\"")) << "too large";
        // Fits an amount (int64 units) but not a price at 12 decimals.
        QTest::newRow("too large for a price") << horizonReply(horizonRecord("\"922337203685.4775807\""))
                                               << "is too large for a price";
        QTest::newRow("other destination amount")
            << horizonReply(R"({"source_amount": "0.5000000", "destination_amount": "50.0000000"})")
            << "is 50.0000000, not the 100.0000000 TFT asked for";
    }

    void horizonMalformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        auto price = parseHorizonStrictReceive(body);
        QVERIFY(!price.ok());
        QCOMPARE(price.error().kind, ErrorKind::Transient);
        QVERIFY2(price.error().message.startsWith(QStringLiteral("dex (Stellar Horizon): ")), qPrintable(price.error().message));
        QVERIFY2(price.error().message.contains(expected), qPrintable(price.error().message));
    }

    // --- CoinGecko ---------------------------------------------------------------------

    void coingeckoFixtureHasNoTftPrice()
    {
        auto price = parseCoinGeckoSimplePrice(test::readDataFile(QStringLiteral("coingecko_simple_price.json")));
        QVERIFY(!price.ok());
        QCOMPARE(price.error().message,
                 QStringLiteral("coingecko (CoinGecko): no threefold-token price in the reply (it has bitcoin)"));
    }

    void coingeckoFixtureReadsTheLiteralDigits()
    {
        // 67187.3358936566 is not a double; read from the text it is exact.
        auto price = parseCoinGeckoSimplePrice(test::readDataFile(QStringLiteral("coingecko_simple_price.json")),
                                               QStringLiteral("bitcoin"));
        QVERIFY2(price.ok(), qPrintable(price.ok() ? QString() : price.error().message));
        QCOMPARE(price->toString(), QStringLiteral("67187.335893656600"));
    }

    void coingeckoValues_data()
    {
        QTest::addColumn<QByteArray>("usd");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QByteArray("0.0123") << "0.012300000000";
        QTest::newRow("exponent") << QByteArray("1.23e-2") << "0.012300000000";
        QTest::newRow("exponent upper") << QByteArray("123E-4") << "0.012300000000";
        QTest::newRow("integer") << QByteArray("2") << "2.000000000000";
        // Rounded once, half-to-even, at the 12th decimal.
        QTest::newRow("tie to even, up") << QByteArray("0.0123456789015") << "0.012345678902";
        QTest::newRow("tie to even, down") << QByteArray("0.0123456789025") << "0.012345678902";
        QTest::newRow("above the tie") << QByteArray("0.01234567890250001") << "0.012345678903";
        QTest::newRow("below the tie") << QByteArray("0.0123456789014999") << "0.012345678901";
        QTest::newRow("more digits than a double") << QByteArray("0.012345678901234567890123") << "0.012345678901";
        QTest::newRow("smallest unit") << QByteArray("6e-13") << "0.000000000001";
    }

    void coingeckoValues()
    {
        QFETCH(QByteArray, usd);
        QFETCH(QString, expected);
        auto price = parseCoinGeckoSimplePrice(coingecko(usd));
        QVERIFY2(price.ok(), qPrintable(price.ok() ? QString() : price.error().message));
        QCOMPARE(price->toString(), expected);
    }

    void coingeckoMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray(R"({"threefold-token": {"usd": 0.01)") << "not valid JSON";
        QTest::newRow("empty object") << QByteArray("{}") << "no threefold-token price in the reply (it has no coins)";
        QTest::newRow("coin not object") << QByteArray(R"({"threefold-token": 0.0123})")
                                         << "`threefold-token` is a number, expected an object";
        QTest::newRow("usd missing") << QByteArray(R"({"threefold-token": {"eur": 0.0110}})")
                                     << "`threefold-token.usd` is missing";
        QTest::newRow("usd string") << coingecko("\"0.0123\"") << "`threefold-token.usd` is a string, expected a number";
        QTest::newRow("usd null") << coingecko("null") << "`threefold-token.usd` is null, expected a number";
        QTest::newRow("negative") << coingecko("-0.0123") << "is negative (-0.0123)";
        QTest::newRow("zero") << coingecko("0") << "`threefold-token.usd` is zero";
        QTest::newRow("zero with decimals") << coingecko("0.000") << "`threefold-token.usd` is zero";
        QTest::newRow("rounds to zero") << coingecko("5e-13") << "(5e-13) rounds to zero at 12 decimal places";
        QTest::newRow("huge") << coingecko("1e300") << "too large for 12 decimal places";
        QTest::newRow("huge digits") << coingecko("123456789012345678901234567890") << "too large";
        QTest::newRow("duplicate usd") << coingecko("0.0123, \"usd\": 0.02") << "`threefold-token.usd` appears more than once";
    }

    void coingeckoMalformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        auto price = parseCoinGeckoSimplePrice(body);
        QVERIFY(!price.ok());
        QCOMPARE(price.error().kind, ErrorKind::Transient);
        QVERIFY2(price.error().message.startsWith(QStringLiteral("coingecko (CoinGecko): ")), qPrintable(price.error().message));
        QVERIFY2(price.error().message.contains(expected), qPrintable(price.error().message));
    }

    void coingeckoEscapedKeyIsTheSameKey()
    {
        auto price = parseCoinGeckoSimplePrice(QByteArray("{\"threefold\\u002dtoken\": {\"usd\": 0.0101}}"));
        QVERIFY2(price.ok(), qPrintable(price.ok() ? QString() : price.error().message));
        QCOMPARE(price->toString(), QStringLiteral("0.010100000000"));
    }

    // --- grid_stats (TFChain /tft_price) -----------------------------------------------

    // TFChain stores the price as u32 mUSD (pallet-tft-price TftPrice, AverageTftPrice).
    void gridStats_data()
    {
        QTest::addColumn<QByteArray>("musd");
        QTest::addColumn<QString>("expected");
        QTest::newRow("10 mUSD") << QByteArray("10") << "0.010000000000";
        QTest::newRow("11 mUSD") << QByteArray("11") << "0.011000000000";
        QTest::newRow("u32 max") << QByteArray("4294967295") << "4294967.295000000000";
    }

    void gridStats()
    {
        QFETCH(QByteArray, musd);
        QFETCH(QString, expected);
        auto price = parseGridStatsTftPrice(QByteArrayLiteral(R"({"tft_price_musd": )") + musd
                                            + QByteArrayLiteral(R"(, "average_tft_price_musd": 10})"));
        QVERIFY2(price.ok(), qPrintable(price.ok() ? QString() : price.error().message));
        QCOMPARE(price->toString(), expected);
    }

    void gridStatsMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << QByteArray(R"({"average_tft_price_musd": 10})") << "`tft_price_musd` is missing";
        QTest::newRow("string") << QByteArray(R"({"tft_price_musd": "10"})") << "`tft_price_musd` is a string, expected a whole number of mUSD";
        QTest::newRow("negative") << QByteArray(R"({"tft_price_musd": -10})") << "is negative";
        QTest::newRow("zero") << QByteArray(R"({"tft_price_musd": 0})") << "is zero";
        QTest::newRow("fraction") << QByteArray(R"({"tft_price_musd": 10.2})") << "must be a whole number of mUSD";
        QTest::newRow("almost whole") << QByteArray(R"({"tft_price_musd": 10.0000000001})") << "must be a whole number of mUSD";
        QTest::newRow("10.0") << QByteArray(R"({"tft_price_musd": 10.0})") << "must be a whole number of mUSD";
        QTest::newRow("average fraction") << QByteArray(R"({"tft_price_musd": 10, "average_tft_price_musd": 10.4})")
                                          << "`average_tft_price_musd` must be a whole number";
        QTest::newRow("beyond u32") << QByteArray(R"({"tft_price_musd": 4294967296})") << "beyond TFChain's u32 range";
        QTest::newRow("truncated") << QByteArray(R"({"tft_price_musd": 10)") << "not valid JSON";
        QTest::newRow("huge") << QByteArray(R"({"tft_price_musd": 1e25})") << "too large";
    }

    void gridStatsMalformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        auto price = parseGridStatsTftPrice(body);
        QVERIFY(!price.ok());
        QVERIFY2(price.error().message.startsWith(QStringLiteral("grid_stats (TFChain /tft_price): ")),
                 qPrintable(price.error().message));
        QVERIFY2(price.error().message.contains(expected), qPrintable(price.error().message));
    }

    void dispatchBySourceName()
    {
        QVERIFY(parsePriceReply(u"coingecko", coingecko("0.0101")).ok());
        QVERIFY(parsePriceReply(u"grid_stats", R"({"tft_price_musd": 10})").ok());
        QVERIFY(parsePriceReply(u"dex", horizonReply(horizonRecord("\"1.0100000\""))).ok());
        auto unknown = parsePriceReply(u"binance", "{}");
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().kind, ErrorKind::InvalidInput);
        QVERIFY(unknown.error().message.contains(QStringLiteral("binance")));
    }

    // --- the exact JSON number reader ------------------------------------------------

    void jsonNumbers_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::addColumn<int>("decimals");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("zero") << QByteArray("0") << 12 << qint64(0);
        QTest::newRow("negative zero") << QByteArray("-0.0") << 7 << qint64(0);
        QTest::newRow("1.5 to even") << QByteArray("1.5") << 0 << qint64(2);
        QTest::newRow("2.5 to even") << QByteArray("2.5") << 0 << qint64(2);
        QTest::newRow("-2.5 to even") << QByteArray("-2.5") << 0 << qint64(-2);
        QTest::newRow("-1.5 to even") << QByteArray("-1.5") << 0 << qint64(-2);
        QTest::newRow("exponent") << QByteArray("1e2") << 0 << qint64(100);
        QTest::newRow("plus exponent") << QByteArray("1.25E+1") << 1 << qint64(125);
        QTest::newRow("int64 max") << QByteArray("9223372036854775807") << 0 << qint64(INT64_MAX);
        QTest::newRow("vanishing") << QByteArray("1e-1000000") << 12 << qint64(0);
        QTest::newRow("long zeros") << QByteArray("0.000000000000000000000000000000000001") << 12 << qint64(0);
    }

    void jsonNumbers()
    {
        QFETCH(QByteArray, literal);
        QFETCH(int, decimals);
        QFETCH(qint64, expected);
        QString error;
        const auto units = jsonNumberToFixed(literal, decimals, &error);
        QVERIFY2(units.has_value(), qPrintable(error));
        QCOMPARE(*units, expected);
    }

    void jsonNumbersRejected_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("leading zero") << QByteArray("01");
        QTest::newRow("bare point") << QByteArray("1.");
        QTest::newRow("no integer") << QByteArray(".5");
        QTest::newRow("plus") << QByteArray("+1");
        QTest::newRow("empty exponent") << QByteArray("1e");
        QTest::newRow("text") << QByteArray("\"1\"");
        QTest::newRow("int64 max + 1") << QByteArray("9223372036854775808");
        QTest::newRow("huge exponent") << QByteArray("1e1000000");
    }

    void jsonNumbersRejected()
    {
        QFETCH(QByteArray, literal);
        QString error;
        QVERIFY(!jsonNumberToFixed(literal, 0, &error).has_value());
        QVERIFY(!error.isEmpty());
    }

    void rawValueFollowsThePath()
    {
        // (A plain literal: moc misreads a backslash inside a raw string.)
        const QByteArray doc = " {\"a\": [1, {\"b\": 2}, \"x\\\"y\"], \"b\": {\"c\": {\"d\": 1.50e3 }, \"e\": true}} ";
        QString error;
        QCOMPARE(rawJsonValue(doc, {QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}, &error),
                 std::optional<QByteArray>("1.50e3"));
        QCOMPARE(rawJsonValue(doc, {QStringLiteral("b"), QStringLiteral("e")}, &error), std::optional<QByteArray>("true"));
        QVERIFY(!rawJsonValue(doc, {QStringLiteral("b"), QStringLiteral("x")}, &error));
        QCOMPARE(error, QStringLiteral("`b.x` is missing"));
        QVERIFY(!rawJsonValue(doc, {QStringLiteral("a"), QStringLiteral("b")}, &error));
        QCOMPARE(error, QStringLiteral("`a` is not an object"));
        QVERIFY(!rawJsonValue(doc + "x", {QStringLiteral("b")}, &error));
        QVERIFY2(error.contains(QStringLiteral("unexpected text after the JSON value")), qPrintable(error));
        QVERIFY(!rawJsonValue(R"({"a": 1,})", {QStringLiteral("a")}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("not valid JSON")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPriceParsers)
#include "tst_priceparsers.moc"
