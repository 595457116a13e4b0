#pragma once
// One number on the overview's row of key figures: a small caption, the value in large type,
// and a line of detail under it. A thin bar on the left takes the colour role of what the
// number counts (UI.md's state table), so "failed today" reads red and "active today" green
// in light and dark themes alike.

#include "models/StageStyle.h"

#include <QFrame>
#include <QString>

class QLabel;

namespace griddeck::ui {

class KpiCard : public QFrame
{
    Q_OBJECT
public:
    explicit KpiCard(const QString &title, ColorRole role = ColorRole::Neutral, QWidget *parent = nullptr);

    QString title() const;
    // The big number ("12", "94 %", "1 m 12 s"); the tooltip says exactly what it counts.
    void setValue(const QString &value, const QString &toolTip = QString());
    QString value() const;
    // The small line under the value ("of 40 finished today").
    void setDetail(const QString &detail);
    QString detail() const;
    void setColorRole(ColorRole role);
    ColorRole colorRole() const { return m_role; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateFonts();

    ColorRole m_role;
    QLabel *m_title;
    QLabel *m_value;
    QLabel *m_detail;
};

} // namespace griddeck::ui
