// SIGTERM while webhooks are on their way to a slow receiver: the deliveries under way finish
// (they are not cut mid-send), the rest stay pending, and after a restart every notification
// has reached the receiver exactly once.
#include "../pipeline/PipelineFixture.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <csignal>

using namespace griddeck;
using namespace griddeck::test;

namespace {

// Reads each request whole, records its Idempotency-Key, answers 200 after `delayMs`.
class SlowReceiver : public QObject
{
public:
    explicit SlowReceiver(int delayMs)
        : m_delayMs(delayMs)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort()); }
    QHash<QByteArray, int> received; // Idempotency-Key → times received

    int total() const
    {
        int n = 0;
        for (int v : received)
            n += v;
        return n;
    }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        QByteArray key;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(end).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            if (name == "idempotency-key")
                key = line.mid(colon + 1).trimmed();
            else if (name == "content-length")
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        m_buffers.remove(socket);
        received[key] += 1;
        QPointer<QTcpSocket> guarded(socket);
        QTimer::singleShot(m_delayMs, this, [guarded] {
            if (!guarded || guarded->state() != QAbstractSocket::ConnectedState)
                return;
            guarded->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: "
                           "close\r\n\r\nok");
            guarded->disconnectFromHost();
        });
    }

    int m_delayMs;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QTcpServer m_server;
};

// "id stage/state owner expires" of every row of `table` still leased, for a failure message.
QString leasedRows(PipelineFixture &f, const QString &table)
{
    QSqlQuery q(f.temp.store()->db());
    q.exec(
        QStringLiteral("SELECT id, %1, lease_owner, lease_expires_at FROM %2 WHERE lease_owner IS NOT NULL")
            .arg(table == QLatin1String("jobs") ? QStringLiteral("stage") : QStringLiteral("state"), table));
    QStringList rows;
    while (q.next())
        rows << QStringLiteral("%1 %2 %3 %4")
                    .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                        q.value(3).toString());
    return rows.join(QStringLiteral("; "));
}

} // namespace

class TestShutdownDelivery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigtermLeavesEveryNotificationDeliveredOnce()
    {
        const QString ctl
            = qEnvironmentVariable("GRIDDECK_CTL", QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"));
        SlowReceiver receiver(1500);
        PipelineFixture f;
        f.config.notifications.webhookEnabled = true;
        f.config.notifications.webhookUrl = receiver.url();
        f.config.threefoldGrid.requestTimeoutSeconds
            = 5; // the webhook's timeout: longer than the receiver's delay
        const QString configPath = f.temp.dir() + QStringLiteral("/deployment.toml");
        QVERIFY(f.config.saveFile(configPath).ok());
        const qint64 user = f.addUser(QStringLiteral("dora"), 1000);
        for (int i = 0; i < 6; ++i)
            f.enqueue(user, specOfType(i % 2), 20);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GRIDDECK_SECRET_WEBHOOK_SECRET"), QStringLiteral("test-signing-secret"));
        const QStringList args { QStringLiteral("--config"), configPath, QStringLiteral("--db"),
            f.temp.path(), QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--until-idle"),
            QStringLiteral("--workers"), QStringLiteral("2") };
        QProcess first;
        first.setProcessEnvironment(env);
        first.start(ctl, args);
        QVERIFY(first.waitForStarted(10000));
        // Stop it while a delivery is with the receiver (it answers only after 1.5 s).
        QTRY_VERIFY_WITH_TIMEOUT(receiver.total() >= 1, 30000);
        ::kill(pid_t(first.processId()), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(first.state() == QProcess::NotRunning, test::scaledMs(30000));
        QCOMPARE(first.exitStatus(), QProcess::NormalExit);
        // Nothing was cut: what the receiver got is marked delivered.
        const int afterFirst = receiver.total();
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'")),
            qint64(afterFirst));
        // A graceful stop hands back every lease it holds: the next run claims the rest at once
        // instead of waiting for a lease to run out.
        const QString firstLog = QString::fromUtf8(first.readAllStandardError());
        QVERIFY2(f.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL")) == 0,
            qPrintable(QStringLiteral("outbox entries still leased after SIGTERM: %1\n%2")
                           .arg(leasedRows(f, QStringLiteral("outbox")), firstLog)));
        QVERIFY2(f.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE lease_owner IS NOT NULL")) == 0,
            qPrintable(QStringLiteral("jobs still leased after SIGTERM: %1\n%2")
                           .arg(leasedRows(f, QStringLiteral("jobs")), firstLog)));

        QProcess second;
        second.setProcessEnvironment(env);
        second.start(ctl, args);
        QVERIFY(second.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, test::scaledMs(60000));
        QCOMPARE(second.exitCode(), 0);
        const QJsonObject report = QJsonDocument::fromJson(second.readAllStandardOutput()).object();
        QCOMPARE(
            report.value(QStringLiteral("notifications")).toObject().value(QStringLiteral("pending")).toInt(),
            0);

        const qint64 rows = f.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"));
        QCOMPARE(rows, 6);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'")), rows);
        QCOMPARE(qint64(receiver.received.size()), rows);
        for (auto it = receiver.received.cbegin(); it != receiver.received.cend(); ++it)
            QVERIFY2(it.value() == 1,
                qPrintable(QStringLiteral("%1 was received %2 times")
                               .arg(QString::fromUtf8(it.key()))
                               .arg(it.value())));
    }
};

QTEST_GUILESS_MAIN(TestShutdownDelivery)
#include "tst_shutdown_delivery.moc"
