#include "ui/panes/NodesPane.h"

#include "grid/GridProxyClient.h"
#include "models/DisplayFormat.h"
#include "models/FilterProxies.h"
#include "models/NodeModel.h"
#include "models/StageStyle.h"
#include "pipeline/PipelineSettings.h"
#include "pipeline/PipelineStore.h"
#include "ui/AppController.h"
#include "ui/panes/PaneData.h"
#include "ui/panes/PaneSupport.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/Icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

constexpr quint64 kGiB = 1024ull * 1024 * 1024;
constexpr int kRefreshMs = 60000;
constexpr int kBreakdownRows = 12;

NodeRow rowOf(const GridNode &n)
{
    NodeRow r;
    r.nodeId = n.nodeId;
    r.farmId = n.farmId;
    r.country = n.country;
    r.city = n.city;
    r.status = n.statusText.isEmpty() ? nodeStatusName(n.status) : n.statusText;
    r.healthy = n.healthy;
    r.certification = n.certificationType;
    r.totalCru = n.total.cru;
    r.usedCru = n.used.cru;
    r.totalMru = n.total.mru;
    r.usedMru = n.used.mru;
    r.totalSru = n.total.sru;
    r.usedSru = n.used.sru;
    r.totalHru = n.total.hru;
    r.usedHru = n.used.hru;
    r.uptimeSeconds = qint64(n.uptimeSeconds);
    return r;
}

QSpinBox *gbSpin(QWidget *parent, int max, int value, const QString &suffix)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(0, max);
    spin->setValue(value);
    spin->setSuffix(suffix);
    spin->setAlignment(Qt::AlignRight);
    spin->setKeyboardTracking(true);
    return spin;
}

QString bp(qint64 basisPoints)
{
    return display::count(basisPoints);
}

} // namespace

NodesPane::NodesPane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_model(new NodeModel(this))
    , m_proxy(new NodeFilterProxy(this))
{
    setObjectName(QStringLiteral("NodesPane"));
    setAccessibleName(tr("Nodes"));
    m_proxy->setSourceModel(m_model);

    m_title = new PaneTitle(tr("Nodes"), this);
    m_search = makeSearchField(tr("Search nodes\u2026 (id, farm, country, city)"), this);
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_refresh->setIcon(themedIcon(QStringLiteral("restart"), palette()));
    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addStretch();
    header->addWidget(m_search);
    header->addWidget(m_refresh);

    m_view = new QTableView(this);
    setUpJobTable(m_view, false);
    m_view->setModel(m_proxy);
    m_view->setAccessibleName(tr("Grid nodes"));
    m_view->sortByColumn(NodeModel::ScoreColumn, Qt::DescendingOrder);
    // What decides a placement first (status, score, our load), then the capacity figures.
    QHeaderView *columns = m_view->horizontalHeader();
    const QList<std::pair<int, int>> widths = {
        {NodeModel::NodeColumn, 60},     {NodeModel::FarmColumn, 50},       {NodeModel::CountryColumn, 110},
        {NodeModel::StatusColumn, 110},  {NodeModel::ScoreColumn, 70},      {NodeModel::OurDeploymentsColumn, 50},
        {NodeModel::CpuColumn, 65},      {NodeModel::MemoryColumn, 140},    {NodeModel::SsdColumn, 140},
        {NodeModel::CertificationColumn, 80}, {NodeModel::HddColumn, 140}, {NodeModel::UptimeColumn, 70},
        {NodeModel::CityColumn, 100},
    };
    for (int visual = 0; visual < widths.size(); ++visual) {
        columns->moveSection(columns->visualIndex(widths.at(visual).first), visual);
        columns->resizeSection(widths.at(visual).first, widths.at(visual).second);
    }
    m_empty = new EmptyState(this);
    m_empty->setMessage(tr("No nodes yet"), tr("Loading the grid\u2026"));
    m_empty->setAction(tr("Refresh"));
    auto *stack = new QStackedWidget(this);
    stack->addWidget(m_view);
    stack->addWidget(m_empty);
    stack->setCurrentWidget(m_empty);

    m_statusLine = new QLabel(this);
    m_statusLine->setWordWrap(true);
    m_statusLine->setForegroundRole(QPalette::PlaceholderText); // follows theme changes

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(buildFilters());
    leftLayout->addWidget(stack, 1);
    leftLayout->addWidget(m_statusLine);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(buildSelector());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &SearchFilterProxy::setSearchText);
    connect(m_refresh, &QPushButton::clicked, this, &NodesPane::refresh);
    connect(m_empty, &EmptyState::actionTriggered, this, [this] {
        if (m_nodes.isEmpty())
            refresh();
        else
            clearFilters();
    });
    const auto showTableOrEmpty = [this, stack] {
        updateCounts();
        const bool empty = m_proxy->rowCount() == 0;
        if (empty && !m_nodes.isEmpty()) {
            m_empty->setMessage(tr("No node matches the filters"), tr("Lower the free resources asked or widen the filters."));
            m_empty->setAction(tr("Clear filters"));
        }
        stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_view);
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, showTableOrEmpty);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, showTableOrEmpty);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, showTableOrEmpty);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, showTableOrEmpty);

    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &NodesPane::refresh);
    m_timer->start();
    connect(&m_app, &AppController::configChanged, this, &NodesPane::refresh);
    connect(&m_app, &AppController::engineStateChanged, this, &NodesPane::refresh);
    refresh();
}

