#include "PostgresCluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <pwd.h>
#include <unistd.h>

namespace griddeck::test {

namespace {

std::unique_ptr<PostgresCluster> s_cluster;
QString s_missing;
std::once_flag s_once;

// The user the server runs as: ourselves, or "nobody" when we are root.
const passwd *serverUser()
{
    return ::geteuid() == 0 ? ::getpwnam("nobody") : nullptr;
}

Result<QString> run(const QString &program, const QStringList &args, int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (serverUser()) {
        QString runuser = QStringLiteral("/usr/sbin/runuser");
        if (!QFileInfo::exists(runuser))
            runuser = QStringLiteral("/sbin/runuser");
        process.start(runuser,
            QStringList { QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"), program }
                + args);
    } else {
        process.start(program, args);
    }
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
        process.kill();
        return Error::storage(QStringLiteral("%1 failed: %2 %3")
                                  .arg(QFileInfo(program).fileName(), process.errorString(), output));
    }
    return QString::fromLocal8Bit(process.readAll());
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

void stopShared()
{
    s_cluster.reset();
}

} // namespace

Backend testBackend()
{
    return qEnvironmentVariable("GRIDDECK_TEST_BACKEND").trimmed().toLower() == QLatin1String("postgresql")
        ? Backend::Postgresql
        : Backend::Sqlite;
}

PostgresCluster *PostgresCluster::shared(QString *missing)
{
    std::call_once(s_once, [] {
        std::unique_ptr<PostgresCluster> cluster(new PostgresCluster);
        auto started = cluster->start();
        if (!started.ok()) {
            s_missing = started.error().message;
            return;
        }
        // Programs a test runs (griddeckctl --db postgresql://…) take the password from here.
        qputenv(StoreLocation::kPasswordVariable, cluster->m_password.toUtf8());
        s_cluster = std::move(cluster);
        // Stopped with the application object (tests), or at exit without one.
        if (QCoreApplication::instance())
            qAddPostRoutine(stopShared);
        else
            std::atexit(stopShared);
    });
    if (!s_cluster && missing)
        *missing = s_missing;
    return s_cluster.get();
}

Result<void> PostgresCluster::start()
{
    m_bin = qEnvironmentVariable("GRIDDECK_PG_BIN", QStringLiteral("/usr/lib/postgresql/15/bin"));
    for (const char *tool : { "initdb", "pg_ctl", "postgres" }) {
        const QString path = m_bin + u'/' + QLatin1String(tool);
        if (!QFileInfo(path).isExecutable())
            return Error::notFound(
                QStringLiteral("PostgreSQL 15 server binaries: %1 is missing (Debian package postgresql-15)")
                    .arg(path));
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return Error::notFound(
            QStringLiteral("the Qt PostgreSQL driver QPSQL (Debian package libqt6sql6-psql)"));
    const passwd *user = serverUser();
    if (::geteuid() == 0 && !user)
        return Error::notFound(
            QStringLiteral("a user \"nobody\" to run the PostgreSQL server as (it refuses root)"));

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/griddeck-pg-XXXXXX"));
    if (!dir.isValid())
        return Error::storage(QStringLiteral("cannot create a temporary folder for the PostgreSQL cluster"));
    dir.setAutoRemove(false);
    m_dir = dir.path();
    m_password = QString::number(QRandomGenerator::global()->generate64(), 36);
    const QString pwfile = m_dir + QStringLiteral("/pw");
    {
        QFile f(pwfile);
        if (!f.open(QIODevice::WriteOnly) || f.write(m_password.toUtf8() + '\n') < 0)
            return Error::storage(QStringLiteral("cannot write %1").arg(pwfile));
    }
    if (user) {
        if (::chown(qPrintable(m_dir), user->pw_uid, user->pw_gid) != 0
            || ::chown(qPrintable(pwfile), user->pw_uid, user->pw_gid) != 0)
            return Error::storage(QStringLiteral("cannot hand %1 to the user nobody").arg(m_dir));
    }
    const QString data = m_dir + QStringLiteral("/data");
    auto initialised = run(m_bin + QStringLiteral("/initdb"),
        { QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("griddeck"),
            QStringLiteral("--pwfile=") + pwfile, QStringLiteral("--auth=scram-sha-256"),
            QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-locale"),
            QStringLiteral("--no-sync") });
    QFile::remove(pwfile);
    if (!initialised.ok())
        return initialised.error();

    // A port can be taken between the probe and the server's bind: try a few.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freeLoopbackPort();
        QFile conf(data + QStringLiteral("/postgresql.auto.conf"));
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return Error::storage(QStringLiteral("cannot write %1").arg(conf.fileName()));
        // Throwaway data: no fsync. The socket folder is ours, not /var/run/postgresql.
        conf.write(
            QStringLiteral("listen_addresses = '127.0.0.1'\nport = %1\nunix_socket_directories = '%2'\n"
                           "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                           "max_connections = 200\nshared_buffers = 32MB\n")
                .arg(m_port)
                .arg(m_dir)
                .toUtf8());
        conf.close();
        auto started = run(m_bin + QStringLiteral("/pg_ctl"),
            { QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"),
                QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") });
        if (started.ok()) {
            m_running = true;
            // A test that aborts never reaches stop(): a watcher outside the process shuts the
            // server down (SIGQUIT: immediate) and removes the folder once this process is gone.
            const QString script
                = QStringLiteral("while kill -0 %1 2>/dev/null; do sleep 1; done; "
                                 "if [ -f '%2/data/postmaster.pid' ]; then kill -QUIT \"$(head -n1 "
                                 "'%2/data/postmaster.pid')\" 2>/dev/null; sleep 2; fi; "
                                 "rm -rf '%2'")
                      .arg(::getpid())
                      .arg(m_dir);
            QProcess::startDetached(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), script });
            return {};
        }
        if (attempt == 4) {
            QFile log(m_dir + QStringLiteral("/server.log"));
            const QString tail
                = log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll().right(2000)) : QString();
            return Error::storage(QStringLiteral("the PostgreSQL test cluster did not start: %1\n%2")
                                      .arg(started.error().message, tail));
        }
    }
    return {};
}

void PostgresCluster::stop()
{
    if (m_running) {
        (void)run(m_bin + QStringLiteral("/pg_ctl"),
            { QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"),
                QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop") });
        m_running = false;
    }
    if (!m_dir.isEmpty())
        QDir(m_dir).removeRecursively();
    m_dir.clear();
}

PostgresCluster::~PostgresCluster()
{
    stop();
}

Result<void> PostgresCluster::adminExec(const QString &sql)
{
    const QString name
        = QStringLiteral("griddeck-test-admin-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    Result<void> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setUserName(QStringLiteral("griddeck"));
        db.setPassword(m_password);
        if (!db.open()) {
            result = Error::storage(
                QStringLiteral("cannot connect to the test cluster: %1").arg(db.lastError().text()));
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql))
                result = Error::storage(QStringLiteral("\"%1\" failed: %2").arg(sql, q.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

Result<StoreLocation> PostgresCluster::createDatabase()
{
    const QString database = QStringLiteral("griddeck_test_%1").arg(++m_databases);
    if (auto created = adminExec(QStringLiteral("CREATE DATABASE %1").arg(database)); !created.ok())
        return created.error();
    StoreLocation location;
    location.backend = Backend::Postgresql;
    location.host = QStringLiteral("127.0.0.1");
    location.port = m_port;
    location.database = database;
    location.user = QStringLiteral("griddeck");
    location.password = m_password;
    location.options = QStringLiteral("connect_timeout=10");
    return location;
}

} // namespace griddeck::test
