#pragma once
// The panel beside the deployments list, following its selection (UI.md): the job's title and
// stage badge, the seed's five-step timeline (a failure in red with its reason), connection
// details as copy fields, the money and grid metrics, the actions that fit the job's state
// (Restart, Stop…, Refund…, Retry) and the job's event history.
//
// Everything shown comes from the DeploymentModel row (refreshed by the watcher), plus two
// background reads per change: the conversion/quote and the ledger hold; and the watcher's
// events for this job.

#include "ledger/Ledger.h"
#include "models/Rows.h"

#include <QMap>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QGroupBox;

namespace griddeck::ui {

class AppController;
class CopyField;
class EmptyState;
class StageBadge;
class TimelineWidget;

class DeploymentDetail : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentDetail(AppController &app, QWidget *parent = nullptr);

    // 0 shows the "select a deployment" state.
    void showJob(qint64 jobId);
    qint64 jobId() const { return m_jobId; }

    TimelineWidget *timeline() const { return m_timeline; }
    CopyField *ipField() const { return m_ip; }
    CopyField *sshField() const { return m_ssh; }
    CopyField *webField() const { return m_web; }
    CopyField *myceliumField() const { return m_mycelium; }
    CopyField *contractField() const { return m_contract; }
    QPushButton *restartButton() const { return m_restart; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *refundButton() const { return m_refund; }
    QPushButton *retryButton() const { return m_retry; }
    QTreeWidget *history() const { return m_history; }
    QLabel *titleLabel() const { return m_title; }
    // The text of a metric row ("TFC spent", "TFT converted", "Grid node", …), for tests.
    QString metricText(const QString &name) const;

public Q_SLOTS:
    void restartService();
    void stopService();
    void openRefund();
    void retryJob();

Q_SIGNALS:
    // A job action finished (tests wait on it): action "restart", "stop", "retry", "refund".
    void actionFinished(const QString &action, bool ok, const QString &message);
    // Retry enqueued a new job: the list selects it.
    void retried(qint64 newJobId);

private:
    struct Extras
    {
        std::optional<Tft> tftReceived;
        std::optional<TftPrice> rate;
        std::optional<Tft> tftNeeded;
        std::optional<HoldInfo> hold;
    };

    void refresh();
    void loadExtras();
    void applyEvents(qint64 jobId, const QList<EventRow> &events, bool replace);
    void rebuildHistory();
    void updateTimeline(const JobRow &row);
    void updateMetrics(const JobRow &row);
    void updateActions(const JobRow &row);
    void setMetric(const QString &name, const QString &text, const QString &toolTip = QString());
    void addMetric(const QString &name, const QString &label);

    AppController &m_app;
    qint64 m_jobId = 0;
    quint64 m_shownFingerprint = 0;
    Extras m_extras;
    QMap<qint64, JobEvent> m_events; // by event id
    int m_extrasRequest = 0;

    QStackedWidget *m_stack;
    EmptyState *m_empty;
    QScrollArea *m_scroll;
    QLabel *m_title;
    StageBadge *m_badge;
    QLabel *m_subtitle;
    TimelineWidget *m_timeline;
    QGroupBox *m_connection;
    QLabel *m_connectionHint;
    CopyField *m_ip;
    CopyField *m_ipv6;
    CopyField *m_ssh;
    CopyField *m_web;
    CopyField *m_mycelium;
    CopyField *m_contract;
    QMap<QString, QLabel *> m_metrics;
    QGroupBox *m_metricsBox;
    QPushButton *m_restart;
    QPushButton *m_stop;
    QPushButton *m_refund;
    QPushButton *m_retry;
    QLabel *m_actionHint;
    QToolButton *m_historyToggle;
    QTreeWidget *m_history;
    bool m_busy = false;
};

} // namespace griddeck::ui
