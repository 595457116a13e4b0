// The Notifications view's model over a real store: rows and counts per state, the state
// filter, failed rows marked, resend moving a row back to pending, and the model contract
// (QAbstractItemModelTester) through every refresh.
#include "TestSupport.h"
#include "models/NotificationModel.h"
#include "pipeline/Outbox.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace griddeck;

class TestNotificationModel : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TempStore> m_temp;

    void insert(const QString &key, const QString &state, int attempts, const QString &error = QString(),
        const QString &recipient = QString())
    {
        QSqlQuery q(m_temp->store()->db());
        q.prepare(QStringLiteral(
            "INSERT INTO outbox(event, channel, payload, state, attempts, next_attempt_at, last_error, "
            "created_at, dedupe_key, recipient) VALUES ('deployment.active', 'email', '{}', ?, ?, 0, ?, "
            "1700000000000, ?, COALESCE(?, ''))"));
        q.addBindValue(state);
        q.addBindValue(attempts);
        q.addBindValue(error.isEmpty() ? QVariant() : QVariant(error));
        q.addBindValue(key);
        q.addBindValue(recipient);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }

private Q_SLOTS:
    void init() { m_temp = std::make_unique<test::TempStore>(); }
    void cleanup() { m_temp.reset(); }

    void rowsCountsAndFilter()
    {
        NotificationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_temp->store());
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.failedCount(), 0);

        QSignalSpy counts(&model, &NotificationModel::countsChanged);
        insert(QStringLiteral("a"), QStringLiteral("pending"), 0);
        insert(QStringLiteral("b"), QStringLiteral("delivered"), 1);
        insert(QStringLiteral("c"), QStringLiteral("pending"), 3, QStringLiteral("connection refused"),
            QStringLiteral("alice@example.com"));
        insert(QStringLiteral("d"), QStringLiteral("undeliverable"), 5,
            QStringLiteral("550 mailbox unavailable"));
        QVERIFY(model.refresh());
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.failedCount(), 2);
        QCOMPARE(model.counts().value(QStringLiteral("sent")), 1);
        // Newest first.
        QCOMPARE(model.data(model.index(0, 0), NotificationModel::OutboxIdRole).toLongLong(), 4);
        const QModelIndex failing = model.index(1, NotificationModel::StateColumn);
        QCOMPARE(model.data(failing, NotificationModel::ViewStateRole).toString(), QStringLiteral("failed"));
        QCOMPARE(model.data(failing, NotificationModel::ColorRoleRole).toString(), QStringLiteral("danger"));
        QVERIFY(model.data(failing, Qt::ForegroundRole).isValid());
        QCOMPARE(model.data(model.index(1, NotificationModel::RecipientColumn)).toString(),
            QStringLiteral("alice@example.com"));
        QCOMPARE(model.data(model.index(0, NotificationModel::RecipientColumn)).toString(),
            QStringLiteral("operators"));
        QCOMPARE(model.data(model.index(1, NotificationModel::ErrorColumn)).toString(),
            QStringLiteral("connection refused"));
        QCOMPARE(model.data(model.index(1, NotificationModel::AttemptsColumn)).toInt(), 3);
        QCOMPARE(model.data(model.index(2, NotificationModel::StateColumn), NotificationModel::ColorRoleRole)
                     .toString(),
            QStringLiteral("success"));

        model.setStateFilter(QStringLiteral("undeliverable"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, NotificationModel::ErrorColumn)).toString(),
            QStringLiteral("550 mailbox unavailable"));
        QCOMPARE(model.failedCount(), 2); // counts are over the whole outbox

        // Resend: the row goes back to pending, due now; the same ids update in place.
        model.setStateFilter(std::nullopt);
        Outbox outbox(m_temp->store(), NotifySettings());
        QVERIFY(outbox.resend(4, QStringLiteral("tester")).ok());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.refresh());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.counts().value(QStringLiteral("undeliverable")), 0);
        QVERIFY(!outbox.resend(2, QStringLiteral("tester")).ok()); // sent: nothing to resend
        QCOMPARE(outbox.resendAllFailed(QStringLiteral("tester")).value(), 2);

        // A new entry resets (new ids).
        insert(QStringLiteral("e"), QStringLiteral("pending"), 0);
        QVERIFY(model.refresh());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 5);
    }

    void headersAndLabels()
    {
        NotificationModel model;
        QCOMPARE(model.columnCount(), int(NotificationModel::ColumnCount));
        QCOMPARE(model.headerData(NotificationModel::ErrorColumn, Qt::Horizontal).toString(),
            QStringLiteral("Last error"));
        QCOMPARE(
            NotificationModel::stateLabel(QStringLiteral("undeliverable")), QStringLiteral("Undeliverable"));
        QVERIFY(!model.refresh()); // no store yet
    }
};

QTEST_MAIN(TestNotificationModel)
#include "tst_notificationmodel.moc"
