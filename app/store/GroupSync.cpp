#include "store/GroupSync.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <fcntl.h>
#include <unistd.h>

namespace griddeck {

GroupSync::GroupSync(Flush flush)
    : m_flush(std::move(flush))
{
}

qint64 GroupSync::committed()
{
    std::lock_guard lock(m_mutex);
    return ++m_committed;
}

bool GroupSync::waitDurable(qint64 ticket)
{
    std::unique_lock lock(m_mutex);
    while (m_durable < ticket) {
        // A failed flush is final: Linux reports a write-back error once and may drop the
        // pages, so a later flush that "succeeds" proves nothing (as PostgreSQL, which stops).
        if (m_failed)
            return false;
        if (m_flushing) {
            m_flushed.wait(lock); // a flush is under way; it may have begun before our commit
            continue;
        }
        m_flushing = true;
        const qint64 covered = m_committed; // every commit so far is in the file already
        lock.unlock();
        const bool ok = m_flush();
        lock.lock();
        m_flushing = false;
        ++m_flushes;
        if (ok)
            m_durable = std::max(m_durable, covered);
        else
            m_failed = true;
        m_flushed.notify_all();
    }
    return true;
}

bool GroupSync::failed() const
{
    std::lock_guard lock(m_mutex);
    return m_failed;
}

qint64 GroupSync::flushes() const
{
    std::lock_guard lock(m_mutex);
    return m_flushes;
}

std::shared_ptr<GroupSync> GroupSync::forDatabase(const QString &databaseName)
{
    // Where SQLite keeps the WAL: next to the file the name resolves to (its unix VFS follows
    // symbolic links), so one registry entry per real file.
    const QString canonical = QFileInfo(databaseName).canonicalFilePath();
    const QString path = canonical.isEmpty() ? QFileInfo(databaseName).absoluteFilePath() : canonical;
    static std::mutex registryMutex;
    static QHash<QString, std::weak_ptr<GroupSync>> registry;
    std::lock_guard guard(registryMutex);
    auto sync = registry.value(path).lock();
    if (!sync) {
        const QByteArray wal = QFile::encodeName(path + QStringLiteral("-wal"));
        sync = std::make_shared<GroupSync>([wal] {
            // fdatasync flushes the file (its inode), whichever descriptor wrote it; opened
            // afresh each time so a WAL that was removed and created again is the one flushed.
            // The committing connection is still open, so its WAL exists: a missing one means
            // the commits went somewhere else, and nothing here made them durable.
            const int fd = ::open(wal.constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return false;
            const bool ok = ::fdatasync(fd) == 0;
            ::close(fd);
            return ok;
        });
        registry.insert(path, sync);
    }
    return sync;
}

} // namespace griddeck
