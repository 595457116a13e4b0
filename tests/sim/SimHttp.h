#pragma once
// Helpers shared by the simulator tests: a blocking-looking HTTP call that really spins the
// event loop (the simulator answers from the same thread), and request bodies and node picks.

#include "sim/GridSimulator.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <functional>

namespace griddeck::simtest {

inline constexpr qint64 GiB = 1073741824LL;

using NodeFilter = std::function<bool(const QJsonObject &)>;

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    bool validJson() const { return !QJsonDocument::fromJson(body).isNull(); }
};

class Http
{
public:
    explicit Http(const QUrl &base)
        : m_base(base)
    {
    }
    HttpReply get(const QString &target, int timeoutMs = 5000) { return send("GET", target, {}, {}, timeoutMs); }
    HttpReply post(const QString &target, const QJsonObject &body, const QByteArray &key = {})
    {
        return send("POST", target, QJsonDocument(body).toJson(QJsonDocument::Compact), key, 5000);
    }
    HttpReply send(const QByteArray &method, const QString &target, const QByteArray &body, const QByteArray &key, int timeoutMs)
    {
        QNetworkRequest request(QUrl(m_base.toString() + target));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(timeoutMs);
        if (!key.isEmpty())
            request.setRawHeader("Idempotency-Key", key);
        QNetworkReply *reply = method == "GET" ? m_nam.get(request) : m_nam.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(timeoutMs + 5000);
        HttpReply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen())
            out.body = reply->readAll();
        out.error = reply->error();
        for (const auto &h : reply->rawHeaderPairs())
            out.headers.insert(h.first.toLower(), h.second);
        reply->deleteLater();
        return out;
    }

private:
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

inline SimOptions fastOptions(quint64 seed = 1)
{
    SimOptions o;
    o.seed = seed;
    o.readyDelayMs = 50;
    return o;
}

inline qint64 freeOf(const QJsonObject &node, const char *resource)
{
    const qint64 t = node.value(QStringLiteral("total_resources")).toObject().value(QLatin1String(resource)).toInteger();
    const qint64 u = node.value(QStringLiteral("used_resources")).toObject().value(QLatin1String(resource)).toInteger();
    return std::max<qint64>(0, t - u);
}

// GET /nodes/{id} nests capacity (NodeWithNestedCapacity); the list's flat form of it.
inline QJsonObject flatNode(QJsonObject node)
{
    const QJsonObject capacity = node.take(QStringLiteral("capacity")).toObject();
    node.insert(QStringLiteral("total_resources"), capacity.value(QStringLiteral("total_resources")));
    node.insert(QStringLiteral("used_resources"), capacity.value(QStringLiteral("used_resources")));
    return node;
}

// The test's own reading of the filters, written from the API document, not from the simulator.
inline QList<qint64> bruteForce(const QList<QJsonObject> &fleet, const NodeFilter &keep)
{
    QList<qint64> ids;
    for (const QJsonObject &n : fleet)
        if (keep(n))
            ids.append(n.value(QStringLiteral("nodeId")).toInteger());
    std::sort(ids.begin(), ids.end());
    return ids;
}

inline QList<qint64> idsOf(const QJsonArray &nodes)
{
    QList<qint64> ids;
    for (const QJsonValue &v : nodes)
        ids.append(v.toObject().value(QStringLiteral("nodeId")).toInteger());
    return ids;
}

// A node that can take a small deployment: up, healthy, available to any twin (not rented, not
// in a dedicated farm, no extra fee), room to spare.
inline QJsonObject roomyNode(const GridSimulator &sim, qint64 minFreeMru = 16 * GiB)
{
    for (const QJsonObject &n : sim.fleet())
        if (n.value(QStringLiteral("status")).toString() == u"up" && n.value(QStringLiteral("healthy")).toBool()
            && !n.value(QStringLiteral("inDedicatedFarm")).toBool() && !n.value(QStringLiteral("rented")).toBool()
            && n.value(QStringLiteral("extraFee")).toInteger() == 0
            && freeOf(n, "mru") >= minFreeMru && freeOf(n, "sru") >= 200 * GiB)
            return n;
    return {};
}

inline QJsonObject vmBody(qint64 nodeId, qint64 jobId = 42, qint64 memory = 4)
{
    return {{QStringLiteral("type"), QStringLiteral("vm")},
            {QStringLiteral("name"), QStringLiteral("griddeck_%1").arg(jobId)},
            {QStringLiteral("job_id"), jobId},
            {QStringLiteral("node_id"), nodeId},
            {QStringLiteral("cpu"), 2},
            {QStringLiteral("memory"), memory},
            {QStringLiteral("storage"), 50},
            {QStringLiteral("os"), QStringLiteral("ubuntu")},
            {QStringLiteral("version"), QStringLiteral("22.04")},
            {QStringLiteral("network"), QJsonObject{{QStringLiteral("public_ipv4"), false}, {QStringLiteral("public_ipv6"), true},
                                                    {QStringLiteral("mycelium"), true}, {QStringLiteral("planetary"), false}}},
            {QStringLiteral("environment"), QJsonObject{{QStringLiteral("KEY"), QStringLiteral("value")}}},
            {QStringLiteral("payment"), QJsonObject{{QStringLiteral("amount"), QStringLiteral("2231.4000000")},
                                                    {QStringLiteral("currency"), QStringLiteral("TFT")}}}};
}

inline const QString kHorizon = QStringLiteral(
    "/paths/strict-receive?source_assets=USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN"
    "&destination_asset_type=credit_alphanum4&destination_asset_code=TFT"
    "&destination_asset_issuer=GBOVQKJYHXRR3DX6NOX2RRYFRCUMSADGDESTDNBDS6CDVLGVESRTAC47&destination_amount=100");
inline const QString kCoinGecko = QStringLiteral("/api/v3/simple/price?ids=threefold-token&vs_currencies=usd");

inline QString lowestSourceAmount(const HttpReply &reply)
{
    QString lowest;
    for (const QJsonValue &v : reply.object().value(QStringLiteral("_embedded")).toObject().value(QStringLiteral("records")).toArray()) {
        const QString a = v.toObject().value(QStringLiteral("source_amount")).toString();
        if (lowest.isEmpty() || Usd::parse(a).value() < Usd::parse(lowest).value())
            lowest = a;
    }
    return lowest;
}


} // namespace griddeck::simtest

Q_DECLARE_METATYPE(griddeck::simtest::NodeFilter)
