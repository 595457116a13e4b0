#pragma once
// What the dialog and pane tests share: an AppController on a fresh store and config in a
// temporary folder (no pipeline engine unless asked, secrets in memory), and shortcuts to put
// users and jobs in the states a test needs — through the real core (Ledger, JobQueue).

#include "config/Config.h"
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"
#include "secrets/MemorySecretStore.h"
#include "ui/AppController.h"

#include <QCoreApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include <functional>
#include <memory>

namespace griddeck::test {

class UiFixture
{
public:
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<MemorySecretStore> secrets;
    std::unique_ptr<ui::AppController> app;

    // A fresh folder, store, config (defaults, then `tweak`) and secret store, and a controller
    // opened on them (any previous one is shut down first).
    bool open(const std::function<void(Config &)> &tweak = {}, bool startEngine = false)
    {
        app.reset();
        secrets = std::make_unique<MemorySecretStore>();
        dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid())
            return false;
        Config config = Config::defaults();
        if (tweak)
            tweak(config);
        if (!config.saveFile(configPath()).ok())
            return false;
        app = std::make_unique<ui::AppController>();
        ui::AppController::Options options;
        options.configFile = configPath();
        options.dbFile = dir->path() + QStringLiteral("/griddeck.sqlite");
        options.startEngine = startEngine;
        options.secrets = secrets.get();
        auto opened = app->open(options);
        if (!opened.ok())
            qWarning("open failed: %s", qPrintable(opened.error().message));
        return opened.ok();
    }

    QString configPath() const { return dir->path() + QStringLiteral("/deployment.toml"); }

    void close()
    {
        app.reset();
        secrets.reset();
        dir.reset();
    }

    static Tfc tfc(const char *text) { return *Tfc::parse(QString::fromLatin1(text)); }

    qint64 addUser(const QString &name, const char *credits)
    {
        auto id = app->ledger().addUser(name, tfc(credits));
        if (!id.ok())
            qFatal("addUser: %s", qPrintable(id.error().message));
        app->pokeWatcher();
        return id.value();
    }

    qint64 enqueue(qint64 userId, const char *amount, ServiceSpec spec = ServiceSpec::make(VmService{"ubuntu", "22.04"}, 2, 4, 50))
    {
        EnqueueRequest request;
        request.userId = userId;
        request.spec = spec;
        request.amount = tfc(amount);
        request.actor = QStringLiteral("test");
        auto id = app->queue().enqueue(request);
        if (!id.ok())
            qFatal("enqueue: %s", qPrintable(id.error().message));
        app->pokeWatcher();
        return id.value();
    }

    // Moves a queued job straight to `to` as a worker would (a lease, then one transition),
    // capturing the hold when it becomes active and releasing it when it fails.
    void finish(qint64 jobId, Stage to)
    {
        const QString owner = QStringLiteral("test-worker");
        auto claimed = app->queue().claim(owner, 1000);
        if (!claimed.ok())
            qFatal("claim: %s", qPrintable(claimed.error().message));
        std::optional<Job> job;
        for (const Job &j : claimed.value()) {
            if (j.id == jobId)
                job = j;
            else
                (void)app->queue().releaseLease(j.id, owner);
        }
        if (!job)
            qFatal("job %lld was not claimable", jobId);
        Ledger &ledger = app->ledger();
        JobQueue::TransactionStep step;
        if (to == Stage::Active)
            step = [&ledger, j = *job](QSqlDatabase db) {
                return ledger.captureIn(db, j.id, j.commissionAmount, j.gridPaymentAmount, QStringLiteral("test"));
            };
        else if (to == Stage::Failed)
            step = [&ledger, j = *job](QSqlDatabase db) {
                return ledger.releaseIn(db, j.id, QStringLiteral("test failure"), QStringLiteral("test"));
            };
        auto moved = app->queue().advance(jobId, owner, job->stage, to, QString(), 0, step);
        if (!moved.ok())
            qFatal("advance: %s", qPrintable(moved.error().message));
        app->pokeWatcher();
    }

    // Saves a picture of `widget` for a person to look at.
    static void screenshot(QWidget *widget, const QString &name)
    {
        // Let pending layout requests run first (key clicks are sent without an event loop pass).
        // A layout change climbs one parent per event-loop pass.
        for (int pass = 0; pass < 8; ++pass) {
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        }
        const QString path = QStringLiteral("/tmp/griddeck-dlg-%1.png").arg(name);
        widget->grab().save(path);
    }
};

} // namespace griddeck::test
