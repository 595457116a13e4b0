#include "grid/Json.h"

#include <QJsonParseError>
#include <QLocale>

#include <cmath>

namespace griddeck::json {

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // toInteger is exact for integers the parser stored as such; doubles are shown as read.
        const qint64 asInt = value.toInteger(0);
        if (asInt == value.toInteger(1))
            return QString::number(asInt);
        // Huge values in exponent form: "18446744073709552000" would look like an exact integer.
        const double d = value.toDouble();
        return QString::number(d, std::fabs(d) >= 1e15 ? 'e' : 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String: {
        QString text = value.toString();
        if (text.size() > 40)
            text = text.left(37) + QStringLiteral("...");
        return u'"' + text + u'"';
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString joinPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + u'.' + key;
}

Result<qint64> toInteger(const QJsonValue &value, const QString &path, qint64 min, qint64 max)
{
    const auto expected = [&] {
        if (min == 0 && max == kMaxExactInteger)
            return QStringLiteral("a non-negative integer");
        if (min == -kMaxExactInteger && max == kMaxExactInteger)
            return QStringLiteral("an integer");
        return QStringLiteral("an integer from %1 to %2").arg(min).arg(max);
    };
    if (!value.isDouble())
        return Error::invalid(QStringLiteral("%1: expected %2, got %3").arg(path, expected(), describe(value)));
    // toInteger returns the fallback for fractions and for values outside qint64; two different
    // fallbacks tell a stored integer apart from "not representable".
    const qint64 a = value.toInteger(0);
    const qint64 b = value.toInteger(1);
    if (a != b) {
        const double d = value.toDouble();
        const bool whole = std::isfinite(d) && std::trunc(d) == d;
        return Error::invalid(QStringLiteral("%1: expected %2, got %3 (%4)")
                                  .arg(path, expected(), describe(value),
                                       whole ? QStringLiteral("too large to hold exactly")
                                             : QStringLiteral("not a whole number")));
    }
    if (a > kMaxExactInteger || a < -kMaxExactInteger)
        return Error::invalid(QStringLiteral("%1: expected %2, got %3 (larger than 2^53, cannot be exact)")
                                  .arg(path, expected(), describe(value)));
    if (a < min || a > max)
        return Error::invalid(QStringLiteral("%1: expected %2, got %3").arg(path, expected(), describe(value)));
    return a;
}

Result<quint64> toUnsigned(const QJsonValue &value, const QString &path, quint64 max)
{
    auto v = toInteger(value, path, 0, static_cast<qint64>(qMin<quint64>(max, kMaxExactInteger)));
    if (!v)
        return v.error();
    return static_cast<quint64>(v.value());
}

Result<QString> toString(const QJsonValue &value, const QString &path)
{
    if (!value.isString())
        return Error::invalid(QStringLiteral("%1: expected a string, got %2").arg(path, describe(value)));
    return value.toString();
}

Result<bool> toBool(const QJsonValue &value, const QString &path)
{
    if (!value.isBool())
        return Error::invalid(QStringLiteral("%1: expected true or false, got %2").arg(path, describe(value)));
    return value.toBool();
}

Result<QJsonObject> toObject(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return Error::invalid(QStringLiteral("%1: expected an object, got %2").arg(path, describe(value)));
    return value.toObject();
}

Result<QJsonArray> toArray(const QJsonValue &value, const QString &path)
{
    if (!value.isArray())
        return Error::invalid(QStringLiteral("%1: expected an array, got %2").arg(path, describe(value)));
    return value.toArray();
}

Result<QJsonDocument> parseDocument(const QByteArray &bytes, const QString &what)
{
    if (bytes.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("%1 is empty, expected JSON").arg(what));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("%1 is not valid JSON: %2 at byte %3")
                                  .arg(what, parseError.errorString())
                                  .arg(parseError.offset));
    return doc;
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what)
{
    auto doc = parseDocument(bytes, what);
    if (!doc)
        return doc.error();
    if (!doc->isObject())
        return Error::invalid(QStringLiteral("%1: expected a JSON object, got an array").arg(what));
    return doc->object();
}

Result<QJsonArray> parseArray(const QByteArray &bytes, const QString &what)
{
    auto doc = parseDocument(bytes, what);
    if (!doc)
        return doc.error();
    if (!doc->isArray())
        return Error::invalid(QStringLiteral("%1: expected a JSON array, got an object").arg(what));
    return doc->array();
}

// --- ObjectReader ---------------------------------------------------------------------------

ObjectReader::ObjectReader(const QJsonObject &object, const QString &what, const QString &path)
    : ObjectReader(object, std::make_shared<Sink>(), path, true)
{
    m_sink->what = what;
}

ObjectReader::ObjectReader(const QJsonObject &object, std::shared_ptr<Sink> sink, const QString &path, bool present)
    : m_object(object)
    , m_sink(std::move(sink))
    , m_path(path)
    , m_present(present)
{
}

std::optional<QJsonValue> ObjectReader::fetch(const QString &key, bool required)
{
    if (!m_present)
        return std::nullopt; // the parent object is missing: already reported once
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd()) {
        if (required)
            m_sink->missing.append(joinPath(m_path, key));
        return std::nullopt;
    }
    // null counts as absent for optional fields (the proxy sends null for unset values), but a
    // required field must hold something.
    if (it->isNull()) {
        if (required)
            m_sink->invalid.append(QStringLiteral("%1: required, got null").arg(joinPath(m_path, key)));
        return std::nullopt;
    }
    return *it;
}

