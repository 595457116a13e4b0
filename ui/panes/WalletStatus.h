#pragma once
// The Wallet pane's right-hand column: the TFT wallet's balance (GET /wallet/balance at the
// configured wallet URL, "embedded" being the engine's simulator) and the latest quote a job
// took, with every price source's rate, its distance from the median and which were dropped
// and why (job_quotes; before any job took one, the latest price_history readings). Refreshed
// on timers and on demand; store reads run through AppController::run.

#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QTableWidget;
class QTimer;

namespace griddeck {
struct LatestQuote;
struct PriceReading;
} // namespace griddeck

namespace griddeck::ui {

class AppController;

class WalletStatus : public QWidget
{
    Q_OBJECT
public:
    explicit WalletStatus(AppController &app, QWidget *parent = nullptr);

    // "150,000.00 TFT · 1,000,000.00 USD" (dashes until read).
    QString walletBalanceText() const;
    QTableWidget *quoteTable() const { return m_quoteTable; }
    QString quoteSummary() const;

public Q_SLOTS:
    void refreshWallet();
    void refreshQuote();

Q_SIGNALS:
    void walletRefreshed(bool ok);
    void quoteRefreshed();

private:
    void showQuote(const std::optional<LatestQuote> &quote, const QList<PriceReading> &history);

    AppController &m_app;
    QLabel *m_walletTft = nullptr;
    QLabel *m_walletUsd = nullptr;
    QLabel *m_walletSource = nullptr;
    QLabel *m_quoteLine = nullptr;
    QLabel *m_dropped = nullptr;
    QTableWidget *m_quoteTable = nullptr;
    QTimer *m_quoteTimer = nullptr;
    QTimer *m_walletTimer = nullptr;
    bool m_quoteInFlight = false;
    bool m_walletInFlight = false;
};

} // namespace griddeck::ui
