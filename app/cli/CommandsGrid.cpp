// estimate (and, with the pipeline, run/demo/deployments).
#include "cli/Commands.h"

namespace griddeck::cli {

void addGridCommands(QList<Command> &list)
{
    Q_UNUSED(list);
}

} // namespace griddeck::cli
