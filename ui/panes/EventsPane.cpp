#include "ui/panes/EventsPane.h"

#include "models/DisplayFormat.h"
#include "models/EventModel.h"
#include "models/FilterProxies.h"
#include "models/StageStyle.h"
#include "ui/AppController.h"
#include "ui/panes/PaneSupport.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/FilterButton.h"
#include "ui/widgets/StageBadgeDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace griddeck::ui {

EventsPane::EventsPane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_model(new EventModel(this))
    , m_proxy(new EventFilterProxy(this))
    , m_view(new QTableView(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_title(new PaneTitle(tr("Events"), this))
    , m_search(makeSearchField(tr("Search events\u2026 (Ctrl+F)"), this))
    , m_kindFilter(new FilterButton(tr("Kind"), this))
    , m_stageFilter(new FilterButton(tr("Stage"), this))
{
    setObjectName(QStringLiteral("EventsPane"));
    setAccessibleName(tr("Events"));
    m_model->setClock(&app.clock());
    if (app.watcher()) {
        m_model->attach(app.watcher());
        m_model->setJobId(0);
    }
    m_proxy->setSourceModel(m_model);

    const QList<std::pair<QString, QString>> kinds = {
        {tr("Enqueued"), QStringLiteral("enqueued")}, {tr("Stage changed"), QStringLiteral("transition")},
        {tr("Retry"), QStringLiteral("retry")},       {tr("Rescheduled"), QStringLiteral("rescheduled")},
        {tr("Cancelled"), QStringLiteral("cancelled")}, {tr("Priority"), QStringLiteral("priority")},
        {tr("Note"), QStringLiteral("note")}};
    for (const auto &[label, kind] : kinds)
        m_kindFilter->addChoice(label, kind);
    for (const QString &name : allStageNames()) {
        if (auto style = StageStyle::of(name))
            m_stageFilter->addChoice(style->badgeText(), name);
    }
    connect(m_search, &QLineEdit::textChanged, m_proxy, &SearchFilterProxy::setSearchText);
    connect(m_kindFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QStringList kinds;
        for (const QVariant &v : values)
            kinds << v.toString();
        m_proxy->setKindFilter(kinds);
    });
    connect(m_stageFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QList<Stage> stages;
        for (const QVariant &v : values) {
            if (auto s = stageFromName(v.toString()))
                stages << *s;
        }
        m_proxy->setStageFilter(stages);
    });

    m_view->setModel(m_proxy);
    m_view->setObjectName(QStringLiteral("eventsTable"));
    m_view->setAccessibleName(tr("Events"));
    setUpJobTable(m_view, false);
    auto *badges = new StageBadgeDelegate(m_view, false);
    badges->setAnimated(false);
    m_view->setItemDelegateForColumn(EventModel::StageColumn, badges);
    QHeaderView *header = m_view->horizontalHeader();
    const QList<std::pair<int, int>> widths = {{EventModel::TimeColumn, 110}, {EventModel::JobColumn, 60},
                                               {EventModel::StageColumn, 150}, {EventModel::AttemptColumn, 64},
                                               {EventModel::KindColumn, 100}, {EventModel::MessageColumn, 560}};
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    m_view->sortByColumn(EventModel::TimeColumn, Qt::DescendingOrder);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 job = index.data(EventModel::JobIdRole).toLongLong();
        if (job)
            Q_EMIT jobActivated(job);
    });

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    connect(m_empty, &EmptyState::actionTriggered, this, [this] {
        m_search->clear();
        m_kindFilter->clearSelection();
        m_stageFilter->clearSelection();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &EventsPane::updateCounts);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventsPane::updateCounts);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &EventsPane::updateCounts);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_title);
    bar->addSpacing(12);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_kindFilter);
    bar->addWidget(m_stageFilter);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 4);
    layout->setSpacing(6);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_search, m_kindFilter);
    setTabOrder(m_kindFilter, m_stageFilter);
    setTabOrder(m_stageFilter, m_view);
    updateCounts();
}

void EventsPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void EventsPane::updateCounts()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_title->setCounts(shown, total);
    if (shown > 0) {
        m_stack->setCurrentWidget(m_view);
        return;
    }
    if (total == 0) {
        m_empty->setMessage(tr("No events yet"), tr("Every step of every job is recorded here as the pipeline runs."));
        m_empty->setAction(QString());
    } else {
        m_empty->setMessage(tr("No event matches the search and filters"),
                            tr("%1 events are hidden by them.").arg(display::count(total)));
        m_empty->setAction(tr("Clear search and filters"));
    }
    m_stack->setCurrentWidget(m_empty);
}

} // namespace griddeck::ui
