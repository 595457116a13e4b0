#include "ui/MainWindow.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GridDeck"));
    QApplication::setApplicationName(QStringLiteral("GridDeck"));
    QApplication::setApplicationDisplayName(QStringLiteral("GridDeck"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/griddeck.svg")));
    griddeck::ui::MainWindow window;
    window.show();
    return app.exec();
}
