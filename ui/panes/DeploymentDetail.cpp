#include "ui/panes/DeploymentDetail.h"

#include "models/DeploymentModel.h"
#include "models/DisplayFormat.h"
#include "models/PriceReaders.h"
#include "models/StageStyle.h"
#include "models/StoreWatcher.h"
#include "store/Access.h"
#include "ui/AppController.h"
#include "ui/Prompts.h"
#include "ui/widgets/CopyField.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/Icons.h"
#include "ui/widgets/StageBadgeDelegate.h"
#include "ui/widgets/TimelineWidget.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#if __has_include("ui/dialogs/RefundDialog.h")
#include "ui/dialogs/RefundDialog.h"
#define GRIDDECK_HAS_REFUND_DIALOG 1
#endif

namespace griddeck::ui {

// The stage badge of the detail header, painted like the table's.
class StageBadge : public QWidget
{
public:
    explicit StageBadge(QWidget *parent)
        : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    }
    void setStage(std::optional<Stage> stage)
    {
        m_stage = stage;
        setAccessibleName(stage ? StageStyle::of(*stage).label : QString());
        updateGeometry();
        update();
    }
    QSize sizeHint() const override
    {
        if (!m_stage)
            return {0, 0};
        const auto s = StageStyle::of(*m_stage);
        return StageBadgeDelegate::badgeSize(s.mark, s.label, font()) + QSize(2, 2);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (!m_stage)
            return;
        QPainter p(this);
        const auto s = StageStyle::of(*m_stage);
        StageBadgeDelegate::paintBadge(&p, rect(), s.mark, s.label, StageStyle::color(s.colorRole, palette()), font());
    }

private:
    std::optional<Stage> m_stage;
};

namespace {

QLabel *mutedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QPushButton *actionButton(const QString &text, const QString &icon, const QString &tip, QWidget *parent)
{
    auto *button = new QPushButton(themedIcon(icon, parent->palette()), text, parent);
    button->setToolTip(tip);
    button->setAccessibleName(text);
    return button;
}

} // namespace

