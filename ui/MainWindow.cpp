#include "ui/MainWindow.h"

#include "models/DeploymentModel.h"
#include "models/QueueModel.h"
#include "pipeline/Outbox.h"
#include "store/Access.h"
#include "ui/AppController.h"
#include "ui/Prompts.h"
#include "ui/panes/DeploymentDetail.h"
#include "ui/panes/DeploymentsPane.h"
#include "ui/panes/EventsPane.h"
#include "ui/panes/NotificationsPane.h"
#include "ui/panes/QueuePane.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/Icons.h"
#include "ui/widgets/Sidebar.h"
#include "ui/widgets/StatusPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

// The other panes and the dialogs come from their own files; a build without one shows an
// empty section (or no menu entry) instead of failing.
#if __has_include("ui/panes/OverviewPane.h")
#include "ui/panes/OverviewPane.h"
#define GRIDDECK_HAS_OVERVIEW 1
#endif
#if __has_include("ui/panes/WalletPane.h")
#include "ui/panes/WalletPane.h"
#define GRIDDECK_HAS_WALLET 1
#endif
#if __has_include("ui/panes/NodesPane.h")
#include "ui/panes/NodesPane.h"
#define GRIDDECK_HAS_NODES 1
#endif
#if __has_include("ui/dialogs/NewDeploymentDialog.h")
#include "ui/dialogs/NewDeploymentDialog.h"
#define GRIDDECK_HAS_NEW_DEPLOYMENT 1
#endif
#if __has_include("ui/dialogs/SettingsDialog.h")
#include "ui/dialogs/SettingsDialog.h"
#define GRIDDECK_HAS_SETTINGS 1
#endif

namespace griddeck::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainwindow/geometry");
const QString kStateKey = QStringLiteral("mainwindow/state");
const QString kSplitterKey = QStringLiteral("mainwindow/splitter");
const QString kSectionKey = QStringLiteral("mainwindow/section");

[[maybe_unused]] QWidget *missingPane(const QString &name, QWidget *parent)
{
    auto *empty = new EmptyState(parent);
    empty->setMessage(QObject::tr("%1 is not part of this build").arg(name));
    return empty;
}

