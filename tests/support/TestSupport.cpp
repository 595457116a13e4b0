#include "TestSupport.h"

#include "PostgresCluster.h"

#include <QFile>
#include <QtTest>

namespace griddeck::test {

StoreLocation freshLocation(const QTemporaryDir &dir, const QString &name)
{
    if (testBackend() == Backend::Sqlite)
        return StoreLocation::sqlite(dir.filePath(name));
    QString missing;
    PostgresCluster *cluster = PostgresCluster::shared(&missing);
    if (!cluster)
        qFatal("GRIDDECK_TEST_BACKEND=postgresql, but the test cluster cannot run: %s", qPrintable(missing));
    auto created = cluster->createDatabase();
    if (!created.ok())
        qFatal("cannot create a test database: %s", qPrintable(created.error().message));
    return created.value();
}

TempStore::TempStore()
{
    auto opened = Store::open(freshLocation(m_dir, QStringLiteral("test.sqlite")));
    if (!opened.ok())
        qFatal("cannot open test store: %s", qPrintable(opened.error().message));
    m_store = opened.value();
}

QString TempStore::path() const
{
    return m_store->path();
}

QString dataFile(const QString &name)
{
    return QStringLiteral(GRIDDECK_TEST_DATA) + u'/' + name;
}

QByteArray readDataFile(const QString &name)
{
    QFile file(dataFile(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

} // namespace griddeck::test
