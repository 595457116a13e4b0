#pragma once
// The main window's section list (Overview, Queue, Deployments, Wallet, Nodes, Events) with
// small live count badges on the right: neutral for counts, red for failing.

#include "models/StageStyle.h"

#include <QListWidget>

namespace griddeck::ui {

class Sidebar : public QListWidget
{
    Q_OBJECT
public:
    explicit Sidebar(QWidget *parent = nullptr);

    void addSection(const QString &name, const QString &icon, const QString &objectName);
    // count 0 hides the badge. `what` names the count for tooltips and screen readers.
    void setBadge(int section, int count, ColorRole role, const QString &what);
    int badgeCount(int section) const;
    void refreshIcons();

    QSize sizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    QStringList m_icons;
};

} // namespace griddeck::ui
