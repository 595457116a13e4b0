#pragma once
// New deployment (Ctrl+N): who pays, what service (the fields its type needs), resources,
// network, environment, priority and the TFC to pay, with a live estimate beside the form
// (grid cost per month, commission, grid payment, TFT at the current rate). Every field is
// checked as the user types and its error shows under it; Submit stays disabled until the
// form is valid. Submitting enqueues through AppController::run() (credits are held in the
// same transaction); a refusal (insufficient credits, queue full) shows inline and nothing is
// written. Opened with open(); deletes itself when closed.

#include "domain/Money.h"
#include "domain/ServiceSpec.h"
#include "domain/Stage.h"

#include <QDialog>
#include <QHash>
#include <QSet>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace griddeck::ui {

class AppController;
class EnvironmentEditor;
class EstimatePanel;
class FieldError;
class NoticeLabel;
class ServiceTypePages;

class NewDeploymentDialog : public QDialog
{
    Q_OBJECT
public:
    NewDeploymentDialog(AppController &app, QWidget *parent = nullptr);

    // Preselects the paying user (e.g. the one selected in the Wallet pane).
    void setUser(qint64 userId);
    void setServiceType(ServiceType type);

    // The spec and amount as the form stands (for tests and the estimate).
    ServiceSpec spec() const;
    std::optional<Tfc> amount() const;
    bool isValid() const { return m_problems.isEmpty(); }
    // Form field → the problem shown (or waiting to be shown) under it.
    QHash<QString, QString> problems() const { return m_problems; }
    // The inline error under a form field ("cpu_cores", "image", "amount", "user", …).
    QString errorText(const QString &field) const;
    QPushButton *submitButton() const { return m_submit; }
    // Widgets by form field name, for tests: "user", "service_type", "cpu_cores", "memory_gb",
    // "storage_gb", "amount", "priority", plus the per-type fields.
    QWidget *fieldWidget(const QString &field) const;
    // The estimate's value labels by name: "grid_cost", "tfc", "commission", "grid", "tft", ….
    QString estimateText(const QString &name) const;
    // The TFT price the estimate uses (tests may set one instead of waiting for the store).
    void setTftPrice(std::optional<TftPrice> price, const QString &origin);

public Q_SLOTS:
    void submit();

Q_SIGNALS:
    void enqueued(qint64 jobId);

private:
    QWidget *buildForm();
    ServiceSpec buildSpec(QList<SpecProblem> *parseProblems) const;
    void touch(const QString &field);
    void revalidate();
    void updateEstimate();
    void useSuggestedAmount();
    void loadPrice();
    void fetchLivePrice();
    void onSubmitted(const Result<qint64> &result);
    qint64 currentUserId() const;
    std::optional<Tfc> availableOfCurrentUser() const;

    AppController &m_app;
    QComboBox *m_user = nullptr;
    QLabel *m_userBalance = nullptr;
    QComboBox *m_type = nullptr;
    ServiceTypePages *m_pages = nullptr;
    QSpinBox *m_cpu = nullptr;
    QSpinBox *m_memory = nullptr;
    QSpinBox *m_storage = nullptr;
    QCheckBox *m_ipv4 = nullptr;
    QCheckBox *m_ipv6 = nullptr;
    QCheckBox *m_mycelium = nullptr;
    QCheckBox *m_planetary = nullptr;
    EnvironmentEditor *m_environment = nullptr;
    QComboBox *m_priority = nullptr;
    QLineEdit *m_amount = nullptr;
    QPushButton *m_useSuggested = nullptr;
    NoticeLabel *m_notice = nullptr;
    QLabel *m_pending = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_submit = nullptr;

    QHash<QString, FieldError *> m_errors; // the common fields' error lines
    EstimatePanel *m_estimate = nullptr;
    QHash<QString, QString> m_problems;
    QHash<QString, QString> m_refusals; // what the queue or ledger said on submit, until edited
    QSet<QString> m_touched;
    bool m_amountFollowsEstimate = true; // until the user types an amount
    bool m_submitting = false;
    bool m_showAll = false;              // after a submit attempt every problem shows
    std::optional<TftPrice> m_price;
    QString m_priceOrigin;
    std::optional<Tfc> m_suggested;
};

} // namespace griddeck::ui