QWidget *NodesPane::buildFilters()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_minCpu = gbSpin(box, 512, 0, tr(" cores"));
    m_minCpu->setSpecialValueText(tr("any CPU"));
    m_minCpu->setAccessibleName(tr("Minimum free CPU"));
    m_minMemory = gbSpin(box, 4096, 0, tr(" GB"));
    m_minMemory->setSpecialValueText(tr("any memory"));
    m_minMemory->setAccessibleName(tr("Minimum free memory"));
    m_minStorage = gbSpin(box, 100'000, 0, tr(" GB"));
    m_minStorage->setSpecialValueText(tr("any SSD"));
    m_minStorage->setAccessibleName(tr("Minimum free SSD"));
    m_country = new QComboBox(box);
    m_country->addItem(tr("Any country"), QString());
    m_country->setAccessibleName(tr("Country"));
    m_country->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_statusFilter = new QComboBox(box);
    m_statusFilter->addItem(tr("Any status"), QString());
    m_statusFilter->addItem(tr("Up"), QStringLiteral("up"));
    m_statusFilter->addItem(tr("Down"), QStringLiteral("down"));
    m_statusFilter->addItem(tr("Standby"), QStringLiteral("standby"));
    m_statusFilter->setAccessibleName(tr("Status"));
    m_certification = new QComboBox(box);
    m_certification->addItem(tr("Any certification"), QString());
    m_certification->addItem(tr("Certified"), QStringLiteral("Certified"));
    m_certification->addItem(tr("DIY"), QStringLiteral("Diy"));
    m_certification->setAccessibleName(tr("Certification"));
    m_healthyOnly = new QCheckBox(tr("Healthy only"), box);

    row->addWidget(new QLabel(tr("Free at least:"), box));
    row->addWidget(m_minCpu);
    row->addWidget(m_minMemory);
    row->addWidget(m_minStorage);
    row->addSpacing(8);
    row->addWidget(m_country);
    row->addWidget(m_statusFilter);
    row->addWidget(m_certification);
    row->addWidget(m_healthyOnly);
    row->addStretch();

    for (QSpinBox *s : {m_minCpu, m_minMemory, m_minStorage})
        connect(s, &QSpinBox::valueChanged, this, &NodesPane::applyFilters);
    for (QComboBox *c : {m_country, m_statusFilter, m_certification})
        connect(c, &QComboBox::currentIndexChanged, this, &NodesPane::applyFilters);
    connect(m_healthyOnly, &QCheckBox::toggled, this, &NodesPane::applyFilters);
    return box;
}

