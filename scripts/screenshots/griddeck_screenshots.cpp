// Screenshots of the console on live demo data (scripts/screenshots.sh runs this): the embedded
// grid and the real pipeline carry the demo purchases through, then each section is grabbed,
// plus a failed deployment, a busy queue and a dark palette, into $GRIDDECK_SCREENSHOT_DIR
// (default /tmp). A program, not a test: ctest does not run it.

#include "UiTestSupport.h"
#include "models/JobFilterProxy.h"
#include "ui/MainWindow.h"
#include "ui/panes/DeploymentDetail.h"
#include "ui/panes/DeploymentsPane.h"
#include "ui/panes/QueuePane.h"
#include "ui/widgets/CopyField.h"
#include "ui/widgets/Icons.h"
#include "ui/widgets/TimelineWidget.h"

#include <QDir>
#include <QSignalSpy>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::ui;
using griddeck::test::UiFixture;

namespace {

constexpr int kActiveTimeoutMs = 90000;

// Fast retries and a short readiness timeout: the simulator answers in about two seconds.
void quick(Config &config)
{
    config.deploymentQueue.retryDelaySeconds = 1;
    config.deploymentQueue.retryMaxDelaySeconds = 2;
    config.deploymentQueue.readinessTimeoutSeconds = 30;
}

int countInStage(AppController &app, Stage stage)
{
    JobFilter filter;
    filter.stage = stage;
    filter.limit = 10000;
    return int(app.queue().jobs(filter).value().size());
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("GRIDDECK_SCREENSHOT_DIR", QStringLiteral("/tmp"));
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class Screenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        initResources();
    }

    void screenshotsOfDemoData()
    {
        UiFixture f(true, quick, true);
        QSignalSpy seeded(&f.app, &AppController::demoSeeded);
        QSignalSpy errors(&f.app, &AppController::errorOccurred);
        MainWindow window(f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!seeded.isEmpty() || !errors.isEmpty(), 20000);
        QVERIFY2(
            errors.isEmpty(), qPrintable(errors.isEmpty() ? QString() : errors.first().at(0).toString()));
        QVERIFY(seeded.first().at(1).toInt() > 10);
        // Let the pipeline carry most of the demo purchases through.
        QTRY_VERIFY_WITH_TIMEOUT(countInStage(f.app, Stage::Active) >= 6, kActiveTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(countInStage(f.app, Stage::Failed) >= 1, kActiveTimeoutMs);
        const QString dir = screenshotDir();
        const QList<std::pair<MainWindow::Section, QString>> sections = { { MainWindow::Overview,
                                                                              QStringLiteral("overview") },
            { MainWindow::Queue, QStringLiteral("queue") },
            { MainWindow::Deployments, QStringLiteral("deployments") },
            { MainWindow::Wallet, QStringLiteral("wallet") }, { MainWindow::Nodes, QStringLiteral("nodes") },
            { MainWindow::Events, QStringLiteral("events") } };
        for (const auto &[section, name] : sections) {
            window.showSection(section);
            if (section == MainWindow::Deployments) {
                // Show an active job's details.
                JobFilter filter;
                filter.stage = Stage::Active;
                window.showJob(f.app.queue().jobs(filter).value().first().id);
                DeploymentDetail *detail = window.deploymentsPane()->detail();
                QTRY_VERIFY(!detail->sshField()->value().isEmpty());
                QTRY_VERIFY(detail->metricText(QStringLiteral("tft")).endsWith(QStringLiteral(" TFT")));
                QTRY_VERIFY(detail->history()->topLevelItemCount() > 0);
            }
            const QImage image = window.grab().toImage();
            QVERIFY(!image.isNull());
            QVERIFY(image.save(QStringLiteral("%1/griddeck-%2.png").arg(dir, name)));
        }
        // A failed one too.
        JobFilter failed;
        failed.stage = Stage::Failed;
        window.showJob(f.app.queue().jobs(failed).value().first().id);
        QTRY_COMPARE(
            window.deploymentsPane()->detail()->timeline()->state().outcome, TimelineWidget::Outcome::Failed);
        QTRY_VERIFY(window.deploymentsPane()->detail()->history()->topLevelItemCount() > 0);
        QTRY_VERIFY(window.deploymentsPane()
                        ->detail()
                        ->metricText(QStringLiteral("tft"))
                        .endsWith(QStringLiteral(" TFT")));
        QVERIFY(window.grab().toImage().save(QStringLiteral("%1/griddeck-failed.png").arg(dir)));
        // The queue as it is while work is going on.
        for (int i = 0; i < 6; ++i)
            f.enqueue(f.app.ledger().users().value().first().userId, UiFixture::vm(1 + i % 3), 10 + i);
        f.app.pokeWatcher();
        window.showSection(MainWindow::Queue);
        QTRY_VERIFY(window.queuePane()->proxy()->rowCount() >= 4);
        window.queuePane()->view()->selectRow(1);
        QCoreApplication::processEvents(); // the layout takes the selection summary's new width
        QVERIFY(window.grab().toImage().save(QStringLiteral("%1/griddeck-queue-busy.png").arg(dir)));

        // The same window on a dark palette: colours come from the palette and the state roles.
        const QPalette light = QApplication::palette();
        QPalette dark;
        const QColor text(0xE6, 0xE6, 0xE6), muted(0x80, 0x80, 0x80);
        dark.setColor(QPalette::Window, QColor(0x2B, 0x2B, 0x2B));
        dark.setColor(QPalette::WindowText, text);
        dark.setColor(QPalette::Base, QColor(0x1E, 0x1E, 0x1E));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, text);
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, text);
        dark.setColor(QPalette::Highlight, QColor(0x2F, 0x65, 0xCA));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::PlaceholderText, muted);
        dark.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ToolTipText, text);
        for (auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
            dark.setColor(QPalette::Disabled, role, muted);
        QApplication::setPalette(dark);
        JobFilter active;
        active.stage = Stage::Active;
        window.showJob(f.app.queue().jobs(active).value().first().id);
        QTRY_VERIFY(window.deploymentsPane()
                        ->detail()
                        ->metricText(QStringLiteral("tft"))
                        .endsWith(QStringLiteral(" TFT")));
        QCoreApplication::processEvents();
        QVERIFY(window.grab().toImage().save(QStringLiteral("%1/griddeck-dark.png").arg(dir)));
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(Screenshots)
#include "griddeck_screenshots.moc"
