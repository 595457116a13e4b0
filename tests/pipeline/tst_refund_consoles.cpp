// Two consoles refund the same job at the same moment through RefundService, the path the
// console's refund dialog and `griddeckctl ledger refund` take: each console is its own Store
// (on PostgreSQL its own login, so its own connections), both wait behind one lock on the job's
// hold, and then exactly one refund lands (one ledger transaction, one timeline event, one
// notification); the other gets a clear refusal naming the job and what is left.
#include "../ledger/LedgerTestHelpers.h"
#include "TestSupport.h"
#include "pipeline/RefundService.h"
#include "store/StoreRoles.h"

#include <QThread>
#include <QtTest>
#include <atomic>

using namespace griddeck;
using griddeck::test::tfc;

namespace {

int countWaitingOnLocks(QSqlDatabase db)
{
    // Inside a transaction PostgreSQL keeps showing the first snapshot of pg_stat_activity.
    if (!exec(db, QStringLiteral("SELECT pg_stat_clear_snapshot()")).ok())
        return -1;
    auto q = exec(db,
        QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"));
    return q.ok() && q.value().next() ? q.value().value(0).toInt() : -1;
}

QString scalar(QSqlDatabase db, const QString &sql, const QVariantList &args = {})
{
    auto q = exec(db, sql, args);
    return q.ok() && q.value().next() ? q.value().value(0).toString() : QStringLiteral("<none>");
}

} // namespace

class TestRefundConsoles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void twoConsolesRefundOneJobAndExactlyOneLands()
    {
        test::TempStore temp;
        const auto &admin = temp.store();
        Ledger ledger(admin);
        const qint64 alice = ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        const qint64 job = test::enqueue(ledger, *admin, alice, tfc("40")).value();
        QVERIFY(test::finish(ledger, *admin, job, true, tfc("4"), tfc("36")).ok());

        // Console A (ann) and console B (bob), both support staff.
        std::shared_ptr<Store> consoles[2];
        const QString logins[2] = { QStringLiteral("ann"), QStringLiteral("bob") };
        for (int i = 0; i < 2; ++i) {
            if (admin->backend() == Backend::Sqlite) {
                auto opened = Store::open(admin->location(), Store::OpenMode::MustExist);
                QVERIFY(opened.ok());
                consoles[i] = opened.value();
                continue;
            }
            QVERIFY(storeroles::createGroupRoles(*admin).ok());
            QVERIFY(storeroles::setLoginRoles(
                *admin, logins[i], { access::Support }, QStringLiteral("pw-") + logins[i])
                        .ok());
            StoreLocation location = admin->location();
            location.user = logins[i];
            location.password = QStringLiteral("pw-") + logins[i];
            auto opened = Store::open(location, Store::OpenMode::MustExist);
            QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
            consoles[i] = opened.value();
            QCOMPARE(access::rolesNameOf(*consoles[i]), QStringLiteral("support"));
        }

        // Something holds the job's hold row (SQLite: the database's write lock) while both
        // consoles press "Refund" for everything that is refundable.
        auto blocker = std::make_unique<WriteTransaction>(*admin);
        QVERIFY(blocker->begun());
        QVERIFY(exec(blocker->db(),
            QStringLiteral("SELECT refunded FROM holds WHERE job_id = ?") + dialect::forUpdate(blocker->db()),
            { job })
                    .ok());

        std::atomic<int> started = 0;
        Result<MoneyOutcome> results[2] = { Error { ErrorKind::Internal, QStringLiteral("not run") },
            Error { ErrorKind::Internal, QStringLiteral("not run") } };
        QList<QThread *> threads;
        for (int i = 0; i < 2; ++i) {
            threads << QThread::create([&, i] {
                ++started;
                RefundService refunds(
                    consoles[i], NotifySettings { true, QStringLiteral("http://127.0.0.1:9/hook") });
                results[i]
                    = refunds.refund(job, tfc("40"), QStringLiteral("outage, asked by %1").arg(logins[i]),
                        QStringLiteral("support:%1").arg(logins[i]));
                consoles[i]->closeThreadConnection();
            });
            threads.last()->start();
        }
        QTRY_COMPARE(started.load(), 2);
        if (admin->backend() == Backend::Postgresql)
            QTRY_COMPARE_WITH_TIMEOUT(countWaitingOnLocks(admin->db()), 2, test::scaledMs(10000));
        for (QThread *t : threads)
            QVERIFY(!t->isFinished()); // both wait: neither has read the hold yet
        QVERIFY(blocker->commit().ok());
        blocker.reset();
        for (QThread *t : threads) {
            QVERIFY(t->wait(test::scaledMs(30000)));
            delete t;
        }

        const int landed = int(results[0].ok()) + int(results[1].ok());
        QCOMPARE(landed, 1);
        const Result<MoneyOutcome> &refused = results[0].ok() ? results[1] : results[0];
        QCOMPARE(refused.error().kind, ErrorKind::Refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("exceeds the refundable")),
            qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(QString::number(job)), qPrintable(refused.error().message));

        QSqlDatabase db = admin->db();
        QCOMPARE(Ledger(admin).hold(job)->refunded, tfc("40"));
        QCOMPARE(scalar(db,
                     QStringLiteral(
                         "SELECT COUNT(*) FROM ledger_transactions WHERE job_id = ? AND kind = 'refund'"),
                     { job }),
            QStringLiteral("1"));
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT COUNT(*) FROM events WHERE job_id = ? AND kind = 'refund'"),
                { job }),
            QStringLiteral("1"));
        QCOMPARE(
            scalar(db,
                QStringLiteral("SELECT COUNT(*) FROM outbox WHERE job_id = ? AND event = 'refund.issued'"),
                { job }),
            QStringLiteral("1"));
        QCOMPARE(Ledger(admin).user(alice)->available, tfc("100"));
        const LedgerCheckReport report = Ledger(admin).check();
        QVERIFY2(report.ok(), qPrintable(test::violationsText(report)));
    }
};

QTEST_GUILESS_MAIN(TestRefundConsoles)
#include "tst_refund_consoles.moc"
