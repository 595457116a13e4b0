#pragma once
// The console's icons: small line drawings in resources/icons, tinted with the palette's text
// colour so they read on light and dark themes alike (never a fixed black or white).

#include <QIcon>
#include <QPalette>
#include <QString>

namespace griddeck::ui {

// Makes the resources compiled into the ui library available (a static library's resources
// need an explicit initialisation). Safe to call more than once.
void initResources();

// ":/icons/<name>.svg" tinted for `palette` (normal and disabled states).
QIcon themedIcon(const QString &name, const QPalette &palette);
// The application icon (full colour).
QIcon appIcon();

} // namespace griddeck::ui
