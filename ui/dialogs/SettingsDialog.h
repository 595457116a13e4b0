#pragma once
// Settings (⚙): every key of deployment.toml, one tab per file section, built from the config
// module's field table so no key can be forgotten. Each edit re-checks the whole config with
// Config::validate() and shows each problem under the key it names; Save stays disabled until
// the config is valid, then goes through AppController::applyConfig().
//
// The Secrets tab stores the wallet secret, SMTP password, webhook signing secret and Slack URL
// through the SecretStore (the system keychain): each shows only whether it is set; values are
// write-only password fields and never read back into the dialog. When no keychain answers it
// says so plainly. Opened with open(); deletes itself when closed.

#include "config/Config.h"
#include "secrets/SecretStore.h"

#include <QDialog>
#include <QHash>
#include <QMap>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace griddeck::config {
struct Field;
}

namespace griddeck::ui {

class AppController;
class FieldError;
class NoticeLabel;

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(AppController &app, QWidget *parent = nullptr);

    // The config as the form stands; problems by "section.key" (empty when valid).
    Config config() const { return m_edited; }
    QHash<QString, QString> problems() const { return m_problems; }
    bool isValid() const { return m_problems.isEmpty(); }

    // The editor of a key ("deployment_queue.worker_count") and its inline error.
    QWidget *fieldWidget(const QString &key) const { return m_widgets.value(key); }
    QString errorText(const QString &key) const;
    // The write-only entry of a secret, its "set / not set" label and its Remove button.
    QLineEdit *secretEdit(SecretName name) const { return m_secretEdits.value(name); }
    QString secretStatus(SecretName name) const;
    QPushButton *secretRemoveButton(SecretName name) const { return m_secretRemove.value(name); }
    QString keychainWarning() const;
    QTabWidget *tabs() const { return m_tabs; }
    QPushButton *saveButton() const { return m_save; }
    // True while secret writes of the last save are still on their way.
    bool isSaving() const { return m_pendingWrites > 0; }

    // The warning shown when no keychain answers.
    static QString noKeychainText();

public Q_SLOTS:
    void save();

Q_SIGNALS:
    // After applyConfig succeeded and every typed secret was stored.
    void saved();
    // A secret was stored or removed (never carries the value).
    void secretChanged(griddeck::SecretName name, bool isSet);

private:
    QWidget *sectionPage(const QString &section);
    QWidget *fieldEditor(const config::Field &field, QWidget *parent);
    QWidget *secretsPage();
    void readFromForm();
    void revalidate();
    void refreshSecretStates();
    void setSecretState(SecretName name, std::optional<bool> isSet, const QString &error = QString());
    void updateKeychainNotice();
    void finishSave();

    AppController &m_app;
    Config m_edited;
    QHash<QString, QString> m_problems;     // "section.key" → message
    QHash<QString, QString> m_parseErrors;  // text that is not even a number
    QHash<QString, QWidget *> m_widgets;
    QHash<QString, FieldError *> m_errors;
    QMap<SecretName, QLineEdit *> m_secretEdits;
    QMap<SecretName, QLabel *> m_secretStates;
    QMap<SecretName, QPushButton *> m_secretRemove;
    QTabWidget *m_tabs = nullptr;
    NoticeLabel *m_keychain = nullptr;
    NoticeLabel *m_notice = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_save = nullptr;
    int m_pendingWrites = 0;
    QStringList m_writeErrors;
};

} // namespace griddeck::ui
