#include "models/WatcherWorker.h"

#include "models/StoreReader.h"
#include "models/WatcherSql.h"

#include <QDateTime>
#include <algorithm>

namespace griddeck {

using namespace store_reader;
using namespace watcher_sql;

WatcherWorker::WatcherWorker(std::shared_ptr<Store> store, StoreWatcher::Options options)
    : m_store(std::move(store))
    , m_options(options)
{
}

WatcherWorker::~WatcherWorker()
{
    // Runs on the watcher thread (deleteLater at finished): close its connection while the
    // thread is whole, rather than in the thread-exit clean-up, which can still be running
    // after QThread::wait() has returned and the watcher is gone.
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void WatcherWorker::setOptions(const StoreWatcher::Options &options)
{
    m_options = options;
    if (m_timer)
        m_timer->setInterval(std::max(1, m_options.intervalMs));
}

bool WatcherWorker::report(const Result<void> &result)
{
    if (result.ok())
        return true;
    m_failedThisPoll = true;
    // The same failure every 250 ms would flood the status bar: say it once until it changes.
    if (result.error().message != m_lastError) {
        m_lastError = result.error().message;
        Q_EMIT storeError(m_lastError);
    }
    return false;
}

void WatcherWorker::begin()
{
    m_timer = new QTimer(this);
    m_timer->setInterval(std::max(1, m_options.intervalMs));
    connect(m_timer, &QTimer::timeout, this, [this] { poll(false); });
    if (m_store->backend() == Backend::Postgresql) {
        // Other consoles' and workers' commits arrive as notifications; the timer only checks
        // the listening connection (and retries a failed read).
        m_notified = true;
        m_listener = new ChangeListener(m_store, this);
        m_kick = new QTimer(this);
        m_kick->setSingleShot(true);
        m_kick->setInterval(kBurstMs);
        connect(m_kick, &QTimer::timeout, this, [this] { poll(false); });
        connect(m_listener, &ChangeListener::changed, m_kick, qOverload<>(&QTimer::start));
    }
    startLoad();
}

void WatcherWorker::startLoad()
{
    // A store that cannot be read yet (locked, moved away) is tried again, not given up on.
    const auto retryLater = [this] { QTimer::singleShot(std::max(1000, m_options.intervalMs), this, &WatcherWorker::startLoad); };
    QSqlDatabase db = m_store->db(); // this thread's own connection
    m_connectionName = db.connectionName();
    if (!db.isOpen()) {
        report(Error::storage(QStringLiteral("the store watcher cannot open %1").arg(m_store->path())));
        return retryLater();
    }
    const auto read = [this, &db](qint64 &into, const char *column, const char *table) {
        auto value = maxOf(db, QLatin1String(column), QLatin1String(table));
        if (!value.ok())
            return report(value.error());
        into = value.value();
        return true;
    };
    if (m_notified) {
        // Listening before the first read: whatever commits after it is announced.
        if (!startListening())
            return retryLater();
    } else {
        auto version = dataVersion(db);
        if (!version.ok()) {
            report(version.error());
            return retryLater();
        }
        m_dataVersion = version.value();
    }
    if (!read(m_watermark, "updated_at", "jobs") || !read(m_maxJobId, "id", "jobs")
        || !read(m_lastEventId, "id", "events") || !read(m_lastTransactionId, "id", "ledger_transactions")
        || !read(m_lastDeploymentId, "id", "job_deployments"))
        return retryLater();
    m_users.clear();
    auto users = forEachRow(db, userSelect() + QStringLiteral("ORDER BY u.id"), {}, [this](const QSqlQuery &q) {
        UserRow u = readUser(q);
        m_lastUserId = std::max(m_lastUserId, u.userId);
        m_users.insert(u.userId, u);
        return true;
    });
    if (!report(users))
        return retryLater();
    m_loading = true;
    m_loadCursor = m_maxJobId + 1;
    continueLoad();
}

void WatcherWorker::readChunk()
{
    const int size = m_jobs.isEmpty() ? std::max(1, m_options.firstChunkSize) : std::max(1, m_options.chunkSize);
    int rows = 0;
    auto ran = forEachRow(m_store->db(), fullJobSelect() + QStringLiteral("WHERE j.id < ? ORDER BY j.id DESC LIMIT ?"),
                          {m_loadCursor, size}, [this, &rows](const QSqlQuery &q) {
                              ++rows;
                              m_loadCursor = q.value(0).toLongLong();
                              auto row = readJobRow(q);
                              if (!row.ok()) {
                                  report(row.error());
                                  return true;
                              }
                              take(row.value(), false);
                              m_prepared << row.value();
                              return true;
                          });
    if (!report(ran) || rows < size)
        m_exhausted = true;
}

void WatcherWorker::continueLoad()
{
    if (!m_loading)
        return;
    if (m_prepared.isEmpty() && !m_exhausted)
        readChunk();
    if (m_credits > 0 && !m_prepared.isEmpty()) {
        --m_credits;
        Q_EMIT jobsBatch(m_prepared);
        m_prepared.clear();
        // Read the next chunk while the GUI applies this one.
        if (!m_exhausted)
            readChunk();
    }
    if (m_prepared.isEmpty() && m_exhausted)
        finishLoad();
}

void WatcherWorker::finishLoad()
{
    m_loading = false;
    m_loaded = true;
    sendAllUsers();
    Q_EMIT initialLoadFinished(int(m_jobs.size()));
    m_timer->start();
    if (m_resendAfterLoad) {
        m_resendAfterLoad = false;
        resendJobs();
    }
    poll(true); // whatever changed while loading
}

void WatcherWorker::take(const JobRow &row, bool deliver)
{
    const qint64 id = row.job.id;
    const bool live = row.job.isLive();
    auto it = m_jobs.find(id);
    if (it == m_jobs.end()) {
        UserRow &user = m_users[row.job.userId];
        user.userId = row.job.userId;
        user.jobs += 1;
        user.liveJobs += live ? 1 : 0;
        m_jobs.insert(id, Known{row.fingerprint, row.job.userId, live});
    } else {
        if (it->live != live)
            m_users[it->userId].liveJobs += live ? 1 : -1;
        it->fingerprint = row.fingerprint;
        it->live = live;
    }
    m_maxJobId = std::max(m_maxJobId, id);
    const QString &state = row.deployment.state;
    if (row.deployment.exists() && (state == QLatin1String("requested") || state == QLatin1String("init")))
        m_deploymentsInFlight.insert(id);
    else
        m_deploymentsInFlight.remove(id);
    if (!deliver)
        return;
    if (!m_pending.contains(id))
        m_pendingOrder << id;
    m_pending.insert(id, row);
}

void WatcherWorker::flushJobs()
{
    while (m_credits > 0 && !m_pendingOrder.isEmpty()) {
        const qsizetype n = std::min<qsizetype>(m_pendingOrder.size(), std::max(1, m_options.chunkSize));
        QList<JobRow> batch;
        batch.reserve(n);
        for (qsizetype i = 0; i < n; ++i)
            batch << m_pending.take(m_pendingOrder[i]);
        m_pendingOrder.remove(0, n);
        --m_credits;
        Q_EMIT jobsBatch(batch);
    }
}

void WatcherWorker::batchDelivered()
{
    ++m_credits;
    if (m_loading)
        continueLoad();
    else
        flushJobs();
}

void WatcherWorker::poll(bool force)
{
    if (!m_loaded)
        return;
    if (m_notified)
        return pollNotified();
    auto version = dataVersion(m_store->db());
    if (!version.ok()) {
        report(version.error());
        return;
    }
    const bool sweep = m_options.sweepIntervalMs > 0 && m_sinceSweep.isValid()
        && m_sinceSweep.elapsed() >= m_options.sweepIntervalMs && version.value() != m_sweptVersion;
    // Nobody committed since the last look: nothing to read.
    if (!force && !sweep && version.value() == m_dataVersion) {
        flushJobs();
        return;
    }
    m_dataVersion = version.value();
    if (sweep || !m_sinceSweep.isValid()) {
        m_sweptVersion = version.value();
        m_sinceSweep.start();
    }

    m_failedThisPoll = false;
    QSet<qint64> dirtyUsers;
    const QList<qint64> changed = changedJobIds(sweep);
    readJobs(changed, dirtyUsers);
    readEvents();
    readLedger(dirtyUsers);
    readUsers(dirtyUsers);
    flushJobs();
    if (!m_failedThisPoll)
        m_lastError.clear(); // recovered: the same failure, should it come back, is news again
    Q_EMIT polled(int(changed.size()));
}

QList<qint64> WatcherWorker::changedJobIds(bool sweep)
{
    QSqlDatabase db = m_store->db();
    QList<qint64> changed;
    QSet<qint64> seen;
    qint64 watermark = m_watermark;
    const auto onStamp = [&](const QSqlQuery &q) {
        const JobStamp s = readStamp(q);
        watermark = std::max(watermark, s.updatedAt);
        if (seen.contains(s.id))
            return true;
        seen.insert(s.id);
        const auto it = m_jobs.constFind(s.id);
        if (it == m_jobs.constEnd() || it->fingerprint != s.fingerprint)
            changed << s.id;
        return true;
    };
    // New deployment attempts are read before the stamps: every stamp query below then runs in a
    // later snapshot, so it already sees these rows (a deployment committed between a stamp and
    // this read would otherwise be skipped as "seen" until the job changed again).
    QList<qint64> newDeploymentJobs;
    report(forEachRow(db, QStringLiteral("SELECT id, job_id FROM job_deployments WHERE id > ? ORDER BY id"),
                      {m_lastDeploymentId}, [&](const QSqlQuery &q) {
                          m_lastDeploymentId = std::max(m_lastDeploymentId, q.value(0).toLongLong());
                          newDeploymentJobs << q.value(1).toLongLong();
                          return true;
                      }));
    const QString stamp = stampJobSelect();
    if (sweep) {
        report(forEachRow(db, stamp, {}, onStamp));
    } else {
        // Recently updated (a commit can carry a time a little older than one already seen). A
        // watermark in the future (a writer's clock ahead of ours) must not hide rows written now.
        const qint64 from = std::min(m_watermark, QDateTime::currentMSecsSinceEpoch()) - std::max(0, m_options.lookbackMs);
        if (!report(forEachRow(db, stamp + QStringLiteral("WHERE j.updated_at >= ?"), {from}, onStamp)))
            return changed;
        // New ids, whatever time they carry.
        report(forEachRow(db, stamp + QStringLiteral("WHERE j.id > ?"), {m_maxJobId}, onStamp));
        // Deployments in flight: their row can change (init → ok, an ip) without touching the job.
        const QList<qint64> inFlight(m_deploymentsInFlight.cbegin(), m_deploymentsInFlight.cend());
        for (const QList<qint64> &ids : batches(inFlight, kIdBatch)) {
            report(forEachRow(db, stamp + QStringLiteral("WHERE j.id IN (%1)").arg(placeholders(ids.size())),
                              toVariants(ids), onStamp));
        }
    }
    // Jobs with a new deployment attempt that the stamps above did not cover.
    QList<qint64> withNewDeployment;
    for (qint64 job : newDeploymentJobs) {
        if (!seen.contains(job))
            withNewDeployment << job;
    }
    for (const QList<qint64> &ids : batches(withNewDeployment, kIdBatch)) {
        report(forEachRow(db, stamp + QStringLiteral("WHERE j.id IN (%1)").arg(placeholders(ids.size())),
                          toVariants(ids), onStamp));
    }
    m_watermark = watermark;
    return changed;
}

void WatcherWorker::readJobs(const QList<qint64> &ids, QSet<qint64> &dirtyUsers)
{
    QSqlDatabase db = m_store->db();
    for (const QList<qint64> &batch : batches(ids, kIdBatch)) {
        report(forEachRow(db, fullJobSelect() + QStringLiteral("WHERE j.id IN (%1)").arg(placeholders(batch.size())),
                          toVariants(batch), [&](const QSqlQuery &q) {
                              auto row = readJobRow(q);
                              if (!row.ok()) {
                                  report(row.error());
                                  return true;
                              }
                              const auto before = m_jobs.constFind(row.value().job.id);
                              if (before == m_jobs.constEnd() || before->live != row.value().job.isLive())
                                  dirtyUsers.insert(row.value().job.userId);
                              take(row.value(), true);
                              return true;
                          }));
    }
}

void WatcherWorker::readEvents()
{
    QSqlDatabase db = m_store->db();
    for (;;) {
        QList<EventRow> events;
        auto ran = forEachRow(db, eventSelect() + QStringLiteral("WHERE id > ? ORDER BY id LIMIT ?"),
                              {m_lastEventId, kTailBatch}, [&](const QSqlQuery &q) {
                                  m_lastEventId = std::max(m_lastEventId, q.value(0).toLongLong());
                                  auto event = readEvent(q);
                                  if (event.ok())
                                      events << event.value();
                                  else
                                      report(event.error());
                                  return true;
                              });
        if (!events.isEmpty())
            Q_EMIT eventsAdded(events);
        if (!report(ran) || events.size() < kTailBatch)
            return;
    }
}

void WatcherWorker::readLedger(QSet<qint64> &dirtyUsers)
{
    QSqlDatabase db = m_store->db();
    for (;;) {
        QList<LedgerRow> rows;
        auto ran = forEachRow(db, ledgerSelect() + QStringLiteral("WHERE t.id > ? ORDER BY t.id LIMIT ?"),
                              {m_lastTransactionId, kTailBatch}, [&](const QSqlQuery &q) {
                                  LedgerRow row = readLedgerRow(q);
                                  m_lastTransactionId = std::max(m_lastTransactionId, row.entry.transactionId);
                                  if (row.entry.userId != 0)
                                      dirtyUsers.insert(row.entry.userId);
                                  rows << row;
                                  return true;
                              });
        if (!rows.isEmpty())
            Q_EMIT ledgerAdded(rows);
        if (!report(ran) || rows.size() < kTailBatch)
            return;
    }
}

void WatcherWorker::readUsers(const QSet<qint64> &dirtyUsers)
{
    QSqlDatabase db = m_store->db();
    QSet<qint64> touched = dirtyUsers;
    QSet<qint64> read;
    const auto onUser = [&](const QSqlQuery &q) {
        UserRow fresh = readUser(q);
        m_lastUserId = std::max(m_lastUserId, fresh.userId);
        UserRow &kept = m_users[fresh.userId];
        fresh.jobs = kept.jobs; // counted from the jobs, not stored
        fresh.liveJobs = kept.liveJobs;
        kept = fresh;
        touched.insert(fresh.userId);
        read.insert(fresh.userId);
        return true;
    };
    report(forEachRow(db, userSelect() + QStringLiteral("WHERE u.id > ? ORDER BY u.id"), {m_lastUserId}, onUser));
    QList<qint64> ids;
    for (qint64 id : dirtyUsers) {
        if (!read.contains(id))
            ids << id;
    }
    std::sort(ids.begin(), ids.end());
    for (const QList<qint64> &batch : batches(ids, kIdBatch)) {
        report(forEachRow(db, userSelect() + QStringLiteral("WHERE u.id IN (%1)").arg(placeholders(batch.size())),
                          toVariants(batch), onUser));
    }
    QList<qint64> order(touched.begin(), touched.end());
    std::sort(order.begin(), order.end());
    QList<UserRow> changed;
    for (qint64 id : order) {
        const UserRow &now = m_users.value(id);
        if (now.name.isEmpty())
            continue; // a job's user not read yet
        const auto sent = m_sentUsers.constFind(id);
        if (sent == m_sentUsers.constEnd() || !(*sent == now)) {
            changed << now;
            m_sentUsers.insert(id, now);
        }
    }
    if (!changed.isEmpty())
        Q_EMIT usersChanged(changed);
}

void WatcherWorker::resendJobs()
{
    if (!m_loaded) {
        // A model attached during the first load has missed its earlier chunks: send them all
        // again once it is done.
        m_resendAfterLoad = true;
        return;
    }
    report(forEachRow(m_store->db(), fullJobSelect() + QStringLiteral("ORDER BY j.id DESC"), {},
                      [this](const QSqlQuery &q) {
                          auto row = readJobRow(q);
                          if (row.ok())
                              take(row.value(), true);
                          return true;
                      }));
    flushJobs();
}

void WatcherWorker::resendUsers()
{
    if (!m_loaded)
        return; // finishLoad() sends them all
    sendAllUsers();
}

void WatcherWorker::sendAllUsers()
{
    QList<UserRow> users;
    for (const UserRow &u : std::as_const(m_users)) {
        if (!u.name.isEmpty())
            users << u;
    }
    std::sort(users.begin(), users.end(), [](const UserRow &a, const UserRow &b) { return a.userId < b.userId; });
    for (const UserRow &u : std::as_const(users))
        m_sentUsers.insert(u.userId, u);
    Q_EMIT usersChanged(users);
}

void WatcherWorker::loadEvents(qint64 jobId, int limit)
{
    QList<EventRow> events;
    const QString where = jobId > 0 ? QStringLiteral("WHERE job_id = ? AND id <= ? ORDER BY id DESC LIMIT ?")
                                    : QStringLiteral("WHERE id <= ? ORDER BY id DESC LIMIT ?");
    QVariantList args;
    if (jobId > 0)
        args << jobId;
    args << m_lastEventId << std::max(1, limit);
    report(forEachRow(m_store->db(), eventSelect() + where, args, [&](const QSqlQuery &q) {
        auto event = readEvent(q);
        if (event.ok())
            events << event.value();
        return true;
    }));
    std::reverse(events.begin(), events.end());
    Q_EMIT eventsLoaded(jobId, events);
}

void WatcherWorker::loadLedger(const LedgerScope &scope)
{
    QString where = QStringLiteral("WHERE t.id <= ?");
    QVariantList args{m_lastTransactionId};
    if (scope.userId != 0) {
        where += QStringLiteral(" AND t.user_id = ?");
        args << scope.userId;
    }
    if (scope.jobId != 0) {
        where += QStringLiteral(" AND t.job_id = ?");
        args << scope.jobId;
    }
    where += QStringLiteral(" ORDER BY t.id DESC LIMIT ?");
    args << std::max(1, scope.limit);
    QList<LedgerRow> rows;
    report(forEachRow(m_store->db(), ledgerSelect() + where, args, [&](const QSqlQuery &q) {
        rows << readLedgerRow(q);
        return true;
    }));
    std::reverse(rows.begin(), rows.end());
    Q_EMIT ledgerLoaded(scope, rows);
}

} // namespace griddeck
