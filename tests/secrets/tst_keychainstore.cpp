// Runs against the real system keychain when a D-Bus session exists (scripts/with-desktop-session.sh
// provides one with an unlocked gnome-keyring), with a service name of its own so it never
// touches a user's entries. Without a session it checks the other promise: the store says it
// is unavailable, in the backend's own words, and refuses to store anything.

#include "Prerequisites.h"
#include "SecretTestSupport.h"
#include "secrets/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QThread>
#include <QtTest>
#include <qt6keychain/keychain.h>

using namespace griddeck;
using namespace griddeck::test;

namespace {

bool haveSessionBus()
{
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
}

QString uniqueService()
{
    return QStringLiteral("GridDeckTest-%1-%2")
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

} // namespace

class TestKeychainStore : public QObject
{
    Q_OBJECT
private:
    QString m_service;

private Q_SLOTS:
    void initTestCase()
    {
        m_service = uniqueService();
        // CI must exercise the real keychain, not just the "unavailable" path.
        if (!haveSessionBus() && underCi())
            QFAIL(
                "CI=true and there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset), so the real "
                "keychain cannot be tested: run under scripts/with-desktop-session.sh (make test does)");
        if (!haveSessionBus()) {
            // No X display either, so D-Bus cannot autolaunch a bus (and a keyring) behind our back.
            qunsetenv("DISPLAY");
            qInfo("no D-Bus session: checking that the keychain store reports itself unavailable");
        }
    }

    void cleanupTestCase()
    {
        if (!haveSessionBus())
            return;
        KeychainSecretStore store(m_service);
        for (SecretName name : allSecretNames())
            removeNow(store, name);
    }

    void probe()
    {
        KeychainSecretStore store(m_service);
        QCOMPARE(store.service(), m_service);
        QVERIFY(store.isPersistent());
        auto probed = probeNow(store);
        QVERIFY(probed.has_value());
        QVERIFY(store.isProbed());
        if (haveSessionBus()) {
            QVERIFY2(probed->ok(), qPrintable(errorText(*probed)));
            QVERIFY(store.isAvailable());
            QVERIFY(store.unavailableReason().isEmpty());
            // The probe entry does not stay behind.
            auto *job = new QKeychain::ReadPasswordJob(m_service);
            job->setAutoDelete(true);
            job->setKey(KeychainSecretStore::probeKey());
            QSignalSpy finished(job, &QKeychain::Job::finished);
            QKeychain::Error leftover = QKeychain::NoError;
            connect(job, &QKeychain::Job::finished, this, [&leftover](QKeychain::Job *j) { leftover = j->error(); });
            job->start();
            QVERIFY(finished.wait(10000));
            QCOMPARE(leftover, QKeychain::EntryNotFound);
        } else {
            QVERIFY(!probed->ok());
            QVERIFY(!store.isAvailable());
            QVERIFY(!store.unavailableReason().isEmpty());
            qInfo("keychain unavailable, as expected: %s", qPrintable(store.unavailableReason()));
            // The error carries the backend's message.
            QVERIFY2(probed->error().message.contains(store.unavailableReason()), qPrintable(probed->error().message));
        }
    }

