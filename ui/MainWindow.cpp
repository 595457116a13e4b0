#include "ui/MainWindow.h"

#include <QLabel>

namespace griddeck::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("GridDeck"));
    resize(1440, 900);
    setCentralWidget(new QLabel(tr("GridDeck"), this));
}

} // namespace griddeck::ui
