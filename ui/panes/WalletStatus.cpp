#include "ui/panes/WalletStatus.h"

#include "grid/HttpClient.h"
#include "models/DisplayFormat.h"
#include "models/StageStyle.h"
#include "pricing/Format.h"
#include "ui/AppController.h"
#include "ui/panes/PaneData.h"
#include "ui/widgets/Icons.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

constexpr int kQuoteRefreshMs = 5000;
constexpr int kWalletRefreshMs = 30000;

QLabel *figure(QWidget *parent)
{
    auto *l = new QLabel(QStringLiteral("\u2014"), parent);
    l->setFont(display::monospaceFont());
    l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    l->setFont(f);
    return l;
}

QLabel *mutedLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

QString sourceLabel(const QString &source)
{
    if (source == u"dex")
        return QObject::tr("DEX (Stellar)");
    if (source == u"coingecko")
        return QObject::tr("CoinGecko");
    if (source == u"grid_stats")
        return QObject::tr("TFChain");
    return source;
}

} // namespace

WalletStatus::WalletStatus(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
{
    QWidget *box = this;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *wallet = new QGroupBox(tr("TFT wallet"), box);
    auto *form = new QFormLayout(wallet);
    m_walletTft = figure(wallet);
    m_walletUsd = figure(wallet);
    m_walletTft->setAccessibleName(tr("TFT balance"));
    m_walletUsd->setAccessibleName(tr("USD balance"));
    form->addRow(tr("TFT:"), m_walletTft);
    form->addRow(tr("USD:"), m_walletUsd);
    m_walletSource = mutedLabel(wallet);
    auto *refresh = new QPushButton(tr("Refresh"), wallet);
    refresh->setIcon(themedIcon(QStringLiteral("restart"), palette()));
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_walletSource, 1);
    sourceRow->addWidget(refresh);
    form->addRow(sourceRow);
    connect(refresh, &QPushButton::clicked, this, [this] {
        refreshWallet();
        refreshQuote();
    });
    layout->addWidget(wallet);

    auto *quote = new QGroupBox(tr("Latest TFT quote"), box);
    auto *q = new QVBoxLayout(quote);
    m_quoteLine = new QLabel(quote);
    m_quoteLine->setWordWrap(true);
    m_quoteLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    q->addWidget(m_quoteLine);
    m_quoteTable = new QTableWidget(0, 4, quote);
    m_quoteTable->setHorizontalHeaderLabels({tr("Source"), tr("USD / TFT"), tr("From median"), tr("In the rate")});
    m_quoteTable->verticalHeader()->hide();
    m_quoteTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_quoteTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_quoteTable->setShowGrid(false);
    m_quoteTable->setFocusPolicy(Qt::NoFocus);
    m_quoteTable->horizontalHeader()->setStretchLastSection(true);
    m_quoteTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_quoteTable->setAccessibleName(tr("Price sources of the latest quote"));
    m_quoteTable->setWordWrap(true);
    q->addWidget(m_quoteTable, 1);
    m_dropped = mutedLabel(quote);
    m_dropped->setTextInteractionFlags(Qt::TextSelectableByMouse);
    q->addWidget(m_dropped);
    layout->addWidget(quote, 1);
    box->setMinimumWidth(420);

    m_quoteTimer = new QTimer(this);
    m_quoteTimer->setInterval(kQuoteRefreshMs);
    connect(m_quoteTimer, &QTimer::timeout, this, &WalletStatus::refreshQuote);
    m_walletTimer = new QTimer(this);
    m_walletTimer->setInterval(kWalletRefreshMs);
    connect(m_walletTimer, &QTimer::timeout, this, &WalletStatus::refreshWallet);
    connect(&m_app, &AppController::configChanged, this, &WalletStatus::refreshWallet);
    connect(&m_app, &AppController::engineStateChanged, this, &WalletStatus::refreshWallet);
    m_quoteTimer->start();
    m_walletTimer->start();
    refreshQuote();
    refreshWallet();
}

