#pragma once
// Support refunds and top-ups, exactly once. Without an explicit key the idempotency key is
// derived from what was asked (the job or user, the amount, the reason, the actor), so an
// identical repeat — a double click, a script re-run after a timeout — is recognised as
// "already done" and changes nothing; a second real refund needs another reason or its own key.
// A refund, its refund.issued notification (outbox) and its "refund" event on the job's
// timeline are written in ONE transaction: none exists without the others.

#include "domain/Clock.h"
#include "domain/Money.h"
#include "domain/Result.h"
#include "ledger/Ledger.h"
#include "notify/Delivery.h"
#include "store/Store.h"

#include <memory>
#include <optional>

namespace griddeck {

struct MoneyOutcome
{
    QString key; // the idempotency key used
    bool alreadyDone = false; // this key was recorded before: nothing changed now
};

class RefundService
{
public:
    RefundService(
        std::shared_ptr<Store> store, NotifySettings notify, const Clock &clock = SystemClock::instance());

    // "refund:job-<id>:<16 hex of sha256(amount, reason, actor)>".
    static QString refundKey(qint64 jobId, Tfc amount, const QString &reason, const QString &actor);
    // "topup:user-<id>:<16 hex of sha256(amount, reason, actor)>".
    static QString topUpKey(qint64 userId, Tfc amount, const QString &reason, const QString &actor);

    // `key` empty: derived. A key already recorded for another job, kind or amount is a Conflict.
    Result<MoneyOutcome> refund(qint64 jobId, Tfc amount, const QString &reason, const QString &actor,
        const QString &key = QString());
    Result<MoneyOutcome> topUp(qint64 userId, Tfc amount, const QString &reason, const QString &actor,
        const QString &key = QString());

private:
    std::shared_ptr<Store> m_store;
    NotifySettings m_notify;
    const Clock &m_clock;
    Ledger m_ledger;
};

} // namespace griddeck
