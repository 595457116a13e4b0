#include "ui/panes/QueuePane.h"

#include "models/DisplayFormat.h"
#include "models/JobFilterProxy.h"
#include "models/QueueModel.h"
#include "models/StageStyle.h"
#include "store/Access.h"
#include "ui/AppController.h"
#include "ui/Prompts.h"
#include "ui/panes/PaneSupport.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/FilterButton.h"
#include "ui/widgets/Icons.h"
#include "ui/widgets/StageBadgeDelegate.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

struct Batch
{
    int succeeded = 0;
    QStringList problems;
};

struct SelectedJob
{
    qint64 id = 0;
    Stage stage = Stage::Queued;
    Tfc amount;
    QString user;
};

QToolButton *toolButtonFor(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

const QList<Stage> kLiveStages = {Stage::Queued,       Stage::Converting, Stage::Deploying,
                                  Stage::WaitingReady, Stage::Verifying,  Stage::RollingBack};

} // namespace

QueuePane::QueuePane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_proxy(new JobFilterProxy(this))
    , m_view(new QTableView(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_title(new PaneTitle(tr("Queue"), this))
    , m_search(makeSearchField(tr("Search jobs\u2026 (Ctrl+F)"), this))
    , m_stageFilter(new FilterButton(tr("Stage"), this))
    , m_priorityFilter(new FilterButton(tr("Priority"), this))
    , m_selectionInfo(new QLabel(this))
    , m_priorityButton(new QToolButton(this))
    , m_priorityMenu(new QMenu(tr("Change priority"), this))
{
    setObjectName(QStringLiteral("QueuePane"));
    setAccessibleName(tr("Queue"));
    if (app.queueModel())
        m_proxy->setSourceModel(app.queueModel());

    // Actions on the selection.
    m_retryNow = new QAction(tr("Retry now"), this);
    m_retryNow->setToolTip(tr("Run the selected jobs' next attempt now instead of waiting (Ctrl+R)"));
    m_retryNow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_retryNow->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancel = new QAction(tr("Cancel jobs\u2026"), this);
    m_cancel->setToolTip(tr("Cancel the selected queued jobs; their credits go back to the users (Delete)"));
    m_cancel->setShortcut(QKeySequence::Delete);
    m_cancel->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pause = new QAction(this);
    m_pause->setCheckable(false);
    addActions({m_retryNow, m_cancel});
    connect(m_retryNow, &QAction::triggered, this, &QueuePane::retrySelected);
    connect(m_cancel, &QAction::triggered, this, &QueuePane::cancelSelected);
    connect(m_pause, &QAction::triggered, this, [this] { m_app.setQueuePaused(!m_app.isQueuePaused()); });
    connect(&m_app, &AppController::queuePausedChanged, this, &QueuePane::updatePauseAction);

    for (Priority p : {Priority::Critical, Priority::High, Priority::Normal, Priority::Low}) {
        QAction *a = m_priorityMenu->addAction(priorityLabel(p));
        connect(a, &QAction::triggered, this, [this, p] { setSelectedPriority(p); });
    }
    m_priorityButton->setText(tr("Priority"));
    m_priorityButton->setMenu(m_priorityMenu);
    m_priorityButton->setPopupMode(QToolButton::InstantPopup);
    m_priorityButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_priorityButton->setAutoRaise(true);
    m_priorityButton->setToolTip(tr("Change the priority of the selected jobs"));
    m_priorityButton->setAccessibleName(tr("Change priority"));

    // Filters.
    for (Stage s : kLiveStages)
        m_stageFilter->addChoice(StageStyle::of(s).badgeText(), stageName(s));
    for (Priority p : {Priority::Critical, Priority::High, Priority::Normal, Priority::Low})
        m_priorityFilter->addChoice(priorityLabel(p), int(p));
    connect(m_search, &QLineEdit::textChanged, m_proxy, &JobFilterProxy::setSearchText);
    connect(m_stageFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QList<Stage> stages;
        for (const QVariant &v : values) {
            if (auto s = stageFromName(v.toString()))
                stages << *s;
        }
        m_proxy->setStageFilter(stages);
    });
    connect(m_priorityFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QList<Priority> priorities;
        for (const QVariant &v : values)
            priorities << static_cast<Priority>(v.toInt());
        m_proxy->setPriorityFilter(priorities);
    });

    // Table.
    m_view->setModel(m_proxy);
    m_view->setObjectName(QStringLiteral("queueTable"));
    m_view->setAccessibleName(tr("Queued jobs"));
    setUpJobTable(m_view, true);
    m_view->setItemDelegateForColumn(QueueModel::StageColumn, new StageBadgeDelegate(m_view, true));
    m_view->addActions({m_retryNow, m_cancel});
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(m_retryNow);
        menu.addAction(m_cancel);
        menu.addMenu(m_priorityMenu);
        menu.addSeparator();
        if (const QModelIndex current = m_view->indexAt(pos); current.isValid()) {
            const qint64 id = current.data(JobListModel::JobIdRole).toLongLong();
            menu.addAction(tr("Show deployment"), this, [this, id] { Q_EMIT jobActivated(id); });
        }
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    QHeaderView *header = m_view->horizontalHeader();
    const QList<std::pair<int, int>> widths = {{QueueModel::PriorityColumn, 78}, {QueueModel::IdColumn, 56},
                                               {QueueModel::UserColumn, 90},     {QueueModel::ServiceColumn, 270},
                                               {QueueModel::TfcColumn, 80},      {QueueModel::StageColumn, 240},
                                               {QueueModel::AttemptsColumn, 70}, {QueueModel::NextAttemptColumn, 100}};
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    m_view->sortByColumn(QueueModel::PriorityColumn, Qt::DescendingOrder);
    // Double-click or Enter shows the job's deployment (not `activated`: some styles activate
    // on a single click, which would leave the pane while selecting).
    auto *show = new QAction(tr("Show deployment"), this);
    show->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    show->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(show);
    connect(show, &QAction::triggered, this, [this] {
        if (const QModelIndex current = m_view->currentIndex(); current.isValid())
            Q_EMIT jobActivated(current.data(JobListModel::JobIdRole).toLongLong());
    });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT jobActivated(index.data(JobListModel::JobIdRole).toLongLong());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &QueuePane::updateActions);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    connect(m_empty, &EmptyState::actionTriggered, this, [this] {
        if (m_proxy->rowCount() == 0 && m_proxy->sourceModel() && m_proxy->sourceModel()->rowCount() > 0) {
            m_search->clear();
            m_stageFilter->clearSelection();
            m_priorityFilter->clearSelection();
        } else {
            Q_EMIT newDeploymentRequested();
        }
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_proxy, signal, this, [this] {
            updateCounts();
            updateActions();
        });
    }
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &QueuePane::updateCounts);
    if (QAbstractItemModel *source = m_proxy->sourceModel()) {
        // The title's total follows the model itself, not only what the proxy passes on.
        connect(source, &QAbstractItemModel::rowsInserted, this, &QueuePane::updateCounts);
        connect(source, &QAbstractItemModel::rowsRemoved, this, &QueuePane::updateCounts);
    }
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &QueuePane::updateCounts);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &QueuePane::updateActions);
    // A batch applied as one layout change carries data changes without dataChanged.
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &QueuePane::updateActions);

    // Layout: title and filters, then the actions bar, then the table.
    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    bar->addWidget(m_title);
    bar->addSpacing(12);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_stageFilter);
    bar->addWidget(m_priorityFilter);

    auto *actions = new QHBoxLayout;
    actions->setSpacing(2);
    actions->addWidget(toolButtonFor(m_retryNow, this));
    actions->addWidget(toolButtonFor(m_cancel, this));
    actions->addWidget(m_priorityButton);
    actions->addSpacing(12);
    m_selectionInfo->setForegroundRole(QPalette::PlaceholderText);
    actions->addWidget(m_selectionInfo);
    actions->addStretch(1);
    actions->addWidget(toolButtonFor(m_pause, this));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 4);
    layout->setSpacing(6);
    layout->addLayout(bar);
    layout->addLayout(actions);
    layout->addWidget(m_stack, 1);

    setTabOrder(m_search, m_stageFilter);
    setTabOrder(m_stageFilter, m_priorityFilter);
    setTabOrder(m_priorityFilter, m_view);

    refreshIcons();
    updatePauseAction();
    updateCounts();
    updateActions();
}