template<class Dialog>
void openDialog(Dialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace

MainWindow::MainWindow(AppController &app, QWidget *parent)
    : QMainWindow(parent)
    , m_app(app)
{
    initResources();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(app.options().demo ? tr("GridDeck \u2014 demo") : tr("GridDeck"));
    setWindowIcon(appIcon());
    resize(1440, 900);

    buildPanes();
    buildActions();
    buildMenus();
    buildToolBar();

    // Failed notifications: a red badge that opens the Notifications view on the failed ones.
    m_outboxBadge = new QToolButton(this);
    m_outboxBadge->setObjectName(QStringLiteral("outboxBadge"));
    m_outboxBadge->setAutoRaise(true);
    m_outboxBadge->setVisible(false);
    connect(m_outboxBadge, &QToolButton::clicked, this, [this] {
        showSection(Notifications);
        m_notificationsPane->showFailed();
    });
    statusBar()->addPermanentWidget(m_outboxBadge, 0);
    m_outboxTimer = new QTimer(this);
    m_outboxTimer->setInterval(5000);
    connect(m_outboxTimer, &QTimer::timeout, this, &MainWindow::updateOutboxBadge);
    m_outboxTimer->start();
    updateOutboxBadge();

    m_statusPanel = new StatusPanel(app, this);
    statusBar()->addPermanentWidget(m_statusPanel, 0);
    statusBar()->setSizeGripEnabled(true);

    connect(&app, &AppController::queuePausedChanged, this, &MainWindow::updatePauseAction);
    connect(&app, &AppController::errorOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
    });
    connect(&app, &AppController::keychainStatus, this, [this](bool ok, const QString &message) {
        if (!ok)
            statusBar()->showMessage(message, 20000);
    });
    connect(&app, &AppController::jobBecameActive, this, [this](qint64, const QString &summary) {
        m_pendingActive << summary;
        m_notifyTimer->start();
    });
    connect(&app, &AppController::apiStatus, this, [this](const QUrl &url, const QString &message) {
        if (!url.isEmpty())
            statusBar()->showMessage(tr("Serving the HTTP API on %1").arg(url.toString()), 15000);
        else if (!message.isEmpty())
            statusBar()->showMessage(message, 20000);
    });
    connect(
        &app, &AppController::restartChecked, this, [this](qint64 jobId, bool ok, const QString &message) {
            statusBar()->showMessage(ok ? tr("Restart of #%1 worked: ready and healthy again").arg(jobId)
                                        : tr("Restart of #%1 did not work: %2").arg(jobId).arg(message),
                20000);
        });
    connect(&app, &AppController::jobFailed, this, [this](qint64 jobId, const QString &reason) {
        m_pendingFailed << tr("#%1: %2").arg(jobId).arg(reason);
        m_notifyTimer->start();
    });
    m_notifyTimer = new QTimer(this);
    m_notifyTimer->setSingleShot(true);
    m_notifyTimer->setInterval(1500);
    connect(m_notifyTimer, &QTimer::timeout, this, &MainWindow::flushNotifications);

    // Badges follow the models, recounted at most every half second.
    m_badgeTimer = new QTimer(this);
    m_badgeTimer->setSingleShot(true);
    m_badgeTimer->setInterval(500);
    connect(m_badgeTimer, &QTimer::timeout, this, &MainWindow::updateBadges);
    for (QAbstractItemModel *model : {static_cast<QAbstractItemModel *>(app.queueModel()),
                                      static_cast<QAbstractItemModel *>(app.deploymentModel())}) {
        if (!model)
            continue;
        // A throttle, not a debounce: a steady stream of changes must not starve the recount.
        auto soon = [this] {
            if (!m_badgeTimer->isActive())
                m_badgeTimer->start();
        };
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(model, signal, m_badgeTimer, soon);
        connect(model, &QAbstractItemModel::dataChanged, m_badgeTimer, soon);
        connect(model, &QAbstractItemModel::layoutChanged, m_badgeTimer, soon); // changes applied as a layout change
    }

    buildTray();
    updatePauseAction();
    updateBadges();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPanes()
{
    m_sidebar = new Sidebar(this);
    m_stack = new QStackedWidget(this);
    const QList<std::tuple<QString, QString>> sections = {
        {tr("Overview"), QStringLiteral("overview")}, {tr("Queue"), QStringLiteral("queue")},
        {tr("Deployments"), QStringLiteral("deployments")}, {tr("Wallet"), QStringLiteral("wallet")},
        {tr("Nodes"), QStringLiteral("nodes")},       {tr("Events"), QStringLiteral("events")},
        {tr("Notifications"), QStringLiteral("notifications")}};
    for (const auto &[name, icon] : sections)
        m_sidebar->addSection(name, icon, name);

#ifdef GRIDDECK_HAS_OVERVIEW
    m_panes[Overview] = new OverviewPane(m_app, m_stack);
#else
    m_panes[Overview] = missingPane(tr("Overview"), m_stack);
#endif
    m_queuePane = new QueuePane(m_app, m_stack);
    m_panes[Queue] = m_queuePane;
    m_deploymentsPane = new DeploymentsPane(m_app, m_stack);
    m_panes[Deployments] = m_deploymentsPane;
#ifdef GRIDDECK_HAS_WALLET
    m_panes[Wallet] = new WalletPane(m_app, m_stack);
#else
    m_panes[Wallet] = missingPane(tr("Wallet"), m_stack);
#endif
#ifdef GRIDDECK_HAS_NODES
    m_panes[Nodes] = new NodesPane(m_app, m_stack);
#else
    m_panes[Nodes] = missingPane(tr("Nodes"), m_stack);
#endif
    m_eventsPane = new EventsPane(m_app, m_stack);
    m_panes[Events] = m_eventsPane;
    m_notificationsPane = new NotificationsPane(m_app, m_stack);
    m_panes[Notifications] = m_notificationsPane;
    for (QWidget *pane : m_panes)
        m_stack->addWidget(pane);

    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < SectionCount) {
            m_stack->setCurrentIndex(row);
            if (m_sectionActions[row])
                m_sectionActions[row]->setChecked(true);
        }
    });
    connect(m_queuePane, &QueuePane::newDeploymentRequested, this, &MainWindow::newDeployment);
    connect(m_queuePane, &QueuePane::jobActivated, this, &MainWindow::showJob);
    connect(m_deploymentsPane, &DeploymentsPane::newDeploymentRequested, this, &MainWindow::newDeployment);
    connect(m_eventsPane, &EventsPane::jobActivated, this, &MainWindow::showJob);
    connect(m_notificationsPane, &NotificationsPane::jobActivated, this, &MainWindow::showJob);
    connect(m_notificationsPane, &NotificationsPane::resendFinished, this, [this](bool, const QString &message) {
        statusBar()->showMessage(message, 10000);
        updateOutboxBadge();
    });

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({180, 1260});
    setCentralWidget(m_splitter);
    m_sidebar->setCurrentRow(Overview);
}

