#include "ui/panes/DeploymentsPane.h"

#include "domain/ServiceSpec.h"
#include "models/DeploymentModel.h"
#include "models/DisplayFormat.h"
#include "models/JobFilterProxy.h"
#include "models/StageStyle.h"
#include "models/UserModel.h"
#include "ui/AppController.h"
#include "ui/panes/DeploymentDetail.h"
#include "ui/panes/PaneSupport.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/FilterButton.h"
#include "ui/widgets/StageBadgeDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {
const QString kSplitterKey = QStringLiteral("deployments/splitter");
const QString kHeaderKey = QStringLiteral("deployments/header");
} // namespace

DeploymentsPane::DeploymentsPane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_proxy(new JobFilterProxy(this))
    , m_view(new QTableView(this))
    , m_detail(new DeploymentDetail(app, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_title(new PaneTitle(tr("Deployments"), this))
    , m_search(makeSearchField(tr("Search deployments\u2026 (Ctrl+F)"), this))
    , m_stageFilter(new FilterButton(tr("Stage"), this))
    , m_typeFilter(new FilterButton(tr("Type"), this))
    , m_userFilter(new FilterButton(tr("User"), this))
    , m_countryFilter(new FilterButton(tr("Country"), this))
    , m_choicesTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("DeploymentsPane"));
    setAccessibleName(tr("Deployments"));
    if (app.deploymentModel())
        m_proxy->setSourceModel(app.deploymentModel());

    for (const QString &name : allStageNames()) {
        if (auto style = StageStyle::of(name))
            m_stageFilter->addChoice(style->badgeText(), name);
    }
    for (const QString &type : ServiceSpec::serviceTypeNames())
        m_typeFilter->addChoice(type, type);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &JobFilterProxy::setSearchText);
    connect(m_stageFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QList<Stage> stages;
        for (const QVariant &v : values) {
            if (auto s = stageFromName(v.toString()))
                stages << *s;
        }
        m_proxy->setStageFilter(stages);
    });
    connect(m_typeFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QStringList types;
        for (const QVariant &v : values)
            types << v.toString();
        m_proxy->setServiceTypeFilter(types);
    });
    connect(m_userFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QList<qint64> users;
        for (const QVariant &v : values)
            users << v.toLongLong();
        m_proxy->setUserFilter(users);
    });
    connect(m_countryFilter, &FilterButton::selectionChanged, this, [this](const QVariantList &values) {
        QStringList countries;
        for (const QVariant &v : values)
            countries << v.toString();
        m_proxy->setCountryFilter(countries);
    });

    // User and country choices follow the data, at most twice a second.
    m_choicesTimer->setSingleShot(true);
    m_choicesTimer->setInterval(500);
    connect(m_choicesTimer, &QTimer::timeout, this, &DeploymentsPane::refreshChoices);
    if (UserModel *users = app.userModel()) {
        connect(users, &QAbstractItemModel::rowsInserted, m_choicesTimer, [this] {
            if (!m_choicesTimer->isActive())
                m_choicesTimer->start();
        });
    }
    if (DeploymentModel *model = app.deploymentModel()) {
        auto soon = [this] {
            if (!m_choicesTimer->isActive())
                m_choicesTimer->start();
        };
        connect(model, &QAbstractItemModel::rowsInserted, m_choicesTimer, soon);
        connect(model, &QAbstractItemModel::dataChanged, m_choicesTimer, soon);
        connect(model, &QAbstractItemModel::layoutChanged, m_choicesTimer, soon); // changes applied as a layout change
        // The title's total follows the model itself, not only what the proxy passes on.
        connect(model, &QAbstractItemModel::rowsInserted, this, &DeploymentsPane::updateCounts);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &DeploymentsPane::updateCounts);
        connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
            if (m_pendingSelect && trySelect(m_pendingSelect))
                m_pendingSelect = 0;
        });
    }

    m_view->setModel(m_proxy);
    m_view->setObjectName(QStringLiteral("deploymentsTable"));
    m_view->setAccessibleName(tr("Deployments"));
    setUpJobTable(m_view, false);
    m_view->setItemDelegateForColumn(DeploymentModel::StageColumn, new StageBadgeDelegate(m_view, false));
    QHeaderView *header = m_view->horizontalHeader();
    const QList<std::pair<int, int>> widths = {
        {DeploymentModel::StageColumn, 134},   {DeploymentModel::ServiceTypeColumn, 80},
        {DeploymentModel::SummaryColumn, 180}, {DeploymentModel::UserColumn, 60},
        {DeploymentModel::NodeColumn, 50},     {DeploymentModel::CountryColumn, 84},
        {DeploymentModel::IpColumn, 130},      {DeploymentModel::TfcColumn, 64},
        {DeploymentModel::CreatedColumn, 80}};
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    m_view->sortByColumn(DeploymentModel::CreatedColumn, Qt::DescendingOrder);
    // The summary already starts with the type ("vm ubuntu 22.04 · …"); the column is there to sort by.
    header->hideSection(DeploymentModel::ServiceTypeColumn);
    header->restoreState(QSettings().value(kHeaderKey).toByteArray());
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DeploymentsPane::onSelectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DeploymentsPane::onSelectionChanged);
    connect(m_detail, &DeploymentDetail::retried, this, &DeploymentsPane::selectJob);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    connect(m_empty, &EmptyState::actionTriggered, this, [this] {
        if (m_proxy->sourceModel() && m_proxy->sourceModel()->rowCount() > 0)
            clearFilters();
        else
            Q_EMIT newDeploymentRequested();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &DeploymentsPane::updateCounts);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DeploymentsPane::updateCounts);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &DeploymentsPane::updateCounts);

    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_detail->setMinimumWidth(380);
    if (!m_splitter->restoreState(QSettings().value(kSplitterKey).toByteArray()))
        m_splitter->setSizes({800, 460});

    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    bar->addWidget(m_title);
    bar->addSpacing(12);
    bar->addWidget(m_search, 1);
    for (FilterButton *f : {m_stageFilter, m_typeFilter, m_userFilter, m_countryFilter})
        bar->addWidget(f);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 4);
    layout->setSpacing(6);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_search, m_stageFilter);
    setTabOrder(m_stageFilter, m_typeFilter);
    setTabOrder(m_typeFilter, m_userFilter);
    setTabOrder(m_userFilter, m_countryFilter);
    setTabOrder(m_countryFilter, m_view);
    setTabOrder(m_view, m_detail);

    refreshChoices();
    updateCounts();
}

