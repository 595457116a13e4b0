#pragma once
// Errors that cross module boundaries: a kind (which decides the CLI exit code and whether a
// pipeline step retries) and a sentence for people that names what was wrong.

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace griddeck {

enum class ErrorKind {
    InvalidInput, // bad argument, amount, spec or config: exit code 2, nothing changed
    NotFound,     // no such user, job, ...
    Refused,      // valid request the rules refuse: insufficient credits, queue full, over-refund
    Conflict,     // the state changed underneath (job no longer queued, lease lost)
    Storage,      // the database failed
    Transient,    // network fault worth retrying
    Permanent,    // remote refused for good
    Internal,
};

struct Error
{
    ErrorKind kind = ErrorKind::Internal;
    QString message;

    static Error invalid(const QString &m) { return {ErrorKind::InvalidInput, m}; }
    static Error notFound(const QString &m) { return {ErrorKind::NotFound, m}; }
    static Error refused(const QString &m) { return {ErrorKind::Refused, m}; }
    static Error conflict(const QString &m) { return {ErrorKind::Conflict, m}; }
    static Error storage(const QString &m) { return {ErrorKind::Storage, m}; }
};

QString errorKindName(ErrorKind kind);

// Either a value or an Error. Result<void> carries only the error.
template<class T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::move(error))
    {
    }
    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {
    }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace griddeck
