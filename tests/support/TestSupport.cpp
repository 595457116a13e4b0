#include "TestSupport.h"

#include <QFile>
#include <QtTest>

namespace griddeck::test {

TempStore::TempStore()
{
    auto opened = Store::open(m_dir.filePath(QStringLiteral("test.sqlite")));
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
