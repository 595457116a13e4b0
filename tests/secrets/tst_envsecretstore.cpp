#include "SecretTestSupport.h"
#include "secrets/EnvironmentSecretStore.h"

#include <QThread>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestEnvSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        for (SecretName name : allSecretNames())
            qunsetenv(qPrintable(secretEnvironmentVariable(name)));
    }
    void cleanup() { init(); }

    void readsEachSecretFromItsVariable()
    {
        qputenv("GRIDDECK_SECRET_WALLET_SECRET", "wallet words here");
        qputenv("GRIDDECK_SECRET_SMTP_PASSWORD", "p\xc3\xa4ss"); // UTF-8
        qputenv("GRIDDECK_SECRET_WEBHOOK_SECRET", "whsec");
        qputenv("GRIDDECK_SECRET_SLACK_URL", "https://hooks.slack.com/services/T/B/X");
        EnvironmentSecretStore store;
        QCOMPARE(readNow(store, SecretName::WalletSecret)->value(), std::optional<QString>(QStringLiteral("wallet words here")));
        QCOMPARE(readNow(store, SecretName::SmtpPassword)->value(), std::optional<QString>(QStringLiteral("p\u00e4ss")));
        QCOMPARE(readNow(store, SecretName::WebhookSecret)->value(), std::optional<QString>(QStringLiteral("whsec")));
        QCOMPARE(readNow(store, SecretName::SlackUrl)->value(),
                 std::optional<QString>(QStringLiteral("https://hooks.slack.com/services/T/B/X")));
        QCOMPARE(EnvironmentSecretStore::value(SecretName::WebhookSecret), std::optional<QString>(QStringLiteral("whsec")));
    }

    void unsetAndEmptyAreAbsent()
    {
        EnvironmentSecretStore store;
        auto unset = readNow(store, SecretName::WebhookSecret);
        QVERIFY(unset && unset->ok());
        QVERIFY(!unset->value().has_value());
        qputenv("GRIDDECK_SECRET_WEBHOOK_SECRET", "");
        auto empty = readNow(store, SecretName::WebhookSecret);
        QVERIFY(empty && empty->ok());
        QVERIFY(!empty->value().has_value());
    }

    void readsTheEnvironmentAtEachRead()
    {
        EnvironmentSecretStore store;
        QVERIFY(!readNow(store, SecretName::SlackUrl)->value().has_value());
        qputenv("GRIDDECK_SECRET_SLACK_URL", "https://hooks.example/1");
        QCOMPARE(readNow(store, SecretName::SlackUrl)->value(), std::optional<QString>(QStringLiteral("https://hooks.example/1")));
    }

    void writeAndRemoveAreRefusedNamingTheVariable()
    {
        EnvironmentSecretStore store;
        auto written = writeNow(store, SecretName::SmtpPassword, QStringLiteral("hunter2"));
        QVERIFY(written && !written->ok());
        QCOMPARE(written->error().kind, ErrorKind::Refused);
        QVERIFY2(written->error().message.contains(QStringLiteral("set GRIDDECK_SECRET_SMTP_PASSWORD in the environment")),
                 qPrintable(written->error().message));
        QVERIFY(!written->error().message.contains(QStringLiteral("hunter2")));
        // Nothing was set behind our back.
        QVERIFY(!readNow(store, SecretName::SmtpPassword)->value().has_value());

        auto removed = removeNow(store, SecretName::WalletSecret);
        QVERIFY(removed && !removed->ok());
        QVERIFY(removed->error().message.contains(QStringLiteral("GRIDDECK_SECRET_WALLET_SECRET")));
    }

    void probeIsAvailable()
    {
        EnvironmentSecretStore store;
        auto probed = probeNow(store);
        QVERIFY(probed && probed->ok());
        QVERIFY(store.isAvailable());
        QVERIFY(store.isPersistent());
        QCOMPARE(store.backendName(), QStringLiteral("environment"));
    }

    void blockingReadFromAWorker()
    {
        qputenv("GRIDDECK_SECRET_WALLET_SECRET", "from env");
        EnvironmentSecretStore store;
        std::optional<Result<std::optional<QString>>> answer;
        QThread *worker = QThread::create([&] { answer = readSecretBlocking(store, SecretName::WalletSecret, 5000); });
        worker->start();
        QTRY_VERIFY(worker->isFinished());
        delete worker;
        QVERIFY(answer && answer->ok());
        QCOMPARE(answer->value(), std::optional<QString>(QStringLiteral("from env")));
    }
};

QTEST_GUILESS_MAIN(TestEnvSecretStore)
#include "tst_envsecretstore.moc"
