// The posting engine shared by every movement: lazily created accounts, idempotency keys,
// and writing a balanced transaction with its postings and cached balances; plus the input
// checks the movements share.

#include "ledger/LedgerSql.h"
#include "store/Access.h"
#include "store/Dialect.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace griddeck::ledger {

namespace {

constexpr int kMaxNameLength = 64;
constexpr int kMaxKeyLength = 200;

bool isUserAccount(const QString &kind)
{
    return kind == kUserAvailable || kind == kUserHeld;
}

QString describeAccount(const QString &kind, std::optional<qint64> userId)
{
    if (userId)
        return QStringLiteral("%1 account of user %2").arg(kind).arg(*userId);
    return QStringLiteral("%1 account").arg(kind);
}

QString describeMovement(const QString &kind, std::optional<qint64> userId, std::optional<qint64> jobId, Tfc amount)
{
    QString text = QStringLiteral("a %1 of %2").arg(kind, tfcText(amount));
    if (userId)
        text += QStringLiteral(" for user %1").arg(*userId);
    if (jobId)
        text += QStringLiteral(" on job %1").arg(*jobId);
    return text;
}

// Keys the ledger derives itself; a caller choosing one could block a job's own movement.
bool isReservedKey(const QString &key)
{
    static const QRegularExpression reserved(QStringLiteral(R"(^(job:\d+:(hold|capture|release)|user:\d+:initial)$)"));
    return reserved.match(key).hasMatch();
}

} // namespace

bool isBlank(const QString &text)
{
    return text.trimmed().isEmpty();
}

std::optional<Tfc> checkedSum(Tfc a, Tfc b)
{
    qint64 sum = 0;
    if (__builtin_add_overflow(a.units(), b.units(), &sum))
        return std::nullopt;
    return Tfc::fromUnits(sum);
}

std::optional<Error> keyProblem(const QString &key, const QString &what)
{
    if (isBlank(key))
        return Error::invalid(QStringLiteral("a %1 needs an idempotency key; none was given").arg(what));
    if (key.size() > kMaxKeyLength)
        return Error::invalid(QStringLiteral("the idempotency key of a %1 is %2 characters long; at most %3 are allowed")
                                  .arg(what)
                                  .arg(key.size())
                                  .arg(kMaxKeyLength));
    if (isReservedKey(key))
        return Error::invalid(QStringLiteral("the idempotency key \"%1\" has a form the ledger reserves for its own "
                                             "movements; choose another key for this %2")
                                  .arg(key, what));
    return std::nullopt;
}

std::optional<Error> actorProblem(const QString &actor, const QString &what)
{
    if (isBlank(actor))
        return Error::invalid(QStringLiteral("a %1 needs an actor (who did it); none was given").arg(what));
    return std::nullopt;
}

std::optional<QString> nameProblem(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("a user name must not be empty");
    if (name.size() > kMaxNameLength)
        return QStringLiteral("the user name \"%1…\" is %2 characters long; at most %3 are allowed")
            .arg(name.left(20))
            .arg(name.size())
            .arg(kMaxNameLength);
    bool allDigits = true;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool letter = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
        const bool digit = u >= u'0' && u <= u'9';
        allDigits = allDigits && digit;
        if (!letter && !digit && u != u'.' && u != u'_' && u != u'-' && u != u'@')
            return QStringLiteral("the user name \"%1\" contains \"%2\"; only letters A–Z and a–z, digits, '.', '_', '-' "
                                  "and '@' are allowed")
                .arg(name, QString(c));
    }
    if (allDigits)
        return QStringLiteral("the user name \"%1\" is all digits, which would read as a user id").arg(name);
    return std::nullopt;
}

Result<qint64> ensureAccount(QSqlDatabase db, const QString &kind, std::optional<qint64> userId)
{
    auto inserted = execWrite(db, QStringLiteral("INSERT INTO accounts(kind, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING"),
                              {kind, optionalId(userId)});
    if (!inserted.ok())
        return inserted.error();
    auto id = queryInt(db, QStringLiteral("SELECT id FROM accounts WHERE kind = ? AND COALESCE(user_id, 0) = ?"),
                       {kind, userId.value_or(0)});
    if (!id.ok())
        return id.error();
    if (!id.value())
        return Error::storage(QStringLiteral("the %1 could not be created").arg(describeAccount(kind, userId)));
    return *id.value();
}

// The cached balance; zero for an account not created yet.
Result<Tfc> balanceOf(QSqlDatabase db, const QString &kind, std::optional<qint64> userId, bool lock)
{
    auto balance = queryInt(db,
        QStringLiteral("SELECT balance FROM accounts WHERE kind = ? AND COALESCE(user_id, 0) = ?%1")
            .arg(lock ? dialect::forUpdate(db) : QString()),
        { kind, userId.value_or(0) });
    if (!balance.ok())
        return balance.error();
    return Tfc::fromUnits(balance.value().value_or(0));
}