DeploymentDetail::DeploymentDetail(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_scroll(new QScrollArea(this))
{
    setAccessibleName(tr("Deployment details"));
    auto *content = new QWidget(m_scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(10);

    // Header: title with badge, then who and when.
    m_title = new QLabel(content);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    m_badge = new StageBadge(content);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_badge, 0, Qt::AlignTop);
    layout->addLayout(titleRow);
    m_subtitle = mutedLabel(QString(), content);
    m_subtitle->setWordWrap(true);
    layout->addWidget(m_subtitle);

    m_timeline = new TimelineWidget(content);
    layout->addWidget(m_timeline);

    // Connection details.
    m_connection = new QGroupBox(tr("Connection details"), content);
    auto *conn = new QVBoxLayout(m_connection);
    conn->setSpacing(2);
    m_connectionHint = mutedLabel(tr("Connection details appear once the service is deployed."), m_connection);
    m_connectionHint->setWordWrap(true);
    m_ip = new CopyField(tr("IP"), m_connection);
    m_ipv6 = new CopyField(tr("IPv6"), m_connection);
    m_ssh = new CopyField(tr("SSH"), m_connection);
    m_web = new CopyField(tr("Web"), m_connection, true);
    m_mycelium = new CopyField(tr("Mycelium"), m_connection);
    for (QWidget *w : std::initializer_list<QWidget *>{m_connectionHint, m_ip, m_ipv6, m_ssh, m_web, m_mycelium})
        conn->addWidget(w);
    layout->addWidget(m_connection);

    // Metrics: label / value pairs, amounts right-aligned in a monospace font.
    m_metricsBox = new QGroupBox(tr("Payment and grid"), content);
    auto *metrics = new QGridLayout(m_metricsBox);
    metrics->setHorizontalSpacing(16);
    metrics->setVerticalSpacing(3);
    metrics->setColumnStretch(1, 1);
    addMetric(QStringLiteral("tfc"), tr("TFC spent"));
    addMetric(QStringLiteral("commission"), tr("Commission"));
    addMetric(QStringLiteral("grid"), tr("Grid payment"));
    addMetric(QStringLiteral("tft"), tr("TFT converted"));
    addMetric(QStringLiteral("rate"), tr("Rate"));
    addMetric(QStringLiteral("refunded"), tr("Refunded"));
    addMetric(QStringLiteral("node"), tr("Grid node"));
    m_contract = new CopyField(tr("Contract"), m_metricsBox);
    m_contract->labelWidget()->setMinimumWidth(0);
    m_contract->labelWidget()->hide();
    metrics->addWidget(mutedLabel(tr("Contract"), m_metricsBox), metrics->rowCount(), 0);
    metrics->addWidget(m_contract, metrics->rowCount() - 1, 1);
    layout->addWidget(m_metricsBox);

    // Actions.
    m_restart = actionButton(tr("Restart"), QStringLiteral("restart"), tr("Restart the service on its node"), content);
    m_stop = actionButton(tr("Stop\u2026"), QStringLiteral("stop"), tr("Stop the service and cancel its contract"), content);
    m_refund = actionButton(tr("Refund\u2026"), QStringLiteral("refund"), tr("Give credits back to the user"), content);
    m_retry = actionButton(tr("Retry"), QStringLiteral("retry"), tr("Queue this purchase again; credits are held anew"), content);
    connect(m_restart, &QPushButton::clicked, this, &DeploymentDetail::restartService);
    connect(m_stop, &QPushButton::clicked, this, &DeploymentDetail::stopService);
    connect(m_refund, &QPushButton::clicked, this, &DeploymentDetail::openRefund);
    connect(m_retry, &QPushButton::clicked, this, &DeploymentDetail::retryJob);
    auto *actions = new QHBoxLayout;
    for (QPushButton *b : {m_retry, m_restart, m_stop, m_refund})
        actions->addWidget(b);
    actions->addStretch(1);
    layout->addLayout(actions);
    m_actionHint = mutedLabel(QString(), content);
    m_actionHint->setWordWrap(true);
    layout->addWidget(m_actionHint);

    // History, collapsible (remembered).
    m_historyToggle = new QToolButton(content);
    m_historyToggle->setCheckable(true);
    m_historyToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_historyToggle->setAutoRaise(true);
    m_historyToggle->setAccessibleName(tr("Show or hide the history"));
    m_history = new QTreeWidget(content);
    m_history->setColumnCount(4);
    m_history->setHeaderLabels({tr("When"), tr("Stage"), tr("What happened"), tr("By")});
    m_history->setRootIsDecorated(false);
    m_history->setAlternatingRowColors(true);
    m_history->setUniformRowHeights(true);
    m_history->setWordWrap(false);
    m_history->setAccessibleName(tr("Job history"));
    m_history->header()->setStretchLastSection(false);
    m_history->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_history->setMinimumHeight(140);
    const bool expanded = QSettings().value(QStringLiteral("detail/historyExpanded"), true).toBool();
    m_historyToggle->setChecked(expanded);
    m_history->setVisible(expanded);
    connect(m_historyToggle, &QToolButton::toggled, this, [this](bool on) {
        m_history->setVisible(on);
        QSettings().setValue(QStringLiteral("detail/historyExpanded"), on);
        rebuildHistory();
    });
    layout->addWidget(m_historyToggle);
    layout->addWidget(m_history, 1);
    layout->addStretch(0);

    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_empty->setMessage(tr("No deployment selected"),
                        tr("Select a deployment to see its progress, connection details and history."));
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_scroll);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    setTabOrder(m_ip->valueLabel(), m_ip->copyButton());

    // Live updates: the model row, the job's events.
    if (DeploymentModel *model = m_app.deploymentModel()) {
        connect(model, &QAbstractItemModel::dataChanged, this, [this, model](const QModelIndex &from, const QModelIndex &to) {
            const int row = model->rowOfJob(m_jobId);
            if (row >= from.row() && row <= to.row())
                refresh();
        });
        // A sorted model applies a batch that moves or adds rows (or a large one) as one layout
        // change, without dataChanged for the rows it changed: the shown row may be among them.
        connect(model, &QAbstractItemModel::layoutChanged, this, [this] {
            if (m_jobId)
                refresh();
        });
        connect(model, &QAbstractItemModel::rowsInserted, this, [this, model] {
            if (m_jobId && m_stack->currentWidget() == m_empty && model->job(m_jobId))
                refresh();
        });
    }
    if (StoreWatcher *watcher = m_app.watcher()) {
        connect(watcher, &StoreWatcher::eventsLoaded, this,
                [this](qint64 jobId, const QList<EventRow> &events) { applyEvents(jobId, events, true); });
        connect(watcher, &StoreWatcher::eventsAdded, this,
                [this](const QList<EventRow> &events) { applyEvents(m_jobId, events, false); });
    }
    connect(&m_app, &AppController::engineStateChanged, this, [this] {
        if (const JobRow *row = m_app.deploymentModel() ? m_app.deploymentModel()->job(m_jobId) : nullptr)
            updateActions(*row);
    });
    showJob(0);
}

