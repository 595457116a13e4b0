#pragma once
// The live queue (UI.md): every job not yet finished, with its priority, user, service, TFC,
// stage and progress, attempts, next attempt and last error. Search and stage/priority
// filters; actions on the selected rows — retry now, cancel (credits go back to the users),
// change priority — and pause/resume for the whole queue. Every write runs through
// AppController::run, off the GUI thread.

#include "domain/Stage.h"

#include <QWidget>

class QAction;
class QLineEdit;
class QMenu;
class QStackedWidget;
class QTableView;
class QToolButton;
class QLabel;

namespace griddeck {
class JobFilterProxy;
}

namespace griddeck::ui {

class AppController;
class EmptyState;
class FilterButton;
class PaneTitle;

class QueuePane : public QWidget
{
    Q_OBJECT
public:
    explicit QueuePane(AppController &app, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    JobFilterProxy *proxy() const { return m_proxy; }
    QLineEdit *searchField() const { return m_search; }
    FilterButton *stageFilter() const { return m_stageFilter; }
    FilterButton *priorityFilter() const { return m_priorityFilter; }
    QAction *retryNowAction() const { return m_retryNow; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *pauseAction() const { return m_pause; }
    QMenu *priorityMenu() const { return m_priorityMenu; }
    EmptyState *emptyState() const { return m_empty; }

    // Job ids of the selected rows, in view order.
    QList<qint64> selectedJobIds() const;

public Q_SLOTS:
    void focusSearch();
    void retrySelected();
    void cancelSelected();
    void setSelectedPriority(griddeck::Priority priority);

Q_SIGNALS:
    void newDeploymentRequested();
    // A row was double-clicked or Enter pressed: show that job's details.
    void jobActivated(qint64 jobId);
    // A background action finished (tests wait on it); `problems` lists what failed.
    void actionFinished(const QString &action, int succeeded, const QStringList &problems);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateActions();
    void updateCounts();
    void updatePauseAction();
    void refreshIcons();
    void finish(const QString &action, const QString &title, int succeeded, const QStringList &problems);

    AppController &m_app;
    JobFilterProxy *m_proxy;
    QTableView *m_view;
    QStackedWidget *m_stack;
    EmptyState *m_empty;
    PaneTitle *m_title;
    QLineEdit *m_search;
    FilterButton *m_stageFilter;
    FilterButton *m_priorityFilter;
    QLabel *m_selectionInfo;
    QToolButton *m_priorityButton;
    QMenu *m_priorityMenu;
    QAction *m_retryNow;
    QAction *m_cancel;
    QAction *m_pause;
    bool m_busy = false;
};

} // namespace griddeck::ui
