#include "ui/dialogs/RefundDialog.h"

#include "pipeline/PipelineSettings.h"
#include "pipeline/RefundService.h"

#include "models/DisplayFormat.h"
#include "ui/AppController.h"
#include "ui/Prompts.h"
#include "ui/dialogs/FieldError.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

QLabel *amountLabel(QWidget *parent)
{
    auto *l = new QLabel(QStringLiteral("\u2014"), parent);
    l->setFont(display::monospaceFont());
    l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QString sentence(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!text.endsWith(u'.'))
        text += u'.';
    return text;
}

} // namespace

RefundDialog::RefundDialog(AppController &app, qint64 jobId, QWidget *parent)
    : QDialog(parent)
    , m_app(app)
    , m_jobId(jobId)
    , m_idempotencyKey(QStringLiteral("refund:job-%1:%2").arg(jobId).arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
{
    setWindowTitle(tr("Refund job %1").arg(jobId));
    setAttribute(Qt::WA_DeleteOnClose);
    setModal(true);

    m_title = new QLabel(tr("Reading job %1…").arg(jobId), this);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);

    auto *figures = new QFormLayout;
    figures->setLabelAlignment(Qt::AlignLeft);
    m_captured = amountLabel(this);
    m_refunded = amountLabel(this);
    m_refundable = amountLabel(this);
    QFont bold = m_refundable->font();
    bold.setWeight(QFont::Bold);
    m_refundable->setFont(bold);
    figures->addRow(tr("Captured:"), m_captured);
    figures->addRow(tr("Already refunded:"), m_refunded);
    figures->addRow(tr("Refundable:"), m_refundable);
    m_refundable->setAccessibleName(tr("Refundable"));

    auto *rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_amount = new QLineEdit(this);
    m_amount->setAlignment(Qt::AlignRight);
    m_amount->setFont(display::monospaceFont());
    m_amount->setAccessibleName(tr("Amount to refund"));
    m_full = new QPushButton(tr("&Full"), this);
    m_full->setToolTip(tr("Refund everything still refundable"));
    auto *amountRow = new QWidget(this);
    auto *amountLayout = new QHBoxLayout(amountRow);
    amountLayout->setContentsMargins(0, 0, 0, 0);
    amountLayout->addWidget(m_amount, 1);
    amountLayout->addWidget(new QLabel(QStringLiteral("TFC"), amountRow));
    amountLayout->addWidget(m_full);
    m_amountError = addFieldRow(form, tr("&Amount:"), amountRow);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(amountRow->parentWidget())))
        label->setBuddy(m_amount);

    m_reason = new QLineEdit(this);
    m_reason->setPlaceholderText(tr("Why the credits go back, e.g. \"service unreachable for 2 days\""));
    m_reasonError = addFieldRow(form, tr("&Reason:"), m_reason);
    m_actor = new QLineEdit(m_app.actor(), this);
    m_actor->setToolTip(tr("Recorded in the ledger as who made the refund"));
    m_actorError = addFieldRow(form, tr("Ac&tor:"), m_actor);

    m_notice = new NoticeLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_refund = m_buttons->addButton(tr("&Refund"), QDialogButtonBox::AcceptRole);
    m_refund->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refund, &QPushButton::clicked, this, &RefundDialog::submit);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(figures);
    layout->addWidget(rule);
    layout->addLayout(form);
    layout->addWidget(m_notice);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_amount, &QLineEdit::textEdited, this, [this] {
        m_amountEdited = true;
        m_refusal.clear();
        revalidate();
    });
    connect(m_reason, &QLineEdit::textEdited, this, &RefundDialog::revalidate);
    connect(m_actor, &QLineEdit::textEdited, this, &RefundDialog::revalidate);
    connect(m_full, &QPushButton::clicked, this, [this] {
        if (auto full = refundable())
            m_amount->setText(full->toDisplayString(7));
        m_amountEdited = true;
        m_refusal.clear();
        revalidate();
    });

    setMinimumWidth(520);
    load();
}

