// A long seeded random sequence of ledger operations against an in-memory model of what every
// balance and hold must be. Each operation's outcome (success, no-op, or the exact kind of
// refusal) is predicted from the model; every refusal and no-op must leave the money tables
// unchanged; check() must pass along the way and agree with the model at the end.

#include "LedgerTestHelpers.h"
#include "TestSupport.h"
#include "domain/Clock.h"
#include "ledger/Ledger.h"

#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QtTest>

#include <memory>

using namespace griddeck;

namespace {

constexpr qint64 kUnit = 10'000'000; // 1 TFC

struct ModelUser
{
    qint64 id = 0;
    qint64 available = 0;
    qint64 held = 0;
};

struct ModelJob
{
    qint64 id = 0;
    int user = 0;
    qint64 amount = 0;
    HoldState state = HoldState::Pending;
    qint64 commission = 0;
    qint64 gridSpend = 0;
    qint64 refunded = 0;
};

struct ModelKey
{
    int user = 0;   // top-ups
    int job = -1;   // refunds: index into the jobs
    qint64 amount = 0;
};

// What a refused operation must leave exactly as it was, kept cheap enough to take before
// every refusal (test::snapshot lists every hold): the newest ids (the ledger tables are
// append-only, so any insert moves them), every account, and the hold and stage of the job
// the operation is about. A stray change to any other hold would show in the final per-hold
// comparison with the model.
struct Snapshot
{
    qint64 job = 0;
    QStringList rows;
};

Snapshot snapshotOf(QSqlDatabase db, qint64 jobId = 0)
{
    Snapshot snapshot{jobId, {}};
    const QList<std::pair<QString, QVariantList>> queries = {
        {QStringLiteral("SELECT (SELECT COALESCE(MAX(id), 0) FROM ledger_transactions), "
                        "(SELECT COALESCE(MAX(id), 0) FROM ledger_postings), (SELECT COALESCE(MAX(id), 0) FROM jobs), "
                        "(SELECT COALESCE(MAX(id), 0) FROM accounts)"),
         {}},
        {QStringLiteral("SELECT id, balance FROM accounts ORDER BY id"), {}},
        {QStringLiteral("SELECT h.state, h.amount, h.commission, h.grid_spend, h.refunded, COALESCE(h.resolved_at, -1), j.stage "
                        "FROM jobs j LEFT JOIN holds h ON h.job_id = j.id WHERE j.id = ?"),
         {jobId}},
    };
    for (const auto &[sql, args] : queries) {
        auto done = exec(db, sql, args);
        if (!done.ok())
            qFatal("snapshot query failed: %s", qPrintable(done.error().message));
        QSqlQuery &q = done.value();
        const int columns = q.record().count();
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < columns; ++i)
                row.append(q.value(i).toString());
            snapshot.rows.append(row.join(u'|'));
        }
    }
    return snapshot;
}

class RandomRun
{
public:
    explicit RandomRun(quint32 seed)
        : m_rng(seed)
    {
    }

    test::TempStore temp;
    ManualClock clock;
    Ledger ledger{temp.store(), clock};
    QRandomGenerator m_rng;

    QList<ModelUser> users;
    QList<ModelJob> jobs;
    QHash<QString, ModelKey> topUpKeys;
    QHash<QString, ModelKey> refundKeys;
    QStringList topUpKeyList;
    QStringList refundKeyList;
    qint64 funded = 0;
    qint64 commission = 0;
    qint64 gridSpend = 0;
    qint64 refunded = 0;
    qint64 transactions = 0;
    int nextKey = 0;
    QHash<QString, int> outcomes; // what happened, for the summary line

    std::unique_ptr<WriteTransaction> batch;

    QSqlDatabase db() const { return temp.store()->db(); }
    qint64 between(qint64 low, qint64 high) { return low + static_cast<qint64>(m_rng.bounded(quint64(high - low + 1))); }
    bool chance(int percent) { return m_rng.bounded(100) < percent; }

