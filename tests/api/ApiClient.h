#pragma once
// A real HTTP client for the API tests: QNetworkAccessManager over loopback, one call at a
// time, waiting on the reply's finished signal.

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QUrl>

namespace griddeck::test {

struct ApiReply
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QString errorCode() const
    {
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
    QString errorMessage() const
    {
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    }
};

class ApiClient
{
public:
    explicit ApiClient(QUrl base)
        : m_base(std::move(base))
    {
    }

    ApiReply call(const QByteArray &method, const QString &path, const QString &token = QString(),
        const QByteArray &body = QByteArray())
    {
        QUrl url = m_base;
        const qsizetype q = path.indexOf(u'?');
        url.setPath(q < 0 ? path : path.left(q));
        if (q >= 0)
            url.setQuery(path.mid(q + 1));
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        if (!body.isNull())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(30000);
        ApiReply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        for (const auto &h : reply->rawHeaderPairs())
            out.headers.insert(h.first.toLower(), h.second);
        reply->deleteLater();
        return out;
    }

    ApiReply get(const QString &path, const QString &token) { return call("GET", path, token); }
    ApiReply post(const QString &path, const QString &token, const QJsonObject &body = QJsonObject())
    {
        return call("POST", path, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

private:
    QUrl m_base;
    QNetworkAccessManager m_network;
};

} // namespace griddeck::test
