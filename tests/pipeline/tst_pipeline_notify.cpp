// Notifications end to end: the pipeline writes outbox rows with its stage changes, the outbox
// dispatcher delivers them to a real webhook receiver and a real SMTP server on loopback
// (Debian's aiosmtpd), signed; with the receiver down they wait in the outbox and go out when
// it is back.
#include "PipelineFixture.h"
#include "Prerequisites.h"
#include "SmtpTestServer.h"
#include "notify/WebhookChannel.h"
#include "secrets/MemorySecretStore.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

using namespace griddeck;
using namespace griddeck::test;

namespace {

// A loopback HTTP receiver: on a port of its own, or on a port the test held reserved (so it can
// come back on the same one without ever freeing it).
class Receiver
{
public:
    struct Request
    {
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
    };

    bool listen(quint16 port)
    {
        return start([&] { return m_server.listen(QHostAddress::LocalHost, port); });
    }
    bool listenOn(ReservedPort &reserved)
    {
        const qintptr fd = reserved.listenDescriptor();
        return fd >= 0 && start([&] { return m_server.setSocketDescriptor(fd); });
    }
    quint16 port() const { return m_server.serverPort(); }
    std::vector<Request> requests;

private:
    template<class Listen> bool start(Listen listen)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { read(s); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        return listen();
    }

    void read(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        m_buffers.remove(s);
        requests.push_back(r);
        s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        s->disconnectFromHost();
    }
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

const QByteArray kSecret = "webhook-signing-secret";

} // namespace

class TestPipelineNotify : public QObject
{
    Q_OBJECT

private:
    static void storeSecret(MemorySecretStore &secrets)
    {
        bool written = false;
        secrets.write(SecretName::WebhookSecret, QString::fromLatin1(kSecret), [&](Result<void> r) { written = r.ok(); });
        QTRY_VERIFY(written);
    }

    static ServiceSpec impossible()
    {
        return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 64, 1024, 90000);
    }

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void successAndFailureReachWebhookAndEmail()
    {
        GRIDDECK_REQUIRE(SmtpTestServer::available(), SmtpTestServer::missingMessage());
        SmtpTestServer smtp;
        const QString problem = smtp.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const quint16 smtpPort = smtp.port();

        Receiver webhook;
        QVERIFY(webhook.listen(0));
        PipelineFixture f;
        f.config.notifications.webhookEnabled = true;
        f.config.notifications.webhookUrl = QStringLiteral("http://127.0.0.1:%1/hooks/griddeck").arg(webhook.port());
        f.config.notifications.emailEnabled = true;
        f.config.notifications.smtpHost = QStringLiteral("127.0.0.1");
        f.config.notifications.smtpPort = smtpPort;
        f.config.notifications.emailFrom = QStringLiteral("griddeck@example.test");
        f.config.notifications.emailTo = {QStringLiteral("ops@example.test")};
        MemorySecretStore secrets;
        storeSecret(secrets);

        const qint64 user = f.addUser(QStringLiteral("alice"), 1000);
        const qint64 good = f.enqueue(user, specOfType(0));
        const qint64 bad = f.enqueue(user, impossible());
        PipelineEngine engine(f.config, f.temp.store(), &secrets, fastOptions(2));
        QSignalSpy delivered(&engine, &PipelineEngine::notificationDelivered);
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(int(webhook.requests.size()), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(smtp.messages().size(), 2, 15000);
        const QByteArray mail = smtp.messages().join("\n");
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 4, 5000);
        engine.stop();

        QCOMPARE(f.queue->job(good)->stage, Stage::Active);
        QCOMPARE(f.queue->job(bad)->stage, Stage::Failed);
        QSet<QString> events;
        for (const auto &r : webhook.requests) {
            QCOMPARE(r.headers.value("x-griddeck-signature"), WebhookChannel::signature(r.body, kSecret));
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            const QString event = QString::fromLatin1(r.headers.value("x-griddeck-event"));
            QCOMPARE(body.value(QStringLiteral("event")).toString(), event);
            events.insert(event);
            const QJsonObject details = body.value(QStringLiteral("details")).toObject();
            if (event == u"deployment.active") {
                QCOMPARE(body.value(QStringLiteral("job_id")).toInteger(), good);
                QVERIFY(details.value(QStringLiteral("ssh_command")).toString().startsWith(QStringLiteral("ssh root@")));
            } else {
                QCOMPARE(body.value(QStringLiteral("job_id")).toInteger(), bad);
                QVERIFY2(details.value(QStringLiteral("error")).toString().contains(QStringLiteral("no suitable node")),
                         r.body.constData());
            }
            QVERIFY(r.headers.value("idempotency-key").startsWith("outbox-"));
        }
        QCOMPARE(events, (QSet<QString>{QStringLiteral("deployment.active"), QStringLiteral("deployment.failed")}));
        const QString text = QString::fromUtf8(mail);
        QVERIFY2(text.contains(QStringLiteral("Deployment #%1 for alice is active").arg(good)), mail.constData());
        QVERIFY2(text.contains(QStringLiteral("Deployment #%1 for alice failed").arg(bad)), mail.constData());
        QVERIFY(text.contains(QStringLiteral("ssh root@")));
        const QList<OutboxEntry> entries = engine.outbox().entries().value();
        QCOMPARE(entries.size(), 4); // two notifications × two channels
        for (const OutboxEntry &e : entries)
            QCOMPARE(e.state, QStringLiteral("delivered"));
    }

