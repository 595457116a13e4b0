// The outbox in view and the buyer's address in the console: the Notifications pane lists
// every entry with its state, attempts and last error, resends one or all failed; the status
// bar shows a badge while any failed and opens the failed ones; Wallet → Users sets a user's
// email, refusing a bad address inline with the reason.

#include "UiFixture.h"
#include "models/NotificationModel.h"
#include "models/UserModel.h"
#include "notify/Contacts.h"
#include "ui/MainWindow.h"
#include "ui/panes/NotificationsPane.h"
#include "ui/panes/UserContactBox.h"
#include "ui/panes/WalletPane.h"
#include "ui/widgets/Sidebar.h"

#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QThread>
#include <QToolButton>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestNotificationsPane : public QObject
{
    Q_OBJECT

    test::UiFixture f;

    void insert(const QString &key, const QString &state, int attempts, const QString &error,
        const QString &recipient)
    {
        QSqlQuery q(f.app->store()->db());
        q.prepare(QStringLiteral(
            "INSERT INTO outbox(event, channel, payload, state, attempts, next_attempt_at, last_error, "
            "created_at, dedupe_key, recipient) VALUES ('deployment.active', 'email', '{}', ?, ?, "
            "4102444800000, NULLIF(?, ''), 1790000000000, ?, COALESCE(?, ''))"));
        for (const QVariant &v : QVariantList { state, attempts, error, key, recipient })
            q.addBindValue(v);
        QVERIFY(q.exec());
    }

    static void retype(QLineEdit *field, const QString &text)
    {
        field->setFocus();
        field->selectAll();
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, text);
    }

