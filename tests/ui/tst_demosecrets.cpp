// The demo console (griddeck --demo, what `make run` starts) keeps secrets in memory: it never
// asks the system keychain, so a first run opens without a keyring prompt. Run under a real
// secret service (scripts/with-desktop-session.sh), where asking the keychain would succeed:
// only an in-memory store passes.

#include "Prerequisites.h"
#include "UiTestSupport.h"
#include "secrets/KeychainSecretStore.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestDemoSecrets : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    bool openController(AppController &app, bool demo)
    {
        AppController::Options options;
        options.configFile = m_dir.filePath(QStringLiteral("deployment.toml"));
        options.dbFile = m_dir.filePath(demo ? QStringLiteral("demo.sqlite") : QStringLiteral("real.sqlite"));
        options.demo = demo;
        options.startEngine = false;
        if (!QFile::exists(options.configFile) && !Config::defaults().saveFile(options.configFile).ok())
            return false;
        auto opened = app.open(options);
        if (!opened.ok())
            qWarning("open: %s", qPrintable(opened.error().message));
        return opened.ok();
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        QVERIFY(m_dir.isValid());
    }

    void demoKeepsSecretsInMemory()
    {
        AppController app;
        QVERIFY(openController(app, true));
        QVERIFY(!app.secrets().isPersistent());
        QCOMPARE(app.secrets().backendName(), QStringLiteral("session memory"));
        QTRY_VERIFY(app.keychainMessage().contains(QStringLiteral("forgotten when GridDeck exits")));
        QVERIFY2(!app.keychainMessage().contains(QStringLiteral("No keychain answered")),
            qPrintable(app.keychainMessage()));
        QVERIFY(!app.keychainAvailable());
        app.shutdown();
    }

    void theRealConsoleStillUsesTheKeychain()
    {
        GRIDDECK_REQUIRE(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
            QStringLiteral("no D-Bus session bus: run under scripts/with-desktop-session.sh"));
        AppController app;
        QVERIFY(openController(app, false));
        QVERIFY(app.secrets().isPersistent());
        QCOMPARE(app.secrets().backendName(), KeychainSecretStore().backendName());
        QTRY_VERIFY_WITH_TIMEOUT(app.keychainAvailable(), 20000);
        app.shutdown();
    }
};

QTEST_MAIN(TestDemoSecrets)
#include "tst_demosecrets.moc"
