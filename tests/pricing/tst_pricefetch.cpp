// The price oracle and the wallet client over real loopback HTTP, against a small scripted
// server: concurrency, a source down, a source that hangs, malformed replies, the blocking
// variants on a worker thread, and the conversion request's idempotency key.

#include "TestSupport.h"
#include "pricing/ConversionClient.h"
#include "pricing/PriceOracle.h"
#include "pricing/PricingConfig.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrlQuery>
#include <QtTest>

#include <map>

using namespace griddeck;

namespace {

struct Request
{
    QByteArray method;
    QUrl url;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

struct Reply
{
    int status = 200;
    QByteArray body;
    bool hang = false; // never answer
};

// A loopback HTTP/1.1 server answering each path with a scripted reply. With holdUntil = n,
// replies wait until n requests are open at once: a client that asks one at a time would never
// get its first answer.
class ScriptedServer : public QObject
{
public:
    ScriptedServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++m_open;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    --m_open;
                    socket->deleteLater();
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    int openConnections() const { return m_open; }

    std::map<QString, Reply> routes; // path → reply
    int holdUntil = 0;
    QList<Request> requests;

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.url = QUrl(QString::fromLatin1(first.value(1)));
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        m_buffers.remove(socket);
        requests.append(request);

        const auto route = routes.find(request.url.path());
        const Reply reply = route == routes.end() ? Reply{404, R"({"error": "no such path"})", false} : route->second;
        if (reply.hang)
            return;
        m_held.append({QPointer<QTcpSocket>(socket), reply});
        if (m_held.size() >= holdUntil) {
            for (const auto &[target, r] : std::as_const(m_held))
                if (target)
                    answer(target, r);
            m_held.clear();
        }
    }

    static void answer(QTcpSocket *socket, const Reply &reply)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\nContent-Type: application/json\r\n"
                         + "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n"
                         + reply.body;
        socket->write(out);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    int m_open = 0;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<std::pair<QPointer<QTcpSocket>, Reply>> m_held;
};

const QByteArray kHorizon = R"({"_embedded": {"records": [{"source_amount": "1.0100000", "destination_amount": "100.0000000"}]}})";
const QByteArray kCoinGecko = R"({"threefold-token": {"usd": 0.0102}})";
const QByteArray kGridStats = R"({"tft_price_musd": 10, "average_tft_price_musd": 10})";

void scriptAllSources(ScriptedServer &server)
{
    server.routes[QStringLiteral("/paths/strict-receive")] = {200, kHorizon};
    server.routes[QStringLiteral("/api/v3/simple/price")] = {200, kCoinGecko};
    server.routes[QStringLiteral("/tft_price")] = {200, kGridStats};
}

PriceFeedEndpoints endpointsOf(const ScriptedServer &server)
{
    return {server.url(), server.url(), server.url()};
}

OracleSettings settings(int minSources)
{
    OracleSettings s;
    s.minSources = minSources;
    return s;
}

QUrl urlOf(const test::ReservedPort &closed)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closed.port()));
}

// Runs fetchQuote and waits for its callback.
std::optional<Result<Quote>> fetch(const PriceOracle &oracle, int waitMs = 10'000)
{
    std::optional<Result<Quote>> out;
    oracle.fetchQuote([&](Result<Quote> r) { out.emplace(std::move(r)); });
    QElapsedTimer timer;
    timer.start();
    while (!out && timer.elapsed() < waitMs)
        QTest::qWait(5);
    return out;
}

ConversionPlan plan90()
{
    Quote quote;
    quote.rate = *TftPrice::parse(u"0.0101");
    quote.buffer = Percent::fromWhole(2);
    quote.maxSlippage = Percent::fromWhole(5);
    return planConversion(quote, Tfc::fromWhole(90), TfcPrice::fromUnits(fixed::kRateScale)).value();
}

} // namespace

