#include "ui/widgets/FilterButton.h"

#include <QMenu>

namespace griddeck::ui {

FilterButton::FilterButton(const QString &name, QWidget *parent)
    : QToolButton(parent)
    , m_name(name)
    , m_menu(new QMenu(this))
{
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setMenu(m_menu);
    setAccessibleName(tr("Filter by %1").arg(name.toLower()));
    setToolTip(tr("Show only some %1s; none checked shows all").arg(name.toLower()));
    refreshText();
}

void FilterButton::addChoice(const QString &label, const QVariant &value)
{
    QAction *action = m_menu->addAction(label);
    action->setCheckable(true);
    action->setData(value);
    connect(action, &QAction::toggled, this, [this] {
        refreshText();
        Q_EMIT selectionChanged(selected());
    });
}

void FilterButton::setChoices(const QList<std::pair<QString, QVariant>> &choices)
{
    const QVariantList before = selected();
    {
        const QSignalBlocker blocker(this);
        m_menu->clear();
        for (const auto &[label, value] : choices)
            addChoice(label, value);
        for (QAction *a : m_menu->actions()) {
            const QSignalBlocker b(a);
            a->setChecked(before.contains(a->data()));
        }
    }
    refreshText();
    if (selected() != before)
        Q_EMIT selectionChanged(selected());
}

QVariantList FilterButton::selected() const
{
    QVariantList values;
    for (const QAction *a : m_menu->actions()) {
        if (a->isChecked())
            values << a->data();
    }
    return values;
}

void FilterButton::setSelected(const QVariantList &values)
{
    for (QAction *a : m_menu->actions()) {
        const QSignalBlocker b(a);
        a->setChecked(values.contains(a->data()));
    }
    refreshText();
    Q_EMIT selectionChanged(selected());
}

void FilterButton::clearSelection()
{
    setSelected({});
}

int FilterButton::choiceCount() const
{
    return int(m_menu->actions().size());
}

void FilterButton::refreshText()
{
    QStringList chosen;
    for (const QAction *a : m_menu->actions()) {
        if (a->isChecked())
            chosen << a->text();
    }
    if (chosen.isEmpty())
        setText(m_name);
    else if (chosen.size() == 1)
        setText(QStringLiteral("%1: %2").arg(m_name, chosen.first()));
    else
        setText(QStringLiteral("%1: %2").arg(m_name).arg(chosen.size()));
    // Bold when it narrows the list, so an active filter is never missed.
    QFont f = font();
    f.setBold(!chosen.isEmpty());
    setFont(f);
}

} // namespace griddeck::ui
