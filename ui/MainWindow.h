#pragma once
// The console's window (UI.md): toolbar, a sidebar of sections with live count badges, the
// panes in a stack, menus holding every action, the status bar of the pipeline's health, and
// a tray icon that reports deployments becoming active or failing. Geometry, splitter and the
// current section are remembered (QSettings).

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QSplitter;
class QStackedWidget;
class QSystemTrayIcon;
class QTimer;
class QToolButton;

namespace griddeck::ui {

class AppController;
class DeploymentsPane;
class EventsPane;
class NotificationsPane;
class QueuePane;
class Sidebar;
class StatusPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Section { Overview, Queue, Deployments, Wallet, Nodes, Events, Notifications, SectionCount };
    Q_ENUM(Section)

    explicit MainWindow(AppController &app, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showSection(Section section);
    Section currentSection() const;
    // The pane of a section; null when this build lacks it.
    QWidget *pane(Section section) const;
    QueuePane *queuePane() const { return m_queuePane; }
    DeploymentsPane *deploymentsPane() const { return m_deploymentsPane; }
    EventsPane *eventsPane() const { return m_eventsPane; }
    NotificationsPane *notificationsPane() const { return m_notificationsPane; }
    // Shown in the status bar while notifications failed; a click opens them.
    QToolButton *outboxBadge() const { return m_outboxBadge; }
    Sidebar *sidebar() const { return m_sidebar; }
    StatusPanel *statusPanel() const { return m_statusPanel; }

    QAction *newDeploymentAction() const { return m_newDeployment; }
    QAction *pauseAction() const { return m_pause; }
    QAction *searchAction() const { return m_search; }
    QAction *settingsAction() const { return m_settings; }

    // Tray (or, without a tray, status bar) messages shown so far: "title: text".
    QStringList notifications() const { return m_notifications; }

public Q_SLOTS:
    void newDeployment();
    void openSettings();
    void focusSearch();
    void togglePause();
    void showJob(qint64 jobId);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildPanes();
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildTray();
    void restoreLayout();
    void saveLayout();
    void updatePauseAction();
    void updateBadges();
    void refreshIcons();
    void notify(const QString &title, const QString &text, bool failure);
    void flushNotifications();
    void updateOutboxBadge();

    AppController &m_app;
    Sidebar *m_sidebar = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    StatusPanel *m_statusPanel = nullptr;
    QWidget *m_panes[SectionCount] = {};
    QueuePane *m_queuePane = nullptr;
    DeploymentsPane *m_deploymentsPane = nullptr;
    EventsPane *m_eventsPane = nullptr;
    NotificationsPane *m_notificationsPane = nullptr;
    QToolButton *m_outboxBadge = nullptr;
    QTimer *m_outboxTimer = nullptr;
    bool m_outboxCounting = false;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_badgeTimer = nullptr;
    QTimer *m_notifyTimer = nullptr;

    QAction *m_newDeployment = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_search = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_about = nullptr;
    QAction *m_sectionActions[SectionCount] = {};
    QAction *m_restart = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_refund = nullptr;
    QAction *m_retryJob = nullptr;

    QStringList m_notifications;
    // Coalesced tray messages: many deployments finishing at once make one message.
    QStringList m_pendingActive;
    QStringList m_pendingFailed;
};

} // namespace griddeck::ui
