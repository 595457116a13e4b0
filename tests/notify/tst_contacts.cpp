// A user's own email address and webhook URL: what is accepted, and the reason a bad one is
// refused (the refusal changes nothing).
#include "TestSupport.h"
#include "notify/Contacts.h"

#include <QSqlQuery>
#include <QtTest>

using namespace griddeck;

class TestContacts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void goodAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("stored");
        QTest::newRow("plain") << "alice@example.com"
                               << "alice@example.com";
        QTest::newRow("trimmed") << "  bob@mail.example.org "
                                 << "bob@mail.example.org";
        QTest::newRow("plus and dots") << "first.last+deploys@sub-domain.example.be"
                                       << "first.last+deploys@sub-domain.example.be";
    }

    void goodAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, stored);
        auto checked = checkEmailAddress(text);
        QVERIFY2(checked.ok(), checked.ok() ? "" : qPrintable(checked.error().message));
        QCOMPARE(checked.value(), stored);
    }

    void badAddressesSayWhy_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << ""
                               << "it is empty";
        QTest::newRow("no at") << "alice.example.com"
                               << "it has no @";
        QTest::newRow("two ats") << "a@b@example.com"
                                 << "more than one @";
        QTest::newRow("space") << "alice smith@example.com"
                               << "contains a space";
        QTest::newRow("nothing before") << "@example.com"
                                        << "nothing comes before the @";
        QTest::newRow("nothing after") << "alice@"
                                       << "nothing comes after the @";
        QTest::newRow("no dot") << "alice@localhost"
                                << "the domain \"localhost\" has no dot";
        QTest::newRow("double dot") << "alice..b@example.com"
                                    << "two in a row";
        QTest::newRow("empty label") << "alice@example..com"
                                     << "an empty part";
        QTest::newRow("hyphen") << "alice@-example.com"
                                << "hyphen";
        QTest::newRow("non ascii") << QStringLiteral("jos\u00e9@example.com") << "not plain ASCII";
        QTest::newRow("header injection") << "alice@example.com\r\nBcc: x@y.z"
                                          << "";
        QTest::newRow("bad char") << "ali(ce)@example.com"
                                  << "is not allowed before the @";
        QTest::newRow("too long") << QString(250, u'a') + QStringLiteral("@b.co") << "longer than 254";
    }

    void badAddressesSayWhy()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        auto checked = checkEmailAddress(text);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(checked.error().message.contains(reason), qPrintable(checked.error().message));
        QVERIFY(checked.error().message.contains(QLatin1String("is not an email address")));
    }

    void webhookUrls()
    {
        QVERIFY(checkWebhookUrl(QStringLiteral("https://hooks.example.com/griddeck")).ok());
        QVERIFY(checkWebhookUrl(QStringLiteral("ftp://example.com/x"))
                    .error()
                    .message.contains(QLatin1String("http://")));
        QVERIFY(
            checkWebhookUrl(QStringLiteral("https://")).error().message.contains(QLatin1String("no host")));
    }

    void setAndClearOnTheUser()
    {
        test::TempStore temp;
        QSqlQuery q(temp.store()->db());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO users(name, created_at) VALUES ('alice', 0)")));
        const qint64 id = q.lastInsertId().toLongLong();
        auto set = setUserContact(*temp.store(), id, QStringLiteral(" alice@example.com "),
            QStringLiteral("https://h.example.com/x"));
        QVERIFY(set.ok());
        QCOMPARE(userContact(temp.store()->db(), id).value().email, QStringLiteral("alice@example.com"));
        // A bad value changes nothing, not even the good one given beside it.
        auto bad
            = setUserContact(*temp.store(), id, QStringLiteral("bob@example.org"), QStringLiteral("nope"));
        QVERIFY(!bad.ok());
        QCOMPARE(userContact(temp.store()->db(), id).value().email, QStringLiteral("alice@example.com"));
        QCOMPARE(userContact(temp.store()->db(), id).value().webhookUrl,
            QStringLiteral("https://h.example.com/x"));
        // Only what is given changes; an empty value clears.
        QVERIFY(setUserContact(*temp.store(), id, QString(), std::nullopt).ok());
        QCOMPARE(userContact(temp.store()->db(), id).value().email, QString());
        QCOMPARE(userContact(temp.store()->db(), id).value().webhookUrl,
            QStringLiteral("https://h.example.com/x"));
        QCOMPARE(
            setUserContact(*temp.store(), 999, QString(), std::nullopt).error().kind, ErrorKind::NotFound);
    }
};

QTEST_MAIN(TestContacts)
#include "tst_contacts.moc"
