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

    void setStore(std::shared_ptr<Store> store);
    // Only entries in this view state (nullopt: all). Re-reads.
    void setStateFilter(const std::optional<QString> &viewState);
    std::optional<QString> stateFilter() const { return m_filter; }

    // Re-reads the outbox and the counts; false (and lastError()) when the store failed.
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
