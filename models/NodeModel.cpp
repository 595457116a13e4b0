#include "models/NodeModel.h"

#include "models/DisplayFormat.h"
#include "models/ModelSupport.h"
#include "models/StageStyle.h"

#include <QGuiApplication>
#include <QJsonValue>
#include <QLocale>
#include <QSet>

namespace griddeck {

static_assert(NodeModel::RawValueRole == model_roles::RawValue && NodeModel::SearchTextRole == model_roles::SearchText);

namespace {

quint64 resource(const QJsonObject &node, const char *group, const char *key)
{
    const QJsonValue v = node.value(QLatin1String(group)).toObject().value(QLatin1String(key));
    const double d = v.toDouble(0); // resource counts, not money: a double holds them exactly up to 2^53
    return d > 0 ? quint64(d) : 0;
}

QString size(quint64 bytes)
{
    return QLocale::c().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

ColorRole statusTone(const NodeRow &n)
{
    if (n.isUp())
        return !n.healthy ? ColorRole::Neutral : (*n.healthy ? ColorRole::Success : ColorRole::Danger);
    if (n.status.compare(QLatin1String("standby"), Qt::CaseInsensitive) == 0)
        return ColorRole::Muted;
    if (n.status.compare(QLatin1String("down"), Qt::CaseInsensitive) == 0)
        return ColorRole::Danger;
    return ColorRole::Neutral;
}

QString capitalized(const QString &s)
{
    return s.isEmpty() ? s : s.left(1).toUpper() + s.mid(1);
}

} // namespace

std::optional<NodeRow> NodeRow::fromGridProxyJson(const QJsonObject &node, QString *error)
{
    const QJsonValue id = node.value(QLatin1String("nodeId"));
    if (!id.isDouble() || id.toDouble() < 1) {
        if (error)
            *error = QStringLiteral("a node object without a numeric \"nodeId\" (keys: %1)")
                         .arg(node.keys().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    NodeRow n;
    n.nodeId = qint64(id.toDouble());
    n.farmId = qint64(node.value(QLatin1String("farmId")).toDouble(0));
    n.country = node.value(QLatin1String("country")).toString();
    n.city = node.value(QLatin1String("city")).toString();
    n.status = node.value(QLatin1String("status")).toString();
    if (node.value(QLatin1String("healthy")).isBool())
        n.healthy = node.value(QLatin1String("healthy")).toBool();
    n.certification = node.value(QLatin1String("certificationType")).toString();
    n.totalCru = resource(node, "total_resources", "cru");
    n.totalMru = resource(node, "total_resources", "mru");
    n.totalSru = resource(node, "total_resources", "sru");
    n.totalHru = resource(node, "total_resources", "hru");
    n.usedCru = resource(node, "used_resources", "cru");
    n.usedMru = resource(node, "used_resources", "mru");
    n.usedSru = resource(node, "used_resources", "sru");
    n.usedHru = resource(node, "used_resources", "hru");
    n.uptimeSeconds = qint64(node.value(QLatin1String("uptime")).toDouble(0));
    return n;
}

NodeModel::NodeModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NodeModel::rebuildIndex(int from)
{
    for (int r = from; r < m_rows.size(); ++r)
        m_index.insert(m_rows.at(r).nodeId, r);
}

void NodeModel::setNodes(const QList<NodeRow> &nodes)
{
    QHash<qint64, qsizetype> incoming; // node id → position in `nodes` (the last one wins)
    for (qsizetype i = 0; i < nodes.size(); ++i)
        incoming.insert(nodes[i].nodeId, i);

    QList<int> changed;
    QList<int> gone;
    for (int r = 0; r < m_rows.size(); ++r) {
        const auto it = incoming.constFind(m_rows.at(r).nodeId);
        if (it == incoming.constEnd()) {
            gone << r;
        } else if (!(m_rows.at(r) == nodes[*it])) {
            m_rows[r] = nodes[*it];
            changed << r;
        }
    }
    for (const auto &[first, last] : model_roles::runsOf(changed))
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));

    if (!gone.isEmpty()) {
        const auto runs = model_roles::runsOf(gone);
        for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
            beginRemoveRows(QModelIndex(), run->first, run->second);
            for (int r = run->first; r <= run->second; ++r)
                m_index.remove(m_rows.at(r).nodeId);
            m_rows.remove(run->first, run->second - run->first + 1);
            endRemoveRows();
        }
        rebuildIndex(runs.first().first);
    }

