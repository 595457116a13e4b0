#include "pricing/Oracle.h"

#include "pricing/Format.h"
#include "pricing/PriceParsers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace griddeck {

namespace fmt = pricing_format;

Result<void> validateOracleSettings(const OracleSettings &settings)
{
    if (settings.sources.isEmpty())
        return Error::invalid(QStringLiteral("price_sources is empty: at least one price source is needed"));
    QSet<QString> seen;
    for (const QString &source : settings.sources) {
        if (!isKnownPriceSource(source))
            return Error::invalid(QStringLiteral("price_sources has unknown source \"%1\" (known: dex, coingecko, grid_stats)").arg(source));
        if (seen.contains(source))
            return Error::invalid(QStringLiteral("price_sources lists \"%1\" twice").arg(source));
        seen.insert(source);
    }
    // Bounded so the exact comparisons below stay far inside 128 bits.
    const Percent maxPercent = Percent::fromWhole(1000);
    if (settings.maxSlippage < Percent() || settings.maxSlippage > maxPercent)
        return Error::invalid(QStringLiteral("max_slippage_percent is %1; it must be between 0 and 1000")
                                  .arg(fmt::percent(settings.maxSlippage)));
    if (settings.buffer < Percent() || settings.buffer > maxPercent)
        return Error::invalid(QStringLiteral("conversion_buffer_percent is %1; it must be between 0 and 1000")
                                  .arg(fmt::percent(settings.buffer)));
    if (settings.minSources < 1 || settings.minSources > settings.sources.size())
        return Error::invalid(QStringLiteral("min_price_sources is %1, but must be between 1 and the %2 configured price sources")
                                  .arg(settings.minSources)
                                  .arg(settings.sources.size()));
    return {};
}

Result<Quote> combinePriceReadings(const std::vector<SourceReading> &readings, const OracleSettings &settings,
                                   const Clock &clock)
{
    if (auto valid = validateOracleSettings(settings); !valid)
        return valid.error();

    Quote quote;
    quote.buffer = settings.buffer;
    quote.maxSlippage = settings.maxSlippage;
    quote.minSources = settings.minSources;
    quote.atMs = clock.nowMs();

    // One outcome per configured source, in the configured order.
    std::vector<std::int64_t> answered;
    for (const QString &source : settings.sources) {
        SourceOutcome outcome;
        outcome.source = source;
        const auto reading = std::find_if(readings.begin(), readings.end(),
                                          [&](const SourceReading &r) { return r.source == source; });
        if (reading == readings.end()) {
            outcome.error = QStringLiteral("no answer");
        } else if (reading->rate && reading->rate->isValid()) {
            outcome.rate = reading->rate;
            answered.push_back(reading->rate->units());
        } else {
            outcome.error = reading->error.isEmpty() ? QStringLiteral("no price") : reading->error;
        }
        if (!outcome.rate)
            outcome.dropReason = QStringLiteral("failed: ") + outcome.error;
        quote.sources.push_back(outcome);
    }

    // Twice the median, so the mean of the two middle rates stays an exact integer.
    __int128 medianTwice = 0;
    if (!answered.empty()) {
        std::sort(answered.begin(), answered.end());
        const size_t n = answered.size();
        medianTwice = (n % 2 == 1) ? static_cast<__int128>(answered[n / 2]) * 2
                                   : static_cast<__int128>(answered[n / 2 - 1]) + answered[n / 2];
        quote.median = TftPrice::fromUnits(fixed::divideHalfEven(medianTwice, 2));
    }

    // Drop what lies further than max_slippage_percent from the median, compared exactly:
    // |r - m| / m > p/100  <=>  |2r - 2m| * 100 * 10^7 > p_units * 2m.
    __int128 sum = 0;
    int used = 0;
    for (SourceOutcome &outcome : quote.sources) {
        if (!outcome.rate)
            continue;
        __int128 distanceTwice = static_cast<__int128>(outcome.rate->units()) * 2 - medianTwice;
        if (distanceTwice < 0)
            distanceTwice = -distanceTwice;
        const __int128 scaled = distanceTwice * 100 * fixed::kAmountScale;
        outcome.deviation = fmt::percentRatio(scaled, medianTwice);
        // TFChain stores its price as whole mUSD (pallet-tft-price: u32), so grid_stats is off
        // by up to its own 1 mUSD step (10 % at 10 mUSD) before any real disagreement: that
        // step is allowed on top of the limit.
        const __int128 step = outcome.source == kPriceSourceGridStats ? static_cast<__int128>(kGridStatsStepUnits) * 2 * 100 * fixed::kAmountScale : 0;
        if (scaled > static_cast<__int128>(settings.maxSlippage.units()) * medianTwice + step) {
            outcome.dropReason = QStringLiteral("%1 is %2 from the median %3 (max_slippage_percent %4)")
                                     .arg(fmt::rate(*outcome.rate), fmt::excess(*outcome.deviation, settings.maxSlippage),
                                          fmt::rate(quote.median), fmt::percent(settings.maxSlippage));
            continue;
        }
        outcome.used = true;
        sum += outcome.rate->units();
        ++used;
    }

    if (used < settings.minSources) {
        QStringList why;
        for (const SourceOutcome &outcome : quote.sources)
            why << (outcome.used ? QStringLiteral("%1 gave %2").arg(outcome.source, fmt::rate(*outcome.rate))
                                 : QStringLiteral("%1 %2").arg(outcome.source, outcome.dropReason));
        return Error{ErrorKind::Transient,
                     QStringLiteral("no reliable TFT price: %1 of %2 price sources usable, min_price_sources is %3 (%4)")
                         .arg(used)
                         .arg(settings.sources.size())
                         .arg(settings.minSources)
                         .arg(why.join(QStringLiteral("; ")))};
    }
    quote.rate = TftPrice::fromUnits(fixed::divideHalfEven(sum, used));
    return quote;
}

