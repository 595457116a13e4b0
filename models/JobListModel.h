#pragma once
// The table of jobs shared by QueueModel (live jobs) and DeploymentModel (every job): rows found
// by id through a hash, updated in place.
//
// applyJobs() is the only way rows change after construction, and it is incremental, never a
// reset:
//   - rows that stop belonging (a job leaving the live set) are removed, one signal per
//     contiguous run; new jobs are appended with one beginInsertRows;
//   - changed rows (fingerprint moved) get one dataChanged per contiguous run, when the batch is
//     small and leaves the order alone;
//   - when the model is sorted and the batch moves rows (a new sort key, new rows), or the batch
//     is large, the rows are merged into place and ONE layoutChanged is emitted (persistent
//     indexes follow their jobs). Scattered per-row moves would cost every proxy, view and
//     header O(rows) each: seconds per batch at 100,000 rows.
//
// Sorting lives here, not in the proxy, for that reason: sort() orders the rows (ties by job
// id) and keeps them ordered as they change; JobFilterProxy forwards its sort() here and only
// filters. Rows sit in stable slots, so reordering moves pointers, not rows.

#include "domain/Clock.h"
#include "models/Rows.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <memory>
#include <vector>

namespace griddeck {

class StoreWatcher;

class JobListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Shared by both job models so JobFilterProxy and the badge delegate serve either.
    enum Role {
        RawValueRole = Qt::UserRole + 1, // sort key: qint64 for amounts, times and ids; QString otherwise
        JobIdRole,        // qint64
        StageRole,        // QString stage name ("waiting_ready")
        ColorRoleRole,    // QString StageStyle colour role name ("accent")
        SearchTextRole,   // QString, case-folded: what the search box matches
        StageMarkRole,    // QString "◔"
        StepRunningRole,  // bool: a worker holds the job's lease now (animate the badge)
        ProgressRole,     // int 0..100 (stageProgress)
        PriorityRole,     // int 0..3
        UserIdRole,       // qint64
        UserNameRole,     // QString
        ServiceTypeRole,  // QString "vm"
        CountryRole,      // QString, the current deployment's country ("" before one)
        NodeIdRole,       // qint64, 0 before a deployment
        IpRole,           // QString, best address of the current deployment
        TfcUnitsRole,     // qint64 units of the purchase
        JobRowRole,       // QVariant<JobRow>: everything, for the detail panel
    };
    Q_ENUM(Role)

    explicit JobListModel(QObject *parent = nullptr);

    // Follows the watcher's jobsChanged. Connect before the watcher starts (or call
    // watcher->requestJobs() after).
    void attach(StoreWatcher *watcher);
    void setClock(const Clock *clock);
    const Clock &clock() const { return *m_clock; }

    // Applies decoded rows: updates, removals and appends as described above.
    void applyJobs(const QList<JobRow> &rows);
    // A batch with more changed rows than this is applied as one layout change.
    static constexpr int kLayoutBatch = 64;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Orders the rows by `column` (-1: leave them as they are, new rows go last) and keeps them
    // so as they change.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    const JobRow &rowAt(int row) const { return m_rows[size_t(row)]->row; }
    // -1 when the job is not in this model.
    int rowOfJob(qint64 jobId) const;
    const JobRow *job(qint64 jobId) const;

    // Strict weak order of two rows on a column (ties broken by job id, newest first).
    virtual bool lessThan(int column, const JobRow &a, const JobRow &b) const = 0;

protected:
    // Whether a job belongs in this model (QueueModel: live jobs only).
    virtual bool accepts(const JobRow &row) const = 0;
    virtual QVariant displayData(const JobRow &row, int column) const = 0;
    virtual QVariant rawValue(const JobRow &row, int column) const = 0;
    virtual QVariant toolTip(const JobRow &row, int column) const;
    // Columns shown in a monospace font and right-aligned (amounts).
    virtual bool isMonospace(int column) const = 0;
    virtual bool isAmount(int column) const = 0;
    // The column showing the stage badge (gets ForegroundRole colour), -1 if none.
    virtual int stageColumn() const = 0;

private:
    struct Slot
    {
        JobRow row;
        int position = 0; // the row number, kept current
    };
    bool before(const Slot *a, const Slot *b) const;
    void renumber(size_t from);
    // Puts the slots in `moved` (already in m_rows) where the sort order wants them.
    void placeInOrder(const QList<Slot *> &moved);
    void removeRuns(const QList<int> &rows);

    std::vector<std::unique_ptr<Slot>> m_rows;
    QHash<qint64, Slot *> m_index; // job id → its slot
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    const Clock *m_clock;
};

} // namespace griddeck
