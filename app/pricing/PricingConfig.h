#pragma once
// The pricing settings taken from deployment.toml, so callers (pipeline, CLI, UI) need not copy
// fields one by one. The pricing core itself never reads Config: it takes these plain values.

#include "config/Config.h"
#include "pricing/Oracle.h"
#include "pricing/PriceOracle.h"

#include <QUrl>

namespace griddeck {

// [tft_conversion] price_sources, max_slippage_percent, min_price_sources,
// conversion_buffer_percent.
OracleSettings oracleSettingsFrom(const Config &config);

// A configured service URL; "embedded" means `embeddedUrl` (the in-process simulator), which must
// then be given. `key` names the setting in the error.
Result<QUrl> resolveServiceUrl(const QString &configured, const QUrl &embeddedUrl, const QString &key);

// horizon_url, coingecko_url and the gateway (deployer_url, or grid_proxy_url when empty).
Result<PriceFeedEndpoints> priceFeedEndpointsFrom(const Config &config, const QUrl &embeddedUrl = {});
// wallet_url.
Result<QUrl> walletUrlFrom(const Config &config, const QUrl &embeddedUrl = {});

} // namespace griddeck