QString WalletStatus::walletBalanceText() const
{
    return m_walletTft->text() + QStringLiteral(" TFT · ") + m_walletUsd->text() + QStringLiteral(" USD");
}

QString WalletStatus::quoteSummary() const
{
    return m_quoteLine->text();
}

void WalletStatus::refreshWallet()
{
    if (m_walletInFlight)
        return;
    auto wallet = walletUrl(m_app);
    if (!wallet.ok()) {
        m_walletSource->setText(wallet.error().message);
        Q_EMIT walletRefreshed(false);
        return;
    }
    QString base = wallet.value().toString();
    while (base.endsWith(u'/'))
        base.chop(1);
    const QUrl url(base + QStringLiteral("/wallet/balance"));
    m_walletInFlight = true;
    HttpRequestOptions options;
    options.context = this;
    options.timeoutMs = 10000;
    QPointer<WalletStatus> self(this);
    HttpClient().get(
        url,
        [self, url](HttpResult reply) {
            if (!self)
                return;
            self->m_walletInFlight = false;
            const QString at = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
            if (!reply.ok()) {
                self->m_walletSource->setText(tr("Wallet unreachable: %1").arg(reply.error().message));
                Q_EMIT self->walletRefreshed(false);
                return;
            }
            const QJsonObject o = reply.value().json.object();
            const auto tft = Tft::parse(o.value(QStringLiteral("tft")).toString());
            const auto usd = Usd::parse(o.value(QStringLiteral("usd")).toString());
            if (!tft || !usd) {
                self->m_walletSource->setText(tr("The wallet at %1 answered something other than a balance.").arg(url.toString()));
                Q_EMIT self->walletRefreshed(false);
                return;
            }
            self->m_walletTft->setText(display::tft(*tft));
            self->m_walletTft->setToolTip(display::tftFull(*tft));
            self->m_walletUsd->setText(display::groupThousands(usd->toDisplayString(2)));
            self->m_walletUsd->setToolTip(usd->toString() + QStringLiteral(" USD"));
            self->m_walletSource->setText(tr("%1 · read %2").arg(url.toString(QUrl::RemoveQuery), at));
            Q_EMIT self->walletRefreshed(true);
        },
        options);
}

void WalletStatus::refreshQuote()
{
    if (m_quoteInFlight)
        return;
    m_quoteInFlight = true;
    struct Loaded
    {
        std::optional<LatestQuote> quote;
        QList<PriceReading> history;
    };
    QPointer<WalletStatus> self(this);
    AppController *app = &m_app;
    const qint64 since = m_app.clock().nowMs() - 3600 * 1000;
    m_app.run<Loaded>(
        [app, since]() -> Result<Loaded> {
            QSqlDatabase db = app->store()->db();
            auto quote = latestQuote(db);
            if (!quote.ok())
                return quote.error();
            Loaded out{quote.value(), {}};
            if (!out.quote) {
                auto history = priceHistory(db, since, 50);
                if (history.ok())
                    out.history = history.value();
            }
            return out;
        },
        [self](Result<Loaded> loaded) {
            if (!self)
                return;
            self->m_quoteInFlight = false;
            if (!loaded.ok()) {
                self->m_quoteLine->setText(tr("Could not read the quotes: %1").arg(loaded.error().message));
            } else {
                self->showQuote(loaded.value().quote, loaded.value().history);
            }
            Q_EMIT self->quoteRefreshed();
        });
}