QWidget *NodesPane::buildSelector()
{
    auto *group = new QGroupBox(tr("Where would a deployment go?"), this);
    auto *layout = new QVBoxLayout(group);
    auto *form = new QFormLayout;
    m_specCpu = gbSpin(group, 64, 2, tr(" cores"));
    m_specMemory = gbSpin(group, 1024, 4, tr(" GB"));
    m_specStorage = gbSpin(group, 100'000, 50, tr(" GB"));
    m_specIpv4 = new QCheckBox(tr("Public IPv4"), group);
    m_specNodes = gbSpin(group, 20, 1, QString());
    m_specNodes->setMinimum(1);
    m_specNodes->setToolTip(tr("Kubernetes clusters take one distinct node per member"));
    form->addRow(tr("CPU:"), m_specCpu);
    form->addRow(tr("Memory:"), m_specMemory);
    form->addRow(tr("SSD:"), m_specStorage);
    form->addRow(tr("Nodes:"), m_specNodes);
    form->addRow(QString(), m_specIpv4);
    layout->addLayout(form);

    m_pick = new QLabel(group);
    m_pick->setWordWrap(true);
    m_pick->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_pick);

    m_breakdown = new QTableWidget(0, 7, group);
    m_breakdown->setHorizontalHeaderLabels(
        {tr("Node"), tr("Score"), tr("Headroom ×3"), tr("Reliability"), tr("Country"), tr("Spread"), tr("Country / farm")});
    m_breakdown->horizontalHeaderItem(2)->setToolTip(tr("The tightest resource's share left after placement, in basis points, counted three times"));
    m_breakdown->horizontalHeaderItem(3)->setToolTip(tr("Uptime since the last boot as a share of 30 days, in basis points"));
    m_breakdown->horizontalHeaderItem(4)->setToolTip(tr("Bonus for a preferred country"));
    m_breakdown->horizontalHeaderItem(5)->setToolTip(tr("Penalty for our live deployments on the node and its farm"));
    m_breakdown->verticalHeader()->hide();
    m_breakdown->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_breakdown->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_breakdown->setShowGrid(false);
    m_breakdown->verticalHeader()->setDefaultSectionSize(m_breakdown->fontMetrics().height() + 8);
    m_breakdown->horizontalHeader()->setStretchLastSection(true);
    m_breakdown->setAccessibleName(tr("Score breakdown"));
    layout->addWidget(m_breakdown, 1);

    m_rejections = new QLabel(group);
    m_rejections->setWordWrap(true);
    m_rejections->setForegroundRole(QPalette::PlaceholderText); // follows theme changes
    layout->addWidget(m_rejections);
    auto *formula = new QLabel(tr("score = 3 × headroom + reliability + country bonus − spread penalty; ties go to the lowest node id."), group);
    formula->setWordWrap(true);
    formula->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(formula);

    for (QSpinBox *s : {m_specCpu, m_specMemory, m_specStorage, m_specNodes})
        connect(s, &QSpinBox::valueChanged, this, &NodesPane::evaluate);
    connect(m_specIpv4, &QCheckBox::toggled, this, &NodesPane::evaluate);
    connect(m_breakdown, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const qint64 node = m_breakdown->item(row, 0)->data(Qt::UserRole).toLongLong();
        const int source = m_model->rowOfNode(node);
        if (source >= 0) {
            const QModelIndex index = m_proxy->mapFromSource(m_model->index(source, 0));
            if (index.isValid()) {
                m_view->scrollTo(index);
                m_view->setCurrentIndex(index);
            }
        }
    });
    group->setMinimumWidth(380);
    return group;
}

QString NodesPane::pickText() const
{
    return m_pick->text();
}

QString NodesPane::statusText() const
{
    return m_statusLine->text();
}

void NodesPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Stale after a minute away: look again when shown.
    if (m_loadedAt != 0 && QDateTime::currentMSecsSinceEpoch() - m_loadedAt > kRefreshMs / 2)
        refresh();
}

void NodesPane::clearFilters()
{
    for (QSpinBox *s : {m_minCpu, m_minMemory, m_minStorage})
        s->setValue(0);
    for (QComboBox *c : {m_country, m_statusFilter, m_certification})
        c->setCurrentIndex(0);
    m_healthyOnly->setChecked(false);
    m_search->clear();
}

void NodesPane::applyFilters()
{
    m_proxy->setMinFreeCpu(quint64(m_minCpu->value()));
    m_proxy->setMinFreeMemory(quint64(m_minMemory->value()) * kGiB);
    m_proxy->setMinFreeStorage(quint64(m_minStorage->value()) * kGiB);
    const QString country = m_country->currentData().toString();
    m_proxy->setCountryFilter(country.isEmpty() ? QStringList() : QStringList{country});
    const QString status = m_statusFilter->currentData().toString();
    m_proxy->setStatusFilter(status.isEmpty() ? QStringList() : QStringList{status});
    const QString certification = m_certification->currentData().toString();
    m_proxy->setCertificationFilter(certification.isEmpty() ? QStringList() : QStringList{certification});
    m_proxy->setHealthyOnly(m_healthyOnly->isChecked());
    updateCounts();
}

