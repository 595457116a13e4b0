// `griddeckctl store copy`: a SQLite store with users, credits, jobs in several stages (active,
// refunded, failed, queued), notifications and API tokens goes into an empty database of the
// test's PostgreSQL cluster. Both ledgers check, every table has the same rows, the copy works
// as a store (a new job's id follows the copied ones), a second copy into the now non-empty
// target is refused and changes nothing, and a bad URL gets a clear error.
#include "../pipeline/PipelineFixture.h"
#include "CtlProcess.h"
#include "api/ApiTokens.h"
#include "pipeline/RefundService.h"
#include "store/StoreCopy.h"

#include <QJsonArray>
#include <QSqlError>

using namespace griddeck;
using namespace griddeck::test;

class TestStoreCopy : public QObject
{
    Q_OBJECT

    std::unique_ptr<PipelineFixture> m_source; // SQLite (this test is registered on that backend only)
    StoreLocation m_target;
    QString m_sourcePath;

    CtlOutput ctl(const QStringList &args, bool withPassword = true)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(StoreLocation::kPasswordVariable),
            withPassword ? m_target.password : QString());
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"), args);
        if (!p.waitForStarted(scaledMs(10000)) || !p.waitForFinished(scaledMs(120000)))
            return {};
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError() };
    }

    QString targetUrl() const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
            .arg(m_target.user)
            .arg(m_target.port)
            .arg(m_target.database);
    }

    qint64 targetScalar(const QString &sql)
    {
        auto store = Store::open(m_target, Store::OpenMode::MustExist);
        if (!store.ok())
            return -1;
        QSqlQuery q(store.value()->db());
        const qint64 value = q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
        q.finish();
        store.value()->closeThreadConnection();
        return value;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString missing;
        PostgresCluster *cluster = PostgresCluster::shared(&missing);
        GRIDDECK_REQUIRE(cluster != nullptr, missing);
        auto db = cluster->createDatabase();
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        m_target = db.value();

        // The source: a real history, worked by the engine on the simulator.
        m_source = std::make_unique<PipelineFixture>(50, 11);
        PipelineFixture &f = *m_source;
        QCOMPARE(f.temp.store()->backend(), Backend::Sqlite);
        m_sourcePath = f.temp.path();
        const qint64 ann = f.addUser(QStringLiteral("ann"), 1000);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 500);
        f.addUser(QStringLiteral("carol"), 0);
        const ServiceSpec tooBig = ServiceSpec::make(
            VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 64, 1024, 90000);
        for (int i = 0; i < 5; ++i)
            f.enqueue(i % 2 ? bob : ann, specOfType(i), 20);
        f.enqueue(bob, tooBig, 20); // fails and is released
        Config config = f.config;
        config.notifications.webhookEnabled = true; // outbox rows, left pending (no delivery)
        config.notifications.webhookUrl = QStringLiteral("http://127.0.0.1:9/hook");
        EngineOptions options = fastOptions(2);
        options.runOutbox = false;
        {
            PipelineEngine engine(config, f.temp.store(), nullptr, options);
            QVERIFY(engine.start().ok());
            QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, scaledMs(60000));
            engine.stop();
        }
        // A refund of an active job, queued jobs nobody worked on, API tokens.
        const qint64 active = f.scalar(QStringLiteral("SELECT MIN(id) FROM jobs WHERE stage = 'active'"));
        QVERIFY(active > 0);
        RefundService refunds(f.temp.store(), NotifySettings {});
        QVERIFY(
            refunds.refund(active, Tfc::fromWhole(3), QStringLiteral("slow disk"), QStringLiteral("support"))
                .ok());
        for (int i = 0; i < 3; ++i)
            f.enqueue(ann, specOfType(i), 15);
        ApiTokens tokens(f.temp.store());
        QVERIFY(tokens.create(ApiRole::Operator, QString(), QStringLiteral("ops")).ok());
        QVERIFY(tokens.create(ApiRole::User, QStringLiteral("bob"), QStringLiteral("bob's shop")).ok());
        QVERIFY(f.scalar(QStringLiteral("SELECT COUNT(*) FROM outbox")) > 0);
        QVERIFY(f.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE stage = 'failed'")) == 1);
        QVERIFY(f.ledger.check().ok());
        f.temp.store()->closeThreadConnection(); // the CLI opens the file itself
    }

    void badUrlIsRefusedClearly()
    {
        const CtlOutput bad = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("store"),
            QStringLiteral("copy"), QStringLiteral("--to"), QStringLiteral("postgresql://127.0.0.1:5432") });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--to names no database"), bad.err.constData());
        const CtlOutput password
            = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("store"), QStringLiteral("copy"),
                QStringLiteral("--to"), QStringLiteral("postgresql://u:hunter2@127.0.0.1/db") });
        QCOMPARE(password.code, 2);
        QVERIFY2(password.err.contains("GRIDDECK_SECRET_STORE_PASSWORD"), password.err.constData());
        QVERIFY(!password.err.contains("hunter2"));
        const CtlOutput file = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("store"),
            QStringLiteral("copy"), QStringLiteral("--to"), QStringLiteral("/tmp/other.sqlite") });
        QCOMPARE(file.code, 2);
        QVERIFY2(file.err.contains("starts with postgresql://"), file.err.constData());
        // A server that is not there: the connection error names the target.
        const CtlOutput down = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("store"),
            QStringLiteral("copy"), QStringLiteral("--to"),
            QStringLiteral("postgresql://griddeck@127.0.0.1:1/nowhere?connect_timeout=2") });
        QCOMPARE(down.code, 1);
        QVERIFY2(down.err.contains("cannot connect to postgresql://griddeck@127.0.0.1:1/nowhere"),
            down.err.constData());
        // No password in the environment: the error says where it comes from.
        const CtlOutput nopassword = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("store"),
                                             QStringLiteral("copy"), QStringLiteral("--to"), targetUrl() },
            false);
        QCOMPARE(nopassword.code, 1);
        QVERIFY2(nopassword.err.contains("GRIDDECK_SECRET_STORE_PASSWORD, which is not set"),
            nopassword.err.constData());
        QCOMPARE(targetScalar(QStringLiteral("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")),
            -1); // no store yet
    }

    void copiesEveryRowAndBothLedgersCheck()
    {
        const CtlOutput copy = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("--json"),
            QStringLiteral("store"), QStringLiteral("copy"), QStringLiteral("--to"), targetUrl() });
        QVERIFY2(copy.code == 0, copy.err.constData());
        QVERIFY2(
            !copy.out.contains(m_target.password.toUtf8()) && !copy.err.contains(m_target.password.toUtf8()),
            "the password was printed");
        const QJsonObject report = copy.json();
        QVERIFY(report.value(QStringLiteral("ok")).toBool());
        QVERIFY(report.value(QStringLiteral("created_schema")).toBool());
        QMap<QString, qint64> rows;
        for (const QJsonValue &v : report.value(QStringLiteral("tables")).toArray()) {
            const QJsonObject t = v.toObject();
            QVERIFY2(t.value(QStringLiteral("contents_match")).toBool(),
                qPrintable(t.value(QStringLiteral("table")).toString()));
            QCOMPARE(t.value(QStringLiteral("target_rows")).toInteger(),
                t.value(QStringLiteral("source_rows")).toInteger());
            rows.insert(t.value(QStringLiteral("table")).toString(),
                t.value(QStringLiteral("source_rows")).toInteger());
        }
        PipelineFixture &f = *m_source;
        for (const QString &table :
            { QStringLiteral("users"), QStringLiteral("jobs"), QStringLiteral("ledger_transactions"),
                QStringLiteral("ledger_postings"), QStringLiteral("holds"), QStringLiteral("events"),
                QStringLiteral("outbox"), QStringLiteral("api_tokens"), QStringLiteral("job_deployments"),
                QStringLiteral("schema_migrations") }) {
            QVERIFY2(rows.contains(table), qPrintable(table));
            QCOMPARE(rows.value(table), f.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)));
            QCOMPARE(targetScalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)), rows.value(table));
        }
        const QJsonObject checks = report.value(QStringLiteral("ledger_check")).toObject();
        QVERIFY(checks.value(QStringLiteral("source")).toObject().value(QStringLiteral("ok")).toBool());
        QVERIFY(checks.value(QStringLiteral("target")).toObject().value(QStringLiteral("ok")).toBool());
        QVERIFY(checks.value(QStringLiteral("same_totals")).toBool());

        // `ledger check` on both sides, as an operator would run it.
        const CtlOutput sourceCheck = ctl(
            { QStringLiteral("--db"), m_sourcePath, QStringLiteral("ledger"), QStringLiteral("check") });
        QVERIFY2(
            sourceCheck.code == 0 && sourceCheck.out.startsWith("Ledger OK"), sourceCheck.out.constData());
        const CtlOutput targetCheck
            = ctl({ QStringLiteral("--db"), targetUrl(), QStringLiteral("ledger"), QStringLiteral("check") });
        QVERIFY2(
            targetCheck.code == 0 && targetCheck.out.startsWith("Ledger OK"), targetCheck.out.constData());
        QCOMPARE(targetCheck.out, sourceCheck.out);
        // The installation id came along (it is in idempotency keys the grid has seen).
        QCOMPARE(targetScalar(QStringLiteral(
                     "SELECT COUNT(*) FROM app_state WHERE key = 'installation_id' AND value = '%1'")
                                  .arg(f.temp.store()->installationId())),
            qint64(1));
        // Append-only again after the copy.
        auto target = Store::open(m_target, Store::OpenMode::MustExist);
        QVERIFY(target.ok());
        QSqlQuery update(target.value()->db());
        QVERIFY(!update.exec(QStringLiteral("UPDATE ledger_transactions SET amount = amount + 1")));
        QVERIFY2(update.lastError().text().contains(QStringLiteral("append-only")),
            qPrintable(update.lastError().text()));
        target.value()->closeThreadConnection();
    }

    void theCopyWorksAsAStore()
    {
        const qint64 lastJob = m_source->scalar(QStringLiteral("SELECT MAX(id) FROM jobs"));
        const qint64 lastTx = m_source->scalar(QStringLiteral("SELECT MAX(id) FROM ledger_transactions"));
        const CtlOutput enqueued = ctl({ QStringLiteral("--db"), targetUrl(), QStringLiteral("--json"),
            QStringLiteral("enqueue"), QStringLiteral("--user"), QStringLiteral("ann"),
            QStringLiteral("--type"), QStringLiteral("vm"), QStringLiteral("--os"), QStringLiteral("ubuntu"),
            QStringLiteral("--os-version"), QStringLiteral("22.04"), QStringLiteral("--cpu"),
            QStringLiteral("1"), QStringLiteral("--memory-gb"), QStringLiteral("1"),
            QStringLiteral("--storage-gb"), QStringLiteral("10"), QStringLiteral("--tfc"),
            QStringLiteral("10") });
        QVERIFY2(enqueued.code == 0, enqueued.err.constData());
        QCOMPARE(enqueued.json().value(QStringLiteral("id")).toInteger(), lastJob + 1);
        QVERIFY(
            targetScalar(
                QStringLiteral("SELECT MIN(id) FROM ledger_transactions WHERE job_id = %1").arg(lastJob + 1))
            > lastTx);
        const CtlOutput check
            = ctl({ QStringLiteral("--db"), targetUrl(), QStringLiteral("ledger"), QStringLiteral("check") });
        QVERIFY2(check.code == 0, check.out.constData());
    }

    void aNonEmptyTargetIsRefusedAndUnchanged()
    {
        const qint64 jobs = targetScalar(QStringLiteral("SELECT COUNT(*) FROM jobs"));
        const qint64 transactions = targetScalar(QStringLiteral("SELECT COUNT(*) FROM ledger_transactions"));
        const CtlOutput again = ctl({ QStringLiteral("--db"), m_sourcePath, QStringLiteral("store"),
            QStringLiteral("copy"), QStringLiteral("--to"), targetUrl() });
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("is not empty") && again.err.contains("jobs ("), again.err.constData());
        QVERIFY2(again.err.contains("nothing was changed"), again.err.constData());
        QCOMPARE(targetScalar(QStringLiteral("SELECT COUNT(*) FROM jobs")), jobs);
        QCOMPARE(targetScalar(QStringLiteral("SELECT COUNT(*) FROM ledger_transactions")), transactions);
    }

    void aSchemaOfAnotherVersionIsRefused()
    {
        // An initialised, empty store of another version (here: one migration row removed).
        auto db = PostgresCluster::shared(nullptr)->createDatabase();
        QVERIFY(db.ok());
        StoreLocation other = db.value();
        {
            auto store = Store::open(other);
            QVERIFY(store.ok());
            QSqlQuery q(store.value()->db());
            QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version = 9")));
            store.value()->closeThreadConnection();
        }
        auto source = Store::open(m_sourcePath, Store::OpenMode::MustExist);
        QVERIFY(source.ok());
        auto copied = copyStore(*source.value(), other);
        QVERIFY(!copied.ok());
        QVERIFY2(copied.error().message.contains(QStringLiteral("schema version mismatch")),
            qPrintable(copied.error().message));
        // The same, initialised and of this version: empty, so it is filled.
        auto fresh = PostgresCluster::shared(nullptr)->createDatabase();
        QVERIFY(fresh.ok());
        QVERIFY(Store::open(fresh.value()).ok());
        auto filled = copyStore(*source.value(), fresh.value());
        QVERIFY2(filled.ok(), qPrintable(filled.ok() ? QString() : filled.error().message));
        QVERIFY(!filled->createdSchema);
        for (const TableCopyReport &t : filled->tables)
            QVERIFY2(t.contentsMatch, qPrintable(t.table));
        source.value()->closeThreadConnection();
    }
};

QTEST_GUILESS_MAIN(TestStoreCopy)
#include "tst_store_copy.moc"