void DeploymentDetail::addMetric(const QString &name, const QString &label)
{
    auto *grid = static_cast<QGridLayout *>(m_metricsBox->layout());
    const int row = grid->rowCount();
    grid->addWidget(mutedLabel(label, m_metricsBox), row, 0);
    auto *value = new QLabel(m_metricsBox);
    value->setFont(display::monospaceFont());
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setAccessibleName(label);
    grid->addWidget(value, row, 1);
    m_metrics.insert(name, value);
}

void DeploymentDetail::setMetric(const QString &name, const QString &text, const QString &toolTip)
{
    QLabel *label = m_metrics.value(name);
    if (!label)
        return;
    label->setText(text.isEmpty() ? QStringLiteral("\u2014") : text);
    label->setToolTip(toolTip);
}

QString DeploymentDetail::metricText(const QString &name) const
{
    const QLabel *label = m_metrics.value(name);
    return label ? label->text() : QString();
}

void DeploymentDetail::showJob(qint64 jobId)
{
    const bool changed = jobId != m_jobId;
    m_jobId = jobId;
    if (changed) {
        m_events.clear();
        m_extras = Extras();
        m_shownFingerprint = 0;
        m_history->clear();
        if (jobId && m_app.watcher())
            m_app.watcher()->requestEvents(jobId, 500);
    }
    refresh();
}

void DeploymentDetail::refresh()
{
    const JobRow *row = (m_jobId && m_app.deploymentModel()) ? m_app.deploymentModel()->job(m_jobId) : nullptr;
    if (!row) {
        m_stack->setCurrentWidget(m_empty);
        m_timeline->clear();
        return;
    }
    m_stack->setCurrentWidget(m_scroll);
    const Job &job = row->job;
    m_title->setText(tr("#%1 \u00B7 %2").arg(job.id).arg(row->summary));
    m_badge->setStage(job.stage);
    const qint64 now = m_app.clock().nowMs();
    QString sub = tr("%1 \u00B7 %2 priority \u00B7 bought %3").arg(row->userName, priorityName(job.priority),
                                                                   display::relativeTime(job.createdAt, now));
    if (job.retryOf)
        sub += tr(" \u00B7 retry of #%1").arg(*job.retryOf);
    if (job.attempt > 0 && job.isLive())
        sub += tr(" \u00B7 attempt %1 of %2").arg(job.attempt + 1).arg(job.maxRetries + 1);
    m_subtitle->setText(sub);
    m_subtitle->setToolTip(tr("Bought %1, last change %2").arg(display::exactTime(job.createdAt), display::exactTime(job.updatedAt)));

    const DeploymentSummary &d = row->deployment;
    const bool reachable = !(d.ip.isEmpty() && d.ipv6.isEmpty() && d.myceliumIp.isEmpty() && d.webUrl.isEmpty());
    QString hint;
    if (!reachable)
        hint = job.isLive() ? tr("Connection details appear once the service is deployed.")
                            : tr("This job never got an address on the grid.");
    else if (job.stage == Stage::Stopped || job.stage == Stage::Failed)
        hint = tr("The contract has ended: these addresses no longer answer.");
    m_connectionHint->setText(hint);
    m_connectionHint->setVisible(!hint.isEmpty());
    for (CopyField *field : {m_ip, m_ssh, m_mycelium})
        field->setVisible(reachable);
    // No web interface (a plain VM): no Web row, as in the seed's dashboard.
    m_web->setVisible(reachable && !d.webUrl.isEmpty());
    m_ip->setValue(d.ip);
    m_ipv6->setValue(d.ipv6);
    m_ipv6->setVisible(!d.ipv6.isEmpty());
    const QString address = d.bestIp();
    m_ssh->setValue(!d.sshCommand.isEmpty() ? d.sshCommand
                    : address.isEmpty()     ? QString()
                                            : QStringLiteral("ssh root@%1").arg(address));
    m_web->setValue(d.webUrl);
    m_mycelium->setValue(d.myceliumIp);
    m_contract->setValue(d.contractId ? QString::number(*d.contractId) : QString());

    updateTimeline(*row);
    updateMetrics(*row);
    updateActions(*row);
    if (row->fingerprint != m_shownFingerprint) {
        m_shownFingerprint = row->fingerprint;
        loadExtras();
    }
}

