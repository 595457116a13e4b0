#include "ui/widgets/KpiCard.h"

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {
constexpr int kStripeWidth = 4;
constexpr int kRadius = 6;
} // namespace

KpiCard::KpiCard(const QString &title, ColorRole role, QWidget *parent)
    : QFrame(parent)
    , m_role(role)
    , m_title(new QLabel(title, this))
    , m_value(new QLabel(QStringLiteral("\u2014"), this))
    , m_detail(new QLabel(this))
{
    setObjectName(QStringLiteral("kpiCard"));
    setAccessibleName(title);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kStripeWidth + 12, 10, 12, 10);
    layout->setSpacing(2);
    m_title->setObjectName(QStringLiteral("kpiTitle"));
    m_value->setObjectName(QStringLiteral("kpiValue"));
    m_detail->setObjectName(QStringLiteral("kpiDetail"));
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(false);
    // Caption and detail a step softer than the value, in whatever theme is active.
    m_title->setForegroundRole(QPalette::PlaceholderText);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_title);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    updateFonts();
}

QString KpiCard::title() const
{
    return m_title->text();
}

void KpiCard::setValue(const QString &value, const QString &toolTip)
{
    m_value->setText(value);
    setToolTip(toolTip);
    setAccessibleDescription(m_title->text() + QStringLiteral(": ") + value);
}

QString KpiCard::value() const
{
    return m_value->text();
}

void KpiCard::setDetail(const QString &detail)
{
    m_detail->setText(detail);
}

QString KpiCard::detail() const
{
    return m_detail->text();
}

void KpiCard::setColorRole(ColorRole role)
{
    if (m_role == role)
        return;
    m_role = role;
    update();
}

QSize KpiCard::sizeHint() const
{
    const QSize s = QFrame::sizeHint();
    return {qMax(150, s.width()), s.height()};
}

QSize KpiCard::minimumSizeHint() const
{
    const QSize s = QFrame::minimumSizeHint();
    return {qMax(110, s.width()), s.height()};
}

void KpiCard::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    // A card on the window's background: the base colour with a hairline border, so it
    // stands out in both themes without a hard-coded white.
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath card;
    card.addRoundedRect(r, kRadius, kRadius);
    QColor border = palette().color(QPalette::Mid);
    p.fillPath(card, palette().color(QPalette::Base));
    p.setPen(QPen(border, 1));
    p.drawPath(card);
    p.save();
    p.setClipPath(card);
    p.fillRect(QRectF(r.left(), r.top(), kStripeWidth, r.height()), StageStyle::color(m_role, palette()));
    p.restore();
}

void KpiCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateFonts();
}

void KpiCard::updateFonts()
{
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    m_title->setFont(small);
    m_detail->setFont(small);
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.9);
    big.setWeight(QFont::DemiBold);
    m_value->setFont(big);
}

} // namespace griddeck::ui
