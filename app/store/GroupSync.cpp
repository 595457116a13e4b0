#include "store/GroupSync.h"

#include <QFile>
#include <QHash>

#include <cerrno>
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
        m_flushed.notify_all();
        if (!ok)
            return false;
    }
    return true;
}

qint64 GroupSync::flushes() const
{
    std::lock_guard lock(m_mutex);
    return m_flushes;
}

std::shared_ptr<GroupSync> GroupSync::forDatabase(const QString &path)
{
    static std::mutex registryMutex;
    static QHash<QString, std::weak_ptr<GroupSync>> registry;
    std::lock_guard guard(registryMutex);
    auto sync = registry.value(path).lock();
    if (!sync) {
        const QByteArray wal = QFile::encodeName(path + QStringLiteral("-wal"));
        sync = std::make_shared<GroupSync>([wal] {
            // fdatasync flushes the file (its inode), whichever descriptor wrote it; opened
            // afresh each time so a WAL that was removed and created again is the one flushed.
            const int fd = ::open(wal.constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return errno == ENOENT; // no WAL: every commit is in the database file already
            const bool ok = ::fdatasync(fd) == 0;
            ::close(fd);
            return ok;
        });
        registry.insert(path, sync);
    }
    return sync;
}

} // namespace griddeck
