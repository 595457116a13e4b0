#include "models/PriceReaders.h"

#include "pipeline/PipelineStore.h"
#include "store/Store.h"

#include <QObject>
#include <QSqlQuery>

namespace griddeck {

Result<std::optional<LatestQuote>> latestQuote(QSqlDatabase db)
{
    auto q = exec(
        db, QStringLiteral("SELECT job_id FROM job_quotes ORDER BY created_at DESC, job_id DESC LIMIT 1"));
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
    return std::optional<LatestQuote>(
        LatestQuote { jobId, record.value()->createdAt, record.value()->quote });
}

Result<QList<PriceReading>> priceHistory(QSqlDatabase db, qint64 sinceMs, int limit)
{
    auto q = exec(db,
        QStringLiteral(
            "SELECT at, source, rate, error FROM (SELECT id, at, source, rate, error FROM "
            "price_history WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?) AS recent ORDER BY at, id"),
        { sinceMs, limit });
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
        return std::optional<CurrentPrice>(
            CurrentPrice { l.quote.rate, l.atMs, QObject::tr("quote of job %1").arg(l.jobId) });
    }
    // No usable quote: the average of the last fetch's rates.
    auto q = exec(db,
        QStringLiteral("SELECT rate, at FROM price_history WHERE at = (SELECT MAX(at) FROM price_history) "
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
    return std::optional<CurrentPrice>(CurrentPrice { rate, at, QObject::tr("price history") });
}

Result<JobTftFigures> jobTftFigures(QSqlDatabase db, qint64 jobId)
{
    JobTftFigures figures;
    auto conversion = exec(
        db, QStringLiteral("SELECT tft_received, rate FROM job_conversions WHERE job_id = ?"), { jobId });
    if (!conversion.ok())
        return conversion.error();
    if (conversion.value().next()) {
        figures.tftReceived = Tft::fromUnits(conversion.value().value(0).toLongLong());
        figures.rate = TftPrice::fromUnits(conversion.value().value(1).toLongLong());
    }
    auto quote
        = exec(db, QStringLiteral("SELECT rate, tft_needed FROM job_quotes WHERE job_id = ?"), { jobId });
    if (!quote.ok())
        return quote.error();
    if (quote.value().next()) {
        if (!figures.rate)
            figures.rate = TftPrice::fromUnits(quote.value().value(0).toLongLong());
        figures.tftNeeded = Tft::fromUnits(quote.value().value(1).toLongLong());
    }
    return figures;
}

} // namespace griddeck
