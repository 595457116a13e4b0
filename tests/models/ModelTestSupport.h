#pragma once
// Helpers for the model tests: hand-built rows for the pure model tests, and a store with a
// ledger and a queue (on a manual clock) for the tests that go through the StoreWatcher.

#include "TestSupport.h"
#include "domain/Clock.h"
#include "ledger/Ledger.h"
#include "models/Rows.h"
#include "queue/JobQueue.h"

#include <QAbstractItemModel>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

#include <functional>
#include <memory>

namespace griddeck::test {

inline ServiceSpec vmSpec(int cpu = 2)
{
    return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, cpu, 4, 50);
}

// A job row as the watcher would deliver it; the fingerprint follows every field a test changes.
inline JobRow jobRow(qint64 id, Stage stage, qint64 tfcWhole = 10, qint64 userId = 1,
                     const QString &userName = QStringLiteral("alice"))
{
    JobRow row;
    row.job.id = id;
    row.job.userId = userId;
    row.job.spec = vmSpec();
    row.job.serviceType = row.job.spec.serviceTypeName();
    row.job.stage = stage;
    row.job.tfcAmount = Tfc::fromWhole(tfcWhole);
    row.job.commissionAmount = Percent::fromWhole(10).of(row.job.tfcAmount);
    row.job.gridPaymentAmount = row.job.tfcAmount - row.job.commissionAmount;
    row.job.maxRetries = 3;
    row.job.createdAt = row.job.updatedAt = row.job.runAt = 1'767'225'600'000 + id * 1000;
    row.userName = userName;
    return row;
}

// Recomputes summary, search text and fingerprint after a test edited the row.
inline JobRow &refresh(JobRow &row)
{
    row.finish();
    row.fingerprint = qHashMulti(0, static_cast<int>(row.job.stage), row.job.attempt, row.job.updatedAt,
                                 row.job.lastError, row.job.runAt, static_cast<int>(row.job.priority),
                                 row.deployment.id, row.deployment.ip, row.deployment.country, row.deployment.nodeId,
                                 qint64(row.job.tfcAmount.units()));
    return row;
}

inline JobRow made(qint64 id, Stage stage, qint64 tfcWhole = 10, qint64 userId = 1,
                   const QString &userName = QStringLiteral("alice"))
{
    JobRow row = jobRow(id, stage, tfcWhole, userId, userName);
    return refresh(row);
}

// Every structural signal of a model, to assert exactly what an update emitted.
struct ModelSpies
{
    explicit ModelSpies(QAbstractItemModel *model)
        : dataChanged(model, &QAbstractItemModel::dataChanged)
        , rowsInserted(model, &QAbstractItemModel::rowsInserted)
        , rowsRemoved(model, &QAbstractItemModel::rowsRemoved)
        , modelReset(model, &QAbstractItemModel::modelReset)
        , layoutChanged(model, &QAbstractItemModel::layoutChanged)
    {
    }
    void clear()
    {
        dataChanged.clear();
        rowsInserted.clear();
        rowsRemoved.clear();
        modelReset.clear();
        layoutChanged.clear();
    }
    // dataChanged ranges as "first-last" row strings, in emission order.
    QStringList changedRows() const
    {
        QStringList out;
        for (const auto &args : dataChanged)
            out << QStringLiteral("%1-%2").arg(args[0].toModelIndex().row()).arg(args[1].toModelIndex().row());
        return out;
    }
    static QStringList ranges(const QSignalSpy &spy)
    {
        QStringList out;
        for (const auto &args : spy)
            out << QStringLiteral("%1-%2").arg(args[1].toInt()).arg(args[2].toInt());
        return out;
    }
    QSignalSpy dataChanged;
    QSignalSpy rowsInserted;
    QSignalSpy rowsRemoved;
    QSignalSpy modelReset;
    QSignalSpy layoutChanged;
};