    // One movement, in the open batch or in a write transaction of its own.
    template<class Body>
    Result<void> run(Body &&body)
    {
        if (batch)
            return body(batch->db());
        WriteTransaction tx(*temp.store());
        if (!tx.begun())
            return Error::storage(tx.error());
        Result<void> done = body(tx.db());
        if (!done.ok())
            return done;
        return tx.commit();
    }

    QList<int> jobsIn(HoldState state) const
    {
        QList<int> list;
        for (int i = 0; i < jobs.size(); ++i) {
            if (jobs[i].state == state)
                list.append(i);
        }
        return list;
    }
};

} // namespace

// Each expectation records a failure and returns from the calling function.
#define EXPECT_APPLIED(result, what)                                                                                   \
    do {                                                                                                               \
        const Result<void> &r_ = (result);                                                                             \
        QVERIFY2(r_.ok(), qPrintable(QStringLiteral("%1: %2").arg(what, r_.ok() ? QString() : r_.error().message)));   \
        ++run.outcomes[QStringLiteral("applied")];                                                                     \
    } while (0)

#define EXPECT_NOTHING_CHANGED(result, before, what)                                                                   \
    do {                                                                                                               \
        const Result<void> &r_ = (result);                                                                             \
        QVERIFY2(r_.ok(), qPrintable(QStringLiteral("%1: %2").arg(what, r_.ok() ? QString() : r_.error().message)));   \
        QCOMPARE(snapshotOf(run.db(), (before).job).rows, (before).rows);                                              \
        ++run.outcomes[QStringLiteral("no-op")];                                                                       \
    } while (0)

#define EXPECT_REFUSED(result, errorKind, text, before, what)                                                          \
    do {                                                                                                               \
        const Result<void> &r_ = (result);                                                                             \
        QVERIFY2(!r_.ok(), qPrintable(QStringLiteral("%1 should have failed").arg(what)));                             \
        QVERIFY2(r_.error().kind == (errorKind),                                                                       \
                 qPrintable(QStringLiteral("%1: %2: %3").arg(what, errorKindName(r_.error().kind), r_.error().message))); \
        QVERIFY2(r_.error().message.contains(text), qPrintable(r_.error().message));                                   \
        QCOMPARE(snapshotOf(run.db(), (before).job).rows, (before).rows);                                              \
        ++run.outcomes[errorKindName(errorKind)];                                                                      \
    } while (0)

class TestLedgerRandom : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void randomSequenceMatchesTheModel();

private:
    void setUpUsers(RandomRun &run);
    void step(RandomRun &run);
    void topUp(RandomRun &run);
    void repeatTopUp(RandomRun &run);
    void enqueue(RandomRun &run);
    void resolve(RandomRun &run, bool capture);
    void resolveAgain(RandomRun &run);
    void refund(RandomRun &run);
    void repeatRefund(RandomRun &run);
    void repeatHold(RandomRun &run);
    void badInput(RandomRun &run);
    void compareWithModel(RandomRun &run);
};

void TestLedgerRandom::randomSequenceMatchesTheModel()
{
    constexpr int kOperations = 6000;
    // Durable commits are the cost (one fsync each, and far fewer than 5,000 a second on a
    // busy disk): the first operations commit one by one, the rest run in batches.
    constexpr int kStandalone = 800;
    RandomRun run(20260101u);
    QElapsedTimer timer;
    timer.start();
    setUpUsers(run);
    if (QTest::currentTestFailed())
        return;
    int batchLeft = 0;
    for (int op = 0; op < kOperations; ++op) {
        run.clock.advanceMs(run.between(1, 2000));
        if (op >= kStandalone && !run.batch) {
            run.batch = std::make_unique<WriteTransaction>(*run.temp.store());
            QVERIFY2(run.batch->begun(), qPrintable(run.batch->error()));
            batchLeft = int(run.between(10, 40));
        }
        step(run);
        if (QTest::currentTestFailed())
            return;
        if (run.batch && --batchLeft == 0) {
            QVERIFY(run.batch->commit().ok());
            run.batch.reset();
        }
        if (op % 1000 == 999) {
            const LedgerCheckReport report = run.ledger.check();
            QVERIFY2(report.ok(), qPrintable(QStringLiteral("after operation %1:\n%2").arg(op).arg(test::violationsText(report))));
        }
    }
    if (run.batch) {
        QVERIFY(run.batch->commit().ok());
        run.batch.reset();
    }
    compareWithModel(run);
    QStringList summary;
    for (auto it = run.outcomes.cbegin(); it != run.outcomes.cend(); ++it)
        summary << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    summary.sort();
    qInfo("%d operations in %lld ms: %s", kOperations, static_cast<long long>(timer.elapsed()), qPrintable(summary.join(QStringLiteral(", "))));
    // Every kind of outcome happened often enough to mean something.
    for (const QString &outcome : QStringList{"applied", "no-op", "refused", "conflict", "invalid_input"})
        QVERIFY2(run.outcomes.value(outcome) >= 50, qPrintable(QStringLiteral("only %1 %2").arg(run.outcomes.value(outcome)).arg(outcome)));
}

