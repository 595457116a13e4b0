#include "TestSupport.h"
#include "pricing/Oracle.h"

#include <QtTest>

using namespace griddeck;

namespace {

TftPrice price(const char *text)
{
    auto p = TftPrice::parse(QString::fromLatin1(text));
    if (!p)
        qFatal("bad price in test: %s", text);
    return *p;
}

OracleSettings settings(int minSources, const char *maxSlippage = "5")
{
    OracleSettings s;
    s.minSources = minSources;
    s.maxSlippage = *Percent::parse(QString::fromLatin1(maxSlippage));
    return s;
}

const SourceOutcome &outcome(const Quote &quote, const QString &source)
{
    for (const SourceOutcome &o : quote.sources)
        if (o.source == source)
            return o;
    qFatal("no outcome for %s", qPrintable(source));
}

QString message(const Result<Quote> &r)
{
    return r.ok() ? QString() : r.error().message;
}

} // namespace

class TestOracle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void allSourcesAgree()
    {
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0101")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.0102"))},
                                          settings(2), clock);
        QVERIFY2(quote.ok(), qPrintable(message(quote)));
        QCOMPARE(quote->median, price("0.0101"));
        QCOMPARE(quote->rate, price("0.0101"));
        QCOMPARE(quote->usedSources(), QStringList({"dex", "coingecko", "grid_stats"}));
        QVERIFY(quote->droppedSources().isEmpty());
        QCOMPARE(quote->atMs, clock.nowMs());
        QCOMPARE(quote->buffer, Percent::fromWhole(2));
        QCOMPARE(outcome(*quote, QStringLiteral("dex")).deviation, Percent::parse(u"0.990099"));
    }

    void survivesOneSourceDown()
    {
        ManualClock clock;
        auto quote = combinePriceReadings(
            {SourceReading::failed(QStringLiteral("dex"), QStringLiteral("GET http://127.0.0.1:1/paths/strict-receive: connection refused")),
             SourceReading::answered(QStringLiteral("coingecko"), price("0.0100")),
             SourceReading::answered(QStringLiteral("grid_stats"), price("0.0102"))},
            settings(2), clock);
        QVERIFY2(quote.ok(), qPrintable(message(quote)));
        // Median of two = the mean of both: 0.0101; both are 0.99 % from it.
        QCOMPARE(quote->median, price("0.0101"));
        QCOMPARE(quote->rate, price("0.0101"));
        const SourceOutcome &dex = outcome(*quote, QStringLiteral("dex"));
        QVERIFY(!dex.used);
        QVERIFY(!dex.rate);
        QVERIFY(dex.error.contains(QStringLiteral("connection refused")));
        QCOMPARE(dex.dropReason, QStringLiteral("failed: ") + dex.error);
        QCOMPARE(quote->droppedSources(), QStringList{"dex"});
        QVERIFY2(quote->summary().startsWith(QStringLiteral("0.0101 USD/TFT from coingecko, grid_stats (dropped: dex failed: ")),
                 qPrintable(quote->summary()));
    }

    void dropsASkewedSource()
    {
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0130")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.0101"))},
                                          settings(2), clock);
        QVERIFY2(quote.ok(), qPrintable(message(quote)));
        QCOMPARE(quote->median, price("0.0101"));
        // (0.0100 + 0.0101) / 2 = 0.01005, exactly representable.
        QCOMPARE(quote->rate, price("0.01005"));
        const SourceOutcome &skewed = outcome(*quote, QStringLiteral("coingecko"));
        QVERIFY(!skewed.used);
        QCOMPARE(skewed.rate, price("0.0130"));
        // |0.0130 - 0.0101| / 0.0101 = 28.71 %.
        QCOMPARE(skewed.dropReason, QStringLiteral("0.013 is 28.7% from the median 0.0101 (max_slippage_percent 5)"));
    }

    void dropsALowOutlierToo()
    {
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0050")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.0101"))},
                                          settings(2), clock);
        QVERIFY(quote.ok());
        QCOMPARE(quote->droppedSources(), QStringList{"dex"});
        QCOMPARE(quote->rate, price("0.01005"));
    }

    void keepsARateExactlyAtTheLimit()
    {
        // 0.0095 and 0.0105 are exactly 5 % from the median 0.0100: not further, so kept.
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0095")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.0105"))},
                                          settings(3), clock);
        QVERIFY2(quote.ok(), qPrintable(message(quote)));
        QCOMPARE(quote->usedSources().size(), 3);
        QCOMPARE(quote->rate, price("0.0100"));
        // One unit of 10^-12 more and it is out.
        auto beyond = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0095")),
                                            SourceReading::answered(QStringLiteral("coingecko"), price("0.010500000001")),
                                            SourceReading::answered(QStringLiteral("grid_stats"), price("0.0100"))},
                                           settings(2), clock);
        QVERIFY(beyond.ok());
        QCOMPARE(beyond->droppedSources(), QStringList{"coingecko"});
        QCOMPARE(outcome(*beyond, QStringLiteral("coingecko")).dropReason,
                 QStringLiteral("0.010500000001 is more than 5% from the median 0.01 (max_slippage_percent 5)"));
    }

    // TFChain's price is whole mUSD: at ~10 mUSD its own 1 mUSD step is 10 %, so it is allowed
    // on top of max_slippage_percent for grid_stats, and only for it.
    void gridStatsMayBeOffByItsOwnMusdStep()
    {
        ManualClock clock;
        // Median 0.0104; grid_stats says 10 mUSD: 3.8 % off, beyond 2 % but within 2 % + 1 mUSD.
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0104")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0105")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.010"))},
                                          settings(3, "2"), clock);
        QVERIFY2(quote.ok(), qPrintable(message(quote)));
        QCOMPARE(quote->usedSources().size(), 3);
        // The same distance from another source is a real disagreement.
        auto other = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0104")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.010")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.0105"))},
                                          settings(2, "2"), clock);
        QVERIFY(other.ok());
        QCOMPARE(other->droppedSources(), QStringList{"coingecko"});
        // Beyond limit + step, grid_stats is dropped too: |0.008 − 0.0104| = 0.0024 > 0.000208 + 0.001.
        auto far = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0104")),
                                         SourceReading::answered(QStringLiteral("coingecko"), price("0.0105")),
                                         SourceReading::answered(QStringLiteral("grid_stats"), price("0.008"))},
                                        settings(2, "2"), clock);
        QVERIFY(far.ok());
        QCOMPARE(far->droppedSources(), QStringList{"grid_stats"});
        // Exactly at limit + step stays: median 0.0100, 2 % = 0.0002, + 0.001 → 0.0112 kept.
        auto edge = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0100")),
                                          SourceReading::answered(QStringLiteral("coingecko"), price("0.0100")),
                                          SourceReading::answered(QStringLiteral("grid_stats"), price("0.0112"))},
                                         settings(3, "2"), clock);
        QVERIFY2(edge.ok(), qPrintable(message(edge)));
        auto past = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0100")),
                                          SourceReading::answered(QStringLiteral("coingecko"), price("0.0100")),
                                          SourceReading::answered(QStringLiteral("grid_stats"), price("0.011200000001"))},
                                         settings(2, "2"), clock);
        QVERIFY(past.ok());
        QCOMPARE(past->droppedSources(), QStringList{"grid_stats"});
    }

    void refusesWhenTooFewRemain()
    {
        ManualClock clock;
        auto quote = combinePriceReadings(
            {SourceReading::failed(QStringLiteral("dex"), QStringLiteral("timed out")),
             SourceReading::answered(QStringLiteral("coingecko"), price("0.0101")),
             SourceReading::failed(QStringLiteral("grid_stats"), QStringLiteral("HTTP 503"))},
            settings(2), clock);
        QVERIFY(!quote.ok());
        QCOMPARE(quote.error().kind, ErrorKind::Transient);
        QCOMPARE(quote.error().message,
                 QStringLiteral("no reliable TFT price: 1 of 3 price sources usable, min_price_sources is 2 "
                                "(dex failed: timed out; coingecko gave 0.0101; grid_stats failed: HTTP 503)"));
    }

    void refusesWhenSkewLeavesTooFew()
    {
        // Two sources that disagree by 20 %: each is 9.1 % from their mean; neither can be trusted.
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0120")),
                                           SourceReading::failed(QStringLiteral("grid_stats"), QStringLiteral("HTTP 500"))},
                                          settings(1), clock);
        QVERIFY(!quote.ok());
        QVERIFY2(quote.error().message.contains(QStringLiteral("0 of 3 price sources usable, min_price_sources is 1")),
                 qPrintable(quote.error().message));
        QVERIFY2(quote.error().message.contains(
                     QStringLiteral("dex 0.01 is 9.1% from the median 0.011 (max_slippage_percent 5)")),
                 qPrintable(quote.error().message));
        QVERIFY(quote.error().message.contains(QStringLiteral("grid_stats failed: HTTP 500")));
    }

    void aMissingReadingCountsAsFailed()
    {
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("coingecko"), price("0.0101"))}, settings(1),
                                          clock);
        QVERIFY(quote.ok());
        QCOMPARE(quote->sources.size(), size_t(3));
        QCOMPARE(outcome(*quote, QStringLiteral("dex")).error, QStringLiteral("no answer"));
        QCOMPARE(quote->rate, price("0.0101"));
    }

    void medianOfAnOddCountIsTheMiddle()
    {
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0104")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("grid_stats"), price("0.0102"))},
                                          settings(3), clock);
        QVERIFY(quote.ok());
        QCOMPARE(quote->median, price("0.0102"));
        QCOMPARE(quote->rate, price("0.0102"));
    }

    void medianOfAnEvenCountIsExact()
    {
        // Median of 1000 and 1001 units is 1000.5 units; each lies 0.5 / 1000.5 = 0.04997501…%
        // from it. A rounded median (1000) would keep one and drop the other; the exact one
        // treats both alike.
        ManualClock clock;
        const std::vector<SourceReading> readings{SourceReading::answered(QStringLiteral("dex"), TftPrice::fromUnits(1000)),
                                                  SourceReading::answered(QStringLiteral("coingecko"), TftPrice::fromUnits(1001)),
                                                  SourceReading::failed(QStringLiteral("grid_stats"), QStringLiteral("down"))};
        auto kept = combinePriceReadings(readings, settings(2, "0.0499751"), clock);
        QVERIFY2(kept.ok(), qPrintable(message(kept)));
        QCOMPARE(kept->usedSources(), QStringList({"dex", "coingecko"}));
        QCOMPARE(kept->median.units(), 1000); // 1000.5 shown half-to-even
        QCOMPARE(kept->rate.units(), 1000);   // the average, half-to-even
        auto dropped = combinePriceReadings(readings, settings(1, "0.0499750"), clock);
        QVERIFY(!dropped.ok());
        QVERIFY(dropped.error().message.contains(QStringLiteral("0 of 3")));
    }

    void averagingIsExactHalfToEven()
    {
        ManualClock clock;
        const auto average = [&](const char *a, const char *b, const char *c) {
            std::vector<SourceReading> readings{SourceReading::answered(QStringLiteral("dex"), price(a)),
                                                SourceReading::answered(QStringLiteral("coingecko"), price(b))};
            readings.push_back(c ? SourceReading::answered(QStringLiteral("grid_stats"), price(c))
                                 : SourceReading::failed(QStringLiteral("grid_stats"), QStringLiteral("down")));
            auto q = combinePriceReadings(readings, settings(2), clock);
            return q.ok() ? q->rate.toString() : q.error().message;
        };
        // (2 + 1 + 1) / 3 units above 0.01 → 1.333 → 1.
        QCOMPARE(average("0.010000000002", "0.010000000001", "0.010000000001"), QStringLiteral("0.010000000001"));
        // 0.666… → 1.
        QCOMPARE(average("0.010000000000", "0.010000000001", "0.010000000001"), QStringLiteral("0.010000000001"));
        // Two survivors: x.5 goes to the even neighbour.
        QCOMPARE(average("0.010000000001", "0.010000000002", nullptr), QStringLiteral("0.010000000002"));
        QCOMPARE(average("0.010000000002", "0.010000000003", nullptr), QStringLiteral("0.010000000002"));
    }

    void rejectsInvalidSettings()
    {
        ManualClock clock;
        const std::vector<SourceReading> readings{SourceReading::answered(QStringLiteral("dex"), price("0.01"))};
        OracleSettings s = settings(0);
        auto r = combinePriceReadings(readings, s, clock);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::InvalidInput);
        QVERIFY(r.error().message.contains(QStringLiteral("min_price_sources is 0")));
        s = settings(4);
        QVERIFY(!combinePriceReadings(readings, s, clock).ok());
        s = settings(1, "1000.0000001");
        r = combinePriceReadings(readings, s, clock);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, QStringLiteral("max_slippage_percent is 1000.0000001; it must be between 0 and 1000"));
        s = settings(1);
        s.sources = QStringList{"dex", "binance"};
        r = combinePriceReadings(readings, s, clock);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("\"binance\"")));
        s.sources = QStringList{"dex", "dex"};
        QVERIFY(!combinePriceReadings(readings, s, clock).ok());
        s.sources = {};
        QVERIFY(!combinePriceReadings(readings, s, clock).ok());
    }

    void absurdRatesGiveMessagesNotOverflows()
    {
        // A feed claiming 9.2 million USD per TFT against two at 10^-12: the median is 10^-12,
        // the deviation saturates, and the outlier is dropped with a message.
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), TftPrice::fromUnits(1)),
                                           SourceReading::answered(QStringLiteral("coingecko"), TftPrice::fromUnits(INT64_MAX)),
                                           SourceReading::answered(QStringLiteral("grid_stats"), TftPrice::fromUnits(1))},
                                          settings(2, "1000"), clock);
        QVERIFY2(quote.ok(), qPrintable(message(quote)));
        QCOMPARE(quote->droppedSources(), QStringList{"coingecko"});
        QCOMPARE(outcome(*quote, QStringLiteral("coingecko")).deviation, Percent::fromUnits(INT64_MAX));
        QCOMPARE(quote->rate.units(), 1);
    }

    void quoteRoundTripsThroughJson()
    {
        ManualClock clock;
        auto quote = combinePriceReadings({SourceReading::answered(QStringLiteral("dex"), price("0.0100")),
                                           SourceReading::answered(QStringLiteral("coingecko"), price("0.0130")),
                                           SourceReading::failed(QStringLiteral("grid_stats"), QStringLiteral("HTTP 500"))},
                                          settings(1, "50"), clock);
        QVERIFY(quote.ok());
        const QJsonObject json = quote->toJson();
        QCOMPARE(json.value(QStringLiteral("rate")).toString(), QStringLiteral("0.011500000000"));
        QCOMPARE(json.value(QStringLiteral("at")).toString(), QStringLiteral("2026-01-01T00:00:00.000Z"));
        QVERIFY(json.value(QStringLiteral("sources")).toArray().at(2).toObject().value(QStringLiteral("rate")).isNull());
        auto back = Quote::fromJson(json);
        QVERIFY2(back.ok(), qPrintable(message(back)));
        QCOMPARE(back->toJson(), json);
        QVERIFY(!Quote::fromJson(QJsonObject{{QStringLiteral("rate"), QStringLiteral("abc")}}).ok());
    }
};

QTEST_GUILESS_MAIN(TestOracle)
#include "tst_oracle.moc"