    void messagesWaitWhileTheReceiverIsDown()
    {
        ReservedPort reserved; // held but not listening yet: deliveries are refused
        const quint16 port = reserved.port();
        PipelineFixture f;
        f.config.notifications.webhookEnabled = true;
        f.config.notifications.webhookUrl = QStringLiteral("http://127.0.0.1:%1/hook").arg(port);
        MemorySecretStore secrets;
        storeSecret(secrets);
        const qint64 user = f.addUser(QStringLiteral("bob"), 1000);
        const qint64 job = f.enqueue(user, specOfType(1));
        PipelineEngine engine(f.config, f.temp.store(), &secrets, fastOptions(2));
        QSignalSpy failures(&engine, &PipelineEngine::notificationFailed);
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, 10000);
        auto waiting = engine.outbox().entries(job).value();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().state, QStringLiteral("pending"));
        QVERIFY(waiting.first().attempts >= 2);
        QVERIFY2(waiting.first().lastError.contains(QStringLiteral("refused")), qPrintable(waiting.first().lastError));

        Receiver back;
        QVERIFY(back.listenOn(reserved));
        QCOMPARE(back.port(), port);
        QTRY_COMPARE_WITH_TIMEOUT(int(back.requests.size()), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.outbox().entries(job).value().first().state, QStringLiteral("delivered"), 5000);
        engine.stop();
        QCOMPARE(back.requests.front().headers.value("x-griddeck-event"), QByteArray("deployment.active"));
        QCOMPARE(back.requests.front().headers.value("x-griddeck-signature"), WebhookChannel::signature(back.requests.front().body, kSecret));
    }

    // The secret store lives on the thread that stops the engine, and a delivery reads its
    // signing secret there before anything is sent. A stop that blocked that thread left such a
    // delivery claimed but never sent, its lease held until it ran out (a minute or more): the
    // next run could not deliver it. Now every entry the outbox claimed ends, delivered or not,
    // before stop() returns, and none stays leased.
    void stopHandsBackEveryOutboxLease()
    {
        // The receiver answers on a thread of its own, as another process would: stop() serves
        // only the secret store's events on this thread.
        QThread serving;
        serving.start();
        auto *anchor = new QObject;
        anchor->moveToThread(&serving);
        std::unique_ptr<Receiver> webhook;
        quint16 port = 0;
        QMetaObject::invokeMethod(anchor, [&] {
            webhook = std::make_unique<Receiver>();
            if (webhook->listen(0))
                port = webhook->port();
        }, Qt::BlockingQueuedConnection);
        QVERIFY(port != 0);
        PipelineFixture f;
        f.config.notifications.webhookEnabled = true;
        f.config.notifications.webhookUrl = QStringLiteral("http://127.0.0.1:%1/hook").arg(port);
        MemorySecretStore secrets;
        storeSecret(secrets);
        const qint64 user = f.addUser(QStringLiteral("carol"), 1000);
        const qint64 job = f.enqueue(user, specOfType(0));
        QVERIFY(f.queue->pause().ok()); // only the outbox works
        Outbox outbox(f.temp.store(), PipelineSettings::from(f.config).notify);
        QVERIFY(
            outbox.addRefundIssued(job, Tfc::fromWhole(5), QStringLiteral("goodwill"), QStringLiteral("r-1"))
                .ok());

        PipelineEngine engine(f.config, f.temp.store(), &secrets, fastOptions(1));
        QVERIFY(engine.start().ok());
        // Wait without serving this thread's events, as griddeckctl's main thread does once a
        // signal stopped its loop: the claimed delivery's secret read waits here.
        QElapsedTimer waited;
        waited.start();
        const QString leased = QStringLiteral("SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL");
        while (f.scalar(leased) == 0 && waited.elapsed() < 10000)
            QThread::msleep(5);
        QCOMPARE(f.scalar(leased), 1);
        engine.stop();

        QCOMPARE(f.scalar(leased), 0);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'")), 1);
        int received = -1;
        QMetaObject::invokeMethod(anchor, [&] {
            received = int(webhook->requests.size());
            webhook.reset();
            anchor->deleteLater();
        }, Qt::BlockingQueuedConnection);
        serving.quit();
        serving.wait();
        QCOMPARE(received, 1);
    }
};

QTEST_GUILESS_MAIN(TestPipelineNotify)
#include "tst_pipeline_notify.moc"
