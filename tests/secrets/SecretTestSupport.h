#pragma once
// Waits for a SecretStore callback while the event loop runs.

#include "secrets/SecretStore.h"

#include <QtTest>

#include <optional>

namespace griddeck::test {

inline std::optional<Result<std::optional<QString>>> readNow(SecretStore &store, SecretName name)
{
    std::optional<Result<std::optional<QString>>> answer;
    store.read(name, [&answer](Result<std::optional<QString>> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        answer = Error{ErrorKind::Internal, QStringLiteral("the store gave no answer in time")};
    return answer;
}

inline std::optional<Result<void>> writeNow(SecretStore &store, SecretName name, const QString &value)
{
    std::optional<Result<void>> answer;
    store.write(name, value, [&answer](Result<void> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        answer = Error{ErrorKind::Internal, QStringLiteral("the store gave no answer in time")};
    return answer;
}

inline std::optional<Result<void>> removeNow(SecretStore &store, SecretName name)
{
    std::optional<Result<void>> answer;
    store.remove(name, [&answer](Result<void> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        answer = Error{ErrorKind::Internal, QStringLiteral("the store gave no answer in time")};
    return answer;
}

inline std::optional<Result<void>> probeNow(SecretStore &store, int timeoutMs = 15000)
{
    std::optional<Result<void>> answer;
    store.probe([&answer](Result<void> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs))
        answer = Error{ErrorKind::Internal, QStringLiteral("the store gave no answer in time")};
    return answer;
}

inline QString errorText(const Result<void> &r)
{
    return r.ok() ? QString() : r.error().message;
}

inline QString errorText(const Result<std::optional<QString>> &r)
{
    return r.ok() ? QString() : r.error().message;
}

} // namespace griddeck::test
