#include "sim/SimFaults.h"

#include "sim/SimReply.h"

#include <QJsonArray>

#include <cmath>

namespace griddeck {

namespace {

double percentNumber(Percent p)
{
    return double(p.units()) / double(fixed::kAmountScale);
}

// A percentage from a JSON number (20, -5.5) or decimal string ("20"), to 7 places.
std::optional<Percent> readPercent(const QJsonValue &v, double min, double max, const QString &name, QString *error)
{
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        d = v.toString().toDouble(&ok);
        if (!ok) {
            *error = QStringLiteral("%1 must be a number of percent (got \"%2\")").arg(name, v.toString());
            return std::nullopt;
        }
    } else {
        *error = QStringLiteral("%1 must be a number of percent").arg(name);
        return std::nullopt;
    }
    if (!std::isfinite(d) || d < min || d > max) {
        *error = QStringLiteral("%1 must be between %2 and %3 percent (got %4)").arg(name).arg(min).arg(max).arg(d);
        return std::nullopt;
    }
    return Percent::fromUnits(std::llround(d * double(fixed::kAmountScale)));
}

} // namespace

const QStringList &SimFaults::sourceNames()
{
    static const QStringList names = {QStringLiteral("dex"), QStringLiteral("coingecko"), QStringLiteral("grid_stats")};
    return names;
}

QJsonObject SimFaults::toJson() const
{
    QJsonObject skew;
    for (auto it = priceSkewPercent.cbegin(); it != priceSkewPercent.cend(); ++it)
        skew.insert(it.key(), percentNumber(it.value()));
    return {{QStringLiteral("error_rate"), errorRate},
            {QStringLiteral("timeout_rate"), timeoutRate},
            {QStringLiteral("malformed_rate"), malformedRate},
            {QStringLiteral("deploy_error_rate"), deployErrorRate},
            {QStringLiteral("health_fail_rate"), healthFailRate},
            {QStringLiteral("latency_ms"), latencyMs},
            {QStringLiteral("ready_delay_ms"), readyDelayMs},
            {QStringLiteral("price_skew_percent"), skew},
            {QStringLiteral("source_down"), QJsonArray::fromStringList(sourceDown)},
            {QStringLiteral("wallet_slippage_percent"), percentNumber(walletSlippagePercent)}};
}

Result<SimFaults> SimFaults::merged(const QJsonObject &patch) const
{
    static const QStringList known = {
        QStringLiteral("error_rate"),       QStringLiteral("timeout_rate"),       QStringLiteral("malformed_rate"),
        QStringLiteral("deploy_error_rate"), QStringLiteral("health_fail_rate"),  QStringLiteral("latency_ms"),
        QStringLiteral("ready_delay_ms"),   QStringLiteral("price_skew_percent"), QStringLiteral("source_down"),
        QStringLiteral("wallet_slippage_percent")};
    for (auto it = patch.constBegin(); it != patch.constEnd(); ++it)
        if (!known.contains(it.key()))
            return Error::invalid(QStringLiteral("unknown fault setting \"%1\" (known: %2)")
                                      .arg(it.key(), known.join(QStringLiteral(", "))));

    SimFaults out = *this;
    SimFields f(patch);
    out.errorRate = f.number(QStringLiteral("error_rate"), 0, 1, errorRate);
    out.timeoutRate = f.number(QStringLiteral("timeout_rate"), 0, 1, timeoutRate);
    out.malformedRate = f.number(QStringLiteral("malformed_rate"), 0, 1, malformedRate);
    out.deployErrorRate = f.number(QStringLiteral("deploy_error_rate"), 0, 1, deployErrorRate);
    out.healthFailRate = f.number(QStringLiteral("health_fail_rate"), 0, 1, healthFailRate);
    out.latencyMs = int(f.integer(QStringLiteral("latency_ms"), 0, 600000, latencyMs));
    out.readyDelayMs = int(f.integer(QStringLiteral("ready_delay_ms"), 0, 3600000, readyDelayMs));
    const QJsonObject skew = f.object(QStringLiteral("price_skew_percent"));
    const QJsonArray down = f.array(QStringLiteral("source_down"), false);
    if (!f.ok())
        return Error::invalid(f.error());

    QString error;
    if (patch.contains(QStringLiteral("price_skew_percent"))) {
        // The object given replaces the skews; {} clears them.
        out.priceSkewPercent.clear();
        for (auto it = skew.constBegin(); it != skew.constEnd(); ++it) {
            if (!sourceNames().contains(it.key()))
                return Error::invalid(QStringLiteral("price_skew_percent names an unknown source \"%1\" (known: %2)")
                                          .arg(it.key(), sourceNames().join(QStringLiteral(", "))));
            const auto p = readPercent(it.value(), -90, 1000, QStringLiteral("price_skew_percent.") + it.key(), &error);
            if (!p)
                return Error::invalid(error);
            if (p->units() != 0)
                out.priceSkewPercent.insert(it.key(), *p);
        }
    }
    if (patch.contains(QStringLiteral("source_down"))) {
        out.sourceDown.clear();
        for (const QJsonValue &v : down) {
            if (!v.isString() || !sourceNames().contains(v.toString()))
                return Error::invalid(QStringLiteral("source_down may only list %1").arg(sourceNames().join(QStringLiteral(", "))));
            if (!out.sourceDown.contains(v.toString()))
                out.sourceDown.append(v.toString());
        }
    }
    if (patch.contains(QStringLiteral("wallet_slippage_percent"))) {
        const auto p = readPercent(patch.value(QStringLiteral("wallet_slippage_percent")), 0, 100,
                                   QStringLiteral("wallet_slippage_percent"), &error);
        if (!p)
            return Error::invalid(error);
        out.walletSlippagePercent = *p;
    }
    return out;
}

SimFaultDraw SimFaultDice::drawRequest(const SimFaults &faults)
{
    SimFaultDraw d;
    d.error = m_rng.chance(faults.errorRate);
    d.errorStatus = m_rng.range(0, 1) == 0 ? 500 : 503;
    d.timeout = m_rng.chance(faults.timeoutRate);
    d.malformed = m_rng.chance(faults.malformedRate);
    return d;
}

} // namespace griddeck
