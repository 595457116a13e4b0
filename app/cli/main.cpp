#include "cli/Cli.h"

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
    return code;
}
