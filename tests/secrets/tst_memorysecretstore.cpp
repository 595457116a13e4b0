#include "SecretTestSupport.h"
#include "secrets/MemorySecretStore.h"

#include <QThread>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestMemorySecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keyNamesAreStable()
    {
        QCOMPARE(secretKey(SecretName::WalletSecret), QStringLiteral("wallet_secret"));
        QCOMPARE(secretKey(SecretName::SmtpPassword), QStringLiteral("smtp_password"));
        QCOMPARE(secretKey(SecretName::WebhookSecret), QStringLiteral("webhook_secret"));
        QCOMPARE(secretKey(SecretName::SlackUrl), QStringLiteral("slack_url"));
        QCOMPARE(secretEnvironmentVariable(SecretName::SmtpPassword), QStringLiteral("GRIDDECK_SECRET_SMTP_PASSWORD"));
        QCOMPARE(allSecretNames().size(), 6);
        for (SecretName name : allSecretNames())
            QCOMPARE(secretFromKey(secretKey(name)), std::optional<SecretName>(name));
        QVERIFY(!secretFromKey(QStringLiteral("Wallet_Secret")).has_value());
        QVERIFY(!secretFromKey(QString()).has_value());
    }

    void roundTripOverwriteAndRemove()
    {
        MemorySecretStore store;
        QVERIFY(!store.isPersistent());

        auto absent = readNow(store, SecretName::WebhookSecret);
        QVERIFY(absent && absent->ok());
        QVERIFY(!absent->value().has_value());

        auto written = writeNow(store, SecretName::WebhookSecret, QStringLiteral("first"));
        QVERIFY(written && written->ok());
        auto read = readNow(store, SecretName::WebhookSecret);
        QVERIFY(read && read->ok());
        QCOMPARE(read->value(), std::optional<QString>(QStringLiteral("first")));

        QVERIFY(writeNow(store, SecretName::WebhookSecret, QStringLiteral("second \u00e9\u20ac"))->ok());
        QCOMPARE(readNow(store, SecretName::WebhookSecret)->value(), std::optional<QString>(QStringLiteral("second \u00e9\u20ac")));
        // Other names are untouched.
        QVERIFY(!readNow(store, SecretName::SlackUrl)->value().has_value());

        QVERIFY(removeNow(store, SecretName::WebhookSecret)->ok());
        QVERIFY(!readNow(store, SecretName::WebhookSecret)->value().has_value());
        // Removing what is not there succeeds.
        QVERIFY(removeNow(store, SecretName::WebhookSecret)->ok());
    }

    void emptyValueIsRefusedAndChangesNothing()
    {
        MemorySecretStore store;
        QVERIFY(writeNow(store, SecretName::SmtpPassword, QStringLiteral("kept"))->ok());
        auto empty = writeNow(store, SecretName::SmtpPassword, QString());
        QVERIFY(empty && !empty->ok());
        QCOMPARE(empty->error().kind, ErrorKind::InvalidInput);
        QVERIFY2(empty->error().message.contains(QStringLiteral("SMTP password")), qPrintable(empty->error().message));
        QCOMPARE(readNow(store, SecretName::SmtpPassword)->value(), std::optional<QString>(QStringLiteral("kept")));
    }

    void callbacksNeverRunInsideTheCall()
    {
        MemorySecretStore store;
        bool called = false;
        store.read(SecretName::WalletSecret, [&called](Result<std::optional<QString>>) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
        called = false;
        store.write(SecretName::WalletSecret, QStringLiteral("w"), [&called](Result<void>) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

    void probeAndSimulatedFailure()
    {
        MemorySecretStore store;
        QVERIFY(!store.isProbed());
        QVERIFY(!store.isAvailable());
        QSignalSpy changed(&store, &SecretStore::availabilityChanged);
        auto probed = probeNow(store);
        QVERIFY(probed && probed->ok());
        QVERIFY(store.isProbed());
        QVERIFY(store.isAvailable());
        QVERIFY(store.unavailableReason().isEmpty());
        QCOMPARE(changed.size(), 1);

        QVERIFY(writeNow(store, SecretName::SlackUrl, QStringLiteral("https://hooks.example/T/B/x"))->ok());
        store.simulateFailure(QStringLiteral("the keychain went away"));
        auto failedRead = readNow(store, SecretName::SlackUrl);
        QVERIFY(failedRead && !failedRead->ok());
        QVERIFY(failedRead->error().message.contains(QStringLiteral("the keychain went away")));
        // The error names the secret, never its value.
        QVERIFY(failedRead->error().message.contains(QStringLiteral("Slack webhook URL")));
        QVERIFY(!failedRead->error().message.contains(QStringLiteral("hooks.example")));
        QVERIFY(!writeNow(store, SecretName::SlackUrl, QStringLiteral("x"))->ok());
        QVERIFY(!removeNow(store, SecretName::SlackUrl)->ok());

        auto failedProbe = probeNow(store);
        QVERIFY(failedProbe && !failedProbe->ok());
        QVERIFY(!store.isAvailable());
        QCOMPARE(store.unavailableReason(), QStringLiteral("the keychain went away"));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.last().at(0).toBool(), false);

        store.simulateFailure(std::nullopt);
        QVERIFY(probeNow(store)->ok());
        QVERIFY(store.isAvailable());
        // The failure changed nothing stored.
        QCOMPARE(readNow(store, SecretName::SlackUrl)->value(), std::optional<QString>(QStringLiteral("https://hooks.example/T/B/x")));
    }

    void blockingReadFromAWorkerThread()
    {
        MemorySecretStore store;
        QVERIFY(writeNow(store, SecretName::WalletSecret, QStringLiteral("wallet words"))->ok());

        std::optional<Result<std::optional<QString>>> fromWorker;
        std::optional<Result<std::optional<QString>>> absentFromWorker;
        QThread *worker = QThread::create([&] {
            fromWorker = readSecretBlocking(store, SecretName::WalletSecret, 5000);
            absentFromWorker = readSecretBlocking(store, SecretName::SmtpPassword, 5000);
        });
        worker->start();
        // The store answers from this (its) thread's event loop.
        QTRY_VERIFY(worker->isFinished());
        delete worker;
        QVERIFY(fromWorker && fromWorker->ok());
        QCOMPARE(fromWorker->value(), std::optional<QString>(QStringLiteral("wallet words")));
        QVERIFY(absentFromWorker && absentFromWorker->ok());
        QVERIFY(!absentFromWorker->value().has_value());
    }

    void blockingReadIsRefusedOnTheMainThread()
    {
        MemorySecretStore store;
        auto refused = readSecretBlocking(store, SecretName::WalletSecret, 100);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Internal);
        QVERIFY2(refused.error().message.contains(QStringLiteral("main thread")), qPrintable(refused.error().message));
        QCOMPARE(store.operationCount(), 0);
    }

    void blockingReadTimesOutWhenTheStoreThreadDoesNotAnswer()
    {
        // A store on a thread with no event loop never answers: the worker gets a timeout, not a hang.
        QThread idle;
        MemorySecretStore store;
        store.moveToThread(&idle); // never started
        std::optional<Result<std::optional<QString>>> answer;
        QThread *worker = QThread::create([&] { answer = readSecretBlocking(store, SecretName::WalletSecret, 50); });
        worker->start();
        QTRY_VERIFY(worker->isFinished());
        delete worker;
        QVERIFY(answer.has_value());
        const auto &timedOut = *answer;
        QVERIFY(!timedOut.ok());
        QCOMPARE(timedOut.error().kind, ErrorKind::Transient);
        QVERIFY2(timedOut.error().message.contains(QStringLiteral("50 ms")), qPrintable(timedOut.error().message));
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memorysecretstore.moc"