void TestLedgerRandom::setUpUsers(RandomRun &run)
{
    for (int i = 0; i < 10; ++i) {
        const qint64 initial = i % 3 == 0 ? 0 : run.between(1, 100 * kUnit);
        auto id = run.ledger.addUser(QStringLiteral("user%1").arg(i), Tfc::fromUnits(initial));
        QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
        run.users.append({id.value(), initial, 0});
        run.funded += initial;
        run.transactions += initial > 0 ? 1 : 0;
    }
}

void TestLedgerRandom::step(RandomRun &run)
{
    const int pick = int(run.m_rng.bounded(100));
    if (pick < 14)
        topUp(run);
    else if (pick < 18)
        repeatTopUp(run);
    else if (pick < 44)
        enqueue(run);
    else if (pick < 58)
        resolve(run, true);
    else if (pick < 68)
        resolve(run, false);
    else if (pick < 74)
        resolveAgain(run);
    else if (pick < 87)
        refund(run);
    else if (pick < 92)
        repeatRefund(run);
    else if (pick < 96)
        repeatHold(run);
    else
        badInput(run);
}

void TestLedgerRandom::topUp(RandomRun &run)
{
    const int u = int(run.m_rng.bounded(run.users.size()));
    const qint64 amount = run.between(1, 80 * kUnit);
    const QString key = QStringLiteral("topup:%1").arg(run.nextKey++);
    const auto result = run.run([&](QSqlDatabase db) {
        return run.ledger.topUpIn(db, run.users[u].id, Tfc::fromUnits(amount), key, QStringLiteral("shop"), QStringLiteral("purchase"));
    });
    EXPECT_APPLIED(result, key);
    run.users[u].available += amount;
    run.funded += amount;
    ++run.transactions;
    run.topUpKeys.insert(key, {u, -1, amount});
    run.topUpKeyList.append(key);
}

void TestLedgerRandom::repeatTopUp(RandomRun &run)
{
    if (run.topUpKeyList.isEmpty())
        return topUp(run);
    const QString key = run.topUpKeyList[int(run.m_rng.bounded(run.topUpKeyList.size()))];
    const ModelKey first = run.topUpKeys.value(key);
    const Snapshot before = snapshotOf(run.db());
    const bool same = run.chance(50);
    const int user = same || run.chance(50) ? first.user : (first.user + 1) % run.users.size();
    const qint64 amount = same || user != first.user ? first.amount : first.amount + run.between(1, kUnit);
    const auto result = run.run([&](QSqlDatabase db) {
        return run.ledger.topUpIn(db, run.users[user].id, Tfc::fromUnits(amount), key, QStringLiteral("shop"), QStringLiteral("retry"));
    });
    if (same)
        EXPECT_NOTHING_CHANGED(result, before, key);
    else
        EXPECT_REFUSED(result, ErrorKind::Conflict, key, before, key);
}

