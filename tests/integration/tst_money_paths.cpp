// The money paths a payment system must not get wrong, against a grid simulator the test hosts:
// a refund or top-up typed twice happens once, a retry pays the configured commission, a
// rollback never takes an unclear answer for "no contract", and the reconciler finds (and on
// a dry run only reports) contracts nobody owns.
#include "../pipeline/PipelineFixture.h"
#include "CtlProcess.h"
#include "pipeline/Reconciler.h"
#include "pipeline/StageRunner.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QThread>

using namespace griddeck;
using namespace griddeck::test;

class TestMoneyPaths : public QObject
{
    Q_OBJECT

private:
    using Output = CtlOutput;

    Output ctl(const QStringList &args) { return runGriddeckctl(m_base + args); }

    void useCli(PipelineFixture &f)
    {
        const QString configPath = f.temp.dir() + QStringLiteral("/deployment.toml");
        QVERIFY(f.config.saveFile(configPath).ok());
        m_base = { QStringLiteral("--config"), configPath, QStringLiteral("--db"), f.temp.path() };
    }

    // One claimed step, on a worker thread (grid calls block).
    static Result<Stage> step(StageRunner &runner, qint64 jobId)
    {
        std::optional<Result<Stage>> out;
        QThread *t = QThread::create([&] {
            auto claimed = runner.queue().claim(QStringLiteral("test-worker"), 1);
            if (!claimed.ok() || claimed->isEmpty() || claimed->first().id != jobId)
                out.emplace(Error::conflict(QStringLiteral("job %1 was not claimable").arg(jobId)));
            else
                out.emplace(runner.runStep(claimed->first(), QStringLiteral("test-worker")));
            Store::closeAllThreadConnections();
        });
        t->start();
        t->wait();
        delete t;
        return *out;
    }

    static void exec(PipelineFixture &f, const QString &sql)
    {
        QSqlQuery q(f.temp.store()->db());
        if (!q.exec(sql))
            qFatal("%s", qPrintable(sql));
    }

    // A job stuck in rolling_back whose only deployment attempt was POSTed and its reply lost:
    // a contract exists at the grid, the row knows only its key.
    qint64 jobWithLostReply(PipelineFixture &f, StageRunner &runner)
    {
        const qint64 user = f.addUser(QStringLiteral("u%1").arg(QRandomGenerator::global()->generate()), 100);
        const qint64 job = f.enqueue(user, specOfType(0), 20);
        exec(f, QStringLiteral("UPDATE jobs SET max_retries = 0 WHERE id = %1").arg(job));
        for (Stage expected : { Stage::Converting, Stage::Deploying, Stage::WaitingReady }) {
            auto moved = step(runner, job);
            if (!moved.ok() || moved.value() != expected)
                return 0;
        }
        // As if the POST's reply had been lost and the job had then given up: the row holds
        // only the key; the contract lives at the grid.
        exec(f,
            QStringLiteral(
                "UPDATE job_deployments SET state = 'requested', deployment_id = NULL, contract_id = NULL "
                "WHERE job_id = %1")
                .arg(job));
        exec(f,
            QStringLiteral(
                "UPDATE jobs SET stage = 'rolling_back', last_error = 'timed out', run_at = 0 WHERE id = %1")
                .arg(job));
        return job;
    }

    QStringList m_base;

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void sameRefundTwiceIsOneRefund()
    {
        PipelineFixture f;
        useCli(f);
        const qint64 user = f.addUser(QStringLiteral("alice"), 100);
        const qint64 job = f.enqueue(user, specOfType(0), 20);
        Output run = ctl({ QStringLiteral("run"), QStringLiteral("--until-idle") });
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(f.queue->job(job)->stage, Stage::Active);
        const Tfc before = f.ledger.user(user)->available;

        const QStringList refund { QStringLiteral("--json"), QStringLiteral("refund"), QString::number(job),
            QStringLiteral("--amount"), QStringLiteral("5"), QStringLiteral("--reason"), QStringLiteral("X"),
            QStringLiteral("--actor"), QStringLiteral("support") };
        Output first = ctl(refund);
        QVERIFY2(first.code == 0, first.err.constData());
        QCOMPARE(first.json().value(QStringLiteral("already_done")).toBool(), false);
        Output second = ctl(refund);
        QVERIFY2(second.code == 0, second.err.constData());
        QCOMPARE(second.json().value(QStringLiteral("already_done")).toBool(), true);
        Output text = ctl(refund.mid(1));
        QVERIFY2(text.out.contains("Already done"), text.out.constData());

        QCOMPARE(f.ledger.user(user)->available, before + Tfc::fromWhole(5));
        QCOMPARE(f.ledger.hold(job)->refunded, Tfc::fromWhole(5));
        QCOMPARE(
            f.scalar(QStringLiteral("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'refund'")), 1);
        // The refund stands on the job's timeline, and its notification was queued with it.
        QCOMPARE(
            f.scalar(
                QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = %1 AND kind = 'refund'").arg(job)),
            1);

        // Another reason is another refund.
        Output other = ctl({ QStringLiteral("refund"), QString::number(job), QStringLiteral("--amount"),
            QStringLiteral("5"), QStringLiteral("--reason"), QStringLiteral("Y"), QStringLiteral("--actor"),
            QStringLiteral("support") });
        QVERIFY2(other.code == 0, other.err.constData());
        QCOMPARE(f.ledger.hold(job)->refunded, Tfc::fromWhole(10));

        // Top-ups likewise.
        const QStringList topUp { QStringLiteral("credits"), QStringLiteral("add"), QStringLiteral("alice"),
            QStringLiteral("7"), QStringLiteral("--reason"), QStringLiteral("invoice 12") };
        QCOMPARE(ctl(topUp).code, 0);
        Output again = ctl(topUp);
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains("Already done"), again.out.constData());
        QCOMPARE(f.ledger.user(user)->available, before + Tfc::fromWhole(17));
        QVERIFY(f.ledger.check().ok());
    }

