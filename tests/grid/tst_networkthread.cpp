// The pipeline's network thread against real loopback servers: the per-host bound (no more
// than N requests in flight to one origin, the rest queued, other origins not held up), more
// than Qt's six connections per manager when the bound allows it, abortAll() at shutdown, and
// a coroutine that waits for a reply without holding its worker thread.

#include "TestSupport.h"
#include "domain/PoolExecutor.h"
#include "domain/Task.h"
#include "grid/HttpClient.h"
#include "grid/NetworkThread.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThreadPool>
#include <QTimer>
#include <QtTest>
#include <atomic>

using namespace griddeck;

namespace {

// Answers each request `delayMs` after it arrived ({"n": <order>}), or never (delayMs < 0);
// counts the requests open (received, not answered) and the most open at once.
class SlowServer
{
public:
    explicit SlowServer(int delayMs)
        : m_delayMs(delayMs)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        buffer->remove(0, end + 4); // GETs only: no body
                        ++m_received;
                        m_peak = std::max(m_peak, ++m_open);
                        if (m_delayMs < 0)
                            continue;
                        QPointer<QTcpSocket> alive(socket);
                        QTimer::singleShot(m_delayMs, socket, [this, alive] {
                            if (!alive)
                                return;
                            --m_open;
                            const QByteArray body = "{\"n\": " + QByteArray::number(++m_answered) + "}";
                            alive->write(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                        });
                    }
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(m_server.serverPort())); }
    int open() const { return m_open; }
    int peak() const { return m_peak; }
    int received() const { return m_received; }

private:
    QTcpServer m_server;
    int m_delayMs;
    int m_open = 0;
    int m_peak = 0;
    int m_received = 0;
    int m_answered = 0;
};

// Answers every request after `delayMs` ({"n": <order>}) except those whose order (from 1) is in
// `silentOn`: those are never answered. Reads bodies (Content-Length), so POSTs work too;
// counts the silent requests whose connection the client closed (an aborted request).
class SelectiveServer
{
public:
    SelectiveServer(int delayMs, QSet<int> silentOn)
        : m_delayMs(delayMs)
        , m_silentOn(std::move(silentOn))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                auto silent = std::make_shared<bool>(false);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer, silent] {
                    buffer->append(socket->readAll());
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        const QByteArray head = buffer->left(end).toLower();
                        qsizetype length = 0;
                        if (const qsizetype at = head.indexOf("content-length:"); at >= 0)
                            length
                                = head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
                        if (buffer->size() < end + 4 + length)
                            return;
                        QByteArray key;
                        if (const qsizetype at = head.indexOf("idempotency-key:"); at >= 0)
                            key = buffer->mid(at + 16, buffer->indexOf('\r', at) - at - 16).trimmed();
                        m_requests.append(key + ' ' + buffer->mid(end + 4, length));
                        buffer->remove(0, end + 4 + length);
                        const int n = ++m_received;
                        if (m_silentOn.contains(n)) {
                            *silent = true;
                            continue;
                        }
                        QPointer<QTcpSocket> alive(socket);
                        QTimer::singleShot(m_delayMs, socket, [alive, n] {
                            if (!alive)
                                return;
                            const QByteArray body = "{\"n\": " + QByteArray::number(n) + "}";
                            alive->write(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                        });
                    }
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, socket, silent] {
                    m_silentClosed += *silent ? 1 : 0;
                    socket->deleteLater();
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(m_server.serverPort())); }
    int received() const { return m_received; }
    int silentClosed() const { return m_silentClosed; }
    // Each request's Idempotency-Key (empty if none) and body, "<key> <body>", in order.
    const QList<QByteArray> &requests() const { return m_requests; }

private:
    QTcpServer m_server;
    int m_delayMs;
    QSet<int> m_silentOn;
    QList<QByteArray> m_requests;
    int m_received = 0;
    int m_silentClosed = 0;
};

struct Outcomes
{
    QMutex mutex;
    QList<HttpResult> results;
    QElapsedTimer clock;
    qint64 lastAt = 0;
    int count()
    {
        QMutexLocker lock(&mutex);
        return int(results.size());
    }
};

// Sends `n` GETs to `url` from the network thread; each outcome lands in `out`.
void sendMany(const NetworkThread &net, const QUrl &url, int n, Outcomes *out, int timeoutMs = 10'000,
    bool noHedge = false)
{
    for (int i = 0; i < n; ++i) {
        net.post([url, out, timeoutMs, noHedge] {
            HttpRequestOptions options;
            options.noHedge = noHedge;
            HttpClient(timeoutMs).get(
                url,
                [out](HttpResult r) {
                    QMutexLocker lock(&out->mutex);
                    out->results.append(std::move(r));
                    out->lastAt = out->clock.elapsed();
                },
                options);
        });
    }
}