void TestLedgerRandom::enqueue(RandomRun &run)
{
    const int u = int(run.m_rng.bounded(run.users.size()));
    const qint64 available = run.users[u].available;
    qint64 amount = run.between(1, 40 * kUnit);
    if (run.chance(15))
        amount = available + run.between(1, kUnit); // just too much
    else if (run.chance(10) && available > 0)
        amount = available; // exactly everything
    const Snapshot before = snapshotOf(run.db());
    qint64 jobId = 0;
    const auto result = run.run([&](QSqlDatabase db) {
        jobId = test::insertJob(db, run.users[u].id, Tfc::fromUnits(amount));
        auto held = run.ledger.holdIn(db, run.users[u].id, jobId, Tfc::fromUnits(amount), QStringLiteral("queue"));
        if (!held.ok()) // a batch keeps going: take the job row back as the queue would
            (void)exec(db, QStringLiteral("DELETE FROM jobs WHERE id = ?"), {jobId});
        return held;
    });
    if (amount > available) {
        EXPECT_REFUSED(result, ErrorKind::Refused, QStringLiteral("TFC available; %1 TFC is needed").arg(Tfc::fromUnits(amount).toString()),
                       before, QStringLiteral("hold of %1 for user%2").arg(amount).arg(u));
        return;
    }
    EXPECT_APPLIED(result, QStringLiteral("hold for job %1").arg(jobId));
    run.users[u].available -= amount;
    run.users[u].held += amount;
    run.jobs.append({jobId, u, amount, HoldState::Pending, 0, 0, 0});
    ++run.transactions;
}

void TestLedgerRandom::resolve(RandomRun &run, bool capture)
{
    const QList<int> pending = run.jobsIn(HoldState::Pending);
    if (pending.isEmpty())
        return enqueue(run);
    ModelJob &job = run.jobs[pending[int(run.m_rng.bounded(pending.size()))]];
    const qint64 commission = run.between(0, job.amount);
    const bool wrongSplit = capture && run.chance(10);
    const qint64 grid = job.amount - commission + (wrongSplit ? run.between(1, kUnit) : 0);
    const Snapshot before = snapshotOf(run.db(), job.id);
    const auto result = run.run([&](QSqlDatabase db) -> Result<void> {
        auto done = capture ? run.ledger.captureIn(db, job.id, Tfc::fromUnits(commission), Tfc::fromUnits(grid), QStringLiteral("pipeline"))
                            : run.ledger.releaseIn(db, job.id, QStringLiteral("deployment failed"), QStringLiteral("pipeline"));
        if (done.ok())
            test::setStage(db, job.id, capture ? QStringLiteral("active") : QStringLiteral("failed"));
        return done;
    });
    if (wrongSplit) {
        EXPECT_REFUSED(result, ErrorKind::InvalidInput, QStringLiteral("exactly the held amount"), before, QStringLiteral("capture of job %1").arg(job.id));
        return;
    }
    EXPECT_APPLIED(result, QStringLiteral("resolution of job %1").arg(job.id));
    ModelUser &user = run.users[job.user];
    user.held -= job.amount;
    if (capture) {
        job.state = HoldState::Captured;
        job.commission = commission;
        job.gridSpend = grid;
        run.commission += commission;
        run.gridSpend += grid;
    } else {
        job.state = HoldState::Released;
        user.available += job.amount;
    }
    ++run.transactions;
}

// A resolved hold: the same resolution again is a no-op; the other one is a conflict.
void TestLedgerRandom::resolveAgain(RandomRun &run)
{
    QList<int> resolved = run.jobsIn(HoldState::Captured) + run.jobsIn(HoldState::Released);
    if (resolved.isEmpty())
        return resolve(run, true);
    const ModelJob job = run.jobs[resolved[int(run.m_rng.bounded(resolved.size()))]];
    const bool again = run.chance(50);
    const bool capture = (job.state == HoldState::Captured) == again;
    const Snapshot before = snapshotOf(run.db(), job.id);
    const Tfc commission = Tfc::fromUnits(job.state == HoldState::Captured ? job.commission : 0);
    const Tfc grid = Tfc::fromUnits(job.state == HoldState::Captured ? job.gridSpend : job.amount);
    Result<void> result = run.batch ? (capture ? run.ledger.captureIn(run.batch->db(), job.id, commission, grid, QStringLiteral("pipeline"))
                                               : run.ledger.releaseIn(run.batch->db(), job.id, QStringLiteral("re-run"), QStringLiteral("pipeline")))
                                    : (capture ? run.ledger.capture(job.id, commission, grid, QStringLiteral("pipeline"))
                                               : run.ledger.release(job.id, QStringLiteral("re-run"), QStringLiteral("pipeline")));
    if (again)
        EXPECT_NOTHING_CHANGED(result, before, QStringLiteral("repeated resolution of job %1").arg(job.id));
    else
        EXPECT_REFUSED(result, ErrorKind::Conflict, QStringLiteral("a hold resolves only once"), before,
                       QStringLiteral("second resolution of job %1").arg(job.id));
}

