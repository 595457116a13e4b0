// griddeckctl's API and buyer commands in-process: tokens add|list|revoke.
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
};

QTEST_MAIN(TestCliApi)
#include "tst_cli_api.moc"