// A store with a ledger and a queue sharing a manual clock.
struct StoreFixture
{
    StoreFixture()
        : ledger(temp.store(), clock)
        , queue(temp.store(), ledger, settings(), clock)
    {
        // Seeding from the test thread needs no fsync per commit.
        if (temp.store()->backend() == Backend::Sqlite)
            QSqlQuery(temp.store()->db()).exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    }

    static QueueSettings settings()
    {
        QueueSettings s;
        s.maxQueueSize = 100000;
        return s;
    }

    qint64 addUser(const QString &name, qint64 wholeCredits = 100000)
    {
        auto id = ledger.addUser(name, Tfc::fromWhole(wholeCredits), QStringLiteral("test"));
        if (!id.ok())
            qFatal("cannot add user %s: %s", qPrintable(name), qPrintable(id.error().message));
        return id.value();
    }

    qint64 enqueue(qint64 userId, qint64 wholeAmount = 10, Priority priority = Priority::Normal)
    {
        EnqueueRequest request;
        request.userId = userId;
        request.spec = vmSpec();
        request.amount = Tfc::fromWhole(wholeAmount);
        request.priority = priority;
        request.actor = QStringLiteral("test");
        auto id = queue.enqueue(request);
        if (!id.ok())
            qFatal("cannot enqueue: %s", qPrintable(id.error().message));
        return id.value();
    }

    // Claims the job as `owner` and moves it from → to (as a pipeline worker would).
    Result<void> advance(qint64 jobId, Stage from, Stage to, const QString &message = QStringLiteral("step"))
    {
        const QString owner = QStringLiteral("worker");
        auto claimed = queue.claim(owner, 100000);
        if (!claimed.ok())
            return claimed.error();
        return queue.advance(jobId, owner, from, to, message, 0);
    }

    void sql(const QString &statement, const QVariantList &args = {})
    {
        auto done = exec(temp.store()->db(), statement, args);
        if (!done.ok())
            qFatal("%s", qPrintable(done.error().message));
    }

    // Many jobs at once in one transaction, straight into the jobs table (no holds or events:
    // the models read only jobs, users and deployments). Returns the first new id.
    qint64 insertJobs(qint64 userId, int count, Stage stage = Stage::Active)
    {
        const QString spec = QString::fromUtf8(QJsonDocument(vmSpec().toJson()).toJson(QJsonDocument::Compact));
        WriteTransaction tx(*temp.store());
        qint64 first = 0;
        for (int i = 0; i < count; ++i) {
            const qint64 now = clock.nowMs();
            auto q = exec(tx.db(),
                          QStringLiteral("INSERT INTO jobs(user_id, service_type, spec_json, priority, stage, tfc_amount, "
                                         "commission_amount, grid_payment_amount, max_retries, run_at, created_at, "
                                         "updated_at) VALUES (?, 'vm', ?, 1, ?, ?, ?, ?, 3, ?, ?, ?) RETURNING id"),
                          {userId, spec, stageName(stage), qint64(100'000'000), qint64(10'000'000), qint64(90'000'000),
                           now, now, now});
            if (!q.ok() || !q.value().next())
                qFatal("cannot insert a job");
            if (i == 0)
                first = q.value().value(0).toLongLong();
        }
        if (!tx.commit().ok())
            qFatal("cannot commit the jobs");
        return first;
    }

    // Runs `body` on a thread of its own (its own connection) and waits for it. The thread's
    // connection is closed before the thread ends: QThread::wait() can return before a thread's
    // thread_local clean-up has run, and that clean-up must not race the store's destruction.
    void onAnotherThread(const std::function<void()> &body)
    {
        const std::shared_ptr<Store> store = temp.store();
        std::unique_ptr<QThread> thread(QThread::create([body, store] {
            body();
            const QString name = store->db().connectionName();
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isValid())
                    db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }));
        thread->start();
        if (!thread->wait(30'000))
            qFatal("the writer thread did not finish");
    }

    TempStore temp;
    ManualClock clock;
    Ledger ledger;
    JobQueue queue;
};

} // namespace griddeck::test