// Sends `n` GETs one after the other, each once the one before is answered; false if one is
// not answered in 5 s.
bool sendOneByOne(const NetworkThread &net, const QUrl &url, int n, Outcomes *out)
{
    for (int i = 0; i < n; ++i) {
        const int before = out->count();
        sendMany(net, url, 1, out);
        if (!QTest::qWaitFor([&] { return out->count() == before + 1; }, 5000))
            return false;
    }
    return true;
}

// Sends one POST of {"a": 1} with `key` (none if empty) from the network thread.
void postOnce(const NetworkThread &net, const QUrl &url, const QByteArray &key, Outcomes *out, int timeoutMs)
{
    net.post([url, key, out, timeoutMs] {
        HttpClient(timeoutMs).post(url, QJsonObject { { QStringLiteral("a"), 1 } }, key, [out](HttpResult r) {
            QMutexLocker lock(&out->mutex);
            out->results.append(std::move(r));
            out->lastAt = out->clock.elapsed();
        });
    });
}

// A step-like coroutine: one request, then the thread it continued on.
Task<QString> fetchOnce(const NetworkThread &net, QUrl url, int timeoutMs)
{
    auto replyCall
        = net.call<HttpResult>([url, timeoutMs](auto done) { HttpClient(timeoutMs).get(url, done); });
    auto reply = co_await replyCall;
    co_return (reply.ok() ? QStringLiteral("ok on ") : QStringLiteral("error on "))
        + QThread::currentThread()->objectName();
}

} // namespace

