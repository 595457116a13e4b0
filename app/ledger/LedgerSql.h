#pragma once
// Internal to the ledger module: account kinds, transaction kinds and the small SQL helpers the
// movement, read and check code share. Not part of the public API.

#include "domain/Money.h"
#include "domain/Result.h"
#include "ledger/Ledger.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

namespace griddeck::ledger {

// accounts.kind
inline const QString kFunding = QStringLiteral("funding");
inline const QString kUserAvailable = QStringLiteral("user_available");
inline const QString kUserHeld = QStringLiteral("user_held");
inline const QString kCommission = QStringLiteral("commission");
inline const QString kGridSpend = QStringLiteral("grid_spend");
inline const QString kRefunds = QStringLiteral("refunds");

// ledger_transactions.kind
inline const QString kTopUp = QStringLiteral("top_up");
inline const QString kHold = QStringLiteral("hold");
inline const QString kCapture = QStringLiteral("capture");
inline const QString kRelease = QStringLiteral("release");
inline const QString kRefund = QStringLiteral("refund");

// "12.5000000 TFC"
inline QString tfcText(Tfc amount)
{
    return amount.toString() + QStringLiteral(" TFC");
}

// int64_t is long, not the qlonglong QVariant takes.
inline QVariant unitsOf(Tfc amount)
{
    return QVariant(static_cast<qlonglong>(amount.units()));
}

inline QVariant optionalId(std::optional<qint64> id)
{
    return id ? QVariant(*id) : QVariant();
}

// SQLite hands back NULL as an invalid or null QVariant; either way "no value".
inline std::optional<qint64> idOrNull(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return std::nullopt;
    return value.toLongLong();
}

// The first column of the first row, or nullopt when the query returns no row.
Result<std::optional<qint64>> queryInt(QSqlDatabase db, const QString &sql, const QVariantList &args = {});

// One row of the holds table, state as stored.
struct HoldRow
{
    qint64 jobId = 0;
    qint64 userId = 0;
    Tfc amount;
    QString state;
    Tfc commission;
    Tfc gridSpend;
    Tfc refunded;
    qint64 createdAt = 0;
    std::optional<qint64> resolvedAt;
    HoldInfo info() const;
};

// lock: on PostgreSQL the row stays locked to the end of the transaction (a second console
// refunding the same job waits, then reads what the first one wrote).
Result<std::optional<HoldRow>> loadHold(QSqlDatabase db, qint64 jobId, bool lock = false);

// One money movement: the ledger_transactions row it becomes.
struct Movement
{
    QString key;
    QString kind;
    qint64 userId = 0;
    std::optional<qint64> jobId;
    Tfc amount; // magnitude
    QString actor;
    QString reason;
};

struct Posting
{
    QString accountKind;
    std::optional<qint64> userId; // nullopt for the system accounts
    Tfc amount;                   // signed
};

bool isBlank(const QString &text);
std::optional<Tfc> checkedSum(Tfc a, Tfc b);

// Input checks: nullopt when fine, else an InvalidInput error naming the problem.
std::optional<Error> keyProblem(const QString &key, const QString &what); // blank, too long, reserved
std::optional<Error> actorProblem(const QString &actor, const QString &what);
std::optional<QString> nameProblem(const QString &name);

// INSERT … ON CONFLICT DO NOTHING, then SELECT: one account per (kind, user).
Result<qint64> ensureAccount(QSqlDatabase db, const QString &kind, std::optional<qint64> userId);
// The cached balance; zero for an account not created yet. lock: as for loadHold.
Result<Tfc> balanceOf(QSqlDatabase db, const QString &kind, std::optional<qint64> userId, bool lock = false);
// true: the key is recorded with this very effect (nothing to do); false: a new key; a key
// recorded with another effect is a Conflict naming it.
Result<bool> alreadyRecorded(QSqlDatabase db, const Movement &m);
// Writes the transaction, its postings (which must sum to zero) and the cached balances.
Result<qint64> record(QSqlDatabase db, const Movement &m, const QList<Posting> &postings, qint64 now);
Result<QString> requireUser(QSqlDatabase db, qint64 userId); // the user's name, or NotFound
Result<HoldRow> requireHold(QSqlDatabase db, qint64 jobId); // locked (loadHold), or NotFound

// A rollback point inside the caller's transaction, so a movement that fails half-way leaves
// nothing behind without ending the caller's transaction. Rolled back unless released.
class Savepoint
{
public:
    explicit Savepoint(QSqlDatabase db);
    ~Savepoint();
    Savepoint(const Savepoint &) = delete;
    Savepoint &operator=(const Savepoint &) = delete;

    bool begun() const { return m_begun; }
    const QString &error() const { return m_error; }
    Result<void> release();
    void rollback();

private:
    QSqlDatabase m_db;
    bool m_begun = false;
    bool m_done = false;
    QString m_error;
};

} // namespace griddeck::ledger
