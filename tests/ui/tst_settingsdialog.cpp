// The Settings dialog: every key is there, bad values are explained under the key they name
// (as typed, before Save), a valid save goes through applyConfig to the file, and secrets go
// to the secret store — shown only as set / not set, never echoed back.

#include "UiFixture.h"

#include "config/ConfigSchema.h"
#include "ui/Prompts.h"
#include "ui/dialogs/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

using namespace griddeck;
using namespace griddeck::ui;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    test::UiFixture f;

    static void retype(QWidget *field, const QString &text)
    {
        field->setFocus();
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(field, Qt::Key_Backspace);
        QTest::keyClicks(field, text);
    }

    // What the store holds for `name`: a value, nothing (absent), or an error when it could not be
    // read (or did not answer): an unreadable secret is not an absent one.
    Result<std::optional<QString>> storedSecret(SecretName name)
    {
        std::optional<Result<std::optional<QString>>> out;
        f.secrets->read(name, [&](Result<std::optional<QString>> value) { out = std::move(value); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 5000))
            return Error { ErrorKind::Internal, QStringLiteral("the secret store did not answer a read") };
        return *out;
    }

    static bool anyTextContains(QWidget *root, const QString &needle)
    {
        for (QLineEdit *e : root->findChildren<QLineEdit *>())
            if (e->text().contains(needle) || e->displayText().contains(needle))
                return true;
        for (QLabel *l : root->findChildren<QLabel *>())
            if (l->text().contains(needle) || l->toolTip().contains(needle))
                return true;
        return false;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(f.open());
        Prompts::clear();
    }

    void cleanup()
    {
        Prompts::clear();
        f.close();
    }

    void everyKeyHasAnEditor()
    {
        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        for (const config::Field &field : config::fields())
            QVERIFY2(dialog->fieldWidget(field.name()), qPrintable(field.name()));
        QCOMPARE(dialog->tabs()->count(), config::sectionNames().size() + 1); // + Secrets
        QVERIFY(dialog->isValid());
        QCOMPARE(dialog->config(), f.app->config());
        dialog->close();
    }

    void badValuesAreNamedUnderTheirKey()
    {
        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        dialog->show();
        QWidget *proxy = dialog->fieldWidget(QStringLiteral("threefold_grid.grid_proxy_url"));
        dialog->tabs()->setCurrentIndex(1);
        retype(proxy, QStringLiteral("ftp://grid"));
        QVERIFY2(dialog->errorText(QStringLiteral("threefold_grid.grid_proxy_url")).startsWith(QStringLiteral("threefold_grid.grid_proxy_url")),
                 qPrintable(dialog->errorText(QStringLiteral("threefold_grid.grid_proxy_url"))));
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY(dialog->tabs()->tabText(1).contains(QStringLiteral("\u2715")));
        test::UiFixture::screenshot(dialog, QStringLiteral("settings-error"));
        retype(proxy, QStringLiteral("https://gridproxy.grid.tf"));
        QVERIFY(dialog->errorText(QStringLiteral("threefold_grid.grid_proxy_url")).isEmpty());
        QVERIFY(dialog->saveButton()->isEnabled());

        // A percentage is parsed strictly.
        QWidget *commission = dialog->fieldWidget(QStringLiteral("commission.percent"));
        retype(commission, QStringLiteral("12,5"));
        QVERIFY(dialog->errorText(QStringLiteral("commission.percent")).startsWith(QStringLiteral("commission.percent")));
        retype(commission, QStringLiteral("120"));
        QVERIFY(dialog->errorText(QStringLiteral("commission.percent")).contains(QStringLiteral("commission.percent")));
        retype(commission, QStringLiteral("12.5"));
        QVERIFY(dialog->errorText(QStringLiteral("commission.percent")).isEmpty());

        // Checks across keys name the key too.
        auto *delay = qobject_cast<QSpinBox *>(dialog->fieldWidget(QStringLiteral("deployment_queue.retry_delay_seconds")));
        auto *maxDelay = qobject_cast<QSpinBox *>(dialog->fieldWidget(QStringLiteral("deployment_queue.retry_max_delay_seconds")));
        retype(maxDelay, QStringLiteral("10"));
        QCOMPARE(delay->value(), 30);
        QVERIFY2(!dialog->errorText(QStringLiteral("deployment_queue.retry_max_delay_seconds")).isEmpty()
                     || !dialog->errorText(QStringLiteral("deployment_queue.retry_delay_seconds")).isEmpty(),
                 "the retry delays disagree");
        QVERIFY(!dialog->saveButton()->isEnabled());
        retype(maxDelay, QStringLiteral("600"));
        QVERIFY(dialog->isValid());

        // An e-mail list entry that is not an address.
        retype(dialog->fieldWidget(QStringLiteral("notifications.email_to")), QStringLiteral("ops@example.com, nobody"));
        QVERIFY(dialog->errorText(QStringLiteral("notifications.email_to")).contains(QStringLiteral("notifications.email_to")));
        dialog->close();
    }

    void saveAppliesAndWritesTheFile()
    {
        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        dialog->show();
        retype(dialog->fieldWidget(QStringLiteral("deployment_queue.worker_count")), QStringLiteral("6"));
        retype(dialog->fieldWidget(QStringLiteral("commission.percent")), QStringLiteral("12.5"));
        auto *language = qobject_cast<QComboBox *>(dialog->fieldWidget(QStringLiteral("app.language")));
        language->setCurrentIndex(language->findData(QStringLiteral("fr")));
        retype(dialog->fieldWidget(QStringLiteral("threefold_grid.preferred_countries")), QStringLiteral("BE, NL"));
        QVERIFY(dialog->isValid());
        QSignalSpy configChanged(f.app.get(), &AppController::configChanged);
        QSignalSpy saved(dialog.data(), &SettingsDialog::saved);
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(configChanged.count(), 1);
        QCOMPARE(f.app->config().deploymentQueue.workerCount, 6);
        QCOMPARE(f.app->config().commission.percent, *Percent::parse(u"12.5"));
        QCOMPARE(f.app->config().app.language, QStringLiteral("fr"));
        QCOMPARE(f.app->config().threefoldGrid.preferredCountries, (QStringList{QStringLiteral("BE"), QStringLiteral("NL")}));
        auto onDisk = Config::loadFile(f.configPath());
        QVERIFY(onDisk.ok());
        QCOMPARE(onDisk.value(), f.app->config());
        // The queue takes the new commission for new jobs.
        QCOMPARE(f.app->queue().settings().commissionPercent, *Percent::parse(u"12.5"));
        QTRY_VERIFY(dialog.isNull());
    }

    void secretsAreStoredAndNeverShownBack()
    {
        // One secret set before the dialog opens.
        bool written = false;
        f.secrets->write(SecretName::SmtpPassword, QStringLiteral("old-smtp-pass"), [&](Result<void> r) { written = r.ok(); });
        QTRY_VERIFY(written);

        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        dialog->show();
        dialog->tabs()->setCurrentIndex(dialog->tabs()->count() - 1);
        // Memory only: the dialog says plainly that secrets last for this session.
        QTRY_COMPARE(dialog->keychainWarning(), SettingsDialog::noKeychainText());
        QTRY_VERIFY(dialog->secretStatus(SecretName::SmtpPassword).contains(QStringLiteral("set"))
                    && !dialog->secretStatus(SecretName::SmtpPassword).contains(QStringLiteral("not")));
        QVERIFY(dialog->secretStatus(SecretName::WalletSecret).contains(QStringLiteral("not set")));
        QVERIFY(dialog->secretEdit(SecretName::SmtpPassword)->text().isEmpty());
        QVERIFY(!anyTextContains(dialog, QStringLiteral("old-smtp-pass")));

        QLineEdit *wallet = dialog->secretEdit(SecretName::WalletSecret);
        QCOMPARE(wallet->echoMode(), QLineEdit::Password);
        QTest::keyClicks(wallet, QStringLiteral("S3cret-wallet-seed"));
        QVERIFY(!wallet->displayText().contains(QStringLiteral("S3cret")));
        test::UiFixture::screenshot(dialog, QStringLiteral("settings-secrets"));

        QSignalSpy saved(dialog.data(), &SettingsDialog::saved);
        QSignalSpy changed(dialog.data(), &SettingsDialog::secretChanged);
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(changed.count(), 1);
        const auto storedWallet = storedSecret(SecretName::WalletSecret);
        QVERIFY2(storedWallet.ok(), qPrintable(storedWallet.ok() ? QString() : storedWallet.error().message));
        QCOMPARE(storedWallet.value(), std::optional<QString>(QStringLiteral("S3cret-wallet-seed")));
        // Never in the config file.
        QFile file(f.configPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("S3cret"));
    }

    void anUnreadableSecretIsNotShownAsAbsent()
    {
        f.secrets->simulateFailure(QStringLiteral("the keyring is locked"));
        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        dialog->show();
        QTRY_VERIFY(dialog->secretStatus(SecretName::WalletSecret).contains(QStringLiteral("unknown")));
        QVERIFY(!dialog->secretStatus(SecretName::WalletSecret).contains(QStringLiteral("not set")));
        QVERIFY(!dialog->secretRemoveButton(SecretName::WalletSecret)->isEnabled());
        const auto read = storedSecret(SecretName::WalletSecret);
        QVERIFY(!read.ok()); // and the helper says so too, rather than "absent"
        QVERIFY(read.error().message.contains(QStringLiteral("locked")));
        f.secrets->simulateFailure(std::nullopt);
        dialog->close();
    }

    void removeForgetsTheSecret()
    {
        bool written = false;
        f.secrets->write(SecretName::WebhookSecret, QStringLiteral("hook"), [&](Result<void> r) { written = r.ok(); });
        QTRY_VERIFY(written);
        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        dialog->show();
        QTRY_VERIFY(dialog->secretRemoveButton(SecretName::WebhookSecret)->isEnabled());
        Prompts::queueAnswer(QMessageBox::Yes);
        QTest::mouseClick(dialog->secretRemoveButton(SecretName::WebhookSecret), Qt::LeftButton);
        QTRY_VERIFY(dialog->secretStatus(SecretName::WebhookSecret).contains(QStringLiteral("not set")));
        const auto removed = storedSecret(SecretName::WebhookSecret);
        QVERIFY2(
            removed.ok(), qPrintable(removed.ok() ? QString() : removed.error().message)); // read, not failed
        QCOMPARE(removed.value(), std::nullopt);
        dialog->close();
    }

    void gridSecretsAreOfferedAndTestConnectionNeedsANetwork()
    {
        QPointer<SettingsDialog> dialog = new SettingsDialog(*f.app);
        dialog->show();
        // The twin mnemonic and the Stellar secret are write-only secrets like the others.
        QVERIFY(dialog->secretEdit(SecretName::TwinMnemonic));
        QCOMPARE(dialog->secretEdit(SecretName::StellarSecret)->echoMode(), QLineEdit::Password);
        QVERIFY(dialog->fieldWidget(QStringLiteral("threefold_grid.network")));
        auto *button = dialog->findChild<QPushButton *>(QStringLiteral("testConnection"));
        auto *result = dialog->findChild<QLabel *>(QStringLiteral("testConnectionResult"));
        QVERIFY(button && result);
        QTest::mouseClick(button, Qt::LeftButton);
        // The fixture runs on the simulator: no gateway, and it says what to set.
        QTRY_VERIFY(result->text().contains(QStringLiteral("threefold_grid.network")));
        dialog->close();
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
