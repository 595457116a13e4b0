// griddeckctl's API and buyer commands in-process: tokens add|list|revoke, users add|set with
// --email/--webhook, notifications and notifications resend.
#include "TestSupport.h"
#include "api/ApiTokens.h"
#include "cli/Cli.h"
#include "store/Store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QtTest>

using namespace griddeck;

namespace {

struct Outcome
{
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

} // namespace

class TestCliApi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_config;

    Outcome ctl(QStringList args)
    {
        args = QStringList { QStringLiteral("--config"), m_config, QStringLiteral("--db"), m_db } + args;
        Outcome outcome;
        QTextStream out(&outcome.out);
        QTextStream err(&outcome.err);
        outcome.code = cli::run(args, out, err);
        out.flush();
        err.flush();
        return outcome;
    }

    qint64 count(const QString &sql)
    {
        auto store = Store::open(m_db, Store::OpenMode::MustExist);
        if (!store.ok())
            qFatal("store: %s", qPrintable(store.error().message));
        QSqlQuery q(store.value()->db());
        if (!q.exec(sql) || !q.next())
            qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toLongLong();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(
            QStringLiteral("cli-%1-%2.sqlite")
                .arg(QLatin1String(QTest::currentTestFunction()), QLatin1String(QTest::currentDataTag()))
                .replace(u' ', u'_'));
        m_config = m_dir.filePath(QStringLiteral("deployment.toml"));
        QFile file(m_config);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[deployment_queue]\nmax_queue_size = 3\n");
        file.close();
        QCOMPARE(ctl({ QStringLiteral("init") }).code, 0);
        QCOMPARE(ctl({ QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice") }).code, 0);
    }

    void tokensAreShownOnceAndStoredHashed()
    {
        const Outcome made = ctl({ QStringLiteral("--json"), QStringLiteral("tokens"), QStringLiteral("add"),
            QStringLiteral("--role"), QStringLiteral("user"), QStringLiteral("--user"),
            QStringLiteral("alice"), QStringLiteral("--label"), QStringLiteral("alice's phone") });
        QCOMPARE(made.code, 0);
        const QString secret = made.json().value(QStringLiteral("token")).toString();
        QVERIFY(secret.startsWith(QLatin1String("gdk_")));
        QCOMPARE(made.json().value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '%1'")
                           .arg(ApiTokens::hashOf(secret))),
            1);
        QFile db(m_db);
        QVERIFY(db.open(QIODevice::ReadOnly));
        QVERIFY(!db.readAll().contains(secret.toUtf8()));

        const Outcome listed = ctl({ QStringLiteral("tokens"), QStringLiteral("list") });
        QCOMPARE(listed.code, 0);
        QVERIFY(listed.out.contains(QLatin1String("alice's phone")));
        QVERIFY(!listed.out.contains(secret));
        QCOMPARE(ctl({ QStringLiteral("tokens"), QStringLiteral("revoke"), QStringLiteral("1") }).code, 0);
        QVERIFY(
            ctl({ QStringLiteral("tokens"), QStringLiteral("list") }).out.contains(QLatin1String("revoked")));
    }

    void badTokenRequestsChangeNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("needle");
        QTest::newRow("no role") << QStringList {} << 2 << "--role";
        QTest::newRow("unknown role")
            << QStringList { QStringLiteral("--role"), QStringLiteral("admin") } << 2 << "admin";
        QTest::newRow("user without --user")
            << QStringList { QStringLiteral("--role"), QStringLiteral("user") } << 2 << "--user";
        QTest::newRow("shop with --user") << QStringList { QStringLiteral("--role"), QStringLiteral("shop"),
            QStringLiteral("--user"), QStringLiteral("alice") }
                                          << 2 << "--user";
        QTest::newRow("no such user") << QStringList { QStringLiteral("--role"), QStringLiteral("user"),
            QStringLiteral("--user"), QStringLiteral("zed") }
                                      << 2 << "zed";
    }

    void badTokenRequestsChangeNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, needle);
        const Outcome o = ctl(QStringList { QStringLiteral("tokens"), QStringLiteral("add") } + args);
        QCOMPARE(o.code, code);
        QVERIFY2(o.err.contains(needle), qPrintable(o.err));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM api_tokens")), 0);
    }

    void usersGetAnEmailAddress()
    {
        const Outcome added = ctl({ QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("add"),
            QStringLiteral("bob"), QStringLiteral("--email"), QStringLiteral("bob@example.org") });
        QCOMPARE(added.code, 0);
        QCOMPARE(added.json().value(QStringLiteral("email")).toString(), QStringLiteral("bob@example.org"));
        const Outcome set = ctl({ QStringLiteral("users"), QStringLiteral("set"), QStringLiteral("alice"),
            QStringLiteral("--email"), QStringLiteral("alice@example.com"), QStringLiteral("--webhook"),
            QStringLiteral("https://hooks.example.com/a") });
        QCOMPARE(set.code, 0);
        QVERIFY(set.out.contains(QLatin1String("alice@example.com")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM users WHERE email = 'alice@example.com' "
                                      "AND webhook_url = 'https://hooks.example.com/a'")),
            1);
    }

    void badAddressesAreRefusedWithTheReason()
    {
        const Outcome added = ctl({ QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("carol"),
            QStringLiteral("--email"), QStringLiteral("carol@localhost") });
        QCOMPARE(added.code, 2);
        QVERIFY2(added.err.contains(
                     QLatin1String("--email: \"carol@localhost\" is not an email address: the domain "
                                   "\"localhost\" has no dot")),
            qPrintable(added.err));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM users WHERE name = 'carol'")), 0);
        const Outcome set = ctl({ QStringLiteral("users"), QStringLiteral("set"), QStringLiteral("alice"),
            QStringLiteral("--email"), QStringLiteral("alice at example.com") });
        QCOMPARE(set.code, 2);
        QVERIFY(set.err.contains(QLatin1String("contains a space")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM users WHERE email != ''")), 0);
        QCOMPARE(ctl({ QStringLiteral("users"), QStringLiteral("set"), QStringLiteral("alice") }).code, 2);
    }

    void notificationsListAndResend()
    {
        {
            auto store = Store::open(m_db, Store::OpenMode::MustExist);
            QVERIFY(store.ok());
            QSqlQuery q(store.value()->db());
            // One of each: waiting, sent, failing, given up.
            const QString insert = QStringLiteral("INSERT INTO outbox(event, channel, payload, state, "
                                                  "attempts, next_attempt_at, last_error, created_at, "
                                                  "dedupe_key, recipient) VALUES ('deployment.active', "
                                                  "'email', '{}', '%1', %2, 0, %3, 0, '%4', '%5')");
            QVERIFY(q.exec(insert.arg(QStringLiteral("pending"))
                               .arg(0)
                               .arg(QStringLiteral("NULL"), QStringLiteral("k1"), QString())));
            QVERIFY(q.exec(insert.arg(QStringLiteral("delivered"))
                               .arg(1)
                               .arg(QStringLiteral("NULL"), QStringLiteral("k2"), QString())));
            QVERIFY(q.exec(insert.arg(QStringLiteral("pending"))
                               .arg(2)
                               .arg(QStringLiteral("'connection refused'"), QStringLiteral("k3"),
                                   QStringLiteral("alice@example.com"))));
            QVERIFY(
                q.exec(insert.arg(QStringLiteral("undeliverable"))
                           .arg(5)
                           .arg(QStringLiteral("'550 no such mailbox'"), QStringLiteral("k4"), QString())));
        }
        const Outcome all = ctl({ QStringLiteral("--json"), QStringLiteral("notifications") });
        QCOMPARE(all.code, 0);
        const QJsonObject counts = all.json().value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("pending")).toInt(), 1);
        QCOMPARE(counts.value(QStringLiteral("sent")).toInt(), 1);
        QCOMPARE(counts.value(QStringLiteral("failed")).toInt(), 1);
        QCOMPARE(counts.value(QStringLiteral("undeliverable")).toInt(), 1);
        const Outcome failed = ctl({ QStringLiteral("--json"), QStringLiteral("notifications"),
            QStringLiteral("--state"), QStringLiteral("failed") });
        const QJsonArray rows = failed.json().value(QStringLiteral("notifications")).toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("last_error")).toString(),
            QStringLiteral("connection refused"));
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("recipient")).toString(),
            QStringLiteral("alice@example.com"));
        QCOMPARE(
            ctl({ QStringLiteral("notifications"), QStringLiteral("--state"), QStringLiteral("lost") }).code,
            2);
        QVERIFY(ctl({ QStringLiteral("notifications") }).out.contains(QLatin1String("550 no such mailbox")));

        // A sent one is not sent again; an undeliverable one is, and so is "all failed".
        const Outcome sent
            = ctl({ QStringLiteral("notifications"), QStringLiteral("resend"), QStringLiteral("2") });
        QCOMPARE(sent.code, 1);
        QVERIFY(sent.err.contains(QLatin1String("is sent")));
        QCOMPARE(
            ctl({ QStringLiteral("notifications"), QStringLiteral("resend"), QStringLiteral("4") }).code, 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE id = 4 AND state = 'pending'")), 1);
        const Outcome rest = ctl({ QStringLiteral("--json"), QStringLiteral("notifications"),
            QStringLiteral("resend"), QStringLiteral("--all-failed") });
        QCOMPARE(rest.code, 0);
        QCOMPARE(
            rest.json().value(QStringLiteral("resent")).toInt(), 2); // 3 and 4 (still failed: tried before)
        QCOMPARE(
            ctl({ QStringLiteral("notifications"), QStringLiteral("resend"), QStringLiteral("99") }).code, 2);
        QCOMPARE(ctl({ QStringLiteral("notifications"), QStringLiteral("resend") }).code, 2);
    }
};

QTEST_MAIN(TestCliApi)
#include "tst_cli_api.moc"
