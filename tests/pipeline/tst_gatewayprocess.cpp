// GatewayProcess supervising the real griddeck-gridd launcher (over its in-memory fake grid):
// the URL and token known at once, the token on every HttpClient request, secrets on stdin only
// (not argv, not the environment), a restart with backoff after a crash, and a stop that ends
// the process.

#include "TestSupport.h"
#include "grid/DeployerClient.h"
#include "grid/HttpClient.h"
#include "pipeline/GatewayProcess.h"
#include "pipeline/PipelineEngine.h"
#include "queue/JobQueue.h"
#include "secrets/MemorySecretStore.h"
#include "store/Store.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
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

qint64 count(const std::shared_ptr<Store> &store, const QString &sql, qint64 jobId)
{
    QSqlQuery q(store->db());
    q.prepare(sql);
    q.addBindValue(jobId);
    if (!q.exec() || !q.next())
        qFatal("query failed: %s", qPrintable(sql));
    return q.value(0).toLongLong();
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

    void theDeployerClientDeploysAndCancelsThroughTheGateway()
    {
        // The VM's SSH key is the user's ~/.ssh/id_ed25519.pub (public, handed over on stdin).
        QTemporaryDir home;
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".ssh")));
        QFile key(home.filePath(QStringLiteral(".ssh/id_ed25519.pub")));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtest griddeck\n");
        key.close();
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toUtf8());
        const auto restoreHome = qScopeGuard([&] { qputenv("HOME", oldHome); });
        GatewayProcess gateway(
            launcher(), { QStringLiteral("--fake") }, [](auto give) { give(kMnemonic, QString()); });
        QVERIFY(gateway.start().ok());
        QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), GatewayProcess::State::Ready, kStartMs);
        DeployerClient client(gateway.url());
        DeploymentRequest request;
        request.type = DeploymentType::Vm;
        request.name = QStringLiteral("gdabc123j1");
        request.jobId = 1;
        request.nodeIds = { 11 };
        request.cpu = 1;
        request.memoryGb = 2;
        request.storageGb = 20;
        request.os = QStringLiteral("ubuntu");
        request.version = QStringLiteral("22.04");
        request.payment = *Tft::parse(u"12.5000000");
        std::optional<Result<DeploymentInfo>> created;
        client.create(request, "gd-abc123-job-1-deploy-1",
            [&](Result<DeploymentInfo> r) { created.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 15000);
        QVERIFY2(created->ok(), created->ok() ? "" : qPrintable(created->error().message));
        QCOMPARE(created->value().id, QStringLiteral("vm-gdabc123j1a1"));
        QCOMPARE(created->value().state, DeploymentState::Init);
        std::optional<Result<DeploymentInfo>> fetched;
        client.fetch(created->value().id, [&](Result<DeploymentInfo> r) { fetched.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(fetched.has_value(), 15000);
        QVERIFY2(fetched->ok(), fetched->ok() ? "" : qPrintable(fetched->error().message));
        QCOMPARE(fetched->value().state, DeploymentState::Ok);
        QVERIFY(!fetched->value().myceliumIp.isEmpty());
        std::optional<Result<std::optional<DeploymentInfo>>> cancelled;
        client.cancel(created->value().id, "gd-abc123-job-1-cancel-1",
            [&](auto r) { cancelled.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(cancelled.has_value(), 15000);
        QVERIFY(cancelled->ok());
        QCOMPARE(cancelled->value()->state, DeploymentState::Deleted);
        // Again: 404 at the gateway, success ("nothing left") here.
        cancelled.reset();
        client.cancel(created->value().id, "gd-abc123-job-1-cancel-2",
            [&](auto r) { cancelled.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(cancelled.has_value(), 15000);
        QVERIFY(cancelled->ok());
        QVERIFY(!cancelled->value().has_value());
    }

    void noLauncherIsAClearError()
    {
        GatewayProcess gateway(QString(), {}, [](auto give) { give(QString(), QString()); });
        auto r = gateway.start();
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("griddeck-gridd")));
    }

    void aRealNetworkRoutesTheDeployerAndWalletToTheGateway()
    {
        Config c;
        c.threefoldGrid.network = QStringLiteral("test");
        const QUrl gateway(QStringLiteral("http://127.0.0.1:4567"));
        QVERIFY(!Endpoints::needsEmbedded(c)); // every "embedded" default becomes a real service
        auto e = Endpoints::resolve(c, QUrl(), gateway);
        QVERIFY2(e.ok(), e.ok() ? "" : qPrintable(e.error().message));
        QCOMPARE(e->deployer, gateway);
        QCOMPARE(e->wallet, gateway);
        QCOMPARE(e->gridProxy, QUrl(QStringLiteral("https://gridproxy.test.grid.tf")));
        QCOMPARE(e->horizon, QUrl(QStringLiteral("https://horizon-testnet.stellar.org")));
        QVERIFY(e->graphql.isEmpty()); // "" stays "": the proxy-only uptime substitute
        c.threefoldGrid.network = QStringLiteral("main");
        c.threefoldGrid.graphqlUrl = QStringLiteral("embedded");
        QCOMPARE(Endpoints::resolve(c, QUrl(), gateway)->graphql,
            QUrl(QStringLiteral("https://graphql.grid.tf/graphql")));
        // No gateway running: a clear error, not the simulator.
        QVERIFY(!Endpoints::resolve(c).ok());
        QVERIFY(Endpoints::resolve(c).error().message.contains(QStringLiteral("griddeck-gridd")));
        // Without a network nothing changes.
        QVERIFY(Endpoints::needsEmbedded(Config()));
    }

    void withNoGridTheEngineSaysWhatItCannotReachWithinSeconds()
    {
        // A real network whose chain, relay, proxy and indexer are closed ports: as offline.
        Config c;
        c.threefoldGrid.network = QStringLiteral("dev");
        c.threefoldGrid.substrateUrl = QStringLiteral("ws://127.0.0.1:9");
        c.threefoldGrid.relayUrl = QStringLiteral("ws://127.0.0.1:9");
        c.threefoldGrid.gridProxyUrl = QStringLiteral("http://127.0.0.1:9");
        c.threefoldGrid.graphqlUrl = QStringLiteral("http://127.0.0.1:9/graphql");
        c.tftConversion.horizonUrl = QStringLiteral("http://127.0.0.1:9");
        c.tftConversion.coingeckoUrl = QStringLiteral("http://127.0.0.1:9");
        MemorySecretStore secrets;
        bool written = false;
        secrets.write(SecretName::TwinMnemonic, kMnemonic, [&](Result<void> r) { written = r.ok(); });
        QTRY_VERIFY(written);
        test::TempStore temp;
        EngineOptions options;
        options.idlePollMs = 100; // the dispatcher looks often: a claim would show at once
        options.reconcileIntervalMs = 0;
        PipelineEngine engine(c, temp.store(), &secrets, options);
        QSignalSpy grid(&engine, &PipelineEngine::gridStatus);
        QVERIFY(engine.start().ok());
        QVERIFY(!engine.gatewayHold().isEmpty()); // starting: nothing goes to it yet

        // A job submitted meanwhile stays queued and untouched: only its queue row, its hold
        // of credits and its "enqueued" event exist.
        Ledger ledger(temp.store());
        const auto user
            = ledger.addUser(QStringLiteral("alice"), Tfc::fromWhole(100), QStringLiteral("test"));
        QVERIFY(user.ok());
        JobQueue queue(temp.store(), ledger, QueueSettings {});
        EnqueueRequest request;
        request.userId = user.value();
        request.spec
            = ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 1, 2, 20);
        request.amount = Tfc::fromWhole(25);
        request.actor = QStringLiteral("test");
        const auto jobId = queue.enqueue(request);
        QVERIFY2(jobId.ok(), jobId.ok() ? "" : qPrintable(jobId.error().message));
        const qint64 ledgerRows = count(temp.store(),
            QStringLiteral("SELECT COUNT(*) FROM ledger_transactions WHERE job_id = ?"), jobId.value());
        engine.wake();

        auto *gateway = engine.findChild<GatewayProcess *>();
        QVERIFY(gateway);
        QCOMPARE(engine.endpoints().deployer, gateway->url());
        QTRY_COMPARE_WITH_TIMEOUT(gateway->state(), GatewayProcess::State::Unreachable, kStartMs);
        QVERIFY2(
            gateway->message().contains(QStringLiteral("chain / relay")), qPrintable(gateway->message()));
        QVERIFY(!grid.isEmpty());
        const auto last = grid.last();
        QCOMPARE(last.at(0).toBool(), false);
        QVERIFY(last.at(1).toString().contains(QStringLiteral("unreachable")));
        QVERIFY2(last.at(1).toString().contains(QStringLiteral("wait in the queue")),
            qPrintable(last.at(1).toString()));
        QVERIFY2(
            engine.gatewayHold().contains(QStringLiteral("chain / relay")), qPrintable(engine.gatewayHold()));

        // Proving an absence: the dispatcher has looked ~20 times (every 100 ms) in this wait.
        QTest::qWait(2000);
        const auto job = queue.job(jobId.value());
        QVERIFY(job.ok());
        QCOMPARE(job->stage, Stage::Queued);
        QCOMPARE(job->attempt, 0);
        QVERIFY2(job->leaseOwner.isEmpty(), qPrintable(job->leaseOwner)); // never claimed
        QVERIFY2(job->lastError.isEmpty(), qPrintable(job->lastError));
        QCOMPARE(count(temp.store(), QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = ?"),
                     jobId.value()),
            1);
        QCOMPARE(count(temp.store(),
                     QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = ? AND kind = 'enqueued'"),
                     jobId.value()),
            1);
        QCOMPARE(
            count(temp.store(), QStringLiteral("SELECT COUNT(*) FROM ledger_transactions WHERE job_id = ?"),
                jobId.value()),
            ledgerRows); // no charge
        for (const char *table : { "job_quotes", "job_conversions", "job_deployments", "outbox" })
            QCOMPARE(count(temp.store(),
                         QStringLiteral("SELECT COUNT(*) FROM %1 WHERE job_id = ?").arg(QLatin1String(table)),
                         jobId.value()),
                0);
        QVERIFY(!grid.isEmpty());

        // Nothing goes through to the grid meanwhile: the gateway answers 503 (transient).
        const HttpResult r = getWithClient(gateway->url().resolved(QUrl(QStringLiteral("/tft_price"))));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().status, 503);
        QVERIFY(r.error().isTransient());
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
