// The price oracle and the wallet conversion against the embedded grid simulator over real
// loopback HTTP: the oracle survives one source down, drops a skewed source and refuses when too
// few sources remain; a conversion is idempotent, and one with slippage above the limit is
// refused without any money moving.

#include "TestSupport.h"
#include "pricing/ConversionClient.h"
#include "pricing/PriceOracle.h"
#include "sim/GridSimulator.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace griddeck;

namespace {

OracleSettings settings(int minSources)
{
    OracleSettings s;
    s.minSources = minSources;
    return s;
}

template<class T>
std::optional<T> waitFor(const std::function<void(std::function<void(T)>)> &start)
{
    std::optional<T> out;
    start([&](T r) { out.emplace(std::move(r)); });
    QElapsedTimer timer;
    timer.start();
    while (!out && timer.elapsed() < 10'000)
        QTest::qWait(5);
    return out;
}

std::optional<Result<Quote>> fetch(const PriceOracle &oracle)
{
    return waitFor<Result<Quote>>([&](auto done) { oracle.fetchQuote(done); });
}

std::optional<Result<ConversionResult>> convert(const ConversionClient &client, const ConversionPlan &plan, qint64 jobId)
{
    return waitFor<Result<ConversionResult>>([&](auto done) { client.execute(plan, jobId, done); });
}

QString messageOf(const std::optional<Result<Quote>> &r)
{
    return !r ? QStringLiteral("no answer") : r->ok() ? QString() : r->error().message;
}

} // namespace

class TestPricingSim : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_sim = std::make_unique<GridSimulator>();
        QVERIFY2(m_sim->start(), qPrintable(m_sim->errorString()));
        m_endpoints = {m_sim->url(), m_sim->url(), m_sim->url()};
    }
    void cleanup() { m_sim.reset(); }

    void allThreeSourcesAgree()
    {
        PriceOracle oracle(HttpClient(), m_endpoints, settings(3), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY2(quote && quote->ok(), qPrintable(messageOf(quote)));
        QCOMPARE((*quote)->usedSources(), QStringList({"dex", "coingecko", "grid_stats"}));
        // The simulator's walk starts at 0.0101 and stays within 20 % of it.
        QVERIFY((*quote)->rate > *TftPrice::parse(u"0.00808"));
        QVERIFY((*quote)->rate < *TftPrice::parse(u"0.01212"));
    }

    void survivesOneSourceDown()
    {
        SimFaults faults;
        faults.sourceDown = {QStringLiteral("coingecko")};
        m_sim->setFaults(faults);
        PriceOracle oracle(HttpClient(), m_endpoints, settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY2(quote && quote->ok(), qPrintable(messageOf(quote)));
        QCOMPARE((*quote)->usedSources(), QStringList({"dex", "grid_stats"}));
        const QString why = (*quote)->sources.at(1).error;
        QVERIFY2(why.contains(QStringLiteral("HTTP 503")), qPrintable(why));
    }

    void dropsASkewedSource()
    {
        SimFaults faults;
        faults.priceSkewPercent.insert(QStringLiteral("dex"), Percent::fromWhole(20));
        m_sim->setFaults(faults);
        PriceOracle oracle(HttpClient(), m_endpoints, settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY2(quote && quote->ok(), qPrintable(messageOf(quote)));
        QCOMPARE((*quote)->usedSources(), QStringList({"coingecko", "grid_stats"}));
        const SourceOutcome &dex = (*quote)->sources.at(0);
        QVERIFY(dex.rate.has_value());
        QVERIFY2(dex.dropReason.contains(QStringLiteral("from the median")) && dex.dropReason.contains(QStringLiteral("(max_slippage_percent 5)")),
                 qPrintable(dex.dropReason));
        QVERIFY(*dex.deviation > Percent::fromWhole(15));
    }

    void refusesWhenTooFewSourcesRemain()
    {
        SimFaults faults;
        faults.sourceDown = {QStringLiteral("dex"), QStringLiteral("grid_stats")};
        m_sim->setFaults(faults);
        PriceOracle oracle(HttpClient(), m_endpoints, settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY(quote && !quote->ok());
        QCOMPARE(quote->error().kind, ErrorKind::Transient);
        const QString message = quote->error().message;
        QVERIFY2(message.contains(QStringLiteral("1 of 3 price sources usable, min_price_sources is 2")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("dex failed: ")) && message.contains(QStringLiteral("grid_stats failed: ")),
                 qPrintable(message));
    }

    void conversionIsIdempotent()
    {
        PriceOracle oracle(HttpClient(), m_endpoints, settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY2(quote && quote->ok(), qPrintable(messageOf(quote)));
        const auto plan = planConversion(quote->value(), Tfc::fromWhole(90), TfcPrice::fromUnits(fixed::kRateScale));
        QVERIFY(plan.ok());
        ConversionClient wallet(HttpClient(), m_sim->url());
        const auto first = convert(wallet, *plan, 42);
        QVERIFY2(first && first->ok(), qPrintable(first && !first->ok() ? first->error().message : QString()));
        QCOMPARE((*first)->tftReceived, plan->tftNeeded);
        QVERIFY((*first)->usdSpent <= plan->usdLimit);
        // The step re-run after a crash: same key, same conversion, nothing bought twice.
        const auto again = convert(wallet, *plan, 42);
        QVERIFY(again && again->ok());
        QCOMPARE((*again)->txId, (*first)->txId);
        QCOMPARE(m_sim->state().value(QStringLiteral("conversions")).toArray().size(), 1);
    }

    void slippageWithinTheLimitIsAccepted()
    {
        PriceOracle oracle(HttpClient(), m_endpoints, settings(3), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY2(quote && quote->ok(), qPrintable(messageOf(quote)));
        SimFaults faults;
        faults.walletSlippagePercent = Percent::fromWhole(2);
        m_sim->setFaults(faults);
        const auto plan = planConversion(quote->value(), Tfc::fromWhole(90), TfcPrice::fromUnits(fixed::kRateScale));
        const auto result = convert(ConversionClient(HttpClient(), m_sim->url()), *plan, 43);
        QVERIFY2(result && result->ok(), qPrintable(result && !result->ok() ? result->error().message : QString()));
        QVERIFY((*result)->rate > plan->rate);
    }

    void slippageAboveTheLimitIsRefused()
    {
        PriceOracle oracle(HttpClient(), m_endpoints, settings(3), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY2(quote && quote->ok(), qPrintable(messageOf(quote)));
        SimFaults faults;
        faults.walletSlippagePercent = Percent::fromWhole(10);
        m_sim->setFaults(faults);
        const auto plan = planConversion(quote->value(), Tfc::fromWhole(90), TfcPrice::fromUnits(fixed::kRateScale));
        // The order's USD limit carries max_slippage_percent, so the wallet refuses it and no money
        // moves (a wallet that ignored the limit is caught by the executed-rate check instead).
        const auto result = convert(ConversionClient(HttpClient(), m_sim->url()), *plan, 44);
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().kind, ErrorKind::Permanent);
        QVERIFY2(result->error().message.contains(QStringLiteral("HTTP 422")), qPrintable(result->error().message));
        QVERIFY2(result->error().message.contains(plan->usdLimit.toString()), qPrintable(result->error().message));
        QCOMPARE(m_sim->state().value(QStringLiteral("conversions")).toArray().size(), 0);
    }

private:
    std::unique_ptr<GridSimulator> m_sim;
    PriceFeedEndpoints m_endpoints;
};

QTEST_GUILESS_MAIN(TestPricingSim)
#include "tst_pricing_sim.moc"