QStringList Quote::usedSources() const
{
    QStringList out;
    for (const SourceOutcome &s : sources)
        if (s.used)
            out << s.source;
    return out;
}

QStringList Quote::droppedSources() const
{
    QStringList out;
    for (const SourceOutcome &s : sources)
        if (!s.used)
            out << s.source;
    return out;
}

QString Quote::summary() const
{
    QString text = QStringLiteral("%1 USD/TFT from %2").arg(fmt::rate(rate), usedSources().join(QStringLiteral(", ")));
    QStringList dropped;
    for (const SourceOutcome &s : sources)
        if (!s.used)
            dropped << QStringLiteral("%1 %2").arg(s.source, s.dropReason);
    if (!dropped.isEmpty())
        text += QStringLiteral(" (dropped: %1)").arg(dropped.join(QStringLiteral("; ")));
    return text;
}

QJsonObject Quote::toJson() const
{
    QJsonArray list;
    for (const SourceOutcome &s : sources) {
        list.append(QJsonObject{
            {QStringLiteral("source"), s.source},
            {QStringLiteral("rate"), s.rate ? QJsonValue(s.rate->toString()) : QJsonValue()},
            {QStringLiteral("error"), s.error},
            {QStringLiteral("used"), s.used},
            {QStringLiteral("drop_reason"), s.dropReason},
            {QStringLiteral("deviation_percent"), s.deviation ? QJsonValue(s.deviation->toString()) : QJsonValue()},
        });
    }
    return QJsonObject{
        {QStringLiteral("rate"), rate.toString()},
        {QStringLiteral("median"), median.toString()},
        {QStringLiteral("buffer_percent"), buffer.toString()},
        {QStringLiteral("max_slippage_percent"), maxSlippage.toString()},
        {QStringLiteral("min_price_sources"), minSources},
        {QStringLiteral("at_ms"), QString::number(atMs)},
        {QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("sources"), list},
    };
}

Result<Quote> Quote::fromJson(const QJsonObject &json)
{
    const auto bad = [](const QString &field, const QString &why) {
        return Error::invalid(QStringLiteral("quote: `%1` %2").arg(field, why));
    };
    QString why;
    Quote quote;
    const auto rateField = [&](const QJsonObject &o, const QString &field) -> std::optional<TftPrice> {
        const QJsonValue v = o.value(field);
        if (!v.isString()) {
            why = QStringLiteral("is missing or not a decimal string");
            return std::nullopt;
        }
        return TftPrice::parse(v.toString(), &why);
    };
    auto r = rateField(json, QStringLiteral("rate"));
    if (!r)
        return bad(QStringLiteral("rate"), why);
    quote.rate = *r;
    r = rateField(json, QStringLiteral("median"));
    if (!r)
        return bad(QStringLiteral("median"), why);
    quote.median = *r;
    for (const auto &[field, target] : {std::pair{QStringLiteral("buffer_percent"), &quote.buffer},
                                        std::pair{QStringLiteral("max_slippage_percent"), &quote.maxSlippage}}) {
        const auto p = Percent::parse(json.value(field).toString(), &why);
        if (!p)
            return bad(field, why);
        *target = *p;
    }
    quote.minSources = json.value(QStringLiteral("min_price_sources")).toInt(0);
    bool ok = false;
    quote.atMs = json.value(QStringLiteral("at_ms")).toString().toLongLong(&ok);
    if (!ok)
        return bad(QStringLiteral("at_ms"), QStringLiteral("is not an integer string"));
    const QJsonArray list = json.value(QStringLiteral("sources")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        SourceOutcome s;
        s.source = o.value(QStringLiteral("source")).toString();
        if (!o.value(QStringLiteral("rate")).isNull()) {
            auto sr = rateField(o, QStringLiteral("rate"));
            if (!sr)
                return bad(QStringLiteral("sources[%1].rate").arg(i), why);
            s.rate = *sr;
        }
        s.error = o.value(QStringLiteral("error")).toString();
        s.used = o.value(QStringLiteral("used")).toBool();
        s.dropReason = o.value(QStringLiteral("drop_reason")).toString();
        if (o.value(QStringLiteral("deviation_percent")).isString()) {
            const auto d = Percent::parse(o.value(QStringLiteral("deviation_percent")).toString(), &why);
            if (!d)
                return bad(QStringLiteral("sources[%1].deviation_percent").arg(i), why);
            s.deviation = *d;
        }
        quote.sources.push_back(s);
    }
    return quote;
}

} // namespace griddeck
