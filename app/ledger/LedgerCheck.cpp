// Ledger::check(): recomputes every balance from the postings and checks DESIGN.md's money
// invariants 1–5, reporting each violation as a sentence naming the account, job or
// transaction. It trusts nothing cached: the holds table and the cached balances are compared
// against the append-only postings, which are the record.

#include "ledger/Ledger.h"
#include "ledger/LedgerSql.h"

#include <QSqlQuery>

#include <map>
#include <utility>

namespace griddeck {

using namespace ledger;

namespace {

using AccountKey = std::pair<QString, qint64>; // account kind, user id (0 for system accounts)
using Sums = std::map<AccountKey, qint64>;

struct JobTransaction
{
    qint64 id = 0;
    QString kind;
    qint64 userId = 0;
    qint64 amount = 0;
    QString key;
};

struct JobRecord
{
    QList<JobTransaction> transactions;
    Sums resolution; // postings of its hold, capture and release transactions
    Sums refunds;    // postings of its refund transactions
    bool hasHold = false;
};

QString units(qint64 value)
{
    return tfcText(Tfc::fromUnits(value));
}

QString accountText(const AccountKey &key)
{
    if (key.second == 0)
        return QStringLiteral("the %1 account").arg(key.first);
    return QStringLiteral("the %1 account of user %2").arg(key.first).arg(key.second);
}

void dropZeros(Sums &sums)
{
    for (auto it = sums.begin(); it != sums.end();)
        it = it->second == 0 ? sums.erase(it) : std::next(it);
}

// Reports every account whose postings differ from what the hold row implies.
void compareSums(Sums actual, Sums expected, const QString &what, QStringList &violations)
{
    dropZeros(actual);
    dropZeros(expected);
    Sums all = actual;
    all.insert(expected.begin(), expected.end());
    for (const auto &[key, ignored] : all) {
        const qint64 got = actual.count(key) ? actual.at(key) : 0;
        const qint64 want = expected.count(key) ? expected.at(key) : 0;
        if (got != want)
            violations.append(QStringLiteral("%1 move %2 on %3, but the hold row implies %4")
                                  .arg(what, units(got), accountText(key), units(want)));
    }
}

QString expectedStateForStage(const QString &stage)
{
    // A restart check re-runs waiting_ready and verifying for a service already paid for.
    if (stage == QLatin1String("active") || stage == QLatin1String("stopped")
        || stage.endsWith(QLatin1String(" (restart check)")))
        return QStringLiteral("captured");
    if (stage == QLatin1String("failed") || stage == QLatin1String("cancelled"))
        return QStringLiteral("released");
    return QStringLiteral("pending");
}

Result<void> checkAccounts(QSqlDatabase db, LedgerCheckReport &report)
{
    static const QStringList kinds = {kFunding, kUserAvailable, kUserHeld, kCommission, kGridSpend, kRefunds};
    auto rows = exec(db, QStringLiteral("SELECT a.id, a.kind, a.user_id, u.name, a.balance, COALESCE(SUM(p.amount), 0), a.currency "
                                        "FROM accounts a LEFT JOIN users u ON u.id = a.user_id "
                                        "LEFT JOIN ledger_postings p ON p.account_id = a.id "
                                        "GROUP BY a.id, a.kind, a.user_id, u.name, a.balance, a.currency ORDER BY a.id"));
    if (!rows.ok())
        return rows.error();
    QSqlQuery &q = rows.value();
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        const QString kind = q.value(1).toString();
        const auto userId = idOrNull(q.value(2));
        const QString name = q.value(3).toString();
        const Tfc cached = Tfc::fromUnits(q.value(4).toLongLong());
        const Tfc computed = Tfc::fromUnits(q.value(5).toLongLong());
        const QString account = userId ? QStringLiteral("account %1 (%2 of %3)").arg(id).arg(kind, name.isEmpty() ? QStringLiteral("user %1").arg(*userId) : name)
                                       : QStringLiteral("account %1 (%2)").arg(id).arg(kind);
        const bool userKind = kind == kUserAvailable || kind == kUserHeld;
        if (!kinds.contains(kind))
            report.violations.append(QStringLiteral("%1 has an unknown kind").arg(account));
        else if (userKind != userId.has_value())
            report.violations.append(userKind ? QStringLiteral("%1 belongs to no user").arg(account)
                                              : QStringLiteral("%1 is a system account but names user %2").arg(account).arg(*userId));
        if (q.value(6).toString() != QLatin1String("TFC"))
            report.violations.append(QStringLiteral("%1 is in %2, not TFC").arg(account, q.value(6).toString()));
        if (cached != computed)
            report.violations.append(QStringLiteral("%1 has a cached balance of %2, but its postings sum to %3")
                                         .arg(account, tfcText(cached), tfcText(computed)));
        if (userKind && computed.isNegative())
            report.violations.append(QStringLiteral("%1 is below zero: its postings sum to %2").arg(account, tfcText(computed)));

        if (kind == kUserAvailable)
            report.totalAvailable += computed;
        else if (kind == kUserHeld)
            report.totalHeld += computed;
        else if (kind == kCommission)
            report.totalCommission += computed;
        else if (kind == kGridSpend)
            report.totalGridSpend += computed;
        else if (kind == kRefunds)
            report.totalRefunded -= computed;
        else if (kind == kFunding)
            report.totalFunded -= computed;
    }
    return {};
}

Result<void> checkTransactions(QSqlDatabase db, LedgerCheckReport &report)
{
    auto counted = queryInt(db, QStringLiteral("SELECT COUNT(*) FROM ledger_transactions"));
    if (!counted.ok())
        return counted.error();
    report.transactions = counted.value().value_or(0);
    counted = queryInt(db, QStringLiteral("SELECT COUNT(*) FROM ledger_postings"));
    if (!counted.ok())
        return counted.error();
    report.postings = counted.value().value_or(0);

    // Invariant 1: every transaction balances, and its amount is what its postings move.
    auto rows = exec(db, QStringLiteral(
        "SELECT t.id, t.idempotency_key, t.kind, t.amount, COALESCE(SUM(p.amount), 0), COUNT(p.id), "
        "       COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0) "
        "FROM ledger_transactions t LEFT JOIN ledger_postings p ON p.transaction_id = t.id "
        "GROUP BY t.id, t.idempotency_key, t.kind, t.amount "
        "HAVING COALESCE(SUM(p.amount), 0) <> 0 OR COUNT(p.id) = 0 "
        "    OR t.amount <> COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0) "
        "ORDER BY t.id"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next()) {
        const QSqlQuery &q = rows.value();
        const QString tx = QStringLiteral("transaction %1 (%2 \"%3\")").arg(q.value(0).toLongLong()).arg(q.value(2).toString(), q.value(1).toString());
        if (q.value(5).toLongLong() == 0)
            report.violations.append(QStringLiteral("%1 has no postings").arg(tx));
        else if (q.value(4).toLongLong() != 0)
            report.violations.append(QStringLiteral("%1 does not balance: its postings sum to %2, not zero").arg(tx, units(q.value(4).toLongLong())));
        else
            report.violations.append(QStringLiteral("%1 records an amount of %2, but its postings move %3")
                                         .arg(tx, units(q.value(3).toLongLong()), units(q.value(6).toLongLong())));
    }

    // The audit fields every movement carries (invariant 5 for refunds: actor and reason).
    rows = exec(db, QStringLiteral(
        "SELECT id, idempotency_key, kind, user_id, job_id, amount, TRIM(actor), TRIM(reason) FROM ledger_transactions "
        "WHERE kind NOT IN ('top_up', 'hold', 'capture', 'release', 'refund') OR user_id IS NULL OR amount <= 0 "
        "   OR TRIM(actor) = '' OR (kind <> 'top_up' AND job_id IS NULL) OR (kind = 'refund' AND TRIM(reason) = '') "
        "ORDER BY id"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next()) {
        const QSqlQuery &q = rows.value();
        const QString kind = q.value(2).toString();
        const QString tx = QStringLiteral("transaction %1 (%2 \"%3\")").arg(q.value(0).toLongLong()).arg(kind, q.value(1).toString());
        if (!QStringList{kTopUp, kHold, kCapture, kRelease, kRefund}.contains(kind))
            report.violations.append(QStringLiteral("%1 has an unknown kind").arg(tx));
        if (q.value(3).isNull())
            report.violations.append(QStringLiteral("%1 names no user").arg(tx));
        if (q.value(5).toLongLong() <= 0)
            report.violations.append(QStringLiteral("%1 has a non-positive amount of %2").arg(tx, units(q.value(5).toLongLong())));
        if (q.value(6).toString().isEmpty())
            report.violations.append(QStringLiteral("%1 has no actor").arg(tx));
        if (kind != kTopUp && q.value(4).isNull())
            report.violations.append(QStringLiteral("%1 names no job").arg(tx));
        if (kind == kRefund && q.value(7).toString().isEmpty())
            report.violations.append(QStringLiteral("%1 is a refund without a reason").arg(tx));
    }

    // Invariant 4: one transaction per key (the UNIQUE constraint makes this hold by construction).
    rows = exec(db, QStringLiteral("SELECT idempotency_key, COUNT(*) FROM ledger_transactions "
                                   "GROUP BY idempotency_key HAVING COUNT(*) > 1 ORDER BY idempotency_key"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next())
        report.violations.append(QStringLiteral("the idempotency key \"%1\" is used by %2 transactions")
                                     .arg(rows.value().value(0).toString())
                                     .arg(rows.value().value(1).toLongLong()));
    return {};
}

Result<void> loadJobRecords(QSqlDatabase db, std::map<qint64, JobRecord> &jobs)
{
    auto rows = exec(db, QStringLiteral("SELECT id, kind, job_id, user_id, amount, idempotency_key FROM ledger_transactions "
                                        "WHERE kind IN ('hold', 'capture', 'release', 'refund') AND job_id IS NOT NULL ORDER BY id"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next()) {
        const QSqlQuery &q = rows.value();
        jobs[q.value(2).toLongLong()].transactions.append(
            {q.value(0).toLongLong(), q.value(1).toString(), q.value(3).toLongLong(), q.value(4).toLongLong(), q.value(5).toString()});
    }
    rows = exec(db, QStringLiteral("SELECT t.job_id, t.kind, a.kind, COALESCE(a.user_id, 0), SUM(p.amount) "
                                   "FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id "
                                   "JOIN accounts a ON a.id = p.account_id "
                                   "WHERE t.kind IN ('hold', 'capture', 'release', 'refund') AND t.job_id IS NOT NULL "
                                   "GROUP BY t.job_id, t.kind, a.kind, COALESCE(a.user_id, 0)"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next()) {
        const QSqlQuery &q = rows.value();
        JobRecord &job = jobs[q.value(0).toLongLong()];
        Sums &sums = q.value(1).toString() == kRefund ? job.refunds : job.resolution;
        sums[{q.value(2).toString(), q.value(3).toLongLong()}] += q.value(4).toLongLong();
    }
    return {};
}

// Invariants 3 and 5 for one hold, against its transactions and postings.
void checkHold(const QSqlQuery &q, JobRecord &job, QStringList &violations)
{
    const qint64 jobId = q.value(0).toLongLong();
    const qint64 userId = q.value(1).toLongLong();
    const qint64 amount = q.value(2).toLongLong();
    const QString state = q.value(3).toString();
    const qint64 commission = q.value(4).toLongLong();
    const qint64 gridSpend = q.value(5).toLongLong();
    const qint64 refunded = q.value(6).toLongLong();
    const bool resolved = !q.value(7).isNull();
    const QString stage = q.value(8).toString();
    const auto jobUser = idOrNull(q.value(9));
    const QString hold = QStringLiteral("the hold of job %1").arg(jobId);
    job.hasHold = true;

    std::map<QString, int> counts;
    for (const JobTransaction &t : job.transactions) {
        ++counts[t.kind];
        const QString tx = QStringLiteral("transaction %1 (%2 \"%3\")").arg(t.id).arg(t.kind, t.key);
        if (t.userId != userId)
            violations.append(QStringLiteral("%1 names user %2, but %3 belongs to user %4").arg(tx).arg(t.userId).arg(hold).arg(userId));
        if (t.kind == kRefund)
            continue;
        if (t.amount != amount)
            violations.append(QStringLiteral("%1 moves %2, but %3 is %4").arg(tx, units(t.amount), hold, units(amount)));
        if (t.key != QStringLiteral("job:%1:%2").arg(jobId).arg(t.kind))
            violations.append(QStringLiteral("%1 of job %2 does not carry the key \"job:%2:%3\"").arg(tx).arg(jobId).arg(t.kind));
    }

    // Invariant 3: a hold resolves at most once, and its state matches its transactions.
    if (counts[kHold] != 1)
        violations.append(QStringLiteral("%1 has %2 hold transactions; exactly one is expected").arg(hold).arg(counts[kHold]));
    if (counts[kCapture] > 0 && counts[kRelease] > 0)
        violations.append(QStringLiteral("%1 was resolved twice: it has both a capture and a release").arg(hold));
    const int wantCaptures = state == QLatin1String("captured") ? 1 : 0;
    const int wantReleases = state == QLatin1String("released") ? 1 : 0;
    if (counts[kCapture] != wantCaptures || counts[kRelease] != wantReleases)
        violations.append(QStringLiteral("%1 is %2, but it has %3 capture and %4 release transactions")
                              .arg(hold, state)
                              .arg(counts[kCapture])
                              .arg(counts[kRelease]));
    if (resolved != (state != QLatin1String("pending")))
        violations.append(resolved ? QStringLiteral("%1 is pending but has a resolution time").arg(hold)
                                   : QStringLiteral("%1 is %2 but has no resolution time").arg(hold, state));
    if (jobUser && *jobUser != userId)
        violations.append(QStringLiteral("%1 belongs to user %2, but the job belongs to user %3").arg(hold).arg(userId).arg(*jobUser));

    Sums expected;
    if (state == QLatin1String("pending")) {
        expected[{kUserAvailable, userId}] = -amount;
        expected[{kUserHeld, userId}] = amount;
    } else if (state == QLatin1String("captured")) {
        expected[{kUserAvailable, userId}] = -amount;
        expected[{kCommission, 0}] = commission;
        expected[{kGridSpend, 0}] = gridSpend;
        if (commission < 0 || gridSpend < 0 || commission + gridSpend != amount)
            violations.append(QStringLiteral("%1 captured commission %2 and grid spend %3, which do not add up to the %4 held")
                                  .arg(hold, units(commission), units(gridSpend), units(amount)));
    } else if (state != QLatin1String("released")) {
        violations.append(QStringLiteral("%1 has the unknown state \"%2\"").arg(hold, state));
    }
    compareSums(job.resolution, expected, QStringLiteral("the hold, capture and release postings of job %1").arg(jobId), violations);

    // Invariant 5: refunds never exceed what was captured, and match their postings.
    if (state != QLatin1String("captured") && refunded != 0)
        violations.append(QStringLiteral("%1 is %2, yet records %3 refunded").arg(hold, state, units(refunded)));
    if (state == QLatin1String("captured") && refunded > commission + gridSpend)
        violations.append(QStringLiteral("job %1 was refunded %2, more than the %3 captured").arg(jobId).arg(units(refunded), units(commission + gridSpend)));
    Sums refundsExpected;
    refundsExpected[{kRefunds, 0}] = -refunded;
    refundsExpected[{kUserAvailable, userId}] = refunded;
    compareSums(job.refunds, refundsExpected, QStringLiteral("the refund postings of job %1").arg(jobId), violations);

    // Invariant 3, job side: the stage says which state the hold must be in.
    if (q.value(8).isNull()) {
        violations.append(QStringLiteral("%1 refers to a job that does not exist").arg(hold));
    } else if (expectedStateForStage(stage) != state) {
        violations.append(QStringLiteral("job %1 is %2, but its hold is %3 (it should be %4)")
                              .arg(jobId)
                              .arg(stage, state, expectedStateForStage(stage)));
    }
}

Result<void> checkHolds(QSqlDatabase db, LedgerCheckReport &report)
{
    std::map<qint64, JobRecord> jobs;
    if (auto loaded = loadJobRecords(db, jobs); !loaded.ok())
        return loaded.error();

    auto rows = exec(db,
        QStringLiteral(
            "SELECT h.job_id, h.user_id, h.amount, h.state, h.commission, h.grid_spend, h.refunded, "
            "h.resolved_at, CASE WHEN EXISTS (SELECT 1 FROM restarts r WHERE r.job_id = j.id "
            "AND r.state = 'checking') THEN j.stage || ' (restart check)' ELSE j.stage END, "
            "j.user_id FROM holds h LEFT JOIN jobs j ON j.id = h.job_id "
            "ORDER BY h.job_id"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next())
        checkHold(rows.value(), jobs[rows.value().value(0).toLongLong()], report.violations);

    for (const auto &[jobId, job] : jobs) {
        if (job.hasHold)
            continue;
        for (const JobTransaction &t : job.transactions)
            report.violations.append(QStringLiteral("transaction %1 (%2 \"%3\") belongs to job %4, which has no hold")
                                         .arg(t.id)
                                         .arg(t.kind, t.key)
                                         .arg(jobId));
    }

    // Invariant 3: every job took a hold at enqueue.
    rows = exec(db, QStringLiteral("SELECT j.id, j.stage FROM jobs j LEFT JOIN holds h ON h.job_id = j.id "
                                   "WHERE h.job_id IS NULL ORDER BY j.id"));
    if (!rows.ok())
        return rows.error();
    while (rows.value().next())
        report.violations.append(QStringLiteral("job %1 (%2) has no hold of credits")
                                     .arg(rows.value().value(0).toLongLong())
                                     .arg(rows.value().value(1).toString()));
    return {};
}

Result<void> runChecks(QSqlDatabase db, LedgerCheckReport &report)
{
    try {
        if (auto done = checkAccounts(db, report); !done.ok())
            return done;
        if (auto done = checkTransactions(db, report); !done.ok())
            return done;
        return checkHolds(db, report);
    } catch (const MoneyOverflow &) {
        return Error::storage(QStringLiteral("the ledger totals overflow the 64-bit amount range"));
    }
}

} // namespace

LedgerCheckReport Ledger::check() const
{
    LedgerCheckReport report;
    QSqlDatabase db = m_store->db();
    // One read transaction gives every query the same snapshot; inside the caller's own
    // transaction BEGIN fails and that transaction already provides one.
    const bool ownTransaction = beginRead(db);
    const Result<void> done = runChecks(db, report);
    if (ownTransaction)
        endRead(db);
    if (!done.ok())
        report.violations.append(QStringLiteral("the ledger could not be checked: %1").arg(done.error().message));
    return report;
}

} // namespace griddeck
