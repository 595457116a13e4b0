#pragma once
// Fault injection settings (POST /_sim/faults) and the seeded decisions drawn from them.
// Rates are probabilities (doubles are fine: no money here); price skews are fixed-point
// percentages because they move prices.

#include "domain/Money.h"
#include "domain/Result.h"
#include "sim/SimRng.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace griddeck {

struct SimFaults
{
    double errorRate = 0;       // random 500/503 on any non-/_sim endpoint
    double timeoutRate = 0;     // never answer (the work is done, the reply is lost)
    double malformedRate = 0;   // 200 with a truncated JSON body (the work is done)
    double deployErrorRate = 0; // a new deployment ends in `error` instead of `ok`
    double healthFailRate = 0;  // GET /deployments/{id}/health answers unhealthy
    int latencyMs = 0;          // added before every non-/_sim reply
    int readyDelayMs = 2000;    // init → ok for new deployments
    QMap<QString, Percent> priceSkewPercent; // per source (dex, coingecko, grid_stats); may be negative
    QStringList sourceDown;                  // these price feeds answer 503
    Percent walletSlippagePercent;           // the wallet executes this much above the dex price

    static const QStringList &sourceNames();

    QJsonObject toJson() const;
    // This with `patch` merged in; unknown keys and out-of-range values are errors naming the key,
    // and then nothing changes.
    Result<SimFaults> merged(const QJsonObject &patch) const;
    bool operator==(const SimFaults &other) const = default;
};

// The decisions taken for one request, drawn from the fault RNG in request order. Every
// request draws the same number of values whatever the rates, so one seed and one request
// sequence always give the same decisions.
struct SimFaultDraw
{
    bool error = false;
    int errorStatus = 500;
    bool timeout = false;
    bool malformed = false;
};

class SimFaultDice
{
public:
    explicit SimFaultDice(quint64 seed) { reseed(seed); }
    void reseed(quint64 seed) { m_rng.reseed(SimRng::mix(seed) ^ 0x6661756c74730001ULL); }
    SimFaultDraw drawRequest(const SimFaults &faults);
    bool chance(double probability) { return m_rng.chance(probability); }
    qint64 range(qint64 lo, qint64 hi) { return m_rng.range(lo, hi); }

private:
    SimRng m_rng;
};

} // namespace griddeck
