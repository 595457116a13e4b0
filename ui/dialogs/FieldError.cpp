#include "ui/dialogs/FieldError.h"

#include "models/StageStyle.h"

#include <QEvent>
#include <QFormLayout>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

QColor warningColor(const QPalette &palette)
{
    // Amber, readable on either base: darker on light themes, lighter on dark ones.
    return StageStyle::isDark(palette) ? QColor(0xFF, 0xCA, 0x28) : QColor(0x9A, 0x67, 0x00);
}

} // namespace

FieldError::FieldError(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.92);
    setFont(f);
    applyColor();
    QLabel::setVisible(false);
}

void FieldError::setError(const QString &message)
{
    if (message == text())
        return;
    setText(message);
    setVisible(!message.isEmpty());
}

void FieldError::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColor();
}

void FieldError::applyColor()
{
    const QColor danger = StageStyle::color(ColorRole::Danger, palette());
    if (palette().color(QPalette::WindowText) == danger)
        return;
    QPalette p = palette();
    p.setColor(QPalette::WindowText, danger);
    setPalette(p);
}

FieldError *addFieldRow(QFormLayout *form, const QString &label, QWidget *field)
{
    auto *cell = new QWidget(form->parentWidget());
    // As wide as the form allows: the error may be a long sentence under a narrow spin box, and
    // wraps (its height follows its width, so the cell must be free to grow).
    const QSizePolicy::Policy horizontal = field->sizePolicy().horizontalPolicy();
    cell->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *box = new QVBoxLayout(cell);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    // Fields that do not want to grow (spin boxes) keep their width, on the left.
    const bool keepsWidth = !(horizontal & QSizePolicy::GrowFlag) || !(horizontal & QSizePolicy::ShrinkFlag);
    box->addWidget(field, 0, keepsWidth ? Qt::AlignLeft : Qt::Alignment());
    auto *error = new FieldError(cell);
    QString plain = label;
    plain.remove(u'&');
    if (plain.endsWith(u':'))
        plain.chop(1);
    error->setAccessibleName(QObject::tr("%1 error").arg(plain));
    box->addWidget(error);
    form->addRow(label, cell);
    if (auto *l = qobject_cast<QLabel *>(form->labelForField(cell)))
        l->setBuddy(field);
    if (field->accessibleName().isEmpty())
        field->setAccessibleName(plain);
    return error;
}

NoticeLabel::NoticeLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    QLabel::setVisible(false);
}

void NoticeLabel::showNotice(Kind kind, const QString &message)
{
    m_kind = kind;
    setText(message);
    applyColor();
    setVisible(!message.isEmpty());
}

void NoticeLabel::clearNotice()
{
    setText(QString());
    setVisible(false);
}

void NoticeLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColor();
}

void NoticeLabel::applyColor()
{
    QColor color;
    switch (m_kind) {
    case Kind::Info:
        color = parentWidget() ? parentWidget()->palette().color(QPalette::WindowText)
                               : palette().color(QPalette::WindowText);
        break;
    case Kind::Success:
        color = StageStyle::color(ColorRole::Success, palette());
        break;
    case Kind::Warning:
        color = warningColor(palette());
        break;
    case Kind::Danger:
        color = StageStyle::color(ColorRole::Danger, palette());
        break;
    }
    if (palette().color(QPalette::WindowText) == color)
        return;
    QPalette p = palette();
    p.setColor(QPalette::WindowText, color);
    setPalette(p);
}

} // namespace griddeck::ui
