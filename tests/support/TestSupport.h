#pragma once
// Shared test helpers: a fresh store in a temporary folder, and the path of test data files.

#include "Prerequisites.h"
#include "store/Store.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace griddeck::test {

// A new, migrated store in its own temporary folder, removed when this object goes.
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

// tests/data/<name>
QString dataFile(const QString &name);
QByteArray readDataFile(const QString &name);

} // namespace griddeck::test
