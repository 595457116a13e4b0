#include "pipeline/Outbox.h"

#include "ledger/Ledger.h"
#include "pipeline/PipelineStore.h"
#include "queue/Job.h"
#include "queue/JobQueue.h"
#include "store/Access.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <functional>

namespace griddeck {

namespace {

const char kColumns[] = "id, job_id, event, channel, payload, state, attempts, next_attempt_at, last_error, dedupe_key, "
                        "created_at, delivered_at, recipient";

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
    e.recipient = q.value(12).toString();
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

using InsertRow = std::function<Result<void>(Channel, const QString &, const QString &)>;

// The buyer hears about their own deployment on their own channels (users.email,
// users.webhook_url), when GridDeck sends email (or webhooks) at all.
Result<void> addBuyerRowsIn(QSqlDatabase db, const Notification &notification, const NotifySettings &settings,
                            const InsertRow &insert)
{
    if (notification.jobId <= 0)
        return {};
    auto q = exec(db, QStringLiteral("SELECT u.email, u.webhook_url FROM jobs j JOIN users u ON u.id = j.user_id WHERE j.id = ?"),
                  {notification.jobId});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return {};
    const QString email = q.value().value(0).toString();
    const QString webhook = q.value().value(1).toString();
    q.value().finish();
    if (!email.isEmpty() && settings.emailEnabled && !settings.smtpHost.trimmed().isEmpty()) {
        if (auto r = insert(Channel::Email, email, QStringLiteral(":email:buyer")); !r.ok())
            return r;
    }
    if (!webhook.isEmpty() && settings.webhookEnabled) {
        if (auto r = insert(Channel::Webhook, webhook, QStringLiteral(":webhook:buyer")); !r.ok())
            return r;
    }
    return {};
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
    QString keyBase = QStringLiteral("job-%1:%2").arg(notification.jobId).arg(event);
    if (!dedupeSuffix.isEmpty())
        keyBase += u':' + dedupeSuffix;
    auto insert = [&](Channel channel, const QString &recipient, const QString &keySuffix) -> Result<void> {
        auto q = exec(db,
                      QStringLiteral("INSERT INTO outbox(job_id, event, channel, payload, state, attempts, next_attempt_at, "
                                     "created_at, dedupe_key, recipient) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, COALESCE(?, '')) "
                                     "ON CONFLICT(dedupe_key) DO NOTHING"),
                      {notification.jobId, event, channelName(channel), payload, now, now, keyBase + keySuffix, recipient});
        if (!q.ok())
            return q.error();
        return {};
    };
    for (Channel channel : configuredChannels(settings)) {
        if (auto r = insert(channel, QString(), u':' + channelName(channel)); !r.ok())
            return r;
    }
    return addBuyerRowsIn(db, notification, settings, insert);
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

QString OutboxEntry::viewState() const
{
    if (state == QLatin1String("delivered"))
        return QStringLiteral("sent");
    if (state == QLatin1String("pending") && attempts > 0)
        return QStringLiteral("failed");
    return state;
}

namespace {

// The SQL condition for a view state.
QString viewStateSql(const QString &viewState)
{
    if (viewState == QLatin1String("sent"))
        return QStringLiteral("state = 'delivered'");
    if (viewState == QLatin1String("failed"))
        return QStringLiteral("state = 'pending' AND attempts > 0");
    if (viewState == QLatin1String("pending"))
        return QStringLiteral("state = 'pending' AND attempts = 0");
    return QStringLiteral("state = 'undeliverable'");
}

} // namespace

Result<QList<OutboxEntry>> Outbox::find(const OutboxQuery &query) const
{
    QString sql = QStringLiteral("SELECT %1 FROM outbox").arg(QLatin1String(kColumns));
    if (query.viewState) {
        static const QStringList states = {QStringLiteral("pending"), QStringLiteral("sent"), QStringLiteral("failed"),
                                           QStringLiteral("undeliverable")};
        if (!states.contains(*query.viewState))
            return Error::invalid(QStringLiteral("notification state \"%1\" is not one of %2")
                                      .arg(*query.viewState, states.join(QStringLiteral(", "))));
        sql += QStringLiteral(" WHERE ") + viewStateSql(*query.viewState);
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?");
    auto q = exec(m_store->db(), sql, {std::clamp(query.limit, 1, 100000)});
    if (!q.ok())
        return q.error();
    QList<OutboxEntry> list;
    while (q.value().next())
        list.append(readEntry(q.value()));
    return list;
}

Result<QHash<QString, qint64>> Outbox::stateCounts() const
{
    auto q = exec(m_store->db(), QStringLiteral("SELECT CASE WHEN state = 'delivered' THEN 'sent' "
                                                "WHEN state = 'pending' AND attempts > 0 THEN 'failed' ELSE state END, "
                                                "COUNT(*) FROM outbox GROUP BY 1"));
    if (!q.ok())
        return q.error();
    QHash<QString, qint64> counts;
    for (const char *state : {"pending", "sent", "failed", "undeliverable"})
        counts.insert(QLatin1String(state), 0);
    while (q.value().next())
        counts.insert(q.value().value(0).toString(), q.value().value(1).toLongLong());
    return counts;
}

Result<void> Outbox::resend(qint64 id, const QString &actor)
{
    if (auto allowed = access::require(
            *m_store, access::Action::ResendNotification, QStringLiteral("resend notification %1").arg(id));
        !allowed.ok())
        return allowed.error();
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto current = exec(tx.db(), QStringLiteral("SELECT %1 FROM outbox WHERE id = ?").arg(QLatin1String(kColumns)), {id});
    if (!current.ok())
        return current.error();
    if (!current.value().next())
        return Error::notFound(QStringLiteral("no notification %1").arg(id));
    const OutboxEntry entry = readEntry(current.value());
    current.value().finish();
    const QString view = entry.viewState();
    if (view != QLatin1String("failed") && view != QLatin1String("undeliverable"))
        return Error::refused(QStringLiteral("notification %1 is %2; only a failed or undeliverable one is sent again").arg(id).arg(view));
    const qint64 now = m_clock.nowMs();
    auto q = exec(tx.db(),
                  QStringLiteral("UPDATE outbox SET state = 'pending', next_attempt_at = ?, lease_owner = NULL, "
                                 "lease_expires_at = NULL WHERE id = ?"),
                  {now, id});
    if (!q.ok())
        return q.error();
    if (entry.jobId) {
        auto job = exec(tx.db(), QStringLiteral("SELECT stage, attempt FROM jobs WHERE id = ?"), {*entry.jobId});
        if (!job.ok())
            return job.error();
        if (job.value().next()) {
            const Stage stage = stageFromName(job.value().value(0).toString()).value_or(Stage::Queued);
            const int attempt = job.value().value(1).toInt();
            job.value().finish();
            auto added = JobQueue::addEventIn(tx.db(), *entry.jobId, now, stage, attempt, QStringLiteral("note"),
                                              QStringLiteral("notification %1 (%2 by %3) sent again by %4")
                                                  .arg(id)
                                                  .arg(entry.event, channelName(entry.channel), actor),
                                              actor);
            if (!added.ok())
                return added.error();
        }
    }
    return tx.commit();
}

Result<int> Outbox::resendAllFailed(const QString &actor)
{
    if (auto allowed = access::require(
            *m_store, access::Action::ResendNotification, QStringLiteral("resend the failed notifications"));
        !allowed.ok())
        return allowed.error();
    auto failed = exec(m_store->db(), QStringLiteral("SELECT id FROM outbox WHERE state = 'undeliverable' OR "
                                                     "(state = 'pending' AND attempts > 0) ORDER BY id"));
    if (!failed.ok())
        return failed.error();
    QList<qint64> ids;
    while (failed.value().next())
        ids << failed.value().value(0).toLongLong();
    int sent = 0;
    for (qint64 id : ids) {
        auto r = resend(id, actor);
        if (r.ok())
            ++sent;
        else if (r.error().kind != ErrorKind::Refused) // delivered meanwhile: nothing to do
            return r.error();
    }
    return sent;
}

} // namespace griddeck