std::optional<Tfc> RefundDialog::refundable() const
{
    if (!m_hold)
        return std::nullopt;
    return m_hold->refundable();
}

QString RefundDialog::amountError() const
{
    return m_amountError->error();
}

QString RefundDialog::reasonError() const
{
    return m_reasonError->error();
}

QString RefundDialog::actorError() const
{
    return m_actorError->error();
}

QString RefundDialog::noticeText() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

void RefundDialog::load()
{
    QPointer<RefundDialog> self(this);
    AppController *app = &m_app;
    const qint64 jobId = m_jobId;
    m_app.run<Context>(
        [app, jobId]() -> Result<Context> {
            auto job = app->queue().job(jobId);
            if (!job.ok())
                return job.error();
            auto hold = app->ledger().hold(jobId);
            if (!hold.ok())
                return hold.error();
            auto user = app->ledger().user(job.value().userId);
            return Context{job.value(), hold.value(), user.ok() ? user.value().name : QString::number(job.value().userId)};
        },
        [self](Result<Context> context) {
            if (self)
                self->onLoaded(context);
        });
}

void RefundDialog::onLoaded(const Result<Context> &context)
{
    if (!context.ok()) {
        m_hold.reset();
        m_title->setText(tr("Job %1").arg(m_jobId));
        m_notice->showNotice(NoticeLabel::Kind::Danger, sentence(context.error().message));
        revalidate();
        Q_EMIT loaded();
        return;
    }
    const Context &c = context.value();
    m_hold = c.hold;
    m_userName = c.userName;
    m_title->setText(tr("Job %1 · %2 · %3").arg(m_jobId).arg(c.job.spec.summary(), c.userName));
    const Tfc captured = c.hold.commission + c.hold.gridSpend;
    const bool isCaptured = c.hold.state == HoldState::Captured;
    m_captured->setText(isCaptured ? tr("%1 TFC").arg(display::tfc(captured)) : tr("nothing (hold %1)").arg(holdStateName(c.hold.state)));
    m_captured->setToolTip(isCaptured ? tr("%1 commission + %2 grid payment")
                                            .arg(display::tfcFull(c.hold.commission), display::tfcFull(c.hold.gridSpend))
                                      : QString());
    m_refunded->setText(tr("%1 TFC").arg(display::tfc(c.hold.refunded)));
    m_refunded->setToolTip(display::tfcFull(c.hold.refunded));
    m_refundable->setText(tr("%1 TFC").arg(display::tfc(c.hold.refundable())));
    m_refundable->setToolTip(display::tfcFull(c.hold.refundable()));
    if (!m_amountEdited)
        m_amount->setText(c.hold.refundable().toDisplayString(7));
    if (!isCaptured) {
        m_notice->showNotice(NoticeLabel::Kind::Warning,
                             tr("Job %1 was never charged (its hold is %2): only a captured job can be refunded. "
                                "A failed or cancelled job's credits were already released in full.")
                                 .arg(m_jobId)
                                 .arg(holdStateName(c.hold.state)));
    } else if (!c.hold.refundable().isPositive()) {
        m_notice->showNotice(NoticeLabel::Kind::Warning, tr("Job %1 has been refunded in full.").arg(m_jobId));
    }
    revalidate();
    Q_EMIT loaded();
}

