#include "ui/panes/PaneData.h"

#include "pipeline/PipelineEngine.h"
#include "pipeline/PipelineStore.h"
#include "pricing/PricingConfig.h"
#include "store/Store.h"
#include "ui/AppController.h"


namespace griddeck::ui {

QUrl embeddedGridUrl(AppController &app)
{
    if (PipelineEngine *engine = app.engine(); engine && engine->embeddedGrid() && engine->embeddedGrid()->isRunning())
        return engine->embeddedGrid()->url();
    return QUrl();
}

namespace {

// The resolver's sentence, made plainer when the only trouble is that no simulator runs.
Error explained(const Error &error, const QUrl &embedded)
{
    if (embedded.isEmpty() && error.message.contains(QLatin1String("not running")))
        return Error::refused(QObject::tr("The embedded grid simulator is not running (it starts with the pipeline "
                                          "engine): set real URLs in Settings, or start the engine."));
    return error;
}

} // namespace

Result<QUrl> gridProxyUrl(AppController &app)
{
    const QUrl embedded = embeddedGridUrl(app);
    auto url = resolveServiceUrl(app.config().threefoldGrid.gridProxyUrl, embedded, QStringLiteral("threefold_grid.grid_proxy_url"));
    if (!url.ok())
        return explained(url.error(), embedded);
    return url;
}

Result<QUrl> walletUrl(AppController &app)
{
    const QUrl embedded = embeddedGridUrl(app);
    auto url = walletUrlFrom(app.config(), embedded);
    if (!url.ok())
        return explained(url.error(), embedded);
    return url;
}

Result<PriceFeedEndpoints> priceFeeds(AppController &app)
{
    const QUrl embedded = embeddedGridUrl(app);
    auto feeds = priceFeedEndpointsFrom(app.config(), embedded);
    if (!feeds.ok())
        return explained(feeds.error(), embedded);
    return feeds;
}

Result<std::optional<LatestQuote>> latestQuote(QSqlDatabase db)
{
    auto q = exec(db, QStringLiteral("SELECT job_id FROM job_quotes ORDER BY created_at DESC, job_id DESC LIMIT 1"));
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<LatestQuote>();
    const qint64 jobId = q.value().value(0).toLongLong();
    // The pipeline's own reader knows the row's format.
    auto record = pipelinestore::quote(db, jobId);
    if (!record.ok())
        return record.error();
    if (!record.value())
        return std::optional<LatestQuote>();
    return std::optional<LatestQuote>(LatestQuote{jobId, record.value()->createdAt, record.value()->quote});
}

Result<QList<PriceReading>> priceHistory(QSqlDatabase db, qint64 sinceMs, int limit)
{
    auto q = exec(db,
                  QStringLiteral("SELECT at, source, rate, error FROM (SELECT id, at, source, rate, error FROM "
                                 "price_history WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id"),
                  {sinceMs, limit});
    if (!q.ok())
        return q.error();
    QList<PriceReading> out;
    QSqlQuery &query = q.value();
    while (query.next()) {
        PriceReading r;
        r.atMs = query.value(0).toLongLong();
        r.source = query.value(1).toString();
        if (!query.value(2).isNull() && query.value(2).toLongLong() > 0)
            r.rate = TftPrice::fromUnits(query.value(2).toLongLong());
        r.error = query.value(3).toString();
        out.append(r);
    }
    return out;
}

Result<std::optional<CurrentPrice>> currentTftPrice(QSqlDatabase db)
{
    auto latest = latestQuote(db);
    if (latest.ok() && latest.value() && latest.value()->quote.rate.isValid()) {
        const LatestQuote &l = *latest.value();
        return std::optional<CurrentPrice>(CurrentPrice{l.quote.rate, l.atMs, QObject::tr("quote of job %1").arg(l.jobId)});
    }
    // No usable quote: the average of the last fetch's rates.
    auto q = exec(db, QStringLiteral("SELECT rate, at FROM price_history WHERE at = (SELECT MAX(at) FROM price_history) "
                                     "AND rate IS NOT NULL AND rate > 0"));
    if (!q.ok())
        return q.error();
    QSqlQuery &query = q.value();
    __int128 sum = 0;
    qint64 count = 0;
    qint64 at = 0;
    while (query.next()) {
        sum += query.value(0).toLongLong();
        at = query.value(1).toLongLong();
        ++count;
    }
    if (count == 0)
        return std::optional<CurrentPrice>();
    const TftPrice rate = TftPrice::fromUnits(fixed::divideHalfEven(sum, count));
    return std::optional<CurrentPrice>(CurrentPrice{rate, at, QObject::tr("price history")});
}

} // namespace griddeck::ui
