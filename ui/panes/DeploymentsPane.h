#pragma once
// Every deployment (UI.md): a filterable list (stage, type, user, country, search) and, beside
// it in a splitter, the detail panel that follows the selection.

#include <QWidget>

class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;

namespace griddeck {
class JobFilterProxy;
}

namespace griddeck::ui {

class AppController;
class DeploymentDetail;
class EmptyState;
class FilterButton;
class PaneTitle;

class DeploymentsPane : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentsPane(AppController &app, QWidget *parent = nullptr);
    ~DeploymentsPane() override;

    QTableView *view() const { return m_view; }
    JobFilterProxy *proxy() const { return m_proxy; }
    DeploymentDetail *detail() const { return m_detail; }
    QLineEdit *searchField() const { return m_search; }
    FilterButton *stageFilter() const { return m_stageFilter; }
    FilterButton *typeFilter() const { return m_typeFilter; }
    FilterButton *userFilter() const { return m_userFilter; }
    FilterButton *countryFilter() const { return m_countryFilter; }
    QSplitter *splitter() const { return m_splitter; }
    EmptyState *emptyState() const { return m_empty; }

    // Selects the job's row (clearing search and filters when they hide it); if the job is not
    // loaded yet, selects it as soon as it arrives.
    void selectJob(qint64 jobId);
    qint64 selectedJobId() const;

public Q_SLOTS:
    void focusSearch();
    void clearFilters();

Q_SIGNALS:
    void newDeploymentRequested();

private:
    void updateCounts();
    void refreshChoices();
    void onSelectionChanged();
    bool trySelect(qint64 jobId);

    AppController &m_app;
    JobFilterProxy *m_proxy;
    QTableView *m_view;
    DeploymentDetail *m_detail;
    QSplitter *m_splitter;
    QStackedWidget *m_stack;
    EmptyState *m_empty;
    PaneTitle *m_title;
    QLineEdit *m_search;
    FilterButton *m_stageFilter;
    FilterButton *m_typeFilter;
    FilterButton *m_userFilter;
    FilterButton *m_countryFilter;
    QTimer *m_choicesTimer;
    qint64 m_pendingSelect = 0;
};

} // namespace griddeck::ui
