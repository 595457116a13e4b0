// The New deployment dialog, driven as a person would: type into the fields, see each problem
// appear under its field before anything is submitted, then a valid submit holds the credits
// and queues the job (checked in the store).

#include "UiFixture.h"

#include "models/UserModel.h"
#include "ui/dialogs/NewDeploymentDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestNewDeploymentDialog : public QObject
{
    Q_OBJECT

private:
    test::UiFixture f;

    NewDeploymentDialog *openDialog()
    {
        auto *dialog = new NewDeploymentDialog(*f.app);
        dialog->show();
        if (!QTest::qWaitFor([this] { return f.app->userModel()->rowCount() > 0; }, 5000))
            qWarning("no users showed up");
        return dialog;
    }

    static void retype(QWidget *field, const QString &text)
    {
        field->setFocus();
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, text);
    }

    static void chooseUser(NewDeploymentDialog *dialog, const QString &name)
    {
        auto *combo = qobject_cast<QComboBox *>(dialog->fieldWidget(QStringLiteral("user")));
        QTRY_VERIFY(combo->findText(name) >= 0);
        combo->setCurrentIndex(combo->findText(name));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(f.open());
    }

    void cleanup()
    {
        f.close();
    }

    void inlineErrorsThenValidSubmitQueuesTheJob()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "100");
        QPointer<NewDeploymentDialog> dialog = openDialog();
        chooseUser(dialog, QStringLiteral("alice"));
        dialog->setServiceType(ServiceType::Container);

        // A bad image: the error shows under the image field as it is typed.
        QWidget *image = dialog->fieldWidget(QStringLiteral("image"));
        QVERIFY(image);
        QTest::keyClicks(image, QStringLiteral("Bad Image!!"));
        QTRY_VERIFY(dialog->errorText(QStringLiteral("image")).contains(QStringLiteral("image")));
        QVERIFY(!dialog->submitButton()->isEnabled());

        // CPU 0: its own error, under the CPU field.
        retype(dialog->fieldWidget(QStringLiteral("cpu_cores")), QStringLiteral("0"));
        QCOMPARE(qobject_cast<QSpinBox *>(dialog->fieldWidget(QStringLiteral("cpu_cores")))->value(), 0);
        QVERIFY2(dialog->errorText(QStringLiteral("cpu_cores")).contains(QStringLiteral("cpu_cores")),
                 qPrintable(dialog->errorText(QStringLiteral("cpu_cores"))));
        QVERIFY(dialog->errorText(QStringLiteral("image")).contains(QStringLiteral("not a valid image reference")));
        QVERIFY(!dialog->submitButton()->isEnabled());
        QVERIFY(f.app->waitForBackgroundWork());
        QCOMPARE(f.app->queue().jobs().value().size(), 0);

        // Ports that are not numbers.
        QTest::keyClicks(dialog->fieldWidget(QStringLiteral("ports")), QStringLiteral("80, http"));
        QVERIFY(dialog->errorText(QStringLiteral("ports")).contains(QStringLiteral("http")));

        // A strictly parsed amount: "12,5" is refused with a sentence.
        retype(dialog->fieldWidget(QStringLiteral("amount")), QStringLiteral("12,5"));
        QVERIFY(!dialog->errorText(QStringLiteral("amount")).isEmpty());

        test::UiFixture::screenshot(dialog, QStringLiteral("new-deployment-errors"));

        // A Docker image alone cannot run on the grid: the flist is asked for, with how to get one.
        retype(image, QStringLiteral("nginx:1.25"));
        QTRY_VERIFY2(
            dialog->problems().value(QStringLiteral("flist")).contains(QStringLiteral("hub.grid.tf")),
            qPrintable(dialog->problems().value(QStringLiteral("flist"))));

        // Fix everything.
        retype(dialog->fieldWidget(QStringLiteral("flist")),
            QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist"));
        retype(dialog->fieldWidget(QStringLiteral("ports")), QStringLiteral("80, 443"));
        retype(dialog->fieldWidget(QStringLiteral("cpu_cores")), QStringLiteral("2"));
        retype(dialog->fieldWidget(QStringLiteral("amount")), QStringLiteral("25.00"));
        QVERIFY2(dialog->problems().isEmpty(), qPrintable(QStringList(dialog->problems().values()).join(QStringLiteral("; "))));
        QVERIFY(dialog->errorText(QStringLiteral("image")).isEmpty());
        QVERIFY(dialog->errorText(QStringLiteral("cpu_cores")).isEmpty());
        QVERIFY(dialog->submitButton()->isEnabled());
        test::UiFixture::screenshot(dialog, QStringLiteral("new-deployment"));

        QSignalSpy enqueued(dialog.data(), &NewDeploymentDialog::enqueued);
        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        QVERIFY(enqueued.wait(5000));
        const qint64 jobId = enqueued.first().first().toLongLong();

        auto job = f.app->queue().job(jobId);
        QVERIFY(job.ok());
        QCOMPARE(job.value().userId, alice);
        QCOMPARE(job.value().stage, Stage::Queued);
        QCOMPARE(job.value().tfcAmount, test::UiFixture::tfc("25"));
        const auto *container = job.value().spec.as<ContainerService>();
        QVERIFY(container);
        QCOMPARE(container->image, QStringLiteral("nginx:1.25"));
        QCOMPARE(container->flist, QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist"));
        QCOMPARE(container->ports, (QList<int>{80, 443}));
        QCOMPARE(job.value().spec.cpuCores, 2);
        auto hold = f.app->ledger().hold(jobId);
        QVERIFY(hold.ok());
        QCOMPARE(hold.value().state, HoldState::Pending);
        QCOMPARE(f.app->ledger().user(alice).value().available, test::UiFixture::tfc("75"));
        QTRY_VERIFY(dialog.isNull()); // accepted and deleted on close
    }

    void estimateFollowsTheForm()
    {
        f.addUser(QStringLiteral("alice"), "100");
        QPointer<NewDeploymentDialog> dialog = openDialog();
        chooseUser(dialog, QStringLiteral("alice"));
        dialog->setTftPrice(TftPrice::parse(u"0.01"), QStringLiteral("a test price"));
        // VM 2 CPU, 4 GB, 50 GB: CU = min(max(1, 1), max(0.5, 2), max(2, 0.5)) = 1; SU = 0.25.
        // USD/month = (1 × 0.010 + 0.25 × 0.005) × 720 = 8.10.
        QCOMPARE(dialog->estimateText(QStringLiteral("grid_cost")), QStringLiteral("8.10 USD"));
        // The amount follows the one-month estimate (commission on top, rounded up to cents).
        QCOMPARE(dialog->amount(), test::UiFixture::tfc("9.00"));
        retype(dialog->fieldWidget(QStringLiteral("amount")), QStringLiteral("25"));
        QCOMPARE(dialog->estimateText(QStringLiteral("tfc")), QStringLiteral("25.00 TFC"));
        QCOMPARE(dialog->estimateText(QStringLiteral("commission")), QStringLiteral("2.50 TFC"));
        QCOMPARE(dialog->estimateText(QStringLiteral("grid")), QStringLiteral("22.50 TFC = 22.50 USD"));
        // 22.50 USD ÷ 0.01 × 1.02 = 2,295 TFT.
        QCOMPARE(dialog->estimateText(QStringLiteral("tft")), QStringLiteral("2,295.00 TFT"));
        // Typed amounts are kept when the spec changes.
        retype(dialog->fieldWidget(QStringLiteral("cpu_cores")), QStringLiteral("4"));
        QCOMPARE(dialog->amount(), test::UiFixture::tfc("25"));
        test::UiFixture::screenshot(dialog, QStringLiteral("new-deployment-estimate"));
        dialog->close();
    }

    void notEnoughCreditsIsSaidBeforeSubmit()
    {
        f.addUser(QStringLiteral("bob"), "5");
        QPointer<NewDeploymentDialog> dialog = openDialog();
        chooseUser(dialog, QStringLiteral("bob"));
        retype(dialog->fieldWidget(QStringLiteral("amount")), QStringLiteral("25"));
        QVERIFY2(dialog->errorText(QStringLiteral("amount")).contains(QStringLiteral("5.00 TFC available")),
                 qPrintable(dialog->errorText(QStringLiteral("amount"))));
        QVERIFY(!dialog->submitButton()->isEnabled());
        dialog->submit();
        QVERIFY(f.app->waitForBackgroundWork()); // a purchase would have run there
        QCOMPARE(f.app->queue().jobs().value().size(), 0);
        dialog->close();
    }

    void queueFullIsShownAndNothingWritten()
    {
        QVERIFY(f.open([](Config &c) { c.deploymentQueue.maxQueueSize = 1; }));
        const qint64 carol = f.addUser(QStringLiteral("carol"), "100");
        f.enqueue(carol, "10");
        QPointer<NewDeploymentDialog> dialog = openDialog();
        chooseUser(dialog, QStringLiteral("carol"));
        retype(dialog->fieldWidget(QStringLiteral("amount")), QStringLiteral("20"));
        QTRY_VERIFY(dialog->submitButton()->isEnabled());
        QSignalSpy enqueued(dialog.data(), &NewDeploymentDialog::enqueued);
        QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
        QTRY_VERIFY2(dialog->submitButton()->isEnabled(), "the dialog stays open for another try");
        bool shown = false;
        for (QLabel *label : dialog->findChildren<QLabel *>())
            shown = shown || (label->isVisible() && label->text().contains(QStringLiteral("queue is full")));
        QVERIFY(shown);
        QVERIFY(f.app->waitForBackgroundWork());
        QCOMPARE(enqueued.count(), 0);
        QCOMPARE(f.app->queue().jobs().value().size(), 1);
        QCOMPARE(f.app->ledger().user(carol).value().available, test::UiFixture::tfc("90"));
        dialog->close();
    }

    void aLivePriceComesFromTheEmbeddedFeeds()
    {
        QVERIFY(f.open({}, true)); // engine and its embedded simulator (price feeds included)
        f.addUser(QStringLiteral("erin"), "100");
        QPointer<NewDeploymentDialog> dialog = openDialog();
        chooseUser(dialog, QStringLiteral("erin"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->estimateText(QStringLiteral("tft")).endsWith(QStringLiteral("TFT")), 10000);
        QVERIFY2(dialog->estimateText(QStringLiteral("price")).contains(QStringLiteral("USD")),
                 qPrintable(dialog->estimateText(QStringLiteral("price"))));
        dialog->close();
    }

    void everyTypeShowsItsOwnFields()
    {
        f.addUser(QStringLiteral("dave"), "100");
        QPointer<NewDeploymentDialog> dialog = openDialog();
        chooseUser(dialog, QStringLiteral("dave"));
        dialog->setServiceType(ServiceType::KubernetesCluster);
        retype(dialog->fieldWidget(QStringLiteral("node_count")), QStringLiteral("30"));
        QVERIFY(dialog->errorText(QStringLiteral("node_count")).contains(QStringLiteral("node_count")));
        retype(dialog->fieldWidget(QStringLiteral("node_count")), QStringLiteral("3"));
        QVERIFY(dialog->errorText(QStringLiteral("node_count")).isEmpty());
        // A 3-node cluster costs three times one node.
        dialog->setTftPrice(TftPrice::parse(u"0.01"), QStringLiteral("a test price"));
        QCOMPARE(dialog->estimateText(QStringLiteral("grid_cost")), QStringLiteral("24.30 USD"));

        dialog->setServiceType(ServiceType::Application);
        retype(dialog->fieldWidget(QStringLiteral("app_id")), QStringLiteral("Next Cloud"));
        QVERIFY(dialog->errorText(QStringLiteral("app_id")).contains(QStringLiteral("app_id")));
        QVERIFY(!dialog->submitButton()->isEnabled());
        dialog->setServiceType(ServiceType::Storage);
        QVERIFY(dialog->problems().isEmpty());
        QCOMPARE(dialog->spec().serviceTypeName(), QStringLiteral("storage"));
        dialog->close();
    }
};

QTEST_MAIN(TestNewDeploymentDialog)
#include "tst_newdeploymentdialog.moc"