void MainWindow::buildActions()
{
    m_newDeployment = new QAction(tr("New deployment\u2026"), this);
    m_newDeployment->setShortcut(QKeySequence::New);
    m_newDeployment->setToolTip(tr("Buy a service for a user: credits are held and the job is queued (Ctrl+N)"));
    connect(m_newDeployment, &QAction::triggered, this, &MainWindow::newDeployment);
#ifndef GRIDDECK_HAS_NEW_DEPLOYMENT
    m_newDeployment->setEnabled(false);
#endif

    m_pause = new QAction(this);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pause, &QAction::triggered, this, &MainWindow::togglePause);

    m_search = new QAction(tr("Search\u2026"), this);
    m_search->setShortcut(QKeySequence::Find);
    m_search->setToolTip(tr("Search the current list (Ctrl+F)"));
    connect(m_search, &QAction::triggered, this, &MainWindow::focusSearch);

    m_settings = new QAction(tr("Settings\u2026"), this);
    m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settings->setMenuRole(QAction::PreferencesRole);
    m_settings->setToolTip(tr("Queue, grid, conversion, notifications and secrets (Ctrl+,)"));
    connect(m_settings, &QAction::triggered, this, &MainWindow::openSettings);
#ifndef GRIDDECK_HAS_SETTINGS
    m_settings->setEnabled(false);
#endif

    m_quit = new QAction(tr("Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_about = new QAction(tr("About GridDeck"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, [this] {
        Prompts::information(this, tr("About GridDeck"),
                             tr("GridDeck %1\nTurns paid TFC credits into running services on the ThreeFold Grid.\n\n"
                                "Store: %2\nConfiguration: %3")
                                 .arg(QApplication::applicationVersion(), m_app.databasePath(), m_app.configFilePath()));
    });

    auto *group = new QActionGroup(this);
    const QStringList names = {tr("Overview"), tr("Queue"), tr("Deployments"), tr("Wallet"),
                               tr("Nodes"),    tr("Events"), tr("Notifications")};
    for (int i = 0; i < SectionCount; ++i) {
        auto *action = new QAction(names.at(i), group);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { showSection(static_cast<Section>(i)); });
        m_sectionActions[i] = action;
    }

    // The selected deployment's actions, for the menu (the detail panel has the buttons).
    DeploymentDetail *detail = m_deploymentsPane->detail();
    m_retryJob = new QAction(tr("Retry deployment"), this);
    m_restart = new QAction(tr("Restart service"), this);
    m_stop = new QAction(tr("Stop service\u2026"), this);
    m_refund = new QAction(tr("Refund\u2026"), this);
    connect(m_retryJob, &QAction::triggered, detail, &DeploymentDetail::retryJob);
    connect(m_restart, &QAction::triggered, detail, &DeploymentDetail::restartService);
    connect(m_stop, &QAction::triggered, detail, &DeploymentDetail::stopService);
    connect(m_refund, &QAction::triggered, detail, &DeploymentDetail::openRefund);
    refreshIcons();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newDeployment);
    file->addSeparator();
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_search);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QAction *a : m_sectionActions)
        view->addAction(a);

    QMenu *queue = menuBar()->addMenu(tr("&Queue"));
    queue->addAction(m_pause);
    queue->addSeparator();
    queue->addAction(m_queuePane->retryNowAction());
    queue->addAction(m_queuePane->cancelAction());
    queue->addMenu(m_queuePane->priorityMenu());

    QMenu *deployment = menuBar()->addMenu(tr("&Deployment"));
    for (QAction *a : {m_retryJob, m_restart, m_stop, m_refund})
        deployment->addAction(a);
    connect(deployment, &QMenu::aboutToShow, this, [this] {
        DeploymentDetail *detail = m_deploymentsPane->detail();
        const bool shown = currentSection() == Deployments && detail->jobId() != 0;
        const QList<std::pair<QAction *, QPushButton *>> pairs = {{m_retryJob, detail->retryButton()},
                                                                  {m_restart, detail->restartButton()},
                                                                  {m_stop, detail->stopButton()},
                                                                  {m_refund, detail->refundButton()}};
        for (const auto &[action, button] : pairs)
            action->setEnabled(shown && !button->isHidden() && button->isEnabled());
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    bar->addAction(m_newDeployment);
    bar->addAction(m_pause);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_search);
    bar->addAction(m_settings);
    for (QAction *a : {m_newDeployment, m_pause, m_search, m_settings}) {
        if (QWidget *w = bar->widgetForAction(a))
            w->setAccessibleName(a->text().remove(u'\u2026'));
    }
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(appIcon(), this);
    m_tray->setToolTip(tr("GridDeck"));
    auto *menu = new QMenu(this);
    menu->addAction(tr("Show GridDeck"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(m_pause);
    menu->addSeparator();
    menu->addAction(m_quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) {
            showNormal();
            raise();
            activateWindow();
        }
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        raise();
        showSection(Deployments);
    });
    m_tray->show();
}