template<class T>
std::optional<T> ObjectReader::take(Result<T> result)
{
    if (!result) {
        m_sink->invalid.append(result.error().message);
        return std::nullopt;
    }
    return std::move(result).value();
}

std::optional<qint64> ObjectReader::integer(const QString &key, bool required, qint64 min, qint64 max)
{
    auto v = fetch(key, required);
    if (!v)
        return std::nullopt;
    return take(toInteger(*v, joinPath(m_path, key), min, max));
}

std::optional<quint64> ObjectReader::unsignedInt(const QString &key, bool required)
{
    auto v = fetch(key, required);
    if (!v)
        return std::nullopt;
    return take(toUnsigned(*v, joinPath(m_path, key)));
}

std::optional<QString> ObjectReader::string(const QString &key, bool required)
{
    auto v = fetch(key, required);
    if (!v)
        return std::nullopt;
    return take(toString(*v, joinPath(m_path, key)));
}

std::optional<bool> ObjectReader::boolean(const QString &key, bool required)
{
    auto v = fetch(key, required);
    if (!v)
        return std::nullopt;
    return take(toBool(*v, joinPath(m_path, key)));
}

std::optional<QJsonArray> ObjectReader::array(const QString &key, bool required)
{
    auto v = fetch(key, required);
    if (!v)
        return std::nullopt;
    return take(toArray(*v, joinPath(m_path, key)));
}

ObjectReader ObjectReader::object(const QString &key, bool required)
{
    const QString path = joinPath(m_path, key);
    auto v = fetch(key, required);
    if (!v)
        return ObjectReader({}, m_sink, path, false);
    auto obj = take(toObject(*v, path));
    if (!obj)
        return ObjectReader({}, m_sink, path, false);
    return ObjectReader(*obj, m_sink, path, true);
}

ObjectReader ObjectReader::nested(const QJsonObject &object, const QString &path) const
{
    return ObjectReader(object, m_sink, joinPath(m_path, path), true);
}

void ObjectReader::addMessage(const QString &message)
{
    m_sink->invalid.append(message);
}

void ObjectReader::addProblem(const QString &key, const QString &problem)
{
    m_sink->invalid.append(QStringLiteral("%1: %2").arg(joinPath(m_path, key), problem));
}

Error ObjectReader::error() const
{
    QStringList parts;
    if (m_sink->missing.size() == 1)
        parts.append(QStringLiteral("missing required field %1").arg(m_sink->missing.first()));
    else if (!m_sink->missing.isEmpty())
        parts.append(QStringLiteral("missing required fields %1").arg(m_sink->missing.join(QStringLiteral(", "))));
    parts.append(m_sink->invalid);
    const QString body = parts.join(QStringLiteral("; "));
    return Error::invalid(m_sink->what.isEmpty() ? body : m_sink->what + QStringLiteral(": ") + body);
}

} // namespace griddeck::json