    QList<NodeRow> added;
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        if (incoming.value(nodes[i].nodeId) == i && !m_index.contains(nodes[i].nodeId))
            added << nodes[i];
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        m_rows.append(added);
        rebuildIndex(first);
        endInsertRows();
    }
}

void NodeModel::nodesChanged(const QList<qint64> &nodeIds, int column)
{
    QList<int> rows;
    for (qint64 id : nodeIds) {
        const int r = rowOfNode(id);
        if (r >= 0)
            rows << r;
    }
    for (const auto &[first, last] : model_roles::runsOf(rows)) {
        Q_EMIT dataChanged(index(first, column < 0 ? 0 : column),
                           index(last, column < 0 ? ColumnCount - 1 : column));
    }
}

void NodeModel::setOurDeploymentCounts(const QHash<qint64, int> &countsByNode)
{
    QSet<qint64> ids;
    for (auto it = countsByNode.cbegin(); it != countsByNode.cend(); ++it) {
        if (m_ourDeployments.value(it.key()) != it.value())
            ids.insert(it.key());
    }
    for (auto it = m_ourDeployments.cbegin(); it != m_ourDeployments.cend(); ++it) {
        if (!countsByNode.contains(it.key()) && it.value() != 0)
            ids.insert(it.key());
    }
    m_ourDeployments = countsByNode;
    nodesChanged(QList<qint64>(ids.begin(), ids.end()), OurDeploymentsColumn);
}

void NodeModel::setScores(const QHash<qint64, NodeScore> &scoresByNode)
{
    QSet<qint64> ids;
    for (auto it = scoresByNode.cbegin(); it != scoresByNode.cend(); ++it) {
        if (!(m_scores.value(it.key()) == it.value()))
            ids.insert(it.key());
    }
    for (auto it = m_scores.cbegin(); it != m_scores.cend(); ++it) {
        if (!scoresByNode.contains(it.key()))
            ids.insert(it.key());
    }
    m_scores = scoresByNode;
    nodesChanged(QList<qint64>(ids.begin(), ids.end()), ScoreColumn);
}

void NodeModel::setHighlightedNode(qint64 nodeId)
{
    if (nodeId == m_highlighted)
        return;
    const qint64 before = m_highlighted;
    m_highlighted = nodeId;
    nodesChanged({before, nodeId}, -1);
}

int NodeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NodeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeModel::rawValue(const NodeRow &n, int column) const
{
    switch (column) {
    case NodeColumn:
        return n.nodeId;
    case FarmColumn:
        return n.farmId;
    case CountryColumn:
        return n.country;
    case CityColumn:
        return n.city;
    case StatusColumn:
        return n.status.toLower();
    case CertificationColumn:
        return n.certification;
    case CpuColumn:
        return qulonglong(n.freeCru());
    case MemoryColumn:
        return qulonglong(n.freeMru());
    case SsdColumn:
        return qulonglong(n.freeSru());
    case HddColumn:
        return qulonglong(n.freeHru());
    case UptimeColumn:
        return n.uptimeSeconds;
    case OurDeploymentsColumn:
        return m_ourDeployments.value(n.nodeId);
    case ScoreColumn:
        return m_scores.contains(n.nodeId) ? QVariant(m_scores.value(n.nodeId).value) : QVariant(qint64(INT64_MIN));
    }
    return {};
}

