#pragma once
// The notification outbox for the console's Notifications view: one row per entry (when,
// job, event, channel, recipient, state, attempts, last error), newest first, read with
// Outbox::find (a reader: no SQL here). refresh() re-reads; rows that kept their ids are
// updated in place, otherwise the model resets (the outbox only grows, a few rows at a time).

#include "pipeline/Outbox.h"

#include <QAbstractTableModel>
#include <QHash>
#include <memory>
#include <optional>

namespace griddeck {

class Store;

class NotificationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        JobColumn,
        EventColumn,
        ChannelColumn,
        RecipientColumn,
        StateColumn,
        AttemptsColumn,
        ErrorColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        OutboxIdRole = Qt::UserRole + 1, // qint64
        JobIdRole, // qint64, 0 for none
        ViewStateRole, // pending, sent, failed, undeliverable
        ColorRoleRole, // "danger" for failed and undeliverable, "success" for sent, else "neutral"
    };
    Q_ENUM(Role)

    explicit NotificationModel(QObject *parent = nullptr);

    // `readNow`: re-read at once on the calling thread (tests, tools). The console passes false
    // and reads with read() on a background thread, then apply()s the result.
    void setStore(std::shared_ptr<Store> store, bool readNow = true);
    // Only entries in this view state (nullopt: all).
    void setStateFilter(const std::optional<QString> &viewState, bool readNow = true);
    std::optional<QString> stateFilter() const { return m_filter; }
    const std::shared_ptr<Store> &store() const { return m_store; }

    // What one refresh reads: the entries in `filter` and the counts over the whole outbox.
    struct Snapshot
    {
        std::optional<QString> filter;
        QList<OutboxEntry> rows;
        QHash<QString, qint64> counts;
    };
    // Any thread (the store gives each thread its own connection).
    static Result<Snapshot> read(const std::shared_ptr<Store> &store, const std::optional<QString> &filter);
    // GUI thread: shows a snapshot; one read for another filter than the current one is
    // dropped. False (and lastError()) for an error.
    bool apply(const Result<Snapshot> &snapshot);

    // read() + apply() on the calling thread; false (and lastError()) when the store failed.
    bool refresh();
    QString lastError() const { return m_error; }
    // pending, sent, failed, undeliverable → count, over the whole outbox.
    const QHash<QString, qint64> &counts() const { return m_counts; }
    qint64 failedCount() const;

    const OutboxEntry &entryAt(int row) const { return m_rows.at(row); }
    int rowOfEntry(qint64 id) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "Sent", "Failed", … for a view state (translated).
    static QString stateLabel(const QString &viewState);

Q_SIGNALS:
    void countsChanged();

private:
    std::shared_ptr<Store> m_store;
    std::optional<QString> m_filter;
    QList<OutboxEntry> m_rows;
    QHash<QString, qint64> m_counts;
    QString m_error;
};

} // namespace griddeck
