// `griddeckctl serve` as an operator starts it: a real process over a store made with the
// CLI (a user with an address, a shop token, a user token), serving the HTTP API on a free
// loopback port over the grid simulator the test hosts; a shop purchase goes Active, the
// buyer reads it, and SIGTERM stops it gracefully.
#include "../api/ApiClient.h"
#include "../pipeline/PipelineFixture.h"

#include <QJsonDocument>
#include <QProcess>

using namespace griddeck;
using namespace griddeck::test;

class TestApiServe : public QObject
{
    Q_OBJECT

    QStringList m_base;

    QJsonObject ctl(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"),
            m_base + QStringList { QStringLiteral("--json") } + args);
        if (!p.waitForStarted(10000) || !p.waitForFinished(60000) || p.exitCode() != 0)
            qWarning("griddeckctl %s: %s", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    }

private Q_SLOTS:
    void servesUntilTerminated()
    {
        QVERIFY(QFile::exists(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl")));
        PipelineFixture f(100);
        const QString configPath = f.temp.dir() + QStringLiteral("/deployment.toml");
        QVERIFY(f.config.saveFile(configPath).ok());
        m_base = { QStringLiteral("--config"), configPath, QStringLiteral("--db"), f.temp.path() };
        QCOMPARE(ctl({ QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice"),
                         QStringLiteral("--credits"), QStringLiteral("100"), QStringLiteral("--email"),
                         QStringLiteral("alice@example.com") })
                     .value(QStringLiteral("email"))
                     .toString(),
            QStringLiteral("alice@example.com"));
        const QString shop = ctl({ QStringLiteral("tokens"), QStringLiteral("add"), QStringLiteral("--role"),
                                     QStringLiteral("shop") })
                                 .value(QStringLiteral("token"))
                                 .toString();
        const QString alice
            = ctl({ QStringLiteral("tokens"), QStringLiteral("add"), QStringLiteral("--role"),
                      QStringLiteral("user"), QStringLiteral("--user"), QStringLiteral("alice") })
                  .value(QStringLiteral("token"))
                  .toString();
        QVERIFY(!shop.isEmpty() && !alice.isEmpty());

        QProcess server;
        server.start(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"),
            m_base
                + QStringList { QStringLiteral("--json"), QStringLiteral("serve"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--workers"), QStringLiteral("2") });
        QVERIFY(server.waitForStarted(10000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT(
            (out += server.readAllStandardOutput()).contains('}') || server.state() != QProcess::Running,
            20000);
        const QUrl url(QJsonDocument::fromJson(out).object().value(QStringLiteral("url")).toString());
        QVERIFY2(url.isValid() && url.port() > 0, out.constData());

        ApiClient client(url);
        const ApiReply created = client.post(QStringLiteral("/api/purchases"), shop,
            QJsonObject { { QStringLiteral("payment_id"), QStringLiteral("order-1") },
                { QStringLiteral("user"), QStringLiteral("alice") },
                { QStringLiteral("amount"), QStringLiteral("20") },
                { QStringLiteral("spec"), specOfType(1).toJson() } });
        QVERIFY2(created.status == 201, created.body.constData());
        const QString path = QStringLiteral("/api/deployments/%1/status")
                                 .arg(created.json.value(QStringLiteral("id")).toInteger());
        QTRY_COMPARE_WITH_TIMEOUT(client.get(path, alice).json.value(QStringLiteral("status")).toString(),
            QStringLiteral("Active"), 60000);
        QVERIFY(client.get(path, alice)
                    .json.value(QStringLiteral("ssh_command"))
                    .toString()
                    .startsWith(QLatin1String("ssh ")));
        QCOMPARE(client.get(path, QString()).status, 401);

        server.terminate(); // SIGTERM: the pipeline stops gracefully
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }
};

QTEST_MAIN(TestApiServe)
#include "tst_api_serve.moc"
