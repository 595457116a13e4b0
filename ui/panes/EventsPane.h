#pragma once
// Every job's events, newest first (the audit trail): when, job, stage, attempt, kind,
// message, actor. Search, and kind/stage filters; double-click shows the job's deployment.

#include <QWidget>

class QLineEdit;
class QStackedWidget;
class QTableView;

namespace griddeck {
class EventModel;
class EventFilterProxy;
} // namespace griddeck

namespace griddeck::ui {

class AppController;
class EmptyState;
class FilterButton;
class PaneTitle;

class EventsPane : public QWidget
{
    Q_OBJECT
public:
    explicit EventsPane(AppController &app, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    EventModel *model() const { return m_model; }
    EventFilterProxy *proxy() const { return m_proxy; }

public Q_SLOTS:
    void focusSearch();

Q_SIGNALS:
    void jobActivated(qint64 jobId);

private:
    void updateCounts();

    AppController &m_app;
    EventModel *m_model;
    EventFilterProxy *m_proxy;
    QTableView *m_view;
    QStackedWidget *m_stack;
    EmptyState *m_empty;
    PaneTitle *m_title;
    QLineEdit *m_search;
    FilterButton *m_kindFilter;
    FilterButton *m_stageFilter;
};

} // namespace griddeck::ui