    void retryPaysTheConfiguredCommission()
    {
        PipelineFixture f;
        f.config.commission.percent = Percent::fromWhole(25);
        useCli(f);
        const qint64 user = f.addUser(QStringLiteral("bob"), 100);
        // Too big for any node: it fails and its credits come back.
        const qint64 bad = f.enqueue(user,
            ServiceSpec::make(
                VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 64, 1024, 90000),
            20);
        exec(f, QStringLiteral("UPDATE jobs SET max_retries = 0 WHERE id = %1").arg(bad));
        QCOMPARE(ctl({ QStringLiteral("run"), QStringLiteral("--until-idle") }).code, 0);
        QCOMPARE(f.queue->job(bad)->stage, Stage::Failed);

        Output retry = ctl({ QStringLiteral("--json"), QStringLiteral("retry"), QString::number(bad) });
        QVERIFY2(retry.code == 0, retry.err.constData());
        const qint64 id = retry.json().value(QStringLiteral("id")).toInteger();
        QCOMPARE(f.queue->job(id)->commissionAmount, Tfc::fromWhole(5));
        QCOMPARE(f.queue->job(id)->gridPaymentAmount, Tfc::fromWhole(15));
        QCOMPARE(f.queue->job(id)->maxRetries, f.config.deploymentQueue.retryAttempts);
    }

    void rollbackRetriesAConflictUntilTheContractIsCancelled()
    {
        PipelineFixture f;
        auto endpoints = Endpoints::resolve(f.config);
        QVERIFY(endpoints.ok());
        StageRunner runner(
            f.temp.store(), PipelineSettings::from(f.config, fastOptions(1)), endpoints.value());
        const qint64 job = jobWithLostReply(f, runner);
        QVERIFY(job != 0);
        QCOMPARE(f.queue->job(job)->stage, Stage::RollingBack);
        QCOMPARE(f.grid.liveContractCount(), 1);

        // The gateway answers 409 for the key (the stored request no longer matches): that says
        // nothing about the contract, so the rollback waits and asks again.
        exec(f,
            QStringLiteral("UPDATE jobs SET spec_json = replace(spec_json, '\"cpu_cores\":2', "
                           "'\"cpu_cores\":3') WHERE id = %1")
                .arg(job));
        QVERIFY(f.scalar(QStringLiteral(
                    "SELECT COUNT(*) FROM jobs WHERE id = %1 AND spec_json LIKE '%\"cpu_cores\":3%'")
                             .arg(job))
            == 1);
        auto conflicted = step(runner, job);
        QVERIFY(conflicted.ok());
        QCOMPARE(f.queue->job(job)->stage, Stage::RollingBack);
        QCOMPARE(f.grid.liveContractCount(), 1);
        QCOMPARE(f.scalar(QStringLiteral(
                     "SELECT COUNT(*) FROM job_deployments WHERE job_id = %1 AND state = 'requested'")
                              .arg(job)),
            1);

        exec(f,
            QStringLiteral("UPDATE jobs SET spec_json = replace(spec_json, '\"cpu_cores\":3', "
                           "'\"cpu_cores\":2'), run_at = 0 WHERE id = %1")
                .arg(job));
        auto done = step(runner, job);
        QVERIFY2(done.ok(), done.ok() ? "" : qPrintable(done.error().message));
        QCOMPARE(f.queue->job(job)->stage, Stage::Failed);
        QCOMPARE(f.grid.liveContractCount(), 0);
        QVERIFY(f.ledger.check().ok());
    }

