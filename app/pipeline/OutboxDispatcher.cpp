#include "pipeline/OutboxDispatcher.h"

#include <QJsonDocument>
#include <QTimer>

namespace griddeck {

OutboxDispatcher::OutboxDispatcher(std::shared_ptr<Store> store, PipelineSettings settings, SecretStore *secrets,
                                   QString owner, int pollMs, const Clock &clock)
    : m_store(store)
    , m_settings(std::move(settings))
    , m_secrets(secrets)
    , m_owner(std::move(owner))
    , m_pollMs(std::max(10, pollMs))
    , m_clock(clock)
    , m_outbox(std::move(store), m_settings.notify, clock)
{
}

OutboxDispatcher::~OutboxDispatcher()
{
    // The channels (and the email pool they own) go first, then this thread's connection.
    delete m_notifier;
    m_notifier = nullptr;
    m_store->closeThreadConnection();
}

qint64 OutboxDispatcher::backoffMs(int attempts, int minMs, int maxMs)
{
    qint64 ms = std::max(1, minMs);
    for (int i = 1; i < attempts && ms < maxMs; ++i)
        ms *= 2;
    return std::min<qint64>(ms, std::max(minMs, maxMs));
}

void OutboxDispatcher::begin()
{
    if (!m_notifier) {
        // Created here so the channels (and their network managers) live on this thread.
        m_notifier = new Notifier(m_settings.notify, m_secrets, this);
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &OutboxDispatcher::pump);
    }
    m_running = true;
    m_timer->start(m_pollMs);
    pump();
}

void OutboxDispatcher::wake()
{
    if (m_running)
        pump();
}

void OutboxDispatcher::finish(std::function<void()> drained)
{
    m_running = false;
    if (m_timer)
        m_timer->stop();
    // A delivery under way is never cut mid-send: the receiver may already have it, and the row
    // would be sent again after restart. Each one ends by itself (the channel's timeout bounds
    // it) and is marked delivered or failed, which hands its lease back.
    if (m_inFlight.isEmpty()) {
        drained();
        return;
    }
    m_drained = std::move(drained);
    if (!m_drainGuard) {
        m_drainGuard = new QTimer(this);
        m_drainGuard->setSingleShot(true);
        connect(m_drainGuard, &QTimer::timeout, this, [this] {
            if (!m_drained)
                return;
            qWarning("griddeck outbox: %lld deliveries still under way at shutdown; they stay leased and are "
                     "tried again later",
                qint64(m_inFlight.size()));
            std::exchange(m_drained, nullptr)();
        });
    }
    m_drainGuard->start(std::max(1000, m_settings.notify.timeoutMs * 2 + 1000));
}

int OutboxDispatcher::inFlight() const
{
    return int(m_inFlight.size());
}

void OutboxDispatcher::pump()
{
    if (!m_running || m_inFlight.size() >= kBatch)
        return;
    const qint64 leaseMs = qint64(m_settings.notify.timeoutMs) * 2 + 60000;
    auto claimed = m_outbox.claimDue(m_owner, kBatch - int(m_inFlight.size()), leaseMs);
    if (!claimed.ok()) {
        qWarning("griddeck outbox: %s", qPrintable(claimed.error().message));
        return;
    }
    for (const OutboxEntry &entry : claimed.value()) {
        auto notification = Notification::fromJson(QJsonDocument::fromJson(entry.payload).object());
        if (!notification.ok()) {
            done(entry, Error{ErrorKind::Permanent, QStringLiteral("the stored notification cannot be read: %1")
                                                          .arg(notification.error().message)});
            continue;
        }
        m_inFlight.insert(entry.id);
        // The entry id is the webhook's Idempotency-Key and part of the email's Message-ID.
        m_notifier->deliver(entry.channel, notification.value(), QStringLiteral("outbox-%1").arg(entry.id),
                            [this, entry](Result<void> r) { done(entry, r); }, entry.recipient);
    }
}

void OutboxDispatcher::done(const OutboxEntry &entry, const Result<void> &result)
{
    m_inFlight.remove(entry.id);
    const QString channel = channelName(entry.channel);
    const qint64 jobId = entry.jobId.value_or(0);
    if (result.ok()) {
        if (auto r = m_outbox.markDelivered(entry.id, m_owner); !r.ok())
            qWarning("griddeck outbox: %s", qPrintable(r.error().message));
        Q_EMIT delivered(entry.id, jobId, channel);
    } else {
        const int attempts = entry.attempts + 1;
        const bool permanent = result.error().kind != ErrorKind::Transient;
        const bool giveUp = permanent && attempts >= kPermanentAttempts;
        const qint64 next = m_clock.nowMs()
            + backoffMs(attempts, m_settings.outboxRetryMinMs, std::max(1, m_settings.retryMaxDelaySeconds) * 1000);
        if (auto r = m_outbox.markFailed(entry.id, m_owner, result.error().message, next, giveUp); !r.ok())
            qWarning("griddeck outbox: %s", qPrintable(r.error().message));
        Q_EMIT failed(entry.id, jobId, channel, result.error().message, giveUp);
    }
    if (m_inFlight.isEmpty() && m_drained) {
        m_drainGuard->stop();
        std::exchange(m_drained, nullptr)();
    }
}

} // namespace griddeck
