#pragma once
// Shared by the fuzz targets: turn libFuzzer's bytes into the Qt types the parsers take, and
// stop with a message when a property the parser promises does not hold.

#include <QByteArray>
#include <QString>
#include <cstdio>
#include <cstdlib>

namespace griddeck::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

[[noreturn]] inline void broken(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz property violated: %s: %s\n", what, qPrintable(detail));
    std::abort();
}

} // namespace griddeck::fuzz