    void rollbackRetriesAStorageErrorUntilTheContractIsCancelled()
    {
        PipelineFixture f;
        auto endpoints = Endpoints::resolve(f.config);
        QVERIFY(endpoints.ok());
        StageRunner runner(
            f.temp.store(), PipelineSettings::from(f.config, fastOptions(1)), endpoints.value());
        const qint64 job = jobWithLostReply(f, runner);
        QVERIFY(job != 0);
        QCOMPARE(f.queue->job(job)->stage, Stage::RollingBack);

        // Our own store cannot say what was sent: not "nothing there" either.
        exec(f, QStringLiteral("ALTER TABLE job_conversions RENAME TO job_conversions_away"));
        QVERIFY(step(runner, job).ok());
        QCOMPARE(f.queue->job(job)->stage, Stage::RollingBack);
        QCOMPARE(f.grid.liveContractCount(), 1);

        exec(f, QStringLiteral("ALTER TABLE job_conversions_away RENAME TO job_conversions"));
        exec(f, QStringLiteral("UPDATE jobs SET run_at = 0 WHERE id = %1").arg(job));
        QVERIFY(step(runner, job).ok());
        QCOMPARE(f.queue->job(job)->stage, Stage::Failed);
        QCOMPARE(f.grid.liveContractCount(), 0);
    }

    void orphanContractIsReconciled()
    {
        PipelineFixture f;
        useCli(f);
        const qint64 user = f.addUser(QStringLiteral("carol"), 100);
        const qint64 job = f.enqueue(user, specOfType(0), 20);
        QCOMPARE(ctl({ QStringLiteral("run"), QStringLiteral("--until-idle") }).code, 0);
        QCOMPARE(f.queue->job(job)->stage, Stage::Active);
        QCOMPARE(f.grid.liveContractCount(), 1);

        // Plant two contracts named as this installation names them: a second one for the
        // active job (the duplicate a stale step used to leave) and one for no job at all.
        const QString installation = f.temp.store()->installationId();
        QCOMPARE(installation.size(), 32);
        const qint64 node
            = f.scalar(QStringLiteral("SELECT node_id FROM job_deployments WHERE job_id = %1").arg(job));
        QNetworkAccessManager net;
        for (qint64 planted : { job, qint64(9999) }) {
            QJsonObject body { { QStringLiteral("type"), QStringLiteral("vm") },
                { QStringLiteral("name"), StageRunner::deploymentName(installation, planted) },
                { QStringLiteral("job_id"), planted }, { QStringLiteral("node_id"), node },
                { QStringLiteral("cpu"), 1 }, { QStringLiteral("memory"), 1 },
                { QStringLiteral("storage"), 10 }, { QStringLiteral("os"), QStringLiteral("ubuntu") },
                { QStringLiteral("version"), QStringLiteral("22.04") },
                { QStringLiteral("payment"),
                    QJsonObject { { QStringLiteral("amount"), QStringLiteral("10.0000000") },
                        { QStringLiteral("currency"), QStringLiteral("TFT") } } } };
            QNetworkRequest request(QUrl(f.grid.url().toString() + QStringLiteral("/deployments/vm")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            request.setRawHeader("Idempotency-Key", QStringLiteral("planted-%1").arg(planted).toUtf8());
            QNetworkReply *reply = net.post(request, QJsonDocument(body).toJson());
            QSignalSpy finished(reply, &QNetworkReply::finished);
            QVERIFY(finished.wait(10000));
            QVERIFY2(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201,
                reply->readAll().constData());
            reply->deleteLater();
        }
        QCOMPARE(f.grid.liveContractCount(), 3);

        // Young contracts are left alone (a create whose reply may still be on its way).
        Output young = ctl({ QStringLiteral("--json"), QStringLiteral("reconcile") });
        QVERIFY2(young.code == 0, young.err.constData());
        QCOMPARE(young.json().value(QStringLiteral("orphans")).toArray().size(), 0);

        Output dry = ctl({ QStringLiteral("--json"), QStringLiteral("reconcile"), QStringLiteral("--dry-run"),
            QStringLiteral("--grace-seconds"), QStringLiteral("0") });
        QVERIFY2(dry.code == 0, dry.err.constData());
        QCOMPARE(dry.json().value(QStringLiteral("orphans")).toArray().size(), 2);
        QCOMPARE(dry.json().value(QStringLiteral("dry_run")).toBool(), true);
        QCOMPARE(f.grid.liveContractCount(), 3);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'reconcile'")), 0);

        Output real
            = ctl({ QStringLiteral("reconcile"), QStringLiteral("--grace-seconds"), QStringLiteral("0") });
        QVERIFY2(real.code == 0, real.err.constData());
        QVERIFY2(real.out.contains("2 orphan contract(s) cancelled"), real.out.constData());
        QCOMPARE(f.grid.liveContractCount(), 1);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'reconcile'")), 2);
        QCOMPARE(f.queue->job(job)->stage, Stage::Active);
        QVERIFY(Reconciler::lastReport(f.temp.store()).has_value());
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        // A contract gone from under an active job is flagged, once.
        exec(f,
            QStringLiteral("UPDATE job_deployments SET deployment_id = 'gone-1' WHERE job_id = %1").arg(job));
        Output flagged = ctl({ QStringLiteral("--json"), QStringLiteral("reconcile") });
        QCOMPARE(flagged.json().value(QStringLiteral("missing_contracts")).toArray().size(), 1);
        QCOMPARE(ctl({ QStringLiteral("reconcile") }).code, 0);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'contract_missing'")), 1);
    }
};

QTEST_GUILESS_MAIN(TestMoneyPaths)
#include "tst_money_paths.moc"
