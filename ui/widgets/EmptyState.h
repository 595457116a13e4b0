#pragma once
// What a pane shows instead of an empty table: a muted icon, a sentence saying why it is empty
// and what to do, and optionally a button that does it ("No deployments yet — New deployment
// (Ctrl+N)", "No job matches the search — Clear filters").

#include <QWidget>

class QLabel;
class QPushButton;

namespace griddeck::ui {

class EmptyState : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyState(QWidget *parent = nullptr);

    void setMessage(const QString &title, const QString &hint = QString());
    // An empty text hides the button.
    void setAction(const QString &text);
    QString title() const;
    QString hint() const;
    QPushButton *actionButton() const { return m_button; }

Q_SIGNALS:
    void actionTriggered();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshIcon();

    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_hint;
    QPushButton *m_button;
};

} // namespace griddeck::ui
