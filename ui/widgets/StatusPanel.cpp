#include "ui/widgets/StatusPanel.h"

#include "domain/Money.h"
#include "secrets/SecretStore.h"
#include "ui/AppController.h"
#include "ui/widgets/StatusIndicator.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>

namespace griddeck::ui {

namespace {

QWidget *separator(QWidget *parent)
{
    auto *line = new QFrame(parent);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    line->setFixedHeight(14);
    return line;
}

QLabel *dot(QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("\u00B7"), parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// A source's rate as people read it: 5 decimals ("0.01012"); the full text in the tooltip.
QString shortRate(const QString &text)
{
    if (auto rate = TftPrice::parse(text.trimmed()))
        return rate->toDisplayString(5);
    return text;
}

} // namespace

QString StatusPanel::sourceLabel(const QString &name)
{
    if (name == QLatin1String("dex"))
        return tr("DEX");
    if (name == QLatin1String("coingecko"))
        return tr("CoinGecko");
    if (name == QLatin1String("grid_stats"))
        return tr("TFChain");
    return name;
}

StatusPanel::StatusPanel(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_grid(new StatusIndicator(tr("Grid"), this))
    , m_workers(new StatusIndicator(tr("Workers"), this))
    , m_queue(new StatusIndicator(tr("Queue"), this))
    , m_keychain(new StatusIndicator(tr("Keychain"), this))
    , m_reconciler(new StatusIndicator(tr("Contracts"), this))
{
    setAccessibleName(tr("Pipeline status"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(8);
    layout->addWidget(m_grid);
    for (const QString &name : app.config().tftConversion.priceSources) {
        auto *indicator = new StatusIndicator(sourceLabel(name), this);
        m_sources.insert(name, indicator);
        layout->addWidget(dot(this));
        layout->addWidget(indicator);
    }
    layout->addWidget(separator(this));
    layout->addWidget(m_workers);
    layout->addWidget(separator(this));
    layout->addWidget(m_queue);
    layout->addWidget(separator(this));
    layout->addWidget(m_keychain);
    layout->addWidget(separator(this));
    layout->addWidget(m_reconciler);

    connect(&app, &AppController::gridStatus, this, [this](bool ok, const QString &message) { showGrid(true, ok, message); });
    connect(&app, &AppController::priceSourceStatus, this, &StatusPanel::showSource);
    connect(&app, &AppController::workersChanged, this, &StatusPanel::showWorkers);
    connect(&app, &AppController::queuePausedChanged, this, &StatusPanel::showQueue);
    connect(&app, &AppController::keychainStatus, this, &StatusPanel::showKeychain);
    connect(&app, &AppController::engineStateChanged, this, &StatusPanel::showEngine);
    connect(&app, &AppController::reconcileStatus, this,
            [this](bool clean, const QString &summary) { showReconcile(true, clean, summary); });

    // What is known already (the engine may have reported before this panel existed).
    const auto grid = app.gridState();
    showGrid(grid.known, grid.ok, grid.text);
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it) {
        const auto state = app.priceSourceState(it.key());
        if (state.known)
            showSource(it.key(), state.ok, state.text);
        else
            it.value()->setState(StatusIndicator::State::Unknown, QString(),
                                 tr("%1: no price fetched yet").arg(sourceLabel(it.key())));
    }
    showWorkers(app.busyWorkers(), app.totalWorkers());
    showQueue(app.isQueuePaused());
    if (app.secrets().isProbed())
        showKeychain(app.keychainAvailable(), app.keychainMessage());
    else
        m_keychain->setState(StatusIndicator::State::Unknown, QString(), app.keychainMessage());
    showEngine(app.engineRunning(), app.engineMessage());
    showReconcile(false, true, QString());
}

void StatusPanel::showReconcile(bool known, bool clean, const QString &summary)
{
    if (!known) {
        m_reconciler->setState(StatusIndicator::State::Unknown, QString(), tr("Contracts: not reconciled yet"));
        return;
    }
    // Not clean: orphans were cancelled or a job lost its contract; the events say which.
    m_reconciler->setState(clean ? StatusIndicator::State::Ok : StatusIndicator::State::Warning,
                           clean ? QString() : tr("check"), tr("Contracts: %1").arg(summary));
}

void StatusPanel::showGrid(bool known, bool ok, const QString &message)
{
    if (!known) {
        m_grid->setState(StatusIndicator::State::Unknown, QString(), tr("Grid: not reached yet"));
        return;
    }
    m_grid->setState(ok ? StatusIndicator::State::Ok : StatusIndicator::State::Error, QString(),
                     ok ? tr("Grid reachable%1").arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message)
                        : tr("Grid unreachable: %1").arg(message));
}

void StatusPanel::showSource(const QString &name, bool ok, const QString &text)
{
    StatusIndicator *indicator = m_sources.value(name);
    if (!indicator)
        return;
    if (ok)
        indicator->setState(StatusIndicator::State::Ok, shortRate(text),
                            tr("%1: %2 USD per TFT").arg(sourceLabel(name), text));
    else
        indicator->setState(StatusIndicator::State::Error, QString(), tr("%1 failing: %2").arg(sourceLabel(name), text));
}

void StatusPanel::showWorkers(int busy, int total)
{
    const bool running = m_app.engineRunning();
    m_workers->setState(running ? (busy > 0 ? StatusIndicator::State::Ok : StatusIndicator::State::Unknown)
                                : StatusIndicator::State::Off,
                        QStringLiteral("%1/%2").arg(busy).arg(total),
                        running ? tr("%1 of %2 workers busy").arg(busy).arg(total) : m_app.engineMessage());
}

void StatusPanel::showQueue(bool paused)
{
    m_queue->setState(paused ? StatusIndicator::State::Warning : StatusIndicator::State::Ok,
                      paused ? tr("paused") : tr("running"),
                      paused ? tr("Queue paused: no new jobs are taken; running steps finish (Ctrl+P resumes)")
                             : tr("Queue running: workers take due jobs (Ctrl+P pauses)"));
}

void StatusPanel::showKeychain(bool ok, const QString &message)
{
    m_keychain->setState(ok ? StatusIndicator::State::Ok : StatusIndicator::State::Warning, QString(), message);
}

void StatusPanel::showEngine(bool running, const QString &message)
{
    if (!running) {
        m_grid->setState(StatusIndicator::State::Off, QString(),
                         message.isEmpty() ? tr("The pipeline is not running") : message);
    }
    showWorkers(m_app.busyWorkers(), m_app.totalWorkers());
}

} // namespace griddeck::ui