class TestPriceFetch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestUrlsFollowTheRealApis()
    {
        const PriceFeedEndpoints endpoints{QUrl(QStringLiteral("https://horizon.stellar.org")),
                                           QUrl(QStringLiteral("https://api.coingecko.com/")),
                                           QUrl(QStringLiteral("http://127.0.0.1:8080/gateway"))};
        const QUrl dex = priceRequestUrl(u"dex", endpoints);
        QCOMPARE(dex.path(), QStringLiteral("/paths/strict-receive"));
        const QUrlQuery q(dex);
        QCOMPARE(q.queryItemValue(QStringLiteral("source_assets")),
                 QStringLiteral("USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN"));
        QCOMPARE(q.queryItemValue(QStringLiteral("destination_asset_code")), QStringLiteral("TFT"));
        QCOMPARE(q.queryItemValue(QStringLiteral("destination_asset_type")), QStringLiteral("credit_alphanum4"));
        QCOMPARE(q.queryItemValue(QStringLiteral("destination_amount")), QStringLiteral("100"));
        QCOMPARE(priceRequestUrl(u"coingecko", endpoints).toString(),
                 QStringLiteral("https://api.coingecko.com/api/v3/simple/price?ids=threefold-token&vs_currencies=usd"));
        QCOMPARE(priceRequestUrl(u"grid_stats", endpoints).toString(), QStringLiteral("http://127.0.0.1:8080/gateway/tft_price"));
        QVERIFY(priceRequestUrl(u"grid_stats", {}).isEmpty());
        QVERIFY(priceRequestUrl(u"binance", endpoints).isEmpty());
    }

    void settingsComeFromTheConfig()
    {
        Config config;
        config.tftConversion.priceSources = {QStringLiteral("coingecko"), QStringLiteral("dex")};
        config.tftConversion.minPriceSources = 2;
        config.tftConversion.maxSlippagePercent = Percent::fromWhole(3);
        config.tftConversion.conversionBufferPercent = *Percent::parse(u"1.5");
        const OracleSettings s = oracleSettingsFrom(config);
        QCOMPARE(s.sources, QStringList({"coingecko", "dex"}));
        QCOMPARE(s.minSources, 2);
        QCOMPARE(s.maxSlippage, Percent::fromWhole(3));
        QCOMPARE(s.buffer, *Percent::parse(u"1.5"));

        const QUrl sim(QStringLiteral("http://127.0.0.1:4321"));
        config.tftConversion.coingeckoUrl = QStringLiteral("https://api.coingecko.com");
        config.threefoldGrid.gridProxyUrl = QStringLiteral("http://127.0.0.1:9000");
        auto endpoints = priceFeedEndpointsFrom(config, sim);
        QVERIFY(endpoints.ok());
        QCOMPARE(endpoints->horizon, sim); // "embedded"
        QCOMPARE(endpoints->coingecko, QUrl(QStringLiteral("https://api.coingecko.com")));
        QCOMPARE(endpoints->gateway, QUrl(QStringLiteral("http://127.0.0.1:9000"))); // deployer_url empty
        config.threefoldGrid.deployerUrl = QStringLiteral("http://127.0.0.1:9001");
        QCOMPARE(priceFeedEndpointsFrom(config, sim)->gateway, QUrl(QStringLiteral("http://127.0.0.1:9001")));
        QCOMPARE(walletUrlFrom(config, sim).value(), sim);

        auto noSim = priceFeedEndpointsFrom(config);
        QVERIFY(!noSim.ok());
        QCOMPARE(noSim.error().message,
                 QStringLiteral("tft_conversion.horizon_url is \"embedded\", but the embedded grid simulator is not running"));
        config.tftConversion.walletUrl = QStringLiteral("ftp://wallet");
        QVERIFY(!walletUrlFrom(config, sim).ok());
    }

    void fetchesAllSourcesConcurrently()
    {
        ScriptedServer server;
        scriptAllSources(server);
        server.holdUntil = 3; // no reply until all three requests are open at once
        ManualClock clock;
        PriceOracle oracle(HttpClient(), endpointsOf(server), settings(3), clock, 5'000);
        const auto quote = fetch(oracle);
        QVERIFY(quote.has_value());
        QVERIFY2(quote->ok(), qPrintable(quote->ok() ? QString() : quote->error().message));
        // 0.0101 (dex), 0.0102 (coingecko), 0.0100 (grid_stats): median and mean 0.0101.
        QCOMPARE((*quote)->rate.toString(), QStringLiteral("0.010100000000"));
        QCOMPARE((*quote)->usedSources().size(), 3);
        QCOMPARE((*quote)->atMs, clock.nowMs());
        QCOMPARE(server.requests.size(), 3);
        for (const Request &r : std::as_const(server.requests))
            QCOMPARE(r.method, QByteArray("GET"));
    }

    void survivesOneSourceDown()
    {
        ScriptedServer server;
        scriptAllSources(server);
        PriceFeedEndpoints endpoints = endpointsOf(server);
        const test::ReservedPort closed; // bound, not listening: connecting is refused
        endpoints.coingecko = urlOf(closed);
        PriceOracle oracle(HttpClient(), endpoints, settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY(quote.has_value());
        QVERIFY2(quote->ok(), qPrintable(quote->ok() ? QString() : quote->error().message));
        QCOMPARE((*quote)->usedSources(), QStringList({"dex", "grid_stats"}));
        QCOMPARE((*quote)->rate.toString(), QStringLiteral("0.010050000000"));
        const SourceOutcome &coingecko = (*quote)->sources.at(1);
        QVERIFY2(coingecko.error.contains(QStringLiteral("connection refused")), qPrintable(coingecko.error));
    }

    void aHangingSourceTimesOut()
    {
        ScriptedServer server;
        scriptAllSources(server);
        server.routes[QStringLiteral("/tft_price")].hang = true;
        PriceOracle oracle(HttpClient(), endpointsOf(server), settings(2), SystemClock::instance(), 1'000);
        QElapsedTimer timer;
        timer.start();
        const auto quote = fetch(oracle);
        QVERIFY(quote.has_value());
        QVERIFY(timer.elapsed() < 5'000);
        QVERIFY2(quote->ok(), qPrintable(quote->ok() ? QString() : quote->error().message));
        QCOMPARE((*quote)->droppedSources(), QStringList{"grid_stats"});
        const QString why = (*quote)->sources.at(2).error;
        QVERIFY2(why.contains(QStringLiteral("1000 ms")), qPrintable(why));
    }

    void malformedAndErrorRepliesAreDropped()
    {
        ScriptedServer server;
        scriptAllSources(server);
        server.routes[QStringLiteral("/api/v3/simple/price")] = {200, R"({"bitcoin": {"usd": 67187.3}})"};
        server.routes[QStringLiteral("/tft_price")] = {503, R"({"error": "chain unreachable"})"};
        PriceOracle oracle(HttpClient(), endpointsOf(server), settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY(quote.has_value());
        QVERIFY(!quote->ok());
        const QString message = quote->error().message;
        QCOMPARE(quote->error().kind, ErrorKind::Transient);
        QVERIFY2(message.contains(QStringLiteral("1 of 3 price sources usable, min_price_sources is 2")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("coingecko failed: coingecko (CoinGecko): no threefold-token price in the reply")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("HTTP 503: chain unreachable")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("dex gave 0.0101")), qPrintable(message));

        // A truncated body is named by the source's own parser.
        server.routes[QStringLiteral("/paths/strict-receive")] = {200, kHorizon.left(40)};
        server.routes[QStringLiteral("/tft_price")] = {200, kGridStats};
        server.routes[QStringLiteral("/api/v3/simple/price")] = {200, kCoinGecko};
        const auto truncated = fetch(oracle);
        QVERIFY(truncated.has_value() && truncated->ok());
        const QString why = (*truncated)->sources.at(0).error;
        QVERIFY2(why.startsWith(QStringLiteral("dex (Stellar Horizon): the reply is not valid JSON")), qPrintable(why));
    }

    void missingUrlCountsAsFailed()
    {
        ScriptedServer server;
        scriptAllSources(server);
        PriceFeedEndpoints endpoints = endpointsOf(server);
        endpoints.horizon = QUrl();
        PriceOracle oracle(HttpClient(), endpoints, settings(2), SystemClock::instance(), 5'000);
        const auto quote = fetch(oracle);
        QVERIFY(quote.has_value() && quote->ok());
        QCOMPARE((*quote)->sources.at(0).error, QStringLiteral("no URL configured for dex (Stellar Horizon)"));
    }

    void invalidSettingsFailAsynchronously()
    {
        OracleSettings s = settings(5);
        PriceOracle oracle(HttpClient(), {}, s, SystemClock::instance(), 5'000);
        bool called = false;
        std::optional<Result<Quote>> out;
        oracle.fetchQuote([&](Result<Quote> r) {
            called = true;
            out.emplace(std::move(r));
        });
        QVERIFY(!called); // never inside the call
        QTRY_VERIFY(called);
        QCOMPARE(out->error().kind, ErrorKind::InvalidInput);
    }

    void aDestroyedContextGetsNoCallback()
    {
        ScriptedServer server;
        scriptAllSources(server);
        server.holdUntil = 3;
        server.routes[QStringLiteral("/tft_price")].hang = true; // so the round stays open
        PriceOracle oracle(HttpClient(), endpointsOf(server), settings(2), SystemClock::instance(), 200);
        bool called = false;
        auto *context = new QObject;
        oracle.fetchQuote([&](Result<Quote>) { called = true; }, context);
        QTRY_COMPARE(server.requests.size(), 3);
        delete context;
        // The open requests are aborted at once...
        QTRY_COMPARE(server.openConnections(), 0);
        // ...and nothing answers later: proving an absence takes waiting past the deadline
        // (200 ms + 250 ms grace).
        QTest::qWait(600);
        QVERIFY(!called);
    }

    void blockingFetchOnAWorkerThread()
    {
        ScriptedServer server;
        scriptAllSources(server);
        std::optional<Result<Quote>> out;
        QThread *worker = QThread::create([&] {
            PriceOracle oracle(HttpClient(), endpointsOf(server), settings(3), SystemClock::instance(), 5'000);
            out.emplace(oracle.blockingFetchQuote());
        });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 10'000); // the server answers from this thread
        delete worker;
        QVERIFY(out.has_value());
        QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().message));
        QCOMPARE((*out)->rate.toString(), QStringLiteral("0.010100000000"));
    }

    void blockingFetchIsRefusedOnTheMainThread()
    {
        PriceOracle oracle(HttpClient(), {}, settings(1), SystemClock::instance(), 5'000);
        const auto r = oracle.blockingFetchQuote();
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("refused on the main thread")));
    }

    void conversionPostsWithTheJobKey()
    {
        ScriptedServer server;
        server.routes[QStringLiteral("/wallet/convert")] = {
            200, R"({"tx_id": "tx-000042", "tft_received": "9089.1089109", "usd_spent": "92.7069108", "rate": "0.0102"})"};
        const ConversionPlan plan = plan90();
        ConversionClient client(HttpClient(), server.url());
        std::optional<Result<ConversionResult>> out;
        client.execute(plan, 42, [&](Result<ConversionResult> r) { out.emplace(std::move(r)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().message));
        QCOMPARE((*out)->txId, QStringLiteral("tx-000042"));
        QCOMPARE(server.requests.size(), 1);
        const Request &request = server.requests.first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.headers.value("idempotency-key"), QByteArray("job-42-convert"));
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body.value(QStringLiteral("tft_amount")).toString(), QStringLiteral("9089.1089109"));
        QCOMPARE(body.value(QStringLiteral("usd_amount")).toString(), QStringLiteral("96.3900000"));
        QCOMPARE(body.value(QStringLiteral("job_id")).toInteger(), 42);
    }

    void conversionWithTooMuchSlippageIsRefused()
    {
        ScriptedServer server;
        server.routes[QStringLiteral("/wallet/convert")] = {
            200, R"({"tx_id": "tx-1", "tft_received": "9089.1089109", "usd_spent": "101.7980198", "rate": "0.0112"})"};
        ConversionClient client(HttpClient(), server.url());
        std::optional<Result<ConversionResult>> out;
        client.execute(plan90(), 7, [&](Result<ConversionResult> r) { out.emplace(std::move(r)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(!out->ok());
        QCOMPARE(out->error().kind, ErrorKind::Refused);
        QCOMPARE(out->error().message,
                 QStringLiteral("executed rate 0.0112 is 10.9% worse than the quoted 0.0101 (max_slippage_percent 5)"));
    }

    void walletRefusalIsPermanent()
    {
        ScriptedServer server;
        server.routes[QStringLiteral("/wallet/convert")] = {422, R"({"error": "the wallet cannot cover 96.39 USD"})"};
        std::optional<Result<ConversionResult>> out;
        QThread *worker = QThread::create([&] {
            ConversionClient client(HttpClient(), server.url());
            out.emplace(client.blockingExecute(plan90(), 7));
        });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 10'000);
        delete worker;
        QVERIFY(out.has_value() && !out->ok());
        QCOMPARE(out->error().kind, ErrorKind::Permanent);
        QVERIFY2(out->error().message.contains(QStringLiteral("the wallet cannot cover 96.39 USD")),
                 qPrintable(out->error().message));
    }
};

QTEST_GUILESS_MAIN(TestPriceFetch)
#include "tst_pricefetch.moc"
