#pragma once
// A status-bar piece: a coloured dot and a short text ("Grid ●", "DEX ● 0.01012",
// "Keychain ●"). The dot's colour comes from the palette plus the state roles (StageStyle), so
// it reads on light and dark themes; the tooltip carries the full message.

#include <QWidget>

namespace griddeck::ui {

class StatusIndicator : public QWidget
{
    Q_OBJECT
public:
    enum class State { Unknown, Ok, Warning, Error, Off };
    Q_ENUM(State)

    explicit StatusIndicator(const QString &name, QWidget *parent = nullptr);

    void setState(State state, const QString &value = QString(), const QString &toolTip = QString());
    State state() const { return m_state; }
    QString name() const { return m_name; }
    QString value() const { return m_value; }
    // "DEX ● 0.01012": what the indicator shows, for tests and accessibility.
    QString text() const;

    static QColor colorFor(State state, const QPalette &palette);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_name;
    QString m_value;
    State m_state = State::Unknown;
};

} // namespace griddeck::ui
