#pragma once
// The notification outbox (migration 2). A stage change that people must hear about writes its
// outbox rows in the SAME transaction (addIn), one per enabled and configured channel, so a
// notification is never lost nor sent for a change that did not happen. The OutboxDispatcher
// delivers them later, with retries; nothing is ever deleted.
//
// dedupe_key "job-42:deployment.active:webhook" makes a re-run step's second insert a no-op.

#include "domain/Clock.h"
#include "domain/Money.h"
#include "domain/Result.h"
#include "notify/Delivery.h"
#include "notify/Notification.h"
#include "store/Store.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace griddeck {

struct OutboxEntry
{
    qint64 id = 0;
    std::optional<qint64> jobId;
    QString event;   // "deployment.active", "deployment.failed", "refund.issued"
    Channel channel = Channel::Webhook;
    QByteArray payload; // Notification::toJsonBytes()
    QString state;   // pending, delivered, undeliverable
    int attempts = 0;
    qint64 nextAttemptAt = 0;
    QString lastError;
    QString dedupeKey;
    qint64 createdAt = 0;
    std::optional<qint64> deliveredAt;
    QString recipient; // the buyer's address or webhook URL; empty: the operator channel

    // pending, sent, failed (pending after a failed try) or undeliverable: what people see.
    QString viewState() const;
};

// What the outbox view and `griddeckctl notifications` list.
struct OutboxQuery
{
    std::optional<QString> viewState; // pending, sent, failed, undeliverable
    int limit = 500;
};

class Outbox
{
public:
    Outbox(std::shared_ptr<Store> store, NotifySettings settings, const Clock &clock = SystemClock::instance());

    // Channels that are enabled AND have what they need: webhook with a URL, Slack (its URL is
    // a secret), email with smtp_host and email_to.
    static QList<Channel> configuredChannels(const NotifySettings &settings);

    // One pending row per configured channel, due now, inside the caller's transaction.
    // `dedupeSuffix` tells apart several notifications of one kind for one job (refunds).
    static Result<void> addIn(QSqlDatabase db, const Notification &notification, const NotifySettings &settings,
                              qint64 now, const QString &dedupeSuffix = QString());

    // The notification a job's terminal stage sends, read from the job, its user and its
    // deployment (inside the caller's transaction, before it commits).
    static Result<Notification> activeNotificationIn(QSqlDatabase db, qint64 jobId, qint64 now);
    static Result<Notification> failedNotificationIn(QSqlDatabase db, qint64 jobId, const QString &error, qint64 now);

    // For the support refund path (GUI, CLI): after Ledger::refund succeeded, queue
    // "refund.issued" for the job's user. `refundKey` is the refund's idempotency key, so the
    // same refund never notifies twice. Its own transaction.
    Result<void> addRefundIssued(qint64 jobId, Tfc refund, const QString &reason, const QString &refundKey);
    // The same inside the refund's own transaction (RefundService does this).
    static Result<void> addRefundIssuedIn(QSqlDatabase db, const NotifySettings &settings, qint64 jobId, Tfc refund,
                                          const QString &reason, const QString &refundKey, qint64 now);

    // The dispatcher's side. Claims pending rows that are due, leased to `owner` for leaseMs.
    Result<QList<OutboxEntry>> claimDue(const QString &owner, int max, qint64 leaseMs);
    Result<void> markDelivered(qint64 id, const QString &owner);
    // attempts + 1, last_error, next try at `nextAttemptAt`; undeliverable (kept) when `giveUp`.
    Result<void> markFailed(qint64 id, const QString &owner, const QString &error, qint64 nextAttemptAt, bool giveUp);

    Result<QList<OutboxEntry>> entries(std::optional<qint64> jobId = std::nullopt) const;
    // Newest first.
    Result<QList<OutboxEntry>> find(const OutboxQuery &query) const;
    // Counts per view state (pending, sent, failed, undeliverable).
    Result<QHash<QString, qint64>> stateCounts() const;
    // A failed or undeliverable entry goes back to pending, due now (attempts and the last
    // error are kept for the record); an event on the job's timeline says who asked.
    // Refused for one already sent or still waiting for its first try.
    Result<void> resend(qint64 id, const QString &actor);
    // Every failed and undeliverable entry; returns how many.
    Result<int> resendAllFailed(const QString &actor);
    // Pending rows never tried yet (run --until-idle waits for their first try).
    Result<qint64> untriedCount() const;
    Result<std::optional<qint64>> nextDueAt() const;

    const NotifySettings &settings() const { return m_settings; }

private:
    std::shared_ptr<Store> m_store;
    NotifySettings m_settings;
    const Clock &m_clock;
};

} // namespace griddeck
