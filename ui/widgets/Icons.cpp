#include "ui/widgets/Icons.h"

#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

static void initGriddeckResources()
{
    Q_INIT_RESOURCE(griddeck);
}

namespace griddeck::ui {

void initResources()
{
    static const bool done = [] {
        initGriddeckResources();
        return true;
    }();
    Q_UNUSED(done);
}

namespace {

QPixmap tinted(QSvgRenderer &renderer, int size, qreal dpr, const QColor &color)
{
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    renderer.render(&p, QRectF(0, 0, size, size));
    p.setCompositionMode(QPainter::CompositionMode_SourceIn);
    p.fillRect(QRectF(0, 0, size, size), color);
    return pixmap;
}

} // namespace

QIcon themedIcon(const QString &name, const QPalette &palette)
{
    initResources();
    QSvgRenderer renderer(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!renderer.isValid())
        return {};
    QIcon icon;
    const QColor normal = palette.color(QPalette::Active, QPalette::WindowText);
    const QColor disabled = palette.color(QPalette::Disabled, QPalette::WindowText);
    for (int size : {16, 20, 24, 32}) {
        for (qreal dpr : {1.0, 2.0}) {
            icon.addPixmap(tinted(renderer, size, dpr, normal), QIcon::Normal);
            icon.addPixmap(tinted(renderer, size, dpr, disabled), QIcon::Disabled);
        }
    }
    return icon;
}

QIcon appIcon()
{
    initResources();
    return QIcon(QStringLiteral(":/icons/griddeck.svg"));
}

} // namespace griddeck::ui
