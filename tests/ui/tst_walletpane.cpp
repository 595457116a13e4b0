// The Wallet pane: users with their balances, a top-up through the inline form (a new name
// creates the user), the ledger of the selected user, the TFT wallet's balance read from a
// real (simulated) wallet over loopback HTTP, the latest quote with a dropped source, and
// Refund… opening the Refund dialog for the selected entry's job.

#include "UiFixture.h"

#include "models/LedgerModel.h"
#include "models/UserModel.h"
#include "pipeline/PipelineStore.h"
#include "pricing/Conversion.h"
#include "sim/GridSimulator.h"
#include "ui/dialogs/RefundDialog.h"
#include "ui/panes/WalletPane.h"
#include "ui/panes/WalletStatus.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestWalletPane : public QObject
{
    Q_OBJECT

private:
    test::UiFixture f;
    std::unique_ptr<GridSimulator> m_sim;

    static void retype(QWidget *field, const QString &text)
    {
        field->setFocus();
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, text);
    }

    static int rowOf(QAbstractItemModel *model, const QString &name)
    {
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, UserModel::NameColumn).data().toString() == name)
                return row;
        return -1;
    }

private Q_SLOTS:
    void init()
    {
        m_sim = std::make_unique<GridSimulator>();
        QVERIFY(m_sim->start());
        const QString url = m_sim->url().toString();
        QVERIFY(f.open([url](Config &c) {
            c.threefoldGrid.gridProxyUrl = url;
            c.tftConversion.walletUrl = url;
            c.tftConversion.horizonUrl = url;
            c.tftConversion.coingeckoUrl = url;
        }));
    }

    void cleanup()
    {
        f.close();
        m_sim.reset();
    }

    void topUpThroughTheForm()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "40");
        WalletPane pane(*f.app);
        pane.resize(1200, 800);
        pane.show();
        QTRY_VERIFY(rowOf(pane.usersView()->model(), QStringLiteral("alice")) >= 0);

        // Existing user.
        retype(pane.topUpUser(), QStringLiteral("alice"));
        QTest::keyClicks(pane.topUpAmount(), QStringLiteral("12.5"));
        QTest::keyClicks(pane.topUpReason(), QStringLiteral("purchase #1042"));
        QVERIFY(pane.topUpButton()->isEnabled());
        QSignalSpy toppedUp(&pane, &WalletPane::toppedUp);
        QTest::mouseClick(pane.topUpButton(), Qt::LeftButton);
        QVERIFY2(toppedUp.wait(5000), qPrintable(pane.topUpError()));
        QCOMPARE(toppedUp.first().at(0).toLongLong(), alice);
        QCOMPARE(f.app->ledger().user(alice).value().available, test::UiFixture::tfc("52.5"));
        QVERIFY(pane.topUpAmount()->text().isEmpty());
        const QList<LedgerEntry> entries = f.app->ledger().entriesForUser(alice).value();
        QVERIFY(std::any_of(entries.begin(), entries.end(),
                            [](const LedgerEntry &e) { return e.kind == u"top_up" && e.reason == u"purchase #1042"; }));
        // The users table follows.
        QTRY_COMPARE(pane.usersView()->model()->index(rowOf(pane.usersView()->model(), QStringLiteral("alice")), UserModel::AvailableColumn).data().toString(),
                     QStringLiteral("52.50"));

        // A bad amount is explained before anything is sent.
        retype(pane.topUpAmount(), QStringLiteral("1e3"));
        QVERIFY(!pane.topUpError().isEmpty());
        QVERIFY(!pane.topUpButton()->isEnabled());

        // A new name creates the user.
        retype(pane.topUpUser(), QStringLiteral("carol"));
        retype(pane.topUpAmount(), QStringLiteral("30"));
        QVERIFY(pane.topUpButton()->text().contains(QStringLiteral("Create")));
        QTest::mouseClick(pane.topUpButton(), Qt::LeftButton);
        QVERIFY(toppedUp.wait(5000));
        auto carol = f.app->ledger().user(QStringLiteral("carol"));
        QVERIFY(carol.ok());
        QCOMPARE(carol.value().available, test::UiFixture::tfc("30"));
        QTRY_VERIFY(rowOf(pane.usersView()->model(), QStringLiteral("carol")) >= 0);
    }

    void ledgerOfTheSelectedUserAndRefund()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "100");
        const qint64 bob = f.addUser(QStringLiteral("bob"), "50");
        const qint64 job = f.enqueue(alice, "25");
        f.finish(job, Stage::Active);
        f.enqueue(bob, "10");
        WalletPane pane(*f.app);
        pane.resize(1200, 800);
        pane.show();
        QTRY_VERIFY(rowOf(pane.usersView()->model(), QStringLiteral("alice")) >= 0);
        pane.selectUser(alice);
        QTRY_COMPARE(pane.ledgerModel()->scope().userId, alice);
        QTRY_VERIFY(pane.ledgerModel()->rowCount() >= 3); // initial credits, hold, capture
        for (int row = 0; row < pane.ledgerModel()->rowCount(); ++row)
            QCOMPARE(pane.ledgerModel()->rowAt(row).entry.userId, alice);

        // Select the capture entry: Refund… is for its job.
        int captureRow = -1;
        for (int row = 0; row < pane.ledgerView()->model()->rowCount(); ++row)
            if (pane.ledgerView()->model()->index(row, 0).data(LedgerModel::KindRole).toString() == u"capture")
                captureRow = row;
        QVERIFY(captureRow >= 0);
        pane.ledgerView()->setCurrentIndex(pane.ledgerView()->model()->index(captureRow, 0));
        QCOMPARE(pane.refundJobId(), job);
        QVERIFY(pane.refundButton()->isEnabled());
        test::UiFixture::screenshot(&pane, QStringLiteral("wallet"));
        QSignalSpy opened(&pane, &WalletPane::refundDialogOpened);
        QTest::mouseClick(pane.refundButton(), Qt::LeftButton);
        QCOMPARE(opened.count(), 1);
        auto *dialog = opened.first().first().value<RefundDialog *>();
        QVERIFY(dialog);
        QCOMPARE(dialog->jobId(), job);
        QTRY_VERIFY(dialog->isLoaded());
        QCOMPARE(*dialog->refundable(), test::UiFixture::tfc("25"));
        dialog->close();

        pane.showEveryone();
        QTRY_COMPARE(pane.ledgerModel()->rowCount(), 5); // two initial credits, two holds, one capture
    }

    void walletBalanceFromTheWallet()
    {
        WalletPane pane(*f.app);
        QSignalSpy refreshed(pane.status(), &WalletStatus::walletRefreshed);
        pane.status()->refreshWallet();
        QTRY_VERIFY(!refreshed.isEmpty() && refreshed.last().first().toBool());
        // The simulated wallet starts with 150,000 TFT.
        QVERIFY2(pane.status()->walletBalanceText().startsWith(QStringLiteral("150,000.00 TFT")), qPrintable(pane.status()->walletBalanceText()));
    }

    void latestQuoteShowsEverySource()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "100");
        const qint64 job = f.enqueue(alice, "25");
        OracleSettings settings;
        settings.minSources = 2;
        std::vector<SourceReading> readings = {
            SourceReading::answered(QStringLiteral("dex"), *TftPrice::parse(u"0.0100")),
            SourceReading::answered(QStringLiteral("coingecko"), *TftPrice::parse(u"0.0101")),
            SourceReading::answered(QStringLiteral("grid_stats"), *TftPrice::parse(u"0.0200")),
        };
        auto quote = combinePriceReadings(readings, settings, f.app->clock());
        QVERIFY2(quote.ok(), qPrintable(quote.ok() ? QString() : quote.error().message));
        auto plan = planConversion(quote.value(), test::UiFixture::tfc("22.5"), TfcPrice::fromUnits(fixed::kRateScale));
        QVERIFY(plan.ok());
        QuoteRecord record{quote.value(), plan.value(), 1, f.app->clock().nowMs()};
        QVERIFY(pipelinestore::saveQuote(f.app->store()->db(), job, record).ok());

        WalletPane pane(*f.app);
        pane.resize(1200, 800);
        pane.show();
        QSignalSpy refreshed(pane.status(), &WalletStatus::quoteRefreshed);
        pane.status()->refreshQuote();
        QTRY_VERIFY2(pane.status()->quoteTable()->rowCount() == 3, qPrintable(pane.status()->quoteSummary()));
        QVERIFY2(pane.status()->quoteSummary().contains(QStringLiteral("job %1").arg(job)), qPrintable(pane.status()->quoteSummary()));
        int dropped = 0;
        for (int row = 0; row < 3; ++row)
            dropped += pane.status()->quoteTable()->item(row, 3)->text().contains(QStringLiteral("dropped"));
        QCOMPARE(dropped, 1);
        QCOMPARE(pane.status()->quoteTable()->item(2, 1)->text(), QStringLiteral("0.02"));
        test::UiFixture::screenshot(&pane, QStringLiteral("wallet-quote"));
    }
};

QTEST_MAIN(TestWalletPane)
#include "tst_walletpane.moc"
