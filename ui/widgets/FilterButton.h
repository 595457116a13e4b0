#pragma once
// A filter in a pane's bar: "Stage ▾" opens a menu of checkable choices; several may be
// checked (none checked = any). The button names what is chosen ("Stage: Failed", "Stage: 2").

#include <QToolButton>
#include <QVariant>

class QMenu;

namespace griddeck::ui {

class FilterButton : public QToolButton
{
    Q_OBJECT
public:
    explicit FilterButton(const QString &name, QWidget *parent = nullptr);

    // Replaces the choices, keeping the checked ones that are still offered.
    void setChoices(const QList<std::pair<QString, QVariant>> &choices);
    void addChoice(const QString &label, const QVariant &value);
    QVariantList selected() const;
    void setSelected(const QVariantList &values);
    void clearSelection();
    int choiceCount() const;
    QString name() const { return m_name; }

Q_SIGNALS:
    void selectionChanged(const QVariantList &values);

private:
    void refreshText();

    QString m_name;
    QMenu *m_menu;
};

} // namespace griddeck::ui