QVariant NodeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NodeRow &n = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NodeColumn:
            return QString::number(n.nodeId);
        case FarmColumn:
            return QString::number(n.farmId);
        case CountryColumn:
            return n.country;
        case CityColumn:
            return n.city;
        case StatusColumn: {
            const QString status = capitalized(n.status.toLower());
            if (!n.isUp() || !n.healthy)
                return status;
            return status + (*n.healthy ? QStringLiteral(" \u00B7 healthy") : QStringLiteral(" \u00B7 unhealthy"));
        }
        case CertificationColumn:
            return n.certification;
        case CpuColumn:
            return QStringLiteral("%1 / %2").arg(n.freeCru()).arg(n.totalCru);
        case MemoryColumn:
            return size(n.freeMru()) + QStringLiteral(" / ") + size(n.totalMru);
        case SsdColumn:
            return size(n.freeSru()) + QStringLiteral(" / ") + size(n.totalSru);
        case HddColumn:
            return size(n.freeHru()) + QStringLiteral(" / ") + size(n.totalHru);
        case UptimeColumn:
            return display::duration(n.uptimeSeconds * 1000);
        case OurDeploymentsColumn:
            return QString::number(m_ourDeployments.value(n.nodeId));
        case ScoreColumn:
            return m_scores.value(n.nodeId).text;
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case CpuColumn:
            return QStringLiteral("%1 cores, %2 vCPUs promised: CPU is shared, so a node is chosen on its cores")
                .arg(n.totalCru)
                .arg(n.usedCru);
        case MemoryColumn:
            return QStringLiteral("%1 of %2 free").arg(size(n.freeMru()), size(n.totalMru));
        case SsdColumn:
            return QStringLiteral("%1 of %2 free").arg(size(n.freeSru()), size(n.totalSru));
        case HddColumn:
            return QStringLiteral("%1 of %2 free").arg(size(n.freeHru()), size(n.totalHru));
        case ScoreColumn:
            return m_highlighted == n.nodeId ? QStringLiteral("The selector would pick this node now") : QVariant();
        }
        return {};
    case Qt::FontRole: {
        if (column != NodeColumn && column != FarmColumn && m_highlighted != n.nodeId)
            return {};
        QFont font = column == NodeColumn || column == FarmColumn ? display::monospaceFont() : QFont();
        font.setBold(m_highlighted == n.nodeId);
        return font;
    }
    case Qt::TextAlignmentRole:
        return int((column >= CpuColumn && column <= OurDeploymentsColumn ? Qt::AlignRight : Qt::AlignLeft)
                   | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return StageStyle::color(statusTone(n), QGuiApplication::palette());
        return {};
    case RawValueRole:
        return rawValue(n, column);
    case JobIdRole:
        return qint64(0);
    case StageRole:
        return QString();
    case ColorRoleRole:
        return StageStyle::colorRoleName(statusTone(n));
    case SearchTextRole:
        return QStringList{QString::number(n.nodeId), QString::number(n.farmId), n.country, n.city}
            .join(u'\n')
            .toCaseFolded();
    case NodeIdRole:
        return n.nodeId;
    case FarmIdRole:
        return n.farmId;
    case CountryRole:
        return n.country;
    case StatusRole:
        return n.status.toLower();
    case HealthyRole:
        return n.healthy ? QVariant(*n.healthy) : QVariant();
    case CertificationRole:
        return n.certification;
    case FreeCruRole:
        return qulonglong(n.freeCru());
    case TotalCruRole:
        return qulonglong(n.totalCru);
    case FreeMruRole:
        return qulonglong(n.freeMru());
    case FreeSruRole:
        return qulonglong(n.freeSru());
    case FreeHruRole:
        return qulonglong(n.freeHru());
    case OurDeploymentsRole:
        return m_ourDeployments.value(n.nodeId);
    case HighlightRole:
        return m_highlighted != 0 && m_highlighted == n.nodeId;
    case ScoreRole:
        return m_scores.value(n.nodeId).text;
    default:
        return {};
    }
}

QVariant NodeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NodeColumn:
        return QStringLiteral("Node");
    case FarmColumn:
        return QStringLiteral("Farm");
    case CountryColumn:
        return QStringLiteral("Country");
    case CityColumn:
        return QStringLiteral("City");
    case StatusColumn:
        return QStringLiteral("Status");
    case CertificationColumn:
        return QStringLiteral("Certification");
    case CpuColumn:
        return QStringLiteral("CPU free");
    case MemoryColumn:
        return QStringLiteral("Memory free");
    case SsdColumn:
        return QStringLiteral("SSD free");
    case HddColumn:
        return QStringLiteral("HDD free");
    case UptimeColumn:
        return QStringLiteral("Uptime");
    case OurDeploymentsColumn:
        return QStringLiteral("Our deployments");
    case ScoreColumn:
        return QStringLiteral("Score");
    }
    return {};
}

} // namespace griddeck
