#include "models/DeploymentModel.h"

#include "models/DisplayFormat.h"
#include "models/StageStyle.h"

namespace griddeck {

namespace {

template<class T>
int order(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int orderText(const QString &a, const QString &b)
{
    return QString::compare(a, b, Qt::CaseInsensitive);
}

const QString kNone = QStringLiteral("\u2014"); // an em dash where there is no value yet

} // namespace

DeploymentModel::DeploymentModel(QObject *parent)
    : JobListModel(parent)
{
}

int DeploymentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeploymentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int((section == TfcColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StageColumn:
        return QStringLiteral("Stage");
    case ServiceTypeColumn:
        return QStringLiteral("Type");
    case SummaryColumn:
        return QStringLiteral("Service");
    case UserColumn:
        return QStringLiteral("User");
    case NodeColumn:
        return QStringLiteral("Node");
    case CountryColumn:
        return QStringLiteral("Country");
    case IpColumn:
        return QStringLiteral("IP");
    case TfcColumn:
        return QStringLiteral("TFC");
    case CreatedColumn:
        return QStringLiteral("Created");
    case UpdatedColumn:
        return QStringLiteral("Updated");
    default:
        return {};
    }
}

QVariant DeploymentModel::displayData(const JobRow &row, int column) const
{
    const Job &job = row.job;
    const DeploymentSummary &d = row.deployment;
    switch (column) {
    case StageColumn:
        return StageStyle::of(job.stage).badgeText();
    case ServiceTypeColumn:
        return job.serviceType;
    case SummaryColumn:
        return row.summary;
    case UserColumn:
        return row.userName;
    case NodeColumn:
        return d.exists() ? QString::number(d.nodeId) : kNone;
    case CountryColumn:
        return d.country.isEmpty() ? kNone : d.country;
    case IpColumn: {
        const QString ip = d.bestIp();
        return ip.isEmpty() ? kNone : ip;
    }
    case TfcColumn:
        return display::tfc(job.tfcAmount);
    case CreatedColumn:
        return display::relativeTime(job.createdAt, clock().nowMs());
    case UpdatedColumn:
        return display::relativeTime(job.updatedAt, clock().nowMs());
    default:
        return {};
    }
}

QVariant DeploymentModel::rawValue(const JobRow &row, int column) const
{
    const Job &job = row.job;
    const DeploymentSummary &d = row.deployment;
    switch (column) {
    case StageColumn:
        return static_cast<int>(job.stage);
    case ServiceTypeColumn:
        return job.serviceType;
    case SummaryColumn:
        return row.summary;
    case UserColumn:
        return row.userName;
    case NodeColumn:
        return d.nodeId;
    case CountryColumn:
        return d.country;
    case IpColumn:
        return d.bestIp();
    case TfcColumn:
        return qint64(job.tfcAmount.units());
    case CreatedColumn:
        return job.createdAt;
    case UpdatedColumn:
        return job.updatedAt;
    default:
        return {};
    }
}

QVariant DeploymentModel::toolTip(const JobRow &row, int column) const
{
    const Job &job = row.job;
    const DeploymentSummary &d = row.deployment;
    switch (column) {
    case StageColumn:
        return job.lastError.isEmpty() ? stageName(job.stage)
                                       : QStringLiteral("%1: %2").arg(stageName(job.stage), job.lastError);
    case SummaryColumn:
        return row.summary;
    case NodeColumn:
        if (!d.exists())
            return {};
        return QStringLiteral("node %1 · farm %2 · attempt %3 · %4")
            .arg(d.nodeId)
            .arg(d.farmId ? QString::number(*d.farmId) : kNone)
            .arg(d.attempt)
            .arg(d.state);
    case IpColumn: {
        QStringList lines;
        if (!d.ip.isEmpty())
            lines << QStringLiteral("IPv4 ") + d.ip;
        if (!d.ipv6.isEmpty())
            lines << QStringLiteral("IPv6 ") + d.ipv6;
        if (!d.myceliumIp.isEmpty())
            lines << QStringLiteral("Mycelium ") + d.myceliumIp;
        if (!d.sshCommand.isEmpty())
            lines << QStringLiteral("SSH ") + d.sshCommand;
        if (!d.webUrl.isEmpty())
            lines << QStringLiteral("Web ") + d.webUrl;
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
    }
    case TfcColumn:
        return QStringLiteral("%1\ncommission %2\ngrid payment %3")
            .arg(display::tfcFull(job.tfcAmount), display::tfcFull(job.commissionAmount),
                 display::tfcFull(job.gridPaymentAmount));
    case CreatedColumn:
        return display::exactTime(job.createdAt);
    case UpdatedColumn:
        return display::exactTime(job.updatedAt);
    default:
        return {};
    }
}

bool DeploymentModel::lessThan(int column, const JobRow &a, const JobRow &b) const
{
    const Job &x = a.job;
    const Job &y = b.job;
    int c = 0;
    switch (column) {
    case StageColumn:
        c = order(static_cast<int>(x.stage), static_cast<int>(y.stage));
        break;
    case ServiceTypeColumn:
        c = orderText(x.serviceType, y.serviceType);
        break;
    case SummaryColumn:
        c = orderText(a.summary, b.summary);
        break;
    case UserColumn:
        c = orderText(a.userName, b.userName);
        break;
    case NodeColumn:
        c = order(a.deployment.nodeId, b.deployment.nodeId);
        break;
    case CountryColumn:
        c = orderText(a.deployment.country, b.deployment.country);
        break;
    case IpColumn:
        c = orderText(a.deployment.bestIp(), b.deployment.bestIp());
        break;
    case TfcColumn:
        c = order(x.tfcAmount.units(), y.tfcAmount.units());
        break;
    case CreatedColumn:
        c = order(x.createdAt, y.createdAt);
        break;
    case UpdatedColumn:
        c = order(x.updatedAt, y.updatedAt);
        break;
    default:
        break;
    }
    return c != 0 ? c < 0 : x.id < y.id;
}

} // namespace griddeck
