// What the buyer reads: the active email carries the IP, the SSH command and (only when there
// is one) the web URL; the failed one what went wrong and the refund; the HTML part escapes
// what came from outside; the message is multipart/alternative; and the text follows the
// translator installed in the process (the console's French catalogue here).
#include "TestSupport.h"
#include "notify/BuyerEmail.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using namespace griddeck;

namespace {

const QDateTime kAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);

Notification active(const QString &webUrl = QString())
{
    return Notification::deploymentActive(7, QStringLiteral("alice"), QStringLiteral("vm ubuntu 22.04"),
        QStringLiteral("185.69.166.12"), QStringLiteral("ssh root@185.69.166.12"), webUrl, Tfc::fromWhole(25),
        kAt);
}

} // namespace

class TestBuyerEmail : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void activeCarriesTheConnectionDetails()
    {
        const BuyerEmail mail = buyerEmail(active());
        QCOMPARE(mail.subject, QStringLiteral("Your deployment #7 is ready"));
        QVERIFY(mail.plain.startsWith(QLatin1String("Hello alice,\n")));
        QVERIFY(mail.plain.contains(QLatin1String("IP address: 185.69.166.12\n")));
        QVERIFY(mail.plain.contains(QLatin1String("SSH access: ssh root@185.69.166.12\n")));
        QVERIFY(!mail.plain.contains(QLatin1String("Web interface")));
        QVERIFY(mail.html.contains(QLatin1String("<code>ssh root@185.69.166.12</code>")));
        QVERIFY(!mail.html.contains(QLatin1String("Web interface")));

        const BuyerEmail withWeb = buyerEmail(active(QStringLiteral("https://alice.gent01.grid.tf")));
        QVERIFY(withWeb.plain.contains(QLatin1String("Web interface: https://alice.gent01.grid.tf\n")));
        QVERIFY(withWeb.html.contains(QLatin1String("<a href=\"https://alice.gent01.grid.tf\">")));
    }

    void failedSaysWhyAndTheRefund()
    {
        const Notification n
            = Notification::deploymentFailed(8, QStringLiteral("bob"), QStringLiteral("vm <b>big</b>"),
                QStringLiteral("no node has 64 CPU & 1024 GB free"), Tfc::fromWhole(40), kAt);
        const BuyerEmail mail = buyerEmail(n);
        QCOMPARE(mail.subject, QStringLiteral("Your deployment #8 could not be completed"));
        QVERIFY(mail.plain.contains(QLatin1String("What went wrong: no node has 64 CPU & 1024 GB free\n")));
        QVERIFY(mail.plain.contains(QLatin1String("Refund: 40.0000000 TFC\n")));
        QVERIFY(mail.plain.contains(QLatin1String("refunded in full")));
        // Outside text is escaped in the HTML part.
        QVERIFY(mail.html.contains(QLatin1String("64 CPU &amp; 1024 GB")));
        QVERIFY(mail.html.contains(QLatin1String("vm &lt;b&gt;big&lt;/b&gt;")));
        QVERIFY(!mail.html.contains(QLatin1String("<b>big</b>")));
    }

    void theMessageIsMultipartAlternative()
    {
        const QByteArray message = buildBuyerEmailMessage(active(),
            QStringLiteral("griddeck@ops.example.org"), QStringLiteral("alice@example.com"),
            QStringLiteral("<griddeck.outbox-3.7@ops.example.org>"), kAt);
        QVERIFY(message.contains("\r\nTo: alice@example.com\r\n"));
        QVERIFY(message.contains("\r\nSubject: Your deployment #7 is ready\r\n"));
        QVERIFY(message.contains("Content-Type: multipart/alternative; boundary=\""));
        const qsizetype plain = message.indexOf("Content-Type: text/plain; charset=utf-8");
        const qsizetype html = message.indexOf("Content-Type: text/html; charset=utf-8");
        QVERIFY(plain > 0 && html > plain);
        QVERIFY(message.endsWith("--\r\n"));
        for (const QByteArray &line : message.split('\n'))
            QVERIFY(line.size() <= 999);
        // A recipient with a line break cannot add a header.
        const QByteArray evil = buildBuyerEmailMessage(active(), QStringLiteral("griddeck@ops.example.org"),
            QStringLiteral("a@example.com\r\nBcc: x@example.net"), QStringLiteral("<id@ops.example.org>"),
            kAt);
        QVERIFY(!evil.contains("\r\nBcc:"));
    }

    void followsTheInstalledLanguage()
    {
        QString lrelease;
        for (const auto location : { QLibraryInfo::BinariesPath, QLibraryInfo::LibraryExecutablesPath }) {
            const QString candidate = QLibraryInfo::path(location) + QStringLiteral("/lrelease");
            if (QFileInfo(candidate).isExecutable())
                lrelease = candidate;
        }
        QString qmDir = QDir::cleanPath(QStringLiteral(GRIDDECK_BIN_DIR "/.."));
        QTemporaryDir dir;
        if (!lrelease.isEmpty()) {
            QProcess p;
            p.start(lrelease,
                { QStringLiteral("-silent"),
                    QStringLiteral(GRIDDECK_TEST_DATA "/../../translations/griddeck_fr.ts"),
                    QStringLiteral("-qm"), dir.filePath(QStringLiteral("griddeck_fr.qm")) });
            QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
            qmDir = dir.path();
        }
        QTranslator french;
        QVERIFY(french.load(QStringLiteral("griddeck_fr"), qmDir));
        QCoreApplication::installTranslator(&french);
        const BuyerEmail mail = buyerEmail(active());
        QCoreApplication::removeTranslator(&french);
        QCOMPARE(mail.subject, QStringLiteral("Votre d\u00e9ploiement n\u00b07 est pr\u00eat"));
        QVERIFY2(mail.plain.contains(QStringLiteral("Acc\u00e8s SSH: ssh root@185.69.166.12\n")),
            qPrintable(mail.plain));
        QVERIFY(mail.plain.startsWith(QLatin1String("Bonjour alice,")));
        QCOMPARE(buyerEmail(active()).subject, QStringLiteral("Your deployment #7 is ready"));
    }
};

QTEST_MAIN(TestBuyerEmail)
#include "tst_buyeremail.moc"
