// queued (quote) and converting (USD → TFT on the wallet).
#include "pipeline/StageRunner.h"

#include "pricing/Format.h"
#include "pricing/PriceOracle.h"
#include "pricing/PriceParsers.h"

#include <QEventLoop>

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

Result<Quote> StageRunner::fetchQuote(qint64 jobId, std::vector<SourceOutcome> *history)
{
    if (HttpClient::onMainThread())
        return Error{ErrorKind::Internal, HttpClient::mainThreadRefusal("StageRunner::fetchQuote")};
    const PriceFeedEndpoints feeds{m_endpoints.horizon, m_endpoints.coingecko, m_endpoints.deployer};
    const QStringList sources = m_settings.oracle.sources;
    std::vector<SourceReading> readings;
    for (const QString &source : sources)
        readings.push_back(SourceReading::failed(source, QStringLiteral("no answer")));
    int pending = 0;
    QEventLoop loop;
    HttpRequestOptions options;
    options.expectJson = false; // each parser reads its own format and names what is wrong
    // Every source at once: the quote takes as long as the slowest, not the sum.
    for (int i = 0; i < sources.size(); ++i) {
        const QUrl url = priceRequestUrl(sources.at(i), feeds);
        if (url.isEmpty()) {
            readings[size_t(i)] = SourceReading::failed(sources.at(i), QStringLiteral("no URL configured for %1")
                                                                        .arg(priceSourceLabel(sources.at(i))));
            continue;
        }
        ++pending;
        m_http.get(
            url,
            [&, i](HttpResult reply) {
                const QString source = sources.at(i);
                if (!reply.ok())
                    readings[size_t(i)] = SourceReading::failed(source, reply.error().message);
                else
                    readings[size_t(i)] = SourceReading::fromResult(source, parsePriceReply(source, reply.value().body));
                if (--pending == 0)
                    loop.quit();
            },
            options);
    }
    if (pending > 0)
        loop.exec();

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
    return quote;
}

Result<QuoteRecord> StageRunner::planFor(const Job &job, const Quote &quote, int conversionAttempt)
{
    auto plan = planConversion(quote, job.gridPaymentAmount, m_settings.tfcUsdRate);
    if (!plan.ok())
        return Error{ErrorKind::Permanent, QStringLiteral("cannot plan the conversion: %1").arg(plan.error().message)};
    return QuoteRecord{quote, plan.value(), conversionAttempt, m_clock.nowMs()};
}

Result<Stage> StageRunner::stepQueued(const Step &s)
{
    std::vector<SourceOutcome> history;
    auto quote = fetchQuote(s.job.id, &history);
    if (!quote.ok())
        return failStep(s, quote.error(), QStringLiteral("TFT price quote"));
    auto record = planFor(s.job, quote.value(), 1);
    if (!record.ok())
        return failStep(s, record.error(), QString());
    const QuoteRecord r = record.value();
    const QString message = QStringLiteral("quote %1 USD/TFT from %2: grid payment %3 TFC = %4 → %5 to buy (buffer %6%)")
                                .arg(pricing_format::rate(r.plan.rate), r.quote.usedSources().join(QStringLiteral(", ")),
                                     s.job.gridPaymentAmount.toDisplayString(2), usdText(r.plan.gridUsd),
                                     tftText(r.plan.tftNeeded), pricing_format::percent(r.plan.buffer));
    const qint64 jobId = s.job.id;
    const qint64 now = m_clock.nowMs();
    return advance(s, Stage::Converting, message, [&](QSqlDatabase db) -> Result<void> {
        if (auto h = pipelinestore::addPriceHistory(db, history, now); !h.ok())
            return h.error();
        return pipelinestore::saveQuote(db, jobId, r);
    });
}

Result<Stage> StageRunner::stepConverting(const Step &s)
{
    const qint64 jobId = s.job.id;
    auto stored = pipelinestore::quote(m_store->db(), jobId);
    if (!stored.ok())
        return failStep(s, stored.error(), QStringLiteral("reading the quote"));
    if (!stored.value())
        return rollBack(s, QStringLiteral("job %1 reached converting without a quote").arg(jobId));
    const QuoteRecord record = *stored.value();

    const QString key = convertKey(jobId, record.conversionAttempt);
    // Buying TFT spends money: only while this claim still holds the job.
    if (auto c = m_queue.confirm(jobId, s.owner, s.job.stage); !c.ok())
        return c.error();
    auto reply = m_http.blockingPost(
        walletConvertUrl(m_endpoints.wallet), conversionRequestBody(record.plan, jobId), key.toUtf8());
    if (!reply.ok()) {
        if (reply.error().status != 422)
            return failStep(s, reply.error().toError(), QStringLiteral("TFT conversion"));
        // The wallet refused this price (nothing was bought): a fresh quote, a fresh key.
        const QString why = QStringLiteral("the wallet refused the conversion at %1 USD/TFT: %2")
                                .arg(pricing_format::rate(record.plan.rate), reply.error().message);
        if (record.conversionAttempt > s.job.maxRetries)
            return rollBack(s, QStringLiteral("%1 (slippage above max_slippage_percent after %2 quotes)")
                                   .arg(why)
                                   .arg(record.conversionAttempt));
        auto quote = fetchQuote(jobId);
        if (!quote.ok())
            return failStep(s, quote.error(), QStringLiteral("TFT price quote after a refused conversion"));
        auto next = planFor(s.job, quote.value(), record.conversionAttempt + 1);
        if (!next.ok())
            return failStep(s, next.error(), QString());
        {
            WriteTransaction tx(*m_store);
            if (!tx.begun())
                return failStep(s, Error::storage(tx.error()), QString());
            if (auto saved = pipelinestore::saveQuote(tx.db(), jobId, next.value()); !saved.ok())
                return failStep(s, saved.error(), QString());
            if (auto c = tx.commit(); !c.ok())
                return failStep(s, c.error(), QString());
        }
        return reschedule(s, retry::delayMs(record.conversionAttempt - 1, m_settings.retryDelaySeconds, m_settings.retryMaxDelaySeconds),
                          QStringLiteral("%1; new quote %2 USD/TFT, converting again").arg(why, pricing_format::rate(next->plan.rate)));
    }

    auto parsed = parseConversionReply(reply.value().body);
    if (!parsed.ok())
        return failStep(s, parsed.error(), QStringLiteral("TFT conversion"));
    const ConversionResult result = parsed.value();
    auto accepted = acceptConversion(result, record.plan);
    const qint64 now = m_clock.nowMs();
    auto save = [&](QSqlDatabase db) { return pipelinestore::saveConversion(db, jobId, result, now); };
    if (!accepted.ok()) {
        // Bought already, so never again for this job: recorded for the audit, then rolled back.
        return advance(s, Stage::RollingBack, QStringLiteral("conversion %1 rejected: %2").arg(result.txId, accepted.error().message),
                       save);
    }
    const QString message = QStringLiteral("converted %1 → %2 at %3 USD/TFT (%4, quoted %5)")
                                .arg(usdText(result.usdSpent), tftText(result.tftReceived), pricing_format::rate(result.rate),
                                     result.txId, pricing_format::rate(record.plan.rate));
    return advance(s, Stage::Deploying, message, save);
}

} // namespace griddeck