void MainWindow::notify(const QString &title, const QString &text, bool failure)
{
    m_notifications << QStringLiteral("%1: %2").arg(title, text);
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(title, text, failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 6000);
    else // no tray: the status bar, one line
        statusBar()->showMessage(QStringLiteral("%1 \u2014 %2").arg(title, text.section(u'\n', 0, 0)), 10000);
}

void MainWindow::flushNotifications()
{
    // "●" and "✕": the same marks as everywhere else.
    if (m_pendingActive.size() == 1)
        notify(tr("\u25CF Deployment active"), m_pendingActive.first(), false);
    else if (!m_pendingActive.isEmpty())
        notify(tr("\u25CF %1 deployments active").arg(m_pendingActive.size()), m_pendingActive.join(u'\n'), false);
    if (m_pendingFailed.size() == 1)
        notify(tr("\u2715 Deployment failed"), m_pendingFailed.first(), true);
    else if (!m_pendingFailed.isEmpty())
        notify(tr("\u2715 %1 deployments failed").arg(m_pendingFailed.size()), m_pendingFailed.join(u'\n'), true);
    m_pendingActive.clear();
    m_pendingFailed.clear();
}

void MainWindow::refreshIcons()
{
    const QPalette pal = palette();
    m_newDeployment->setIcon(themedIcon(QStringLiteral("new"), pal));
    m_search->setIcon(themedIcon(QStringLiteral("search"), pal));
    m_settings->setIcon(themedIcon(QStringLiteral("settings"), pal));
    if (m_retryJob) {
        m_retryJob->setIcon(themedIcon(QStringLiteral("retry"), pal));
        m_restart->setIcon(themedIcon(QStringLiteral("restart"), pal));
        m_stop->setIcon(themedIcon(QStringLiteral("stop"), pal));
        m_refund->setIcon(themedIcon(QStringLiteral("refund"), pal));
    }
    updatePauseAction();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_newDeployment)
        refreshIcons();
    QMainWindow::changeEvent(event);
}

void MainWindow::updatePauseAction()
{
    if (!m_pause)
        return;
    const bool paused = m_app.isQueuePaused();
    m_pause->setText(paused ? tr("Resume queue") : tr("Pause queue"));
    m_pause->setIcon(themedIcon(paused ? QStringLiteral("resume") : QStringLiteral("pause"), palette()));
    m_pause->setToolTip(paused ? tr("Workers take new jobs again (Ctrl+P)")
                               : tr("Workers take no new jobs; running steps finish (Ctrl+P)"));
    // The console's role (store/Access.h) decides what it offers; the core checks again.
    m_pause->setEnabled(access::allowed(m_app.store().get(), access::Action::QueueControl));
    if (m_newDeployment && !access::allowed(m_app.store().get(), access::Action::Enqueue))
        m_newDeployment->setEnabled(false);
}

