#include "ui/panes/PaneSupport.h"

#include "models/DisplayFormat.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>

namespace griddeck::ui {

void setUpJobTable(QTableView *view, bool multiSelect)
{
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(multiSelect ? QAbstractItemView::ExtendedSelection : QAbstractItemView::SingleSelection);
    view->setShowGrid(false);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->verticalHeader()->hide();
    const int rowHeight = view->fontMetrics().height() + 10;
    view->verticalHeader()->setDefaultSectionSize(rowHeight);
    view->verticalHeader()->setMinimumSectionSize(rowHeight);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->setFrameShape(QFrame::NoFrame);
    view->setTabKeyNavigation(false); // Tab leaves the table for the next control
}

QLineEdit *makeSearchField(const QString &placeholder, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setPlaceholderText(placeholder);
    field->setClearButtonEnabled(true);
    field->setMinimumWidth(220);
    field->setAccessibleName(QObject::tr("Search"));
    field->setToolTip(QObject::tr("Every word must match: id, user, service, IP, node, country or error"));
    return field;
}

PaneTitle::PaneTitle(const QString &title, QWidget *parent)
    : QLabel(parent)
    , m_title(title)
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    setFont(f);
    setTextFormat(Qt::RichText);
    setCounts(0, 0);
}

void PaneTitle::setCounts(int shown, int total)
{
    if (shown == m_shown && total == m_total && !text().isEmpty())
        return;
    m_shown = shown;
    m_total = total;
    render();
}

void PaneTitle::changeEvent(QEvent *event)
{
    // The muted colour is written into the rich text: redo it for a new palette.
    if (event->type() == QEvent::PaletteChange)
        render();
    QLabel::changeEvent(event);
}

void PaneTitle::render()
{
    const int shown = m_shown, total = m_total;
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    const QString count = shown == total ? display::count(total)
                                         : tr("%1 of %2").arg(display::count(shown), display::count(total));
    setText(QStringLiteral("<b>%1</b> <span style='color:%2'>\u00B7 %3</span>")
                .arg(m_title.toHtmlEscaped(), muted, count.toHtmlEscaped()));
    setAccessibleName(QStringLiteral("%1, %2").arg(m_title, count));
}

} // namespace griddeck::ui
