// The main window with the real pipeline engine running against the embedded grid simulator:
// a purchase becomes active and its SSH command is copied from the detail panel; Stop asks
// with the money wording and stops the service; Ctrl+P pauses claims (asserted on the store);
// the sidebar badges, Ctrl+F, the status bar and the remembered layout. (The screenshots of demo
// data are made by scripts/screenshots.sh, not by a test.)

#include "Prerequisites.h"
#include "UiTestSupport.h"
#include "models/DeploymentModel.h"
#include "models/JobFilterProxy.h"
#include "models/QueueModel.h"
#include "models/StoreWatcher.h"
#include "ui/MainWindow.h"
#include "ui/dialogs/NewDeploymentDialog.h"
#include "ui/dialogs/SettingsDialog.h"
#include "ui/panes/DeploymentDetail.h"
#include "ui/panes/DeploymentsPane.h"
#include "ui/panes/EventsPane.h"
#include "ui/panes/QueuePane.h"
#include "ui/widgets/CopyField.h"
#include "ui/widgets/Icons.h"
#include "ui/widgets/Sidebar.h"
#include "ui/widgets/StatusIndicator.h"
#include "ui/widgets/StatusPanel.h"
#include "ui/widgets/TimelineWidget.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::ui;
using griddeck::test::UiFixture;

namespace {

// GRIDDECK_TEST_TIME_SCALE stretches it on a slow or busy machine.
int activeTimeoutMs()
{
    return test::scaledMs(45000);
}

// Fast retries and a short readiness timeout: the simulator answers in about two seconds.
void quick(Config &config)
{
    config.deploymentQueue.retryDelaySeconds = 1;
    config.deploymentQueue.retryMaxDelaySeconds = 2;
    config.deploymentQueue.readinessTimeoutSeconds = test::scaledMs(30000) / 1000;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        initResources();
    }
    void init() { Prompts::clear(); }

    void opensWithEverySection()
    {
        UiFixture f(false);
        MainWindow window(f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(1440, 900));
        QCOMPARE(window.sidebar()->count(), int(MainWindow::SectionCount));
        for (int s = 0; s < MainWindow::SectionCount; ++s)
            QVERIFY(window.pane(static_cast<MainWindow::Section>(s)));
        QVERIFY(window.queuePane() && window.deploymentsPane() && window.eventsPane());
        // Status bar pieces, one per configured price source.
        QVERIFY(window.statusPanel()->source(QStringLiteral("dex")));
        QVERIFY(window.statusPanel()->source(QStringLiteral("coingecko")));
        QVERIFY(window.statusPanel()->source(QStringLiteral("grid_stats")));
        QCOMPARE(window.statusPanel()->queue()->value(), QStringLiteral("running"));
        QTRY_COMPARE(window.statusPanel()->keychain()->state(), StatusIndicator::State::Warning); // session memory
        QCOMPARE(window.statusPanel()->grid()->state(), StatusIndicator::State::Off); // no engine here
        // Every toolbar action has its shortcut.
        QCOMPARE(window.newDeploymentAction()->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(window.pauseAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
        QCOMPARE(window.searchAction()->shortcut(), QKeySequence(QKeySequence::Find));

        // The toolbar opens the dialogs, window-modal, without a nested event loop.
        window.newDeploymentAction()->trigger();
        auto *buy = window.findChild<NewDeploymentDialog *>();
        QVERIFY(buy);
        QTRY_VERIFY(buy->isVisible());
        QCOMPARE(buy->windowModality(), Qt::WindowModal);
        buy->reject();
        QTRY_VERIFY(!window.findChild<NewDeploymentDialog *>()); // deleted on close
        window.settingsAction()->trigger();
        auto *settings = window.findChild<SettingsDialog *>();
        QVERIFY(settings);
        QTRY_VERIFY(settings->isVisible());
        settings->reject();
    }

    void sidebarCountsAndSearchShortcut()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        f.enqueue(alice, UiFixture::vm(), 25);
        f.enqueue(alice, UiFixture::container(), 12);
        f.makeFailed(f.enqueue(alice, UiFixture::vm(4), 30), QStringLiteral("Deploy error on node 12."));
        MainWindow window(f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.sidebar()->badgeCount(MainWindow::Queue), 2);
        QTRY_COMPARE(window.sidebar()->badgeCount(MainWindow::Deployments), 1);
        QVERIFY(test::activate(window));

        window.showSection(MainWindow::Queue);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), window.queuePane()->searchField());
        QTest::keyClicks(window.queuePane()->searchField(), QStringLiteral("nginx"));
        QCOMPARE(window.queuePane()->proxy()->rowCount(), 1);

