#include "models/JobListModel.h"

#include "models/DisplayFormat.h"
#include "models/ModelSupport.h"
#include "models/StageStyle.h"
#include "models/StoreWatcher.h"

#include <QGuiApplication>

#include <algorithm>

namespace griddeck {

using model_roles::runsOf;

static_assert(JobListModel::RawValueRole == model_roles::RawValue && JobListModel::SearchTextRole == model_roles::SearchText);

JobListModel::JobListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(&SystemClock::instance())
{
}

void JobListModel::attach(StoreWatcher *watcher)
{
    connect(watcher, &StoreWatcher::jobsChanged, this, &JobListModel::applyJobs);
}

void JobListModel::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &SystemClock::instance();
}

const JobRow *JobListModel::job(qint64 jobId) const
{
    const Slot *slot = m_index.value(jobId, nullptr);
    return slot ? &slot->row : nullptr;
}

int JobListModel::rowOfJob(qint64 jobId) const
{
    const Slot *slot = m_index.value(jobId, nullptr);
    return slot ? slot->position : -1;
}

bool JobListModel::before(const Slot *a, const Slot *b) const
{
    return m_sortOrder == Qt::AscendingOrder ? lessThan(m_sortColumn, a->row, b->row)
                                             : lessThan(m_sortColumn, b->row, a->row);
}

void JobListModel::renumber(size_t from)
{
    for (size_t r = from; r < m_rows.size(); ++r)
        m_rows[r]->position = int(r);
}

void JobListModel::placeInOrder(const QList<Slot *> &moved)
{
    // The others are still in order among themselves: sort the few that moved and merge.
    for (Slot *slot : moved)
        slot->position = -1;
    std::vector<std::unique_ptr<Slot>> staying;
    std::vector<std::unique_ptr<Slot>> moving;
    staying.reserve(m_rows.size());
    moving.reserve(size_t(moved.size()));
    for (auto &slot : m_rows)
        (slot->position < 0 ? moving : staying).push_back(std::move(slot));
    const auto order = [this](const std::unique_ptr<Slot> &a, const std::unique_ptr<Slot> &b) {
        return before(a.get(), b.get());
    };
    std::stable_sort(moving.begin(), moving.end(), order);
    m_rows.clear();
    m_rows.reserve(staying.size() + moving.size());
    std::merge(std::make_move_iterator(staying.begin()), std::make_move_iterator(staying.end()),
               std::make_move_iterator(moving.begin()), std::make_move_iterator(moving.end()),
               std::back_inserter(m_rows), order);
    renumber(0);
}

void JobListModel::removeRuns(const QList<int> &rows)
{
    const auto runs = runsOf(rows);
    // Bottom run first, so the row numbers of the runs above stay valid.
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginRemoveRows(QModelIndex(), run->first, run->second);
        for (int r = run->first; r <= run->second; ++r)
            m_index.remove(m_rows[size_t(r)]->row.job.id);
        m_rows.erase(m_rows.begin() + run->first, m_rows.begin() + run->second + 1);
        renumber(size_t(run->first)); // rowOfJob() is right for whoever listens to rowsRemoved
        endRemoveRows();
    }
}

void JobListModel::applyJobs(const QList<JobRow> &rows)
{
    // The latest version of each job in the batch, in first-seen order.
    QList<const JobRow *> latest;
    QHash<qint64, qsizetype> seen;
    for (const JobRow &row : rows) {
        const auto it = seen.constFind(row.job.id);
        if (it != seen.constEnd()) {
            latest[*it] = &row;
        } else {
            seen.insert(row.job.id, latest.size());
            latest << &row;
        }
    }

    const bool sorted = m_sortColumn >= 0;
    QList<int> gone;
    QList<std::pair<Slot *, const JobRow *>> changed;
    QList<Slot *> toPlace; // rows a sorted model must move
    QList<const JobRow *> added;
    for (const JobRow *row : std::as_const(latest)) {
        Slot *slot = m_index.value(row->job.id, nullptr);
        const bool wanted = accepts(*row);
        if (!slot) {
            if (wanted)
                added << row;
        } else if (!wanted) {
            gone << slot->position;
        } else if (slot->row.fingerprint != row->fingerprint) {
            changed.append({slot, row});
            if (sorted && (lessThan(m_sortColumn, slot->row, *row) || lessThan(m_sortColumn, *row, slot->row)))
                toPlace << slot; // its sort key changed (lessThan ties on the same id)
        }
    }

    if (!gone.isEmpty())
        removeRuns(gone);

    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        for (const JobRow *row : std::as_const(added)) {
            auto slot = std::make_unique<Slot>();
            slot->row = *row;
            slot->position = int(m_rows.size());
            m_index.insert(row->job.id, slot.get());
            if (sorted)
                toPlace << slot.get();
            m_rows.push_back(std::move(slot));
        }
        endInsertRows();
    }

    if (changed.isEmpty() && toPlace.isEmpty())
        return;
    if (toPlace.isEmpty() && changed.size() <= kLayoutBatch) {
        QList<int> positions;
        positions.reserve(changed.size());
        for (const auto &[slot, row] : std::as_const(changed)) {
            slot->row = *row;
            positions << slot->position;
        }
        for (const auto &[first, last] : runsOf(positions))
            Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1));
        return;
    }

    // One layout change for the whole batch; persistent indexes follow their jobs.
    const auto hint = toPlace.isEmpty() ? QAbstractItemModel::NoLayoutChangeHint : QAbstractItemModel::VerticalSortHint;
    Q_EMIT layoutAboutToBeChanged({}, hint);
    const QModelIndexList from = persistentIndexList();
    QList<std::pair<const Slot *, int>> anchors;
    anchors.reserve(from.size());
    for (const QModelIndex &index : from)
        anchors.append({m_rows[size_t(index.row())].get(), index.column()});
    for (const auto &[slot, row] : std::as_const(changed))
        slot->row = *row;
    if (!toPlace.isEmpty())
        placeInOrder(toPlace);
    QModelIndexList to;
    to.reserve(anchors.size());
    for (const auto &[slot, column] : std::as_const(anchors))
        to << index(slot->position, column);
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, hint);
}

