// The [store] connection string: what it accepts, and that a password never rides in it.
#include "store/StoreLocation.h"

#include <QtTest>

using namespace griddeck;

class TestStoreLocation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAConnectionString()
    {
        auto parsed = StoreLocation::parseConnectionString(
            QStringLiteral(
                "postgresql://ops@db.example:6543/griddeck?sslmode=verify-full&application_name=console"),
            QStringLiteral("[store] connection"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->backend, Backend::Postgresql);
        QCOMPARE(parsed->host, QStringLiteral("db.example"));
        QCOMPARE(parsed->port, 6543);
        QCOMPARE(parsed->user, QStringLiteral("ops"));
        QCOMPARE(parsed->database, QStringLiteral("griddeck"));
        QCOMPARE(parsed->options,
            QStringLiteral("sslmode=verify-full;application_name=console;connect_timeout=10"));
        QVERIFY(parsed->password.isEmpty());
        QCOMPARE(parsed->display(), QStringLiteral("postgresql://ops@db.example:6543/griddeck"));

        auto defaults
            = StoreLocation::parseConnectionString(QStringLiteral("postgres://db/gd"), QStringLiteral("x"));
        QVERIFY(defaults.ok());
        QCOMPARE(defaults->port, 5432);
    }

    void refusesAPasswordNamingWhereItGoes()
    {
        for (const QString &text : { QStringLiteral("postgresql://ops:hunter2@db/griddeck"),
                 QStringLiteral("postgresql://ops@db/griddeck?password=hunter2") }) {
            auto parsed = StoreLocation::parseConnectionString(text, QStringLiteral("[store] connection"));
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().kind, ErrorKind::InvalidInput);
            const QString message = parsed.error().message;
            QVERIFY2(message.startsWith(QStringLiteral("[store] connection")), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("GRIDDECK_SECRET_STORE_PASSWORD")), qPrintable(message));
            QVERIFY2(!message.contains(QStringLiteral("hunter2")), qPrintable(message));
        }
    }

    void refusesWhatIsNotAConnectionString()
    {
        const QString what = QStringLiteral("[store] connection");
        auto noDatabase = StoreLocation::parseConnectionString(QStringLiteral("postgresql://db"), what);
        QVERIFY(!noDatabase.ok());
        QVERIFY2(noDatabase.error().message.contains(QStringLiteral("no database")),
            qPrintable(noDatabase.error().message));
        auto noHost = StoreLocation::parseConnectionString(QStringLiteral("postgresql:///griddeck"), what);
        QVERIFY(!noHost.ok());
        QVERIFY2(
            noHost.error().message.contains(QStringLiteral("no host")), qPrintable(noHost.error().message));
        auto unknown
            = StoreLocation::parseConnectionString(QStringLiteral("postgresql://db/gd?sslmod=require"), what);
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.contains(QStringLiteral("\"sslmod\"")),
            qPrintable(unknown.error().message));
        auto mysql = StoreLocation::parseConnectionString(QStringLiteral("mysql://db/gd"), what);
        QVERIFY(!mysql.ok());
    }

    void aPathIsSqliteAndAConnectionStringTakesThePasswordFromTheEnvironment()
    {
        auto file = StoreLocation::fromText(QStringLiteral("/var/lib/griddeck/griddeck.sqlite"));
        QVERIFY(file.ok());
        QCOMPARE(file->backend, Backend::Sqlite);
        qputenv(StoreLocation::kPasswordVariable, "s3cret");
        auto pg = StoreLocation::fromText(QStringLiteral("postgresql://ops@db/griddeck"));
        qunsetenv(StoreLocation::kPasswordVariable);
        QVERIFY(pg.ok());
        QCOMPARE(pg->backend, Backend::Postgresql);
        QCOMPARE(pg->password, QStringLiteral("s3cret"));
        QVERIFY(!pg->display().contains(QStringLiteral("s3cret")));
    }
};

QTEST_GUILESS_MAIN(TestStoreLocation)
#include "tst_store_location.moc"