void QueuePane::refreshIcons()
{
    m_retryNow->setIcon(themedIcon(QStringLiteral("retry"), palette()));
    m_cancel->setIcon(themedIcon(QStringLiteral("cancel"), palette()));
    m_priorityButton->setIcon(themedIcon(QStringLiteral("priority"), palette()));
    updatePauseAction();
}

void QueuePane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refreshIcons();
    QWidget::changeEvent(event);
}

void QueuePane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void QueuePane::updatePauseAction()
{
    const bool paused = m_app.isQueuePaused();
    m_pause->setText(paused ? tr("Resume queue") : tr("Pause queue"));
    m_pause->setToolTip(paused ? tr("Workers take new jobs again") : tr("Workers take no new jobs; running steps finish"));
    m_pause->setIcon(themedIcon(paused ? QStringLiteral("resume") : QStringLiteral("pause"), palette()));
}

QList<qint64> QueuePane::selectedJobIds() const
{
    QList<qint64> ids;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        ids << index.data(JobListModel::JobIdRole).toLongLong();
    return ids;
}

void QueuePane::updateCounts()
{
    const int total = m_proxy->sourceModel() ? m_proxy->sourceModel()->rowCount() : 0;
    const int shown = m_proxy->rowCount();
    m_title->setCounts(shown, total);
    if (shown > 0) {
        m_stack->setCurrentWidget(m_view);
        return;
    }
    if (total == 0) {
        m_empty->setMessage(tr("The queue is empty"),
                            tr("Every job has finished. New purchases wait here until a worker takes them."));
        m_empty->setAction(tr("New deployment\u2026 (Ctrl+N)"));
    } else {
        m_empty->setMessage(tr("No queued job matches the search and filters"),
                            tr("%1 jobs are hidden by them.").arg(display::count(total)));
        m_empty->setAction(tr("Clear search and filters"));
    }
    m_stack->setCurrentWidget(m_empty);
}

