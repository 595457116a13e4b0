#pragma once
// The outbox in view (UI.md, "Notifications view"): one row per notification (when, job,
// event, channel, recipient, state, attempts, last error), failed rows in red, a filter by
// state, Resend for the selected failed one and Resend all failed. The list re-reads every
// few seconds while the pane is shown; resending runs off the GUI thread.

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace griddeck {
class NotificationModel;
} // namespace griddeck

namespace griddeck::ui {

class AppController;
class EmptyState;
class PaneTitle;

class NotificationsPane : public QWidget
{
    Q_OBJECT
public:
    explicit NotificationsPane(AppController &app, QWidget *parent = nullptr);

    NotificationModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *stateFilter() const { return m_filter; }
    QPushButton *resendButton() const { return m_resend; }
    QPushButton *resendAllButton() const { return m_resendAll; }
    QLabel *countsLabel() const { return m_counts; }

public Q_SLOTS:
    void refresh();
    void resendSelected();
    void resendAllFailed();
    // Shows only failed rows (what the status-bar badge leads to).
    void showFailed();

Q_SIGNALS:
    void jobActivated(qint64 jobId);
    // After a resend finished: ok, and what happened, for the status bar.
    void resendFinished(bool ok, const QString &message);
    // A background read of the outbox was shown.
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateState();

    AppController &m_app;
    NotificationModel *m_model;
    bool m_reading = false; // a read is on the pool
    bool m_readAgain = false; // asked again meanwhile: read once more when it is back
    QTableView *m_view;
    QStackedWidget *m_stack;
    EmptyState *m_empty;
    PaneTitle *m_title;
    QComboBox *m_filter;
    QLabel *m_counts;
    QPushButton *m_resend;
    QPushButton *m_resendAll;
    QTimer *m_timer;
};

} // namespace griddeck::ui
