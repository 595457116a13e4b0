#pragma once
// Reads the dialogs and panes share, and where the remote services are. The store reads take
// the calling thread's connection and are meant for AppController::run() (never the GUI
// thread); endpoint resolution is cheap and runs anywhere.

#include "domain/Money.h"
#include "domain/Result.h"
#include "pricing/PriceOracle.h"
#include "pricing/Oracle.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUrl>

#include <optional>

namespace griddeck::ui {

class AppController;

// The configured URLs with "embedded" resolved to the in-process simulator the pipeline
// engine runs; each is resolved on its own, so one service pointed at a real URL works while
// the others wait for the engine. An error naming the key when a URL is "embedded" and no
// engine runs the simulator.
QUrl embeddedGridUrl(AppController &app); // empty while no simulator runs
Result<QUrl> gridProxyUrl(AppController &app);
Result<QUrl> walletUrl(AppController &app);
Result<PriceFeedEndpoints> priceFeeds(AppController &app);

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

} // namespace griddeck::ui