    void writeReadOverwriteRemove()
    {
        KeychainSecretStore store(m_service);
        if (!haveSessionBus()) {
            auto written = writeNow(store, SecretName::WebhookSecret, QStringLiteral("never stored"));
            QVERIFY(written.has_value());
            QVERIFY(!written->ok());
            QCOMPARE(written->error().kind, ErrorKind::Permanent);
            QVERIFY2(written->error().message.contains(QStringLiteral("no system keychain answered")),
                     qPrintable(written->error().message));
            QVERIFY(!written->error().message.contains(QStringLiteral("never stored")));
            QVERIFY(!store.isAvailable());
            auto read = readNow(store, SecretName::WebhookSecret);
            QVERIFY(read && !read->ok());
            return;
        }

        auto absent = readNow(store, SecretName::WebhookSecret);
        QVERIFY(absent.has_value());
        QVERIFY2(absent->ok(), qPrintable(errorText(*absent)));
        QVERIFY(!absent->value().has_value());

        auto written = writeNow(store, SecretName::WebhookSecret, QStringLiteral("first secret"));
        QVERIFY2(written && written->ok(), qPrintable(written ? errorText(*written) : QStringLiteral("no answer")));
        auto read = readNow(store, SecretName::WebhookSecret);
        QVERIFY2(read && read->ok(), qPrintable(read ? errorText(*read) : QStringLiteral("no answer")));
        QCOMPARE(read->value(), std::optional<QString>(QStringLiteral("first secret")));

        const QString second = QStringLiteral("second \u00e9\u20ac \U0001F511 with spaces");
        QVERIFY(writeNow(store, SecretName::WebhookSecret, second)->ok());
        QCOMPARE(readNow(store, SecretName::WebhookSecret)->value(), std::optional<QString>(second));

        // Another store object on the same service sees the same entry: it lives in the keychain.
        KeychainSecretStore again(m_service);
        QCOMPARE(readNow(again, SecretName::WebhookSecret)->value(), std::optional<QString>(second));
        // A different service does not.
        KeychainSecretStore other(uniqueService());
        auto elsewhere = readNow(other, SecretName::WebhookSecret);
        QVERIFY(elsewhere && elsewhere->ok());
        QVERIFY(!elsewhere->value().has_value());

        auto removed = removeNow(store, SecretName::WebhookSecret);
        QVERIFY2(removed && removed->ok(), qPrintable(removed ? errorText(*removed) : QStringLiteral("no answer")));
        QVERIFY(!readNow(again, SecretName::WebhookSecret)->value().has_value());
        // Removing an absent entry succeeds.
        QVERIFY(removeNow(store, SecretName::WebhookSecret)->ok());
    }

    void everySecretHasItsOwnEntry()
    {
        if (!haveSessionBus())
            return; // covered by writeReadOverwriteRemove's unavailable branch
        KeychainSecretStore store(m_service);
        for (SecretName name : allSecretNames())
            QVERIFY(writeNow(store, name, QStringLiteral("value of ") + secretKey(name))->ok());
        for (SecretName name : allSecretNames())
            QCOMPARE(readNow(store, name)->value(), std::optional<QString>(QStringLiteral("value of ") + secretKey(name)));
        QVERIFY(removeNow(store, SecretName::SmtpPassword)->ok());
        QVERIFY(!readNow(store, SecretName::SmtpPassword)->value().has_value());
        QVERIFY(readNow(store, SecretName::SlackUrl)->value().has_value());
    }

    void emptyValueIsRefused()
    {
        KeychainSecretStore store(m_service);
        auto written = writeNow(store, SecretName::WalletSecret, QString());
        QVERIFY(written && !written->ok());
        QCOMPARE(written->error().kind, ErrorKind::InvalidInput);
    }

    void blockingReadFromAWorker()
    {
        KeychainSecretStore store(m_service);
        if (haveSessionBus())
            QVERIFY(writeNow(store, SecretName::WalletSecret, QStringLiteral("twelve words"))->ok());
        std::optional<Result<std::optional<QString>>> answer;
        QThread *worker = QThread::create([&] { answer = readSecretBlocking(store, SecretName::WalletSecret, 10000); });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 15000);
        delete worker;
        QVERIFY(answer.has_value());
        if (haveSessionBus()) {
            QVERIFY2(answer->ok(), qPrintable(errorText(*answer)));
            QCOMPARE(answer->value(), std::optional<QString>(QStringLiteral("twelve words")));
        } else {
            QVERIFY(!answer->ok());
            QCOMPARE(answer->error().kind, ErrorKind::Permanent);
        }
    }
};

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"
