// HttpClient against a real loopback HTTP server stood up in the test: headers sent, error
// classification (transient vs permanent), timeouts, the asynchronous contract, and the
// blocking variant on a worker thread (refused on the main thread).

#include "CannedHttpServer.h"
#include "TestSupport.h"
#include "grid/HttpClient.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QtTest>

#include <atomic>

using namespace griddeck;
using test::CannedHttpServer;
using test::CannedReply;
using test::CannedRequest;

namespace {

// Runs an asynchronous call and spins the event loop until its callback ran.
std::optional<HttpResult> await(const std::function<void(HttpClient::Callback)> &start, int timeoutMs = 10'000)
{
    std::optional<HttpResult> out;
    start([&out](HttpResult r) { out.emplace(std::move(r)); });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < timeoutMs)
        QTest::qWait(5);
    return out;
}

QString why(const HttpResult &r)
{
    return r.ok() ? QStringLiteral("(ok)") : r.error().message;
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void getSendsUserAgentAndReadsJson()
    {
        CannedHttpServer server([](const CannedRequest &) {
            CannedReply r = CannedReply::json(200, R"({"a": 1})");
            r.headers = {{"Count", "5"}, {"pages", "2"}};
            return r;
        });
        HttpClient http;
        auto r = await([&](auto cb) { http.get(server.url(QStringLiteral("/nodes?status=up")), cb); });
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(why(*r)));
        QCOMPARE(r->value().status, 200);
        QCOMPARE(r->value().json.object().value(QStringLiteral("a")).toInt(), 1);
        QCOMPARE(r->value().header("count"), QByteArray("5"));
        QCOMPARE(r->value().header("PAGES"), QByteArray("2"));
        QCOMPARE(server.requests().size(), 1);
        const CannedRequest &req = server.requests().first();
        QCOMPARE(req.method, QByteArray("GET"));
        QCOMPARE(req.target, QByteArray("/nodes?status=up"));
        QCOMPARE(req.headers.value("user-agent"), QByteArray("GridDeck/0.1"));
        QCOMPARE(req.headers.value("accept"), QByteArray("application/json"));
        QVERIFY(!req.headers.contains("idempotency-key"));
    }

