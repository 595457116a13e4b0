#pragma once
// One connection detail (IP, SSH command, web URL, Mycelium IP, contract id): a label, the
// value in a monospace font, a copy button — and for URLs an open-in-browser button. Copying
// (button, double-click on the value, or Ctrl+C while the value has focus) puts the value on
// the clipboard and confirms with a short "Copied" bubble.

#include <QWidget>

class QLabel;
class QToolButton;

namespace griddeck::ui {

class CopyField : public QWidget
{
    Q_OBJECT
public:
    explicit CopyField(const QString &label, QWidget *parent = nullptr, bool canOpen = false);

    void setValue(const QString &value);
    QString value() const { return m_value; }
    QString label() const;

    QLabel *valueLabel() const { return m_valueLabel; }
    QToolButton *copyButton() const { return m_copy; }
    QToolButton *openButton() const { return m_open; }
    QLabel *labelWidget() const { return m_label; }

public Q_SLOTS:
    void copy();
    void openInBrowser();

Q_SIGNALS:
    void copied(const QString &value);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void showCopiedBubble();
    void refreshIcons();

    QLabel *m_label;
    QLabel *m_valueLabel;
    QToolButton *m_copy;
    QToolButton *m_open = nullptr;
    QLabel *m_bubble;
    QString m_value;
};

} // namespace griddeck::ui
