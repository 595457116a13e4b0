// Several threads, each with its own connection (the queue calls Store::db() in the calling
// thread), hitting one queue at once. No sleeps: threads run to completion and are joined.

#include "QueueFixture.h"

#include <QRandomGenerator>
#include <QSet>
#include <QThread>
#include <QtTest>

#include <barrier>
#include <memory>
#include <vector>

using namespace griddeck;
using griddeck::test::QueueFixture;

namespace {

struct WorkerLog
{
    QList<QList<Job>> batches;
    QStringList errors;
    int refusedFull = 0;
    int refusedCredits = 0;
    int enqueued = 0;
};

// Starts `count` threads running body(index, log, rounds) and waits for all of them. The body
// calls rounds.arrive_and_wait() after each step and rounds.arrive_and_drop() when it stops, so
// every round has all remaining threads hitting the store at the same moment (left alone,
// SQLite's busy backoff lets one thread win the lock again and again and the others barely run).
using Rounds = std::barrier<>;

template<class Body>
std::vector<WorkerLog> runThreads(int count, Body body)
{
    std::vector<WorkerLog> logs(count);
    Rounds rounds(count);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < count; ++i)
        threads.emplace_back(QThread::create([&body, &logs, &rounds, i] { body(i, logs[i], rounds); }));
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads) {
        if (!thread->wait(60'000))
            qFatal("a worker thread did not finish");
    }
    return logs;
}

Stage nextStage(Stage stage)
{
    switch (stage) {
    case Stage::Queued:
        return Stage::Converting;
    case Stage::Converting:
        return Stage::Deploying;
    case Stage::Deploying:
        return Stage::WaitingReady;
    case Stage::WaitingReady:
        return Stage::Verifying;
    default:
        return Stage::Active;
    }
}

} // namespace

class TestQueueConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void concurrentClaimsNeverShareAJobAndTakeThemAll()
    {
        QueueFixture f;
        f.relaxMainThreadDurability();
        QRandomGenerator random(20260101);
        QList<qint64> users;
        for (int u = 0; u < 5; ++u)
            users << f.addUser(QStringLiteral("user%1").arg(u), 100'000);
        QSet<qint64> all;
        for (int i = 0; i < 500; ++i) {
            const auto priority = static_cast<Priority>(random.bounded(4));
            auto id = f.enqueue(users.at(i % users.size()), priority, 1 + random.bounded(20));
            QVERIFY(id.ok());
            all.insert(id.value());
        }

        const auto logs = runThreads(6, [&](int index, WorkerLog &log, Rounds &rounds) {
            const QString owner = QStringLiteral("worker-%1").arg(index);
            const int batch = 4 + 2 * index;
            for (;;) {
                auto claimed = f.queue.claim(owner, batch);
                if (!claimed.ok())
                    log.errors << claimed.error().message;
                if (!claimed.ok() || claimed->isEmpty()) {
                    rounds.arrive_and_drop();
                    return;
                }
                log.batches << claimed.value();
                rounds.arrive_and_wait();
            }
        });

        QSet<qint64> seen;
        int total = 0;
        for (std::size_t i = 0; i < logs.size(); ++i) {
            const WorkerLog &log = logs[i];
            QVERIFY2(log.errors.isEmpty(), qPrintable(log.errors.join(u'\n')));
            const QString owner = QStringLiteral("worker-%1").arg(i);
            for (const QList<Job> &batch : log.batches) {
                QVERIFY(batch.size() <= 4 + 2 * int(i));
                for (qsizetype k = 0; k < batch.size(); ++k) {
                    const Job &job = batch.at(k);
                    QVERIFY2(!seen.contains(job.id), qPrintable(QStringLiteral("job %1 was claimed twice").arg(job.id)));
                    seen.insert(job.id);
                    ++total;
                    QCOMPARE(job.leaseOwner, owner);
                    QCOMPARE(f.queue.job(job.id)->leaseOwner, owner);
                    if (k > 0) {
                        const Job &prev = batch.at(k - 1);
                        QVERIFY(prev.priority > job.priority || (prev.priority == job.priority && prev.id < job.id));
                    }
                }
            }
        }
        // Every thread took part: the rounds make them contend rather than run one after another.
        for (const WorkerLog &log : logs)
            QVERIFY(!log.batches.isEmpty());
        QCOMPARE(total, 500);
        QCOMPARE(seen, all);
        QVERIFY(f.queue.claim(QStringLiteral("late"), 10)->isEmpty());
    }

    void concurrentWorkersMoveEveryJobThroughThePipelineOnce()
    {
        QueueFixture f;
        f.relaxMainThreadDurability();
        QRandomGenerator random(7);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100'000);
        QList<qint64> ids;
        for (int i = 0; i < 60; ++i)
            ids << f.enqueue(alice, static_cast<Priority>(random.bounded(4)), 1 + random.bounded(50)).value();

        // A stand-in pipeline: every claimed step advances one stage; reaching active captures
        // the hold in the same transaction.
        const auto logs = runThreads(4, [&](int index, WorkerLog &log, Rounds &rounds) {
            const QString owner = QStringLiteral("worker-%1").arg(index);
            for (;;) {
                auto claimed = f.queue.claim(owner, 4);
                if (!claimed.ok())
                    log.errors << claimed.error().message;
                if (!claimed.ok() || claimed->isEmpty()) {
                    rounds.arrive_and_drop();
                    return;
                }
                for (const Job &job : claimed.value()) {
                    const Stage to = nextStage(job.stage);
                    JobQueue::TransactionStep capture;
                    if (to == Stage::Active)
                        capture = [&, job](QSqlDatabase db) {
                            return f.ledger.captureIn(db, job.id, job.commissionAmount, job.gridPaymentAmount, owner);
                        };
                    auto moved = f.queue.advance(job.id, owner, job.stage, to, QString(), 0, capture);
                    if (!moved.ok())
                        log.errors << moved.error().message;
                }
                log.batches << claimed.value();
                rounds.arrive_and_wait();
            }
        });
        for (const WorkerLog &log : logs)
            QVERIFY2(log.errors.isEmpty(), qPrintable(log.errors.join(u'\n')));

        for (qint64 id : ids) {
            auto job = f.queue.job(id);
            QCOMPARE(job->stage, Stage::Active);
            auto events = f.queue.events(id).value();
            QCOMPARE(events.size(), 6); // enqueued + five transitions, none repeated
            QCOMPARE(f.ledger.hold(id)->state, HoldState::Captured);
        }
        QCOMPARE(f.queue.liveCount().value(), 0);
        QCOMPARE(f.balance(alice).held, Tfc());
        const LedgerCheckReport report = f.ledger.check();
        QVERIFY2(report.ok(), qPrintable(report.violations.join(u'\n')));
    }

    void concurrentEnqueuesNeverOverspendCredits()
    {
        QueueFixture f;
        const qint64 carol = f.addUser(QStringLiteral("carol"), 50);
        const auto logs = runThreads(8, [&](int, WorkerLog &log, Rounds &rounds) {
            for (int i = 0; i < 10; ++i) {
                auto id = f.enqueue(carol, Priority::Normal, 1);
                if (id.ok())
                    ++log.enqueued;
                else if (id.error().kind == ErrorKind::Refused)
                    ++log.refusedCredits;
                else
                    log.errors << id.error().message;
                rounds.arrive_and_wait();
            }
            rounds.arrive_and_drop();
        });
        int enqueued = 0, refused = 0;
        for (const WorkerLog &log : logs) {
            QVERIFY2(log.errors.isEmpty(), qPrintable(log.errors.join(u'\n')));
            enqueued += log.enqueued;
            refused += log.refusedCredits;
        }
        QCOMPARE(enqueued, 50);
        QCOMPARE(refused, 30);
        QCOMPARE(f.count(QStringLiteral("jobs")), 50);
        QCOMPARE(f.count(QStringLiteral("holds")), 50);
        QCOMPARE(f.balance(carol).available, Tfc());
        QCOMPARE(f.balance(carol).held, Tfc::fromWhole(50));
        QVERIFY(f.ledger.check().ok());
    }

    void concurrentEnqueuesNeverOverfillTheQueue()
    {
        QueueSettings settings;
        settings.maxQueueSize = 40;
        QueueFixture f(settings);
        const qint64 dan = f.addUser(QStringLiteral("dan"), 10'000);
        const auto logs = runThreads(8, [&](int, WorkerLog &log, Rounds &rounds) {
            for (int i = 0; i < 10; ++i) {
                auto id = f.enqueue(dan, Priority::High, 2);
                if (id.ok())
                    ++log.enqueued;
                else if (id.error().message.startsWith(QStringLiteral("the queue is full")))
                    ++log.refusedFull;
                else
                    log.errors << id.error().message;
                rounds.arrive_and_wait();
            }
            rounds.arrive_and_drop();
        });
        int enqueued = 0, full = 0;
        for (const WorkerLog &log : logs) {
            QVERIFY2(log.errors.isEmpty(), qPrintable(log.errors.join(u'\n')));
            enqueued += log.enqueued;
            full += log.refusedFull;
        }
        QCOMPARE(enqueued, 40);
        QCOMPARE(full, 40);
        QCOMPARE(f.queue.liveCount().value(), 40);
        QCOMPARE(f.balance(dan).held, Tfc::fromWhole(80));
        QVERIFY(f.ledger.check().ok());
    }
};

QTEST_GUILESS_MAIN(TestQueueConcurrency)
#include "tst_queue_concurrency.moc"
