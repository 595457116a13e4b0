#pragma once
// The status bar's permanent part (UI.md):
//   Grid ● · DEX ● 0.01012 · CoinGecko ● 0.01009 · TFChain ● 0.01010 │ Workers 3/4 │ Queue running │ Keychain ●
// Each piece is a StatusIndicator fed by the AppController's signals; tooltips carry the
// full message (the grid's error, a source's failure, why the keychain is session-only).

#include <QHash>
#include <QWidget>

namespace griddeck::ui {

class AppController;
class StatusIndicator;

class StatusPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StatusPanel(AppController &app, QWidget *parent = nullptr);

    StatusIndicator *grid() const { return m_grid; }
    // "dex", "coingecko", "grid_stats"; null when the config does not use that source.
    StatusIndicator *source(const QString &name) const { return m_sources.value(name); }
    StatusIndicator *workers() const { return m_workers; }
    StatusIndicator *queue() const { return m_queue; }
    StatusIndicator *keychain() const { return m_keychain; }
    // The reconciler's last pass: orphan contracts cancelled, active jobs whose contract is gone.
    StatusIndicator *reconciler() const { return m_reconciler; }

    // "Grid", "DEX", "CoinGecko", "TFChain".
    static QString sourceLabel(const QString &name);

private:
    void showGrid(bool known, bool ok, const QString &message);
    void showSource(const QString &name, bool ok, const QString &text);
    void showWorkers(int busy, int total);
    void showQueue(bool paused);
    void showKeychain(bool ok, const QString &message);
    void showEngine(bool running, const QString &message);
    void showReconcile(bool known, bool clean, const QString &summary);

    AppController &m_app;
    StatusIndicator *m_grid;
    QHash<QString, StatusIndicator *> m_sources;
    StatusIndicator *m_workers;
    StatusIndicator *m_queue;
    StatusIndicator *m_keychain;
    StatusIndicator *m_reconciler;
};

} // namespace griddeck::ui
