#include "models/UserModel.h"

#include "models/DisplayFormat.h"
#include "models/ModelSupport.h"
#include "models/StageStyle.h"
#include "models/StoreWatcher.h"

namespace griddeck {

static_assert(UserModel::RawValueRole == model_roles::RawValue && UserModel::SearchTextRole == model_roles::SearchText);

UserModel::UserModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void UserModel::attach(StoreWatcher *watcher)
{
    connect(watcher, &StoreWatcher::usersChanged, this, &UserModel::applyUsers);
}

void UserModel::applyUsers(const QList<UserRow> &rows)
{
    QList<int> changed;
    QList<UserRow> added;
    QHash<qint64, qsizetype> addedAt;
    for (const UserRow &row : rows) {
        const auto it = m_index.constFind(row.userId);
        if (it != m_index.constEnd()) {
            if (!(m_rows.at(*it) == row)) {
                m_rows[*it] = row;
                changed << *it;
            }
        } else if (const auto seen = addedAt.constFind(row.userId); seen != addedAt.constEnd()) {
            added[*seen] = row;
        } else {
            addedAt.insert(row.userId, added.size());
            added << row;
        }
    }
    for (const auto &[first, last] : model_roles::runsOf(changed))
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        for (const UserRow &row : std::as_const(added)) {
            m_index.insert(row.userId, int(m_rows.size()));
            m_rows << row;
        }
        endInsertRows();
    }
}

int UserModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UserModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserRow &u = m_rows.at(index.row());
    const int column = index.column();
    const bool amount = column == AvailableColumn || column == HeldColumn;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return u.name;
        case AvailableColumn:
            return display::tfc(u.available);
        case HeldColumn:
            return display::tfc(u.held);
        case JobsColumn:
            return display::count(u.jobs);
        case LiveJobsColumn:
            return display::count(u.liveJobs);
        }
        return {};
    case Qt::ToolTipRole:
        if (column == AvailableColumn)
            return display::tfcFull(u.available);
        if (column == HeldColumn)
            return display::tfcFull(u.held);
        if (column == NameColumn)
            return QStringLiteral("user %1 · since %2").arg(u.userId).arg(display::exactTime(u.createdAt));
        return {};
    case Qt::FontRole:
        if (amount)
            return display::monospaceFont();
        return {};
    case Qt::TextAlignmentRole:
        return int((column == NameColumn ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    case RawValueRole:
        switch (column) {
        case NameColumn:
            return u.name;
        case AvailableColumn:
            return qint64(u.available.units());
        case HeldColumn:
            return qint64(u.held.units());
        case JobsColumn:
            return u.jobs;
        case LiveJobsColumn:
            return u.liveJobs;
        }
        return {};
    case JobIdRole:
        return qint64(0);
    case StageRole:
        return QString();
    case ColorRoleRole:
        return StageStyle::colorRoleName(u.available.isZero() ? ColorRole::Muted : ColorRole::Neutral);
    case SearchTextRole:
        return (QString::number(u.userId) + u'\n' + u.name).toCaseFolded();
    case UserIdRole:
        return u.userId;
    case AvailableUnitsRole:
        return qint64(u.available.units());
    case HeldUnitsRole:
        return qint64(u.held.units());
    default:
        return {};
    }
}

QVariant UserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int((section == NameColumn ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("User");
    case AvailableColumn:
        return QStringLiteral("Available TFC");
    case HeldColumn:
        return QStringLiteral("Held TFC");
    case JobsColumn:
        return QStringLiteral("Jobs");
    case LiveJobsColumn:
        return QStringLiteral("Live");
    }
    return {};
}

} // namespace griddeck
