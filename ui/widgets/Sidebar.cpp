#include "ui/widgets/Sidebar.h"

#include "models/DisplayFormat.h"
#include "ui/widgets/Icons.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyledItemDelegate>

namespace griddeck::ui {

namespace {

constexpr int kBadgeCountRole = Qt::UserRole + 1;
constexpr int kBadgeColorRole = Qt::UserRole + 2;

class BadgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const int count = index.data(kBadgeCountRole).toInt();
        if (count <= 0)
            return;
        const auto role = static_cast<ColorRole>(index.data(kBadgeColorRole).toInt());
        const QString text = display::count(count);
        QFont font = option.font;
        font.setPointSizeF(font.pointSizeF() * 0.85);
        font.setBold(true);
        const QFontMetrics fm(font);
        const int h = fm.height() + 2;
        const int w = std::max(h, fm.horizontalAdvance(text) + 10);
        const QRect pill(option.rect.right() - w - 8, option.rect.center().y() - h / 2, w, h);
        const QColor color = StageStyle::color(role, option.palette);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QPainterPath path;
        path.addRoundedRect(QRectF(pill), h / 2.0, h / 2.0);
        QColor fill = color;
        fill.setAlpha(role == ColorRole::Danger ? 230 : 45);
        painter->fillPath(path, fill);
        painter->setFont(font);
        // On the strong red the text takes the base colour; on the soft grey, the text colour.
        painter->setPen(role == ColorRole::Danger ? option.palette.color(QPalette::Base)
                                                  : option.palette.color(QPalette::Text));
        painter->drawText(pill, Qt::AlignCenter, text);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(std::max(s.height(), option.fontMetrics.height() + 14));
        return s;
    }
};

} // namespace

Sidebar::Sidebar(QWidget *parent)
    : QListWidget(parent)
{
    setItemDelegate(new BadgeDelegate(this));
    setFrameShape(QFrame::NoFrame);
    setIconSize(QSize(16, 16));
    setUniformItemSizes(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setAccessibleName(tr("Sections"));
    // The sidebar sits on the window colour, like a source list, not on the white of a table.
    setBackgroundRole(QPalette::Window);
    viewport()->setBackgroundRole(QPalette::Window);
}

void Sidebar::addSection(const QString &name, const QString &icon, const QString &objectName)
{
    auto *item = new QListWidgetItem(themedIcon(icon, palette()), name, this);
    item->setData(Qt::AccessibleTextRole, name);
    item->setData(kBadgeCountRole, 0);
    item->setToolTip(name);
    Q_UNUSED(objectName);
    m_icons << icon;
}

void Sidebar::setBadge(int section, int count, ColorRole role, const QString &what)
{
    QListWidgetItem *it = item(section);
    if (!it)
        return;
    if (it->data(kBadgeCountRole).toInt() == count && it->data(kBadgeColorRole).toInt() == int(role))
        return;
    it->setData(kBadgeCountRole, count);
    it->setData(kBadgeColorRole, int(role));
    const QString label = count > 0 ? QStringLiteral("%1, %2").arg(it->text(), what) : it->text();
    it->setData(Qt::AccessibleTextRole, label);
    it->setToolTip(label);
}

int Sidebar::badgeCount(int section) const
{
    const QListWidgetItem *it = item(section);
    return it ? it->data(kBadgeCountRole).toInt() : 0;
}

void Sidebar::refreshIcons()
{
    for (int i = 0; i < count() && i < m_icons.size(); ++i)
        item(i)->setIcon(themedIcon(m_icons.at(i), palette()));
}

void Sidebar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refreshIcons();
    QListWidget::changeEvent(event);
}

QSize Sidebar::sizeHint() const
{
    return {180, QListWidget::sizeHint().height()};
}

} // namespace griddeck::ui
