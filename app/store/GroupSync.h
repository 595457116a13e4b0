#pragma once
// Group commit for SQLite: a write transaction commits without waiting for the disk
// (synchronous = NORMAL), releases the in-process write lock, and only then waits until the WAL
// has been flushed (fdatasync) past its commit. One flush covers every commit made before it
// started, so writers that commit while a flush is under way share the next one instead of
// taking turns, each holding the database through its own. WriteTransaction::commit() returns
// only after the flush: a committed stage change is on disk before the step acts on it, as with
// synchronous = FULL.
//
// Tickets are taken under the write lock, in commit order; a flush that starts after ticket N
// was taken covers N (the WAL is written sequentially and the flush covers the whole file).

#include <QString>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace griddeck {

class GroupSync
{
public:
    // `flush` makes everything committed so far durable; false on failure.
    using Flush = std::function<bool()>;
    explicit GroupSync(Flush flush);

    // Under the write lock, right after a successful COMMIT.
    qint64 committed();
    // After the write lock is released: returns once a flush that began after `ticket` ended.
    // false when a flush failed: then and from then on, for every writer (see the .cpp).
    bool waitDurable(qint64 ticket);

    qint64 flushes() const; // flushes run so far (tests)
    bool failed() const; // a flush failed: no more writes may start

    // The one for a database file (its name as the connection has it): flushes its "-wal" file.
    static std::shared_ptr<GroupSync> forDatabase(const QString &databaseName);

private:
    Flush m_flush;
    mutable std::mutex m_mutex;
    std::condition_variable m_flushed;
    qint64 m_committed = 0;
    qint64 m_durable = 0;
    bool m_flushing = false;
    bool m_failed = false;
    qint64 m_flushes = 0;
};

} // namespace griddeck