void DeploymentDetail::updateTimeline(const JobRow &row)
{
    const bool running = !row.job.leaseOwner.isEmpty() && row.job.leaseExpiresAt.value_or(0) > m_app.clock().nowMs();
    m_timeline->setNow(m_app.clock().nowMs());
    m_timeline->setState(TimelineWidget::stateFor(row.job.stage, row.job.lastError, running, m_events.values()));
}

void DeploymentDetail::updateMetrics(const JobRow &row)
{
    const Job &job = row.job;
    setMetric(QStringLiteral("tfc"), display::tfc(job.tfcAmount) + QStringLiteral(" TFC"), display::tfcFull(job.tfcAmount));
    setMetric(QStringLiteral("commission"), display::tfc(job.commissionAmount) + QStringLiteral(" TFC"),
              display::tfcFull(job.commissionAmount));
    setMetric(QStringLiteral("grid"), display::tfc(job.gridPaymentAmount) + QStringLiteral(" TFC"),
              display::tfcFull(job.gridPaymentAmount));
    if (m_extras.tftReceived)
        setMetric(QStringLiteral("tft"), display::tft(*m_extras.tftReceived) + QStringLiteral(" TFT"),
                  display::tftFull(*m_extras.tftReceived));
    else if (m_extras.tftNeeded)
        setMetric(QStringLiteral("tft"), tr("%1 TFT (quoted)").arg(display::tft(*m_extras.tftNeeded)),
                  tr("Not converted yet: the quote asks for %1").arg(display::tftFull(*m_extras.tftNeeded)));
    else
        setMetric(QStringLiteral("tft"), QString());
    setMetric(QStringLiteral("rate"), m_extras.rate ? tr("%1 USD/TFT").arg(m_extras.rate->toDisplayString(5)) : QString(),
              m_extras.rate ? m_extras.rate->toString() : QString());
    if (m_extras.hold && m_extras.hold->state == HoldState::Released)
        setMetric(QStringLiteral("refunded"), tr("%1 TFC (hold released)").arg(display::tfc(m_extras.hold->amount)),
                  tr("The job ended before the service was active: every credit went back to the user."));
    else if (m_extras.hold && m_extras.hold->refunded.isPositive())
        setMetric(QStringLiteral("refunded"), display::tfc(m_extras.hold->refunded) + QStringLiteral(" TFC"),
                  display::tfcFull(m_extras.hold->refunded));
    else
        setMetric(QStringLiteral("refunded"), QString());
    const DeploymentSummary &d = row.deployment;
    QStringList node;
    if (d.nodeId)
        node << QString::number(d.nodeId);
    if (!d.country.isEmpty())
        node << d.country;
    if (d.farmId)
        node << tr("farm %1").arg(*d.farmId);
    setMetric(QStringLiteral("node"), node.join(QStringLiteral(" \u00B7 ")),
              d.exists() ? tr("Deployment %1, attempt %2, state %3").arg(d.deploymentId).arg(d.attempt).arg(d.state) : QString());
}

