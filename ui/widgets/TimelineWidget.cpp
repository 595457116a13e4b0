#include "ui/widgets/TimelineWidget.h"

#include "models/DisplayFormat.h"
#include "models/StageStyle.h"
#include "queue/Job.h"

#include <QDateTime>
#include <QEvent>
#include <QPainter>
#include <QPainterPath>

namespace griddeck::ui {

namespace {

constexpr int kSteps = 5;
constexpr int kRadius = 9;
constexpr int kTop = 4;

QColor alpha(QColor c, int a)
{
    c.setAlpha(a);
    return c;
}

} // namespace

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setAccessibleName(tr("Deployment progress"));
    m_spin.setInterval(200);
    connect(&m_spin, &QTimer::timeout, this, [this] {
        m_phase = (m_phase + 1) % 4;
        update();
    });
    updateAccessibleText();
}

QStringList TimelineWidget::stepLabels()
{
    return {tr("Payment Processed"), tr("Queued for Deployment"), tr("Converting TFC \u2192 TFT"), tr("Deploying on Grid"),
            tr("Service Active")};
}

TimelineWidget::State TimelineWidget::stateFor(Stage stage, const QString &lastError, bool running,
                                               const QList<JobEvent> &events)
{
    State s;
    s.running = running && StageStyle::of(stage).animated;
    s.stepTimes = QList<qint64>(kSteps, 0);
    // The furthest step the job reached, from the stages its events recorded.
    int reached = 1;
    for (const JobEvent &e : events) {
        if (s.stepTimes[0] == 0)
            s.stepTimes[0] = e.at; // enqueued: the credits were held then
        switch (e.stage) {
        case Stage::Queued:
        case Stage::Converting:
        case Stage::Deploying:
        case Stage::WaitingReady:
        case Stage::Verifying:
        case Stage::Active: {
            const int step = timelineStep(e.stage);
            if (s.stepTimes[step] == 0)
                s.stepTimes[step] = e.at;
            reached = std::max(reached, step);
            break;
        }
        default:
            break;
        }
    }
    // A restart sends an active job through readiness and health again (queue/Restarts.h).
    qsizetype lastRestart = -1, lastActive = -1, lastFlag = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events.at(i).kind == QLatin1String("restart"))
            lastRestart = i;
        else if (events.at(i).kind == QLatin1String("restart_failed"))
            lastFlag = i;
        else if (events.at(i).stage == Stage::Active && events.at(i).kind == QLatin1String("transition"))
            lastActive = i;
    }
    switch (stage) {
    case Stage::Active:
        s.current = 4;
        s.outcome = Outcome::Active;
        if (lastFlag > lastRestart && lastRestart >= 0)
            s.message
                = tr("Flagged: %1. The service keeps its contract; restart it again, stop it, or refund it.")
                      .arg(events.at(lastFlag).message);
        else if (lastRestart >= 0 && lastActive > lastRestart)
            s.message = tr("The last restart worked: the service passed readiness and health again.");
        break;
    case Stage::Stopped:
        s.current = 4;
        s.outcome = Outcome::Stopped;
        s.message = tr("The service was stopped and its contract cancelled.");
        break;
    case Stage::Failed:
    case Stage::RollingBack:
        // Where it failed: the furthest step reached (without events, the stage's own step).
        s.current = events.isEmpty() ? timelineStep(stage) : reached;
        s.outcome = Outcome::Failed;
        s.message = lastError.isEmpty() ? tr("The deployment failed; the credits were returned to the user.")
                                        : lastError;
        if (stage == Stage::RollingBack)
            s.message = tr("Rolling back: %1").arg(s.message);
        break;
    case Stage::Cancelled:
        s.current = events.isEmpty() ? 1 : reached;
        s.outcome = Outcome::Cancelled;
        s.message = tr("Cancelled before deployment; the credits went back to the user.");
        break;
    default:
        s.current = timelineStep(stage);
        s.outcome = Outcome::InProgress;
        if (!lastError.isEmpty())
            s.message = tr("Last attempt: %1").arg(lastError);
        else if (lastRestart >= 0 && lastRestart > lastActive
            && (stage == Stage::WaitingReady || stage == Stage::Verifying))
            s.message = tr("Restarted by %1: checking readiness and health again\u2026")
                            .arg(events.at(lastRestart).actor);
        break;
    }
    return s;
}