        window.showSection(MainWindow::Events);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), window.eventsPane()->searchField());
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentSection(), MainWindow::Deployments);
    }

    void remembersLayout()
    {
        UiFixture f(false);
        {
            MainWindow window(f.app);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1400, 820);
            window.showSection(MainWindow::Events);
            window.close();
        }
        MainWindow again(f.app);
        again.show();
        QCOMPARE(again.currentSection(), MainWindow::Events);
        QCOMPARE(again.size(), QSize(1400, 820));
        QSettings().clear();
    }

    void purchaseThroughTheDialogBecomesActive()
    {
        UiFixture f(true, quick);
        QVERIFY(f.app.engineRunning());
        f.addUser(QStringLiteral("alice"), 500);
        MainWindow window(f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.newDeploymentAction()->trigger();
        QPointer<NewDeploymentDialog> dialog = window.findChild<NewDeploymentDialog *>();
        QVERIFY(dialog);
        auto *user = qobject_cast<QComboBox *>(dialog->fieldWidget(QStringLiteral("user")));
        QVERIFY(user);
        QTRY_VERIFY(user->findText(QStringLiteral("alice")) >= 0);
        user->setCurrentIndex(user->findText(QStringLiteral("alice")));
        dialog->setServiceType(ServiceType::Container);
        QTest::keyClicks(dialog->fieldWidget(QStringLiteral("image")), QStringLiteral("nginx:1.25"));
        QTest::keyClicks(dialog->fieldWidget(QStringLiteral("flist")),
            QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist"));
        QTest::keyClicks(dialog->fieldWidget(QStringLiteral("ports")), QStringLiteral("80"));
        QWidget *amount = dialog->fieldWidget(QStringLiteral("amount"));
        amount->setFocus();
        QTest::keyClick(amount, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(amount, QStringLiteral("20.00"));
        QTRY_VERIFY(dialog->submitButton()->isEnabled());
        QSignalSpy enqueued(dialog.data(), &NewDeploymentDialog::enqueued);
        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        QVERIFY(enqueued.wait(5000));
        const qint64 job = enqueued.first().first().toLongLong();

        // The job's row in the Deployments pane goes to Active as the pipeline carries it.
        window.showSection(MainWindow::Deployments);
        JobFilterProxy *rows = window.deploymentsPane()->proxy();
        auto stageShown = [rows, job]() -> QString {
            for (int r = 0; r < rows->rowCount(); ++r) {
                const QModelIndex index = rows->index(r, 0);
                if (index.data(JobListModel::JobIdRole).toLongLong() == job)
                    return index.data(JobListModel::StageRole).toString();
            }
            return QString();
        };
        QTRY_VERIFY(!stageShown().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            stageShown() == QLatin1String("active") || stageShown() == QLatin1String("failed"),
            activeTimeoutMs());
        QCOMPARE(stageShown(), QStringLiteral("active"));
        QCOMPARE(f.stageOf(job), Stage::Active);
    }

    void activeDeploymentSshCopiesAndStopAsks()
    {
        UiFixture f(true, quick);
        QVERIFY(f.app.engineRunning());
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        MainWindow window(f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const qint64 job = f.enqueue(alice, UiFixture::vm(), 25);
        f.app.pokeWatcher();
        QTRY_VERIFY_WITH_TIMEOUT(
            f.stageOf(job) == Stage::Active || f.stageOf(job) == Stage::Failed, activeTimeoutMs());
        QCOMPARE(stageName(f.stageOf(job)), stageName(Stage::Active));
        // Captured: commission + grid payment left the user's held credits.
        QCOMPARE(f.app.ledger().user(alice).value().held, Tfc());

        window.showJob(job);
        QCOMPARE(window.currentSection(), MainWindow::Deployments);
        DeploymentDetail *detail = window.deploymentsPane()->detail();
        QTRY_COMPARE(detail->jobId(), job);
        QTRY_VERIFY(detail->sshField()->value().startsWith(QStringLiteral("ssh ")));
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(detail->sshField()->copyButton(), Qt::LeftButton);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), detail->sshField()->value());
        // The status bar has heard from the grid and the price sources by now.
        QTRY_COMPARE(window.statusPanel()->grid()->state(), StatusIndicator::State::Ok);
        QTRY_COMPARE(window.statusPanel()->source(QStringLiteral("dex"))->state(), StatusIndicator::State::Ok);
        // And the tray (or the status bar) said so.
        QTRY_VERIFY_WITH_TIMEOUT(window.notifications().join(u'\n').contains(QStringLiteral("Deployment active")), 5000);

        // Restart: readiness and health are checked again; the console says it worked, from the
        // store (the timeline) and in the status bar.
        QTRY_VERIFY(detail->restartButton()->isEnabled());
        QTest::mouseClick(detail->restartButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("Restart of #%1 worked").arg(job)),
            activeTimeoutMs());
        QCOMPARE(f.stageOf(job), Stage::Active);
        QTRY_COMPARE(detail->timeline()->state().message,
            QStringLiteral("The last restart worked: the service passed readiness and health again."));

        // Stop: declined first (nothing happens), then confirmed.
        QTRY_VERIFY(detail->stopButton()->isEnabled());
        Prompts::queueAnswer(QMessageBox::Cancel);
        QTest::mouseClick(detail->stopButton(), Qt::LeftButton);
        QCOMPARE(Prompts::askedQuestions(),
                 QStringList{QStringLiteral("Stop the service? The contract is cancelled; this cannot be undone. "
                                            "No refund is made \u2014 use Refund for that.")});
        QTRY_VERIFY(!Prompts::hasQueuedAnswers());
        QCOMPARE(f.stageOf(job), Stage::Active);
        QSignalSpy finished(detail, &DeploymentDetail::actionFinished);
        Prompts::queueAnswer(QMessageBox::Yes);
        QTest::mouseClick(detail->stopButton(), Qt::LeftButton);
        QVERIFY(finished.wait(test::scaledMs(20000)));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(f.stageOf(job), Stage::Stopped);
        QTRY_VERIFY(!detail->stopButton()->isVisible());
    }

    void pauseStopsNewClaims()
    {
        UiFixture f(true, quick);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        MainWindow window(f.app);
        QVERIFY(test::activate(window));
        QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier);
        QTRY_VERIFY(f.app.isQueuePaused());
        QVERIFY(f.app.queue().isPaused());
        QCOMPARE(window.pauseAction()->text(), QStringLiteral("Resume queue"));
        QCOMPARE(window.statusPanel()->queue()->value(), QStringLiteral("paused"));

        const qint64 job = f.enqueue(alice, UiFixture::vm(), 25);
        f.app.pokeWatcher();
        // Ten rounds: each poke makes the watcher look and wakes the dispatcher, which tries to
        // claim (and finds the queue paused).
        QSignalSpy polled(f.app.watcher(), &StoreWatcher::polled);
        QTRY_VERIFY_WITH_TIMEOUT((f.app.pokeWatcher(), polled.size() >= 10), test::scaledMs(10000));
        const Job stored = f.app.queue().job(job).value();
        QCOMPARE(stored.stage, Stage::Queued);
        QVERIFY(stored.leaseOwner.isEmpty());
        QCOMPARE(f.app.queue().events(job).value().size(), 1); // only "enqueued"

        window.pauseAction()->trigger();
        QTRY_VERIFY(!f.app.isQueuePaused());
        QTRY_VERIFY_WITH_TIMEOUT(f.stageOf(job) != Stage::Queued, test::scaledMs(15000));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