void DeploymentDetail::updateActions(const JobRow &row)
{
    const Stage stage = row.job.stage;
    const bool engine = m_app.engineRunning();
    const bool active = stage == Stage::Active;
    m_retry->setVisible(stage == Stage::Failed || stage == Stage::Cancelled || stage == Stage::Stopped);
    // The real grid has no restart or stop (the gateway's "actions" says so): no button.
    const bool restartable = active && row.deployment.allows(QStringLiteral("restart"));
    const bool stoppable = active && row.deployment.allows(QStringLiteral("stop"));
    m_restart->setVisible(
        restartable && access::allowed(m_app.store().get(), access::Action::RestartDeployment));
    m_stop->setVisible(stoppable && access::allowed(m_app.store().get(), access::Action::StopDeployment));
    m_restart->setEnabled(restartable && engine && !m_busy);
    m_stop->setEnabled(stoppable && engine && !m_busy);
    if (!access::allowed(m_app.store().get(), access::Action::RetryJob))
        m_retry->setVisible(false);
    m_retry->setEnabled(!m_busy);
#ifdef GRIDDECK_HAS_REFUND_DIALOG
    const bool refundable = m_extras.hold && m_extras.hold->state == HoldState::Captured
                            && m_extras.hold->refundable().isPositive();
    m_refund->setVisible((stage == Stage::Active || stage == Stage::Stopped)
        && access::allowed(m_app.store().get(), access::Action::Refund));
    m_refund->setEnabled(refundable && !m_busy);
    m_refund->setToolTip(refundable ? tr("Give up to %1 TFC back to %2").arg(display::tfc(m_extras.hold->refundable()), row.userName)
                                    : tr("Nothing left to refund on this job"));
#else
    m_refund->setVisible(false);
#endif
    QString hint;
    if (active && !engine)
        hint = tr("Restart and Stop need the pipeline engine, which is not running.");
    else if (stage == Stage::Failed)
        hint = tr("The held credits went back to %1. Retry queues the purchase again.").arg(row.userName);
    else if (stage == Stage::Stopped)
        hint = tr("The service was stopped. Retry buys it again for %1: the credits are held anew.").arg(row.userName);
    else if (stage == Stage::Queued)
        hint = tr("Waiting for a worker. Cancel it from the Queue pane to give the credits back.");
    m_actionHint->setText(hint);
    m_actionHint->setVisible(!hint.isEmpty());
}

void DeploymentDetail::loadExtras()
{
    const qint64 jobId = m_jobId;
    const int request = ++m_extrasRequest;
    AppController *app = &m_app;
    m_app.run<Extras>(
        [app, jobId]() -> Result<Extras> {
            Extras extras;
            auto figures = jobTftFigures(app->store()->db(), jobId);
            if (!figures.ok())
                return figures.error();
            extras.tftReceived = figures->tftReceived;
            extras.rate = figures->rate;
            extras.tftNeeded = figures->tftNeeded;
            if (auto hold = app->ledger().hold(jobId); hold.ok())
                extras.hold = hold.value();
            return extras;
        },
        [this, jobId, request](Result<Extras> result) {
            if (jobId != m_jobId || request != m_extrasRequest || !result.ok())
                return;
            m_extras = result.value();
            if (const JobRow *row = m_app.deploymentModel()->job(m_jobId)) {
                updateMetrics(*row);
                updateActions(*row);
            }
        });
}

void DeploymentDetail::applyEvents(qint64 jobId, const QList<EventRow> &events, bool replace)
{
    if (!m_jobId || jobId != m_jobId)
        return;
    bool any = replace;
    for (const EventRow &e : events) {
        if (e.event.jobId != m_jobId)
            continue;
        m_events.insert(e.event.id, e.event);
        any = true;
    }
    if (!any)
        return;
    rebuildHistory();
    if (const JobRow *row = m_app.deploymentModel()->job(m_jobId))
        updateTimeline(*row);
}

