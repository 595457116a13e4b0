// Roles (store/Access.h): the core refuses what a console's role may not do, naming the role,
// and writes nothing; the audit rows record the role. On PostgreSQL each console is its own
// login, member of a group role made by storeroles (what `griddeckctl store roles` runs), and
// the database's GRANTs stop a viewer's direct writes; on SQLite the one desktop store is told
// to act as the role (access::actAs).
#include "../ledger/LedgerTestHelpers.h"
#include "CtlProcess.h"
#include "TestSupport.h"
#include "domain/Clock.h"
#include "pipeline/Operations.h"
#include "pipeline/RefundService.h"
#include "queue/JobQueue.h"
#include "queue/QueueOperations.h"
#include "store/StoreRoles.h"

#include <QtTest>

using namespace griddeck;
using griddeck::test::tfc;

namespace {

// A store with alice (100 TFC), one queued job (10) and one active job (40, captured).
struct Shop
{
    test::TempStore temp;
    qint64 alice = 0;
    qint64 queued = 0;
    qint64 active = 0;

    Shop()
    {
        Ledger ledger(temp.store());
        alice = ledger.addUser(QStringLiteral("alice"), tfc("100")).value();
        queued = test::enqueue(ledger, *temp.store(), alice, tfc("10")).value();
        active = test::enqueue(ledger, *temp.store(), alice, tfc("40")).value();
        if (!test::finish(ledger, *temp.store(), active, true, tfc("4"), tfc("36")).ok())
            qFatal("cannot finish the active job");
    }

    // The store a console of `role` works with: on PostgreSQL its own login `login`.
    std::shared_ptr<Store> as(access::Roles role, const QString &login)
    {
        const auto &admin = temp.store();
        if (admin->backend() == Backend::Sqlite) {
            if (!access::actAs(*admin, role).ok())
                qFatal("actAs failed");
            return admin;
        }
        auto groups = storeroles::createGroupRoles(*admin);
        if (!groups.ok())
            qFatal("%s", qPrintable(groups.error().message));
        const QString password = QStringLiteral("pw-%1-secret").arg(login);
        auto set = storeroles::setLoginRoles(*admin, login, { role }, password);
        if (!set.ok())
            qFatal("%s", qPrintable(set.error().message));
        StoreLocation location = admin->location();
        location.user = login;
        location.password = password;
        auto opened = Store::open(location, Store::OpenMode::MustExist);
        if (!opened.ok())
            qFatal("%s", qPrintable(opened.error().message));
        return opened.value();
    }

    // The money tables, the jobs, the events and the outbox: equal means nothing changed.
    QStringList snapshot() const
    {
        QStringList rows = test::snapshot(temp.store()->db());
        for (const char *sql : { "SELECT 'events', COUNT(*), COALESCE(MAX(id), 0) FROM events",
                 "SELECT 'outbox', COUNT(*) FROM outbox",
                 "SELECT 'app_state', key, value FROM app_state ORDER BY key",
                 "SELECT 'job', id, stage, priority, run_at, updated_at FROM jobs ORDER BY id",
                 "SELECT 'api_tokens', COUNT(*) FROM api_tokens" }) {
            auto q = exec(temp.store()->db(), QString::fromLatin1(sql));
            if (!q.ok())
                qFatal("%s", qPrintable(q.error().message));
            while (q.value().next()) {
                QStringList row;
                for (int i = 0; i < q.value().record().count(); ++i)
                    row << q.value().value(i).toString();
                rows << row.join(u'|');
            }
        }
        return rows;
    }

    QString scalar(const QString &sql, const QVariantList &args = {}) const
    {
        auto q = exec(temp.store()->db(), sql, args);
        if (!q.ok() || !q.value().next())
            return QStringLiteral("<none>");
        return q.value().value(0).toString();
    }
};

#define VERIFY_REFUSED(result, text)                                                                         \
    do {                                                                                                     \
        const auto &r_ = (result);                                                                           \
        QVERIFY2(!r_.ok(), "expected a refusal");                                                            \
        QCOMPARE(r_.error().kind, ErrorKind::Refused);                                                       \
        QVERIFY2(r_.error().message.contains(text), qPrintable(r_.error().message));                         \
    } while (false)

} // namespace

