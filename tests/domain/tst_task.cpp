// Task<T> and CallbackAwait: values flow through nested awaits, every object a coroutine owns is
// destroyed exactly once in the shapes the pipeline's steps use (by-value parameters from
// temporaries, a named awaiter built from a capturing lambda), exceptions reach startTask's
// `failed`, and a coroutine resumes through its executor, never inline.

#include "TestSupport.h"
#include "domain/Task.h"

#include <QtTest>
#include <deque>

using namespace griddeck;

namespace {

int g_live = 0;

struct Counted
{
    int id;
    explicit Counted(int i)
        : id(i)
    {
        ++g_live;
    }
    Counted(const Counted &o)
        : id(o.id)
    {
        ++g_live;
    }
    Counted(Counted &&o) noexcept
        : id(o.id)
    {
        ++g_live;
    }
    ~Counted() { --g_live; }
    Counted plus() const { return Counted(id + 1); }
};

// Runs posted work when asked, on this thread.
struct QueueExecutor final : Executor
{
    std::deque<std::function<void()>> queue;
    void post(std::function<void()> work) override { queue.push_back(std::move(work)); }
    int drain()
    {
        int n = 0;
        while (!queue.empty()) {
            auto w = std::move(queue.front());
            queue.pop_front();
            w();
            ++n;
        }
        return n;
    }
};

std::function<void(int)> g_pending; // the "network": a callback answered by the test

Task<int> leaf(Counted c)
{
    const Counted held(10);
    auto call = CallbackAwait<int>([](std::function<void()> work) { work(); },
        [held](std::function<void(int)> done) { g_pending = std::move(done); });
    const int v = co_await call;
    co_return v + c.id + held.id;
}

Task<int> middle(Counted a, const Counted &b)
{
    const int r = co_await leaf(a.plus());
    co_return r + a.id + b.id;
}

Task<int> thrower(Counted c)
{
    if (c.id > 0)
        throw std::runtime_error("boom");
    co_return 0;
}

Task<int> catchesNothing()
{
    const int r = co_await thrower(Counted(1));
    co_return r;
}

} // namespace

class TestTask : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nestedAwaitsDestroyEachObjectOnce()
    {
        g_live = 0;
        QueueExecutor executor;
        std::optional<int> result;
        {
            const Counted b(100);
            startTask<int>(
                &executor, middle(Counted(1), b), [&](int v) { result = v; }, [](std::string) {});
            QVERIFY(!result);
            QVERIFY(g_pending); // suspended at the leaf's call
            QCOMPARE(executor.drain(), 0);
            auto answer = std::move(g_pending);
            answer(1000); // the reply: the coroutine is posted, not resumed inline
            QVERIFY(!result);
            answer(5); // a second answer is ignored
            QCOMPARE(executor.drain(), 1);
            QVERIFY(result.has_value());
            // leaf: 1000 + 2 + 10; middle: + 1 + 100
            QCOMPARE(*result, 1113);
        }
        g_pending = nullptr;
        QCOMPARE(g_live, 0);
    }

    void exceptionsReachFailed()
    {
        g_live = 0;
        QueueExecutor executor;
        std::string why;
        bool done = false;
        startTask<int>(
            &executor, catchesNothing(), [&](int) { done = true; }, [&](std::string w) { why = w; });
        QVERIFY(!done);
        QCOMPARE(QString::fromStdString(why), QStringLiteral("boom"));
        QCOMPARE(g_live, 0);
    }

    void executorIsCurrentWhileRunning()
    {
        QueueExecutor executor;
        QCOMPARE(Executor::current(), nullptr);
        Executor *seen = nullptr;
        auto probe = [&]() -> Task<int> {
            seen = Executor::current();
            co_return 1;
        };
        // A lambda coroutine without captures used by reference only while it runs.
        startTask<int>(
            &executor, probe(), [](int) {}, [](std::string) {});
        QCOMPARE(seen, static_cast<Executor *>(&executor));
        QCOMPARE(Executor::current(), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestTask)
#include "tst_task.moc"
