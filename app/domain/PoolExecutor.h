#pragma once
// The executor that continues coroutines (domain/Task.h) as tasks of a QThreadPool: a step that
// waited for a reply continues on a worker, like a step that starts.

#include "domain/Task.h"

#include <QThreadPool>

namespace griddeck {

class PoolExecutor final : public Executor
{
public:
    explicit PoolExecutor(QThreadPool *pool)
        : m_pool(pool)
    {
    }
    void post(std::function<void()> work) override { m_pool->start(std::move(work)); }

private:
    QThreadPool *m_pool;
};

} // namespace griddeck
