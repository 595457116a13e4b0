#pragma once
// Internal to the WatcherWorker: batching ids into "IN (…)" lists.

#include <QList>
#include <QString>
#include <QVariantList>

namespace griddeck::watcher_sql {

inline constexpr int kIdBatch = 500; // ids per "IN (…)" list
inline constexpr int kTailBatch = 5000; // events / ledger rows per read while catching up
inline constexpr int kBurstMs = 5; // notifications of one burst (a transaction's rows) read in one look

inline QString placeholders(qsizetype count)
{
    QString out;
    out.reserve(count * 2);
    for (qsizetype i = 0; i < count; ++i)
        out += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
    return out;
}

template<class T> QList<QList<T>> batches(const QList<T> &items, int size)
{
    QList<QList<T>> out;
    for (qsizetype i = 0; i < items.size(); i += size)
        out << items.mid(i, size);
    return out;
}

inline QVariantList toVariants(const QList<qint64> &ids)
{
    QVariantList out;
    out.reserve(ids.size());
    for (qint64 id : ids)
        out << id;
    return out;
}

} // namespace griddeck::watcher_sql