void QueuePane::updateActions()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    int queued = 0;
    Tfc total;
    for (const QModelIndex &index : rows) {
        if (index.data(JobListModel::StageRole).toString() == stageName(Stage::Queued))
            ++queued;
        total += Tfc::fromUnits(index.data(JobListModel::TfcUnitsRole).toLongLong());
    }
    const bool any = !rows.isEmpty() && !m_busy;
    m_retryNow->setEnabled(any && access::allowed(m_app.store().get(), access::Action::RetryNow));
    m_cancel->setEnabled(
        queued > 0 && !m_busy && access::allowed(m_app.store().get(), access::Action::CancelJob));
    m_priorityButton->setEnabled(any && access::allowed(m_app.store().get(), access::Action::SetPriority));
    m_selectionInfo->setText(rows.isEmpty() ? QString()
                                            : tr("%1 selected \u00B7 %2 TFC").arg(rows.size()).arg(display::tfc(total)));
}

void QueuePane::finish(const QString &action, const QString &title, int succeeded, const QStringList &problems)
{
    m_busy = false;
    m_app.pokeWatcher();
    updateActions();
    if (!problems.isEmpty())
        Prompts::warning(this, title, problems.join(u'\n'));
    Q_EMIT actionFinished(action, succeeded, problems);
}