// true: the key is already recorded with this very effect, so there is nothing to do;
// false: a new key. A key recorded with another effect is a Conflict.
Result<bool> alreadyRecorded(QSqlDatabase db, const Movement &m)
{
    auto found = queryRow(db, QStringLiteral("SELECT kind, user_id, job_id, amount FROM ledger_transactions WHERE idempotency_key = ?"),
                          {m.key});
    if (!found.ok())
        return found.error();
    if (!found.value())
        return false;
    const QVariantList &row = *found.value();
    const QString kind = row.value(0).toString();
    const auto user = idOrNull(row.value(1));
    const auto job = idOrNull(row.value(2));
    const Tfc amount = Tfc::fromUnits(row.value(3).toLongLong());
    if (kind == m.kind && user == m.userId && job == m.jobId && amount == m.amount)
        return true;
    return Error::conflict(QStringLiteral("the idempotency key \"%1\" was already used for %2; this request is %3")
                               .arg(m.key, describeMovement(kind, user, job, amount),
                                    describeMovement(m.kind, m.userId, m.jobId, m.amount)));
}

// Writes the transaction, its postings and the cached balances they change.
Result<qint64> record(QSqlDatabase db, const Movement &m, const QList<Posting> &postings, qint64 now)
{
    Tfc sum;
    for (const Posting &p : postings) {
        auto next = checkedSum(sum, p.amount);
        if (!next)
            return Error{ErrorKind::Internal, QStringLiteral("the postings of %1 overflow").arg(m.key)};
        sum = *next;
    }
    if (!sum.isZero())
        return Error{ErrorKind::Internal,
                     QStringLiteral("the postings of %1 sum to %2, not zero").arg(m.key, tfcText(sum))};

    struct Target
    {
        qint64 accountId;
        Tfc amount;
    };
    QList<Target> targets;
    for (const Posting &p : postings) {
        if (p.amount.isZero())
            continue;
        auto id = ensureAccount(db, p.accountKind, p.userId);
        if (!id.ok())
            return id.error();
        auto balance = balanceOf(db, p.accountKind, p.userId);
        if (!balance.ok())
            return balance.error();
        const auto next = checkedSum(balance.value(), p.amount);
        if (!next)
            return Error::refused(QStringLiteral("the %1 cannot take %2: its balance of %3 would overflow")
                                      .arg(describeAccount(p.accountKind, p.userId), tfcText(p.amount),
                                           tfcText(balance.value())));
        // The callers check balances with better messages first; this is the last guard.
        if (isUserAccount(p.accountKind) && next->isNegative())
            return Error::refused(QStringLiteral("the %1 holds %2; it cannot give %3")
                                      .arg(describeAccount(p.accountKind, p.userId), tfcText(balance.value()),
                                           tfcText(-p.amount)));
        targets.append({id.value(), p.amount});
    }

    // A null QString binds as NULL; the reason column wants '' when there is none.
    QString reason = m.reason.trimmed();
    if (reason.isNull())
        reason = QStringLiteral("");
    auto inserted = queryRow(db,
        QStringLiteral("INSERT INTO ledger_transactions(idempotency_key, kind, user_id, job_id, amount, "
                       "actor, reason, created_at, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        { m.key, m.kind, m.userId, optionalId(m.jobId), unitsOf(m.amount), m.actor.trimmed(), reason, now,
            access::rolesNameOf(db) });
    if (!inserted.ok())
        return inserted.error();
    if (!inserted.value())
        return Error::storage(QStringLiteral("the ledger transaction %1 was not written").arg(m.key));
    const qint64 transactionId = inserted.value()->value(0).toLongLong();

    for (const Target &t : targets) {
        auto posting = execWrite(db, QStringLiteral("INSERT INTO ledger_postings(transaction_id, account_id, amount) VALUES (?, ?, ?)"),
                                 {transactionId, t.accountId, unitsOf(t.amount)});
        if (!posting.ok())
            return posting.error();
        auto updated = execWrite(db, QStringLiteral("UPDATE accounts SET balance = balance + ? WHERE id = ?"),
                                 {unitsOf(t.amount), t.accountId});
        if (!updated.ok())
            return updated.error();
        if (updated.value() != 1)
            return Error::storage(QStringLiteral("account %1 vanished while posting %2").arg(t.accountId).arg(m.key));
    }
    return transactionId;
}

Result<QString> requireUser(QSqlDatabase db, qint64 userId)
{
    auto found = exec(db, QStringLiteral("SELECT name FROM users WHERE id = ?"), {userId});
    if (!found.ok())
        return found.error();
    if (!found.value().next())
        return Error::notFound(QStringLiteral("there is no user with id %1").arg(userId));
    return found.value().value(0).toString();
}

Result<HoldRow> requireHold(QSqlDatabase db, qint64 jobId)
{
    auto row = loadHold(db, jobId, true);
    if (!row.ok())
        return row.error();
    if (!row.value())
        return Error::notFound(QStringLiteral("job %1 has no hold of credits").arg(jobId));
    return *row.value();
}

} // namespace griddeck::ledger
