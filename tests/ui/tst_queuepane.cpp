// The Queue pane on a real store, without the pipeline engine (jobs stay where the test puts
// them): live jobs only, search and filters, and the selection actions — cancel (credits
// back), change priority, retry now, pause — each written through the core off the GUI thread.

#include "UiTestSupport.h"

#include "models/JobFilterProxy.h"
#include "models/ModelSupport.h"
#include "models/QueueModel.h"
#include "store/Access.h"
#include "ui/panes/QueuePane.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/FilterButton.h"
#include "ui/widgets/Icons.h"

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::ui;
using griddeck::test::UiFixture;

namespace {

QToolButton *buttonFor(QWidget *pane, QAction *action)
{
    for (QToolButton *b : pane->findChildren<QToolButton *>()) {
        if (b->defaultAction() == action)
            return b;
    }
    return nullptr;
}

// Row of a job in the pane's view, -1 if not shown.
int rowOf(QueuePane &pane, qint64 jobId)
{
    for (int r = 0; r < pane.proxy()->rowCount(); ++r) {
        if (pane.proxy()->index(r, 0).data(JobListModel::JobIdRole).toLongLong() == jobId)
            return r;
    }
    return -1;
}

void clickRow(QueuePane &pane, int row, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTableView *view = pane.view();
    const QRect rect = view->visualRect(pane.proxy()->index(row, QueueModel::UserColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, rect.center());
}

} // namespace

class TestQueuePane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        initResources();
    }
    void init() { Prompts::clear(); }

    void showsOnlyLiveJobs()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        const qint64 a = f.enqueue(alice, UiFixture::vm(), 25);
        const qint64 b = f.enqueue(alice, UiFixture::container(), 12);
        const qint64 c = f.enqueue(alice, UiFixture::vm(4), 40);
        f.makeActive(c, QStringLiteral("185.69.166.12"));
        QueuePane pane(f.app);
        pane.resize(1200, 600);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 2);
        QVERIFY(rowOf(pane, a) >= 0);
        QVERIFY(rowOf(pane, b) >= 0);
        QCOMPARE(rowOf(pane, c), -1);
        QVERIFY(pane.view()->isVisible());
    }

    void cancelSelectedGivesCreditsBack()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 80);
        const qint64 a = f.enqueue(alice, UiFixture::vm(), 25);
        const qint64 b = f.enqueue(bob, UiFixture::container(), 50);
        const qint64 keep = f.enqueue(alice, UiFixture::vm(1), 10);
        QCOMPARE(f.available(alice), Tfc::fromWhole(65));
        QCOMPARE(f.available(bob), Tfc::fromWhole(30));

        QueuePane pane(f.app);
        pane.resize(1200, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE(pane.proxy()->rowCount(), 3);
        clickRow(pane, rowOf(pane, a));
        clickRow(pane, rowOf(pane, b), Qt::ControlModifier);
        QCOMPARE(pane.selectedJobIds().size(), 2);
        QVERIFY(pane.cancelAction()->isEnabled());

        QSignalSpy finished(&pane, &QueuePane::actionFinished);
        Prompts::queueAnswer(QMessageBox::Yes);
        QToolButton *cancel = buttonFor(&pane, pane.cancelAction());
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("cancel"));
        QCOMPARE(finished.first().at(1).toInt(), 2);
        QCOMPARE(Prompts::askedQuestions(),
                 QStringList{QStringLiteral("Cancel 2 queued jobs? Their credits (75.00 TFC) go back to the users.")});

        // The money is back and the jobs are gone from the queue; the third is untouched.
        QCOMPARE(f.available(alice), Tfc::fromWhole(90));
        QCOMPARE(f.available(bob), Tfc::fromWhole(80));
        QCOMPARE(f.stageOf(a), Stage::Cancelled);
        QCOMPARE(f.stageOf(b), Stage::Cancelled);
        QCOMPARE(f.stageOf(keep), Stage::Queued);
        QTRY_COMPARE(pane.proxy()->rowCount(), 1);
        QCOMPARE(rowOf(pane, keep), 0);
    }

    void declinedCancelChangesNothing()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 a = f.enqueue(alice, UiFixture::vm(), 25);
        QueuePane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 1);
        clickRow(pane, 0);
        Prompts::queueAnswer(QMessageBox::Cancel);
        pane.cancelAction()->trigger();
        QCOMPARE(Prompts::askedQuestions(),
                 QStringList{QStringLiteral("Cancel queued job %1? Its credits (25.00 TFC) go back to alice.").arg(a)});
        QTRY_VERIFY(!Prompts::hasQueuedAnswers());
        QCoreApplication::processEvents(); // the answer is delivered on the next pass
        QVERIFY(f.app.waitForBackgroundWork()); // a cancel would have run there
        QCOMPARE(f.stageOf(a), Stage::Queued);
        QCOMPARE(f.available(alice), Tfc::fromWhole(75));
    }

    void onlyQueuedJobsCanBeCancelled()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        const qint64 a = f.enqueue(alice, UiFixture::vm(), 25);
        f.walk(a, {Stage::Converting});
        QueuePane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 1);
        // The watcher may have shown the job while it was still queued: wait for the walk.
        QTRY_COMPARE(pane.proxy()->index(0, QueueModel::StageColumn).data(model_roles::RawValue).toInt(),
                     static_cast<int>(Stage::Converting));
        clickRow(pane, 0);
        QVERIFY(!pane.cancelAction()->isEnabled());
        QVERIFY(pane.retryNowAction()->isEnabled());
    }

    // A viewer's console offers no queue action (the core would refuse it anyway: tst_roles).
    void aViewerIsOfferedNoQueueAction()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 100);
        f.enqueue(alice, UiFixture::vm(), 25);
        QVERIFY(access::actAs(*f.app.store(), access::Viewer).ok());
        QueuePane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 1);
        clickRow(pane, 0);
        QCOMPARE(pane.selectedJobIds().size(), 1);
        QVERIFY(!pane.cancelAction()->isEnabled());
        QVERIFY(!pane.retryNowAction()->isEnabled());
    }

    void searchAndFiltersNarrowTheTable()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        const qint64 bob = f.addUser(QStringLiteral("bob"), 500);
        f.enqueue(alice, UiFixture::vm(), 25, Priority::High);
        const qint64 nginx = f.enqueue(bob, UiFixture::container(QStringLiteral("nginx:1.25")), 12);
        const qint64 redis = f.enqueue(bob, UiFixture::container(QStringLiteral("redis:7")), 8, Priority::Low);
        f.walk(redis, {Stage::Converting});
        QueuePane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 3);

        QTest::keyClicks(pane.searchField(), QStringLiteral("nginx"));
        QCOMPARE(pane.proxy()->rowCount(), 1);
        QCOMPARE(rowOf(pane, nginx), 0);
        pane.searchField()->clear();
        QTest::keyClicks(pane.searchField(), QStringLiteral("bob"));
        QCOMPARE(pane.proxy()->rowCount(), 2);
        pane.searchField()->clear();
        QCOMPARE(pane.proxy()->rowCount(), 3);

        pane.stageFilter()->setSelected({stageName(Stage::Converting)});
        QCOMPARE(pane.proxy()->rowCount(), 1);
        QCOMPARE(rowOf(pane, redis), 0);
        QVERIFY(pane.stageFilter()->text().contains(QStringLiteral("Converting")));
        pane.stageFilter()->clearSelection();

        pane.priorityFilter()->setSelected({int(Priority::High), int(Priority::Low)});
        QCOMPARE(pane.proxy()->rowCount(), 2);

        // Nothing left: the empty state says so and offers to clear.
        QTest::keyClicks(pane.searchField(), QStringLiteral("no-such-thing"));
        QCOMPARE(pane.proxy()->rowCount(), 0);
        QVERIFY(pane.emptyState()->isVisible());
        QVERIFY(pane.emptyState()->title().contains(QStringLiteral("matches")));
        pane.emptyState()->actionButton()->click();
        QCOMPARE(pane.proxy()->rowCount(), 3);
        QVERIFY(pane.searchField()->text().isEmpty());
    }

    void emptyQueueSaysWhatToDo()
    {
        UiFixture f(false);
        QueuePane pane(f.app);
        QSignalSpy wanted(&pane, &QueuePane::newDeploymentRequested);
        pane.show();
        QVERIFY(pane.emptyState()->isVisible());
        QVERIFY(pane.emptyState()->actionButton()->text().contains(QStringLiteral("Ctrl+N")));
        pane.emptyState()->actionButton()->click();
        QCOMPARE(wanted.size(), 1);
    }

    void changePriorityOfSelection()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        const qint64 a = f.enqueue(alice, UiFixture::vm(), 25);
        QueuePane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 1);
        clickRow(pane, 0);
        QSignalSpy finished(&pane, &QueuePane::actionFinished);
        QAction *critical = nullptr;
        for (QAction *action : pane.priorityMenu()->actions()) {
            if (action->text() == priorityLabel(Priority::Critical))
                critical = action;
        }
        QVERIFY(critical);
        critical->trigger();
        QVERIFY(finished.wait(5000));
        QCOMPARE(f.app.queue().job(a).value().priority, Priority::Critical);
        QTRY_COMPARE(pane.proxy()->index(0, QueueModel::PriorityColumn).data().toString(), priorityLabel(Priority::Critical));
    }

    void retryNowMakesAWaitingJobDue()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        const qint64 a = f.enqueue(alice, UiFixture::vm(), 25);
        // A transient failure: the next attempt is ten minutes away.
        const qint64 later = f.app.clock().nowMs() + 600000;
        {
            WriteTransaction tx(*f.app.store());
            QVERIFY(exec(tx.db(), QStringLiteral("UPDATE jobs SET lease_owner = 'w', lease_expires_at = ? WHERE id = ?"),
                         {later, a})
                        .ok());
            QVERIFY(tx.commit().ok());
        }
        QVERIFY(f.app.queue().retryLater(a, QStringLiteral("w"), later, 1, QStringLiteral("HTTP 503 from the grid")).ok());
        QueuePane pane(f.app);
        pane.show();
        QTRY_COMPARE(pane.proxy()->rowCount(), 1);
        // The store watcher may first deliver the row as enqueued, then the retry's error.
        QTRY_COMPARE(pane.proxy()->index(0, QueueModel::LastErrorColumn).data().toString(), QStringLiteral("HTTP 503 from the grid"));
        clickRow(pane, 0);
        QVERIFY(test::activate(pane));
        pane.view()->setFocus();
        QSignalSpy finished(&pane, &QueuePane::actionFinished);
        QTest::keyClick(pane.view(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(2).toStringList().join(u'\n'), QString());
        QVERIFY(f.app.queue().job(a).value().runAt <= f.app.clock().nowMs());
        const auto events = f.app.queue().events(a).value();
        QCOMPARE(events.last().message, QStringLiteral("Retry now requested by the operator."));
    }

    void pauseAndResumeTheQueue()
    {
        UiFixture f(false);
        const qint64 alice = f.addUser(QStringLiteral("alice"), 500);
        f.enqueue(alice, UiFixture::vm(), 25);
        QueuePane pane(f.app);
        pane.show();
        QCOMPARE(pane.pauseAction()->text(), QStringLiteral("Pause queue"));
        pane.pauseAction()->trigger();
        QTRY_VERIFY(f.app.isQueuePaused());
        QVERIFY(f.app.queue().isPaused());
        QCOMPARE(pane.pauseAction()->text(), QStringLiteral("Resume queue"));
        QVERIFY(f.app.queue().claim(QStringLiteral("probe"), 10).value().isEmpty());
        pane.pauseAction()->trigger();
        QTRY_VERIFY(!f.app.isQueuePaused());
        QCOMPARE(f.app.queue().claim(QStringLiteral("probe"), 10).value().size(), 1);
    }
};

QTEST_MAIN(TestQueuePane)
#include "tst_queuepane.moc"
