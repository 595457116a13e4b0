#pragma once
// A throwaway PostgreSQL cluster owned by the test process: initdb into a temporary folder (as
// the unprivileged user "nobody" when the tests run as root, since the server refuses root),
// its own free port on 127.0.0.1, password authentication; stopped and removed at exit. Each
// TempStore on the postgresql backend gets a fresh database in it.
//
// GRIDDECK_TEST_BACKEND=postgresql selects that backend (CTest registers the ledger, queue and
// store suites a second time with it); GRIDDECK_PG_BIN overrides /usr/lib/postgresql/15/bin.

#include "domain/Result.h"
#include "store/StoreLocation.h"

#include <QString>

namespace griddeck::test {

// The backend the test stores use in this run.
Backend testBackend();

class PostgresCluster
{
public:
    // The cluster of this process, started on first use; nullptr when it cannot run, and then
    // *missing says what is missing (package, binary, driver) or what failed.
    static PostgresCluster *shared(QString *missing);

    // A new empty database, with the superuser's credentials.
    Result<StoreLocation> createDatabase();
    quint16 port() const { return m_port; }
    // Runs `sql` as the superuser in the maintenance database (CREATE ROLE, …).
    Result<void> adminExec(const QString &sql);

    ~PostgresCluster();

private:
    PostgresCluster() = default;
    Result<void> start();
    void stop();

    QString m_bin;
    QString m_dir;
    QString m_password;
    quint16 m_port = 0;
    int m_databases = 0;
    bool m_running = false;
};

} // namespace griddeck::test

// In initTestCase(): on the postgresql backend, the cluster must be able to run (under CI=true
// its absence fails the test, naming what is missing).
#define GRIDDECK_REQUIRE_TEST_BACKEND()                                                                      \
    do {                                                                                                     \
        if (griddeck::test::testBackend() == griddeck::Backend::Postgresql) {                                \
            QString griddeckMissing_;                                                                        \
            GRIDDECK_REQUIRE(                                                                                \
                griddeck::test::PostgresCluster::shared(&griddeckMissing_) != nullptr, griddeckMissing_);    \
        }                                                                                                    \
    } while (false)
