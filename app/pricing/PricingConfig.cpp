#include "pricing/PricingConfig.h"

namespace griddeck {

OracleSettings oracleSettingsFrom(const Config &config)
{
    const Config::TftConversion &c = config.tftConversion;
    OracleSettings s;
    s.sources = c.priceSources;
    s.maxSlippage = c.maxSlippagePercent;
    s.minSources = c.minPriceSources;
    s.buffer = c.conversionBufferPercent;
    return s;
}

Result<QUrl> resolveServiceUrl(const QString &configured, const QUrl &embeddedUrl, const QString &key)
{
    if (configured == u"embedded") {
        if (embeddedUrl.isEmpty())
            return Error::invalid(QStringLiteral("%1 is \"embedded\", but the embedded grid simulator is not running").arg(key));
        return embeddedUrl;
    }
    const QUrl url(configured, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return Error::invalid(QStringLiteral("%1 is \"%2\": not \"embedded\" or an http(s) URL with a host").arg(key, configured));
    return url;
}

Result<PriceFeedEndpoints> priceFeedEndpointsFrom(const Config &config, const QUrl &embeddedUrl)
{
    const auto horizon = resolveServiceUrl(config.tftConversion.horizonUrl, embeddedUrl, QStringLiteral("tft_conversion.horizon_url"));
    if (!horizon)
        return horizon.error();
    const auto coingecko =
        resolveServiceUrl(config.tftConversion.coingeckoUrl, embeddedUrl, QStringLiteral("tft_conversion.coingecko_url"));
    if (!coingecko)
        return coingecko.error();
    const QString gatewayKey = config.threefoldGrid.deployerUrl.isEmpty() ? QStringLiteral("threefold_grid.grid_proxy_url")
                                                                          : QStringLiteral("threefold_grid.deployer_url");
    const auto gateway = resolveServiceUrl(config.threefoldGrid.effectiveDeployerUrl(), embeddedUrl, gatewayKey);
    if (!gateway)
        return gateway.error();
    return PriceFeedEndpoints{*horizon, *coingecko, *gateway};
}

Result<QUrl> walletUrlFrom(const Config &config, const QUrl &embeddedUrl)
{
    return resolveServiceUrl(config.tftConversion.walletUrl, embeddedUrl, QStringLiteral("tft_conversion.wallet_url"));
}

} // namespace griddeck
