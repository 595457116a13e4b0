#pragma once
// The TFT price oracle's rules, without any I/O: given what each configured source answered
// (a rate or an error), drop the failures, drop every rate further than max_slippage_percent
// from the median, require min_price_sources survivors and average them. The Quote keeps the
// whole story (every source, what was dropped and why) so the job's timeline can show it.

#include "domain/Clock.h"
#include "domain/Money.h"
#include "domain/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace griddeck {

// The [tft_conversion] settings the oracle needs (plain values, so this has no config dependency).
struct OracleSettings
{
    QStringList sources{QStringLiteral("dex"), QStringLiteral("coingecko"), QStringLiteral("grid_stats")};
    Percent maxSlippage = Percent::fromWhole(5); // max_slippage_percent
    int minSources = 2;                          // min_price_sources
    Percent buffer = Percent::fromWhole(2);      // conversion_buffer_percent
};

// Sources must be known and distinct, 1 <= minSources <= sources.size().
Result<void> validateOracleSettings(const OracleSettings &settings);

// What one source answered.
struct SourceReading
{
    QString source;
    std::optional<TftPrice> rate; // set when the source answered with a price
    QString error;                // why it did not, otherwise

    static SourceReading answered(const QString &source, TftPrice rate) { return {source, rate, QString()}; }
    static SourceReading failed(const QString &source, const QString &error) { return {source, std::nullopt, error}; }
    static SourceReading fromResult(const QString &source, const Result<TftPrice> &result)
    {
        return result.ok() ? answered(source, result.value()) : failed(source, result.error().message);
    }
};

// One source's part in a quote.
struct SourceOutcome
{
    QString source;
    std::optional<TftPrice> rate;
    QString error;                    // the source failed: why
    bool used = false;                // averaged into the final rate
    QString dropReason;               // not used: why (failure or distance from the median)
    std::optional<Percent> deviation; // distance from the median, for sources that answered
};

struct Quote
{
    std::vector<SourceOutcome> sources; // in the configured order
    TftPrice median;                    // of the sources that answered (half-to-even at 12 decimals)
    TftPrice rate;                      // the average of the survivors: USD per TFT
    Percent buffer;                     // conversion_buffer_percent in force
    Percent maxSlippage;                // max_slippage_percent in force
    int minSources = 0;
    qint64 atMs = 0; // when the quote was made (the oracle's Clock)

    QStringList usedSources() const;
    QStringList droppedSources() const;
    // A one-line account: "0.010100000000 USD/TFT from dex, grid_stats (coingecko dropped: …)".
    QString summary() const;
    // {"rate", "median", "buffer_percent", "max_slippage_percent", "min_price_sources",
    //  "at_ms", "at", "sources": [{"source", "rate"|null, "error", "used", "drop_reason",
    //  "deviation_percent"|null}]}; rates and percents as decimal strings.
    QJsonObject toJson() const;
    static Result<Quote> fromJson(const QJsonObject &json);
};

// The oracle's rules over the readings (one per configured source, in any order; a configured
// source without a reading counts as failed). Too few survivors is a Transient error naming
// every source and why it was not used; invalid settings are InvalidInput.
Result<Quote> combinePriceReadings(const std::vector<SourceReading> &readings, const OracleSettings &settings,
                                   const Clock &clock);

} // namespace griddeck
