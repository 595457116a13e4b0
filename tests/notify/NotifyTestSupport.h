#pragma once
// Shared by the channel tests: a sample notification and a way to wait for one delivery.

#include "notify/Delivery.h"
#include "notify/Notification.h"

#include <QtTest>

#include <optional>

namespace griddeck::test {

inline QDateTime sampleTime()
{
    return QDateTime(QDate(2026, 3, 14), QTime(15, 9, 26), Qt::UTC);
}

inline Notification sampleActive(qint64 jobId = 42)
{
    return Notification::deploymentActive(jobId, QStringLiteral("alice"),
                                          QStringLiteral("vm \u2014 2 vCPU, 4 GB RAM, 50 GB SSD"),
                                          QStringLiteral("185.69.166.12"), QStringLiteral("ssh root@185.69.166.12"),
                                          QStringLiteral("https://alice.gent01.grid.tf"),
                                          Tfc::parse(u"12.5").value(), sampleTime());
}

// Runs `start(callback)` and waits for its one answer.
template<class Start>
std::optional<Result<void>> deliverNow(Start start, int timeoutMs = 10000)
{
    struct State
    {
        std::optional<Result<void>> answer;
        int calls = 0;
    };
    auto state = std::make_shared<State>(); // outlives a late answer after a timeout
    start([state](Result<void> r) {
        ++state->calls;
        state->answer = std::move(r);
    });
    if (!QTest::qWaitFor([&] { return state->answer.has_value(); }, timeoutMs))
        return std::nullopt;
    QCoreApplication::processEvents(); // a second answer would show up here
    if (state->calls != 1)
        return Result<void>(Error{ErrorKind::Internal, QStringLiteral("the callback ran %1 times").arg(state->calls)});
    return state->answer;
}

inline QString messageOf(const std::optional<Result<void>> &r)
{
    if (!r)
        return QStringLiteral("no answer in time");
    return r->ok() ? QStringLiteral("delivered") : r->error().message;
}

} // namespace griddeck::test
