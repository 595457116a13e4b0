#pragma once
// Ledger entries: every transaction (global), or one user's, or one job's. The scope is set on
// the model, so a per-user view loads only that user's rows (through the watcher, off the GUI
// thread). The ledger is append-only: rows are only ever appended (and the oldest dropped
// past the scope's limit), never changed.

#include "domain/Clock.h"
#include "models/Rows.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

namespace griddeck {

class StoreWatcher;

class LedgerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, UserColumn, JobColumn, AmountColumn, ActorColumn, ReasonColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RawValueRole = Qt::UserRole + 1, // time ms, kind, name, job id, signed delta units, actor, reason
        JobIdRole,          // qint64, 0 when the entry has no job
        StageRole,          // always empty (entries have no stage)
        ColorRoleRole,      // "success" for credits in, "danger" for credits out, "neutral" for zero
        SearchTextRole,
        TransactionIdRole,  // qint64
        UserIdRole,         // qint64
        KindRole,           // QString: top_up, hold, capture, release, refund
        DeltaUnitsRole,     // qint64, signed (LedgerRow::delta)
    };
    Q_ENUM(Role)

    explicit LedgerModel(QObject *parent = nullptr);

    // Follows the watcher's new transactions and loads the current scope through it.
    void attach(StoreWatcher *watcher);
    void setClock(const Clock *clock);

    // Global (both 0), one user, or one job. Empties the model; with a watcher attached the
    // rows arrive with ledgerLoaded (isLoading() until then).
    void setScope(const LedgerScope &scope);
    LedgerScope scope() const { return m_scope; }
    bool isLoading() const { return m_loading; }

    // The scope's rows, oldest first (replaces what the model holds).
    void setEntries(const QList<LedgerRow> &rows);
    // New transactions: those in scope and newer than the newest held are appended.
    void appendEntries(const QList<LedgerRow> &rows);

    const LedgerRow &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "Top-up", "Hold", "Capture", "Release", "Refund" (else the kind as stored).
    static QString kindLabel(const QString &kind);

Q_SIGNALS:
    void loaded();

private:
    void onLoaded(const LedgerScope &scope, const QList<LedgerRow> &rows);
    void onAdded(const QList<LedgerRow> &rows);
    void removeAll();
    void insertLate(const LedgerRow &row);
    void trimToLimit();

    QList<LedgerRow> m_rows;
    QList<QString> m_search; // per row, built when the row arrives
    LedgerScope m_scope;
    qint64 m_newestId = 0;
    bool m_loading = false;
    QPointer<StoreWatcher> m_watcher;
    const Clock *m_clock;
};

} // namespace griddeck
