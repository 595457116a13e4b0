#include "cli/Cli.h"
#include "store/Store.h"

#include <QCoreApplication>

#include <cstdio>

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
    // Every thread that used the store has ended by now (engines join their threads); this
    // thread's connections are closed here, while the application object still exists, not
    // in the thread-local teardown after it.
    griddeck::Store::closeAllThreadConnections();
    return code;
}