class TestRoles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void theStoresOwnerActsWithEveryRole()
    {
        Shop shop;
        // SQLite: the desktop user; PostgreSQL: the test cluster's superuser, the tables' owner.
        QCOMPARE(access::rolesNameOf(*shop.temp.store()), QStringLiteral("admin"));
        QCOMPARE(shop.scalar(QStringLiteral("SELECT role FROM ledger_transactions ORDER BY id DESC LIMIT 1")),
            QStringLiteral("admin"));
    }

    void aViewersRefundAndCancelAreRefusedAndChangeNothing()
    {
        Shop shop;
        const QStringList before = shop.snapshot();
        auto viewer = shop.as(access::Viewer, QStringLiteral("vic"));
        QCOMPARE(access::rolesNameOf(*viewer), QStringLiteral("viewer"));

        RefundService refunds(viewer, NotifySettings {});
        VERIFY_REFUSED(
            refunds.refund(shop.active, tfc("5"), QStringLiteral("node died"), QStringLiteral("vic")),
            QStringLiteral("refused: role viewer may not refund job %1 (a support action)").arg(shop.active));
        Ledger ledger(viewer);
        VERIFY_REFUSED(ledger.refund(shop.active, tfc("5"), QStringLiteral("node died"),
                           QStringLiteral("vic"), QStringLiteral("k1")),
            QStringLiteral("role viewer may not refund job %1").arg(shop.active));
        JobQueue queue(viewer, ledger, QueueSettings {});
        VERIFY_REFUSED(queue.cancel(shop.queued, QStringLiteral("vic")),
            QStringLiteral("refused: role viewer may not cancel job %1 (an operator action)")
                .arg(shop.queued));
        Operations operations(viewer, PipelineSettings {}, Endpoints {});
        VERIFY_REFUSED(operations.cancelJob(shop.queued, QStringLiteral("vic")),
            QStringLiteral("role viewer may not cancel job %1").arg(shop.queued));
        VERIFY_REFUSED(operations.retryJob(shop.active, QStringLiteral("vic")),
            QStringLiteral("role viewer may not retry job %1").arg(shop.active));
        VERIFY_REFUSED(operations.stopDeployment(shop.active, QStringLiteral("vic")),
            QStringLiteral("role viewer may not stop the deployment of job %1").arg(shop.active));
        VERIFY_REFUSED(operations.restartDeployment(shop.active, QStringLiteral("vic")),
            QStringLiteral("role viewer may not restart the deployment of job %1").arg(shop.active));
        VERIFY_REFUSED(queue.pause(), QStringLiteral("role viewer may not pause the queue"));
        VERIFY_REFUSED(queue.setPriority(shop.queued, Priority::High, QStringLiteral("vic")),
            QStringLiteral("role viewer may not change the priority of job %1").arg(shop.queued));
        VERIFY_REFUSED(
            queueops::makeDueNow(*viewer, shop.queued, QStringLiteral("vic"), QStringLiteral("now")),
            QStringLiteral("role viewer may not retry job %1 now").arg(shop.queued));
        VERIFY_REFUSED(refunds.topUp(shop.alice, tfc("5"), QStringLiteral("goodwill"), QStringLiteral("vic")),
            QStringLiteral("role viewer may not top up user %1").arg(shop.alice));
        VERIFY_REFUSED(ledger.addUser(QStringLiteral("mallory"), tfc("1000"), QStringLiteral("vic")),
            QStringLiteral("role viewer may not add the user mallory"));

        QCOMPARE(shop.snapshot(), before);
        // Reading is what a viewer does.
        QCOMPARE(Ledger(viewer).hold(shop.active)->refundable(), tfc("40"));
    }

    void supportRefundsButDoesNotCancel()
    {
        Shop shop;
        auto support = shop.as(access::Support, QStringLiteral("sue"));
        QCOMPARE(access::rolesNameOf(*support), QStringLiteral("support"));
        Ledger ledger(support);
        JobQueue queue(support, ledger, QueueSettings {});
        const QStringList before = shop.snapshot();
        VERIFY_REFUSED(queue.cancel(shop.queued, QStringLiteral("sue")),
            QStringLiteral("refused: role support may not cancel job %1 (an operator action)")
                .arg(shop.queued));
        VERIFY_REFUSED(queue.resume(), QStringLiteral("role support may not resume the queue"));
        QCOMPARE(shop.snapshot(), before);

        RefundService refunds(support, NotifySettings {});
        auto refunded
            = refunds.refund(shop.active, tfc("15"), QStringLiteral("slow node"), QStringLiteral("sue"));
        QVERIFY2(refunded.ok(), qPrintable(refunded.ok() ? QString() : refunded.error().message));
        QCOMPARE(Ledger(shop.temp.store()).hold(shop.active)->refunded, tfc("15"));
        // The audit trail: the refund's ledger transaction and its timeline event say "support".
        QCOMPARE(shop.scalar(QStringLiteral("SELECT role FROM ledger_transactions WHERE idempotency_key = ?"),
                     { refunded->key }),
            QStringLiteral("support"));
        QCOMPARE(
            shop.scalar(QStringLiteral(
                            "SELECT role || '|' || actor FROM events WHERE job_id = ? AND kind = 'refund'"),
                { shop.active }),
            QStringLiteral("support|sue"));
        QVERIFY(ledger.check().ok());
    }

    void operatorCancelsButDoesNotRefund()
    {
        Shop shop;
        auto op = shop.as(access::Operator, QStringLiteral("otto"));
        QCOMPARE(access::rolesNameOf(*op), QStringLiteral("operator"));
        Ledger ledger(op);
        const QStringList before = shop.snapshot();
        RefundService refunds(op, NotifySettings {});
        VERIFY_REFUSED(refunds.refund(shop.active, tfc("5"), QStringLiteral("x"), QStringLiteral("otto")),
            QStringLiteral("refused: role operator may not refund job %1 (a support action)")
                .arg(shop.active));
        QCOMPARE(shop.snapshot(), before);

        JobQueue queue(op, ledger, QueueSettings {});
        auto cancelled = queue.cancel(shop.queued, QStringLiteral("otto"));
        QVERIFY2(cancelled.ok(), qPrintable(cancelled.ok() ? QString() : cancelled.error().message));
        QCOMPARE(queue.job(shop.queued)->stage, Stage::Cancelled);
        QCOMPARE(
            shop.scalar(QStringLiteral("SELECT role FROM events WHERE job_id = ? AND kind = 'cancelled'"),
                { shop.queued }),
            QStringLiteral("operator"));
        // The release of the hold is written with the operator's role too.
        QCOMPARE(
            shop.scalar(
                QStringLiteral("SELECT role FROM ledger_transactions WHERE job_id = ? AND kind = 'release'"),
                { shop.queued }),
            QStringLiteral("operator"));
        QVERIFY(queue.pause().ok());
        QVERIFY(queue.resume().ok());
    }

    void actAsNarrowsAndNeverWidens()
    {
        Shop shop;
        auto op = shop.as(access::Operator, QStringLiteral("olga"));
        const auto widened = access::actAs(*op, access::Admin);
        VERIFY_REFUSED(widened, QStringLiteral("it cannot act as admin"));
        QCOMPARE(access::rolesNameOf(*op), QStringLiteral("operator"));
        QVERIFY(access::actAs(*op, access::Viewer).ok());
        QCOMPARE(access::rolesNameOf(*op), QStringLiteral("viewer"));
    }

    // PostgreSQL: the GRANTs stop a viewer's own SQL, whatever program it runs; an operator's
    // login may write. SQLite has no logins: making roles is refused, saying why.
    void theDatabaseEnforcesWhatGrantsCan()
    {
        Shop shop;
        if (shop.temp.store()->backend() == Backend::Sqlite) {
            auto made = storeroles::createGroupRoles(*shop.temp.store());
            VERIFY_REFUSED(
                made, QStringLiteral("is a SQLite store, used by one desktop user who acts with every role"));
            return;
        }
        auto viewer = shop.as(access::Viewer, QStringLiteral("vera"));
        const QStringList before = shop.snapshot();
        for (const QString &sql :
            { QStringLiteral("UPDATE jobs SET priority = 3"), QStringLiteral("UPDATE holds SET refunded = 1"),
                QStringLiteral("INSERT INTO app_state(key, value) VALUES ('queue_paused', '1')"),
                QStringLiteral("DELETE FROM events") }) {
            auto done = exec(viewer->db(), sql);
            QVERIFY2(!done.ok(), qPrintable(sql));
            QVERIFY2(done.error().message.contains(QStringLiteral("permission denied")),
                qPrintable(done.error().message));
        }
        QCOMPARE(shop.snapshot(), before);
        QVERIFY(exec(viewer->db(), QStringLiteral("SELECT COUNT(*) FROM ledger_postings")).ok());

        auto op = shop.as(access::Operator, QStringLiteral("oscar"));
        QVERIFY(exec(op->db(), QStringLiteral("UPDATE jobs SET priority = 2 WHERE id = ?"), { shop.queued })
                    .ok());
        auto deleted = exec(op->db(), QStringLiteral("DELETE FROM events"));
        QVERIFY(!deleted.ok()); // nobody deletes

        // A migration pending (as after an upgrade): only the owner may apply it, and a viewer's
        // console says so instead of a bare "permission denied".
        QVERIFY(exec(shop.temp.store()->db(), QStringLiteral("DELETE FROM schema_migrations WHERE version = 10")).ok());
        StoreLocation asVera = shop.temp.store()->location();
        asVera.user = QStringLiteral("vera");
        asVera.password = QStringLiteral("pw-vera-secret");
        auto reopened = Store::open(asVera, Store::OpenMode::MustExist);
        QVERIFY(!reopened.ok());
        QVERIFY2(reopened.error().message.contains(QStringLiteral("run griddeckctl init as the owner")),
            qPrintable(reopened.error().message));
    }

    // `griddeckctl store roles create` twice changes nothing the second time; `grant` makes a
    // login that then opens the store as its role; the password never appears in argv.
    void griddeckctlCreatesRolesIdempotently()
    {
        Shop shop;
        const QString db = shop.temp.store()->location().backend == Backend::Sqlite
            ? shop.temp.store()->path()
            : shop.temp.store()->location().display();
        if (shop.temp.store()->backend() == Backend::Sqlite) {
            const auto refused = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("store"),
                QStringLiteral("roles"), QStringLiteral("create") });
            QCOMPARE(refused.code, 1);
            QVERIFY2(
                refused.err.contains("roles are for a shared PostgreSQL store"), refused.err.constData());
            const auto show = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("store"),
                QStringLiteral("roles"), QStringLiteral("show") });
            QCOMPARE(show.code, 0);
            QVERIFY2(show.out.contains("acting as admin"), show.out.constData());
            return;
        }
        const auto first = test::runGriddeckctl({ QStringLiteral("--json"), QStringLiteral("--db"), db,
            QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("create") });
        QVERIFY2(first.code == 0, first.err.constData());
        const auto second = test::runGriddeckctl({ QStringLiteral("--json"), QStringLiteral("--db"), db,
            QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("create") });
        QVERIFY2(second.code == 0, second.err.constData());
        QCOMPARE(second.json().value(QStringLiteral("created")).toArray().size(), 0);
        QCOMPARE(second.json().value(QStringLiteral("existing")).toArray().size(), 4);

        // A new login, its password from the environment only.
        const QByteArray adminPassword = qgetenv(StoreLocation::kPasswordVariable);
        qputenv("GRIDDECK_SECRET_LOGIN_PASSWORD", "s3cret' pass\"word");
        const auto granted = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("store"),
            QStringLiteral("roles"), QStringLiteral("grant"), QStringLiteral("--login"),
            QStringLiteral("stella"), QStringLiteral("--role"), QStringLiteral("support") });
        qunsetenv("GRIDDECK_SECRET_LOGIN_PASSWORD");
        QVERIFY2(granted.code == 0, granted.err.constData());
        QVERIFY2(!granted.out.contains("s3cret") && !granted.err.contains("s3cret"), granted.out.constData());

        StoreLocation asStella = shop.temp.store()->location();
        asStella.user = QStringLiteral("stella");
        qputenv(StoreLocation::kPasswordVariable, "s3cret' pass\"word");
        const auto show = test::runGriddeckctl({ QStringLiteral("--db"), asStella.display(),
            QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("show") });
        // stella may not make roles: the core says which role she has.
        const auto notHers = test::runGriddeckctl({ QStringLiteral("--db"), asStella.display(),
            QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("create") });
        qputenv(StoreLocation::kPasswordVariable, adminPassword);
        QVERIFY2(show.code == 0, show.err.constData());
        QVERIFY2(show.out.contains("acting as support"), show.out.constData());
        QCOMPARE(notHers.code, 1);
        QVERIFY2(
            notHers.err.contains("refused: role support may not create the GridDeck roles (an admin action)"),
            notHers.err.constData());

        // Re-granting as operator revokes support: the login acts as exactly what it was given.
        const auto regranted = test::runGriddeckctl({ QStringLiteral("--json"), QStringLiteral("--db"), db,
            QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("grant"),
            QStringLiteral("--login"), QStringLiteral("stella"), QStringLiteral("--role"),
            QStringLiteral("operator"), QStringLiteral("--keep-password") });
        QVERIFY2(regranted.code == 0, regranted.err.constData());
        QCOMPARE(regranted.json().value(QStringLiteral("revoked")).toArray().first().toString(),
            QStringLiteral("griddeck_support"));
        const auto badRole = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("store"),
            QStringLiteral("roles"), QStringLiteral("grant"), QStringLiteral("--login"),
            QStringLiteral("stella"), QStringLiteral("--role"), QStringLiteral("owner") });
        QCOMPARE(badRole.code, 2);
        QVERIFY2(badRole.err.contains("unknown role \"owner\""), badRole.err.constData());
    }

    // GRIDDECK_ACT_AS narrows a process's role at open: griddeckctl as a viewer is refused by
    // the core, naming the role, and changes nothing.
    void griddeckctlActingAsAViewerIsRefused()
    {
        Shop shop;
        const QString db = shop.temp.store()->backend() == Backend::Sqlite
            ? shop.temp.store()->path()
            : shop.temp.store()->location().display();
        const QStringList before = shop.snapshot();
        qputenv(access::kActAsVariable, "viewer");
        const auto cancel = test::runGriddeckctl(
            { QStringLiteral("--db"), db, QStringLiteral("cancel"), QString::number(shop.queued) });
        const auto refund = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("refund"),
            QString::number(shop.active), QStringLiteral("--amount"), QStringLiteral("5"),
            QStringLiteral("--reason"), QStringLiteral("outage") });
        const auto show = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("store"),
            QStringLiteral("roles"), QStringLiteral("show") });
        // Only an admin makes API tokens (they carry roles of their own).
        qputenv(access::kActAsVariable, "operator");
        const auto token = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("tokens"),
            QStringLiteral("add"), QStringLiteral("--role"), QStringLiteral("support") });
        qputenv(access::kActAsVariable, "owner");
        const auto bad = test::runGriddeckctl({ QStringLiteral("--db"), db, QStringLiteral("store"),
            QStringLiteral("roles"), QStringLiteral("show") });
        qunsetenv(access::kActAsVariable);
        QCOMPARE(cancel.code, 1);
        QVERIFY2(cancel.err.contains(
                     QStringLiteral("refused: role viewer may not cancel job %1 (an operator action)")
                         .arg(shop.queued)
                         .toUtf8()),
            cancel.err.constData());
        QCOMPARE(refund.code, 1);
        QVERIFY2(refund.err.contains(
                     QStringLiteral("refused: role viewer may not refund job %1 (a support action)")
                         .arg(shop.active)
                         .toUtf8()),
            refund.err.constData());
        QVERIFY2(show.out.contains("acting as viewer"), show.out.constData());
        QCOMPARE(token.code, 1);
        QVERIFY2(token.err.contains("refused: role operator may not create an API token (an admin action)"),
            token.err.constData());
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("GRIDDECK_ACT_AS: unknown role \"owner\""), bad.err.constData());
        QCOMPARE(shop.snapshot(), before);
    }

    // The verifier as RFC 5802/7677 define it and PostgreSQL stores it: StoredKey and ServerKey
    // of "pencil" with this salt (computed apart with Python's hashlib.pbkdf2_hmac and hmac).
    // griddeckctlCreatesRolesIdempotently logs in with such a verifier for real.
    void scramVerifierMatchesTheRfc()
    {
        const QString v = storeroles::scramVerifier(
            QStringLiteral("pencil"), QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ=="));
        QCOMPARE(v,
            QStringLiteral(
                "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
                "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="));
    }
};

QTEST_GUILESS_MAIN(TestRoles)
#include "tst_roles.moc"
