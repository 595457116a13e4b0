#include "pricing/PriceOracle.h"

#include "pricing/PriceParsers.h"

#include <QMetaObject>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace griddeck {

namespace {

constexpr int kDeadlineGraceMs = 250;

QUrl withPath(const QUrl &base, const QString &path)
{
    if (base.isEmpty())
        return {};
    QUrl url = base;
    QString prefix = base.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

// One quote being fetched. Lives on the calling thread; it is the HTTP requests' context, so
// deleting it (done, or the caller's context gone) aborts whatever has not answered yet.
class FetchRound : public QObject
{
public:
    FetchRound(OracleSettings settings, const Clock *clock, PriceOracle::QuoteCallback done, QObject *context)
        : m_settings(std::move(settings))
        , m_clock(clock)
        , m_done(std::move(done))
        , m_context(context)
        , m_hasContext(context != nullptr)
        , m_answered(static_cast<size_t>(m_settings.sources.size()), false)
    {
        for (const QString &source : m_settings.sources)
            m_readings.push_back(SourceReading::failed(source, QStringLiteral("no answer")));
        if (context)
            connect(context, &QObject::destroyed, this, [this] { abandon(); });
    }

    void record(int index, SourceReading reading)
    {
        if (m_finished || m_answered[static_cast<size_t>(index)])
            return;
        m_answered[static_cast<size_t>(index)] = true;
        m_readings[static_cast<size_t>(index)] = std::move(reading);
        if (++m_count == m_readings.size())
            finish();
    }

    // The deadline: whatever has not answered by then counts as failed.
    void expire(int timeoutMs)
    {
        if (m_finished)
            return;
        for (size_t i = 0; i < m_readings.size(); ++i)
            if (!m_answered[i])
                m_readings[i] = SourceReading::failed(m_readings[i].source,
                                                      QStringLiteral("no answer within %1 ms").arg(timeoutMs));
        finish();
    }

    void failEarly(const Error &error)
    {
        m_finished = true;
        deliver(error);
    }

private:
    void finish()
    {
        m_finished = true;
        deliver(combinePriceReadings(m_readings, m_settings, *m_clock));
    }

    void deliver(Result<Quote> result)
    {
        deleteLater();
        if (m_hasContext && m_context.isNull())
            return;
        auto done = std::move(m_done);
        done(std::move(result));
    }

    void abandon()
    {
        m_finished = true;
        deleteLater();
    }

    OracleSettings m_settings;
    const Clock *m_clock;
    PriceOracle::QuoteCallback m_done;
    QPointer<QObject> m_context;
    bool m_hasContext;
    bool m_finished = false;
    size_t m_count = 0;
    std::vector<bool> m_answered;
    std::vector<SourceReading> m_readings;
};

} // namespace

QUrl priceRequestUrl(QStringView source, const PriceFeedEndpoints &endpoints)
{
    if (source == kPriceSourceDex) {
        QUrl url = withPath(endpoints.horizon, QStringLiteral("/paths/strict-receive"));
        if (url.isEmpty())
            return url;
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("source_assets"), QStringLiteral("USDC:") + QLatin1String(kStellarUsdcIssuer));
        query.addQueryItem(QStringLiteral("destination_asset_type"), QStringLiteral("credit_alphanum4"));
        query.addQueryItem(QStringLiteral("destination_asset_code"), QStringLiteral("TFT"));
        query.addQueryItem(QStringLiteral("destination_asset_issuer"), QLatin1String(kStellarTftIssuer));
        query.addQueryItem(QStringLiteral("destination_amount"), QStringLiteral("100"));
        url.setQuery(query);
        return url;
    }
    if (source == kPriceSourceCoinGecko) {
        QUrl url = withPath(endpoints.coingecko, QStringLiteral("/api/v3/simple/price"));
        if (!url.isEmpty())
            url.setQuery(QStringLiteral("ids=threefold-token&vs_currencies=usd"));
        return url;
    }
    if (source == kPriceSourceGridStats)
        return withPath(endpoints.gateway, QStringLiteral("/tft_price"));
    return {};
}

PriceOracle::PriceOracle(HttpClient http, PriceFeedEndpoints endpoints, OracleSettings settings, const Clock &clock,
                         int timeoutMs)
    : m_http(http)
    , m_endpoints(std::move(endpoints))
    , m_settings(std::move(settings))
    , m_clock(&clock)
    , m_timeoutMs(timeoutMs > 0 ? timeoutMs : HttpClient::kDefaultTimeoutMs)
{
}

void PriceOracle::fetchQuote(QuoteCallback done, QObject *context) const
{
    auto *round = new FetchRound(m_settings, m_clock, std::move(done), context);
    if (auto valid = validateOracleSettings(m_settings); !valid) {
        // Still asynchronous, as promised.
        QMetaObject::invokeMethod(round, [round, error = valid.error()] { round->failEarly(error); }, Qt::QueuedConnection);
        return;
    }
    HttpRequestOptions options;
    options.timeoutMs = m_timeoutMs;
    options.context = round;
    options.expectJson = false; // each parser reads its own format and names what is wrong
    for (int i = 0; i < m_settings.sources.size(); ++i) {
        const QString source = m_settings.sources.at(i);
        const QUrl url = priceRequestUrl(source, m_endpoints);
        if (url.isEmpty()) {
            const QString why = QStringLiteral("no URL configured for %1").arg(priceSourceLabel(source));
            QMetaObject::invokeMethod(
                round, [round, i, source, why] { round->record(i, SourceReading::failed(source, why)); }, Qt::QueuedConnection);
            continue;
        }
        m_http.get(
            url,
            [round, i, source](HttpResult reply) {
                if (!reply.ok()) {
                    round->record(i, SourceReading::failed(source, reply.error().message));
                    return;
                }
                round->record(i, SourceReading::fromResult(source, parsePriceReply(source, reply.value().body)));
            },
            options);
    }
    // A backstop after the requests' own transfer timeout (which names the URL): a source that
    // trickles bytes never trips that one, but may not hold the quote up for longer than this.
    const int deadlineMs = m_timeoutMs + kDeadlineGraceMs;
    QTimer::singleShot(deadlineMs, round, [round, deadlineMs] { round->expire(deadlineMs); });
}

Result<Quote> PriceOracle::blockingFetchQuote() const
{
    auto result = HttpClient::waitOnWorker<Result<Quote>>([this](auto done) { fetchQuote(std::move(done)); });
    if (!result)
        return Error{ErrorKind::Permanent, HttpClient::mainThreadRefusal("PriceOracle::blockingFetchQuote")};
    return std::move(*result);
}

} // namespace griddeck
