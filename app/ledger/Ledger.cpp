// Money movements: users, top-ups, holds, captures, releases and refunds. Each movement runs
// under a savepoint, so a refusal or a failed statement half-way leaves the caller's
// transaction exactly as it was; the standalone variants wrap it in one BEGIN IMMEDIATE.

#include "ledger/Ledger.h"

#include "ledger/LedgerSql.h"
#include "store/Access.h"

#include <QSqlQuery>

namespace griddeck {

using namespace ledger;

namespace {

// Runs one movement under a savepoint: kept when it succeeds, undone when it fails.
template<class Steps>
Result<void> underSavepoint(QSqlDatabase db, Steps &&steps)
{
    Savepoint savepoint(db);
    if (!savepoint.begun())
        return Error::storage(savepoint.error());
    Result<void> done = steps();
    if (!done.ok())
        return done; // the savepoint rolls back as it goes
    return savepoint.release();
}

template<class Steps>
Result<void> inOwnTransaction(const Store &store, Steps &&steps)
{
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    Result<void> done = steps(tx.db());
    if (!done.ok())
        return done;
    return tx.commit();
}

// Input checks that need no database, run before any lock is taken.
std::optional<Error> topUpProblem(Tfc amount, const QString &actor)
{
    if (!amount.isPositive())
        return Error::invalid(QStringLiteral("a top-up needs a positive amount; %1 was given").arg(tfcText(amount)));
    return actorProblem(actor, QStringLiteral("top-up"));
}

std::optional<Error> holdProblem(qint64 jobId, Tfc amount, const QString &actor)
{
    if (!amount.isPositive())
        return Error::invalid(QStringLiteral("a hold needs a positive amount; %1 was given for job %2").arg(tfcText(amount)).arg(jobId));
    return actorProblem(actor, QStringLiteral("hold"));
}

std::optional<Error> captureProblem(qint64 jobId, Tfc commission, Tfc gridSpend, const QString &actor)
{
    if (commission.isNegative() || gridSpend.isNegative())
        return Error::invalid(QStringLiteral("a capture cannot be negative: commission %1 and grid spend %2 were given for job %3")
                                  .arg(tfcText(commission), tfcText(gridSpend))
                                  .arg(jobId));
    if (!checkedSum(commission, gridSpend))
        return Error::invalid(QStringLiteral("commission %1 plus grid spend %2 for job %3 is out of range")
                                  .arg(tfcText(commission), tfcText(gridSpend))
                                  .arg(jobId));
    return actorProblem(actor, QStringLiteral("capture"));
}

std::optional<Error> refundProblem(qint64 jobId, Tfc amount, const QString &reason, const QString &actor, const QString &key)
{
    if (!amount.isPositive())
        return Error::invalid(QStringLiteral("a refund needs a positive amount; %1 was given for job %2").arg(tfcText(amount)).arg(jobId));
    if (isBlank(reason))
        return Error::invalid(QStringLiteral("a refund of job %1 needs a reason; none was given").arg(jobId));
    if (auto problem = actorProblem(actor, QStringLiteral("refund")))
        return problem;
    return keyProblem(key, QStringLiteral("refund"));
}

Result<void> topUpSteps(QSqlDatabase db, qint64 userId, Tfc amount, const QString &key, const QString &actor,
                        const QString &reason, qint64 now)
{
    if (auto problem = topUpProblem(amount, actor))
        return *problem;
    auto name = requireUser(db, userId);
    if (!name.ok())
        return name.error();
    const Movement m{key, kTopUp, userId, std::nullopt, amount, actor, reason};
    auto seen = alreadyRecorded(db, m);
    if (!seen.ok())
        return seen.error();
    if (seen.value())
        return {};
    auto written = record(db, m, {{kFunding, std::nullopt, -amount}, {kUserAvailable, userId, amount}}, now);
    if (!written.ok())
        return written.error();
    return {};
}

} // namespace

Tfc HoldInfo::refundable() const
{
    if (state != HoldState::Captured)
        return Tfc();
    const auto captured = checkedSum(commission, gridSpend);
    if (!captured || *captured < refunded)
        return Tfc();
    return *captured - refunded;
}

Ledger::Ledger(std::shared_ptr<Store> store, const Clock &clock)
    : m_store(std::move(store))
    , m_clock(clock)
{
}

QString Ledger::holdKey(qint64 jobId)
{
    return QStringLiteral("job:%1:hold").arg(jobId);
}

QString Ledger::captureKey(qint64 jobId)
{
    return QStringLiteral("job:%1:capture").arg(jobId);
}

QString Ledger::releaseKey(qint64 jobId)
{
    return QStringLiteral("job:%1:release").arg(jobId);
}

Result<qint64> Ledger::addUser(const QString &name, std::optional<Tfc> initialCredits, const QString &actor)
{
    if (auto problem = nameProblem(name))
        return Error::invalid(*problem);
    if (initialCredits && initialCredits->isNegative())
        return Error::invalid(QStringLiteral("the initial credits of %1 cannot be negative (%2 was given)")
                                  .arg(name, tfcText(*initialCredits)));
    if (auto problem = actorProblem(actor, QStringLiteral("new user")))
        return *problem;
    if (auto allowed
        = access::require(*m_store, access::Action::ManageUsers, QStringLiteral("add the user %1").arg(name));
        !allowed.ok())
        return allowed.error();

    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QSqlDatabase db = tx.db();
    auto existing = queryInt(db, QStringLiteral("SELECT id FROM users WHERE name = ?"), {name});
    if (!existing.ok())
        return existing.error();
    if (existing.value())
        return Error::refused(QStringLiteral("a user named %1 already exists (id %2)").arg(name).arg(*existing.value()));
    auto inserted = exec(db, QStringLiteral("INSERT INTO users(name, created_at) VALUES (?, ?) RETURNING id"),
                         {name, m_clock.nowMs()});
    if (!inserted.ok())
        return inserted.error();
    if (!inserted.value().next())
        return Error::storage(QStringLiteral("the user %1 was not written").arg(name));
    const qint64 userId = inserted.value().value(0).toLongLong();
    inserted.value().finish();
    for (const QString &kind : {kUserAvailable, kUserHeld}) {
        auto account = ensureAccount(db, kind, userId);
        if (!account.ok())
            return account.error();
    }
    if (initialCredits && initialCredits->isPositive()) {
        auto topped = topUpSteps(db, userId, *initialCredits, QStringLiteral("user:%1:initial").arg(userId), actor,
                                 QStringLiteral("initial credits"), m_clock.nowMs());
        if (!topped.ok())
            return topped.error();
    }
    if (auto committed = tx.commit(); !committed.ok())
        return committed.error();
    return userId;
}

Result<void> Ledger::topUpIn(QSqlDatabase db, qint64 userId, Tfc amount, const QString &idempotencyKey,
                             const QString &actor, const QString &reason)
{
    if (auto problem = keyProblem(idempotencyKey, QStringLiteral("top-up")))
        return *problem;
    if (auto problem = topUpProblem(amount, actor))
        return *problem;
    return underSavepoint(db, [&] { return topUpSteps(db, userId, amount, idempotencyKey, actor, reason, m_clock.nowMs()); });
}

Result<void> Ledger::topUp(qint64 userId, Tfc amount, const QString &idempotencyKey, const QString &actor,
                           const QString &reason)
{
    if (auto problem = keyProblem(idempotencyKey, QStringLiteral("top-up")))
        return *problem;
    if (auto problem = topUpProblem(amount, actor))
        return *problem;
    if (auto allowed
        = access::require(*m_store, access::Action::TopUp, QStringLiteral("top up user %1").arg(userId));
        !allowed.ok())
        return allowed.error();
    return inOwnTransaction(*m_store, [&](QSqlDatabase db) { return topUpIn(db, userId, amount, idempotencyKey, actor, reason); });
}

Result<void> Ledger::holdIn(QSqlDatabase db, qint64 userId, qint64 jobId, Tfc amount, const QString &actor)
{
    if (auto problem = holdProblem(jobId, amount, actor))
        return *problem;
    return underSavepoint(db, [&]() -> Result<void> {
        auto name = requireUser(db, userId);
        if (!name.ok())
            return name.error();
        auto owner = queryInt(db, QStringLiteral("SELECT user_id FROM jobs WHERE id = ?"), {jobId});
        if (!owner.ok())
            return owner.error();
        if (!owner.value())
            return Error::notFound(QStringLiteral("job %1 does not exist; insert the job before holding its credits").arg(jobId));
        if (*owner.value() != userId)
            return Error::invalid(QStringLiteral("job %1 belongs to user %2, not to user %3 (%4)")
                                      .arg(jobId)
                                      .arg(*owner.value())
                                      .arg(userId)
                                      .arg(name.value()));

        const Movement m{holdKey(jobId), kHold, userId, jobId, amount, actor, QString()};
        auto seen = alreadyRecorded(db, m);
        if (!seen.ok())
            return seen.error();
        if (seen.value())
            return {};
        auto existing = loadHold(db, jobId, true);
        if (!existing.ok())
            return existing.error();
        if (existing.value())
            return Error::conflict(QStringLiteral("job %1 already has a %2 hold of %3")
                                       .arg(jobId)
                                       .arg(existing.value()->state, tfcText(existing.value()->amount)));

        // Locked: two consoles holding for the same user take turns, so neither overdraws.
        auto available = balanceOf(db, kUserAvailable, userId, true);
        if (!available.ok())
            return available.error();
        if (available.value() < amount)
            return Error::refused(QStringLiteral("%1 has %2 available; %3 is needed")
                                      .arg(name.value(), tfcText(available.value()), tfcText(amount)));

        const qint64 now = m_clock.nowMs();
        auto written = record(db, m, {{kUserAvailable, userId, -amount}, {kUserHeld, userId, amount}}, now);
        if (!written.ok())
            return written.error();
        auto held = exec(db, QStringLiteral("INSERT INTO holds(job_id, user_id, amount, state, created_at) VALUES (?, ?, ?, 'pending', ?)"),
                         {jobId, userId, unitsOf(amount), now});
        if (!held.ok())
            return held.error();
        return {};
    });
}

Result<void> Ledger::captureIn(QSqlDatabase db, qint64 jobId, Tfc commission, Tfc gridSpend, const QString &actor)
{
    if (auto problem = captureProblem(jobId, commission, gridSpend, actor))
        return *problem;
    const Tfc total = *checkedSum(commission, gridSpend);
    return underSavepoint(db, [&]() -> Result<void> {
        auto hold = requireHold(db, jobId);
        if (!hold.ok())
            return hold.error();
        const HoldRow &h = hold.value();

        const Movement m{captureKey(jobId), kCapture, h.userId, jobId, total, actor, QString()};
        auto seen = alreadyRecorded(db, m);
        if (!seen.ok())
            return seen.error();
        if (seen.value()) {
            // Same total, but a different split would be a different charge.
            if (h.commission != commission || h.gridSpend != gridSpend)
                return Error::conflict(QStringLiteral("job %1 was already captured as commission %2 and grid spend %3; "
                                                      "this capture splits it as %4 and %5")
                                           .arg(jobId)
                                           .arg(tfcText(h.commission), tfcText(h.gridSpend), tfcText(commission),
                                                tfcText(gridSpend)));
            return {};
        }
        if (h.state != QLatin1String("pending"))
            return Error::conflict(QStringLiteral("the hold of job %1 is already %2; a hold resolves only once, so it "
                                                  "cannot be captured")
                                       .arg(jobId)
                                       .arg(h.state));
        if (total != h.amount)
            return Error::invalid(QStringLiteral("commission %1 plus grid spend %2 is %3, but %4 is held for job %5; "
                                                 "a capture must take exactly the held amount")
                                      .arg(tfcText(commission), tfcText(gridSpend), tfcText(total), tfcText(h.amount))
                                      .arg(jobId));

        const qint64 now = m_clock.nowMs();
        auto written = record(db, m,
                              {{kUserHeld, h.userId, -h.amount}, {kCommission, std::nullopt, commission},
                               {kGridSpend, std::nullopt, gridSpend}},
                              now);
        if (!written.ok())
            return written.error();
        auto updated = exec(db, QStringLiteral("UPDATE holds SET state = 'captured', commission = ?, grid_spend = ?, "
                                               "resolved_at = ? WHERE job_id = ? AND state = 'pending'"),
                            {unitsOf(commission), unitsOf(gridSpend), now, jobId});
        if (!updated.ok())
            return updated.error();
        if (updated.value().numRowsAffected() != 1)
            return Error::conflict(QStringLiteral("the hold of job %1 changed while it was being captured").arg(jobId));
        return {};
    });
}

Result<void> Ledger::releaseIn(QSqlDatabase db, qint64 jobId, const QString &reason, const QString &actor)
{
    if (auto problem = actorProblem(actor, QStringLiteral("release")))
        return *problem;
    return underSavepoint(db, [&]() -> Result<void> {
        auto hold = requireHold(db, jobId);
        if (!hold.ok())
            return hold.error();
        const HoldRow &h = hold.value();

        const Movement m{releaseKey(jobId), kRelease, h.userId, jobId, h.amount, actor, reason};
        auto seen = alreadyRecorded(db, m);
        if (!seen.ok())
            return seen.error();
        if (seen.value())
            return {};
        if (h.state != QLatin1String("pending"))
            return Error::conflict(QStringLiteral("the hold of job %1 is already %2; a hold resolves only once, so it "
                                                  "cannot be released")
                                       .arg(jobId)
                                       .arg(h.state));

        const qint64 now = m_clock.nowMs();
        auto written = record(db, m, {{kUserHeld, h.userId, -h.amount}, {kUserAvailable, h.userId, h.amount}}, now);
        if (!written.ok())
            return written.error();
        auto updated = exec(db, QStringLiteral("UPDATE holds SET state = 'released', resolved_at = ? WHERE job_id = ? AND state = 'pending'"),
                            {now, jobId});
        if (!updated.ok())
            return updated.error();
        if (updated.value().numRowsAffected() != 1)
            return Error::conflict(QStringLiteral("the hold of job %1 changed while it was being released").arg(jobId));
        return {};
    });
}

Result<void> Ledger::refundIn(QSqlDatabase db, qint64 jobId, Tfc amount, const QString &reason, const QString &actor,
                              const QString &idempotencyKey)
{
    if (auto problem = refundProblem(jobId, amount, reason, actor, idempotencyKey))
        return *problem;
    return underSavepoint(db, [&]() -> Result<void> {
        auto hold = requireHold(db, jobId);
        if (!hold.ok())
            return hold.error();
        const HoldRow &h = hold.value();

        const Movement m{idempotencyKey, kRefund, h.userId, jobId, amount, actor, reason};
        auto seen = alreadyRecorded(db, m);
        if (!seen.ok())
            return seen.error();
        if (seen.value())
            return {};
        if (h.state != QLatin1String("captured"))
            return Error::refused(QStringLiteral("job %1 was never charged (its hold is %2); only a captured job can be refunded")
                                      .arg(jobId)
                                      .arg(h.state));
        const HoldInfo info = h.info();
        if (amount > info.refundable())
            return Error::refused(QStringLiteral("refund of %1 exceeds the refundable %2 for job %3")
                                      .arg(tfcText(amount), tfcText(info.refundable()))
                                      .arg(jobId));

        auto written = record(db, m, {{kRefunds, std::nullopt, -amount}, {kUserAvailable, h.userId, amount}}, m_clock.nowMs());
        if (!written.ok())
            return written.error();
        auto updated = exec(db, QStringLiteral("UPDATE holds SET refunded = refunded + ? WHERE job_id = ? AND state = 'captured'"),
                            {unitsOf(amount), jobId});
        if (!updated.ok())
            return updated.error();
        if (updated.value().numRowsAffected() != 1)
            return Error::conflict(QStringLiteral("the hold of job %1 changed while it was being refunded").arg(jobId));
        return {};
    });
}

Result<void> Ledger::capture(qint64 jobId, Tfc commission, Tfc gridSpend, const QString &actor)
{
    if (auto problem = captureProblem(jobId, commission, gridSpend, actor))
        return *problem;
    return inOwnTransaction(*m_store, [&](QSqlDatabase db) { return captureIn(db, jobId, commission, gridSpend, actor); });
}

Result<void> Ledger::release(qint64 jobId, const QString &reason, const QString &actor)
{
    if (auto problem = actorProblem(actor, QStringLiteral("release")))
        return *problem;
    return inOwnTransaction(*m_store, [&](QSqlDatabase db) { return releaseIn(db, jobId, reason, actor); });
}

Result<void> Ledger::refund(qint64 jobId, Tfc amount, const QString &reason, const QString &actor,
                            const QString &idempotencyKey)
{
    if (auto problem = refundProblem(jobId, amount, reason, actor, idempotencyKey))
        return *problem;
    if (auto allowed
        = access::require(*m_store, access::Action::Refund, QStringLiteral("refund job %1").arg(jobId));
        !allowed.ok())
        return allowed.error();
    return inOwnTransaction(*m_store,
                            [&](QSqlDatabase db) { return refundIn(db, jobId, amount, reason, actor, idempotencyKey); });
}

} // namespace griddeck
