#include "cli/Cli.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("GridDeck"));
    QCoreApplication::setApplicationName(QStringLiteral("GridDeck"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = griddeck::cli::run(QCoreApplication::arguments().mid(1), out, err);
    out.flush();
    err.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    // Everything is committed by now. Skip the static and thread-local teardown: a rare crash
    // in it (worker threads' store connections outliving the application object) must not turn
    // a finished command into a failed exit code.
    std::_Exit(code);
}
