#include "ui/widgets/StatusIndicator.h"

#include "models/DisplayFormat.h"
#include "models/StageStyle.h"

#include <QPainter>

namespace griddeck::ui {

namespace {
constexpr int kDot = 8;
constexpr int kGap = 5;
} // namespace

StatusIndicator::StatusIndicator(const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_name(name)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(name);
    setState(State::Unknown);
}

QColor StatusIndicator::colorFor(State state, const QPalette &palette)
{
    switch (state) {
    case State::Ok:
        return StageStyle::color(ColorRole::Success, palette);
    case State::Error:
        return StageStyle::color(ColorRole::Danger, palette);
    case State::Warning:
        // Amber: between the two, readable on light and dark bases.
        return StageStyle::isDark(palette) ? QColor(0xFF, 0xB7, 0x4D) : QColor(0xB2, 0x6A, 0x00);
    case State::Off:
        return StageStyle::color(ColorRole::Muted, palette);
    case State::Unknown:
        break;
    }
    return StageStyle::color(ColorRole::Neutral, palette);
}

QString StatusIndicator::text() const
{
    QString t = m_name + QStringLiteral(" \u25CF");
    if (!m_value.isEmpty())
        t += u' ' + m_value;
    return t;
}

void StatusIndicator::setState(State state, const QString &value, const QString &toolTip)
{
    m_state = state;
    m_value = value;
    const QString stateWord = state == State::Ok        ? tr("working")
                              : state == State::Error   ? tr("failing")
                              : state == State::Warning ? tr("degraded")
                              : state == State::Off     ? tr("off")
                                                        : tr("not checked yet");
    setToolTip(toolTip.isEmpty() ? QStringLiteral("%1: %2").arg(m_name, stateWord) : toolTip);
    setAccessibleDescription(QStringLiteral("%1 %2 %3").arg(m_name, stateWord, value).trimmed());
    updateGeometry();
    update();
}

QSize StatusIndicator::sizeHint() const
{
    const QFontMetrics fm(font());
    QFont mono = display::monospaceFont();
    mono.setPointSizeF(font().pointSizeF());
    const int valueWidth = m_value.isEmpty() ? 0 : kGap + QFontMetrics(mono).horizontalAdvance(m_value);
    return {fm.horizontalAdvance(m_name) + kGap + kDot + valueWidth + 2, std::max(fm.height(), kDot) + 2};
}

void StatusIndicator::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font());
    const int cy = height() / 2;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 0, fm.horizontalAdvance(m_name) + 1, height()), Qt::AlignVCenter | Qt::AlignLeft, m_name);
    int x = fm.horizontalAdvance(m_name) + kGap;
    const QColor color = colorFor(m_state, palette());
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    if (m_state == State::Unknown) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(color, 1.2));
    }
    p.drawEllipse(QRectF(x, cy - kDot / 2.0, kDot, kDot));
    x += kDot + kGap;
    if (!m_value.isEmpty()) {
        QFont mono = display::monospaceFont();
        mono.setPointSizeF(font().pointSizeF());
        p.setFont(mono);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(x, 0, width() - x, height()), Qt::AlignVCenter | Qt::AlignLeft, m_value);
    }
}

} // namespace griddeck::ui
