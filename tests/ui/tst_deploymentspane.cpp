// The Deployments pane and its detail panel on a real store. Jobs are put into their stages
// through the core APIs (UiFixture::makeActive / makeFailed), not by the pipeline engine, so
// every value shown is known: the timeline, connection details and their copy fields, the
// metrics, the history, Retry, the filters and the empty state.

#include "UiTestSupport.h"

#include "models/DeploymentModel.h"
#include "models/JobFilterProxy.h"
#include "ui/panes/DeploymentDetail.h"
#include "ui/panes/DeploymentsPane.h"
#include "ui/widgets/CopyField.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/FilterButton.h"
#include "ui/widgets/Icons.h"
#include "ui/widgets/TimelineWidget.h"

#include "ui/dialogs/RefundDialog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::ui;
using griddeck::test::UiFixture;

namespace {

struct Scene
{
    qint64 alice = 0, bob = 0, carol = 0;
    qint64 active = 0, failed = 0, queued = 0, container = 0;
};

Scene makeScene(UiFixture &f)
{
    Scene s;
    s.alice = f.addUser(QStringLiteral("alice"), 500);
    s.bob = f.addUser(QStringLiteral("bob"), 500);
    s.carol = f.addUser(QStringLiteral("carol"), 500);
    s.active = f.enqueue(s.alice, UiFixture::vm(), 25);
    s.failed = f.enqueue(s.bob, UiFixture::vm(8), 40);
    s.queued = f.enqueue(s.carol, UiFixture::container(), 12);
    s.container = f.enqueue(s.bob, UiFixture::container(QStringLiteral("redis:7")), 8);
    f.makeActive(s.active, QStringLiteral("185.69.166.12"), 4211, QStringLiteral("Belgium"));
    f.makeActive(s.container, QStringLiteral("91.106.22.40"), 77, QStringLiteral("Germany"));
    f.makeFailed(s.failed, QStringLiteral("No node has 8 CPU, 4 GB memory and 50 GB disk free in the preferred countries."));
    return s;
}

} // namespace

class TestDeploymentsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        initResources();
    }
    void init() { Prompts::clear(); }

    void detailFollowsTheSelection()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        // Something is selected from the start; select the active one.
        QTRY_VERIFY(pane.selectedJobId() != 0);
        pane.selectJob(s.active);
        DeploymentDetail *detail = pane.detail();
        QCOMPARE(detail->jobId(), s.active);
        QVERIFY(detail->titleLabel()->text().startsWith(QStringLiteral("#%1 ").arg(s.active)));
        // The details arrive from a background read.
        QTRY_COMPARE(detail->ipField()->value(), QStringLiteral("185.69.166.12"));
        QTRY_COMPARE(detail->sshField()->value(), QStringLiteral("ssh root@185.69.166.12"));
        QTRY_COMPARE(detail->webField()->value(), QStringLiteral("https://%1.gateway.test").arg(s.active));
        QVERIFY(detail->webField()->openButton()->isEnabled());
        QTRY_COMPARE(detail->contractField()->value(), QString::number(880000 + s.active));
        QTRY_COMPARE(detail->timeline()->state().outcome, TimelineWidget::Outcome::Active);
        QTRY_COMPARE(detail->timeline()->state().current, 4);
        QTRY_COMPARE(detail->metricText(QStringLiteral("tfc")), QStringLiteral("25.00 TFC"));
        QTRY_COMPARE(detail->metricText(QStringLiteral("commission")), QStringLiteral("2.50 TFC"));
        QTRY_COMPARE(detail->metricText(QStringLiteral("node")), QStringLiteral("4211 \u00B7 Belgium \u00B7 farm 12"));
        // Read in the background: the conversion.
        QTRY_COMPARE(detail->metricText(QStringLiteral("tft")), QStringLiteral("2,231.40 TFT"));
        QTRY_COMPARE(detail->metricText(QStringLiteral("rate")), QStringLiteral("0.01008 USD/TFT"));
        QVERIFY(detail->restartButton()->isVisible());
        QVERIFY(!detail->restartButton()->isEnabled()); // no engine in this test
        QVERIFY(!detail->retryButton()->isVisible());
        // Its history: enqueued and every transition, newest first.
        QTRY_VERIFY(detail->history()->topLevelItemCount() >= 6);
        QVERIFY(detail->history()->topLevelItem(0)->text(2).contains(QStringLiteral("Service active")));

        // Clicking another row follows.
        const int row = pane.proxy()->mapFromSource(f.app.deploymentModel()->index(f.app.deploymentModel()->rowOfJob(s.queued), 0)).row();
        const QRect rect = pane.view()->visualRect(pane.proxy()->index(row, DeploymentModel::UserColumn));
        QTest::mouseClick(pane.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(detail->jobId(), s.queued);
        QCOMPARE(detail->timeline()->state().outcome, TimelineWidget::Outcome::InProgress);
        QCOMPARE(detail->timeline()->state().current, 1);
        QVERIFY(detail->sshField()->value().isEmpty());
        QVERIFY(!detail->sshField()->copyButton()->isEnabled());
    }

    // A sorted model applies a batch that adds rows as one layout change, with no dataChanged for
    // the rows it also changed: the detail must follow the shown job through it.
    void detailFollowsAChangeAppliedAsALayoutChange()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        DeploymentModel *model = f.app.deploymentModel();
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        QVERIFY(model->sortColumn() >= 0);
        pane.selectJob(s.queued);
        DeploymentDetail *detail = pane.detail();
        QCOMPARE(detail->jobId(), s.queued);
        QCOMPARE(detail->ipField()->value(), QString());

        // The queued job gets an address and another job appears, in one batch.
        JobRow deployed = *model->job(s.queued);
        deployed.deployment.id = 9000;
        deployed.deployment.attempt = 1;
        deployed.deployment.nodeId = 4211;
        deployed.deployment.state = QStringLiteral("ok");
        deployed.deployment.ip = QStringLiteral("10.20.30.40");
        deployed.fingerprint ^= 1;
        JobRow added = deployed;
        added.job.id = 9000;
        added.fingerprint ^= 2;
        QSignalSpy layoutChanged(model, &QAbstractItemModel::layoutChanged);
        model->applyJobs({deployed, added});
        QCOMPARE(layoutChanged.size(), 1);
        QCOMPARE(detail->jobId(), s.queued);
        QCOMPARE(detail->ipField()->value(), QStringLiteral("10.20.30.40"));
    }

    void copyFieldsPutTheValueOnTheClipboard()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        pane.selectJob(s.active);
        DeploymentDetail *detail = pane.detail();
        QTRY_COMPARE(detail->sshField()->value(), QStringLiteral("ssh root@185.69.166.12"));
        QGuiApplication::clipboard()->clear();

        QSignalSpy copied(detail->sshField(), &CopyField::copied);
        QTest::mouseClick(detail->sshField()->copyButton(), Qt::LeftButton);
        QCOMPARE(copied.size(), 1);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("ssh root@185.69.166.12"));

        // Double-click on the value copies too.
        QTest::mouseDClick(detail->ipField()->valueLabel(), Qt::LeftButton);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("185.69.166.12"));
        QCOMPARE(detail->ipField()->copyButton()->toolTip(), QStringLiteral("Copied"));
    }

    void refundOpensTheRefundDialog()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        DeploymentsPane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        pane.selectJob(s.active);
        DeploymentDetail *detail = pane.detail();
        // Enabled once the ledger says the hold was captured (read in the background).
        QTRY_VERIFY(detail->refundButton()->isEnabled());
        QVERIFY(detail->refundButton()->toolTip().contains(QStringLiteral("25.00")));
        QTest::mouseClick(detail->refundButton(), Qt::LeftButton);
        auto *dialog = detail->findChild<RefundDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->reject();
        // A failed job has nothing to refund: its hold went back whole.
        pane.selectJob(s.failed);
        QVERIFY(detail->refundButton()->isHidden());
        QTRY_COMPARE(detail->metricText(QStringLiteral("refunded")), QStringLiteral("40.00 TFC (hold released)"));
    }

    void failedJobShowsItsReasonAndRetries()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        pane.selectJob(s.failed);
        DeploymentDetail *detail = pane.detail();
        QCOMPARE(detail->jobId(), s.failed);
        QTRY_VERIFY(detail->history()->topLevelItemCount() >= 4);
        const TimelineWidget::State state = detail->timeline()->state();
        QCOMPARE(state.outcome, TimelineWidget::Outcome::Failed);
        QCOMPARE(state.current, 3); // Deploying on Grid, in red
        QCOMPARE(state.message, QStringLiteral("No node has 8 CPU, 4 GB memory and 50 GB disk free in the preferred countries."));
        QVERIFY(detail->timeline()->accessibleDescription().contains(QStringLiteral("Deploying on Grid")));
        // The hold went back in full.
        QCOMPARE(f.available(s.bob), Tfc::fromWhole(500 - 8));

        QVERIFY(detail->retryButton()->isVisible());
        QVERIFY(!detail->stopButton()->isVisible());
        QSignalSpy finished(detail, &DeploymentDetail::actionFinished);
        QTest::mouseClick(detail->retryButton(), Qt::LeftButton);
        QVERIFY(finished.wait(5000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        // A new job, retry_of the failed one, credits held again; the list selects it.
        const auto jobs = f.app.queue().jobs().value();
        auto retry = std::find_if(jobs.begin(), jobs.end(), [&](const Job &j) { return j.retryOf == s.failed; });
        QVERIFY(retry != jobs.end());
        QCOMPARE(retry->stage, Stage::Queued);
        QCOMPARE(f.available(s.bob), Tfc::fromWhole(500 - 8 - 40));
        QTRY_COMPARE(pane.detail()->jobId(), retry->id);
    }

    void restartAndStopAreHiddenWhereTheGridCannotDoThem()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        // The real gateway's deployment object says only "cancel"; the container's says nothing.
        {
            WriteTransaction tx(*f.app.store());
            QVERIFY(exec(tx.db(), QStringLiteral("UPDATE job_deployments SET actions = 'cancel' WHERE job_id = ?"), {s.active})
                        .ok());
            QVERIFY(exec(tx.db(), QStringLiteral("UPDATE jobs SET updated_at = updated_at + 1 WHERE id = ?"), {s.active}).ok());
            QVERIFY(tx.commit().ok());
        }
        f.app.pokeWatcher();
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        DeploymentDetail *detail = pane.detail();
        pane.selectJob(s.container);
        QTRY_COMPARE(detail->jobId(), s.container);
        QTRY_VERIFY(detail->restartButton()->isVisibleTo(detail));
        QVERIFY(detail->stopButton()->isVisibleTo(detail));

        pane.selectJob(s.active);
        QTRY_COMPARE(detail->jobId(), s.active);
        QTRY_COMPARE(detail->sshField()->value(), QStringLiteral("ssh root@185.69.166.12"));
        // The actions column may reach the view a look after the row itself did.
        QTRY_VERIFY(!detail->restartButton()->isVisibleTo(detail));
        QVERIFY(!detail->stopButton()->isVisibleTo(detail));
        QVERIFY(!detail->restartButton()->isEnabled());
        QVERIFY(!detail->stopButton()->isEnabled());
    }

    void seedDetailsWebRowAndRetryOfAStoppedJob()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        // The seed's second step.
        QCOMPARE(TimelineWidget::stepLabels().at(1), QStringLiteral("Queued for Deployment"));
        // A VM without a web interface: no Web row; the container keeps its.
        {
            WriteTransaction tx(*f.app.store());
            QVERIFY(exec(tx.db(), QStringLiteral("UPDATE job_deployments SET web_url = '' WHERE job_id = ?"), {s.active}).ok());
            QVERIFY(exec(tx.db(), QStringLiteral("UPDATE jobs SET updated_at = updated_at + 1 WHERE id = ?"), {s.active}).ok());
            QVERIFY(exec(tx.db(), QStringLiteral("UPDATE jobs SET stage = 'stopped', updated_at = updated_at + 1 WHERE id = ?"),
                         {s.container})
                        .ok());
            QVERIFY(tx.commit().ok());
        }
        f.app.pokeWatcher();
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);
        pane.selectJob(s.active);
        DeploymentDetail *detail = pane.detail();
        QTRY_COMPARE(detail->sshField()->value(), QStringLiteral("ssh root@185.69.166.12"));
        QTRY_VERIFY2(!detail->webField()->isVisibleTo(detail), qPrintable(detail->webField()->value()));
        QVERIFY(!detail->retryButton()->isVisibleTo(detail));

        // A stopped service can be bought again.
        pane.selectJob(s.container);
        QTRY_COMPARE(detail->jobId(), s.container);
        QTRY_VERIFY(detail->retryButton()->isVisibleTo(detail));
        QVERIFY(detail->webField()->isVisibleTo(detail));
        QSignalSpy finished(detail, &DeploymentDetail::actionFinished);
        QTest::mouseClick(detail->retryButton(), Qt::LeftButton);
        QVERIFY(finished.wait(5000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        const auto jobs = f.app.queue().jobs().value();
        QVERIFY(std::any_of(jobs.begin(), jobs.end(), [&](const Job &j) { return j.retryOf == s.container; }));
    }

    void filtersAndSearchNarrowTheList()
    {
        UiFixture f(false);
        const Scene s = makeScene(f);
        DeploymentsPane pane(f.app);
        pane.resize(1300, 800);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 4);

        // The four rows can be there before the watcher has delivered their last stage change:
        // wait for the filtered view to settle, not just for the rows.
        pane.stageFilter()->setSelected({stageName(Stage::Active)});
        QTRY_COMPARE(pane.proxy()->rowCount(), 2);
        pane.typeFilter()->setSelected({QStringLiteral("container")});
        QCOMPARE(pane.proxy()->rowCount(), 1);
        pane.clearFilters();
        QCOMPARE(pane.proxy()->rowCount(), 4);

        // User and country choices come from the data.
        QTRY_COMPARE(pane.userFilter()->choiceCount(), 3);
        QTRY_COMPARE(pane.countryFilter()->choiceCount(), 2);
        pane.userFilter()->setSelected({s.bob});
        QCOMPARE(pane.proxy()->rowCount(), 2);
        pane.countryFilter()->setSelected({QStringLiteral("Germany")});
        QCOMPARE(pane.proxy()->rowCount(), 1);
        QCOMPARE(pane.proxy()->index(0, 0).data(JobListModel::JobIdRole).toLongLong(), s.container);
        pane.clearFilters();

        QTest::keyClicks(pane.searchField(), QStringLiteral("185.69"));
        QCOMPARE(pane.proxy()->rowCount(), 1);
        QCOMPARE(pane.proxy()->index(0, 0).data(JobListModel::JobIdRole).toLongLong(), s.active);
        pane.searchField()->clear();
        QTest::keyClicks(pane.searchField(), QStringLiteral("zzz"));
        QCOMPARE(pane.proxy()->rowCount(), 0);
        QVERIFY(pane.emptyState()->isVisible());
        // Selecting a hidden job clears what hides it.
        pane.selectJob(s.queued);
        QVERIFY(pane.searchField()->text().isEmpty());
        QCOMPARE(pane.detail()->jobId(), s.queued);
    }

    void emptyStoreSaysWhatToDo()
    {
        UiFixture f(false);
        DeploymentsPane pane(f.app);
        QSignalSpy wanted(&pane, &DeploymentsPane::newDeploymentRequested);
        pane.show();
        QVERIFY(pane.emptyState()->isVisible());
        QCOMPARE(pane.emptyState()->title(), QStringLiteral("No deployments yet"));
        QVERIFY(pane.emptyState()->actionButton()->text().contains(QStringLiteral("Ctrl+N")));
        pane.emptyState()->actionButton()->click();
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(pane.detail()->jobId(), 0);
    }

    void detailUpdatesWhenTheJobMoves()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 job = f.enqueue(alice, UiFixture::vm(), 25);
        DeploymentsPane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.detail()->jobId(), job);
        QCOMPARE(pane.detail()->timeline()->state().current, 1);
        f.walk(job, {Stage::Converting});
        f.app.pokeWatcher();
        QTRY_COMPARE(pane.detail()->timeline()->state().current, 2);
        f.makeActive(f.enqueue(alice, UiFixture::vm(1), 10), QStringLiteral("10.0.0.9"));
        QTRY_COMPARE(pane.proxy()->rowCount(), 2);
        QCOMPARE(pane.detail()->jobId(), job); // the selection stays on its job
    }
};

QTEST_MAIN(TestDeploymentsPane)
#include "tst_deploymentspane.moc"
