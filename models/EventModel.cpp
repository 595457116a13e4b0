#include "models/EventModel.h"

#include "models/DisplayFormat.h"
#include "models/ModelSupport.h"
#include "models/StageStyle.h"
#include "models/StoreWatcher.h"

#include <QGuiApplication>
#include <algorithm>

namespace griddeck {

static_assert(EventModel::RawValueRole == model_roles::RawValue && EventModel::SearchTextRole == model_roles::SearchText);

EventModel::EventModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(&SystemClock::instance())
{
}

void EventModel::attach(StoreWatcher *watcher)
{
    m_watcher = watcher;
    connect(watcher, &StoreWatcher::eventsAdded, this, &EventModel::onAdded);
    connect(watcher, &StoreWatcher::eventsLoaded, this, &EventModel::onLoaded);
    setJobId(m_jobId);
}

void EventModel::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &SystemClock::instance();
}

void EventModel::setJobId(qint64 jobId)
{
    m_jobId = jobId;
    removeAll();
    if (m_watcher) {
        m_loading = true;
        m_watcher->requestEvents(jobId, m_maxRows);
    }
}

void EventModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    trimToLimit();
}

void EventModel::onLoaded(qint64 jobId, const QList<EventRow> &events)
{
    if (!m_loading || jobId != m_jobId)
        return;
    m_loading = false;
    setEvents(events);
    Q_EMIT loaded();
}

void EventModel::onAdded(const QList<EventRow> &events)
{
    // While loading, everything added so far is in the answer on its way.
    if (!m_loading)
        appendEvents(events);
}

void EventModel::removeAll()
{
    m_newestId = 0;
    if (m_rows.isEmpty())
        return;
    beginRemoveRows(QModelIndex(), 0, int(m_rows.size()) - 1);
    m_rows.clear();
    endRemoveRows();
}

void EventModel::setEvents(const QList<EventRow> &events)
{
    removeAll();
    appendEvents(events);
}

void EventModel::appendEvents(const QList<EventRow> &events)
{
    QList<EventRow> fresh;
    for (const EventRow &row : events) {
        if (m_jobId != 0 && row.event.jobId != m_jobId)
            continue;
        if (row.event.id > m_newestId) {
            fresh << row;
            m_newestId = row.event.id;
        } else {
            insertLate(row);
        }
    }
    if (fresh.isEmpty())
        return;
    // More than fit: only the newest can stay, so never insert the rest.
    if (fresh.size() > m_maxRows)
        fresh = fresh.mid(fresh.size() - m_maxRows);
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    m_rows.append(fresh);
    endInsertRows();
    trimToLimit();
}

void EventModel::insertLate(const EventRow &row)
{
    // On a shared PostgreSQL store an event can commit after one with a higher id was shown
    // (ids are taken at insert, not commit): it goes in its place by id, once.
    const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), row.event.id,
        [](const EventRow &r, qint64 id) { return r.event.id < id; });
    if (at != m_rows.cend() && at->event.id == row.event.id)
        return;
    const int position = int(at - m_rows.cbegin());
    if (position == 0 && m_rows.size() >= m_maxRows)
        return; // older than everything kept
    beginInsertRows(QModelIndex(), position, position);
    m_rows.insert(position, row);
    endInsertRows();
}

void EventModel::trimToLimit()
{
    const int excess = int(m_rows.size()) - m_maxRows;
    if (excess <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    m_rows.remove(0, excess);
    endRemoveRows();
}

int EventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JobEvent &e = m_rows.at(index.row()).event;
    const int column = index.column();
    const StageStyle style = StageStyle::of(e.stage);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return display::relativeTime(e.at, m_clock->nowMs());
        case JobColumn:
            return QString::number(e.jobId);
        case StageColumn:
            return style.badgeText();
        case AttemptColumn:
            return QString::number(e.attempt);
        case KindColumn:
            return e.kind;
        case MessageColumn:
            return e.message;
        case ActorColumn:
            return e.actor;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == TimeColumn)
            return display::exactTime(e.at);
        if (column == MessageColumn)
            return e.message;
        return {};
    case Qt::FontRole:
        if (column == JobColumn)
            return display::monospaceFont();
        return {};
    case Qt::TextAlignmentRole:
        return int((column == JobColumn || column == AttemptColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == StageColumn)
            return StageStyle::color(style.colorRole, QGuiApplication::palette());
        return {};
    case RawValueRole:
        switch (column) {
        case TimeColumn:
            return e.at;
        case JobColumn:
            return e.jobId;
        case StageColumn:
            return static_cast<int>(e.stage);
        case AttemptColumn:
            return e.attempt;
        case KindColumn:
            return e.kind;
        case MessageColumn:
            return e.message;
        case ActorColumn:
            return e.actor;
        }
        return {};
    case JobIdRole:
        return e.jobId;
    case StageRole:
        return stageName(e.stage);
    case ColorRoleRole:
        return StageStyle::colorRoleName(style.colorRole);
    case SearchTextRole:
        return QStringList{QString::number(e.jobId), stageName(e.stage), e.kind, e.message, e.actor}
            .join(u'\n')
            .toCaseFolded();
    case EventIdRole:
        return e.id;
    case KindRole:
        return e.kind;
    case StageMarkRole:
        return style.mark;
    default:
        return {};
    }
}

QVariant EventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return QStringLiteral("Time");
    case JobColumn:
        return QStringLiteral("Job");
    case StageColumn:
        return QStringLiteral("Stage");
    case AttemptColumn:
        return QStringLiteral("Attempt");
    case KindColumn:
        return QStringLiteral("Kind");
    case MessageColumn:
        return QStringLiteral("Message");
    case ActorColumn:
        return QStringLiteral("By");
    }
    return {};
}

} // namespace griddeck
