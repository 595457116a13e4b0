#pragma once
// Paints a job's stage as a rounded badge (mark + label in the stage's colour role, UI.md "One
// language of states"), optionally followed by a slim progress bar. While a worker runs the
// job's step (StepRunningRole) the mark turns and a sheen moves along the bar.
//
// Reads the shared job roles: StageRole, ColorRoleRole, StageMarkRole, StepRunningRole,
// ProgressRole, and the DisplayRole text ("◔ Deploying") for the label.

#include <QPointer>
#include <QStyledItemDelegate>
#include <QTimer>

class QAbstractItemView;

namespace griddeck::ui {

class StageBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit StageBadgeDelegate(QAbstractItemView *view, bool showProgress = false);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Off for models without StepRunningRole (events): nothing turns.
    void setAnimated(bool animated) { m_animated = animated; }

    // Paints one badge in `rect` (vertically centred); returns the width used. Shared with the
    // detail panel's header.
    static int paintBadge(QPainter *painter, const QRect &rect, const QString &mark, const QString &label,
                          const QColor &color, const QFont &font);
    static QSize badgeSize(const QString &mark, const QString &label, const QFont &font);

private:
    void tick();

    QPointer<QAbstractItemView> m_view;
    bool m_showProgress;
    bool m_animated = true;
    QTimer m_timer;
    int m_phase = 0;
    mutable bool m_sawRunning = false;
};

} // namespace griddeck::ui
