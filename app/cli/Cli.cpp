#include "cli/Cli.h"

namespace griddeck::cli {

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    Q_UNUSED(out);
    err << "griddeckctl: no command given (" << arguments.join(u' ') << ")\n";
    return 2;
}

} // namespace griddeck::cli
