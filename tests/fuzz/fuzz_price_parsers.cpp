// Price-feed and wallet replies (Horizon, CoinGecko, grid stats, the wallet's conversion reply):
// any body gives a price or an error, never a crash; a price is positive.
#include "FuzzSupport.h"
#include "pricing/Conversion.h"
#include "pricing/PriceParsers.h"

namespace {

void checkPrice(const griddeck::Result<griddeck::TftPrice> &price, const char *what)
{
    if (price.ok() && price.value().units() <= 0)
        griddeck::fuzz::broken(
            what, QStringLiteral("a price that is not positive: ") + price.value().toString());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace griddeck;
    const QByteArray body = fuzz::bytes(data, size);
    checkPrice(parseHorizonStrictReceive(body), "horizon");
    checkPrice(parseCoinGeckoSimplePrice(body), "coingecko");
    checkPrice(parseGridStatsTftPrice(body), "grid_stats");
    for (const char *source : { "dex", "coingecko", "grid_stats", "unknown" })
        checkPrice(parsePriceReply(QString::fromLatin1(source), body), source);
    (void)parseConversionReply(body);
    return 0;
}
