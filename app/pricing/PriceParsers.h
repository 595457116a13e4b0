#pragma once
// Parsers for the three TFT price feeds (docs/grid-gateway-api.md, "Price feeds"). Each turns a
// reply body into a TftPrice (USD per TFT, 12 decimals) without any floating point, or an
// Error naming the source and the field that was wrong. A reply that cannot be read is a
// Transient error: the same source may answer properly on the next try.

#include "domain/Money.h"
#include "domain/Result.h"

#include <QByteArrayView>
#include <QLatin1String>
#include <QString>

#include <cstdint>

namespace griddeck {

// Source names as they appear in the config's `price_sources`.
inline constexpr QLatin1String kPriceSourceDex("dex");
inline constexpr QLatin1String kPriceSourceCoinGecko("coingecko");
inline constexpr QLatin1String kPriceSourceGridStats("grid_stats");

bool isKnownPriceSource(QStringView source);
// "dex (Stellar Horizon)": how errors name a source.
QString priceSourceLabel(QStringView source);

// Stellar Horizon GET /paths/strict-receive for `destinationAmount` TFT: the price is the
// lowest `_embedded.records[].source_amount` divided by the amount received, exactly from the
// decimal strings. A record whose `destination_amount` differs from the amount asked is an error.
Result<TftPrice> parseHorizonStrictReceive(QByteArrayView body, Tft destinationAmount = Tft::fromWhole(100));

// CoinGecko GET /api/v3/simple/price: {"threefold-token": {"usd": 0.0123}}. The JSON number is
// read from its literal digits and rounded half-to-even to 12 decimals.
Result<TftPrice> parseCoinGeckoSimplePrice(QByteArrayView body, const QString &coinId = QStringLiteral("threefold-token"));

// Gateway GET /tft_price: TFChain's price as the pallet stores it (tfchain
// substrate-node/pallets/pallet-tft-price: TftPrice and AverageTftPrice are u32 mUSD):
// {"tft_price_musd": 10, "average_tft_price_musd": 10} → 0.010 USD per TFT. A fraction, a
// negative, zero or a value beyond u32 is an error.
Result<TftPrice> parseGridStatsTftPrice(QByteArrayView body);
// One mUSD, TFChain's price step, in TftPrice units (12 decimals of USD).
inline constexpr std::int64_t kGridStatsStepUnits = 1'000'000'000;

// Dispatches on the source name (kPriceSource*).
Result<TftPrice> parsePriceReply(QStringView source, QByteArrayView body);

} // namespace griddeck