class TestNetworkThread : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundsRequestsInFlightPerHost()
    {
        SlowServer a(150), b(150);
        NetworkThread net(3);
        Outcomes fromA, fromB;
        fromA.clock.start();
        fromB.clock.start();
        sendMany(net, a.url(), 12, &fromA);
        sendMany(net, b.url(), 4, &fromB);
        QTRY_COMPARE_WITH_TIMEOUT(fromA.count() + fromB.count(), 16, 10'000);
        for (const HttpResult &r : std::as_const(fromA.results))
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        for (const HttpResult &r : std::as_const(fromB.results))
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        // Never more than three at once at either server, and the bound was reached.
        QCOMPARE(a.peak(), 3);
        QCOMPARE(b.peak(), 3);
        QCOMPARE(net.peakInFlight(), 3);
        // A's queue (four rounds) does not hold B up (two rounds).
        QVERIFY2(fromB.lastAt < fromA.lastAt,
            qPrintable(QStringLiteral("B done at %1 ms, A at %2 ms").arg(fromB.lastAt).arg(fromA.lastAt)));
        QVERIFY2(fromA.lastAt >= 4 * 150 - 50, qPrintable(QString::number(fromA.lastAt)));
    }

    void allowsMoreThanSixConnectionsWhenTheBoundDoes()
    {
        // Qt 6.4 opens at most six connections per host and manager; a bound of 10 must mean 10.
        SlowServer server(300);
        NetworkThread net(10);
        Outcomes out;
        out.clock.start();
        sendMany(net, server.url(), 20, &out);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 20, 10'000);
        QCOMPARE(server.peak(), 10);
        QCOMPARE(server.received(), 20);
    }

    void hedgesAnUnansweredGetOnce()
    {
        // Ten GETs answered in 20 ms teach the gate this origin's usual time; the eleventh is
        // never answered. Its second copy (sent well before the 10 s timeout) answers for it,
        // and the silent first copy is aborted, not left to hold a slot until its timeout.
        SelectiveServer server(20, { 11 });
        NetworkThread net(4);
        Outcomes out;
        out.clock.start();
        QVERIFY(sendOneByOne(net, server.url(), 10, &out)); // the gate learns the origin's usual time
        QCOMPARE(net.hedgesSent(), 0); // answered on time: never a second copy
        const qint64 sentAt = out.clock.elapsed();
        sendMany(net, server.url(), 1, &out);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 11, 5000);
        const HttpResult &last = out.results.last();
        QVERIFY2(last.ok(), qPrintable(last.ok() ? QString() : last.error().message));
        QCOMPARE(last->json.object().value(QStringLiteral("n")).toInt(), 12); // the second copy's answer
        QVERIFY2(out.lastAt - sentAt < 2000, qPrintable(QString::number(out.lastAt - sentAt)));
        QCOMPARE(net.hedgesSent(), 1);
        QCOMPARE(server.received(), 12);
        QTRY_COMPARE(server.silentClosed(), 1); // the unanswered copy was aborted
    }

    void hedgesAFirstGetAtAThirdOfItsTimeout()
    {
        // Nothing is known of this origin yet (no answer so far): the first GET is never
        // answered. Its second copy goes out a third of the 3 s timeout later and answers for
        // it, instead of the run's first request costing the whole timeout.
        SelectiveServer server(20, { 1 });
        NetworkThread net(4);
        Outcomes out;
        out.clock.start();
        sendMany(net, server.url(), 1, &out, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 1, 5000);
        const HttpResult &only = out.results.first();
        QVERIFY2(only.ok(), qPrintable(only.ok() ? QString() : only.error().message));
        QCOMPARE(only->json.object().value(QStringLiteral("n")).toInt(), 2);
        QVERIFY2(out.lastAt >= 950 && out.lastAt < 2500, qPrintable(QString::number(out.lastAt)));
        QCOMPARE(net.hedgesSent(), 1);
        QCOMPARE(server.received(), 2);
    }

    void aCopyNeverMakesAGetTakeLongerThanItsTimeout()
    {
        // A server that never answers: the GET's copy (a third of the 1.5 s timeout in) gets no
        // answer either, and the request fails when its own timeout says, not a copy's later.
        SlowServer silent(-1);
        NetworkThread net(4);
        Outcomes out;
        out.clock.start();
        sendMany(net, silent.url(), 1, &out, 1500);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 1, 5000);
        QVERIFY(!out.results.first().ok());
        QVERIFY2(out.results.first().error().message.contains(QLatin1String("timed out")),
            qPrintable(out.results.first().error().message));
        QCOMPARE(net.hedgesSent(), 1);
        // Qt's coarse timers may fire up to 5 % early (1,425 ms); the copy, sent 500 ms in, would
        // have failed at 1,925 ms or later.
        QVERIFY2(out.lastAt >= 1400 && out.lastAt < 1800, qPrintable(QString::number(out.lastAt)));
        QCOMPARE(silent.received(), 2); // both copies were sent
    }

    void aHedgeTheBudgetCannotPayForWaitsForIt()
    {
        // The budget starts at five hedges and grows a tenth per request: after ten answered
        // GETs and seven silent ones it pays for six copies. The seventh silent GET gets its
        // copy once more requests have been made, not never (it would wait out its timeout).
        QSet<int> silent;
        for (int n = 11; n <= 17; ++n)
            silent.insert(n);
        SelectiveServer server(20, silent);
        NetworkThread net(40);
        Outcomes out;
        out.clock.start();
        QVERIFY(sendOneByOne(net, server.url(), 10, &out)); // the gate learns the origin's usual time
        const qint64 sentAt = out.clock.elapsed();
        sendMany(net, server.url(), 7, &out);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 16, 5000);
        QCOMPARE(net.hedgesSent(), 6);
        sendMany(net, server.url(), 10, &out, 10'000, true); // grow the budget, never hedged themselves
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 27, 5000);
        QCOMPARE(net.hedgesSent(), 7);
        QMutexLocker lock(&out.mutex);
        for (const HttpResult &r : std::as_const(out.results))
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QVERIFY2(out.lastAt - sentAt < 5000, qPrintable(QString::number(out.lastAt - sentAt)));
    }

    void hedgesAKeyedPostWithTheSameKeyAndBody()
    {
        // Ten POSTs answered in 20 ms teach the gate how long this origin takes to answer a
        // POST; the eleventh is never answered. Its copy carries the same Idempotency-Key and
        // body, so the server does the work once and answers both; the copy's answer stands
        // for the request, long before the 10 s timeout.
        SelectiveServer server(20, { 11 });
        NetworkThread net(4);
        Outcomes out;
        out.clock.start();
        for (int i = 1; i <= 10; ++i) {
            postOnce(net, server.url(), "key-" + QByteArray::number(i), &out, 10'000);
            QTRY_COMPARE(out.count(), i);
        }
        QCOMPARE(net.hedgesSent(), 0);
        const qint64 sentAt = out.clock.elapsed();
        postOnce(net, server.url(), "key-11", &out, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 11, 5000);
        const HttpResult &last = out.results.last();
        QVERIFY2(last.ok(), qPrintable(last.ok() ? QString() : last.error().message));
        QCOMPARE(last->json.object().value(QStringLiteral("n")).toInt(), 12);
        QVERIFY2(out.lastAt - sentAt < 2000, qPrintable(QString::number(out.lastAt - sentAt)));
        QCOMPARE(net.hedgesSent(), 1);
        QCOMPARE(server.received(), 12);
        QCOMPARE(server.requests().at(10), QByteArray("key-11 {\"a\":1}"));
        QCOMPARE(server.requests().at(11), server.requests().at(10));
        QTRY_COMPARE(server.silentClosed(), 1); // the unanswered copy was aborted
        QCOMPARE(out.count(), 11); // and it answered nobody
    }

    void aPostIsHedgedByWhatPostsTake()
    {
        // GETs answered at once say nothing of how long a POST takes: the first POST to this
        // origin, never answered, gets its copy a third of its 3 s timeout in, as any first
        // request does, not 250 ms in as the GETs alone would have it.
        SelectiveServer server(20, { 11 });
        NetworkThread net(4);
        Outcomes out;
        out.clock.start();
        QVERIFY(sendOneByOne(net, server.url(), 10, &out)); // the gate learns the origin's usual time
        const qint64 sentAt = out.clock.elapsed();
        postOnce(net, server.url(), "key-1", &out, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 11, 5000);
        QVERIFY(out.results.last().ok());
        QVERIFY2(out.lastAt - sentAt >= 950 && out.lastAt - sentAt < 2500,
            qPrintable(QString::number(out.lastAt - sentAt)));
        QCOMPARE(net.hedgesSent(), 1);
    }

    void neverHedgesAPostWithoutAKey()
    {
        // A POST with no Idempotency-Key could be done twice by a copy: it is sent once,
        // however long its answer takes.
        SelectiveServer server(20, { 11 });
        NetworkThread net(4);
        Outcomes out;
        out.clock.start();
        sendMany(net, server.url(), 10, &out);
        QTRY_COMPARE(out.count(), 10);
        postOnce(net, server.url(), QByteArray(), &out, 1500);
        QTRY_COMPARE_WITH_TIMEOUT(out.count(), 11, 5000);
        QVERIFY(!out.results.last().ok());
        QVERIFY2(out.results.last().error().message.contains(QLatin1String("timed out")),
            qPrintable(out.results.last().error().message));
        QCOMPARE(server.received(), 11);
        QCOMPARE(server.requests().at(10), QByteArray(" {\"a\":1}"));
        QCOMPARE(net.hedgesSent(), 0);
    }

    void abortAllFailsWaitingAndInFlightRequests()
    {
        SlowServer silent(-1);
        auto net = std::make_unique<NetworkThread>(2);
        Outcomes out;
        out.clock.start();
        sendMany(*net, silent.url(), 5, &out, 60'000);
        QTRY_COMPARE_WITH_TIMEOUT(silent.open(), 2, 5000);
        QCOMPARE(out.count(), 0);
        net->abortAll(QStringLiteral("the pipeline is shutting down"));
        QCOMPARE(out.count(), 5); // every callback ran, inside abortAll
        int aborted = 0, notSent = 0;
        for (const HttpResult &r : std::as_const(out.results)) {
            QVERIFY(!r.ok());
            QVERIFY(r.error().isTransient());
            aborted += r.error().message.contains(QLatin1String(": aborted: the pipeline is shutting down"));
            notSent += r.error().message.contains(QLatin1String(": not sent: the pipeline is shutting down"));
        }
        QCOMPARE(aborted, 2);
        QCOMPARE(notSent, 3);
        // Later requests fail at once, asynchronously.
        sendMany(*net, silent.url(), 1, &out);
        QTRY_COMPARE(out.count(), 6);
        QVERIFY(out.results.last().error().message.contains(QLatin1String("not sent")));
        net.reset(); // joins the thread; nothing left behind (ASan)
    }

    void waitingCoroutineHoldsNoWorker()
    {
        // One worker thread. The first task waits for a reply that never comes (3 s timeout);
        // the second, started after it, is answered and finishes long before that, on the pool.
        // Declared so that the network thread goes first: an aborted reply still finds its
        // executor and the pool.
        QMutex mutex;
        QStringList results;
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        pool.setExpiryTimeout(-1);
        PoolExecutor executor(&pool);
        QElapsedTimer clock;
        clock.start();
        qint64 quickAt = -1;
        const auto record = [&](QString r) {
            QMutexLocker lock(&mutex);
            if (r.startsWith(u"ok"))
                quickAt = clock.elapsed();
            results << r;
        };
        const auto failed = [](std::string why) { qFatal("task failed: %s", why.c_str()); };
        const auto done = [&] {
            QMutexLocker lock(&mutex);
            return int(results.size());
        };
        SlowServer silent(-1), quick(20);
        NetworkThread net(8);

        pool.start(
            [&] { startTask<QString>(&executor, fetchOnce(net, silent.url(), 3000), record, failed); });
        QTRY_VERIFY(silent.open() >= 1); // (a second copy joins it a second later)
        pool.start([&] { startTask<QString>(&executor, fetchOnce(net, quick.url(), 3000), record, failed); });
        QTRY_COMPARE_WITH_TIMEOUT(done(), 2, 10'000);
        // Both continued on the pool's one thread.
        QCOMPARE(results.at(0), QStringLiteral("ok on Thread (pooled)"));
        QCOMPARE(results.at(1), QStringLiteral("error on Thread (pooled)"));
        QVERIFY2(quickAt < 1500, qPrintable(QString::number(quickAt)));
        pool.waitForDone();
    }
};

QTEST_GUILESS_MAIN(TestNetworkThread)
#include "tst_networkthread.moc"
