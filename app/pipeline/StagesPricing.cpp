// queued (quote) and converting (USD → TFT on the wallet).
#include "pipeline/StageRunner.h"

#include "pricing/Format.h"
#include "pricing/PriceOracle.h"
#include "pricing/PriceParsers.h"

#include <QJsonObject>

namespace griddeck {

namespace {

QString usdText(Usd amount)
{
    return amount.toDisplayString(2) + QStringLiteral(" USD");
}

QString tftText(Tft amount)
{
    return amount.toDisplayString(2) + QStringLiteral(" TFT");
}

QUrl walletConvertUrl(const QUrl &wallet)
{
    QUrl url = wallet;
    QString prefix = url.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + QStringLiteral("/wallet/convert"));
    return url;
}

} // namespace

Task<Result<Quote>> StageRunner::fetchQuote(qint64 jobId, std::vector<SourceOutcome> *history)
{
    const PriceFeedEndpoints feeds{m_endpoints.horizon, m_endpoints.coingecko, m_endpoints.deployer};
    const QStringList sources = m_settings.oracle.sources;
    std::vector<SourceReading> readings;
    QList<QUrl> urls;
    for (const QString &source : sources) {
        readings.push_back(SourceReading::failed(source, QStringLiteral("no answer")));
        urls.append(priceRequestUrl(source, feeds));
    }
    // Every source at once, on the network thread: the quote takes as long as the slowest, not
    // the sum.
    struct FanOut
    {
        std::vector<SourceReading> readings;
        int pending = 0;
        std::function<void(std::vector<SourceReading>)> done;
    };
    const HttpClient http = m_http;
    auto readingsCall = m_network->call<std::vector<SourceReading>>([http, sources, urls, readings](auto done) {
        auto fan = std::make_shared<FanOut>(FanOut{readings, 0, done});
        HttpRequestOptions options;
        options.expectJson = false; // each parser reads its own format and names what is wrong
        for (int i = 0; i < sources.size(); ++i) {
            if (urls.at(i).isEmpty()) {
                fan->readings[size_t(i)] = SourceReading::failed(
                    sources.at(i), QStringLiteral("no URL configured for %1").arg(priceSourceLabel(sources.at(i))));
                continue;
            }
            ++fan->pending;
        }
        if (fan->pending == 0) {
            fan->done(fan->readings);
            return;
        }
        for (int i = 0; i < sources.size(); ++i) {
            if (urls.at(i).isEmpty())
                continue;
            const QString source = sources.at(i);
            http.get(
                urls.at(i),
                [fan, i, source](HttpResult reply) {
                    if (!reply.ok())
                        fan->readings[size_t(i)] = SourceReading::failed(source, reply.error().message);
                    else
                        fan->readings[size_t(i)]
                            = SourceReading::fromResult(source, parsePriceReply(source, reply.value().body));
                    if (--fan->pending == 0)
                        fan->done(std::move(fan->readings));
                },
                options);
        }
    });
    readings = co_await readingsCall;

    auto quote = combinePriceReadings(readings, m_settings.oracle, m_clock);
    std::vector<SourceOutcome> outcomes;
    if (quote.ok()) {
        outcomes = quote->sources;
    } else {
        for (const SourceReading &r : readings)
            outcomes.push_back(SourceOutcome{r.source, r.rate, r.error, false, r.error, std::nullopt});
    }
    for (const SourceOutcome &o : outcomes)
        m_reporter->priceSource(o.source, o.rate.has_value(),
                                o.rate ? pricing_format::rate(*o.rate) : o.error);
    if (history && quote.ok()) {
        *history = outcomes; // written with the stage change, in its transaction
    } else {
        WriteTransaction tx(*m_store);
        if (tx.begun() && pipelinestore::addPriceHistory(tx.db(), outcomes, m_clock.nowMs()).ok())
            (void)tx.commit(); // history is a chart, not a record: a failure here stops nothing
    }
    if (quote.ok())
        m_reporter->quoteTaken(jobId, quote.value());
    co_return quote;
}

Result<QuoteRecord> StageRunner::planFor(const Job &job, const Quote &quote, int conversionAttempt)
{
    auto plan = planConversion(quote, job.gridPaymentAmount, m_settings.tfcUsdRate);
    if (!plan.ok())
        return Error{ErrorKind::Permanent, QStringLiteral("cannot plan the conversion: %1").arg(plan.error().message)};
    return QuoteRecord{quote, plan.value(), conversionAttempt, m_clock.nowMs()};
}

