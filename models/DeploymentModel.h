#pragma once
// Every job with its current deployment (the latest attempt): the Deployments pane.

#include "models/JobListModel.h"

namespace griddeck {

class DeploymentModel : public JobListModel
{
    Q_OBJECT
public:
    enum Column { StageColumn, ServiceTypeColumn, SummaryColumn, UserColumn, NodeColumn, CountryColumn, IpColumn, TfcColumn, CreatedColumn, UpdatedColumn, ColumnCount };
    Q_ENUM(Column)

    explicit DeploymentModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool lessThan(int column, const JobRow &a, const JobRow &b) const override;

protected:
    bool accepts(const JobRow &) const override { return true; }
    QVariant displayData(const JobRow &row, int column) const override;
    QVariant rawValue(const JobRow &row, int column) const override;
    QVariant toolTip(const JobRow &row, int column) const override;
    bool isMonospace(int column) const override { return column == NodeColumn || column == IpColumn || column == TfcColumn; }
    bool isAmount(int column) const override { return column == TfcColumn; }
    int stageColumn() const override { return StageColumn; }
};

} // namespace griddeck
