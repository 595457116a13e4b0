#pragma once
// A small C++20 coroutine task for the pipeline's steps, and the executor that resumes them.
//
// Task<T> is lazy: nothing runs until it is awaited (`T v = co_await child(...)`) or started
// with startTask(). When a child finishes, its parent continues at once on the same thread
// (symmetric transfer, no stack growth). A coroutine that waits for something outside (a reply
// from the network thread) captures Executor::current() when it suspends and is resumed
// through it: the pipeline's executor posts the resumption to the worker pool, so a step that
// waits holds no thread.
//
// Rules for the code inside a Task (why: a coroutine may resume on another thread):
// - nothing thread-bound lives across a co_await: no QSqlDatabase, QSqlQuery, WriteTransaction
//   (Store::db() after resuming gives the resuming thread's connection);
// - parameters by value, or references to objects owned by the awaiting parent's frame;
// - `auto v = co_await x;` as its own statement, with nothing but named locals (or plain
//   member reads) as the awaited call's arguments, and an awaitable built from a lambda as a
//   named local first (`auto call = net.call<R>([…](auto done) {…}); auto r = co_await call;`).
//   GCC 12 destroys some temporaries of a co_await expression twice: a capturing lambda, and
//   both arms of a conditional (?:) (tests/domain/tst_task.cpp shows the safe shapes).

#include <atomic>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace griddeck {

// Where suspended coroutines continue. current() is the executor of the coroutine running on
// this thread (set by Scope around every start and resumption).
class Executor
{
public:
    virtual ~Executor() = default;
    virtual void post(std::function<void()> work) = 0;

    static Executor *current() { return s_current; }
    struct Scope
    {
        explicit Scope(Executor *executor)
            : m_previous(s_current)
        {
            s_current = executor;
        }
        ~Scope() { s_current = m_previous; }
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        Executor *m_previous;
    };

    // Continues `handle` through this executor (never inline).
    void resume(std::coroutine_handle<> handle)
    {
        post([this, handle] {
            Scope scope(this);
            handle.resume();
        });
    }

private:
    static inline thread_local Executor *s_current = nullptr;
};

template<class T> class [[nodiscard]] Task
{
public:
    struct promise_type
    {
        std::optional<T> value;
        std::exception_ptr error;
        std::coroutine_handle<> continuation;

        Task get_return_object() noexcept
        {
            return Task(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        struct Final
        {
            bool await_ready() noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept
            {
                auto next = h.promise().continuation;
                return next ? next : std::noop_coroutine();
            }
            void await_resume() noexcept { }
        };
        Final final_suspend() noexcept { return {}; }
        void return_value(T v) { value.emplace(std::move(v)); }
        void unhandled_exception() noexcept { error = std::current_exception(); }
    };

    Task(Task &&other) noexcept
        : m_handle(std::exchange(other.m_handle, {}))
    {
    }
    Task &operator=(Task &&other) noexcept
    {
        if (this != &other) {
            if (m_handle)
                m_handle.destroy();
            m_handle = std::exchange(other.m_handle, {});
        }
        return *this;
    }
    Task(const Task &) = delete;
    Task &operator=(const Task &) = delete;
    ~Task()
    {
        if (m_handle)
            m_handle.destroy();
    }

    // Awaiting a task starts it; the awaiting coroutine continues when it finishes.
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept
    {
        m_handle.promise().continuation = awaiting;
        return m_handle;
    }
    T await_resume()
    {
        auto &p = m_handle.promise();
        if (p.error)
            std::rethrow_exception(p.error);
        return std::move(*p.value);
    }

private:
    explicit Task(std::coroutine_handle<promise_type> h)
        : m_handle(h)
    {
    }
    std::coroutine_handle<promise_type> m_handle;
};

namespace detail {

// Runs to its end on its own and frees itself: the root of a chain of tasks.
struct Detached
{
    struct promise_type
    {
        Detached get_return_object() noexcept { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() noexcept { }
        void unhandled_exception() noexcept { std::terminate(); }
    };
};

template<class T>
Detached runDetached(Task<T> task, std::function<void(T)> done, std::function<void(std::string)> failed)
{
    std::string why;
    try {
        T value = co_await std::move(task);
        done(std::move(value));
        co_return;
    } catch (const std::exception &e) {
        why = e.what();
    } catch (...) {
        why = "unknown exception";
    }
    failed(why);
}

} // namespace detail

// Starts `task` on this thread under `executor`; `done` (or `failed`, for an exception) runs
// once on whichever thread finishes it.
template<class T>
void startTask(
    Executor *executor, Task<T> task, std::function<void(T)> done, std::function<void(std::string)> failed)
{
    Executor::Scope scope(executor);
    detail::runDetached<T>(std::move(task), std::move(done), std::move(failed));
}

// Awaits a callback-style call: `start(done)` issues it, and the coroutine continues (through
// its executor) once `done(R)` was called, from any thread. `done` must be called exactly once;
// a second call is ignored.
template<class R> class CallbackAwait
{
public:
    using Done = std::function<void(R)>;
    using Start = std::function<void(Done)>;
    // `dispatch` runs the start function where the call belongs (e.g. on the network thread).
    using Dispatch = std::function<void(std::function<void()>)>;

    CallbackAwait(Dispatch dispatch, Start start)
        : m_dispatch(std::move(dispatch))
        , m_start(std::move(start))
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle)
    {
        Executor *executor = Executor::current();
        if (!executor)
            std::terminate(); // awaited outside startTask(): nothing could ever resume it
        auto fired = std::make_shared<std::atomic_flag>();
        Done done = [this, handle, executor, fired](R r) {
            if (fired->test_and_set())
                return;
            m_result.emplace(std::move(r));
            // From here on the frame (and this awaiter) belongs to the resumed coroutine.
            executor->resume(handle);
        };
        // Nothing of this awaiter is touched once dispatched: the reply may already resume
        // (and end) the coroutine on another thread while dispatch() returns.
        Dispatch dispatch = std::move(m_dispatch);
        dispatch([start = std::move(m_start), done = std::move(done)] { start(done); });
    }
    R await_resume() { return std::move(*m_result); }

private:
    Dispatch m_dispatch;
    Start m_start;
    std::optional<R> m_result;
};

} // namespace griddeck
