#pragma once
// Shared by the console's widget tests: an AppController on a fresh temporary store with a
// session secret store and a default config file, and ways to put jobs into given stages
// through the core APIs (JobQueue::advance with the ledger's capture/release in the same
// transaction, job_deployments rows as the pipeline writes them) when a test should not wait
// for the pipeline engine.

#include "config/Config.h"
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"
#include "secrets/MemorySecretStore.h"
#include "store/Store.h"
#include "ui/AppController.h"
#include "ui/Prompts.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace griddeck::test {

// Widget tests never read or write the user's own window settings.
inline void isolateSettings()
{
    QCoreApplication::setOrganizationName(QStringLiteral("GridDeckTests"));
    QCoreApplication::setApplicationName(QStringLiteral("griddeck-ui-tests"));
    QSettings().clear();
    ui::Prompts::setSilent(true);
}

// Shortcuts only reach an active window: a real X server (xvfb) needs it activated.
inline bool activate(QWidget &window)
{
    window.show();
    window.raise();
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window);
}

class UiFixture
{
    // First, so they outlive the controller that uses them.
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;

public:
    // engine: start the pipeline on the embedded simulator (else the queue only holds jobs).
    explicit UiFixture(bool engine, const std::function<void(Config &)> &tune = {}, bool demo = false)
    {
        Config config = Config::defaults();
        config.notifications.emailEnabled = false;
        config.notifications.webhookEnabled = false;
        config.notifications.slackEnabled = false;
        if (tune)
            tune(config);
        const QString configPath = m_dir.filePath(QStringLiteral("deployment.toml"));
        if (auto saved = config.saveFile(configPath); !saved.ok())
            qFatal("cannot write the test config: %s", qPrintable(saved.error().message));
        ui::AppController::Options options;
        options.configFile = configPath;
        options.dbFile = m_dir.filePath(QStringLiteral("griddeck.sqlite"));
        options.startEngine = engine;
        options.demo = demo;
        options.secrets = &m_secrets;
        if (auto opened = app.open(options); !opened.ok())
            qFatal("cannot open the console: %s", qPrintable(opened.error().message));
    }
    ~UiFixture() { app.shutdown(); }

    qint64 addUser(const QString &name, int credits)
    {
        auto id = app.ledger().addUser(name, Tfc::fromWhole(credits), QStringLiteral("test"));
        if (!id.ok())
            qFatal("addUser: %s", qPrintable(id.error().message));
        return id.value();
    }

    qint64 enqueue(qint64 userId, const ServiceSpec &spec, int tfc, Priority priority = Priority::Normal)
    {
        EnqueueRequest request;
        request.userId = userId;
        request.spec = spec;
        request.amount = Tfc::fromWhole(tfc);
        request.priority = priority;
        request.actor = QStringLiteral("test");
        auto id = app.queue().enqueue(request);
        if (!id.ok())
            qFatal("enqueue: %s", qPrintable(id.error().message));
        return id.value();
    }

    Tfc available(qint64 userId) { return app.ledger().user(userId).value().available; }
    Stage stageOf(qint64 jobId) { return app.queue().job(jobId).value().stage; }

    static ServiceSpec vm(qint64 cpu = 2)
    {
        return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, cpu, 4, 50);
    }
    static ServiceSpec container(const QString &image = QStringLiteral("nginx:1.25"))
    {
        // The grid boots an flist (the hub's conversion of the image).
        QString name = image;
        name.replace(u':', u'-').replace(u'/', u'-');
        return ServiceSpec::make(
            ContainerService {
                image, { 80 }, QStringLiteral("https://hub.grid.tf/tf-official-apps/%1.flist").arg(name) },
            1, 2, 10);
    }

    // Walks a queued job to active as the pipeline would: each step under a lease, the
    // conversion and deployment rows written, the credits captured with the last transition.
    void makeActive(qint64 jobId, const QString &ip, qint64 nodeId = 4211, const QString &country = QStringLiteral("Belgium"))
    {
        walk(jobId, {Stage::Converting});
        exec1(QStringLiteral("INSERT INTO job_conversions(job_id, tx_id, tft_received, usd_spent, rate, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)"),
              {jobId, QStringLiteral("tx-%1").arg(jobId), qint64(2231'4000000), qint64(22'5000000), qint64(10080000000),
               now()});
        walk(jobId, {Stage::Deploying});
        exec1(QStringLiteral("INSERT INTO job_deployments(job_id, attempt, idempotency_key, node_id, farm_id, country, "
                             "deployment_id, contract_id, state, ip, mycelium_ip, web_url, ssh_command, created_at, ready_at) "
                             "VALUES (?, 1, ?, ?, 12, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?)"),
              {jobId, QStringLiteral("test:%1:1").arg(jobId), nodeId, country, QStringLiteral("dep-%1").arg(jobId),
               qint64(880000 + jobId), ip, QStringLiteral("5c4:c176:%1::1").arg(jobId),
               QStringLiteral("https://%1.gateway.test").arg(jobId), QStringLiteral("ssh root@%1").arg(ip), now(), now()});
        walk(jobId, {Stage::WaitingReady, Stage::Verifying});
        const Job job = app.queue().job(jobId).value();
        Ledger &ledger = app.ledger();
        advance(jobId, Stage::Verifying, Stage::Active, QStringLiteral("Service active"),
                [&ledger, job](QSqlDatabase db) {
                    return ledger.captureIn(db, job.id, job.commissionAmount, job.gridPaymentAmount, QStringLiteral("test"));
                });
    }

    // A queued job that fails at deployment: rolled back, the hold released (full refund).
    void makeFailed(qint64 jobId, const QString &reason)
    {
        walk(jobId, {Stage::Converting, Stage::Deploying});
        advance(jobId, Stage::Deploying, Stage::RollingBack, reason, {});
        Ledger &ledger = app.ledger();
        advance(jobId, Stage::RollingBack, Stage::Failed, reason, [&ledger, jobId, reason](QSqlDatabase db) {
            return ledger.releaseIn(db, jobId, reason, QStringLiteral("test"));
        });
    }

    // Moves a job through `stages` one advance each, as a worker would.
    void walk(qint64 jobId, const QList<Stage> &stages)
    {
        for (Stage to : stages) {
            const Stage from = app.queue().job(jobId).value().stage;
            advance(jobId, from, to, QStringLiteral("Now %1").arg(stageName(to)), {});
        }
    }

    ui::AppController app;

private:
    qint64 now() const { return app.clock().nowMs(); }

    void exec1(const QString &sql, const QVariantList &args)
    {
        WriteTransaction tx(*app.store());
        QVERIFY2(tx.begun(), qPrintable(tx.error()));
        auto q = exec(tx.db(), sql, args);
        QVERIFY2(q.ok(), q.ok() ? "" : qPrintable(q.error().message));
        auto committed = tx.commit();
        QVERIFY(committed.ok());
    }

    void lease(qint64 jobId)
    {
        exec1(QStringLiteral("UPDATE jobs SET lease_owner = 'test', lease_expires_at = ? WHERE id = ?"),
              {now() + 60000, jobId});
    }

    void advance(qint64 jobId, Stage from, Stage to, const QString &message, const JobQueue::TransactionStep &step)
    {
        lease(jobId);
        auto done = step ? app.queue().advance(jobId, QStringLiteral("test"), from, to, message, 0, step)
                         : app.queue().advance(jobId, QStringLiteral("test"), from, to, message, 0);
        if (!done.ok())
            qFatal("advance %s → %s: %s", qPrintable(stageName(from)), qPrintable(stageName(to)),
                   qPrintable(done.error().message));
    }

};

} // namespace griddeck::test