void QueuePane::retrySelected()
{
    const QList<qint64> ids = selectedJobIds();
    if (ids.isEmpty() || m_busy)
        return;
    m_busy = true;
    updateActions();
    AppController *app = &m_app;
    m_app.run<Batch>(
        [app, ids]() -> Result<Batch> {
            Batch batch;
            for (qint64 id : ids) {
                if (auto done = app->makeDueNow(id); done.ok())
                    ++batch.succeeded;
                else
                    batch.problems << done.error().message;
            }
            return batch;
        },
        [this](Result<Batch> result) {
            const Batch batch = result.ok() ? result.value() : Batch{0, {result.error().message}};
            finish(QStringLiteral("retry"), tr("Retry now"), batch.succeeded, batch.problems);
        });
}

void QueuePane::cancelSelected()
{
    if (m_busy)
        return;
    QList<SelectedJob> queued;
    int others = 0;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        SelectedJob job;
        job.id = index.data(JobListModel::JobIdRole).toLongLong();
        job.stage = stageFromName(index.data(JobListModel::StageRole).toString()).value_or(Stage::Queued);
        job.amount = Tfc::fromUnits(index.data(JobListModel::TfcUnitsRole).toLongLong());
        job.user = index.data(JobListModel::UserNameRole).toString();
        if (job.stage == Stage::Queued)
            queued << job;
        else
            ++others;
    }
    if (queued.isEmpty()) {
        if (others > 0)
            Prompts::information(this, tr("Cancel jobs"),
                                 tr("Only queued jobs can be cancelled: the selected jobs are already being deployed."));
        return;
    }
    Tfc total;
    for (const SelectedJob &job : queued)
        total += job.amount;
    QString text = queued.size() == 1
                       ? tr("Cancel queued job %1? Its credits (%2 TFC) go back to %3.")
                             .arg(queued.first().id)
                             .arg(display::tfc(total), queued.first().user)
                       : tr("Cancel %1 queued jobs? Their credits (%2 TFC) go back to the users.")
                             .arg(queued.size())
                             .arg(display::tfc(total));
    if (others > 0)
        text += u' ' + tr("%1 other selected jobs are already being deployed and are left alone.").arg(others);

    QList<qint64> ids;
    for (const SelectedJob &job : queued)
        ids << job.id;
    Prompts::confirm(this, tr("Cancel jobs"), text, queued.size() == 1 ? tr("Cancel job") : tr("Cancel jobs"), true,
                     [this, ids](bool yes) {
                         if (!yes)
                             return;
                         m_busy = true;
                         updateActions();
                         AppController *app = &m_app;
                         const QString actor = m_app.actor();
                         m_app.run<Batch>(
                             [app, ids, actor]() -> Result<Batch> {
                                 Batch batch;
                                 for (qint64 id : ids) {
                                     if (auto done = app->queue().cancel(id, actor); done.ok())
                                         ++batch.succeeded;
                                     else
                                         batch.problems << done.error().message;
                                 }
                                 return batch;
                             },
                             [this](Result<Batch> result) {
                                 const Batch batch = result.ok() ? result.value() : Batch{0, {result.error().message}};
                                 finish(QStringLiteral("cancel"), tr("Cancel jobs"), batch.succeeded, batch.problems);
                             });
                     });
}

void QueuePane::setSelectedPriority(Priority priority)
{
    const QList<qint64> ids = selectedJobIds();
    if (ids.isEmpty() || m_busy)
        return;
    m_busy = true;
    updateActions();
    AppController *app = &m_app;
    const QString actor = m_app.actor();
    m_app.run<Batch>(
        [app, ids, priority, actor]() -> Result<Batch> {
            Batch batch;
            for (qint64 id : ids) {
                if (auto done = app->queue().setPriority(id, priority, actor); done.ok())
                    ++batch.succeeded;
                else
                    batch.problems << done.error().message;
            }
            return batch;
        },
        [this](Result<Batch> result) {
            const Batch batch = result.ok() ? result.value() : Batch{0, {result.error().message}};
            finish(QStringLiteral("priority"), tr("Change priority"), batch.succeeded, batch.problems);
        });
}

} // namespace griddeck::ui