void TestLedgerRandom::refund(RandomRun &run)
{
    const QList<int> captured = run.jobsIn(HoldState::Captured);
    const QString key = QStringLiteral("refund:%1").arg(run.nextKey++);
    auto attempt = [&](qint64 jobId, qint64 amount) {
        if (run.batch)
            return run.ledger.refundIn(run.batch->db(), jobId, Tfc::fromUnits(amount), QStringLiteral("support case"), QStringLiteral("support"), key);
        return run.ledger.refund(jobId, Tfc::fromUnits(amount), QStringLiteral("support case"), QStringLiteral("support"), key);
    };
    if (captured.isEmpty() || run.chance(8)) {
        const QList<int> other = run.jobsIn(HoldState::Pending) + run.jobsIn(HoldState::Released);
        if (other.isEmpty())
            return;
        const ModelJob &job = run.jobs[other[int(run.m_rng.bounded(other.size()))]];
        const Snapshot before = snapshotOf(run.db(), job.id);
        EXPECT_REFUSED(attempt(job.id, 1), ErrorKind::Refused, QStringLiteral("only a captured job can be refunded"), before,
                       QStringLiteral("refund of uncaptured job %1").arg(job.id));
        return;
    }
    const int index = captured[int(run.m_rng.bounded(captured.size()))];
    ModelJob &job = run.jobs[index];
    const qint64 refundable = job.commission + job.gridSpend - job.refunded;
    const bool over = refundable == 0 || run.chance(25);
    const qint64 amount = over ? refundable + run.between(1, 5 * kUnit) : run.between(1, refundable);
    const Snapshot before = snapshotOf(run.db(), job.id);
    const auto result = attempt(job.id, amount);
    if (over) {
        EXPECT_REFUSED(result, ErrorKind::Refused,
                       QStringLiteral("refund of %1 TFC exceeds the refundable %2 TFC for job %3")
                           .arg(Tfc::fromUnits(amount).toString(), Tfc::fromUnits(refundable).toString())
                           .arg(job.id),
                       before, key);
        return;
    }
    EXPECT_APPLIED(result, key);
    job.refunded += amount;
    run.users[job.user].available += amount;
    run.refunded += amount;
    ++run.transactions;
    run.refundKeys.insert(key, {job.user, index, amount});
    run.refundKeyList.append(key);
}

void TestLedgerRandom::repeatRefund(RandomRun &run)
{
    if (run.refundKeyList.isEmpty())
        return refund(run);
    const QString key = run.refundKeyList[int(run.m_rng.bounded(run.refundKeyList.size()))];
    const ModelKey first = run.refundKeys.value(key);
    const bool same = run.chance(50);
    const qint64 amount = same ? first.amount : first.amount + 1;
    const Snapshot before = snapshotOf(run.db(), run.jobs[first.job].id);
    const auto result = run.run([&](QSqlDatabase db) {
        return run.ledger.refundIn(db, run.jobs[first.job].id, Tfc::fromUnits(amount), QStringLiteral("retried"), QStringLiteral("support"), key);
    });
    if (same)
        EXPECT_NOTHING_CHANGED(result, before, key);
    else
        EXPECT_REFUSED(result, ErrorKind::Conflict, QStringLiteral("\"%1\"").arg(key), before, key);
}