void DeploymentDetail::rebuildHistory()
{
    m_historyToggle->setText(tr("History (%1)").arg(m_events.size()));
    m_historyToggle->setArrowType(m_historyToggle->isChecked() ? Qt::DownArrow : Qt::RightArrow);
    if (!m_history->isVisible() && !m_historyToggle->isChecked())
        return;
    m_history->clear();
    const qint64 now = m_app.clock().nowMs();
    QList<QTreeWidgetItem *> items;
    // Newest first: the latest change is what people look for.
    const QList<JobEvent> events = m_events.values();
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        const JobEvent &e = *it;
        const StageStyle style = StageStyle::of(e.stage);
        auto *item = new QTreeWidgetItem({display::relativeTime(e.at, now), style.badgeText(), e.message, e.actor});
        item->setToolTip(0, display::exactTime(e.at));
        item->setToolTip(2, e.message);
        item->setForeground(1, StageStyle::color(style.colorRole, palette()));
        if (e.kind == QLatin1String("retry") || e.stage == Stage::Failed || e.stage == Stage::RollingBack)
            item->setForeground(2, StageStyle::color(ColorRole::Danger, palette()));
        items << item;
    }
    m_history->addTopLevelItems(items);
    m_history->resizeColumnToContents(0);
    m_history->resizeColumnToContents(1);
}

void DeploymentDetail::restartService()
{
    const qint64 id = m_jobId;
    if (!id || m_busy)
        return;
    m_busy = true;
    m_restart->setEnabled(false);
    m_app.restartService(id, [this](Result<void> r) {
        m_busy = false;
        refresh();
        if (!r.ok())
            Prompts::warning(this, tr("Restart"), r.error().message);
        Q_EMIT actionFinished(QStringLiteral("restart"), r.ok(), r.ok() ? QString() : r.error().message);
    });
}

void DeploymentDetail::stopService()
{
    const qint64 id = m_jobId;
    if (!id || m_busy)
        return;
    Prompts::confirm(this, tr("Stop service"),
                     tr("Stop the service? The contract is cancelled; this cannot be undone. "
                        "No refund is made \u2014 use Refund for that."),
                     tr("Stop service"), true, [this, id](bool yes) {
                         if (!yes)
                             return;
                         m_busy = true;
                         m_stop->setEnabled(false);
                         m_app.stopService(id, [this](Result<void> r) {
                             m_busy = false;
                             refresh();
                             if (!r.ok())
                                 Prompts::warning(this, tr("Stop service"), r.error().message);
                             Q_EMIT actionFinished(QStringLiteral("stop"), r.ok(), r.ok() ? QString() : r.error().message);
                         });
                     });
}

void DeploymentDetail::openRefund()
{
#ifdef GRIDDECK_HAS_REFUND_DIALOG
    if (!m_jobId)
        return;
    auto *dialog = new RefundDialog(m_app, m_jobId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this](int result) {
        m_shownFingerprint = 0; // re-read the hold: refunded changed
        refresh();
        Q_EMIT actionFinished(QStringLiteral("refund"), result == QDialog::Accepted, QString());
    });
    dialog->open();
#endif
}

void DeploymentDetail::retryJob()
{
    const qint64 id = m_jobId;
    if (!id || m_busy)
        return;
    m_busy = true;
    m_retry->setEnabled(false);
    m_app.retryJob(id, [this](Result<qint64> r) {
        m_busy = false;
        refresh();
        if (!r.ok()) {
            Prompts::warning(this, tr("Retry"), r.error().message);
            Q_EMIT actionFinished(QStringLiteral("retry"), false, r.error().message);
            return;
        }
        Q_EMIT actionFinished(QStringLiteral("retry"), true, QString());
        Q_EMIT retried(r.value());
    });
}

} // namespace griddeck::ui