private Q_SLOTS:
    void init() { QVERIFY(f.open()); }
    void cleanup() { f.close(); }

    void failedNotificationsAreInViewAndResent()
    {
        insert(QStringLiteral("a"), QStringLiteral("delivered"), 1, QString(),
            QStringLiteral("alice@example.com"));
        insert(QStringLiteral("b"), QStringLiteral("pending"), 2,
            QStringLiteral("the SMTP server refused the connection"), QString());
        insert(QStringLiteral("c"), QStringLiteral("undeliverable"), 5,
            QStringLiteral("550 5.1.1 mailbox unavailable"), QStringLiteral("bob@example.org"));

        MainWindow window(*f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The badge: two failed, click opens the view on the failed ones.
        QTRY_VERIFY(window.outboxBadge()->isVisible());
        QVERIFY2(window.outboxBadge()->text().contains(QLatin1String("2 notifications failed")),
            qPrintable(window.outboxBadge()->text()));
        QCOMPARE(window.sidebar()->count(), int(MainWindow::SectionCount));
        QTest::mouseClick(window.outboxBadge(), Qt::LeftButton);
        QCOMPARE(window.currentSection(), MainWindow::Notifications);
        NotificationsPane *pane = window.notificationsPane();
        QCOMPARE(pane->stateFilter()->currentData().toString(), QStringLiteral("failed"));
        QTRY_COMPARE(pane->model()->rowCount(), 1);
        pane->stateFilter()->setCurrentIndex(0);
        QTRY_COMPARE(pane->model()->rowCount(), 3);
        QVERIFY(pane->countsLabel()->text().contains(QLatin1String("undeliverable 1")));
        NotificationModel *model = pane->model();
        const int undeliverable = model->rowOfEntry(3);
        QCOMPARE(model->index(undeliverable, NotificationModel::RecipientColumn).data().toString(),
            QStringLiteral("bob@example.org"));
        QCOMPARE(model->index(undeliverable, NotificationModel::ErrorColumn).data().toString(),
            QStringLiteral("550 5.1.1 mailbox unavailable"));
        QCOMPARE(model->index(undeliverable, NotificationModel::AttemptsColumn).data().toInt(), 5);
        test::UiFixture::screenshot(&window, QStringLiteral("notifications"));

        // Resend is for failed rows only.
        pane->view()->selectRow(model->rowOfEntry(1));
        QVERIFY(!pane->resendButton()->isEnabled());
        pane->view()->selectRow(undeliverable);
        QVERIFY(pane->resendButton()->isEnabled());
        QSignalSpy resent(pane, &NotificationsPane::resendFinished);
        QTest::mouseClick(pane->resendButton(), Qt::LeftButton);
        QVERIFY(resent.wait(5000));
        QVERIFY(resent.first().at(0).toBool());
        QSqlQuery q(f.app->store()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT state FROM outbox WHERE id = 3")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("pending"));
        QVERIFY(
            q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'undeliverable'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);

        // All failed at once.
        QVERIFY(pane->resendAllButton()->isEnabled());
        QTest::mouseClick(pane->resendAllButton(), Qt::LeftButton);
        QVERIFY(resent.wait(5000));
        QVERIFY(resent.last().at(1).toString().contains(QLatin1String("2 notifications")));
    }

    void noBadgeWhenNothingFailed()
    {
        insert(QStringLiteral("a"), QStringLiteral("delivered"), 1, QString(), QString());
        MainWindow window(*f.app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showSection(MainWindow::Notifications);
        QTRY_COMPARE(window.notificationsPane()->model()->rowCount(), 1);
        QVERIFY(!window.outboxBadge()->isVisible());
        QVERIFY(!window.notificationsPane()->resendAllButton()->isEnabled());
    }

    void theBuyersAddressIsSetInTheUsersPane()
    {
        const qint64 alice = f.addUser(QStringLiteral("alice"), "40");
        WalletPane pane(*f.app);
        pane.resize(1200, 860);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_VERIFY(pane.usersView()->model()->rowCount() == 1);
        UserContactBox *box = pane.contactBox();
        QVERIFY(!box->isEnabled());
        pane.usersView()->selectRow(0);
        QTRY_COMPARE(box->userId(), alice);
        QTRY_VERIFY(box->isEnabled()); // once the details were read off the GUI thread

        retype(box->emailField(), QStringLiteral("alice@localhost"));
        QVERIFY2(box->emailError().contains(QLatin1String("the domain \"localhost\" has no dot")),
            qPrintable(box->emailError()));
        QVERIFY(!box->saveButton()->isEnabled());
        test::UiFixture::screenshot(&pane, QStringLiteral("user-contact-error"));

        retype(box->emailField(), QStringLiteral("alice@example.com"));
        QVERIFY(box->emailError().isEmpty());
        QVERIFY(box->saveButton()->isEnabled());
        QSignalSpy saved(box, &UserContactBox::saved);
        QTest::mouseClick(box->saveButton(), Qt::LeftButton);
        QVERIFY(saved.wait(5000));
        QCOMPARE(userContact(f.app->store()->db(), alice).value().email, QStringLiteral("alice@example.com"));
        QVERIFY(box->notice().contains(QLatin1String("alice@example.com")));
        test::UiFixture::screenshot(&pane, QStringLiteral("user-contact"));
    }

    // The GUI thread opens no database connection for the outbox list or the contact box:
    // their reads run on the controller's pool (the store gives each thread its own).
    void outboxAndContactAreReadOffTheGuiThread()
    {
        insert(QStringLiteral("a"), QStringLiteral("undeliverable"), 5, QStringLiteral("550"),
            QStringLiteral("x@example.org"));
        const qint64 alice = f.addUser(QStringLiteral("alice"), "40");
        QVERIFY(
            setUserContact(*f.app->store(), alice, QStringLiteral("alice@example.com"), std::nullopt).ok());
        const QString guiSuffix
            = QStringLiteral("-%1").arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16);
        auto guiConnections = [&] {
            int n = 0;
            for (const QString &name : QSqlDatabase::connectionNames())
                n += name.endsWith(guiSuffix) ? 1 : 0;
            return n;
        };
        f.app->store()->closeThreadConnection();
        QCOMPARE(guiConnections(), 0);

        NotificationsPane pane(*f.app);
        QSignalSpy refreshed(&pane, &NotificationsPane::refreshed);
        pane.show();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(pane.model()->rowCount(), 1);
        pane.stateFilter()->setCurrentIndex(pane.stateFilter()->findData(QStringLiteral("undeliverable")));
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(pane.model()->rowCount(), 1);

        UserContactBox box(*f.app);
        QSignalSpy loaded(&box, &UserContactBox::loaded);
        box.setUser(alice, QStringLiteral("alice"));
        QVERIFY(!box.isEnabled()); // until the details arrive
        QVERIFY(loaded.wait(5000));
        QVERIFY(box.isEnabled());
        QCOMPARE(box.emailField()->text(), QStringLiteral("alice@example.com"));

        QCOMPARE(guiConnections(), 0);
    }
};

QTEST_MAIN(TestNotificationsPane)
#include "tst_notificationspane.moc"