Task<Result<Stage>> StageRunner::stepQueued(const Step &s)
{
    std::vector<SourceOutcome> history;
    auto quote = co_await fetchQuote(s.job.id, &history);
    if (!quote.ok())
        co_return failStep(s, quote.error(), QStringLiteral("TFT price quote"));
    auto record = planFor(s.job, quote.value(), 1);
    if (!record.ok())
        co_return failStep(s, record.error(), QString());
    const QuoteRecord r = record.value();
    const QString message = QStringLiteral("quote %1 USD/TFT from %2: grid payment %3 TFC = %4 → %5 to buy (buffer %6%)")
                                .arg(pricing_format::rate(r.plan.rate), r.quote.usedSources().join(QStringLiteral(", ")),
                                     s.job.gridPaymentAmount.toDisplayString(2), usdText(r.plan.gridUsd),
                                     tftText(r.plan.tftNeeded), pricing_format::percent(r.plan.buffer));
    const qint64 jobId = s.job.id;
    const qint64 now = m_clock.nowMs();
    co_return advance(s, Stage::Converting, message, [&](QSqlDatabase db) -> Result<void> {
        if (auto h = pipelinestore::addPriceHistory(db, history, now); !h.ok())
            return h.error();
        return pipelinestore::saveQuote(db, jobId, r);
    });
}

Task<Result<Stage>> StageRunner::stepConverting(const Step &s)
{
    const qint64 jobId = s.job.id;
    auto stored = pipelinestore::quote(m_store->db(), jobId);
    if (!stored.ok())
        co_return failStep(s, stored.error(), QStringLiteral("reading the quote"));
    if (!stored.value())
        co_return rollBack(s, QStringLiteral("job %1 reached converting without a quote").arg(jobId));
    const QuoteRecord record = *stored.value();

    const QString key = convertKey(jobId, record.conversionAttempt);
    // Buying TFT spends money: only while this claim still holds the job.
    if (auto c = m_queue.confirm(jobId, s.owner, s.job.stage); !c.ok())
        co_return c.error();
    const HttpClient http = m_http;
    const QUrl url = walletConvertUrl(m_endpoints.wallet);
    const QJsonObject body = conversionRequestBody(record.plan, jobId);
    const QByteArray idempotencyKey = key.toUtf8();
    auto replyCall = m_network->call<HttpResult>(
        [http, url, body, idempotencyKey](auto done) { http.post(url, body, idempotencyKey, done); });
    auto reply = co_await replyCall;
    if (!reply.ok()) {
        if (reply.error().status != 422)
            co_return failStep(s, reply.error().toError(), QStringLiteral("TFT conversion"));
        // The wallet refused this price (nothing was bought): a fresh quote, a fresh key.
        const QString why = QStringLiteral("the wallet refused the conversion at %1 USD/TFT: %2")
                                .arg(pricing_format::rate(record.plan.rate), reply.error().message);
        if (record.conversionAttempt > s.job.maxRetries)
            co_return rollBack(s, QStringLiteral("%1 (slippage above max_slippage_percent after %2 quotes)")
                                   .arg(why)
                                   .arg(record.conversionAttempt));
        auto quote = co_await fetchQuote(jobId);
        if (!quote.ok())
            co_return failStep(s, quote.error(), QStringLiteral("TFT price quote after a refused conversion"));
        auto next = planFor(s.job, quote.value(), record.conversionAttempt + 1);
        if (!next.ok())
            co_return failStep(s, next.error(), QString());
        {
            WriteTransaction tx(*m_store);
            if (!tx.begun())
                co_return failStep(s, Error::storage(tx.error()), QString());
            if (auto saved = pipelinestore::saveQuote(tx.db(), jobId, next.value()); !saved.ok())
                co_return failStep(s, saved.error(), QString());
            if (auto c = tx.commit(); !c.ok())
                co_return failStep(s, c.error(), QString());
        }
        co_return reschedule(s, retry::delayMs(record.conversionAttempt - 1, m_settings.retryDelaySeconds, m_settings.retryMaxDelaySeconds),
                          QStringLiteral("%1; new quote %2 USD/TFT, converting again").arg(why, pricing_format::rate(next->plan.rate)));
    }

    auto parsed = parseConversionReply(reply.value().body);
    if (!parsed.ok())
        co_return failStep(s, parsed.error(), QStringLiteral("TFT conversion"));
    const ConversionResult result = parsed.value();
    auto accepted = acceptConversion(result, record.plan);
    const qint64 now = m_clock.nowMs();
    auto save = [&](QSqlDatabase db) { return pipelinestore::saveConversion(db, jobId, result, now); };
    if (!accepted.ok()) {
        // Bought already, so never again for this job: recorded for the audit, then rolled back.
        co_return advance(s, Stage::RollingBack, QStringLiteral("conversion %1 rejected: %2").arg(result.txId, accepted.error().message),
                       save);
    }
    const QString message = QStringLiteral("converted %1 → %2 at %3 USD/TFT (%4, quoted %5)")
                                .arg(usdText(result.usdSpent), tftText(result.tftReceived), pricing_format::rate(result.rate),
                                     result.txId, pricing_format::rate(record.plan.rate));
    co_return advance(s, Stage::Deploying, message, save);
}

} // namespace griddeck
