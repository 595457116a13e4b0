#pragma once
// The live queue: jobs not yet active, failed, cancelled or stopped. A job that reaches a
// terminal stage leaves the model (rows removed run by run); new live jobs are appended.

#include "models/JobListModel.h"

namespace griddeck {

class QueueModel : public JobListModel
{
    Q_OBJECT
public:
    enum Column { PriorityColumn, IdColumn, UserColumn, ServiceColumn, TfcColumn, StageColumn, AttemptsColumn, NextAttemptColumn, LastErrorColumn, ColumnCount };
    Q_ENUM(Column)

    explicit QueueModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool lessThan(int column, const JobRow &a, const JobRow &b) const override;

protected:
    bool accepts(const JobRow &row) const override { return row.job.isLive(); }
    QVariant displayData(const JobRow &row, int column) const override;
    QVariant rawValue(const JobRow &row, int column) const override;
    QVariant toolTip(const JobRow &row, int column) const override;
    bool isMonospace(int column) const override { return column == IdColumn || column == TfcColumn; }
    bool isAmount(int column) const override { return column == TfcColumn; }
    int stageColumn() const override { return StageColumn; }
};

// Shared by the job models: "Critical", "High", "Normal", "Low".
QString priorityLabel(griddeck::Priority priority);

} // namespace griddeck
