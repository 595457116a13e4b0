#pragma once
// Strict readers for JSON that comes from servers. Every error names the field path and what was
// found ("total_resources.mru: expected a non-negative integer, got \"abc\""). Integers are read
// exactly (QJsonValue::toInteger) and must be whole and within ±2^53, the range every JSON
// implementation holds exactly; anything larger may already have been rounded by a sender.
// Money arrives as decimal strings and goes through Money.h's strict parser.

#include "domain/Money.h"
#include "domain/Result.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace griddeck::json {

inline constexpr qint64 kMaxExactInteger = 9'007'199'254'740'992; // 2^53

// A short description of a value for error messages: "\"abc\"", "an array", "-5", "null".
QString describe(const QJsonValue &value);
// "parent.key" (or "key" at the top).
QString joinPath(const QString &parent, const QString &key);

// Each returns an InvalidInput error naming `path`.
Result<qint64> toInteger(const QJsonValue &value, const QString &path, qint64 min = -kMaxExactInteger,
                         qint64 max = kMaxExactInteger);
Result<quint64> toUnsigned(const QJsonValue &value, const QString &path, quint64 max = kMaxExactInteger);
Result<QString> toString(const QJsonValue &value, const QString &path);
Result<bool> toBool(const QJsonValue &value, const QString &path);
Result<QJsonObject> toObject(const QJsonValue &value, const QString &path);
Result<QJsonArray> toArray(const QJsonValue &value, const QString &path);

// A decimal string ("2231.4000000") through Money.h's strict parser.
template<Currency C>
Result<Amount<C>> toAmount(const QJsonValue &value, const QString &path)
{
    if (!value.isString())
        return Error::invalid(QStringLiteral("%1: expected a decimal string, got %2").arg(path, describe(value)));
    QString why;
    auto amount = Amount<C>::parse(value.toString(), &why);
    if (!amount)
        return Error::invalid(QStringLiteral("%1: %2").arg(path, why));
    return *amount;
}

// A JSON number that a third party sends for a price (e.g. the proxy's price_usd): rounded
// explicitly to 7 decimals, then parsed as a decimal, so no double is kept.
template<Currency C>
Result<Amount<C>> numberToAmount(const QJsonValue &value, const QString &path)
{
    if (value.isString())
        return toAmount<C>(value, path);
    if (!value.isDouble())
        return Error::invalid(QStringLiteral("%1: expected a number, got %2").arg(path, describe(value)));
    const QString text = QString::number(value.toDouble(), 'f', fixed::kAmountDecimals);
    QString why;
    auto amount = Amount<C>::parse(text, &why);
    if (!amount)
        return Error::invalid(QStringLiteral("%1: %2 (got %3)").arg(path, why, describe(value)));
    return *amount;
}

// Parses a whole document. `what` names it in the error ("reply from http://…/nodes").
Result<QJsonDocument> parseDocument(const QByteArray &bytes, const QString &what);
Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what);
Result<QJsonArray> parseArray(const QByteArray &bytes, const QString &what);

// Reads the fields of one object, collecting every problem instead of stopping at the first, so
// a partial record reports all its missing required fields at once. Child readers (nested
// objects) share the same list of problems. Getters return a fallback when the field is
// missing or wrong; check ok() before using anything.
class ObjectReader
{
public:
    // `what` names the record in the error ("node 574"); `path` prefixes field names.
    ObjectReader(const QJsonObject &object, const QString &what, const QString &path = {});

    std::optional<qint64> integer(const QString &key, bool required, qint64 min = -kMaxExactInteger,
                                  qint64 max = kMaxExactInteger);
    std::optional<quint64> unsignedInt(const QString &key, bool required);
    std::optional<QString> string(const QString &key, bool required);
    std::optional<bool> boolean(const QString &key, bool required);
    std::optional<QJsonArray> array(const QString &key, bool required);
    // A reader over a nested object; when missing or not an object the child reads nothing.
    ObjectReader object(const QString &key, bool required);
    // A nested reader that is present (object found) or not.
    bool present() const { return m_present; }

    // A reader over an object the caller found elsewhere (an array element), sharing the list
    // of problems; `path` names it ("checks[2]").
    ObjectReader nested(const QJsonObject &object, const QString &path) const;

    // A field-specific problem found by the caller (e.g. an unknown enum value).
    void addProblem(const QString &key, const QString &problem);
    // A problem whose message already names its path.
    void addMessage(const QString &message);
    void setWhat(const QString &what) { m_sink->what = what; }

    bool ok() const { return m_sink->missing.isEmpty() && m_sink->invalid.isEmpty(); }
    // "node 574: missing required fields farmId, status; total_resources.mru: expected …"
    Error error() const;

private:
    struct Sink
    {
        QString what;
        QStringList missing;
        QStringList invalid;
    };
    ObjectReader(const QJsonObject &object, std::shared_ptr<Sink> sink, const QString &path, bool present);
    std::optional<QJsonValue> fetch(const QString &key, bool required);
    template<class T>
    std::optional<T> take(Result<T> result);

    QJsonObject m_object;
    std::shared_ptr<Sink> m_sink;
    QString m_path;
    bool m_present = true;
};

} // namespace griddeck::json
