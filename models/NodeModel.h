#pragma once
// Grid nodes for the Nodes pane. Fed by whoever fetched them (setNodes with a fresh list: rows
// that changed repaint as contiguous runs, new nodes are appended, gone ones removed; never a
// reset), plus our live deployments per node, the selector's scores, and the node it would pick.
//
// NodeRow is this model's own plain struct so the pane does not depend on the grid client's
// types; fromGridProxyJson() reads the Grid Proxy's node object (tests/data/gridproxy_node.json).

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace griddeck {

struct NodeRow
{
    qint64 nodeId = 0;
    qint64 farmId = 0;
    QString country;
    QString city;
    QString status;              // "up", "down", "standby" as the proxy sends it
    std::optional<bool> healthy; // absent in older proxies: unknown
    QString certification;       // "Diy", "Certified"
    quint64 totalCru = 0, usedCru = 0; // cores
    quint64 totalMru = 0, usedMru = 0; // bytes
    quint64 totalSru = 0, usedSru = 0; // bytes (SSD)
    quint64 totalHru = 0, usedHru = 0; // bytes (HDD)
    qint64 uptimeSeconds = 0;    // since the node last booted

    // total − used, never below zero (real data can report used > total).
    quint64 freeCru() const { return totalCru > usedCru ? totalCru - usedCru : 0; }
    quint64 freeMru() const { return totalMru > usedMru ? totalMru - usedMru : 0; }
    quint64 freeSru() const { return totalSru > usedSru ? totalSru - usedSru : 0; }
    quint64 freeHru() const { return totalHru > usedHru ? totalHru - usedHru : 0; }
    bool isUp() const { return status.compare(QLatin1String("up"), Qt::CaseInsensitive) == 0; }

    // nullopt (and a sentence in *error) without nodeId; other missing fields stay default.
    static std::optional<NodeRow> fromGridProxyJson(const QJsonObject &node, QString *error = nullptr);

    bool operator==(const NodeRow &) const = default;
};

// What the node selector thinks of a node: a sortable value and the text the pane shows.
struct NodeScore
{
    qint64 value = 0; // higher is better
    QString text;     // e.g. "0.82 · headroom 0.9 · spread 1.0"
    bool operator==(const NodeScore &) const = default;
};

class NodeModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NodeColumn, FarmColumn, CountryColumn, CityColumn, StatusColumn, CertificationColumn, CpuColumn,
        MemoryColumn, SsdColumn, HddColumn, UptimeColumn, OurDeploymentsColumn, ScoreColumn, ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        RawValueRole = Qt::UserRole + 1, // ids, free amounts (cores/bytes), uptime s, counts, score value; text
        JobIdRole,          // always 0
        StageRole,          // always empty
        ColorRoleRole,      // status: "success" up and healthy, "danger" down or unhealthy, "muted" standby, "neutral" unknown
        SearchTextRole,     // case-folded node id, farm id, country, city
        NodeIdRole,         // qint64
        FarmIdRole,         // qint64
        CountryRole,        // QString
        StatusRole,         // QString, lower case
        HealthyRole,        // bool, invalid QVariant when unknown
        CertificationRole,  // QString
        FreeCruRole,        // qulonglong
        FreeMruRole,
        FreeSruRole,
        FreeHruRole,
        OurDeploymentsRole, // int
        HighlightRole,      // bool: the node the selector would pick now
        ScoreRole,          // QString score text ("" when not scored)
        TotalCruRole,       // qulonglong: cores (CPU is shared, so filters go on cores, not free CPU)
    };
    Q_ENUM(Role)

    explicit NodeModel(QObject *parent = nullptr);

    // Diffs against the rows held: changed rows repaint, new ones append, missing ones go.
    void setNodes(const QList<NodeRow> &nodes);
    void setOurDeploymentCounts(const QHash<qint64, int> &countsByNode);
    void setScores(const QHash<qint64, NodeScore> &scoresByNode);
    // 0: none.
    void setHighlightedNode(qint64 nodeId);
    qint64 highlightedNode() const { return m_highlighted; }

    const NodeRow &rowAt(int row) const { return m_rows.at(row); }
    int rowOfNode(qint64 nodeId) const { return m_index.value(nodeId, -1); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuildIndex(int from);
    // Repaints `column` (all columns when -1) on the rows of the given node ids.
    void nodesChanged(const QList<qint64> &nodeIds, int column);
    QVariant rawValue(const NodeRow &row, int column) const;

    QList<NodeRow> m_rows;
    QHash<qint64, int> m_index;
    QHash<qint64, int> m_ourDeployments;
    QHash<qint64, NodeScore> m_scores;
    qint64 m_highlighted = 0;
};

} // namespace griddeck

Q_DECLARE_METATYPE(griddeck::NodeRow)