void TimelineWidget::setState(const State &state)
{
    m_state = state;
    m_state.current = std::clamp(m_state.current, 0, kSteps - 1);
    m_empty = false;
    if (m_state.running && m_state.outcome == Outcome::InProgress)
        m_spin.start();
    else
        m_spin.stop();
    updateAccessibleText();
    updateGeometry();
    update();
}

void TimelineWidget::clear()
{
    m_state = State();
    m_empty = true;
    m_spin.stop();
    updateAccessibleText();
    update();
}

void TimelineWidget::updateAccessibleText()
{
    if (m_empty) {
        setAccessibleDescription(tr("No deployment selected."));
        return;
    }
    const QString step = stepLabels().at(m_state.current);
    QString text;
    switch (m_state.outcome) {
    case Outcome::Active:
        text = tr("Service active.");
        break;
    case Outcome::Failed:
        text = tr("Failed at step %1 of 5, %2: %3").arg(m_state.current + 1).arg(step, m_state.message);
        break;
    case Outcome::Cancelled:
        text = tr("Cancelled at step %1 of 5, %2.").arg(m_state.current + 1).arg(step);
        break;
    case Outcome::Stopped:
        text = tr("Stopped.");
        break;
    case Outcome::InProgress:
        text = tr("Step %1 of 5: %2.").arg(m_state.current + 1).arg(step);
        break;
    }
    setAccessibleDescription(text);
    setToolTip(text);
}

int TimelineWidget::stepsHeight() const
{
    const QFontMetrics fm(font());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    const QFontMetrics sm(small);
    // Circle, label (up to two lines), time.
    return kTop + 2 * kRadius + 6 + 2 * fm.height() + sm.height() + 4;
}

QRect TimelineWidget::messageRect(int width) const
{
    if (m_state.message.isEmpty() || m_empty)
        return {};
    const QFontMetrics fm(font());
    const QRect bounds = fm.boundingRect(QRect(0, 0, std::max(50, width - 8), 10000), Qt::TextWordWrap, m_state.message);
    return QRect(4, stepsHeight() + 2, width - 8, bounds.height() + 4);
}

int TimelineWidget::heightForWidth(int width) const
{
    const QRect m = messageRect(width);
    return stepsHeight() + (m.isNull() ? 0 : m.height() + 6);
}

QSize TimelineWidget::sizeHint() const
{
    return {420, heightForWidth(420)};
}

QSize TimelineWidget::minimumSizeHint() const
{
    return {260, stepsHeight()};
}

void TimelineWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor success = StageStyle::color(ColorRole::Success, pal);
    const QColor danger = StageStyle::color(ColorRole::Danger, pal);
    const QColor accent = StageStyle::color(ColorRole::Accent, pal);
    const QColor neutral = StageStyle::color(ColorRole::Neutral, pal);
    const QColor muted = StageStyle::color(ColorRole::Muted, pal);
    const QColor text = pal.color(QPalette::WindowText);

    const int w = width();
    const int slot = w / kSteps;
    const int cy = kTop + kRadius;
    const QStringList labels = stepLabels();
    const QFontMetrics fm(font());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    QFont bold = font();
    bold.setBold(true);
    const qint64 now = m_nowMs ? m_nowMs : QDateTime::currentMSecsSinceEpoch();

    enum class Kind { Done, Current, Failed, Ended, Future };
    auto kindOf = [this](int i) {
        if (m_empty)
            return Kind::Future;
        if (i < m_state.current)
            return Kind::Done;
        if (i > m_state.current)
            return Kind::Future;
        switch (m_state.outcome) {
        case Outcome::Active:
            return Kind::Done;
        case Outcome::Failed:
            return Kind::Failed;
        case Outcome::Cancelled:
        case Outcome::Stopped:
            return Kind::Ended;
        case Outcome::InProgress:
            return Kind::Current;
        }
        return Kind::Future;
    };

    // Connectors first, under the circles.
    for (int i = 0; i + 1 < kSteps; ++i) {
        const int x1 = slot * i + slot / 2 + kRadius + 3;
        const int x2 = slot * (i + 1) + slot / 2 - kRadius - 3;
        const bool done = kindOf(i) == Kind::Done && kindOf(i + 1) != Kind::Future;
        p.setPen(QPen(done ? success : alpha(neutral, 110), 2, done ? Qt::SolidLine : Qt::DotLine, Qt::RoundCap));
        p.drawLine(x1, cy, x2, cy);
    }

    for (int i = 0; i < kSteps; ++i) {
        const int cx = slot * i + slot / 2;
        const QRectF circle(cx - kRadius, cy - kRadius, 2 * kRadius, 2 * kRadius);
        const Kind kind = kindOf(i);
        QColor stroke = neutral;
        QString glyph;
        bool filled = false;
        switch (kind) {
        case Kind::Done:
            stroke = success;
            filled = true;
            glyph = QStringLiteral("\u2713");
            break;
        case Kind::Current:
            stroke = accent;
            glyph = m_state.running ? QStringList{QStringLiteral("\u25D4"), QStringLiteral("\u25D1"),
                                                  QStringLiteral("\u25D5"), QStringLiteral("\u25D1")}
                                          .at(m_phase)
                                    : QStringLiteral("\u25D4");
            break;
        case Kind::Failed:
            stroke = danger;
            filled = true;
            glyph = QStringLiteral("\u2715");
            break;
        case Kind::Ended:
            stroke = muted;
            filled = true;
            glyph = QStringLiteral("\u25A0");
            break;
        case Kind::Future:
            stroke = alpha(neutral, 150);
            break;
        }
        if (filled) {
            p.setPen(Qt::NoPen);
            p.setBrush(stroke);
            p.drawEllipse(circle);
            // The glyph on a filled circle uses the base colour: readable on either theme.
            p.setPen(pal.color(QPalette::Base));
        } else {
            p.setBrush(kind == Kind::Current ? QBrush(alpha(accent, 40)) : QBrush(Qt::NoBrush));
            p.setPen(QPen(stroke, kind == Kind::Current ? 2 : 1.3));
            p.drawEllipse(circle);
            p.setPen(stroke);
        }
        if (!glyph.isEmpty()) {
            QFont g = bold;
            g.setPixelSize(kind == Kind::Current ? 12 : 11);
            p.setFont(g);
            p.drawText(circle, Qt::AlignCenter, glyph);
        }

        // Label under the circle, up to two lines.
        const QRect labelRect(slot * i + 2, cy + kRadius + 6, slot - 4, 2 * fm.height());
        const bool emphasised = kind == Kind::Current || kind == Kind::Failed;
        p.setFont(emphasised ? bold : font());
        p.setPen(kind == Kind::Failed ? danger : kind == Kind::Future ? neutral : text);
        p.drawText(labelRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, labels.at(i));

        const qint64 at = i < m_state.stepTimes.size() ? m_state.stepTimes.at(i) : 0;
        if (at > 0 && kind != Kind::Future) {
            p.setFont(small);
            p.setPen(neutral);
            const QRect timeRect(labelRect.left(), labelRect.bottom() + 1, labelRect.width(), QFontMetrics(small).height());
            p.drawText(timeRect, Qt::AlignHCenter | Qt::AlignTop, display::relativeTime(at, now));
        }
    }

    const QRect message = messageRect(w);
    if (!message.isNull()) {
        p.setFont(font());
        p.setPen(m_state.outcome == Outcome::Failed ? danger : neutral);
        p.drawText(message, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_state.message);
    }
}

} // namespace griddeck::ui
