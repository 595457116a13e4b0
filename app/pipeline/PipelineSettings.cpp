#include "pipeline/PipelineSettings.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>

namespace griddeck {

NotifySettings notifySettingsFrom(const Config &config)
{
    const auto &n = config.notifications;
    NotifySettings s;
    s.webhookEnabled = n.webhookEnabled;
    s.webhookUrl = n.webhookUrl;
    s.slackEnabled = n.slackEnabled;
    s.emailEnabled = n.emailEnabled;
    s.smtpHost = n.smtpHost;
    s.smtpPort = n.smtpPort;
    s.smtpUser = n.smtpUser;
    s.emailFrom = n.emailFrom;
    s.emailTo = n.emailTo;
    s.timeoutMs = config.threefoldGrid.requestTimeoutSeconds * 1000;
    return s;
}

QueueSettings queueSettingsFrom(const Config &config)
{
    QueueSettings q;
    q.maxQueueSize = config.deploymentQueue.maxQueueSize;
    q.retryAttempts = config.deploymentQueue.retryAttempts;
    q.commissionPercent = config.commission.percent;
    q.leaseSeconds = config.deploymentQueue.leaseSeconds;
    q.gridNetwork = config.threefoldGrid.network;
    return q;
}

QStringList countryNamesFromCodes(const QStringList &codes)
{
    QStringList names;
    for (const QString &code : codes) {
        const QLocale::Territory territory = QLocale::codeToTerritory(code);
        names << (territory == QLocale::AnyTerritory ? code : QLocale::territoryToString(territory));
    }
    return names;
}

PipelineSettings PipelineSettings::from(const Config &config, const EngineOptions &options)
{
    PipelineSettings s;
    const auto &q = config.deploymentQueue;
    s.retryDelaySeconds = q.retryDelaySeconds;
    s.retryMaxDelaySeconds = std::max(q.retryMaxDelaySeconds, q.retryDelaySeconds);
    s.readinessTimeoutSeconds = q.readinessTimeoutSeconds;
    s.leaseSeconds = q.leaseSeconds;
    s.requestTimeoutMs = config.threefoldGrid.requestTimeoutSeconds * 1000;
    s.maxRequestsPerHost = std::max(1, config.threefoldGrid.maxRequestsPerHost);
    s.minUptime = config.threefoldGrid.minUptimePercent;
    s.preferredCountries = countryNamesFromCodes(config.threefoldGrid.preferredCountries);
    s.twinId = config.threefoldGrid.twinId;
    s.oracle.sources = config.tftConversion.priceSources;
    s.oracle.maxSlippage = config.tftConversion.maxSlippagePercent;
    s.oracle.minSources = config.tftConversion.minPriceSources;
    s.oracle.buffer = config.tftConversion.conversionBufferPercent;
    s.tfcUsdRate = config.tftConversion.tfcUsdRate;
    s.notify = notifySettingsFrom(config);
    s.queue = queueSettingsFrom(config);
    s.readinessPollMinMs = std::max(1, options.readinessPollMinMs);
    s.readinessPollMaxMs = std::max(s.readinessPollMinMs, options.readinessPollMaxMs);
    s.tcpProbeTimeoutMs = std::max(100, options.tcpProbeTimeoutMs);
    s.nodeListReuseMs = std::max(0, options.nodeListReuseMs);
    s.outboxRetryMinMs = options.outboxRetryMinMs >= 0 ? options.outboxRetryMinMs
                                                       : std::max(1, q.retryDelaySeconds) * 1000;
    return s;
}

namespace retry {

qint64 delayMs(int attempt, int baseSeconds, int maxSeconds)
{
    if (baseSeconds <= 0)
        return 0;
    const qint64 capMs = qint64(std::max(baseSeconds, maxSeconds)) * 1000;
    qint64 ms = qint64(baseSeconds) * 1000;
    for (int i = 0; i < attempt && ms < capMs; ++i)
        ms *= 2;
    ms = std::min(ms, capMs);
    // ±20 %: workers that failed together do not all come back at the same instant.
    const qint64 spread = ms / 5;
    if (spread > 0)
        ms += QRandomGenerator::global()->bounded(2 * spread + 1) - spread;
    return std::max<qint64>(0, ms);
}

qint64 readinessPollMs(qint64 waitedMs, qint64 expectedMs, int intervalMs, int maxMs)
{
    const qint64 interval = std::max(1, intervalMs);
    if (expectedMs > waitedMs)
        return std::min<qint64>(expectedMs - waitedMs, std::max<qint64>(interval, maxMs));
    // ±20 %: deployments created together do not all poll at the same instant.
    const qint64 spread = interval / 5;
    return spread > 0 ? interval + QRandomGenerator::global()->bounded(2 * spread + 1) - spread : interval;
}

} // namespace retry

} // namespace griddeck
