#pragma once
// A fresh store, a manual clock, the ledger and a queue over them; plus a snapshot of every
// table and balance the queue writes, so a test can assert that a refused call wrote nothing.

#include "TestSupport.h"
#include "domain/Clock.h"
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"

#include <QSqlQuery>
#include <QStringList>
#include <QtTest>

namespace griddeck::test {

inline ServiceSpec smallVm()
{
    return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 2, 4, 50);
}

inline QString errorText(const Error &error)
{
    return errorKindName(error.kind) + QStringLiteral(": ") + error.message;
}

struct QueueFixture
{
    explicit QueueFixture(QueueSettings settings = {})
        : ledger(temp.store(), clock)
        , queue(temp.store(), ledger, settings, clock)
    {
    }

    qint64 addUser(const QString &name, qint64 wholeCredits)
    {
        auto id = ledger.addUser(name, Tfc::fromWhole(wholeCredits), QStringLiteral("test"));
        if (!id.ok())
            qFatal("cannot add user %s: %s", qPrintable(name), qPrintable(id.error().message));
        return id.value();
    }

    Result<qint64> enqueue(qint64 userId, Priority priority = Priority::Normal, qint64 wholeAmount = 10,
                           ServiceSpec spec = smallVm())
    {
        EnqueueRequest request;
        request.userId = userId;
        request.spec = std::move(spec);
        request.amount = Tfc::fromWhole(wholeAmount);
        request.priority = priority;
        request.actor = QStringLiteral("alice@ops");
        return queue.enqueue(request);
    }

    // Seeding hundreds of jobs from the test thread needs no flush per commit; the worker
    // threads' commits keep theirs.
    void relaxMainThreadDurability()
    {
        if (temp.store()->backend() == Backend::Sqlite) {
            if (!m_relaxed)
                m_relaxed.emplace();
            return;
        }
        QSqlQuery q(temp.store()->db());
        if (!q.exec(QStringLiteral("SET synchronous_commit = off")))
            qFatal("cannot relax synchronous");
    }
    std::optional<RelaxedDurability> m_relaxed; // on the test thread, for the fixture's life

    qint64 count(const QString &table) const
    {
        QSqlQuery q(temp.store()->db());
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !q.next())
            qFatal("cannot count %s", qPrintable(table));
        return q.value(0).toLongLong();
    }

    // Every row count and balance the queue can touch, as one comparable line.
    QString snapshot() const
    {
        QStringList parts;
        for (const char *table : {"jobs", "holds", "events", "ledger_transactions", "ledger_postings", "app_state"})
            parts << QStringLiteral("%1=%2").arg(QLatin1String(table)).arg(count(QString::fromLatin1(table)));
        QSqlQuery q(temp.store()->db());
        if (!q.exec(QStringLiteral("SELECT kind, COALESCE(user_id, 0), balance FROM accounts ORDER BY id")))
            qFatal("cannot read accounts");
        while (q.next())
            parts << QStringLiteral("%1/%2=%3").arg(q.value(0).toString()).arg(q.value(1).toLongLong()).arg(q.value(2).toLongLong());
        return parts.join(u' ');
    }

    UserBalance balance(qint64 userId) const
    {
        auto user = ledger.user(userId);
        if (!user.ok())
            qFatal("cannot read user %lld", userId);
        return user.value();
    }

    test::TempStore temp;
    ManualClock clock;
    Ledger ledger;
    JobQueue queue;
};

} // namespace griddeck::test
