#include "pipeline/Outbox.h"

#include "ledger/Ledger.h"
#include "pipeline/PipelineStore.h"
#include "queue/Job.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace griddeck {

namespace {

const char kColumns[] = "id, job_id, event, channel, payload, state, attempts, next_attempt_at, last_error, dedupe_key, "
                        "created_at, delivered_at";

OutboxEntry readEntry(const QSqlQuery &q)
{
    OutboxEntry e;
    e.id = q.value(0).toLongLong();
    if (!q.value(1).isNull())
        e.jobId = q.value(1).toLongLong();
    e.event = q.value(2).toString();
    e.channel = channelFromName(q.value(3).toString()).value_or(Channel::Webhook);
    e.payload = q.value(4).toString().toUtf8();
    e.state = q.value(5).toString();
    e.attempts = q.value(6).toInt();
    e.nextAttemptAt = q.value(7).toLongLong();
    e.lastError = q.value(8).toString();
    e.dedupeKey = q.value(9).toString();
    e.createdAt = q.value(10).toLongLong();
    if (!q.value(11).isNull())
        e.deliveredAt = q.value(11).toLongLong();
    return e;
}

QDateTime utc(qint64 ms)
{
    QDateTime t = QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC);
    return t;
}

struct JobFacts
{
    Job job;
    QString user;
};

Result<JobFacts> jobFacts(QSqlDatabase db, qint64 jobId)
{
    auto q = exec(db, QStringLiteral("SELECT %1 FROM jobs WHERE id = ?").arg(jobColumns()), {jobId});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return Error::notFound(QStringLiteral("job %1 does not exist").arg(jobId));
    auto job = readJob(q.value());
    if (!job.ok())
        return job.error();
    JobFacts facts{job.value(), QString()};
    auto u = exec(db, QStringLiteral("SELECT name FROM users WHERE id = ?"), {facts.job.userId});
    if (!u.ok())
        return u.error();
    facts.user = u.value().next() ? u.value().value(0).toString() : QString::number(facts.job.userId);
    return facts;
}

} // namespace

Outbox::Outbox(std::shared_ptr<Store> store, NotifySettings settings, const Clock &clock)
    : m_store(std::move(store))
    , m_settings(std::move(settings))
    , m_clock(clock)
{
}

QList<Channel> Outbox::configuredChannels(const NotifySettings &s)
{
    QList<Channel> channels;
    if (s.webhookEnabled && !s.webhookUrl.trimmed().isEmpty())
        channels << Channel::Webhook;
    if (s.slackEnabled)
        channels << Channel::Slack;
    if (s.emailEnabled && !s.smtpHost.trimmed().isEmpty() && !s.emailTo.isEmpty())
        channels << Channel::Email;
    return channels;
}

Result<void> Outbox::addIn(QSqlDatabase db, const Notification &notification, const NotifySettings &settings, qint64 now,
                           const QString &dedupeSuffix)
{
    const QString event = notificationEventName(notification.kind);
    const QString payload = QString::fromUtf8(notification.toJsonBytes());
    for (Channel channel : configuredChannels(settings)) {
        QString key = QStringLiteral("job-%1:%2").arg(notification.jobId).arg(event);
        if (!dedupeSuffix.isEmpty())
            key += u':' + dedupeSuffix;
        key += u':' + channelName(channel);
        auto q = exec(db,
                      QStringLiteral("INSERT INTO outbox(job_id, event, channel, payload, state, attempts, next_attempt_at, "
                                     "created_at, dedupe_key) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
                                     "ON CONFLICT(dedupe_key) DO NOTHING"),
                      {notification.jobId, event, channelName(channel), payload, now, now, key});
        if (!q.ok())
            return q.error();
    }
    return {};
}

Result<Notification> Outbox::activeNotificationIn(QSqlDatabase db, qint64 jobId, qint64 now)
{
    auto facts = jobFacts(db, jobId);
    if (!facts.ok())
        return facts.error();
    auto row = pipelinestore::latestDeployment(db, jobId);
    if (!row.ok())
        return row.error();
    const DeploymentRow d = row.value().value_or(DeploymentRow());
    QString ip = d.ip;
    if (ip.isEmpty())
        ip = !d.ipv6.isEmpty() ? d.ipv6 : d.myceliumIp;
    return Notification::deploymentActive(jobId, facts->user, facts->job.spec.summary(), ip, d.sshCommand, d.webUrl,
                                          facts->job.tfcAmount, utc(now));
}