void WalletStatus::showQuote(const std::optional<LatestQuote> &latest, const QList<PriceReading> &history)
{
    const QColor danger = StageStyle::color(ColorRole::Danger, palette());
    const QColor success = StageStyle::color(ColorRole::Success, palette());
    const QColor muted = StageStyle::color(ColorRole::Muted, palette());
    const auto item = [](const QString &text, bool mono = false) {
        auto *i = new QTableWidgetItem(text);
        if (mono)
            i->setFont(display::monospaceFont());
        return i;
    };
    m_quoteTable->setRowCount(0);
    m_dropped->clear();
    if (!latest) {
        // No job has taken a quote yet: the latest reading of each source, if any.
        QHash<QString, PriceReading> last;
        for (const PriceReading &r : history)
            last.insert(r.source, r);
        if (last.isEmpty()) {
            m_quoteLine->setText(tr("No quote yet \u2014 a quote is taken when a queued job starts; each source's rate "
                                    "and the ones dropped show here."));
            return;
        }
        m_quoteLine->setText(tr("No job has taken a quote yet; the latest reading of each source:"));
        for (const QString &source : last.keys()) {
            const PriceReading &r = last.value(source);
            const int row = m_quoteTable->rowCount();
            m_quoteTable->insertRow(row);
            m_quoteTable->setItem(row, 0, item(sourceLabel(source)));
            m_quoteTable->setItem(row, 1, item(r.rate ? pricing_format::rate(*r.rate) : QStringLiteral("\u2014"), true));
            m_quoteTable->setItem(row, 2, item(QStringLiteral("\u2014")));
            auto *state = item(r.rate ? tr("answered") : tr("failed: %1").arg(r.error));
            state->setForeground(r.rate ? success : danger);
            state->setToolTip(r.error);
            m_quoteTable->setItem(row, 3, state);
        }
        m_quoteTable->resizeColumnsToContents();
        return;
    }
    const Quote &q = latest->quote;
    const qint64 now = m_app.clock().nowMs();
    m_quoteLine->setText(tr("<b>%1 USD/TFT</b> \u2014 average of %2 (median %3) \u00B7 job %4 \u00B7 %5")
                             .arg(pricing_format::rate(q.rate), q.usedSources().join(QStringLiteral(", ")),
                                  pricing_format::rate(q.median))
                             .arg(latest->jobId)
                             .arg(display::relativeTime(latest->atMs, now)));
    m_quoteLine->setToolTip(tr("%1\nTaken %2; sources further than %3 % from the median are dropped.")
                                .arg(q.summary(), display::exactTime(latest->atMs), pricing_format::percent(q.maxSlippage)));
    QStringList drops;
    for (const SourceOutcome &s : q.sources) {
        const int row = m_quoteTable->rowCount();
        m_quoteTable->insertRow(row);
        m_quoteTable->setItem(row, 0, item(sourceLabel(s.source)));
        auto *rate = item(s.rate ? pricing_format::rate(*s.rate) : QStringLiteral("\u2014"), true);
        rate->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_quoteTable->setItem(row, 1, rate);
        auto *deviation = item(s.deviation ? s.deviation->toString().left(s.deviation->toString().indexOf(u'.') + 3) + QStringLiteral(" %")
                                           : QStringLiteral("\u2014"),
                               true);
        deviation->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_quoteTable->setItem(row, 2, deviation);
        const QString why = s.dropReason.isEmpty() ? s.error : s.dropReason;
        auto *used = item(s.used ? tr("\u25CF used") : tr("\u2715 dropped"));
        used->setForeground(s.used ? success : danger);
        used->setToolTip(why);
        if (!s.used)
            drops << tr("%1: %2").arg(sourceLabel(s.source), why);
        if (!s.used)
            for (int c = 0; c < 3; ++c)
                m_quoteTable->item(row, c)->setForeground(muted);
        m_quoteTable->setItem(row, 3, used);
    }
    m_quoteTable->resizeColumnsToContents();
    m_quoteTable->resizeRowsToContents();
    m_dropped->setText(drops.isEmpty() ? tr("Every source was used.") : tr("Dropped \u2014 %1").arg(drops.join(QStringLiteral("; "))));
}

} // namespace griddeck::ui
