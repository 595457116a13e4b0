#pragma once
// The selected user's own contact details (Wallet → Users): the email address where the buyer
// hears about their deployments, and optionally a webhook URL. A bad address is refused inline
// with the reason, as it is typed; Save writes off the GUI thread.

#include <QGroupBox>

class QLineEdit;
class QPushButton;

namespace griddeck::ui {

class AppController;
class FieldError;
class NoticeLabel;

class UserContactBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit UserContactBox(AppController &app, QWidget *parent = nullptr);

    // Loads the user's details off the GUI thread (0: none selected, the box stays disabled);
    // the box is enabled and loaded() emitted once they arrived.
    void setUser(qint64 userId, const QString &name);
    qint64 userId() const { return m_userId; }

    QLineEdit *emailField() const { return m_email; }
    QLineEdit *webhookField() const { return m_webhook; }
    QPushButton *saveButton() const { return m_save; }
    QString emailError() const;
    QString notice() const;

public Q_SLOTS:
    void save();

Q_SIGNALS:
    void saved(qint64 userId);
    void loaded(qint64 userId);

private:
    void validate();

    AppController &m_app;
    qint64 m_userId = 0;
    int m_loadRequest = 0; // answers of an earlier selection are dropped
    QString m_name;
    QLineEdit *m_email;
    QLineEdit *m_webhook;
    FieldError *m_emailError;
    FieldError *m_webhookError;
    QPushButton *m_save;
    NoticeLabel *m_notice;
};

} // namespace griddeck::ui