void NodesPane::updateCounts()
{
    m_title->setCounts(m_proxy->rowCount(), m_model->rowCount());
}

void NodesPane::refresh()
{
    if (m_fetching)
        return;
    auto resolved = gridProxyUrl(m_app);
    if (!resolved.ok()) {
        const QString why = resolved.error().message;
        m_statusLine->setText(why);
        m_empty->setMessage(tr("The grid is not reachable"), why);
        m_empty->setAction(tr("Try again"));
        // Said later, as a fetch would: whoever connects after construction still hears it.
        QMetaObject::invokeMethod(this, [this, why] { Q_EMIT nodesLoaded(-1, why); }, Qt::QueuedConnection);
        return;
    }
    m_fetching = true;
    m_refresh->setEnabled(false);
    const QUrl url = resolved.value();
    m_statusLine->setText(tr("Reading nodes from %1\u2026").arg(url.toString()));

    // Our live deployments per node and farm (the selector's spread term), off the GUI thread.
    QPointer<NodesPane> self(this);
    AppController *app = &m_app;
    m_app.run<SelectionContext>(
        [app]() -> Result<SelectionContext> {
            SelectionContext context;
            if (auto counts = pipelinestore::liveCounts(app->store()->db(), &context.liveOnNode, &context.liveOnFarm);
                !counts.ok())
                return counts.error();
            return context;
        },
        [self](Result<SelectionContext> context) {
            if (!self || !context.ok())
                return;
            self->m_context = context.value();
            self->m_model->setOurDeploymentCounts(self->m_context.liveOnNode);
            self->evaluate();
        });

    // Every page of GET /nodes; the client answers on this thread, asynchronously.
    GridProxyClient client(url, HttpClient(m_app.config().threefoldGrid.requestTimeoutSeconds * 1000));
    NodeQuery query;
    query.size = GridProxyClient::kDefaultPageSize;
    client.fetchAllNodes(query, [self, url](Result<QList<GridNode>> nodes) {
        if (self)
            self->onNodes(nodes, url.toString());
    });
}

void NodesPane::onNodes(const Result<QList<GridNode>> &nodes, const QString &url)
{
    m_fetching = false;
    m_refresh->setEnabled(true);
    if (!nodes.ok()) {
        const QString why = nodes.error().message;
        m_statusLine->setText(tr("Could not read the nodes: %1").arg(why));
        if (m_nodes.isEmpty()) {
            m_empty->setMessage(tr("The grid is not reachable"), why);
            m_empty->setAction(tr("Try again"));
        }
        Q_EMIT nodesLoaded(-1, why);
        return;
    }
    m_nodes = nodes.value();
    m_loadedAt = QDateTime::currentMSecsSinceEpoch();
    QList<NodeRow> rows;
    rows.reserve(m_nodes.size());
    QStringList countries;
    for (const GridNode &n : std::as_const(m_nodes)) {
        rows.append(rowOf(n));
        if (!n.country.isEmpty() && !countries.contains(n.country))
            countries.append(n.country);
    }
    countries.sort(Qt::CaseInsensitive);
    m_model->setNodes(rows);

    // Keep the chosen country when the list is rebuilt.
    const QString chosen = m_country->currentData().toString();
    {
        QSignalBlocker block(m_country);
        while (m_country->count() > 1)
            m_country->removeItem(1);
        for (const QString &c : std::as_const(countries))
            m_country->addItem(c, c);
        m_country->setCurrentIndex(qMax(0, m_country->findData(chosen)));
    }
    if (m_nodes.isEmpty())
        m_empty->setMessage(tr("The grid proxy lists no nodes"), url);
    m_statusLine->setText(tr("%1 nodes from %2 \u00B7 read %3")
                              .arg(display::count(m_nodes.size()), url, display::exactTime(m_loadedAt)));
    applyFilters();
    evaluate();
    Q_EMIT nodesLoaded(int(m_nodes.size()), QString());
}

