#include "pipeline/EmbeddedGrid.h"

#include <QMetaObject>
#include <QThread>

namespace griddeck {

namespace {

constexpr const char kEmbedded[] = "embedded";

bool isEmbedded(const QString &url)
{
    return url.trimmed() == QLatin1String(kEmbedded);
}

} // namespace

QString Endpoints::realServiceUrl(const QString &network, const QString &service)
{
    if (network.isEmpty())
        return QString();
    // grid_client client.ts getDefaultUrls: <service>.grid.tf on main, <service>.<net>.grid.tf else.
    const QString base = network == u"main" ? QStringLiteral("grid.tf") : network + QStringLiteral(".grid.tf");
    if (service == u"gridproxy")
        return QStringLiteral("https://gridproxy.") + base;
    if (service == u"graphql")
        return QStringLiteral("https://graphql.%1/graphql").arg(base);
    if (service == u"horizon")
        return network == u"main" ? QStringLiteral("https://horizon.stellar.org")
                                  : QStringLiteral("https://horizon-testnet.stellar.org");
    if (service == u"coingecko")
        return QStringLiteral("https://api.coingecko.com");
    return QString();
}

Config Endpoints::withRealServices(const Config &config)
{
    Config c = config;
    const QString net = c.threefoldGrid.network;
    if (net.isEmpty())
        return c;
    auto swap = [&](QString &url, const char *service) {
        if (isEmbedded(url))
            url = realServiceUrl(net, QString::fromLatin1(service));
    };
    swap(c.threefoldGrid.gridProxyUrl, "gridproxy");
    swap(c.threefoldGrid.graphqlUrl, "graphql");
    swap(c.tftConversion.horizonUrl, "horizon");
    swap(c.tftConversion.coingeckoUrl, "coingecko");
    return c;
}

bool Endpoints::needsEmbedded(const Config &original)
{
    const Config config = withRealServices(original);
    const auto &grid = config.threefoldGrid;
    const auto &tft = config.tftConversion;
    for (const QString &url : {grid.gridProxyUrl, tft.horizonUrl, tft.coingeckoUrl, grid.graphqlUrl})
        if (isEmbedded(url))
            return true;
    // With a network, the deployer and the wallet left ""/"embedded" are the gateway's.
    if (grid.network.isEmpty() && (isEmbedded(grid.effectiveDeployerUrl()) || isEmbedded(tft.walletUrl)))
        return true;
    return false;
}

Result<Endpoints> Endpoints::resolve(const Config &original, const QUrl &embedded, const QUrl &gateway)
{
    const Config config = withRealServices(original);
    const bool real = !config.threefoldGrid.network.isEmpty();
    if (real && gateway.isEmpty())
        return Error::invalid(QStringLiteral("threefold_grid.network is \"%1\" but the grid gateway (griddeck-gridd) is not running")
                                  .arg(config.threefoldGrid.network));
    QStringList problems;
    auto one = [&](const QString &key, const QString &value) -> QUrl {
        const bool gatewayKey = key == u"threefold_grid.deployer_url" || key == u"tft_conversion.wallet_url";
        if (real && gatewayKey && (value.trimmed().isEmpty() || isEmbedded(value)))
            return gateway;
        if (isEmbedded(value)) {
            if (embedded.isEmpty())
                problems << QStringLiteral("%1 is \"embedded\" but no embedded grid is running").arg(key);
            return embedded;
        }
        const QUrl url(value, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            problems << QStringLiteral("%1 must be \"embedded\" or an http(s) URL (got \"%2\")").arg(key, value);
        return url;
    };
    Endpoints e;
    e.gridProxy = one(QStringLiteral("threefold_grid.grid_proxy_url"), config.threefoldGrid.gridProxyUrl);
    e.deployer = real ? one(QStringLiteral("threefold_grid.deployer_url"), config.threefoldGrid.deployerUrl)
                      : one(config.threefoldGrid.deployerUrl.isEmpty() ? QStringLiteral("threefold_grid.grid_proxy_url")
                                                                        : QStringLiteral("threefold_grid.deployer_url"),
                            config.threefoldGrid.effectiveDeployerUrl());
    e.horizon = one(QStringLiteral("tft_conversion.horizon_url"), config.tftConversion.horizonUrl);
    e.coingecko = one(QStringLiteral("tft_conversion.coingecko_url"), config.tftConversion.coingeckoUrl);
    e.wallet = one(QStringLiteral("tft_conversion.wallet_url"), config.tftConversion.walletUrl);
    if (!config.threefoldGrid.graphqlUrl.trimmed().isEmpty()) {
        e.graphql = one(QStringLiteral("threefold_grid.graphql_url"), config.threefoldGrid.graphqlUrl);
        if (isEmbedded(config.threefoldGrid.graphqlUrl))
            e.graphql.setPath(QStringLiteral("/graphql"));
    }
    if (!problems.isEmpty())
        return Error::invalid(problems.join(QStringLiteral("; ")));
    return e;
}

EmbeddedGrid::EmbeddedGrid(SimOptions options)
    : m_options(std::move(options))
{
}

EmbeddedGrid::~EmbeddedGrid()
{
    if (!m_thread)
        return;
    if (m_sim) {
        GridSimulator *sim = m_sim;
        m_sim = nullptr;
        QMetaObject::invokeMethod(sim, [sim] { delete sim; }, Qt::BlockingQueuedConnection);
    }
    if (m_anchor) {
        QObject *anchor = m_anchor;
        m_anchor = nullptr;
        QMetaObject::invokeMethod(anchor, [anchor] { delete anchor; }, Qt::BlockingQueuedConnection);
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

Result<QUrl> EmbeddedGrid::start(quint16 port)
{
    if (m_sim)
        return m_url;
    if (!m_thread) {
        m_thread = new QThread;
        m_thread->setObjectName(QStringLiteral("griddeck-embedded-grid"));
        m_thread->start();
    }
    if (!m_anchor) {
        m_anchor = new QObject;
        m_anchor->moveToThread(m_thread);
    }
    // Created on its thread, so its QHttpServer and timers belong there.
    GridSimulator *sim = nullptr;
    QString error;
    const SimOptions options = m_options;
    QMetaObject::invokeMethod(
        m_anchor,
        [&] {
            auto *s = new GridSimulator(options);
            if (s->start(port)) {
                sim = s;
            } else {
                error = s->errorString();
                delete s;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!sim)
        return Error{ErrorKind::Internal, QStringLiteral("the embedded grid simulator did not start: %1").arg(error)};
    m_sim = sim;
    m_url = sim->url();
    return m_url;
}

SimFaults EmbeddedGrid::faults() const
{
    SimFaults out;
    if (m_sim)
        QMetaObject::invokeMethod(m_sim, [&] { out = m_sim->faults(); }, Qt::BlockingQueuedConnection);
    return out;
}

void EmbeddedGrid::setFaults(const SimFaults &faults)
{
    if (m_sim)
        QMetaObject::invokeMethod(m_sim, [&] { m_sim->setFaults(faults); }, Qt::BlockingQueuedConnection);
}

QJsonObject EmbeddedGrid::state() const
{
    QJsonObject out;
    if (m_sim)
        QMetaObject::invokeMethod(m_sim, [&] { out = m_sim->state(); }, Qt::BlockingQueuedConnection);
    return out;
}

int EmbeddedGrid::liveContractCount() const
{
    int n = 0;
    if (m_sim)
        QMetaObject::invokeMethod(m_sim, [&] { n = m_sim->liveContractCount(); }, Qt::BlockingQueuedConnection);
    return n;
}

int EmbeddedGrid::pendingReplyCount() const
{
    int n = 0;
    if (m_sim)
        QMetaObject::invokeMethod(m_sim, [&] { n = m_sim->pendingReplyCount(); }, Qt::BlockingQueuedConnection);
    return n;
}

} // namespace griddeck
