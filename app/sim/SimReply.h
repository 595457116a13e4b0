#pragma once
// What a simulator handler answers (status, JSON body, extra headers), and a reader for JSON
// request bodies that stops at the first bad field and names it.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace griddeck {

struct SimReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QList<QPair<QByteArray, QByteArray>> headers;

    static SimReply json(const QJsonObject &object, int status = 200);
    static SimReply json(const QJsonArray &array, int status = 200);
    // {"error": message}, the gateway's error shape.
    static SimReply error(int status, const QString &message);
    // The Grid Proxy's error body (grid-proxy internal/explorer/mw/action.go AsHandlerFunc):
    // {"error":"<message>"} and a newline, as Go's json.Encoder writes it.
    static SimReply proxyError(int status, const QString &message);
};

// Reads typed fields from a JSON object. After the first failure every read returns its
// fallback and error() holds a sentence naming the field ("cpu must be a whole number ...").
class SimFields
{
public:
    explicit SimFields(const QJsonObject &object, const QString &prefix = QString());

    bool has(const QString &key) const { return m_object.contains(key) && !m_object.value(key).isNull(); }
    // A whole JSON number in [min, max]; absent → fallback, or an error when there is none.
    qint64 integer(const QString &key, qint64 min, qint64 max, std::optional<qint64> fallback = std::nullopt);
    QString string(const QString &key, bool required, int maxLength = 256);
    bool boolean(const QString &key, bool fallback);
    // A probability or other JSON number in [min, max].
    double number(const QString &key, double min, double max, double fallback);
    QJsonObject object(const QString &key);
    QJsonArray array(const QString &key, bool required);

    void fail(const QString &message);
    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    QString name(const QString &key) const { return m_prefix + key; }

private:
    QJsonObject m_object;
    QString m_prefix;
    QString m_error;
};

// Parses a request body that must be one JSON object; on failure returns nullopt and a sentence.
std::optional<QJsonObject> parseJsonObjectBody(const QByteArray &body, QString *error);

} // namespace griddeck
