#pragma once
// Internal to the StoreWatcher on PostgreSQL: LISTENs on the store's change channel
// (dialect::kChangeChannel, fed by migration 8's triggers) over a connection of its own, in the
// watcher's thread, and gathers what changed since the watcher last took it.
//
// The connection runs nothing but LISTEN, so libpq never swallows a notification while a query
// of the watcher runs; the QPSQL driver's socket notifier, polled by the watcher thread's event
// loop, delivers each one. A connection that drops (server restart, pg_terminate_backend) is
// noticed by isAlive(); the watcher then reconnects and reads everything once, since
// notifications sent while nobody listened are gone.

#include "domain/Result.h"
#include "store/Store.h"

#include <QObject>
#include <QSet>
#include <QSqlDriver>
#include <QString>
#include <memory>

namespace griddeck {

// What changed, by key: jobs (a job row or its deployment), users (the row or a balance), and
// the ids of new events and ledger transactions.
struct ChangeSet
{
    QSet<qint64> jobs;
    QSet<qint64> users;
    QSet<qint64> events;
    QSet<qint64> ledger;
    bool isEmpty() const { return jobs.isEmpty() && users.isEmpty() && events.isEmpty() && ledger.isEmpty(); }
    void merge(const ChangeSet &other);
};

class ChangeListener : public QObject
{
    Q_OBJECT
public:
    explicit ChangeListener(std::shared_ptr<Store> store, QObject *parent = nullptr);
    ~ChangeListener() override;

    // Opens the connection (a clone of the store's, named for pg_stat_activity as
    // "griddeck-live") and LISTENs. Closes any previous connection first.
    Result<void> listen();
    // Connected and listening.
    bool isAlive() const;
    // The PostgreSQL backend's pid of the listening connection (0 when not connected).
    qint64 backendPid() const { return m_backendPid; }
    void close();

    bool hasChanges() const { return !m_changes.isEmpty(); }
    ChangeSet take();
    // Notifications received since construction (all payloads, malformed or not).
    qint64 received() const { return m_received; }

Q_SIGNALS:
    // The first notification since the last take(): the watcher schedules a look.
    void changed();

private:
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    std::shared_ptr<Store> m_store;
    QString m_connectionName;
    ChangeSet m_changes;
    qint64 m_received = 0;
    qint64 m_backendPid = 0;
    bool m_listening = false;
};

} // namespace griddeck
