#pragma once
// The double-entry TFC credit ledger (DESIGN.md, "Money"). Append-only: every movement is a
// ledger transaction whose postings sum to zero, with a unique idempotency key, written in the
// same database transaction as the cached account balances it changes.
//
// Accounts (table accounts.kind):
//   funding          system: where top-ups come from (goes negative)
//   user_available   per user: credits the user can spend (never negative)
//   user_held        per user: credits held for live jobs (never negative)
//   commission       system: commission captured on active jobs
//   grid_spend       system: grid payments captured on active jobs
//   refunds          system: support refunds paid back to users (goes negative)
//
// Movements and their idempotency keys:
//   top-up   funding → user_available            caller's key (e.g. "topup:<uuid>")
//   hold     user_available → user_held          "job:<id>:hold"
//   capture  user_held → commission + grid_spend "job:<id>:capture"
//   release  user_held → user_available          "job:<id>:release"  (full refund)
//   refund   refunds → user_available            caller's key; amount ≤ captured − refunded
//
// A repeated key with the same effect is a no-op that succeeds (that is what makes a re-run
// step safe); a repeated key with a different amount or job is a Conflict error.

#include "domain/Clock.h"
#include "domain/Money.h"
#include "domain/Result.h"
#include "store/Store.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace griddeck {

struct UserBalance
{
    qint64 userId = 0;
    QString name;
    Tfc available;
    Tfc held;
    qint64 createdAt = 0;
};

struct LedgerEntry
{
    qint64 transactionId = 0;
    QString kind;           // top_up, hold, capture, release, refund
    qint64 userId = 0;
    std::optional<qint64> jobId;
    Tfc amount;             // magnitude of the movement
    Tfc availableDelta;     // effect on the user's available balance (signed)
    QString actor;
    QString reason;
    QString idempotencyKey;
    qint64 createdAt = 0;
};

enum class HoldState { Pending, Captured, Released };

QString holdStateName(HoldState state);                         // "pending", "captured", "released"
std::optional<HoldState> holdStateFromName(const QString &name);

struct HoldInfo
{
    qint64 jobId = 0;
    qint64 userId = 0;
    Tfc amount;
    HoldState state = HoldState::Pending;
    Tfc commission;
    Tfc gridSpend;
    Tfc refunded;
    Tfc refundable() const; // captured (commission + grid spend) − refunded; zero unless captured
};

struct LedgerCheckReport
{
    QStringList violations; // one sentence each; empty when every invariant holds
    qint64 transactions = 0;
    qint64 postings = 0;
    Tfc totalAvailable;     // sum over users
    Tfc totalHeld;
    Tfc totalCommission;
    Tfc totalGridSpend;
    Tfc totalRefunded;
    Tfc totalFunded;        // credits ever topped up
    bool ok() const { return violations.isEmpty(); }
};

class Ledger
{
public:
    explicit Ledger(std::shared_ptr<Store> store, const Clock &clock = SystemClock::instance());

    // Users. Names are 1..64 characters of letters, digits, '.', '_', '-', '@'.
    Result<qint64> addUser(const QString &name, std::optional<Tfc> initialCredits = std::nullopt,
                           const QString &actor = QStringLiteral("system"));
    // By name, or by numeric id given as text.
    Result<UserBalance> user(const QString &nameOrId) const;
    Result<UserBalance> user(qint64 userId) const;
    Result<QList<UserBalance>> users() const;

    Result<void> topUp(qint64 userId, Tfc amount, const QString &idempotencyKey, const QString &actor,
                       const QString &reason);

    // Variants that run inside a write transaction the caller already holds (the queue holds
    // credits in the same transaction as the job insert; the pipeline captures in the same
    // transaction as the stage change). They never begin or commit.
    Result<void> holdIn(QSqlDatabase db, qint64 userId, qint64 jobId, Tfc amount, const QString &actor);
    Result<void> captureIn(QSqlDatabase db, qint64 jobId, Tfc commission, Tfc gridSpend, const QString &actor);
    Result<void> releaseIn(QSqlDatabase db, qint64 jobId, const QString &reason, const QString &actor);

    // Inside the caller's transaction too (batch imports, tests). Caller keys of the reserved
    // forms "job:<id>:hold|capture|release" and "user:<id>:initial" are refused.
    Result<void> topUpIn(QSqlDatabase db, qint64 userId, Tfc amount, const QString &idempotencyKey,
                         const QString &actor, const QString &reason);
    Result<void> refundIn(QSqlDatabase db, qint64 jobId, Tfc amount, const QString &reason, const QString &actor,
                          const QString &idempotencyKey);

    // Standalone variants: each is one BEGIN IMMEDIATE transaction.
    Result<void> capture(qint64 jobId, Tfc commission, Tfc gridSpend, const QString &actor);
    Result<void> release(qint64 jobId, const QString &reason, const QString &actor);
    // Support refund of a captured job: reason and actor required, amount > 0 and ≤ refundable.
    Result<void> refund(qint64 jobId, Tfc amount, const QString &reason, const QString &actor,
                        const QString &idempotencyKey);

    Result<HoldInfo> hold(qint64 jobId) const;
    Result<QList<LedgerEntry>> entriesForUser(qint64 userId, int limit = 1000) const;
    Result<QList<LedgerEntry>> entriesForJob(qint64 jobId) const;
    Result<QList<LedgerEntry>> recentEntries(int limit = 1000) const;

    // Recomputes everything from the postings and checks DESIGN.md's invariants 1–5 (and the
    // hold/job-stage agreement of invariant 3).
    LedgerCheckReport check() const;

    // The idempotency keys the ledger derives for a job's hold, capture and release.
    static QString holdKey(qint64 jobId);
    static QString captureKey(qint64 jobId);
    static QString releaseKey(qint64 jobId);

private:
    std::shared_ptr<Store> m_store;
    const Clock &m_clock;
};

} // namespace griddeck