void MainWindow::updateBadges()
{
    const int live = m_app.queueModel() ? m_app.queueModel()->rowCount() : 0;
    int retrying = 0;
    if (QueueModel *q = m_app.queueModel()) {
        for (int r = 0; r < q->rowCount(); ++r) {
            const Job &job = q->rowAt(r).job;
            if (!job.lastError.isEmpty() || job.stage == Stage::RollingBack)
                ++retrying;
        }
    }
    // Failing: deployments that failed in the last 24 hours.
    int failed = 0;
    if (DeploymentModel *d = m_app.deploymentModel()) {
        const qint64 since = m_app.clock().nowMs() - 24LL * 3600 * 1000;
        for (int r = 0; r < d->rowCount(); ++r) {
            const Job &job = d->rowAt(r).job;
            if (job.stage == Stage::Failed && job.finishedAt.value_or(job.updatedAt) >= since)
                ++failed;
        }
    }
    m_sidebar->setBadge(Queue, live, retrying > 0 ? ColorRole::Danger : ColorRole::Neutral,
                        retrying > 0 ? tr("%1 jobs, %2 retrying after errors").arg(live).arg(retrying)
                                     : tr("%1 jobs waiting or in progress").arg(live));
    m_sidebar->setBadge(Deployments, failed, ColorRole::Danger, tr("%1 failed in the last 24 hours").arg(failed));
    if (m_tray)
        m_tray->setToolTip(tr("GridDeck \u2014 %1 in the queue, %2 failed today").arg(live).arg(failed));
}

void MainWindow::updateOutboxBadge()
{
    if (m_outboxCounting || !m_app.store())
        return;
    m_outboxCounting = true;
    auto store = m_app.store();
    QPointer<MainWindow> self(this);
    m_app.run<QHash<QString, qint64>>([store] { return Outbox(store, NotifySettings()).stateCounts(); },
                                      [self](Result<QHash<QString, qint64>> counts) {
                                          if (!self)
                                              return;
                                          self->m_outboxCounting = false;
                                          if (!counts.ok())
                                              return;
                                          const qint64 failed = counts->value(QStringLiteral("failed"));
                                          const qint64 undeliverable = counts->value(QStringLiteral("undeliverable"));
                                          const qint64 bad = failed + undeliverable;
                                          self->m_outboxBadge->setVisible(bad > 0);
                                          self->m_outboxBadge->setText(self->tr("\u2715 %n notifications failed", nullptr, int(bad)));
                                          self->m_outboxBadge->setToolTip(
                                              self->tr("%1 failing and retrying, %2 undeliverable \u2014 click to see them")
                                                  .arg(failed)
                                                  .arg(undeliverable));
                                          self->m_outboxBadge->setAccessibleName(self->m_outboxBadge->text());
                                          QPalette pal = self->m_outboxBadge->palette();
                                          pal.setColor(QPalette::ButtonText, StageStyle::color(ColorRole::Danger, self->palette()));
                                          self->m_outboxBadge->setPalette(pal);
                                          self->m_sidebar->setBadge(Notifications, int(bad), ColorRole::Danger,
                                                                    self->tr("%1 notifications failed").arg(bad));
                                      });
}

void MainWindow::showSection(Section section)
{
    m_sidebar->setCurrentRow(section);
}

MainWindow::Section MainWindow::currentSection() const
{
    return static_cast<Section>(std::max(0, m_stack->currentIndex()));
}

QWidget *MainWindow::pane(Section section) const
{
    return section >= 0 && section < SectionCount ? m_panes[section] : nullptr;
}

void MainWindow::showJob(qint64 jobId)
{
    showSection(Deployments);
    m_deploymentsPane->selectJob(jobId);
}

void MainWindow::newDeployment()
{
#ifdef GRIDDECK_HAS_NEW_DEPLOYMENT
    openDialog(new NewDeploymentDialog(m_app, this));
#endif
}

void MainWindow::openSettings()
{
#ifdef GRIDDECK_HAS_SETTINGS
    openDialog(new SettingsDialog(m_app, this));
#endif
}

void MainWindow::togglePause()
{
    m_app.setQueuePaused(!m_app.isQueuePaused());
}

void MainWindow::focusSearch()
{
    QWidget *current = m_stack->currentWidget();
    if (!current)
        return;
    // Panes with a focusSearch() slot know their field; otherwise the first search box.
    if (current->metaObject()->indexOfSlot("focusSearch()") >= 0) {
        QMetaObject::invokeMethod(current, "focusSearch");
        return;
    }
    for (QLineEdit *field : current->findChildren<QLineEdit *>()) {
        if (field->isVisibleTo(current) && field->isEnabled()) {
            field->setFocus(Qt::ShortcutFocusReason);
            field->selectAll();
            return;
        }
    }
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1440, 900);
    restoreState(settings.value(kStateKey).toByteArray());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    const int section = settings.value(kSectionKey, int(Overview)).toInt();
    showSection(static_cast<Section>(std::clamp(section, 0, SectionCount - 1)));
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kSectionKey, int(currentSection()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_tray)
        m_tray->hide();
    event->accept();
}

} // namespace griddeck::ui