void NodesPane::evaluate()
{
    if (m_nodes.isEmpty()) {
        m_pick->setText(tr("Waiting for the node list\u2026"));
        return;
    }
    // The same request and settings the pipeline's deploying step builds.
    griddeck::ResourceRequest request;
    request.cru = quint64(m_specCpu->value());
    request.mruBytes = quint64(m_specMemory->value()) * kGiB;
    request.sruBytes = quint64(m_specStorage->value()) * kGiB;
    request.publicIpv4 = m_specIpv4->isChecked();
    request.nodeCount = m_specNodes->value();
    SelectionSettings settings;
    settings.minUptime = m_app.config().threefoldGrid.minUptimePercent;
    settings.preferredCountries = countryNamesFromCodes(m_app.config().threefoldGrid.preferredCountries);
    settings.twinId = m_app.config().threefoldGrid.twinId;
    SelectionContext context = m_context;
    context.excludedNodes.clear();

    const QList<CandidateScore> all = NodeSelector::evaluateAll(m_nodes, request, settings, context);
    QHash<qint64, NodeScore> scores;
    QHash<QString, int> rejected;
    for (const CandidateScore &c : all) {
        if (c.eligible())
            scores.insert(c.nodeId, NodeScore{c.score, display::count(c.score)});
        else
            rejected[rejectionName(c.rejection)] += 1;
    }
    m_model->setScores(scores);

    auto selection = NodeSelector::select(m_nodes, request, settings, context);
    m_picked = selection.ok() && !selection.value().chosen.isEmpty() ? selection.value().chosen.first().nodeId : 0;
    m_model->setHighlightedNode(m_picked);
    if (selection.ok()) {
        QStringList picks;
        for (const GridNode &n : selection.value().chosen)
            picks << tr("node %1 (%2, farm %3)").arg(n.nodeId).arg(n.country).arg(n.farmId);
        m_pick->setText(tr("For %1 the selector picks <b>%2</b>.").arg(request.describe().toHtmlEscaped(), picks.join(QStringLiteral(", "))));
        const int source = m_model->rowOfNode(m_picked);
        const QModelIndex index = source >= 0 ? m_proxy->mapFromSource(m_model->index(source, 0)) : QModelIndex();
        if (index.isValid())
            m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    } else {
        m_pick->setText(selection.error().message.toHtmlEscaped());
    }

    QStringList reasons;
    for (auto it = rejected.constBegin(); it != rejected.constEnd(); ++it)
        reasons << tr("%1 %2").arg(display::count(it.value()), it.key());
    reasons.sort();
    m_rejections->setText(reasons.isEmpty() ? tr("Every node is eligible.")
                                            : tr("Not eligible: %1.").arg(reasons.join(QStringLiteral(", "))));

    // The best candidates with their breakdown.
    const QColor success = StageStyle::color(ColorRole::Success, palette());
    m_breakdown->setRowCount(0);
    int shown = 0;
    for (const CandidateScore &c : all) {
        if (!c.eligible() || shown >= kBreakdownRows)
            break;
        const int row = m_breakdown->rowCount();
        m_breakdown->insertRow(row);
        const auto cell = [&](int column, const QString &text, bool right = true) {
            auto *item = new QTableWidgetItem(text);
            item->setFont(display::monospaceFont());
            if (right)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c.nodeId == m_picked) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
                item->setForeground(success);
            }
            m_breakdown->setItem(row, column, item);
            return item;
        };
        cell(0, (c.nodeId == m_picked ? QStringLiteral("\u25CF ") : QString()) + QString::number(c.nodeId), false)
            ->setData(Qt::UserRole, c.nodeId);
        cell(1, display::count(c.score));
        cell(2, bp(NodeSelector::kHeadroomWeight * c.headroomBp))->setToolTip(tr("headroom %1 bp × 3").arg(bp(c.headroomBp)));
        cell(3, bp(c.reliabilityBp));
        cell(4, c.countryBonus ? QStringLiteral("+") + bp(c.countryBonus) : QStringLiteral("0"));
        cell(5, c.spreadPenalty ? QStringLiteral("\u2212") + bp(c.spreadPenalty) : QStringLiteral("0"))
            ->setToolTip(tr("%1 of ours on the node, %2 on farm %3")
                             .arg(context.liveOnNode.value(c.nodeId))
                             .arg(context.liveOnFarm.value(c.farmId))
                             .arg(c.farmId));
        cell(6, tr("%1 · farm %2").arg(c.country).arg(c.farmId), false);
        ++shown;
    }
    m_breakdown->resizeColumnsToContents();
    Q_EMIT selectionEvaluated(m_picked);
}

} // namespace griddeck::ui
