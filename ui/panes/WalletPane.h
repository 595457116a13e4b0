#pragma once
// Wallet: the users and their TFC credits (available and held), a top-up form (a new name
// creates the user), the ledger of the selected user (or of one job, or everyone), the TFT
// wallet's balance and the latest quote with every price source's rate and which were dropped
// and why (WalletStatus). Refund… opens the Refund dialog for the job of the selected ledger
// entry. Writes run through AppController::run.

#include "domain/Money.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace griddeck {
class LedgerModel;
class SearchFilterProxy;
} // namespace griddeck

namespace griddeck::ui {

class AppController;
class EmptyState;
class FieldError;
class NoticeLabel;
class PaneTitle;
class RefundDialog;
class UserContactBox;
class WalletStatus;

class WalletPane : public QWidget
{
    Q_OBJECT
public:
    explicit WalletPane(AppController &app, QWidget *parent = nullptr);

    QTableView *usersView() const { return m_users; }
    QTableView *ledgerView() const { return m_ledger; }
    LedgerModel *ledgerModel() const { return m_ledgerModel; }
    QLineEdit *topUpUser() const { return m_topUpUser; }
    QLineEdit *topUpAmount() const { return m_topUpAmount; }
    QLineEdit *topUpReason() const { return m_topUpReason; }
    QPushButton *topUpButton() const { return m_topUpButton; }
    QString topUpError() const;
    QPushButton *refundButton() const { return m_refund; }
    WalletStatus *status() const { return m_status; }
    UserContactBox *contactBox() const { return m_contact; }
    // The job whose Refund… the button opens: the selected ledger entry's, else the job in scope.
    qint64 refundJobId() const;

public Q_SLOTS:
    void selectUser(qint64 userId);
    void showJob(qint64 jobId);
    void showEveryone();
    void topUp();
    void openRefund();

Q_SIGNALS:
    void toppedUp(qint64 userId, griddeck::Tfc amount);
    void refundDialogOpened(griddeck::ui::RefundDialog *dialog);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildUsers();
    QWidget *buildLedger();
    void revalidateTopUp();
    void onUserSelected();
    void updateLedgerTitle();
    void updateButtons();

    AppController &m_app;
    SearchFilterProxy *m_userProxy = nullptr;
    QTableView *m_users = nullptr;
    QLineEdit *m_userSearch = nullptr;
    PaneTitle *m_usersTitle = nullptr;
    QStackedWidget *m_usersStack = nullptr;
    EmptyState *m_usersEmpty = nullptr;
    QLineEdit *m_topUpUser = nullptr;
    QLineEdit *m_topUpAmount = nullptr;
    QLineEdit *m_topUpReason = nullptr;
    QPushButton *m_topUpButton = nullptr;
    FieldError *m_topUpError = nullptr;
    bool m_toppingUp = false;

    LedgerModel *m_ledgerModel = nullptr;
    SearchFilterProxy *m_ledgerProxy = nullptr;
    QTableView *m_ledger = nullptr;
    QLabel *m_ledgerTitle = nullptr;
    QPushButton *m_everyone = nullptr;
    QPushButton *m_jobOnly = nullptr;
    QPushButton *m_refund = nullptr;
    NoticeLabel *m_notice = nullptr;

    WalletStatus *m_status = nullptr;
    UserContactBox *m_contact = nullptr;
};

} // namespace griddeck::ui