Result<Notification> Outbox::failedNotificationIn(QSqlDatabase db, qint64 jobId, const QString &error, qint64 now)
{
    auto facts = jobFacts(db, jobId);
    if (!facts.ok())
        return facts.error();
    return Notification::deploymentFailed(jobId, facts->user, facts->job.spec.summary(), error, facts->job.tfcAmount,
                                          utc(now));
}

Result<void> Outbox::addRefundIssued(qint64 jobId, Tfc refund, const QString &reason, const QString &refundKey)
{
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto facts = jobFacts(tx.db(), jobId);
    if (!facts.ok())
        return facts.error();
    const qint64 now = m_clock.nowMs();
    const Notification n = Notification::refundIssued(jobId, facts->user, facts->job.spec.summary(), refund, reason, utc(now));
    if (auto added = addIn(tx.db(), n, m_settings, now, refundKey); !added.ok())
        return added.error();
    return tx.commit();
}

Result<void> Outbox::addRefundIssuedIn(QSqlDatabase db, const NotifySettings &settings, qint64 jobId, Tfc refund,
                                       const QString &reason, const QString &refundKey, qint64 now)
{
    auto facts = jobFacts(db, jobId);
    if (!facts.ok())
        return facts.error();
    const Notification n = Notification::refundIssued(jobId, facts->user, facts->job.spec.summary(), refund, reason, utc(now));
    return addIn(db, n, settings, now, refundKey);
}

Result<QList<OutboxEntry>> Outbox::claimDue(const QString &owner, int max, qint64 leaseMs)
{
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const qint64 now = m_clock.nowMs();
    QList<OutboxEntry> list;
    {
        auto q = exec(tx.db(),
                      QStringLiteral("UPDATE outbox SET lease_owner = ?, lease_expires_at = ? WHERE id IN ("
                                     "SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? "
                                     "AND (lease_owner IS NULL OR lease_expires_at <= ?) ORDER BY next_attempt_at, id LIMIT ?) "
                                     "RETURNING %1")
                          .arg(QLatin1String(kColumns)),
                      {owner, now + leaseMs, now, now, max});
        if (!q.ok())
            return q.error();
        while (q.value().next())
            list.append(readEntry(q.value()));
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return list;
}

Result<void> Outbox::markDelivered(qint64 id, const QString &owner)
{
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    const qint64 now = m_clock.nowMs();
    auto q = exec(tx.db(),
                  QStringLiteral("UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, "
                                 "last_error = NULL, lease_owner = NULL, lease_expires_at = NULL "
                                 "WHERE id = ? AND lease_owner = ? AND state = 'pending'"),
                  {now, id, owner});
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() != 1)
        return Error::conflict(QStringLiteral("outbox entry %1 is no longer leased by %2").arg(id).arg(owner));
    return tx.commit();
}

Result<void> Outbox::markFailed(qint64 id, const QString &owner, const QString &error, qint64 nextAttemptAt, bool giveUp)
{
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto q = exec(tx.db(),
                  QStringLiteral("UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                                 "lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND state = 'pending'"),
                  {giveUp ? QStringLiteral("undeliverable") : QStringLiteral("pending"), error, nextAttemptAt, id, owner});
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() != 1)
        return Error::conflict(QStringLiteral("outbox entry %1 is no longer leased by %2").arg(id).arg(owner));
    return tx.commit();
}

Result<QList<OutboxEntry>> Outbox::entries(std::optional<qint64> jobId) const
{
    QString sql = QStringLiteral("SELECT %1 FROM outbox").arg(QLatin1String(kColumns));
    QVariantList args;
    if (jobId) {
        sql += QStringLiteral(" WHERE job_id = ?");
        args << *jobId;
    }
    sql += QStringLiteral(" ORDER BY id");
    auto q = exec(m_store->db(), sql, args);
    if (!q.ok())
        return q.error();
    QList<OutboxEntry> list;
    while (q.value().next())
        list.append(readEntry(q.value()));
    return list;
}

Result<qint64> Outbox::untriedCount() const
{
    auto q = exec(m_store->db(), QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts = 0"));
    if (!q.ok())
        return q.error();
    return q.value().next() ? q.value().value(0).toLongLong() : 0;
}

Result<std::optional<qint64>> Outbox::nextDueAt() const
{
    auto q = exec(m_store->db(), QStringLiteral("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'"));
    if (!q.ok())
        return q.error();
    if (!q.value().next() || q.value().value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value().value(0).toLongLong());
}

} // namespace griddeck
