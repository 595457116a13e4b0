#include "config/ConfigSchema.h"

#include "store/StoreLocation.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>

namespace griddeck::config {

namespace {

constexpr std::int64_t kPercentUnits = fixed::kAmountScale; // 1 % in Percent units

#define GD_REF(member) [](Config &c) -> FieldRef { return &c.member; }

const std::vector<Field> kFields = {
    // [deployment_queue]
    { "deployment_queue", "worker_count", GD_REF(deploymentQueue.workerCount), Check::None, 1, 64,
        "worker threads running pipeline steps (1..64)" },
    { "deployment_queue", "max_queue_size", GD_REF(deploymentQueue.maxQueueSize), Check::None, 1, 1'000'000,
        "live (non-terminal) jobs accepted before enqueue says \"queue full\"" },
    { "deployment_queue", "retry_attempts", GD_REF(deploymentQueue.retryAttempts), Check::None, 0, 20,
        "retries of a failing stage before rollback and refund (0..20)" },
    { "deployment_queue", "retry_delay_seconds", GD_REF(deploymentQueue.retryDelaySeconds), Check::None, 0,
        3600, "first retry delay; doubles each attempt, with jitter" },
    { "deployment_queue", "retry_max_delay_seconds", GD_REF(deploymentQueue.retryMaxDelaySeconds),
        Check::None, 0, 86'400, "cap on the doubled delay" },
    { "deployment_queue", "lease_seconds", GD_REF(deploymentQueue.leaseSeconds), Check::None, 1, 3600,
        "how long a claimed step is reserved for its worker" },
    { "deployment_queue", "readiness_timeout_seconds", GD_REF(deploymentQueue.readinessTimeoutSeconds),
        Check::None, 1, 86'400, "a deployment not ready by then is rolled back" },
    // [threefold_grid]
    { "threefold_grid", "grid_proxy_url", GD_REF(threefoldGrid.gridProxyUrl), Check::EmbeddedOrHttpUrl, 0, 0,
        "\"embedded\" runs the built-in grid simulator on 127.0.0.1" },
    { "threefold_grid", "deployer_url", GD_REF(threefoldGrid.deployerUrl), Check::EmptyEmbeddedOrHttpUrl, 0,
        0, "gateway for /deployments; empty = same as grid_proxy_url" },
    { "threefold_grid", "substrate_url", GD_REF(threefoldGrid.substrateUrl), Check::WebSocketUrl, 0, 0, "" },
    { "threefold_grid", "relay_url", GD_REF(threefoldGrid.relayUrl), Check::WebSocketUrl, 0, 0, "" },
    { "threefold_grid", "request_timeout_seconds", GD_REF(threefoldGrid.requestTimeoutSeconds), Check::None,
        1, 600, "" },
    { "threefold_grid", "max_requests_per_host", GD_REF(threefoldGrid.maxRequestsPerHost), Check::None, 1,
        256, "requests the pipeline has in flight to one host (scheme, host, port) at once; more wait" },
    { "threefold_grid", "min_uptime_percent", GD_REF(threefoldGrid.minUptimePercent), Check::None, 0,
        100 * kPercentUnits, "nodes below this uptime are never chosen" },
    { "threefold_grid", "preferred_countries", GD_REF(threefoldGrid.preferredCountries), Check::CountryList,
        0, 0, "e.g. [\"BE\", \"NL\"]: a bonus in node selection" },
    { "threefold_grid", "graphql_url", GD_REF(threefoldGrid.graphqlUrl), Check::EmptyEmbeddedOrHttpUrl, 0, 0,
        "TFChain indexer for uptime shares, e.g. https://graph.grid.tf/graphql; empty = from the proxy "
        "alone" },
    { "threefold_grid", "twin_id", GD_REF(threefoldGrid.twinId), Check::None, 0, INT32_MAX,
        "our TFChain twin: node search asks for nodes available to it (available_for); 0 = free nodes only" },
    { "threefold_grid", "network", GD_REF(threefoldGrid.network), Check::GridNetwork, 0, 0,
        "\"\" = the simulator / URLs above; main, test, qa or dev: deploy through griddeck-gridd on that "
        "network" },
    // [tft_conversion]
    { "tft_conversion", "price_sources", GD_REF(tftConversion.priceSources), Check::PriceSourceList, 0, 0,
        "" },
    { "tft_conversion", "conversion_buffer_percent", GD_REF(tftConversion.conversionBufferPercent),
        Check::None, 0, 100 * kPercentUnits, "" },
    { "tft_conversion", "max_slippage_percent", GD_REF(tftConversion.maxSlippagePercent), Check::None, 0,
        100 * kPercentUnits, "" },
    { "tft_conversion", "min_price_sources", GD_REF(tftConversion.minPriceSources), Check::None, 1, 3, "" },
    { "tft_conversion", "tfc_usd_rate", GD_REF(tftConversion.tfcUsdRate), Check::None, 1, INT64_MAX,
        "USD value of one TFC credit" },
    { "tft_conversion", "horizon_url", GD_REF(tftConversion.horizonUrl), Check::EmbeddedOrHttpUrl, 0, 0,
        "Stellar Horizon (dex source)" },
    { "tft_conversion", "coingecko_url", GD_REF(tftConversion.coingeckoUrl), Check::EmbeddedOrHttpUrl, 0, 0,
        "" },
    { "tft_conversion", "wallet_url", GD_REF(tftConversion.walletUrl), Check::EmbeddedOrHttpUrl, 0, 0,
        "TFT wallet: POST /wallet/convert" },
    // [notifications]
    { "notifications", "email_enabled", GD_REF(notifications.emailEnabled), Check::None, 0, 0, "" },
    { "notifications", "webhook_enabled", GD_REF(notifications.webhookEnabled), Check::None, 0, 0, "" },
    { "notifications", "slack_enabled", GD_REF(notifications.slackEnabled), Check::None, 0, 0, "" },
    { "notifications", "webhook_url", GD_REF(notifications.webhookUrl), Check::EmptyOrHttpUrl, 0, 0, "" },
    { "notifications", "smtp_host", GD_REF(notifications.smtpHost), Check::EmptyOrHost, 0, 0, "" },
    { "notifications", "smtp_port", GD_REF(notifications.smtpPort), Check::None, 1, 65'535, "" },
    { "notifications", "smtp_user", GD_REF(notifications.smtpUser), Check::None, 0, 0, "" },
    { "notifications", "email_from", GD_REF(notifications.emailFrom), Check::EmptyOrEmail, 0, 0, "" },
    { "notifications", "email_to", GD_REF(notifications.emailTo), Check::EmailList, 0, 0, "" },
    // [commission]
    { "commission", "percent", GD_REF(commission.percent), Check::None, 0, 100 * kPercentUnits,
        "share of each purchase kept as commission" },
    // [store]
    { "store", "backend", GD_REF(store.backend), Check::StoreBackend, 0, 0,
        "\"sqlite\" (one desktop) or \"postgresql\" (a shared queue and ledger)" },
    { "store", "connection", GD_REF(store.connection), Check::EmptyOrConnectionString, 0, 0,
        "postgresql://user@host:5432/database; the password is a secret, never here" },
    { "store", "path", GD_REF(store.path), Check::None, 0, 0,
        "sqlite: empty = the user's data folder (griddeck.sqlite)" },
    // [app]
    { "app", "language", GD_REF(app.language), Check::Language, 0, 0,
        "empty = follow the system locale; \"en\", \"fr\" or \"nl\"" },
    // [api]
    { "api", "enabled", GD_REF(api.enabled), Check::None, 0, 0,
        "the console serves the HTTP API too, as griddeckctl serve" },
    { "api", "listen", GD_REF(api.listen), Check::ListenAddress, 0, 0,
        "HOST:PORT; 127.0.0.1 keeps it on this machine" },
};

#undef GD_REF

bool isHttpUrl(const QString &value)
{
    const QUrl url(value, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty()
           && !value.contains(u' ');
}

bool isWebSocketUrl(const QString &value)
{
    const QUrl url(value, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"ws" || url.scheme() == u"wss") && !url.host().isEmpty()
           && !value.contains(u' ');
}

bool isEmail(const QString &value)
{
    // Plausible, not RFC 5322: one @, no spaces, a dot in the domain, no empty labels.
    static const QRegularExpression re(
        QStringLiteral("^[^@\\s<>\",;]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$"));
    return re.match(value).hasMatch();
}

bool isHost(const QString &value)
{
    static const QRegularExpression re(
        QStringLiteral("^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
    static const QRegularExpression ipv6(QStringLiteral("^\\[?[0-9A-Fa-f:.]+\\]?$"));
    return value.size() <= 253 && (re.match(value).hasMatch() || (value.contains(u':') && ipv6.match(value).hasMatch()));
}

} // namespace

const std::vector<Field> &fields()
{
    return kFields;
}

QStringList sectionNames()
{
    QStringList names;
    for (const Field &f : kFields) {
        const QString s = QLatin1String(f.section);
        if (!names.contains(s))
            names.append(s);
    }
    return names;
}

std::vector<const Field *> fieldsOf(const QString &section)
{
    std::vector<const Field *> out;
    for (const Field &f : kFields) {
        if (section == QLatin1String(f.section))
            out.push_back(&f);
    }
    return out;
}

const Field *findField(const QString &section, const QString &key)
{
    for (const Field &f : kFields) {
        if (section == QLatin1String(f.section) && key == QLatin1String(f.key))
            return &f;
    }
    return nullptr;
}

std::optional<QString> checkString(Check check, const QString &value)
{
    switch (check) {
    case Check::None:
        return std::nullopt;
    case Check::EmbeddedOrHttpUrl:
        if (value == u"embedded" || isHttpUrl(value))
            return std::nullopt;
        return QStringLiteral("must be \"embedded\" or an http:// or https:// URL with a host");
    case Check::EmptyEmbeddedOrHttpUrl:
        if (value.isEmpty() || value == u"embedded" || isHttpUrl(value))
            return std::nullopt;
        return QStringLiteral("must be empty, \"embedded\" or an http:// or https:// URL with a host");
    case Check::EmptyOrHttpUrl:
        if (value.isEmpty() || isHttpUrl(value))
            return std::nullopt;
        return QStringLiteral("must be empty or an http:// or https:// URL with a host");
    case Check::WebSocketUrl:
        if (isWebSocketUrl(value))
            return std::nullopt;
        return QStringLiteral("must be a ws:// or wss:// URL with a host");
    case Check::EmptyOrHost:
        if (value.isEmpty() || isHost(value))
            return std::nullopt;
        return QStringLiteral("must be empty or a host name such as smtp.example.com (no scheme, no port)");
    case Check::EmptyOrEmail:
        if (value.isEmpty() || isEmail(value))
            return std::nullopt;
        return QStringLiteral("must be empty or an e-mail address such as ops@example.com");
    case Check::Language:
        if (value.isEmpty() || Config::knownLanguages().contains(value))
            return std::nullopt;
        return QStringLiteral("must be empty (follow the system) or one of %1")
            .arg(Config::knownLanguages().join(QStringLiteral(", ")));
    case Check::ListenAddress: {
        // The form ApiServer::parseListen takes; the address itself is checked when binding.
        static const QRegularExpression re(
            QStringLiteral("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]*):([0-9]{1,5})$"));
        const auto m = re.match(value);
        if (m.hasMatch() && m.captured(2).toInt() <= 65535)
            return std::nullopt;
        return QStringLiteral(
            "must be HOST:PORT, [IPv6]:PORT or :PORT with a port from 0 (any free one) to 65535, "
            "such as 127.0.0.1:8088");
    }
    case Check::StoreBackend:
        if (value == u"sqlite" || value == u"postgresql")
            return std::nullopt;
        return QStringLiteral("must be \"sqlite\" or \"postgresql\"");
    case Check::EmptyOrConnectionString:
        if (value.isEmpty())
            return std::nullopt;
        if (auto parsed
            = StoreLocation::parseConnectionString(value, QStringLiteral("the connection string"));
            !parsed.ok())
            return parsed.error().message;
        return std::nullopt;
    case Check::GridNetwork:
        if (value.isEmpty() || value == u"main" || value == u"test" || value == u"qa" || value == u"dev")
            return std::nullopt;
        return QStringLiteral("must be empty (no real grid) or one of main, test, qa, dev");
    case Check::CountryList:
    case Check::PriceSourceList:
    case Check::EmailList:
        return checkListItem(check, value);
    }
    return std::nullopt;
}

QString quotableValue(Check check, const QString &value)
{
    if (check != Check::EmptyOrConnectionString)
        return value;
    QUrl url(value);
    if (!url.isValid())
        return QStringLiteral("<connection string>");
    url.setPassword(QString());
    QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("password")))
        query.removeAllQueryItems(QStringLiteral("password"));
    url.setQuery(query);
    return url.toString();
}

std::optional<QString> checkListItem(Check check, const QString &value)
{
    switch (check) {
    case Check::CountryList: {
        static const QRegularExpression twoLetters(QStringLiteral("^[A-Za-z]{2}$"));
        if (!twoLetters.match(value).hasMatch())
            return QStringLiteral("must be a two-letter ISO 3166 country code such as \"BE\"");
        if (value != value.toUpper())
            return QStringLiteral("country codes are upper case; write \"%1\"").arg(value.toUpper());
        if (QLocale::codeToTerritory(value) == QLocale::AnyTerritory)
            return QStringLiteral("is not an ISO 3166 country code");
        return std::nullopt;
    }
    case Check::PriceSourceList:
        if (Config::knownPriceSources().contains(value))
            return std::nullopt;
        return QStringLiteral("unknown price source; expected one of %1")
            .arg(Config::knownPriceSources().join(QStringLiteral(", ")));
    case Check::EmailList:
        if (isEmail(value))
            return std::nullopt;
        return QStringLiteral("must be an e-mail address such as ops@example.com");
    default:
        return checkString(check, value);
    }
}

int editDistance(const QString &a, const QString &b)
{
    const QString x = a.toLower();
    const QString y = b.toLower();
    std::vector<int> row(static_cast<size_t>(y.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= y.size(); ++j) {
            const int above = row[static_cast<size_t>(j)];
            const int cost = x.at(i - 1) == y.at(j - 1) ? 0 : 1;
            row[static_cast<size_t>(j)] = std::min({above + 1, row[static_cast<size_t>(j - 1)] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row.back();
}

QString closestName(const QString &name, const QStringList &candidates)
{
    QString best;
    int bestDistance = 3;
    for (const QString &c : candidates) {
        const int d = editDistance(name, c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

} // namespace griddeck::config
