#include "models/QueueModel.h"

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

} // namespace

QString priorityLabel(griddeck::Priority priority)
{
    switch (priority) {
    case griddeck::Priority::Low:
        return QStringLiteral("Low");
    case griddeck::Priority::Normal:
        return QStringLiteral("Normal");
    case griddeck::Priority::High:
        return QStringLiteral("High");
    case griddeck::Priority::Critical:
        return QStringLiteral("Critical");
    }
    return QString();
}

QueueModel::QueueModel(QObject *parent)
    : JobListModel(parent)
{
}

int QueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int((section == TfcColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PriorityColumn:
        return QStringLiteral("Priority");
    case IdColumn:
        return QStringLiteral("Job");
    case UserColumn:
        return QStringLiteral("User");
    case ServiceColumn:
        return QStringLiteral("Service");
    case TfcColumn:
        return QStringLiteral("TFC");
    case StageColumn:
        return QStringLiteral("Stage");
    case AttemptsColumn:
        return QStringLiteral("Attempts");
    case NextAttemptColumn:
        return QStringLiteral("Next attempt");
    case LastErrorColumn:
        return QStringLiteral("Last error");
    default:
        return {};
    }
}

QVariant QueueModel::displayData(const JobRow &row, int column) const
{
    const Job &job = row.job;
    switch (column) {
    case PriorityColumn:
        return priorityLabel(job.priority);
    case IdColumn:
        return QString::number(job.id);
    case UserColumn:
        return row.userName;
    case ServiceColumn:
        return row.summary;
    case TfcColumn:
        return display::tfc(job.tfcAmount);
    case StageColumn:
        return StageStyle::of(job.stage).badgeText();
    case AttemptsColumn:
        return QStringLiteral("%1 / %2").arg(job.attempt).arg(job.maxRetries);
    case NextAttemptColumn: {
        const qint64 now = clock().nowMs();
        if (!job.leaseOwner.isEmpty() && job.leaseExpiresAt.value_or(0) > now)
            return QStringLiteral("running");
        return job.runAt <= now ? QStringLiteral("due") : display::relativeTime(job.runAt, now);
    }
    case LastErrorColumn:
        return job.lastError;
    default:
        return {};
    }
}

QVariant QueueModel::rawValue(const JobRow &row, int column) const
{
    const Job &job = row.job;
    switch (column) {
    case PriorityColumn:
        return static_cast<int>(job.priority);
    case IdColumn:
        return job.id;
    case UserColumn:
        return row.userName;
    case ServiceColumn:
        return row.summary;
    case TfcColumn:
        return qint64(job.tfcAmount.units());
    case StageColumn:
        return static_cast<int>(job.stage);
    case AttemptsColumn:
        return job.attempt;
    case NextAttemptColumn:
        return job.runAt;
    case LastErrorColumn:
        return job.lastError;
    default:
        return {};
    }
}

QVariant QueueModel::toolTip(const JobRow &row, int column) const
{
    const Job &job = row.job;
    switch (column) {
    case TfcColumn:
        return QStringLiteral("%1\ncommission %2\ngrid payment %3")
            .arg(display::tfcFull(job.tfcAmount), display::tfcFull(job.commissionAmount),
                 display::tfcFull(job.gridPaymentAmount));
    case NextAttemptColumn:
        return display::exactTime(job.runAt);
    case LastErrorColumn:
        return job.lastError.isEmpty() ? QVariant() : QVariant(job.lastError);
    case ServiceColumn:
        return row.summary;
    case StageColumn:
        return stageName(job.stage);
    default:
        return {};
    }
}

bool QueueModel::lessThan(int column, const JobRow &a, const JobRow &b) const
{
    const Job &x = a.job;
    const Job &y = b.job;
    int c = 0;
    switch (column) {
    case PriorityColumn:
        c = order(static_cast<int>(x.priority), static_cast<int>(y.priority));
        break;
    case UserColumn:
        c = orderText(a.userName, b.userName);
        break;
    case ServiceColumn:
        c = orderText(a.summary, b.summary);
        break;
    case TfcColumn:
        c = order(x.tfcAmount.units(), y.tfcAmount.units());
        break;
    case StageColumn:
        c = order(static_cast<int>(x.stage), static_cast<int>(y.stage));
        break;
    case AttemptsColumn:
        c = order(x.attempt, y.attempt);
        break;
    case NextAttemptColumn:
        c = order(x.runAt, y.runAt);
        break;
    case LastErrorColumn:
        c = orderText(x.lastError, y.lastError);
        break;
    default:
        break;
    }
    return c != 0 ? c < 0 : x.id < y.id;
}

} // namespace griddeck
