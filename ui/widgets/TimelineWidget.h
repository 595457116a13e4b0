#pragma once
// The seed's five-step deployment timeline, painted: Payment Processed → Queued → Converting
// TFC → TFT → Deploying on Grid → Service Active. Done steps are green with a check, the
// current step is an accent ring (turning while a worker runs it), a failed step is red with
// a cross and the reason in plain words under the timeline.

#include "domain/Stage.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <optional>

namespace griddeck {
struct JobEvent;
}

namespace griddeck::ui {

class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    enum class Outcome { InProgress, Active, Failed, Cancelled, Stopped };

    struct State
    {
        int current = 0;           // 0..4: the step being worked on (or where the job ended)
        Outcome outcome = Outcome::InProgress;
        bool running = false;      // a worker is on the current step now: animate it
        QString message;           // under the timeline: the failure reason, or a note
        QList<qint64> stepTimes;   // when each step was reached (ms), 0 = unknown; up to 5
    };

    explicit TimelineWidget(QWidget *parent = nullptr);

    // The state of a job from its stage and (when loaded) its events, oldest first.
    static State stateFor(Stage stage, const QString &lastError, bool running, const QList<JobEvent> &events);

    void setState(const State &state);
    const State &state() const { return m_state; }
    void clear();
    void setNow(qint64 nowMs) { m_nowMs = nowMs; }

    static QStringList stepLabels();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int stepsHeight() const;
    QRect messageRect(int width) const;
    void updateAccessibleText();

    State m_state;
    bool m_empty = true;
    qint64 m_nowMs = 0;
    QTimer m_spin;
    int m_phase = 0;
};

} // namespace griddeck::ui