DeploymentsPane::~DeploymentsPane()
{
    QSettings settings;
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kHeaderKey, m_view->horizontalHeader()->saveState());
}

void DeploymentsPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void DeploymentsPane::clearFilters()
{
    m_search->clear();
    for (FilterButton *f : {m_stageFilter, m_typeFilter, m_userFilter, m_countryFilter})
        f->clearSelection();
}

void DeploymentsPane::refreshChoices()
{
    QList<std::pair<QString, QVariant>> users;
    if (UserModel *model = m_app.userModel()) {
        for (int r = 0; r < model->rowCount(); ++r)
            users.append({model->rowAt(r).name, model->rowAt(r).userId});
    }
    std::sort(users.begin(), users.end(), [](const auto &a, const auto &b) {
        return QString::compare(a.first, b.first, Qt::CaseInsensitive) < 0;
    });
    if (users.size() != m_userFilter->choiceCount())
        m_userFilter->setChoices(users);

    QSet<QString> seen;
    QList<std::pair<QString, QVariant>> countries;
    if (DeploymentModel *model = m_app.deploymentModel()) {
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString country = model->rowAt(r).deployment.country;
            if (!country.isEmpty() && !seen.contains(country)) {
                seen.insert(country);
                countries.append({country, country});
            }
        }
    }
    std::sort(countries.begin(), countries.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    if (countries.size() != m_countryFilter->choiceCount())
        m_countryFilter->setChoices(countries);
}

void DeploymentsPane::updateCounts()
{
    const int total = m_proxy->sourceModel() ? m_proxy->sourceModel()->rowCount() : 0;
    const int shown = m_proxy->rowCount();
    m_title->setCounts(shown, total);
    if (shown > 0) {
        m_stack->setCurrentWidget(m_view);
        // Something is always selected when there is something to show.
        if (!m_view->selectionModel()->hasSelection() && !m_pendingSelect)
            m_view->selectRow(0);
        return;
    }
    if (total == 0) {
        m_empty->setMessage(tr("No deployments yet"), tr("Buy a service for a user and it appears here as it deploys."));
        m_empty->setAction(tr("New deployment\u2026 (Ctrl+N)"));
    } else {
        m_empty->setMessage(tr("No deployment matches the search and filters"),
                            tr("%1 deployments are hidden by them.").arg(display::count(total)));
        m_empty->setAction(tr("Clear search and filters"));
    }
    m_stack->setCurrentWidget(m_empty);
}

void DeploymentsPane::onSelectionChanged()
{
    m_detail->showJob(selectedJobId());
}

qint64 DeploymentsPane::selectedJobId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isRowSelected(current.row(), QModelIndex()))
        return 0;
    return current.data(JobListModel::JobIdRole).toLongLong();
}

bool DeploymentsPane::trySelect(qint64 jobId)
{
    DeploymentModel *model = m_app.deploymentModel();
    const int sourceRow = model ? model->rowOfJob(jobId) : -1;
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_proxy->mapFromSource(model->index(sourceRow, 0));
    if (!index.isValid()) {
        clearFilters();
        index = m_proxy->mapFromSource(model->index(sourceRow, 0));
        if (!index.isValid())
            return false;
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void DeploymentsPane::selectJob(qint64 jobId)
{
    m_pendingSelect = trySelect(jobId) ? 0 : jobId;
}

} // namespace griddeck::ui