void JobListModel::sort(int column, Qt::SortOrder order)
{
    if (column >= columnCount())
        column = -1;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (column < 0 || m_rows.empty())
        return; // the rows stay as they are; new ones go last
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QList<std::pair<const Slot *, int>> anchors;
    anchors.reserve(from.size());
    for (const QModelIndex &index : from)
        anchors.append({m_rows[size_t(index.row())].get(), index.column()});
    std::stable_sort(m_rows.begin(), m_rows.end(), [this](const std::unique_ptr<Slot> &a, const std::unique_ptr<Slot> &b) {
        return before(a.get(), b.get());
    });
    renumber(0);
    QModelIndexList to;
    to.reserve(anchors.size());
    for (const auto &[slot, column] : std::as_const(anchors))
        to << index(slot->position, column);
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant JobListModel::toolTip(const JobRow &, int) const
{
    return {};
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JobRow &row = rowAt(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::FontRole:
        if (isMonospace(column))
            return display::monospaceFont();
        return {};
    case Qt::TextAlignmentRole:
        if (isAmount(column))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == stageColumn())
            return StageStyle::color(StageStyle::of(row.job.stage).colorRole, QGuiApplication::palette());
        return {};
    case RawValueRole:
        return rawValue(row, column);
    case JobIdRole:
        return row.job.id;
    case StageRole:
        return stageName(row.job.stage);
    case ColorRoleRole:
        return StageStyle::colorRoleName(StageStyle::of(row.job.stage).colorRole);
    case SearchTextRole:
        return row.searchText;
    case StageMarkRole:
        return StageStyle::of(row.job.stage).mark;
    case StepRunningRole:
        return !row.job.leaseOwner.isEmpty() && row.job.leaseExpiresAt.value_or(0) > m_clock->nowMs();
    case ProgressRole:
        return stageProgress(row.job.stage);
    case PriorityRole:
        return static_cast<int>(row.job.priority);
    case UserIdRole:
        return row.job.userId;
    case UserNameRole:
        return row.userName;
    case ServiceTypeRole:
        return row.job.serviceType;
    case CountryRole:
        return row.deployment.country;
    case NodeIdRole:
        return row.deployment.nodeId;
    case IpRole:
        return row.deployment.bestIp();
    case TfcUnitsRole:
        return qint64(row.job.tfcAmount.units());
    case JobRowRole:
        return QVariant::fromValue(row);
    default:
        return {};
    }
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawValueRole, "rawValue");
    names.insert(JobIdRole, "jobId");
    names.insert(StageRole, "stage");
    names.insert(ColorRoleRole, "colorRole");
    names.insert(SearchTextRole, "searchText");
    names.insert(StageMarkRole, "stageMark");
    names.insert(StepRunningRole, "stepRunning");
    names.insert(ProgressRole, "progress");
    names.insert(PriorityRole, "priority");
    names.insert(UserIdRole, "userId");
    names.insert(UserNameRole, "userName");
    names.insert(ServiceTypeRole, "serviceType");
    names.insert(CountryRole, "country");
    names.insert(NodeIdRole, "nodeId");
    names.insert(IpRole, "ip");
    names.insert(TfcUnitsRole, "tfcUnits");
    names.insert(JobRowRole, "jobRow");
    return names;
}

} // namespace griddeck
