#pragma once
// Shared test helpers: a fresh store in a temporary folder, and the path of test data files.

#include "PostgresCluster.h"
#include "Prerequisites.h"
#include "store/Store.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace griddeck::test {

// A new, migrated store in its own temporary folder, removed when this object goes; under
// GRIDDECK_TEST_BACKEND=postgresql a new database in the test run's cluster (PostgresCluster.h).
class TempStore
{
public:
    TempStore();
    const std::shared_ptr<Store> &store() const { return m_store; }
    QString path() const;
    QString dir() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Store> m_store;
};

// Where a new store named `name` goes on this run's backend: a file in `dir`, or a new empty
// database in the test cluster.
StoreLocation freshLocation(const QTemporaryDir &dir, const QString &name);

// tests/data/<name>
QString dataFile(const QString &name);
QByteArray readDataFile(const QString &name);

} // namespace griddeck::test
