#pragma once
// The three TFT price feeds in their real formats (Stellar Horizon strict-receive paths,
// CoinGecko simple price, TFChain's mUSD price) over one seeded random walk, and the TFT
// wallet that buys at the dex price.

#include "domain/Money.h"
#include "sim/SimFaults.h"
#include "sim/SimReply.h"
#include "sim/SimRng.h"

#include <QJsonArray>
#include <QList>
#include <QUrlQuery>

#include <deque>

namespace griddeck {

class SimPrices
{
public:
    // The walk starts at 0.0101 USD/TFT and stays within ±20 % of it.
    static constexpr std::int64_t kBaseUnits = 10'100'000'000; // 0.0101 at 12 decimals
    // Price reads (any feed, and conversions) between two steps of the walk: the price moves
    // with the request count, not the wall clock, so a request sequence always sees the same prices.
    static constexpr int kReadsPerStep = 10;

    explicit SimPrices(quint64 seed);
    void reset();

    // Counts one price read, stepping the walk every kReadsPerStep reads.
    void tick();
    TftPrice current() const { return TftPrice::fromUnits(m_units); }
    // The price a source reports: the walk with that source's skew.
    TftPrice priceFor(const QString &source, const SimFaults &faults) const;

    SimReply horizon(const QUrlQuery &query, const SimFaults &faults);
    SimReply coingecko(const QUrlQuery &query, const SimFaults &faults);
    SimReply gridStats(const SimFaults &faults);

    static const QString &usdcIssuer();
    static const QString &tftIssuer();

private:
    void step();

    quint64 m_seed;
    SimRng m_rng;
    std::int64_t m_units = kBaseUnits;
    qint64 m_reads = 0;
    std::deque<std::int64_t> m_history; // the last steps, for TFChain's average price
};

struct SimConversion
{
    QString txId;
    QString idempotencyKey;
    qint64 jobId = 0;
    Usd usdSpent;
    Tft tftReceived;
    TftPrice rate;
    QJsonObject toJson() const;
};

class SimWallet
{
public:
    explicit SimWallet(quint64 seed);
    void reset();

    // POST /wallet/convert: buys tft_amount at `rate` if it costs at most usd_amount.
    SimReply convert(const QByteArray &body, TftPrice rate, const QString &idempotencyKey);
    SimReply balance() const;
    QJsonArray conversionsJson() const;
    const QList<SimConversion> &conversions() const { return m_conversions; }

private:
    quint64 m_seed;
    Usd m_usd;
    Tft m_tft;
    QList<SimConversion> m_conversions;
};

} // namespace griddeck
