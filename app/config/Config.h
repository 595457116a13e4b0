#pragma once
// The settings in deployment.toml: one struct per file section, defaults equal to the commented
// file shipped in resources/. Loading checks every key (type, range, format) and reports all
// problems at once, each naming the file, line, column, key and the offending value. Percentages
// and rates are read from the literal text of the file, never through a double.

#include "domain/Money.h"
#include "domain/Result.h"
#include "store/StoreLocation.h"

#include <QString>
#include <QStringList>

namespace griddeck {

struct Config
{
    struct DeploymentQueue
    {
        int workerCount = 4;               // 1..64
        int maxQueueSize = 1000;           // live jobs accepted before "queue full"
        int retryAttempts = 3;             // 0..20
        int retryDelaySeconds = 30;        // first retry delay, doubled per attempt
        int retryMaxDelaySeconds = 600;    // cap on the doubled delay, >= retryDelaySeconds
        int leaseSeconds = 60;             // a claimed step is reserved this long
        int readinessTimeoutSeconds = 300; // not ready by then → rollback
        bool operator==(const DeploymentQueue &) const = default;
    };

    struct ThreefoldGrid
    {
        QString gridProxyUrl = QStringLiteral("embedded"); // "embedded" or http(s) URL
        QString deployerUrl;                               // "" = same as gridProxyUrl
        QString substrateUrl = QStringLiteral("wss://tfchain.grid.tf/ws");
        QString relayUrl = QStringLiteral("wss://relay.grid.tf");
        int requestTimeoutSeconds = 15;
        int maxRequestsPerHost = 32; // requests in flight to one host at once (1..256)
        Percent minUptimePercent = Percent::fromWhole(95);
        QStringList preferredCountries; // ISO 3166 alpha-2, upper case
        int twinId = 0;                 // our TFChain twin: nodes it rents are ours to use; 0 = none
        QString graphqlUrl;             // TFChain indexer (uptime); "" = proxy-only substitute
        // "" = no real grid (the simulator or the URLs above); main, test, qa or dev: GridDeck
        // runs griddeck-gridd for that network and deploys through it (docs/operations.md).
        QString network;
        // The gateway serving /deployments: deployerUrl, or gridProxyUrl when that is empty.
        QString effectiveDeployerUrl() const { return deployerUrl.isEmpty() ? gridProxyUrl : deployerUrl; }
        bool operator==(const ThreefoldGrid &) const = default;
    };

    struct TftConversion
    {
        QStringList priceSources = {QStringLiteral("dex"), QStringLiteral("coingecko"), QStringLiteral("grid_stats")};
        Percent conversionBufferPercent = Percent::fromWhole(2);
        Percent maxSlippagePercent = Percent::fromWhole(5);
        int minPriceSources = 1; // 1..priceSources.size()
        TfcPrice tfcUsdRate = TfcPrice::fromUnits(fixed::kRateScale); // USD per TFC, > 0
        QString horizonUrl = QStringLiteral("embedded");
        QString coingeckoUrl = QStringLiteral("embedded");
        QString walletUrl = QStringLiteral("embedded");
        bool operator==(const TftConversion &) const = default;
    };

    struct Notifications
    {
        bool emailEnabled = true;
        bool webhookEnabled = true;
        bool slackEnabled = false;
        QString webhookUrl; // "" or http(s) URL
        QString smtpHost;
        int smtpPort = 587; // 1..65535
        QString smtpUser;
        QString emailFrom;  // "" or an e-mail address
        QStringList emailTo;
        bool operator==(const Notifications &) const = default;
    };

    struct Commission
    {
        Percent percent = Percent::fromWhole(10); // 0..100
        bool operator==(const Commission &) const = default;
    };

    struct Store
    {
        QString backend = QStringLiteral("sqlite"); // "sqlite" or "postgresql"
        // postgresql: postgresql://user@host:5432/database[?sslmode=…]; never a password (that
        // comes from the keychain or GRIDDECK_SECRET_STORE_PASSWORD)
        QString connection;
        QString path; // sqlite: "" = the user's data folder
        bool operator==(const Store &) const = default;
    };

    struct App
    {
        QString language; // "" (system locale), "en", "fr" or "nl"
        bool operator==(const App &) const = default;
    };

    // The HTTP API (docs/api.yaml): the console serves it too when enabled, as `griddeckctl serve`.
    struct Api
    {
        bool enabled = false;
        QString listen = QStringLiteral("127.0.0.1:8088"); // HOST:PORT, [IPv6]:PORT or :PORT (loopback)
        bool operator==(const Api &) const = default;
    };

    DeploymentQueue deploymentQueue;
    ThreefoldGrid threefoldGrid;
    TftConversion tftConversion;
    Notifications notifications;
    Commission commission;
    Store store;
    App app;
    Api api;

    bool operator==(const Config &) const = default;

    static Config defaults() { return Config(); }

    // Where [store] says the store is: `override` (a path or a connection string, e.g. from
    // --db) wins; else the PostgreSQL connection or the SQLite path (`defaultPath` when empty).
    // `password` is for PostgreSQL only and comes from the secret store, never from this file.
    Result<StoreLocation> storeLocation(
        const QString &override, const QString &defaultPath, const QString &password) const;

    // Errors are ErrorKind::InvalidInput (NotFound for a missing file); the message has one line
    // per problem: "<file>:<line>:<column>: <section>.<key>: <what is wrong> (got <value>)".
    static Result<Config> loadFile(const QString &path);
    // As loadFile, but a file that does not exist gives the defaults.
    static Result<Config> loadFileOrDefaults(const QString &path);
    static Result<Config> loadString(const QString &text, const QString &nameForMessages);

    // A complete, commented deployment.toml that loads back equal to this config.
    QString toToml() const;
    // Writes toToml() atomically (the old file stays whole if anything fails).
    Result<void> saveFile(const QString &path) const;
    // The checks loadString makes, for a config built in code (e.g. by the settings dialog).
    Result<void> validate() const;

    static QStringList knownPriceSources(); // dex, coingecko, grid_stats
    static QStringList knownLanguages();    // en, fr, nl
};

} // namespace griddeck