void TestLedgerRandom::repeatHold(RandomRun &run)
{
    if (run.jobs.isEmpty())
        return enqueue(run);
    const ModelJob job = run.jobs[int(run.m_rng.bounded(run.jobs.size()))];
    const bool same = run.chance(50);
    const Snapshot before = snapshotOf(run.db(), job.id);
    const auto result = run.run([&](QSqlDatabase db) {
        return run.ledger.holdIn(db, run.users[job.user].id, job.id, Tfc::fromUnits(job.amount + (same ? 0 : 1)), QStringLiteral("queue"));
    });
    if (same)
        EXPECT_NOTHING_CHANGED(result, before, QStringLiteral("repeated hold of job %1").arg(job.id));
    else
        EXPECT_REFUSED(result, ErrorKind::Conflict, QStringLiteral("\"job:%1:hold\"").arg(job.id), before,
                       QStringLiteral("changed hold of job %1").arg(job.id));
}

void TestLedgerRandom::badInput(RandomRun &run)
{
    const Snapshot before = snapshotOf(run.db());
    const qint64 user = run.users[int(run.m_rng.bounded(run.users.size()))].id;
    const QList<int> captured = run.jobsIn(HoldState::Captured);
    const int which = int(run.m_rng.bounded(4));
    const QString key = QStringLiteral("bad:%1").arg(run.nextKey++);
    const auto result = run.run([&](QSqlDatabase db) {
        if (which == 0)
            return run.ledger.topUpIn(db, user, Tfc(), key, QStringLiteral("shop"), {});
        if (which == 1)
            return run.ledger.topUpIn(db, user, Tfc::fromUnits(kUnit), QStringLiteral("job:%1:capture").arg(run.nextKey), QStringLiteral("shop"), {});
        if (which == 2 && !captured.isEmpty())
            return run.ledger.refundIn(db, run.jobs[captured.first()].id, Tfc::fromUnits(1), QStringLiteral("  "), QStringLiteral("support"), key);
        return run.ledger.refundIn(db, run.jobs.isEmpty() ? 1 : run.jobs.first().id, Tfc::fromUnits(1), QStringLiteral("why"), QString(), key);
    });
    EXPECT_REFUSED(result, ErrorKind::InvalidInput, QString(), before, QStringLiteral("bad input %1").arg(which));
}

void TestLedgerRandom::compareWithModel(RandomRun &run)
{
    const LedgerCheckReport report = run.ledger.check();
    QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    qint64 available = 0;
    qint64 held = 0;
    for (const ModelUser &u : run.users) {
        auto actual = run.ledger.user(u.id);
        QVERIFY(actual.ok());
        QCOMPARE(actual->available, Tfc::fromUnits(u.available));
        QCOMPARE(actual->held, Tfc::fromUnits(u.held));
        available += u.available;
        held += u.held;
    }
    for (const ModelJob &j : run.jobs) {
        auto hold = run.ledger.hold(j.id);
        QVERIFY(hold.ok());
        QCOMPARE(hold->userId, run.users[j.user].id);
        QCOMPARE(hold->amount, Tfc::fromUnits(j.amount));
        QCOMPARE(holdStateName(hold->state), holdStateName(j.state));
        QCOMPARE(hold->commission, Tfc::fromUnits(j.commission));
        QCOMPARE(hold->gridSpend, Tfc::fromUnits(j.gridSpend));
        QCOMPARE(hold->refunded, Tfc::fromUnits(j.refunded));
    }
    QCOMPARE(report.totalAvailable, Tfc::fromUnits(available));
    QCOMPARE(report.totalHeld, Tfc::fromUnits(held));
    QCOMPARE(report.totalCommission, Tfc::fromUnits(run.commission));
    QCOMPARE(report.totalGridSpend, Tfc::fromUnits(run.gridSpend));
    QCOMPARE(report.totalRefunded, Tfc::fromUnits(run.refunded));
    QCOMPARE(report.totalFunded, Tfc::fromUnits(run.funded));
    QCOMPARE(report.transactions, run.transactions);
    // Conservation: every credit funded or refunded is somewhere.
    QCOMPARE(run.funded + run.refunded, available + held + run.commission + run.gridSpend);
}

QTEST_GUILESS_MAIN(TestLedgerRandom)
#include "tst_ledger_random.moc"
