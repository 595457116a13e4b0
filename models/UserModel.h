#pragma once
// Users with their balances and job counts (from the watcher's usersChanged): rows are found
// by id, changed rows repaint as contiguous runs, new users are appended. Never reset.

#include "models/Rows.h"

#include <QAbstractTableModel>
#include <QHash>

namespace griddeck {

class StoreWatcher;

class UserModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, AvailableColumn, HeldColumn, JobsColumn, LiveJobsColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RawValueRole = Qt::UserRole + 1, // name; amounts in units; counts
        JobIdRole,          // always 0
        StageRole,          // always empty
        ColorRoleRole,      // "muted" for a user with nothing available, else "neutral"
        SearchTextRole,     // case-folded name and id
        UserIdRole,         // qint64
        AvailableUnitsRole, // qint64
        HeldUnitsRole,      // qint64
    };
    Q_ENUM(Role)

    explicit UserModel(QObject *parent = nullptr);

    void attach(StoreWatcher *watcher);
    void applyUsers(const QList<UserRow> &rows);

    const UserRow &rowAt(int row) const { return m_rows.at(row); }
    int rowOfUser(qint64 userId) const { return m_index.value(userId, -1); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<UserRow> m_rows;
    QHash<qint64, int> m_index;
};

} // namespace griddeck
