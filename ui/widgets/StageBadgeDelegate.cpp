#include "ui/widgets/StageBadgeDelegate.h"

#include "models/JobListModel.h"
#include "models/StageStyle.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace griddeck::ui {

namespace {

constexpr int kPadX = 7;
constexpr int kBarMaxWidth = 90;
constexpr int kBarHeight = 4;
// The accent mark turns while a step runs: ◔ ◑ ◕ ◑.
const QString kSpinner[] = {QStringLiteral("\u25D4"), QStringLiteral("\u25D1"), QStringLiteral("\u25D5"),
                            QStringLiteral("\u25D1")};

// Pale roles (neutral, muted) are fine for a fill and an outline but too faint for text.
QColor readableText(const QColor &role, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const auto blend = [](int a, int b) { return (a * 55 + b * 45) / 100; };
    return QColor(blend(role.red(), text.red()), blend(role.green(), text.green()), blend(role.blue(), text.blue()));
}

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

} // namespace

StageBadgeDelegate::StageBadgeDelegate(QAbstractItemView *view, bool showProgress)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_showProgress(showProgress)
{
    m_timer.setInterval(180);
    connect(&m_timer, &QTimer::timeout, this, &StageBadgeDelegate::tick);
    m_timer.start();
}

void StageBadgeDelegate::tick()
{
    // Repaint only while something visible is running, so an idle table costs nothing.
    if (!m_sawRunning || !m_view)
        return;
    m_sawRunning = false;
    m_phase = (m_phase + 1) % 1000;
    m_view->viewport()->update();
}

QSize StageBadgeDelegate::badgeSize(const QString &mark, const QString &label, const QFont &font)
{
    const QFontMetrics fm(font);
    const int w = fm.horizontalAdvance(mark + QStringLiteral("  ") + label) + 2 * kPadX;
    return {w, fm.height() + 4};
}

int StageBadgeDelegate::paintBadge(QPainter *painter, const QRect &rect, const QString &mark, const QString &label,
                                   const QColor &color, const QFont &font)
{
    const QSize size = badgeSize(mark, label, font);
    const QRect badge(rect.left(), rect.center().y() - size.height() / 2 + 1, std::min(size.width(), rect.width()),
                      size.height());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), badge.height() / 2.0, badge.height() / 2.0);
    painter->fillPath(path, withAlpha(color, 34));
    painter->setPen(QPen(withAlpha(color, 110), 1));
    painter->drawPath(path);
    painter->setPen(color);
    painter->setFont(font);
    const QFontMetrics fm(font);
    const QRect text = badge.adjusted(kPadX, 0, -kPadX, 0);
    painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, mark);
    painter->drawText(text.adjusted(fm.horizontalAdvance(mark + QStringLiteral("  ")), 0, 0, 0),
                      Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(label, Qt::ElideRight, text.width()));
    painter->restore();
    return badge.width();
}

void StageBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString stage = index.data(JobListModel::StageRole).toString();
    const auto style = StageStyle::of(stage);
    if (!style) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background and selection as the style draws them; the badge replaces the text.
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *qstyle = widget ? widget->style() : QApplication::style();
    qstyle->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool running = m_animated && index.data(JobListModel::StepRunningRole).toBool() && style->animated;
    if (running)
        m_sawRunning = true;
    // On a selected row the badge takes the highlighted text colour: the role colours would
    // fight the selection colour.
    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    QColor color = selected ? opt.palette.color(QPalette::HighlightedText)
                            : StageStyle::color(style->colorRole, opt.palette);
    if (!selected && (style->colorRole == ColorRole::Neutral || style->colorRole == ColorRole::Muted))
        color = readableText(color, opt.palette);
    const QString mark = running ? kSpinner[m_phase % 4] : style->mark;
    const QRect area = opt.rect.adjusted(4, 0, -6, 0);
    QFont font = opt.font;
    const int used = paintBadge(painter, area, mark, style->label, color, font);

    if (!m_showProgress)
        return;
    const int left = area.left() + used + 8;
    const int width = std::min(kBarMaxWidth, area.right() - left);
    if (width < 24)
        return;
    const QRect track(left, area.center().y() - kBarHeight / 2 + 1, width, kBarHeight);
    const int progress = std::clamp(index.data(JobListModel::ProgressRole).toInt(), 0, 100);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    const QColor neutral = StageStyle::color(ColorRole::Neutral, opt.palette);
    painter->setBrush(withAlpha(neutral, 60));
    painter->drawRoundedRect(track, 2, 2);
    const int fill = track.width() * progress / 100;
    if (fill > 0) {
        painter->setBrush(color);
        painter->drawRoundedRect(QRect(track.left(), track.top(), fill, track.height()), 2, 2);
    }
    if (running) {
        // A short sheen travelling along the track: the step is being worked on now.
        const int sheen = std::max(10, track.width() / 5);
        const int x = track.left() + (m_phase * 6) % (track.width() + sheen) - sheen;
        painter->setClipRect(track);
        painter->setBrush(withAlpha(color, 150));
        painter->drawRoundedRect(QRect(x, track.top(), sheen, track.height()), 2, 2);
    }
    painter->restore();
}

QSize StageBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize base = QStyledItemDelegate::sizeHint(option, index);
    const auto style = StageStyle::of(index.data(JobListModel::StageRole).toString());
    if (!style)
        return base;
    QSize badge = badgeSize(style->mark, style->label, option.font);
    int width = badge.width() + 12 + (m_showProgress ? kBarMaxWidth + 8 : 0);
    return {std::max(base.width(), width), std::max(base.height(), badge.height() + 6)};
}

} // namespace griddeck::ui
