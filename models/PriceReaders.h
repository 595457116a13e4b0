#pragma once
// The store's price readers the console's panes and dialogs share: the latest quote, the price
// history and the TFT price to estimate with. They take the calling thread's connection and
// are meant for AppController::run() (never the GUI thread).

#include "domain/Money.h"
#include "domain/Result.h"
#include "pricing/Oracle.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace griddeck {

// The quote the most recent job took (job_quotes), with every source's rate and what was dropped.
struct LatestQuote
{
    qint64 jobId = 0;
    qint64 atMs = 0;
    Quote quote;
};
Result<std::optional<LatestQuote>> latestQuote(QSqlDatabase db);

// One row of price_history: a source's rate at a time, or why it had none.
struct PriceReading
{
    qint64 atMs = 0;
    QString source;
    std::optional<TftPrice> rate;
    QString error;
};
// Oldest first, at most `limit` rows (the newest ones) at or after `sinceMs`.
Result<QList<PriceReading>> priceHistory(QSqlDatabase db, qint64 sinceMs, int limit = 5000);

// The TFT price to estimate with: the rate of the latest quote; else the average of the rates
// of the latest price_history fetch; nullopt when the store has no price at all.
struct CurrentPrice
{
    TftPrice rate;
    qint64 atMs = 0;
    QString origin; // "quote of job 42", "price history"
};
Result<std::optional<CurrentPrice>> currentTftPrice(QSqlDatabase db);

// What a job's TFT conversion came to: the TFT received and the executed rate (job_conversions),
// else the quoted rate; and the TFT the quote planned to buy (job_quotes). Each is empty until
// the pipeline wrote it.
struct JobTftFigures
{
    std::optional<Tft> tftReceived;
    std::optional<TftPrice> rate;
    std::optional<Tft> tftNeeded;
};
Result<JobTftFigures> jobTftFigures(QSqlDatabase db, qint64 jobId);

} // namespace griddeck
