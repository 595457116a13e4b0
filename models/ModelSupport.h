#pragma once
// Small pieces every GridDeck model shares.
//
// Every model's Role enum begins with the same five roles, in this order, so one proxy
// (SearchFilterProxy and its kin) and one badge delegate serve them all:
//   RawValueRole   sort key: qint64 for amounts, times and ids; QString for text
//   JobIdRole      qint64, 0 when the row has no job
//   StageRole      QString stage name, empty when the row has none
//   ColorRoleRole  QString StageStyle colour role name ("success", "danger", …)
//   SearchTextRole QString, case-folded text the search box matches

#include <QList>
#include <Qt>

#include <algorithm>
#include <utility>

namespace griddeck::model_roles {

constexpr int RawValue = Qt::UserRole + 1;
constexpr int JobId = Qt::UserRole + 2;
constexpr int Stage = Qt::UserRole + 3;
constexpr int ColorRole = Qt::UserRole + 4;
constexpr int SearchText = Qt::UserRole + 5;

// Row numbers (any order, duplicates allowed) → sorted [first, last] runs of consecutive rows:
// one dataChanged / beginRemoveRows per run instead of one per row.
inline QList<std::pair<int, int>> runsOf(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<std::pair<int, int>> runs;
    for (int row : rows) {
        if (!runs.isEmpty() && runs.last().second + 1 == row)
            runs.last().second = row;
        else
            runs.append({row, row});
    }
    return runs;
}

} // namespace griddeck::model_roles
