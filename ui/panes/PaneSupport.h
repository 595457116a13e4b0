#pragma once
// Small pieces the list panes share: a dense, sortable table set-up, the pane title with a
// live count, and the search field.

#include <QLabel>
#include <QLineEdit>
#include <QString>

class QTableView;
class QAbstractItemModel;

namespace griddeck::ui {

// Sorting on, whole-row multi selection, no grid, compact rows, stretching last column.
void setUpJobTable(QTableView *view, bool multiSelect);

// "Search jobs… (Ctrl+F)" with a clear button.
QLineEdit *makeSearchField(const QString &placeholder, QWidget *parent);

// A bold pane title ("Queue") followed by a muted live count ("· 12 of 40").
class PaneTitle : public QLabel
{
    Q_OBJECT
public:
    PaneTitle(const QString &title, QWidget *parent = nullptr);
    void setCounts(int shown, int total);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QString m_title;
    int m_shown = 0;
    int m_total = 0;
};

} // namespace griddeck::ui
