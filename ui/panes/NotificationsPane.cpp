#include "ui/panes/NotificationsPane.h"

#include "models/NotificationModel.h"
#include "pipeline/Outbox.h"
#include "store/Access.h"
#include "ui/AppController.h"
#include "ui/panes/PaneSupport.h"
#include "ui/widgets/EmptyState.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <utility>

namespace griddeck::ui {

namespace {

QString resendActor()
{
    return qEnvironmentVariable("USER", QStringLiteral("operator"));
}

} // namespace

NotificationsPane::NotificationsPane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_model(new NotificationModel(this))
    , m_view(new QTableView(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_title(new PaneTitle(tr("Notifications"), this))
    , m_filter(new QComboBox(this))
    , m_counts(new QLabel(this))
    , m_resend(new QPushButton(tr("Resend"), this))
    , m_resendAll(new QPushButton(tr("Resend all failed"), this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("NotificationsPane"));
    setAccessibleName(tr("Notifications"));
    m_filter->setAccessibleName(tr("State"));
    m_filter->addItem(tr("All states"), QString());
    for (const char *state : { "pending", "sent", "failed", "undeliverable" })
        m_filter->addItem(NotificationModel::stateLabel(QLatin1String(state)), QLatin1String(state));
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        const QString state = m_filter->currentData().toString();
        m_model->setStateFilter(state.isEmpty() ? std::nullopt : std::optional<QString>(state), false);
        refresh();
    });
    m_resend->setToolTip(tr("Send the selected failed or undeliverable notification again"));
    m_resendAll->setToolTip(tr("Send every failed and undeliverable notification again"));
    connect(m_resend, &QPushButton::clicked, this, &NotificationsPane::resendSelected);
    connect(m_resendAll, &QPushButton::clicked, this, &NotificationsPane::resendAllFailed);

    m_view->setModel(m_model);
    m_view->setObjectName(QStringLiteral("notificationsTable"));
    m_view->setAccessibleName(tr("Notifications"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    const QList<std::pair<int, int>> widths = { { NotificationModel::TimeColumn, 150 },
        { NotificationModel::JobColumn, 60 }, { NotificationModel::EventColumn, 140 },
        { NotificationModel::ChannelColumn, 70 }, { NotificationModel::RecipientColumn, 190 },
        { NotificationModel::StateColumn, 120 }, { NotificationModel::AttemptsColumn, 70 } };
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 job = index.data(NotificationModel::JobIdRole).toLongLong();
        if (job)
            Q_EMIT jobActivated(job);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &NotificationsPane::updateState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &NotificationsPane::updateState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &NotificationsPane::updateState);
    connect(m_model, &NotificationModel::countsChanged, this, &NotificationsPane::updateState);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    connect(m_empty, &EmptyState::actionTriggered, this, [this] { m_filter->setCurrentIndex(0); });

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_title);
    bar->addSpacing(12);
    bar->addWidget(m_counts, 1);
    bar->addWidget(m_filter);
    bar->addWidget(m_resend);
    bar->addWidget(m_resendAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 4);
    layout->setSpacing(6);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_filter, m_resend);
    setTabOrder(m_resend, m_resendAll);
    setTabOrder(m_resendAll, m_view);

    m_timer->setInterval(3000);
    connect(m_timer, &QTimer::timeout, this, &NotificationsPane::refresh);
    m_model->setStore(app.store(), false);
    updateState();
}

void NotificationsPane::refresh()
{
    // Read on the controller's pool, shown here: the GUI thread never waits on the store.
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    const auto store = m_model->store();
    const auto filter = m_model->stateFilter();
    QPointer<NotificationsPane> self(this);
    m_app.run<NotificationModel::Snapshot>([store, filter] { return NotificationModel::read(store, filter); },
        [self](Result<NotificationModel::Snapshot> snapshot) {
            if (!self)
                return;
            self->m_reading = false;
            if (!self->m_model->apply(snapshot))
                self->m_counts->setText(tr("Cannot read the outbox: %1").arg(self->m_model->lastError()));
            self->updateState();
            if (std::exchange(self->m_readAgain, false))
                self->refresh();
            else
                Q_EMIT self->refreshed();
        });
}

void NotificationsPane::showFailed()
{
    m_filter->setCurrentIndex(m_filter->findData(QStringLiteral("failed")));
}

void NotificationsPane::showEvent(QShowEvent *event)
{
    refresh();
    m_timer->start();
    QWidget::showEvent(event);
}

void NotificationsPane::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void NotificationsPane::resendSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const qint64 id = rows.first().data(NotificationModel::OutboxIdRole).toLongLong();
    auto store = m_app.store();
    m_resend->setEnabled(false);
    m_app.run<void>([store, id] { return Outbox(store, NotifySettings()).resend(id, resendActor()); },
        [this, id](Result<void> r) {
            refresh();
            Q_EMIT resendFinished(
                r.ok(), r.ok() ? tr("Notification %1 will be sent again").arg(id) : r.error().message);
        });
}

void NotificationsPane::resendAllFailed()
{
    auto store = m_app.store();
    m_resendAll->setEnabled(false);
    m_app.run<int>([store] { return Outbox(store, NotifySettings()).resendAllFailed(resendActor()); },
        [this](Result<int> r) {
            refresh();
            Q_EMIT resendFinished(r.ok(),
                r.ok() ? tr("%n notifications will be sent again", nullptr, r.value()) : r.error().message);
        });
}

void NotificationsPane::updateState()
{
    const auto &c = m_model->counts();
    if (m_model->lastError().isEmpty())
        m_counts->setText(tr("pending %1 \u00B7 sent %2 \u00B7 failed %3 \u00B7 undeliverable %4")
                              .arg(c.value(QStringLiteral("pending")))
                              .arg(c.value(QStringLiteral("sent")))
                              .arg(c.value(QStringLiteral("failed")))
                              .arg(c.value(QStringLiteral("undeliverable"))));
    qint64 total = 0;
    for (qint64 n : c)
        total += n;
    m_title->setCounts(m_model->rowCount(), int(total));
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const QString state
        = rows.isEmpty() ? QString() : rows.first().data(NotificationModel::ViewStateRole).toString();
    const bool mayResend = access::allowed(m_app.store().get(), access::Action::ResendNotification);
    m_resend->setEnabled(
        mayResend && (state == QLatin1String("failed") || state == QLatin1String("undeliverable")));
    m_resendAll->setEnabled(mayResend && m_model->failedCount() > 0);
    if (m_model->rowCount() > 0) {
        m_stack->setCurrentWidget(m_view);
        return;
    }
    if (total == 0) {
        m_empty->setMessage(tr("No notifications yet"),
            tr("Emails, webhooks and Slack messages about deployments are listed here once queued."));
        m_empty->setAction(QString());
    } else {
        m_empty->setMessage(tr("No notification in this state"));
        m_empty->setAction(tr("Show all states"));
    }
    m_stack->setCurrentWidget(m_empty);
}

} // namespace griddeck::ui
