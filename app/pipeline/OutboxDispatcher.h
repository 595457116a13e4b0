#pragma once
// Delivers the outbox (Outbox.h) on its own thread: claims due rows with a lease, sends each
// through the Notifier (webhook / Slack / email; secrets from the SecretStore), marks it
// delivered, or counts the failure and tries again later with a doubling delay. Transient
// failures keep trying (capped delay); a permanent failure is retried a few times, then the row
// is marked undeliverable with its last error — never deleted.

#include "notify/Notifier.h"
#include "pipeline/Outbox.h"
#include "pipeline/PipelineSettings.h"

#include <QObject>
#include <QSet>
#include <functional>

class QTimer;

namespace griddeck {

class OutboxDispatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPermanentAttempts = 5; // then undeliverable
    static constexpr int kBatch = 16;

    // Create it, move it to its thread, then call begin() there. `secrets` outlives it.
    OutboxDispatcher(std::shared_ptr<Store> store, PipelineSettings settings, SecretStore *secrets, QString owner,
                     int pollMs, const Clock &clock = SystemClock::instance());
    ~OutboxDispatcher() override;

    // Redelivery delay after `attempts` failures.
    static qint64 backoffMs(int attempts, int minMs, int maxMs);

public Q_SLOTS:
    void begin();
    void wake();

public:
    // Stops claiming and lets the deliveries under way end (bounded by the channels' timeout),
    // then runs `drained` on this thread, once. It returns at once: the deliveries end on this
    // thread's own event loop, not a nested one, which would not deliver what was already
    // posted here (a delivery's secret, read on the secret store's thread) before it began.
    void finish(std::function<void()> drained);
    int inFlight() const;

Q_SIGNALS:
    void delivered(qint64 outboxId, qint64 jobId, const QString &channel);
    void failed(qint64 outboxId, qint64 jobId, const QString &channel, const QString &error, bool givenUp);

private:
    void pump();
    void done(const OutboxEntry &entry, const Result<void> &result);

    std::shared_ptr<Store> m_store;
    PipelineSettings m_settings;
    SecretStore *m_secrets;
    QString m_owner;
    int m_pollMs;
    const Clock &m_clock;
    Outbox m_outbox;
    Notifier *m_notifier = nullptr;
    QTimer *m_timer = nullptr;
    QSet<qint64> m_inFlight;
    bool m_running = false;
    QTimer *m_drainGuard = nullptr;
    std::function<void()> m_drained; // set while finish() waits
};

} // namespace griddeck
