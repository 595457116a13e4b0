#include "sim/SimReply.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace griddeck {

SimReply SimReply::proxyError(int status, const QString &message)
{
    SimReply r = error(status, message);
    r.body += '\n';
    return r;
}

SimReply SimReply::json(const QJsonObject &object, int status)
{
    SimReply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

SimReply SimReply::json(const QJsonArray &array, int status)
{
    SimReply r;
    r.status = status;
    r.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return r;
}

SimReply SimReply::error(int status, const QString &message)
{
    return json(QJsonObject{{QStringLiteral("error"), message}}, status);
}

SimFields::SimFields(const QJsonObject &object, const QString &prefix)
    : m_object(object)
    , m_prefix(prefix)
{
}

void SimFields::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

static QString shown(const QJsonValue &value)
{
    if (value.isString())
        return QStringLiteral("\"%1\"").arg(value.toString());
    if (value.isObject())
        return QStringLiteral("an object");
    if (value.isArray())
        return QStringLiteral("an array");
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

qint64 SimFields::integer(const QString &key, qint64 min, qint64 max, std::optional<qint64> fallback)
{
    const qint64 none = fallback.value_or(min);
    if (!ok())
        return none;
    if (!has(key)) {
        if (!fallback)
            fail(QStringLiteral("%1 is required").arg(name(key)));
        return none;
    }
    const QJsonValue v = m_object.value(key);
    const double d = v.toDouble();
    // 2^53: beyond it a JSON number no longer holds every whole value exactly.
    if (!v.isDouble() || std::floor(d) != d || std::fabs(d) > 9007199254740992.0) {
        fail(QStringLiteral("%1 must be a whole number (got %2)").arg(name(key), shown(v)));
        return none;
    }
    const auto n = static_cast<qint64>(d);
    if (n < min || n > max) {
        fail(QStringLiteral("%1 must be between %2 and %3 (got %4)").arg(name(key)).arg(min).arg(max).arg(n));
        return none;
    }
    return n;
}

QString SimFields::string(const QString &key, bool required, int maxLength)
{
    if (!ok())
        return QString();
    if (!has(key)) {
        if (required)
            fail(QStringLiteral("%1 is required").arg(name(key)));
        return QString();
    }
    const QJsonValue v = m_object.value(key);
    if (!v.isString()) {
        fail(QStringLiteral("%1 must be a string (got %2)").arg(name(key), shown(v)));
        return QString();
    }
    const QString s = v.toString();
    if (required && s.trimmed().isEmpty()) {
        fail(QStringLiteral("%1 must not be empty").arg(name(key)));
        return QString();
    }
    if (s.size() > maxLength) {
        fail(QStringLiteral("%1 is longer than %2 characters").arg(name(key)).arg(maxLength));
        return QString();
    }
    return s;
}

bool SimFields::boolean(const QString &key, bool fallback)
{
    if (!ok() || !has(key))
        return fallback;
    const QJsonValue v = m_object.value(key);
    if (!v.isBool()) {
        fail(QStringLiteral("%1 must be true or false (got %2)").arg(name(key), shown(v)));
        return fallback;
    }
    return v.toBool();
}

double SimFields::number(const QString &key, double min, double max, double fallback)
{
    if (!ok() || !has(key))
        return fallback;
    const QJsonValue v = m_object.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        fail(QStringLiteral("%1 must be a number (got %2)").arg(name(key), shown(v)));
        return fallback;
    }
    const double d = v.toDouble();
    if (d < min || d > max) {
        fail(QStringLiteral("%1 must be between %2 and %3 (got %4)").arg(name(key)).arg(min).arg(max).arg(d));
        return fallback;
    }
    return d;
}

QJsonObject SimFields::object(const QString &key)
{
    if (!ok() || !has(key))
        return {};
    const QJsonValue v = m_object.value(key);
    if (!v.isObject()) {
        fail(QStringLiteral("%1 must be an object (got %2)").arg(name(key), shown(v)));
        return {};
    }
    return v.toObject();
}

QJsonArray SimFields::array(const QString &key, bool required)
{
    if (!ok())
        return {};
    if (!has(key)) {
        if (required)
            fail(QStringLiteral("%1 is required").arg(name(key)));
        return {};
    }
    const QJsonValue v = m_object.value(key);
    if (!v.isArray()) {
        fail(QStringLiteral("%1 must be an array (got %2)").arg(name(key), shown(v)));
        return {};
    }
    return v.toArray();
}

std::optional<QJsonObject> parseJsonObjectBody(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the body is not valid JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("the body must be a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

} // namespace griddeck
