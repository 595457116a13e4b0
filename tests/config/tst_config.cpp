// deployment.toml: defaults equal the shipped file, every kind of error names file, line,
// column, key and value, decimals are exact, toToml loads back equal.

#include "TestSupport.h"
#include "config/Config.h"

#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace griddeck;

namespace {

const QString kName = QStringLiteral("cfg.toml");

QString shippedPath()
{
    return QStringLiteral(GRIDDECK_TEST_DATA "/../../resources/deployment.toml");
}

QString errorOf(const QString &text)
{
    const auto loaded = Config::loadString(text, kName);
    if (loaded.ok())
        return QStringLiteral("<loaded without error>");
    return loaded.error().message;
}

// A valid config far from the defaults, with strings that need escaping.
Config unusual()
{
    Config c;
    c.deploymentQueue = {64, 1'000'000, 0, 0, 0, 1, 86'400};
    c.threefoldGrid.gridProxyUrl = QStringLiteral("https://gridproxy.grid.tf");
    c.threefoldGrid.deployerUrl = QStringLiteral("http://127.0.0.1:8080/gw");
    c.threefoldGrid.substrateUrl = QStringLiteral("ws://localhost:9944");
    c.threefoldGrid.relayUrl = QStringLiteral("wss://relay.dev.grid.tf");
    c.threefoldGrid.requestTimeoutSeconds = 600;
    c.threefoldGrid.minUptimePercent = Percent::fromUnits(999'999'999); // 99.9999999
    c.threefoldGrid.preferredCountries = {QStringLiteral("BE"), QStringLiteral("NL"), QStringLiteral("EG")};
    c.tftConversion.priceSources = {QStringLiteral("grid_stats"), QStringLiteral("dex")};
    c.tftConversion.conversionBufferPercent = Percent::fromUnits(1);
    c.tftConversion.maxSlippagePercent = Percent::fromWhole(100);
    c.tftConversion.minPriceSources = 2;
    c.tftConversion.tfcUsdRate = TfcPrice::fromUnits(123'456'789'012); // 0.123456789012
    c.tftConversion.horizonUrl = QStringLiteral("https://horizon.stellar.org");
    c.tftConversion.coingeckoUrl = QStringLiteral("https://api.coingecko.com");
    c.tftConversion.walletUrl = QStringLiteral("http://[::1]:9000");
    c.notifications = {false, false, true, QStringLiteral("https://hooks.example.com/a?b=1&c=%22"),
                       QStringLiteral("smtp.example.com"), 1, QStringLiteral("ops \"night\" \\ shift\tteam é ☃"),
                       QStringLiteral("griddeck@example.com"),
                       {QStringLiteral("a@example.com"), QStringLiteral("b.c+d@mail.example.org")}};
    c.commission.percent = Percent::fromUnits(0);
    c.store.path = QStringLiteral("C:\\Users\\ops\\griddeck \"data\".sqlite");
    c.app.language = QStringLiteral("nl");
    return c;
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsEqualTheShippedFile()
    {
        const auto loaded = Config::loadFile(shippedPath());
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(loaded->toToml(), Config::defaults().toToml());
        QVERIFY(*loaded == Config::defaults());
    }

    void shippedFileIsWhatToTomlWrites()
    {
        // Same keys, order, values and comments: only the opening comment lines differ. So the
        // shipped file cannot lose a key or drift from the field table.
        QFile file(shippedPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto body = [](const QString &text) {
            QStringList lines = text.split(u'\n');
            while (!lines.isEmpty() && lines.first().startsWith(u'#'))
                lines.removeFirst();
            return lines;
        };
        const QStringList shipped = body(QString::fromUtf8(file.readAll()));
        const QStringList written = body(Config::defaults().toToml());
        QCOMPARE(written.size(), shipped.size());
        for (qsizetype i = 0; i < shipped.size(); ++i)
            QCOMPARE(written.at(i), shipped.at(i));
    }

    void maxRequestsPerHost()
    {
        QCOMPARE(Config::defaults().threefoldGrid.maxRequestsPerHost, 32);
        const auto loaded
            = Config::loadString(QStringLiteral("[threefold_grid]\nmax_requests_per_host = 8\n"), kName);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(loaded->threefoldGrid.maxRequestsPerHost, 8);
        const auto edge = Config::loadString(QStringLiteral("[threefold_grid]\nmax_requests_per_host = 256\n"), kName);
        QVERIFY(edge.ok());
        QCOMPARE(edge->threefoldGrid.maxRequestsPerHost, 256);
        QVERIFY(loaded->toToml().contains(QLatin1String("max_requests_per_host = 8")));
    }

    void emptyAndPartialFilesTakeDefaults()
    {
        auto empty = Config::loadString(QString(), kName);
        QVERIFY(empty.ok());
        QVERIFY(*empty == Config::defaults());

        auto partial = Config::loadString(QStringLiteral("[deployment_queue]\nworker_count = 8\n\n[app]\n"), kName);
        QVERIFY2(partial.ok(), qPrintable(partial.ok() ? QString() : partial.error().message));
        Config expected;
        expected.deploymentQueue.workerCount = 8;
        QVERIFY(*partial == expected);
        QCOMPARE(partial->threefoldGrid.effectiveDeployerUrl(), QStringLiteral("embedded"));
    }

    void exactDecimals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("units");
        // 2.3 and 4.35 have no exact double: through a double they would come out one unit short.
        QTest::newRow("2.3") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = 2.3") << qint64(23'000'000);
        QTest::newRow("4.35") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = 4.35") << qint64(43'500'000);
        QTest::newRow("5.25") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = 5.25") << qint64(52'500'000);
        QTest::newRow("smallest") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = 0.0000001") << qint64(1);
        QTest::newRow("integer") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = 10") << qint64(100'000'000);
        QTest::newRow("plus sign") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = +2.5") << qint64(25'000'000);
        QTest::newRow("underscores") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = 1_0.000_1") << qint64(100'001'000);
        QTest::newRow("negative zero") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent = -0.0") << qint64(0);
        QTest::newRow("inline comment") << QStringLiteral("[tft_conversion]\nconversion_buffer_percent=2.3# note") << qint64(23'000'000);
        QTest::newRow("dotted key") << QStringLiteral("tft_conversion.conversion_buffer_percent = 7.7") << qint64(77'000'000);
        QTest::newRow("inline table") << QStringLiteral("tft_conversion = { conversion_buffer_percent = 0.3 }") << qint64(3'000'000);
        QTest::newRow("after unicode") << QStringLiteral("[tft_conversion]\n\"conversion_buffer_percent\"\t=\t2.3 # ☃\n") << qint64(23'000'000);
        QTest::newRow("crlf") << QStringLiteral("[tft_conversion]\r\nconversion_buffer_percent = 2.3\r\n") << qint64(23'000'000);
    }

    void exactDecimals()
    {
        QFETCH(QString, text);
        QFETCH(qint64, units);
        const auto loaded = Config::loadString(text, kName);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(loaded->tftConversion.conversionBufferPercent.units(), units);
    }

    void exactPercentagesAndRates()
    {
        const auto loaded = Config::loadString(QStringLiteral("[commission]\npercent = 12.5\n"
                                                              "[threefold_grid]\nmin_uptime_percent = 99.9999999\n"
                                                              "[tft_conversion]\ntfc_usd_rate = 0.123456789012\n"
                                                              "max_slippage_percent = 100\n"),
                                               kName);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(loaded->commission.percent.units(), 125'000'000);
        QCOMPARE(loaded->threefoldGrid.minUptimePercent.units(), 999'999'999);
        QCOMPARE(loaded->tftConversion.tfcUsdRate.units(), 123'456'789'012);
        QCOMPARE(loaded->tftConversion.maxSlippagePercent, Percent::fromWhole(100));
        const auto big = Config::loadString(QStringLiteral("[tft_conversion]\ntfc_usd_rate = 1_000.5"), kName);
        QVERIFY(big.ok());
        QCOMPARE(big->tftConversion.tfcUsdRate.units(), 1'000'500'000'000'000);
        // 19 significant digits: no double holds this, rounded or not.
        const auto precise = Config::loadString(QStringLiteral("[tft_conversion]\ntfc_usd_rate = 1234567.123456789012"), kName);
        QVERIFY(precise.ok());
        QCOMPARE(precise->tftConversion.tfcUsdRate.units(), 1'234'567'123'456'789'012);
    }

    void reportsEachKindOfError_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *text, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
        };
        row("unknown key, suggestion", "[deployment_queue]\nworker_count = 4\nworker_cont = 4\n",
            "cfg.toml:3:1: deployment_queue.worker_cont: unknown key; did you mean worker_count? (got 4)");
        row("unknown key, case", "[app]\nLanguage = \"en\"\n",
            "cfg.toml:2:1: app.Language: unknown key; did you mean language? (got \"en\")");
        row("unknown key, no suggestion", "[store]\ncolour = \"blue\"\n",
            "cfg.toml:2:1: store.colour: unknown key (got \"blue\")");
        row("key in the wrong section", "[threefold_grid]\n\nworker_count = 4\n",
            "cfg.toml:3:1: threefold_grid.worker_count: unknown key; it belongs under [deployment_queue] (got 4)");
        row("secret in the file", "[notifications]\nsmtp_password = \"hunter2\"\n",
            "cfg.toml:2:1: notifications.smtp_password: unknown key; secrets are kept in the system keychain, never "
            "in deployment.toml (got \"hunter2\")");
        row("unknown section", "[deploymet_queue]\nworker_count = 4\n",
            "cfg.toml:1:2: deploymet_queue: unknown section; did you mean [deployment_queue]? (got [deploymet_queue])");
        row("unknown section, far", "# top\n[logging]\n", "cfg.toml:2:2: logging: unknown section (got [logging])");
        row("key outside a section", "worker_count = 4\n",
            "cfg.toml:1:1: worker_count: a key outside any section; it belongs under [deployment_queue] (got 4)");
        row("section not a table", "commission = 10\n",
            "cfg.toml:1:14: commission: expected a table ([commission]) (got 10)");
        row("string for integer", "[deployment_queue]\nworker_count = \"4\"\n",
            "cfg.toml:2:16: deployment_queue.worker_count: expected an integer (got \"4\")");
        row("float for integer", "[deployment_queue]\nworker_count = 4.0\n",
            "cfg.toml:2:16: deployment_queue.worker_count: expected an integer (got 4.0)");
        row("integer out of range", "[deployment_queue]\n  worker_count   =   65\n",
            "cfg.toml:2:22: deployment_queue.worker_count: must be between 1 and 64 (got 65)");
        row("zero workers", "[deployment_queue]\nworker_count = 0\n",
            "cfg.toml:2:16: deployment_queue.worker_count: must be between 1 and 64 (got 0)");
        row("no request per host", "[threefold_grid]\nmax_requests_per_host = 0\n",
            "cfg.toml:2:25: threefold_grid.max_requests_per_host: must be between 1 and 256 (got 0)");
        row("too many requests per host", "[threefold_grid]\nmax_requests_per_host = 257\n",
            "cfg.toml:2:25: threefold_grid.max_requests_per_host: must be between 1 and 256 (got 257)");
        row("requests per host as text", "[threefold_grid]\nmax_requests_per_host = \"8\"\n",
            "cfg.toml:2:25: threefold_grid.max_requests_per_host: expected an integer (got \"8\")");
        row("requests per host in the queue section", "[deployment_queue]\nmax_requests_per_host = 8\n",
            "cfg.toml:2:1: deployment_queue.max_requests_per_host: unknown key; it belongs under [threefold_grid] "
            "(got 8)");
        row("string for bool", "[notifications]\nemail_enabled = \"yes\"\n",
            "cfg.toml:2:17: notifications.email_enabled: expected true or false (got \"yes\")");
        row("number for string", "[store]\npath = 5\n", "cfg.toml:2:8: store.path: expected a string (got 5)");
        row("string for percent", "[commission]\npercent = \"10\"\n",
            "cfg.toml:2:11: commission.percent: expected a number (got \"10\")");
        row("exponent", "[tft_conversion]\nconversion_buffer_percent = 2e0\n",
            "cfg.toml:2:29: tft_conversion.conversion_buffer_percent: exponent notation is not allowed; write the "
            "number out, e.g. 2.5 (got 2e0)");
        row("exponent with fraction", "[commission]\npercent = 1.5E+1\n",
            "cfg.toml:2:11: commission.percent: exponent notation is not allowed; write the number out, e.g. 2.5 "
            "(got 1.5E+1)");
        row("too many decimals", "[tft_conversion]\nmax_slippage_percent = 2.12345678\n",
            "cfg.toml:2:24: tft_conversion.max_slippage_percent: has more than 7 decimal places (got 2.12345678)");
        row("rate decimals", "[tft_conversion]\ntfc_usd_rate = 1.0000000000001\n",
            "cfg.toml:2:16: tft_conversion.tfc_usd_rate: has more than 12 decimal places (got 1.0000000000001)");
        row("infinity", "[commission]\npercent = inf\n",
            "cfg.toml:2:11: commission.percent: must be a finite number (got inf)");
        row("hex percent", "[commission]\npercent = 0x10\n",
            "cfg.toml:2:11: commission.percent: must be written in decimal (got 0x10)");
        row("negative percent", "[commission]\npercent = -1.5\n",
            "cfg.toml:2:11: commission.percent: must be between 0 and 100 (got -1.5)");
        row("percent above 100", "[commission]\npercent = 100.0000001\n",
            "cfg.toml:2:11: commission.percent: must be between 0 and 100 (got 100.0000001)");
        row("zero rate", "[tft_conversion]\ntfc_usd_rate = 0.0\n",
            "cfg.toml:2:16: tft_conversion.tfc_usd_rate: must be greater than 0 (got 0.0)");
        row("unknown price source", "[tft_conversion]\nprice_sources = [\"dex\", \"binance\"]\n",
            "cfg.toml:2:25: tft_conversion.price_sources: unknown price source; expected one of dex, coingecko, "
            "grid_stats (got \"binance\")");
        row("duplicate price source", "[tft_conversion]\nprice_sources = [\n  \"dex\",\n  \"dex\",\n]\n",
            "cfg.toml:4:3: tft_conversion.price_sources: lists \"dex\" twice (got \"dex\")");
        row("no price source", "[tft_conversion]\nprice_sources = []\n",
            "cfg.toml:2:17: tft_conversion.price_sources: must name at least one price source (got [])");
        row("number in list", "[tft_conversion]\nprice_sources = [\"dex\", 3]\n",
            "cfg.toml:2:25: tft_conversion.price_sources: expected an array of strings (got 3)");
        row("string for list", "[notifications]\nemail_to = \"ops@example.com\"\n",
            "cfg.toml:2:12: notifications.email_to: expected an array of strings (got \"ops@example.com\")");
        row("more sources required than listed", "[tft_conversion]\nprice_sources = [\"dex\", \"coingecko\"]\nmin_price_sources = 3\n",
            "cfg.toml:3:21: tft_conversion.min_price_sources: must be between 1 and 2 (the number of price_sources) (got 3)");
        row("fewer sources listed than required", "[tft_conversion]\nprice_sources = [\"dex\"]\n",
            "<loaded without error>");
        row("min sources zero", "[tft_conversion]\nmin_price_sources = 0\n",
            "cfg.toml:2:21: tft_conversion.min_price_sources: must be between 1 and 3 (got 0)");
        row("lower-case country", "[threefold_grid]\npreferred_countries = [\"BE\", \"nl\"]\n",
            "cfg.toml:2:30: threefold_grid.preferred_countries: country codes are upper case; write \"NL\" (got \"nl\")");
        row("not a country", "[threefold_grid]\npreferred_countries = [\"XX\"]\n",
            "cfg.toml:2:24: threefold_grid.preferred_countries: is not an ISO 3166 country code (got \"XX\")");
        row("three-letter country", "[threefold_grid]\npreferred_countries = [\"BEL\"]\n",
            "cfg.toml:2:24: threefold_grid.preferred_countries: must be a two-letter ISO 3166 country code such as "
            "\"BE\" (got \"BEL\")");
        row("ftp url", "[threefold_grid]\ngrid_proxy_url = \"ftp://gridproxy.grid.tf\"\n",
            "cfg.toml:2:18: threefold_grid.grid_proxy_url: must be \"embedded\" or an http:// or https:// URL with a "
            "host (got \"ftp://gridproxy.grid.tf\")");
        row("url without host", "[tft_conversion]\nwallet_url = \"http://\"\n",
            "cfg.toml:2:14: tft_conversion.wallet_url: must be \"embedded\" or an http:// or https:// URL with a "
            "host (got \"http://\")");
        row("empty url", "[tft_conversion]\nhorizon_url = \"\"\n",
            "cfg.toml:2:15: tft_conversion.horizon_url: must be \"embedded\" or an http:// or https:// URL with a "
            "host (got \"\")");
        row("https substrate", "[threefold_grid]\nsubstrate_url = \"https://tfchain.grid.tf/ws\"\n",
            "cfg.toml:2:17: threefold_grid.substrate_url: must be a ws:// or wss:// URL with a host (got "
            "\"https://tfchain.grid.tf/ws\")");
        row("webhook url", "[notifications]\nwebhook_url = \"hooks.example.com\"\n",
            "cfg.toml:2:15: notifications.webhook_url: must be empty or an http:// or https:// URL with a host (got "
            "\"hooks.example.com\")");
        row("smtp host with scheme", "[notifications]\nsmtp_host = \"smtp://mail.example.com\"\n",
            "cfg.toml:2:13: notifications.smtp_host: must be empty or a host name such as smtp.example.com (no "
            "scheme, no port) (got \"smtp://mail.example.com\")");
        row("smtp port", "[notifications]\nsmtp_port = 70000\n",
            "cfg.toml:2:13: notifications.smtp_port: must be between 1 and 65535 (got 70000)");
        row("bad recipient", "[notifications]\nemail_to = [\"ops@example.com\", \"ops at example\"]\n",
            "cfg.toml:2:32: notifications.email_to: must be an e-mail address such as ops@example.com (got \"ops at "
            "example\")");
        row("bad sender", "[notifications]\nemail_from = \"griddeck\"\n",
            "cfg.toml:2:14: notifications.email_from: must be empty or an e-mail address such as ops@example.com "
            "(got \"griddeck\")");
        row("language", "[app]\nlanguage = \"de\"\n",
            "cfg.toml:2:12: app.language: must be empty (follow the system) or one of en, fr, nl (got \"de\")");
        row("max delay below delay", "[deployment_queue]\nretry_delay_seconds = 60\nretry_max_delay_seconds = 30\n",
            "cfg.toml:3:27: deployment_queue.retry_max_delay_seconds: must be at least retry_delay_seconds (60) (got "
            "30)");
        row("delay above default max", "[deployment_queue]\nretry_delay_seconds = 900\n",
            "cfg.toml:2:23: deployment_queue.retry_delay_seconds: must not exceed retry_max_delay_seconds (600) (got "
            "900)");
        row("columns count code points", "threefold_grid = { relay_url = \"wss://r/🎉\", min_uptime_percent = 100.5 }",
            "cfg.toml:1:66: threefold_grid.min_uptime_percent: must be between 0 and 100 (got 100.5)");
        row("table for a value", "[deployment_queue.worker_count]\n",
            "cfg.toml:1:1: deployment_queue.worker_count: expected an integer (got a table)");
        row("store backend", "[store]\nbackend = \"mysql\"\n",
            "cfg.toml:2:11: store.backend: must be \"sqlite\" or \"postgresql\" (got \"mysql\")");
        row("postgresql without a connection", "[store]\nbackend = \"postgresql\"\n",
            "cfg.toml:2:11: store.backend: is \"postgresql\", so store.connection must name the database "
            "(postgresql://user@host:5432/database) (got \"postgresql\")");
        row("password in the connection string",
            "[store]\nconnection = \"postgresql://ops:hunter2@db/griddeck\"\n",
            "cfg.toml:2:14: store.connection: the connection string contains a password; a password never "
            "goes into "
            "a connection string or config file: set it in the environment variable "
            "GRIDDECK_SECRET_STORE_PASSWORD "
            "instead (got \"postgresql://ops@db/griddeck\")");
        row("connection without a database", "[store]\nconnection = \"postgresql://db\"\n",
            "cfg.toml:2:14: store.connection: the connection string names no database "
            "(postgresql://user@host:5432/database) (got \"postgresql://db\")");
        row("syntax: missing value", "[deployment_queue]\nworker_count =\n",
            "cfg.toml:2:15: invalid TOML: ");
        row("syntax: duplicate key", "[app]\nlanguage = \"en\"\nlanguage = \"fr\"\n",
            "cfg.toml:3:12: invalid TOML: ");
        row("syntax: integer too large", "[deployment_queue]\nworker_count = 99999999999999999999\n",
            "cfg.toml:2:");
    }

    void reportsEachKindOfError()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QString got = errorOf(text);
        if (expected.endsWith(QStringLiteral(": ")) || expected.endsWith(u':'))
            QVERIFY2(got.startsWith(expected) && !got.contains(u'\n'), qPrintable(got));
        else
            QCOMPARE(got, expected);
        // Every problem line has the documented shape.
        static const QRegularExpression shape(
            QStringLiteral("^cfg\\.toml:\\d+:\\d+: ([a-zA-Z_]+(\\.[a-zA-Z_]+)?: .+ \\(got .*\\)|invalid TOML: .+)$"));
        if (!got.startsWith(u'<'))
            QVERIFY2(shape.match(got).hasMatch(), qPrintable(got));
    }

    void collectsAllErrorsInOnePass()
    {
        const QString text = QStringLiteral("[deployment_queue]\n"          // 1
                                            "worker_count = 0\n"            // 2
                                            "retry_attempts = \"three\"\n" // 3
                                            "\n"                            // 4
                                            "[tft_conversion]\n"            // 5
                                            "conversion_buffer_percent = 1e1\n" // 6
                                            "price_sources = [\"dex\", \"kraken\"]\n" // 7
                                            "\n"                            // 8
                                            "[commision]\n"                 // 9
                                            "percent = 10\n"                // 10
                                            "[app]\n"                       // 11
                                            "languag = \"fr\"\n");          // 12
        const auto loaded = Config::loadString(text, kName);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().kind, ErrorKind::InvalidInput);
        const QStringList lines = loaded.error().message.split(u'\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY2(lines[0].startsWith(QStringLiteral("cfg.toml:2:16: deployment_queue.worker_count:")), qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(QStringLiteral("cfg.toml:3:18: deployment_queue.retry_attempts: expected an integer")), qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(QStringLiteral("cfg.toml:6:29: tft_conversion.conversion_buffer_percent: exponent")), qPrintable(lines[2]));
        QVERIFY2(lines[3].startsWith(QStringLiteral("cfg.toml:7:25: tft_conversion.price_sources: unknown price source")), qPrintable(lines[3]));
        QVERIFY2(lines[4].startsWith(QStringLiteral("cfg.toml:9:2: commision: unknown section; did you mean [commission]?")), qPrintable(lines[4]));
        QVERIFY2(lines[5].startsWith(QStringLiteral("cfg.toml:12:1: app.languag: unknown key; did you mean language?")), qPrintable(lines[5]));
    }

    void roundTripsThroughToToml()
    {
        const Config configs[] = {Config::defaults(), unusual()};
        for (const Config &config : configs) {
            QVERIFY(config.validate().ok());
            const QString text = config.toToml();
            const auto back = Config::loadString(text, kName);
            QVERIFY2(back.ok(), qPrintable(back.ok() ? text : back.error().message + u'\n' + text));
            QCOMPARE(back->toToml(), text);
            QVERIFY(*back == config);
        }
        QVERIFY(!(unusual() == Config::defaults()));
    }

    void randomConfigsRoundTrip()
    {
        std::mt19937_64 rng(0xC0FF1CULL);
        const auto pick = [&](std::int64_t lo, std::int64_t hi) {
            return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
        };
        const QStringList countries = {QStringLiteral("BE"), QStringLiteral("NL"), QStringLiteral("US"),
                                       QStringLiteral("JP"), QStringLiteral("EG"), QStringLiteral("BR")};
        for (int i = 0; i < 300; ++i) {
            Config c;
            c.deploymentQueue.workerCount = static_cast<int>(pick(1, 64));
            c.deploymentQueue.retryDelaySeconds = static_cast<int>(pick(0, 3600));
            c.deploymentQueue.retryMaxDelaySeconds = static_cast<int>(pick(c.deploymentQueue.retryDelaySeconds, 86'400));
            c.threefoldGrid.minUptimePercent = Percent::fromUnits(pick(0, 1'000'000'000));
            c.threefoldGrid.preferredCountries.clear();
            for (const QString &country : countries) {
                if (pick(0, 1))
                    c.threefoldGrid.preferredCountries << country;
            }
            QStringList sources = Config::knownPriceSources();
            std::shuffle(sources.begin(), sources.end(), rng);
            c.tftConversion.priceSources = sources.mid(0, pick(1, 3));
            c.tftConversion.minPriceSources = static_cast<int>(pick(1, c.tftConversion.priceSources.size()));
            c.tftConversion.conversionBufferPercent = Percent::fromUnits(pick(0, 1'000'000'000));
            c.tftConversion.maxSlippagePercent = Percent::fromUnits(pick(0, 1'000'000'000));
            c.tftConversion.tfcUsdRate = TfcPrice::fromUnits(pick(1, INT64_MAX));
            c.commission.percent = Percent::fromUnits(pick(0, 1'000'000'000));
            c.notifications.smtpPort = static_cast<int>(pick(1, 65'535));
            c.notifications.emailEnabled = pick(0, 1);
            QString user;
            for (int k = pick(0, 12); k > 0; --k)
                user += QChar(static_cast<char16_t>(pick(1, 0x2FF)));
            c.notifications.smtpUser = user;
            c.app.language = pick(0, 1) ? Config::knownLanguages().at(pick(0, 2)) : QString();
            if (pick(0, 1)) {
                c.store.backend = QStringLiteral("postgresql");
                c.store.connection
                    = QStringLiteral("postgresql://ops@db%1.example:%2/griddeck").arg(i).arg(pick(1, 65'535));
            }
            const auto back = Config::loadString(c.toToml(), kName);
            QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
            QVERIFY2(*back == c, qPrintable(c.toToml()));
        }
    }

    void validateReportsWhatIsWrong()
    {
        Config c;
        c.deploymentQueue.workerCount = 0;
        c.notifications.emailTo = {QStringLiteral("nobody")};
        const auto checked = c.validate();
        QVERIFY(!checked.ok());
        QVERIFY2(checked.error().message.contains(QStringLiteral("deployment_queue.worker_count: must be between 1 and 64 (got 0)")),
                 qPrintable(checked.error().message));
        QVERIFY(checked.error().message.contains(QStringLiteral("notifications.email_to")));
        QCOMPARE(checked.error().message.count(u'\n'), 1);
    }

    void filesOnDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deployment.toml"));

        const auto missing = Config::loadFile(path);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QVERIFY(missing.error().message.contains(path));
        const auto fallback = Config::loadFileOrDefaults(path);
        QVERIFY(fallback.ok());
        QVERIFY(*fallback == Config::defaults());

        QVERIFY(unusual().saveFile(path).ok());
        const auto saved = Config::loadFile(path);
        QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
        QVERIFY(*saved == unusual());

        // Messages name the file they came from.
        QFile bad(path);
        QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
        bad.write("\xEF\xBB\xBF[app]\nlanguage = \"xx\"\n"); // with a byte-order mark
        bad.close();
        const auto wrong = Config::loadFile(path);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().message, path + QStringLiteral(":2:12: app.language: must be empty (follow the system) "
                                                              "or one of en, fr, nl (got \"xx\")"));

        QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
        bad.write("[store]\npath = \"\xFF\xFE\"\n");
        bad.close();
        const auto notUtf8 = Config::loadFile(path);
        QVERIFY(!notUtf8.ok());
        QVERIFY2(notUtf8.error().message.contains(QStringLiteral("UTF-8")), qPrintable(notUtf8.error().message));

        QVERIFY(!Config().saveFile(dir.filePath(QStringLiteral("no/such/dir/deployment.toml"))).ok());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
