#pragma once
// Refund… (support staff): pays credits of a captured job back to its user. Shows what was
// captured, what was already refunded and what is still refundable; the amount is the full
// refundable by default and may be lowered for a partial refund; a reason is required; the
// actor is prefilled with the operator's login. An amount above the refundable is refused
// inline as it is typed; a refusal by the ledger (say, someone refunded meanwhile) shows the
// same way and nothing is written. Confirms through Prompts before any money moves.
// Opened with open(); deletes itself when closed.

#include "domain/Money.h"
#include "ledger/Ledger.h"
#include "queue/Job.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace griddeck::ui {

class AppController;
class FieldError;
class NoticeLabel;

class RefundDialog : public QDialog
{
    Q_OBJECT
public:
    RefundDialog(AppController &app, qint64 jobId, QWidget *parent = nullptr);

    qint64 jobId() const { return m_jobId; }
    bool isLoaded() const { return m_hold.has_value(); }
    // captured − refunded, once loaded.
    std::optional<Tfc> refundable() const;

    QLineEdit *amountEdit() const { return m_amount; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QLineEdit *actorEdit() const { return m_actor; }
    QPushButton *refundButton() const { return m_refund; }
    QString amountError() const;
    QString reasonError() const;
    QString actorError() const;
    QString noticeText() const;

public Q_SLOTS:
    void submit();

Q_SIGNALS:
    void refunded(qint64 jobId, griddeck::Tfc amount);
    // After the job and its hold were read (or could not be).
    void loaded();

private:
    struct Context
    {
        Job job;
        HoldInfo hold;
        QString userName;
    };
    void load();
    void onLoaded(const Result<Context> &context);
    void revalidate();
    void send(Tfc amount, const QString &reason, const QString &actor);
    void onRefunded(Tfc amount, const Result<void> &result);

    AppController &m_app;
    qint64 m_jobId;
    QString m_idempotencyKey;
    std::optional<HoldInfo> m_hold;
    QString m_userName;
    bool m_busy = false;
    bool m_amountEdited = false;
    QString m_refusal; // the ledger's answer to the last attempt, until the amount changes

    QLabel *m_title = nullptr;
    QLabel *m_captured = nullptr;
    QLabel *m_refunded = nullptr;
    QLabel *m_refundable = nullptr;
    QLineEdit *m_amount = nullptr;
    QPushButton *m_full = nullptr;
    QLineEdit *m_reason = nullptr;
    QLineEdit *m_actor = nullptr;
    FieldError *m_amountError = nullptr;
    FieldError *m_reasonError = nullptr;
    FieldError *m_actorError = nullptr;
    NoticeLabel *m_notice = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_refund = nullptr;
};

} // namespace griddeck::ui
