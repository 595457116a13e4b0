#include "ui/panes/UserContactBox.h"

#include "notify/Contacts.h"
#include "ui/AppController.h"
#include "ui/dialogs/FieldError.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>

namespace griddeck::ui {

UserContactBox::UserContactBox(AppController &app, QWidget *parent)
    : QGroupBox(tr("Contact"), parent)
    , m_app(app)
    , m_email(new QLineEdit(this))
    , m_webhook(new QLineEdit(this))
    , m_save(new QPushButton(tr("Save contact"), this))
    , m_notice(new NoticeLabel(this))
{
    setObjectName(QStringLiteral("userContactBox"));
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_email->setPlaceholderText(tr("buyer@example.com \u2014 told when a deployment is ready or fails"));
    m_email->setAccessibleName(tr("Email address"));
    m_webhook->setPlaceholderText(tr("https://\u2026 (optional)"));
    m_webhook->setAccessibleName(tr("Webhook URL"));
    m_emailError = addFieldRow(form, tr("Email"), m_email);
    m_webhookError = addFieldRow(form, tr("Webhook"), m_webhook);
    form->addRow(QString(), m_save);
    form->addRow(QString(), m_notice);
    connect(m_email, &QLineEdit::textChanged, this, &UserContactBox::validate);
    connect(m_webhook, &QLineEdit::textChanged, this, &UserContactBox::validate);
    connect(m_save, &QPushButton::clicked, this, &UserContactBox::save);
    connect(m_email, &QLineEdit::returnPressed, this, &UserContactBox::save);
    setUser(0, QString());
}

QString UserContactBox::emailError() const
{
    return m_emailError->error();
}

QString UserContactBox::notice() const
{
    return m_notice->text();
}

void UserContactBox::setUser(qint64 userId, const QString &name)
{
    m_userId = userId;
    m_name = name;
    m_notice->clearNotice();
    setTitle(userId ? tr("Contact of %1").arg(name) : tr("Contact"));
    // Disabled until the details are read (off the GUI thread), so nothing typed is overwritten.
    setEnabled(false);
    m_email->clear();
    m_webhook->clear();
    validate();
    const int request = ++m_loadRequest;
    if (!userId)
        return;
    auto store = m_app.store();
    QPointer<UserContactBox> self(this);
    m_app.run<UserContact>([store, userId] { return userContact(store->db(), userId); },
        [self, request](Result<UserContact> contact) {
            if (!self || request != self->m_loadRequest)
                return; // another user was selected meanwhile
            self->setEnabled(true);
            if (!contact.ok()) {
                self->m_notice->showNotice(NoticeLabel::Kind::Danger, contact.error().message);
                return;
            }
            self->m_email->setText(contact->email);
            self->m_webhook->setText(contact->webhookUrl);
            self->validate();
            Q_EMIT self->loaded(self->m_userId);
        });
}

void UserContactBox::validate()
{
    const QString email = m_email->text();
    const QString webhook = m_webhook->text();
    // The reason, without repeating the address the user is looking at.
    auto reason = [](const Error &e) { return e.message.section(QStringLiteral(": "), 1); };
    auto e = email.trimmed().isEmpty() ? Result<QString>(QString()) : checkEmailAddress(email);
    m_emailError->setError(e.ok() ? QString() : tr("Not an email address: %1").arg(reason(e.error())));
    auto w = webhook.trimmed().isEmpty() ? Result<QString>(QString()) : checkWebhookUrl(webhook);
    m_webhookError->setError(w.ok() ? QString() : tr("Not a webhook URL: %1").arg(reason(w.error())));
    m_save->setEnabled(m_userId != 0 && e.ok() && w.ok());
}

void UserContactBox::save()
{
    if (!m_save->isEnabled())
        return;
    const qint64 userId = m_userId;
    const QString email = m_email->text();
    const QString webhook = m_webhook->text();
    auto store = m_app.store();
    m_save->setEnabled(false);
    QPointer<UserContactBox> self(this);
    m_app.run<UserContact>(
        [store, userId, email, webhook] { return setUserContact(*store, userId, email, webhook); },
        [self, userId](Result<UserContact> r) {
            if (!self)
                return;
            self->validate();
            if (!r.ok()) {
                self->m_notice->showNotice(NoticeLabel::Kind::Danger, r.error().message);
                return;
            }
            self->m_email->setText(r->email);
            self->m_webhook->setText(r->webhookUrl);
            self->m_notice->showNotice(NoticeLabel::Kind::Success,
                r->email.isEmpty() ? tr("Saved: %1 gets no email").arg(self->m_name)
                                   : tr("Saved: %1 is told at %2").arg(self->m_name, r->email));
            Q_EMIT self->saved(userId);
        });
}

} // namespace griddeck::ui
