#include "models/NotificationModel.h"

#include "models/StageStyle.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>

namespace griddeck {

NotificationModel::NotificationModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NotificationModel::setStore(std::shared_ptr<Store> store, bool readNow)
{
    m_store = std::move(store);
    if (readNow)
        refresh();
}

void NotificationModel::setStateFilter(const std::optional<QString> &viewState, bool readNow)
{
    m_filter = viewState;
    if (readNow)
        refresh();
}

qint64 NotificationModel::failedCount() const
{
    return m_counts.value(QStringLiteral("failed")) + m_counts.value(QStringLiteral("undeliverable"));
}

int NotificationModel::rowOfEntry(qint64 id) const
{
    for (int r = 0; r < m_rows.size(); ++r)
        if (m_rows.at(r).id == id)
            return r;
    return -1;
}

Result<NotificationModel::Snapshot> NotificationModel::read(
    const std::shared_ptr<Store> &store, const std::optional<QString> &filter)
{
    if (!store)
        return Error::invalid(QStringLiteral("no store to read the outbox from"));
    Outbox outbox(store, NotifySettings());
    OutboxQuery query;
    query.viewState = filter;
    auto found = outbox.find(query);
    if (!found.ok())
        return found.error();
    auto counts = outbox.stateCounts();
    if (!counts.ok())
        return counts.error();
    return Snapshot { filter, found.value(), counts.value() };
}

bool NotificationModel::refresh()
{
    if (!m_store)
        return false;
    return apply(read(m_store, m_filter));
}

bool NotificationModel::apply(const Result<Snapshot> &snapshot)
{
    if (!snapshot.ok()) {
        m_error = snapshot.error().message;
        return false;
    }
    if (snapshot->filter != m_filter)
        return true; // read for a filter that is no longer shown: the next read follows
    m_error.clear();
    const QList<OutboxEntry> &rows = snapshot->rows;
    bool sameIds = rows.size() == m_rows.size();
    for (int r = 0; sameIds && r < rows.size(); ++r)
        sameIds = rows.at(r).id == m_rows.at(r).id;
    if (sameIds) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }
    if (snapshot->counts != m_counts) {
        m_counts = snapshot->counts;
        Q_EMIT countsChanged();
    }
    return true;
}

int NotificationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NotificationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString NotificationModel::stateLabel(const QString &viewState)
{
    if (viewState == QLatin1String("pending"))
        return tr("Pending");
    if (viewState == QLatin1String("sent"))
        return tr("Sent");
    if (viewState == QLatin1String("failed"))
        return tr("Failed, retrying");
    if (viewState == QLatin1String("undeliverable"))
        return tr("Undeliverable");
    return viewState;
}

QVariant NotificationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const OutboxEntry &e = m_rows.at(index.row());
    const QString state = e.viewState();
    const bool bad = state == QLatin1String("failed") || state == QLatin1String("undeliverable");
    switch (role) {
    case OutboxIdRole:
        return e.id;
    case JobIdRole:
        return e.jobId.value_or(0);
    case ViewStateRole:
        return state;
    case ColorRoleRole:
        return StageStyle::colorRoleName(bad
                ? ColorRole::Danger
                : (state == QLatin1String("sent") ? ColorRole::Success : ColorRole::Neutral));
    case Qt::ForegroundRole:
        if (bad && (index.column() == StateColumn || index.column() == ErrorColumn))
            return StageStyle::color(ColorRole::Danger, QGuiApplication::palette());
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == JobColumn || index.column() == AttemptsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(e.createdAt).toString(Qt::ISODate);
        if (index.column() == ErrorColumn && !e.lastError.isEmpty())
            return e.lastError;
        if (index.column() == StateColumn && e.state == QLatin1String("pending") && e.attempts > 0)
            return tr("Next try %1")
                .arg(QLocale().toString(
                    QDateTime::fromMSecsSinceEpoch(e.nextAttemptAt), QLocale::ShortFormat));
        return QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.createdAt), QLocale::ShortFormat);
        case JobColumn:
            return e.jobId ? QVariant(QStringLiteral("#%1").arg(*e.jobId))
                           : QVariant(QStringLiteral("\u2014"));
        case EventColumn:
            return e.event;
        case ChannelColumn:
            return channelName(e.channel);
        case RecipientColumn:
            return e.recipient.isEmpty() ? tr("operators") : e.recipient;
        case StateColumn:
            return stateLabel(state);
        case AttemptsColumn:
            return e.attempts;
        case ErrorColumn:
            return e.lastError;
        }
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant NotificationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("When");
    case JobColumn:
        return tr("Job");
    case EventColumn:
        return tr("Event");
    case ChannelColumn:
        return tr("Channel");
    case RecipientColumn:
        return tr("Recipient");
    case StateColumn:
        return tr("State");
    case AttemptsColumn:
        return tr("Attempts");
    case ErrorColumn:
        return tr("Last error");
    }
    return QVariant();
}

} // namespace griddeck