void RefundDialog::revalidate()
{
    QString amountProblem;
    const QString text = m_amount->text().trimmed();
    QString parseError;
    const std::optional<Tfc> parsed = text.isEmpty() ? std::nullopt : Tfc::parse(text, &parseError);
    const Tfc amount = parsed.value_or(Tfc());
    if (text.isEmpty())
        amountProblem = tr("Enter the amount to refund.");
    else if (!parsed)
        amountProblem = tr("The amount %1").arg(parseError);
    else if (!amount.isPositive())
        amountProblem = tr("The amount must be more than zero.");
    else if (m_hold && amount > m_hold->refundable())
        amountProblem = tr("%1 TFC is more than the refundable %2 TFC for job %3.")
                            .arg(display::tfc(amount), display::tfc(m_hold->refundable()))
                            .arg(m_jobId);
    if (amountProblem.isEmpty() && !m_refusal.isEmpty())
        amountProblem = m_refusal;
    const QString reasonProblem = m_reason->text().trimmed().isEmpty() ? tr("A reason is required: it is kept in the audit trail.")
                                                                        : QString();
    const QString actorProblem = m_actor->text().trimmed().isEmpty() ? tr("Say who makes the refund.") : QString();

    // The amount shows its problem at once (it is prefilled); reason and actor once touched.
    m_amountError->setError(m_hold ? amountProblem : QString());
    m_reasonError->setError(m_reason->isModified() ? reasonProblem : QString());
    m_actorError->setError(actorProblem);
    const bool refundableNow = m_hold && m_hold->state == HoldState::Captured && m_hold->refundable().isPositive();
    m_refund->setEnabled(refundableNow && !m_busy && amountProblem.isEmpty() && reasonProblem.isEmpty()
                         && actorProblem.isEmpty());
    if (parsed && amountProblem.isEmpty())
        m_refund->setText(tr("&Refund %1 TFC").arg(display::tfc(amount)));
    else
        m_refund->setText(tr("&Refund"));
}

void RefundDialog::submit()
{
    m_reason->setModified(true);
    revalidate();
    if (!m_refund->isEnabled())
        return;
    const Tfc amount = *Tfc::parse(m_amount->text().trimmed());
    const QString reason = m_reason->text().trimmed();
    const QString actor = m_actor->text().trimmed();
    const bool partial = m_hold && amount < m_hold->refundable();
    const QString text = tr("Refund %1 TFC to %2 for job %3?\n\nThe credits become available to %2 at once. "
                            "The refund is recorded in the ledger with your name and reason and cannot be undone.%4")
                             .arg(display::tfc(amount), m_userName)
                             .arg(m_jobId)
                             .arg(partial ? tr("\n\n%1 TFC stays refundable.").arg(display::tfc(m_hold->refundable() - amount))
                                          : QString());
    QPointer<RefundDialog> self(this);
    m_busy = true;
    revalidate();
    Prompts::confirm(this, tr("Refund"), text, tr("Refund"), false, [self, amount, reason, actor](bool yes) {
        if (!self)
            return;
        if (!yes) {
            self->m_busy = false;
            self->revalidate();
            return;
        }
        self->send(amount, reason, actor);
    });
}

void RefundDialog::send(Tfc amount, const QString &reason, const QString &actor)
{
    m_notice->showNotice(NoticeLabel::Kind::Info, tr("Refunding…"));
    QPointer<RefundDialog> self(this);
    AppController *app = &m_app;
    const qint64 jobId = m_jobId;
    const QString key = m_idempotencyKey;
    m_app.run<std::monostate>(
        [app, jobId, amount, reason, actor, key]() -> Result<std::monostate> {
            // The refund, its refund.issued notification and its timeline event: one transaction.
            RefundService refunds(app->store(), notifySettingsFrom(app->config()));
            auto done = refunds.refund(jobId, amount, reason, actor, key);
            if (!done.ok())
                return done.error();
            return std::monostate();
        },
        [self, app, amount](Result<std::monostate> result) {
            app->pokeWatcher();
            if (!self)
                return;
            self->onRefunded(amount, result.ok() ? Result<void>() : Result<void>(result.error()));
        });
}

void RefundDialog::onRefunded(Tfc amount, const Result<void> &result)
{
    m_busy = false;
    if (result.ok()) {
        m_notice->showNotice(NoticeLabel::Kind::Success, tr("Refunded %1 TFC.").arg(display::tfc(amount)));
        Q_EMIT refunded(m_jobId, amount);
        accept();
        return;
    }
    // The ledger refused (or failed): say so under the amount, and re-read what is refundable.
    m_refusal = tr("The ledger refused the refund: %1").arg(sentence(result.error().message));
    m_notice->showNotice(NoticeLabel::Kind::Danger, tr("Nothing was refunded. %1").arg(m_refusal));
    revalidate();
    load();
}

} // namespace griddeck::ui
