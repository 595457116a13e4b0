#pragma once

#include <QMainWindow>

namespace griddeck::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace griddeck::ui
