#include "models/ChangeListener.h"

#include "store/Dialect.h"

#include <QSqlError>
#include <QSqlQuery>

namespace griddeck {

void ChangeSet::merge(const ChangeSet &other)
{
    jobs.unite(other.jobs);
    users.unite(other.users);
    events.unite(other.events);
    ledger.unite(other.ledger);
}

ChangeListener::ChangeListener(std::shared_ptr<Store> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{
    m_connectionName = QStringLiteral("griddeck-live-%1").arg(reinterpret_cast<quintptr>(this), 0, 16);
}

ChangeListener::~ChangeListener()
{
    close();
}

void ChangeListener::close()
{
    m_listening = false;
    m_backendPid = 0;
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid()) {
            if (QSqlDriver *driver = db.driver())
                disconnect(driver, nullptr, this, nullptr);
            db.close(); // also drops the driver's socket notifier
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<void> ChangeListener::listen()
{
    close();
    QSqlDatabase db = QSqlDatabase::cloneDatabase(m_store->db(), m_connectionName);
    QString options = db.connectOptions();
    if (!options.contains(QLatin1String("application_name")))
        options += (options.isEmpty() ? QString() : QStringLiteral(";"))
            + QStringLiteral("application_name=griddeck-live");
    db.setConnectOptions(options);
    if (!db.open())
        return Error::storage(QStringLiteral("cannot open a connection for live updates to %1: %2")
                                  .arg(m_store->path(), db.lastError().text()));
    {
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next())
            m_backendPid = q.value(0).toLongLong();
    }
    QSqlDriver *driver = db.driver();
    connect(driver, &QSqlDriver::notification, this, &ChangeListener::onNotification);
    const QString channel = QString::fromLatin1(dialect::kChangeChannel);
    if (!driver->subscribeToNotification(channel)) {
        const QString why = driver->lastError().text();
        close();
        return Error::storage(
            QStringLiteral("cannot LISTEN for changes in %1: %2").arg(m_store->path(), why));
    }
    m_listening = true;
    // A notification that came in with LISTEN's own reply is already in libpq's queue, and the
    // socket notifier will not fire for it: have the driver drain the queue once (its handler
    // is a slot in Qt 6.4; newer Qt does this itself). Missing, it would wait for the next one.
    QMetaObject::invokeMethod(driver, "_q_handleNotification", Qt::QueuedConnection);
    return {};
}

bool ChangeListener::isAlive() const
{
    if (!m_listening || !QSqlDatabase::contains(m_connectionName))
        return false;
    // The driver's socket notifier reads the connection as soon as anything arrives: a dropped
    // connection (its FATAL message, then end of file) leaves it CONNECTION_BAD, which isOpen()
    // reports without a round trip.
    return QSqlDatabase::database(m_connectionName, false).isOpen();
}

ChangeSet ChangeListener::take()
{
    return std::exchange(m_changes, ChangeSet {});
}

void ChangeListener::onNotification(
    const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name != QLatin1String(dialect::kChangeChannel))
        return;
    ++m_received;
    const bool wasEmpty = m_changes.isEmpty();
    const QString text = payload.toString();
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const qint64 key = colon > 0 ? QStringView(text).mid(colon + 1).toLongLong(&ok) : 0;
    if (!ok) {
        // Not one of migration 8's payloads: nothing to re-read by it.
        qWarning("griddeck watcher: unexpected change notification \"%s\"", qPrintable(text.left(80)));
        return;
    }
    const QStringView table = QStringView(text).left(colon);
    if (table == u"jobs" || table == u"job_deployments")
        m_changes.jobs.insert(key);
    else if (table == u"users" || table == u"accounts")
        m_changes.users.insert(key);
    else if (table == u"events")
        m_changes.events.insert(key);
    else if (table == u"ledger_transactions")
        m_changes.ledger.insert(key);
    if (wasEmpty && !m_changes.isEmpty())
        Q_EMIT changed();
}

} // namespace griddeck
