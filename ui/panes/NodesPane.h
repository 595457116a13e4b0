#pragma once
// Nodes: the grid explorer. Every node the Grid Proxy lists (GET /nodes, all pages, at the
// configured grid_proxy_url; "embedded" is the in-process simulator the pipeline engine runs),
// filtered by free CPU, memory and SSD, country, status, certification and health, with how
// many of our live deployments each node carries. Beside it, a small spec form: the node the
// selector would pick for it now is highlighted, with every candidate's score breakdown
// (headroom, reliability, country bonus, spread penalty) or why it was rejected — the same
// NodeSelector and inputs the pipeline's deploying step uses.

#include "grid/GridNode.h"
#include "grid/NodeSelector.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTimer;

namespace griddeck {
class NodeModel;
class NodeFilterProxy;
} // namespace griddeck

namespace griddeck::ui {

class AppController;
class EmptyState;
class PaneTitle;

class NodesPane : public QWidget
{
    Q_OBJECT
public:
    explicit NodesPane(AppController &app, QWidget *parent = nullptr);

    NodeModel *model() const { return m_model; }
    NodeFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QSpinBox *minCpuFilter() const { return m_minCpu; }
    QSpinBox *minMemoryFilter() const { return m_minMemory; }
    QSpinBox *minStorageFilter() const { return m_minStorage; }
    QComboBox *countryFilter() const { return m_country; }
    QComboBox *statusFilter() const { return m_statusFilter; }
    QComboBox *certificationFilter() const { return m_certification; }
    QCheckBox *healthyOnlyFilter() const { return m_healthyOnly; }
    QLineEdit *searchField() const { return m_search; }
    // The "where would it go" spec.
    QSpinBox *specCpu() const { return m_specCpu; }
    QSpinBox *specMemory() const { return m_specMemory; }
    QSpinBox *specStorage() const { return m_specStorage; }
    QCheckBox *specIpv4() const { return m_specIpv4; }
    QSpinBox *specNodeCount() const { return m_specNodes; }
    QTableWidget *breakdownTable() const { return m_breakdown; }
    QString pickText() const;
    qint64 pickedNode() const { return m_picked; }
    QString statusText() const;
    int nodeCount() const { return int(m_nodes.size()); }

public Q_SLOTS:
    void refresh();
    void clearFilters();

Q_SIGNALS:
    // After each fetch: how many nodes, or -1 and why not.
    void nodesLoaded(int count, const QString &error);
    void selectionEvaluated(qint64 nodeId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildFilters();
    QWidget *buildSelector();
    void applyFilters();
    void evaluate();
    void onNodes(const Result<QList<GridNode>> &nodes, const QString &url);
    void updateCounts();

    AppController &m_app;
    NodeModel *m_model;
    NodeFilterProxy *m_proxy;
    QTableView *m_view = nullptr;
    PaneTitle *m_title = nullptr;
    EmptyState *m_empty = nullptr;
    QLabel *m_statusLine = nullptr;
    QLineEdit *m_search = nullptr;
    QSpinBox *m_minCpu = nullptr;
    QSpinBox *m_minMemory = nullptr;
    QSpinBox *m_minStorage = nullptr;
    QComboBox *m_country = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_certification = nullptr;
    QCheckBox *m_healthyOnly = nullptr;
    QPushButton *m_refresh = nullptr;

    QSpinBox *m_specCpu = nullptr;
    QSpinBox *m_specMemory = nullptr;
    QSpinBox *m_specStorage = nullptr;
    QCheckBox *m_specIpv4 = nullptr;
    QSpinBox *m_specNodes = nullptr;
    QLabel *m_pick = nullptr;
    QLabel *m_rejections = nullptr;
    QTableWidget *m_breakdown = nullptr;

    QList<GridNode> m_nodes;
    SelectionContext m_context;
    qint64 m_picked = 0;
    qint64 m_loadedAt = 0;
    bool m_fetching = false;
    QTimer *m_timer = nullptr;
};

} // namespace griddeck::ui
