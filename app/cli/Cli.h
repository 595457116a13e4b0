#pragma once
// griddeckctl: the core, headless. run() parses global options and one command, writes to
// the given streams and returns the exit code: 0 ok, 1 refused/failed, 2 usage or input error.

#include <QStringList>
#include <QTextStream>

namespace griddeck::cli {

int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace griddeck::cli
