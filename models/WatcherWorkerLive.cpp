// The WatcherWorker on PostgreSQL: instead of asking data_version whether anyone committed and
// then scanning recent stamps, it re-reads exactly the rows the store's NOTIFY triggers named
// (migration 8): the stamps of the notified jobs (full rows only where the fingerprint moved),
// the new events and ledger transactions, the notified users' balances.
#include "models/StoreReader.h"
#include "models/WatcherSql.h"
#include "models/WatcherWorker.h"

#include <algorithm>

namespace griddeck {

using namespace store_reader;
using namespace watcher_sql;

namespace {
constexpr qint64 kLateRows = 1000; // after a reconnection, events and ledger rows read again
} // namespace

bool WatcherWorker::startListening()
{
    auto listening = m_listener->listen();
    if (!listening.ok()) {
        report(listening.error());
        return false;
    }
    QString message;
    if (m_liveLost) {
        m_liveLost = false;
        message = QStringLiteral("Live updates from %1 restored; every row is read again once")
                      .arg(m_store->path());
        qInfo("griddeck watcher: %s", qPrintable(message));
    } else {
        message = QStringLiteral("Live updates from %1: listening for changes").arg(m_store->path());
    }
    Q_EMIT liveUpdates(true, message);
    return true;
}

bool WatcherWorker::ensureLive()
{
    if (m_listener->isAlive())
        return true;
    if (!m_liveLost) {
        m_liveLost = true;
        const QString message
            = QStringLiteral("Live updates from %1 lost (the notification connection dropped); reconnecting")
                  .arg(m_store->path());
        qWarning("griddeck watcher: %s", qPrintable(message));
        Q_EMIT liveUpdates(false, message);
        report(Error::storage(message));
    }
    if (!startListening())
        return false; // tried again at the next tick
    // Notifications sent while nobody listened are gone: read everything once. The read
    // connection most likely went the same way; start it afresh too.
    m_needSweep = true;
    m_store->closeThreadConnection();
    m_connectionName = m_store->db().connectionName();
    return true;
}

void WatcherWorker::pollNotified()
{
    if (!ensureLive()) {
        flushJobs();
        return;
    }
    ChangeSet changes = m_listener->take();
    changes.merge(std::exchange(m_carry, ChangeSet {}));
    const bool sweep = std::exchange(m_needSweep, false);
    if (!sweep && changes.isEmpty()) {
        flushJobs();
        return;
    }

    m_failedThisPoll = false;
    QSet<qint64> dirtyUsers = changes.users;
    const QList<qint64> changed = sweep ? changedJobIds(true) : changedAmong(changes.jobs);
    readJobs(changed, dirtyUsers);
    if (sweep) {
        // Rows a little below the newest seen may have committed late, while nobody listened:
        // read them again (the models keep each id once).
        m_lastEventId = std::max<qint64>(0, m_lastEventId - kLateRows);
        m_lastTransactionId = std::max<qint64>(0, m_lastTransactionId - kLateRows);
        readEvents();
        readLedger(dirtyUsers);
        for (auto it = m_users.keyBegin(); it != m_users.keyEnd(); ++it)
            dirtyUsers.insert(*it);
    } else {
        // By id, not "above the newest seen": ids are taken at insert, so a transaction can
        // commit after one with a higher id.
        readEventsById(changes.events);
        readLedgerById(changes.ledger, dirtyUsers);
    }
    readUsers(dirtyUsers);
    flushJobs();
    if (m_failedThisPoll) {
        // Looked again at the next tick: the same keys, or everything when the connection went
        // (what was read before it failed may be incomplete).
        if (!m_store->db().isOpen()) {
            m_store->closeThreadConnection();
            m_connectionName = m_store->db().connectionName();
            m_needSweep = true;
        } else {
            m_needSweep = sweep;
            m_carry = changes;
        }
    } else {
        m_lastError.clear();
    }
    Q_EMIT polled(int(changed.size()));
}

void WatcherWorker::readEventsById(const QSet<qint64> &ids)
{
    QList<qint64> sorted(ids.cbegin(), ids.cend());
    std::sort(sorted.begin(), sorted.end());
    QList<EventRow> events;
    for (const QList<qint64> &batch : batches(sorted, kIdBatch)) {
        report(forEachRow(m_store->db(),
            eventSelect() + QStringLiteral("WHERE id IN (%1) ORDER BY id").arg(placeholders(batch.size())),
            toVariants(batch), [&](const QSqlQuery &q) {
                m_lastEventId = std::max(m_lastEventId, q.value(0).toLongLong());
                auto event = readEvent(q);
                if (event.ok())
                    events << event.value();
                else
                    report(event.error());
                return true;
            }));
    }
    if (!events.isEmpty())
        Q_EMIT eventsAdded(events);
}

void WatcherWorker::readLedgerById(const QSet<qint64> &ids, QSet<qint64> &dirtyUsers)
{
    QList<qint64> sorted(ids.cbegin(), ids.cend());
    std::sort(sorted.begin(), sorted.end());
    QList<LedgerRow> rows;
    for (const QList<qint64> &batch : batches(sorted, kIdBatch)) {
        report(forEachRow(m_store->db(),
            ledgerSelect()
                + QStringLiteral("WHERE t.id IN (%1) ORDER BY t.id").arg(placeholders(batch.size())),
            toVariants(batch), [&](const QSqlQuery &q) {
                LedgerRow row = readLedgerRow(q);
                m_lastTransactionId = std::max(m_lastTransactionId, row.entry.transactionId);
                if (row.entry.userId != 0)
                    dirtyUsers.insert(row.entry.userId);
                rows << row;
                return true;
            }));
    }
    if (!rows.isEmpty())
        Q_EMIT ledgerAdded(rows);
}

QList<qint64> WatcherWorker::changedAmong(const QSet<qint64> &jobIds)
{
    QList<qint64> ids(jobIds.cbegin(), jobIds.cend());
    std::sort(ids.begin(), ids.end());
    QList<qint64> changed;
    QSqlDatabase db = m_store->db();
    for (const QList<qint64> &batch : batches(ids, kIdBatch)) {
        report(forEachRow(db,
            stampJobSelect() + QStringLiteral("WHERE j.id IN (%1)").arg(placeholders(batch.size())),
            toVariants(batch), [&](const QSqlQuery &q) {
                const JobStamp s = readStamp(q);
                m_watermark = std::max(m_watermark, s.updatedAt);
                const auto it = m_jobs.constFind(s.id);
                if (it == m_jobs.constEnd() || it->fingerprint != s.fingerprint)
                    changed << s.id;
                return true;
            }));
    }
    return changed;
}

} // namespace griddeck
