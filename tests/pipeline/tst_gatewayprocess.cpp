// GatewayProcess supervising the real griddeck-gridd launcher (over its in-memory fake grid):
// the URL and token known at once, the token on every HttpClient request, secrets on stdin only
// (not argv, not the environment), a restart with backoff after a crash, and a stop that ends
// the process.

#include "grid/HttpClient.h"
#include "pipeline/GatewayProcess.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <csignal>
#include <sys/types.h>

using namespace griddeck;

namespace {

const QString kMnemonic
    = QStringLiteral("route visual hundred rabbit wet crunch ice castle milk model inherit outside");
const QString kStellar = QStringLiteral("SBZVMB74Z76QZ3ZOY7UTDFYKMEGKW5XFJEB6PFKBF4UYSSWHG4EDH7PY");
constexpr int kStartMs = 90000; // node loads grid_client: seconds on a busy machine

QString launcher()
{
    return QStringLiteral(GRIDDECK_BIN_DIR "/griddeck-gridd");
}

bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A request without the registered token: straight through QNetworkAccessManager.
int statusWithoutToken(const QUrl &url)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(url));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!done.wait(10000))
        return -1;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

// HttpClient's own timeout ends the wait.
HttpResult getWithClient(const QUrl &url)
{
    std::optional<HttpResult> out;
    QEventLoop loop;
    HttpClient(10000).get(url, [&](HttpResult r) {
        out.emplace(std::move(r));
        loop.quit();
    });
    loop.exec();
    return std::move(*out);
}

} // namespace

class TestGatewayProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsWithSecretsOnStdinAndTheTokenOnRequests()
    {
        QVERIFY2(QFile::exists(launcher()), qPrintable(launcher()));
        // A secret in GridDeck's own environment must not reach the child's.
        qputenv("GRIDDECK_SECRET_WALLET_SECRET", kStellar.toUtf8());
        int asked = 0;
        GatewayProcess gateway(launcher(), { QStringLiteral("--fake") }, [&](auto give) {
            ++asked;
            give(kMnemonic, kStellar);
        });
        auto url = gateway.start();
        QVERIFY(url.ok());
        QCOMPARE(url->host(), QStringLiteral("127.0.0.1"));
        QVERIFY(url->port() > 0);
        QCOMPARE(gateway.token().size(), 64);
        QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayProcess::State::Ready, kStartMs);
        QCOMPARE(asked, 1);

        const qint64 pid = gateway.processId();
        QVERIFY(alive(pid));
        const QByteArray cmdline = procFile(pid, "cmdline");
        const QByteArray environ = procFile(pid, "environ");
        QVERIFY(!cmdline.isEmpty());
        QVERIFY(!cmdline.contains(kMnemonic.toUtf8()) && !cmdline.contains(kStellar.toUtf8()));
        QVERIFY(!environ.contains(kMnemonic.toUtf8()) && !environ.contains(kStellar.toUtf8()));
        QVERIFY(!environ.contains("GRIDDECK_SECRET_"));

        // HttpClient carries the token; a request without it is refused.
        const QUrl price = url->resolved(QUrl(QStringLiteral("/tft_price")));
        const HttpResult r = getWithClient(price);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->json.object().value(QStringLiteral("tft_price_musd")).toInt(), 10);
        QCOMPARE(statusWithoutToken(price), 401);
        qunsetenv("GRIDDECK_SECRET_WALLET_SECRET");
    }

    void restartsAfterACrashWithBackoffAndStops()
    {
        int asked = 0;
        GatewayProcess gateway(launcher(), { QStringLiteral("--fake") }, [&](auto give) {
            ++asked;
            give(QString(), QString());
        });
        QVERIFY(gateway.start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayProcess::State::Ready, kStartMs);
        const QUrl url = gateway.url();
        const QByteArray firstToken = gateway.token();
        const qint64 firstPid = gateway.processId();

        ::kill(pid_t(firstPid), SIGKILL);
        QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayProcess::State::Failed, 10000);
        QVERIFY(gateway.message().contains(QStringLiteral("restarting in 1 s")));
        QCOMPARE(gateway.restarts(), 1);
        QCOMPARE(gateway.backoffMs(), 2000); // the next crash waits longer
        QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayProcess::State::Ready, kStartMs);
        QCOMPARE(gateway.url(), url); // the same port: the pipeline's endpoints stay valid
        QVERIFY(gateway.token() != firstToken);
        QVERIFY(gateway.processId() != firstPid);
        QCOMPARE(asked, 2); // secrets asked again for the new process
        QVERIFY(getWithClient(url.resolved(QUrl(QStringLiteral("/tft_price"))))->status == 200);

        const qint64 pid = gateway.processId();
        gateway.stop();
        QCOMPARE(gateway.state(), GatewayProcess::State::Stopped);
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 5000);
        QCOMPARE(statusWithoutToken(url.resolved(QUrl(QStringLiteral("/status")))), 0); // nothing listens
    }

    void noLauncherIsAClearError()
    {
        GatewayProcess gateway(QString(), {}, [](auto give) { give(QString(), QString()); });
        auto r = gateway.start();
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("griddeck-gridd")));
    }

    void argumentsCarryTheNetworkAndOverridesOnly()
    {
        QCOMPARE(GatewayProcess::argumentsFor(QStringLiteral("test"), QString(),
                     QStringLiteral("wss://relay.example"), QString(), QString()),
            (QStringList { QStringLiteral("--network"), QStringLiteral("test"), QStringLiteral("--relay-url"),
                QStringLiteral("wss://relay.example") }));
    }
};

QTEST_MAIN(TestGatewayProcess)
#include "tst_gatewayprocess.moc"
