// The Refund dialog on a captured job: a partial refund lands in the ledger (and in the
// ledger model), an over-refund is refused inline before anything is sent, a refusal by the
// ledger itself (someone refunded meanwhile) is shown and writes nothing, and a job that was
// never charged cannot be refunded at all.

#include "UiFixture.h"

#include "models/LedgerModel.h"
#include "models/StoreWatcher.h"
#include "ui/Prompts.h"
#include "ui/dialogs/RefundDialog.h"

#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestRefundDialog : public QObject
{
    Q_OBJECT

private:
    test::UiFixture f;
    qint64 m_user = 0;
    qint64 m_job = 0;

    static void retype(QLineEdit *field, const QString &text)
    {
        field->setFocus();
        field->selectAll();
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, text);
    }

    int refundEntries(qint64 jobId)
    {
        int n = 0;
        const auto entries = f.app->ledger().entriesForJob(jobId);
        for (const LedgerEntry &e : entries.value())
            n += e.kind == QLatin1String("refund");
        return n;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(f.open());
        Prompts::clear();
        m_user = f.addUser(QStringLiteral("alice"), "100");
        m_job = f.enqueue(m_user, "25");
        f.finish(m_job, Stage::Active); // captured: 2.50 commission + 22.50 grid
    }

    void cleanup()
    {
        Prompts::clear();
        f.close();
    }

    void partialRefundIsWrittenToTheLedger()
    {
        QPointer<RefundDialog> dialog = new RefundDialog(*f.app, m_job);
        dialog->show();
        QTRY_VERIFY(dialog->isLoaded());
        QCOMPARE(*dialog->refundable(), test::UiFixture::tfc("25"));
        // The full refundable is the default.
        QCOMPARE(Tfc::parse(dialog->amountEdit()->text()), test::UiFixture::tfc("25"));
        QVERIFY(dialog->actorEdit()->text().startsWith(QStringLiteral("console")));
        // No reason yet: not refundable.
        QVERIFY(!dialog->refundButton()->isEnabled());

        retype(dialog->amountEdit(), QStringLiteral("10"));
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("service slow for two days"));
        QVERIFY(dialog->amountError().isEmpty());
        QVERIFY(dialog->refundButton()->isEnabled());
        test::UiFixture::screenshot(dialog, QStringLiteral("refund"));

        LedgerModel ledgerModel;
        ledgerModel.attach(f.app->watcher());
        LedgerScope scope;
        scope.jobId = m_job;
        ledgerModel.setScope(scope);

        QSignalSpy refunded(dialog.data(), &RefundDialog::refunded);
        Prompts::queueAnswer(QMessageBox::Yes);
        QTest::mouseClick(dialog->refundButton(), Qt::LeftButton);
        QVERIFY(refunded.wait(5000));
        QCOMPARE(refunded.first().at(0).toLongLong(), m_job);
        QCOMPARE(refunded.first().at(1).value<Tfc>(), test::UiFixture::tfc("10"));
        QVERIFY(Prompts::askedQuestions().last().contains(QStringLiteral("Refund 10.00 TFC to alice")));

        // The ledger: one refund of 10 with the reason and the actor; 15 still refundable.
        const QList<LedgerEntry> entries = f.app->ledger().entriesForJob(m_job).value();
        auto refund = std::find_if(entries.begin(), entries.end(), [](const LedgerEntry &e) { return e.kind == u"refund"; });
        QVERIFY(refund != entries.end());
        QCOMPARE(refund->amount, test::UiFixture::tfc("10"));
        QCOMPARE(refund->reason, QStringLiteral("service slow for two days"));
        QVERIFY(refund->actor.startsWith(QStringLiteral("console")));
        QCOMPARE(f.app->ledger().hold(m_job).value().refundable(), test::UiFixture::tfc("15"));
        QCOMPARE(f.app->ledger().user(m_user).value().available, test::UiFixture::tfc("85"));
        QVERIFY(f.app->ledger().check().ok());

        // And the ledger model, fed by the watcher, shows the row.
        QTRY_VERIFY([&] {
            for (int row = 0; row < ledgerModel.rowCount(); ++row)
                if (ledgerModel.rowAt(row).entry.kind == u"refund")
                    return true;
            return false;
        }());
        QTRY_VERIFY(dialog.isNull());
    }

    void overRefundIsRefusedInlineAndNothingIsWritten()
    {
        QPointer<RefundDialog> dialog = new RefundDialog(*f.app, m_job);
        dialog->show();
        QTRY_VERIFY(dialog->isLoaded());
        retype(dialog->amountEdit(), QStringLiteral("30"));
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("too much"));
        QVERIFY2(dialog->amountError().contains(QStringLiteral("more than the refundable 25.00 TFC")),
                 qPrintable(dialog->amountError()));
        QVERIFY(!dialog->refundButton()->isEnabled());
        test::UiFixture::screenshot(dialog, QStringLiteral("refund-over"));
        Prompts::queueAnswer(QMessageBox::Yes);
        dialog->submit();
        QVERIFY(f.app->waitForBackgroundWork()); // a refund would have run there
        QVERIFY(Prompts::hasQueuedAnswers()); // nothing was asked
        QCOMPARE(refundEntries(m_job), 0);

        // Badly formed amounts are refused as typed too.
        retype(dialog->amountEdit(), QStringLiteral("1e3"));
        QVERIFY(!dialog->amountError().isEmpty());
        retype(dialog->amountEdit(), QStringLiteral("0"));
        QVERIFY(dialog->amountError().contains(QStringLiteral("more than zero")));
        dialog->close();
    }

    void aRefusalByTheLedgerIsShownAndWritesNothing()
    {
        QPointer<RefundDialog> dialog = new RefundDialog(*f.app, m_job);
        dialog->show();
        QTRY_VERIFY(dialog->isLoaded());
        // Someone else refunds 20 while the dialog is open: only 5 is left.
        QVERIFY(f.app->ledger().refund(m_job, test::UiFixture::tfc("20"), QStringLiteral("other desk"), QStringLiteral("support:bob"),
                                       QStringLiteral("refund:test-other"))
                    .ok());
        retype(dialog->amountEdit(), QStringLiteral("10"));
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("double refund"));
        QVERIFY(dialog->refundButton()->isEnabled()); // the dialog still believes 25 is refundable
        QSignalSpy refunded(dialog.data(), &RefundDialog::refunded);
        QSignalSpy loaded(dialog.data(), &RefundDialog::loaded);
        Prompts::queueAnswer(QMessageBox::Yes);
        QTest::mouseClick(dialog->refundButton(), Qt::LeftButton);
        QVERIFY(loaded.wait(5000)); // after the refusal it reads the hold again
        QVERIFY(f.app->waitForBackgroundWork());
        QCOMPARE(refunded.count(), 0);
        QVERIFY2(dialog->noticeText().contains(QStringLiteral("exceeds the refundable")), qPrintable(dialog->noticeText()));
        QCOMPARE(*dialog->refundable(), test::UiFixture::tfc("5"));
        QVERIFY(dialog->amountError().contains(QStringLiteral("more than the refundable 5.00 TFC")));
        QCOMPARE(refundEntries(m_job), 1); // only the other desk's
        QCOMPARE(f.app->ledger().hold(m_job).value().refunded, test::UiFixture::tfc("20"));
        test::UiFixture::screenshot(dialog, QStringLiteral("refund-refused"));
        dialog->close();
    }

    void aJobNeverChargedCannotBeRefunded()
    {
        const qint64 queued = f.enqueue(m_user, "10");
        QPointer<RefundDialog> dialog = new RefundDialog(*f.app, queued);
        dialog->show();
        QTRY_VERIFY(dialog->isLoaded());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("why not"));
        QVERIFY(!dialog->refundButton()->isEnabled());
        QVERIFY(dialog->noticeText().contains(QStringLiteral("never charged")));
        dialog->close();
    }

    void declinedConfirmationWritesNothing()
    {
        QPointer<RefundDialog> dialog = new RefundDialog(*f.app, m_job);
        dialog->show();
        QTRY_VERIFY(dialog->isLoaded());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("full refund"));
        Prompts::queueAnswer(QMessageBox::Cancel);
        QTest::mouseClick(dialog->refundButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog->refundButton()->isEnabled());
        QVERIFY(f.app->waitForBackgroundWork());
        QCOMPARE(refundEntries(m_job), 0);
        dialog->close();
    }
};

QTEST_MAIN(TestRefundDialog)
#include "tst_refunddialog.moc"
