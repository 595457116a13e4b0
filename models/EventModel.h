#pragma once
// Job events: one job's timeline (setJobId), or the most recent events of every job (job id
// 0, capped at maxRows, the oldest dropped first). Events are append-only: rows are appended
// as the watcher sees them, never changed.

#include "domain/Clock.h"
#include "models/Rows.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace griddeck {

class StoreWatcher;

class EventModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, JobColumn, StageColumn, AttemptColumn, KindColumn, MessageColumn, ActorColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RawValueRole = Qt::UserRole + 1, // time ms, job id, stage order, attempt, kind, message, actor
        JobIdRole,       // qint64
        StageRole,       // QString stage name
        ColorRoleRole,   // the stage's colour role name
        SearchTextRole,  // case-folded job id, stage, kind, message, actor
        EventIdRole,     // qint64
        KindRole,        // QString: enqueued, transition, rescheduled, retry, cancelled, priority, note, …
        StageMarkRole,   // QString "◔"
    };
    Q_ENUM(Role)

    explicit EventModel(QObject *parent = nullptr);

    void attach(StoreWatcher *watcher);
    void setClock(const Clock *clock);

    // 0: recent events of all jobs. Empties the model; with a watcher attached the rows arrive
    // with eventsLoaded (isLoading() until then).
    void setJobId(qint64 jobId);
    qint64 jobId() const { return m_jobId; }
    bool isLoading() const { return m_loading; }
    // Most rows kept (the oldest go first); 2000 by default.
    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }

    // The scope's events, oldest first (replaces what the model holds).
    void setEvents(const QList<EventRow> &events);
    // New events: those of this model's job (any, for job 0) newer than the newest held.
    void appendEvents(const QList<EventRow> &events);

    const EventRow &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();

private:
    void onLoaded(qint64 jobId, const QList<EventRow> &events);
    void onAdded(const QList<EventRow> &events);
    void removeAll();
    void insertLate(const EventRow &row);
    void trimToLimit();

    QList<EventRow> m_rows;
    qint64 m_jobId = 0;
    qint64 m_newestId = 0;
    int m_maxRows = 2000;
    bool m_loading = false;
    QPointer<StoreWatcher> m_watcher;
    const Clock *m_clock;
};

} // namespace griddeck
