#include "ui/widgets/CopyField.h"

#include "models/DisplayFormat.h"
#include "ui/widgets/Icons.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QGraphicsOpacityEffect>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPropertyAnimation>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QUrl>

namespace griddeck::ui {

CopyField::CopyField(const QString &label, QWidget *parent, bool canOpen)
    : QWidget(parent)
    , m_label(new QLabel(label, this))
    , m_valueLabel(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_bubble(new QLabel(tr("Copied"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    m_label->setMinimumWidth(72);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    m_label->setBuddy(m_valueLabel);

    m_valueLabel->setFont(display::monospaceFont());
    m_valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_valueLabel->setFocusPolicy(Qt::StrongFocus);
    m_valueLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_valueLabel->setMinimumWidth(40);
    m_valueLabel->setCursor(Qt::IBeamCursor);
    m_valueLabel->installEventFilter(this);
    m_valueLabel->setAccessibleName(label);

    m_copy->setAutoRaise(true);
    m_copy->setToolTip(tr("Copy %1 (or double-click the value)").arg(label));
    m_copy->setAccessibleName(tr("Copy %1").arg(label));
    connect(m_copy, &QToolButton::clicked, this, &CopyField::copy);

    layout->addWidget(m_label);
    layout->addWidget(m_valueLabel, 1);
    layout->addWidget(m_copy);
    if (canOpen) {
        m_open = new QToolButton(this);
        m_open->setAutoRaise(true);
        m_open->setToolTip(tr("Open in the browser"));
        m_open->setAccessibleName(tr("Open %1 in the browser").arg(label));
        connect(m_open, &QToolButton::clicked, this, &CopyField::openInBrowser);
        layout->addWidget(m_open);
    }

    // The "Copied" bubble: a small label over the copy button that fades out.
    m_bubble->setAutoFillBackground(true);
    m_bubble->setBackgroundRole(QPalette::ToolTipBase);
    m_bubble->setForegroundRole(QPalette::ToolTipText);
    m_bubble->setMargin(3);
    m_bubble->setFrameShape(QFrame::StyledPanel);
    m_bubble->hide();
    auto *effect = new QGraphicsOpacityEffect(m_bubble);
    m_bubble->setGraphicsEffect(effect);

    refreshIcons();
    setValue(QString());
}

QString CopyField::label() const
{
    return m_label->text();
}

void CopyField::refreshIcons()
{
    m_copy->setIcon(themedIcon(QStringLiteral("copy"), palette()));
    if (m_open)
        m_open->setIcon(themedIcon(QStringLiteral("open-external"), palette()));
}

void CopyField::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refreshIcons();
    QWidget::changeEvent(event);
}

void CopyField::setValue(const QString &value)
{
    m_value = value;
    const bool has = !value.isEmpty();
    m_valueLabel->setText(has ? value : QStringLiteral("\u2014"));
    m_valueLabel->setForegroundRole(has ? QPalette::WindowText : QPalette::PlaceholderText);
    m_valueLabel->setToolTip(has ? tr("Double-click to copy") : QString());
    m_copy->setEnabled(has);
    if (m_open)
        m_open->setEnabled(has && QUrl(value).isValid() && value.contains(QStringLiteral("://")));
}

void CopyField::copy()
{
    if (m_value.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_value);
    showCopiedBubble();
    Q_EMIT copied(m_value);
}

void CopyField::openInBrowser()
{
    if (!m_value.isEmpty())
        QDesktopServices::openUrl(QUrl(m_value));
}

void CopyField::showCopiedBubble()
{
    m_bubble->adjustSize();
    const QPoint at = m_copy->geometry().topLeft() - QPoint(m_bubble->width() + 4, 0);
    m_bubble->move(std::max(0, at.x()), m_copy->geometry().center().y() - m_bubble->height() / 2);
    m_bubble->raise();
    m_bubble->show();
    auto *effect = static_cast<QGraphicsOpacityEffect *>(m_bubble->graphicsEffect());
    effect->setOpacity(1.0);
    auto *fade = new QPropertyAnimation(effect, "opacity", m_bubble);
    fade->setStartValue(1.0);
    fade->setEndValue(0.0);
    fade->setDuration(400);
    QTimer::singleShot(900, fade, [fade] { fade->start(QAbstractAnimation::DeleteWhenStopped); });
    connect(fade, &QPropertyAnimation::finished, m_bubble, &QWidget::hide);
    // Screen readers hear it too.
    m_copy->setToolTip(tr("Copied"));
    QTimer::singleShot(1500, this, [this] { m_copy->setToolTip(tr("Copy %1 (or double-click the value)").arg(label())); });
}

bool CopyField::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_valueLabel) {
        if (event->type() == QEvent::MouseButtonDblClick) {
            copy();
            return true;
        }
        if (event->type() == QEvent::KeyPress) {
            auto *key = static_cast<QKeyEvent *>(event);
            // Ctrl+C with no partial selection copies the whole value.
            if (key->matches(QKeySequence::Copy) && !m_valueLabel->hasSelectedText()) {
                copy();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace griddeck::ui