    void postSendsIdempotencyKeyAndJsonBody()
    {
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::json(201, R"({"id": "dep-1"})"); });
        HttpClient http;
        const QJsonObject body{{"type", "vm"}, {"payment", QJsonObject{{"amount", "2231.4000000"}}}};
        auto r = await([&](auto cb) { http.post(server.url(QStringLiteral("/deployments/vm")), body, "job-42-deploy-1", cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().status, 201);
        const CannedRequest &req = server.requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.headers.value("idempotency-key"), QByteArray("job-42-deploy-1"));
        QCOMPARE(req.headers.value("user-agent"), QByteArray("GridDeck/0.1"));
        QCOMPARE(req.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(QJsonDocument::fromJson(req.body).object(), body);
    }

    void statusClassification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<QString>("expected");
        QTest::newRow("503") << 503 << QByteArray(R"({"error": "maintenance, come back soon"})") << true
                             << "HTTP 503: maintenance, come back soon";
        QTest::newRow("500 no body") << 500 << QByteArray() << true << "HTTP 500: Internal Server Error";
        QTest::newRow("429") << 429 << QByteArray(R"({"error": "slow down"})") << true << "HTTP 429: slow down";
        QTest::newRow("404") << 404 << QByteArray(R"({"error": "node 99 not found"})") << false
                             << "HTTP 404: node 99 not found";
        QTest::newRow("400") << 400 << QByteArray(R"({"error": "cpu: expected a positive integer"})") << false
                             << "HTTP 400: cpu: expected a positive integer";
        QTest::newRow("422") << 422 << QByteArray(R"({"error": "node 4211 reported: not enough storage"})") << false
                             << "HTTP 422: node 4211 reported: not enough storage";
        QTest::newRow("409 plain text") << 409 << QByteArray("conflict!") << false << "HTTP 409: Conflict";
    }

    void statusClassification()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, transient);
        QFETCH(QString, expected);
        CannedHttpServer server([&](const CannedRequest &) { return CannedReply::json(status, body); });
        HttpClient http;
        const QUrl url = server.url(QStringLiteral("/nodes/99"));
        auto r = await([&](auto cb) { http.get(url, cb); });
        QVERIFY(r && !r->ok());
        const HttpError &e = r->error();
        QCOMPARE(e.status, status);
        QCOMPARE(e.isTransient(), transient);
        QCOMPARE(e.url, url.toDisplayString());
        QVERIFY2(e.message.startsWith(QStringLiteral("GET ") + url.toDisplayString()), qPrintable(e.message));
        QVERIFY2(e.message.contains(expected), qPrintable(e.message));
        QCOMPARE(e.toError().kind, transient ? ErrorKind::Transient : ErrorKind::Permanent);
        QCOMPARE(r->toResult().error().message, e.message);
    }

    void malformedBodyIsTransient()
    {
        QByteArray body;
        CannedHttpServer server([&](const CannedRequest &) { return CannedReply::json(200, body); });
        HttpClient http;
        for (const QByteArray &bad : {QByteArray("{\"nodes\": [1, 2"), QByteArray(), QByteArray("\"a string\""),
                                      QByteArray("<html>oops</html>")}) {
            body = bad;
            auto r = await([&](auto cb) { http.get(server.url(QStringLiteral("/stats")), cb); });
            QVERIFY(r && !r->ok());
            QVERIFY(r->error().isTransient());
            QCOMPARE(r->error().status, 200);
            QVERIFY2(r->error().message.contains(QStringLiteral("malformed reply")), qPrintable(r->error().message));
        }
        // When the caller does not expect JSON, any 2xx body is fine.
        body = "plain text";
        HttpRequestOptions raw;
        raw.expectJson = false;
        auto r = await([&](auto cb) { http.get(server.url(QStringLiteral("/x")), cb, raw); });
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().body, QByteArray("plain text"));
    }

    void timeoutIsTransient()
    {
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::hang(); });
        HttpClient http(300);
        QElapsedTimer t;
        t.start();
        auto r = await([&](auto cb) { http.get(server.url(QStringLiteral("/slow")), cb); });
        QVERIFY(r && !r->ok());
        QVERIFY(r->error().isTransient());
        QCOMPARE(r->error().status, 0);
        QVERIFY2(r->error().message.contains(QStringLiteral("timed out")), qPrintable(r->error().message));
        QVERIFY2(t.elapsed() < 5000, "the transfer timeout must end the request");
        // The per-request timeout overrides the client's default.
        HttpRequestOptions quick;
        quick.timeoutMs = 100;
        auto q = await([&](auto cb) { HttpClient(60'000).get(server.url(QStringLiteral("/slow")), cb, quick); });
        QVERIFY(q && !q->ok());
        QVERIFY2(q->error().message.contains(QStringLiteral("100 ms")), qPrintable(q->error().message));
    }

    void connectionRefusedIsTransient()
    {
        const test::ReservedPort closed; // bound, not listening: connecting is refused
        const quint16 port = closed.port();
        HttpClient http;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/nodes").arg(port));
        auto r = await([&](auto cb) { http.get(url, cb); });
        QVERIFY(r && !r->ok());
        QVERIFY(r->error().isTransient());
        QVERIFY2(r->error().message.contains(QStringLiteral("connection refused")), qPrintable(r->error().message));
        QVERIFY(r->error().message.contains(url.toDisplayString()));
    }

    void droppedConnectionIsTransient()
    {
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::drop(); });
        HttpClient http;
        auto r = await([&](auto cb) { http.get(server.url(QStringLiteral("/drop")), cb); });
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error().isTransient(), qPrintable(r->error().message));
    }

    void invalidUrlIsPermanentAndStillAsynchronous()
    {
        HttpClient http;
        bool called = false;
        std::optional<HttpResult> out;
        http.get(QUrl(QStringLiteral("ftp://example.org/x")), [&](HttpResult r) {
            called = true;
            out.emplace(std::move(r));
        });
        QVERIFY(!called); // never inside get()
        QTRY_VERIFY(called);
        QVERIFY(!out->ok());
        QVERIFY(!out->error().isTransient());
        QVERIFY2(out->error().message.contains(QStringLiteral("not a valid http(s) URL")), qPrintable(out->error().message));
    }

    void callbackNeverRunsInsideTheCall()
    {
        CannedHttpServer server;
        HttpClient http;
        bool called = false;
        http.get(server.url(), [&](HttpResult) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

    void destroyedContextDropsTheCallback()
    {
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::hang(); });
        HttpClient http(2000);
        bool called = false;
        auto *context = new QObject;
        HttpRequestOptions options;
        options.context = context;
        http.get(server.url(QStringLiteral("/slow")), [&](HttpResult) { called = true; }, options);
        QTRY_COMPARE(server.requests().size(), 1);
        delete context; // aborts the request
        QTest::qWait(100);
        QVERIFY(!called);
    }

    void requesterDyingLikeAWidgetDropsTheCallback()
    {
        // QWidget emits destroyed() from its own destructor, after the subclass is gone but
        // while a QPointer to it still reads non-null; the aborted reply must not call back.
        struct DyingLikeAWidget : QObject
        {
            ~DyingLikeAWidget() override { Q_EMIT destroyed(this); }
        };
        CannedHttpServer server([](const CannedRequest &) { return CannedReply::hang(); });
        HttpClient http(2000);
        bool called = false;
        auto *requester = new DyingLikeAWidget;
        HttpRequestOptions options;
        options.context = requester;
        http.get(server.url(QStringLiteral("/slow")), [&](HttpResult) { called = true; }, options);
        QTRY_COMPARE(server.requests().size(), 1);
        delete requester; // the abort's finished() runs inside this delete
        QVERIFY(!called);
        QCoreApplication::processEvents();
        QVERIFY(!called);
    }

    void blockingCallWorksOnAWorkerThread()
    {
        CannedHttpServer server([](const CannedRequest &req) {
            if (req.method == "POST")
                return CannedReply::json(201, R"({"ok": true})");
            return CannedReply::json(503, R"({"error": "busy"})");
        });
        const QUrl url = server.url(QStringLiteral("/deployments/vm"));
        std::atomic<bool> done{false};
        QMutex mutex;
        std::optional<HttpResult> posted;
        std::optional<HttpResult> got;
        bool wasMainThread = true;
        QThread *worker = QThread::create([&] {
            HttpClient http;
            HttpResult p = http.blockingPost(url, QJsonObject{{"a", 1}}, "job-7-deploy-1");
            HttpResult g = http.blockingGet(url);
            QMutexLocker lock(&mutex);
            wasMainThread = HttpClient::onMainThread();
            posted.emplace(std::move(p));
            got.emplace(std::move(g));
            done = true;
        });
        worker->start();
        // The main thread keeps serving while the worker waits.
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
        worker->wait();
        delete worker;
        QMutexLocker lock(&mutex);
        QVERIFY(!wasMainThread);
        QVERIFY2(posted->ok(), qPrintable(why(*posted)));
        QCOMPARE(posted->value().status, 201);
        QVERIFY(!got->ok());
        QVERIFY(got->error().isTransient());
        QCOMPARE(got->error().status, 503);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().first().headers.value("idempotency-key"), QByteArray("job-7-deploy-1"));
    }

    void blockingCallIsRefusedOnTheMainThread()
    {
        CannedHttpServer server;
        HttpClient http;
        QVERIFY(HttpClient::onMainThread());
        HttpResult r = http.blockingGet(server.url());
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("refused on the main thread")), qPrintable(r.error().message));
        HttpResult p = http.blockingPost(server.url(), {}, "k");
        QVERIFY(!p.ok());
        QTest::qWait(50);
        QCOMPARE(server.requests().size(), 0); // nothing was sent
    }

    void serverErrorSentence()
    {
        QCOMPARE(griddeck::serverErrorSentence(R"({"error": "  node 4211\n reported: x "})"),
                 QStringLiteral("node 4211 reported: x"));
        QVERIFY(griddeck::serverErrorSentence(R"({"error": 5})").isEmpty());
        QVERIFY(griddeck::serverErrorSentence("[]").isEmpty());
        QVERIFY(griddeck::serverErrorSentence("not json").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
