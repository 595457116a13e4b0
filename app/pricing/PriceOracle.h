#pragma once
// Fetches a TFT quote: asks every configured price source at once (asynchronous HttpClient),
// waits until each has answered or timed out, then applies the oracle's rules (Oracle.h).
// The asynchronous call suits the GUI thread; blockingFetchQuote() is for pipeline workers.

#include "domain/Clock.h"
#include "grid/HttpClient.h"
#include "pricing/Oracle.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

namespace griddeck {

// Where the price feeds live (base URLs; the request paths are appended to their paths).
struct PriceFeedEndpoints
{
    QUrl horizon;   // a Stellar Horizon server, e.g. https://horizon.stellar.org
    QUrl coingecko; // the CoinGecko API host, e.g. https://api.coingecko.com
    QUrl gateway;   // the deployment gateway serving /tft_price (TFChain's price)
};

// Stellar mainnet asset issuers the dex query names (USDC by Circle, TFT by ThreeFold).
inline constexpr char kStellarUsdcIssuer[] = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";
inline constexpr char kStellarTftIssuer[] = "GBOVQKJYHXRR3DX6NOX2RRYFRCUMSADGDESTDNBDS6CDVLGVESRTAC47";

// The full request URL for one source: Horizon /paths/strict-receive (USDC → 100 TFT),
// CoinGecko /api/v3/simple/price?ids=threefold-token&vs_currencies=usd, gateway /tft_price.
// An empty URL when the source is unknown or its base URL is not set.
QUrl priceRequestUrl(QStringView source, const PriceFeedEndpoints &endpoints);

class PriceOracle
{
public:
    using QuoteCallback = std::function<void(Result<Quote>)>;

    // `timeoutMs`: each request's transfer timeout; a source that has not answered 250 ms after
    // it (say, one trickling bytes) counts as failed anyway ("no answer within N ms"), so a quote
    // never waits much longer than timeoutMs. The clock stamps the quote; it must outlive the oracle.
    PriceOracle(HttpClient http, PriceFeedEndpoints endpoints, OracleSettings settings,
                const Clock &clock = SystemClock::instance(), int timeoutMs = HttpClient::kDefaultTimeoutMs);

    // Asynchronous, from any thread with an event loop: `done` runs once, later, on the calling
    // thread (never inside this call). With a `context`, nothing runs if it is destroyed first.
    void fetchQuote(QuoteCallback done, QObject *context = nullptr) const;

    // Blocking, for pipeline worker threads only: refused (Permanent error) on the main thread.
    Result<Quote> blockingFetchQuote() const;

    const OracleSettings &settings() const { return m_settings; }
    const PriceFeedEndpoints &endpoints() const { return m_endpoints; }

private:
    HttpClient m_http;
    PriceFeedEndpoints m_endpoints;
    OracleSettings m_settings;
    const Clock *m_clock;
    int m_timeoutMs;
};

} // namespace griddeck
