#pragma once
// Where the pipeline's remote services are, and the embedded grid simulator.
//
// Any endpoint URL in the config may be "embedded" (the default): then one GridSimulator is
// started in-process on 127.0.0.1, on a free port, on ITS OWN QThread, so the simulator's
// HTTP handling never runs on the GUI thread nor on a worker, and every "embedded" URL
// resolves to it. Real endpoints are one config change away.

#include "config/Config.h"
#include "domain/Result.h"
#include "sim/GridSimulator.h"

#include <QJsonObject>
#include <QUrl>

#include <memory>

class QThread;

namespace griddeck {

struct Endpoints
{
    QUrl gridProxy; // GET /nodes
    QUrl deployer;  // /deployments, /tft_price
    QUrl horizon;   // dex price source
    QUrl coingecko;
    QUrl wallet;    // POST /wallet/convert
    QUrl graphql;   // TFChain indexer (uptime); empty = none

    // True when any endpoint of `config` says "embedded" (and no real network replaces it).
    static bool needsEmbedded(const Config &config);
    // Each URL of the config, "embedded" replaced by `embedded`. InvalidInput naming the key
    // when a URL is neither "embedded" nor http(s), or "embedded" with no simulator given.
    // With [threefold_grid] network set, `gateway` (griddeck-gridd) serves the deployer and the
    // wallet left ""/"embedded", and the other "embedded" URLs become the network's services.
    static Result<Endpoints> resolve(const Config &config, const QUrl &embedded = QUrl(), const QUrl &gateway = QUrl());
    // A real network's URL for a service GridDeck calls itself ("gridproxy", "graphql",
    // "horizon", "coingecko"); empty for no network.
    static QString realServiceUrl(const QString &network, const QString &service);
    // The config with the network's URLs in place of "embedded" (the gateway's keys stay).
    static Config withRealServices(const Config &config);
};

// A GridSimulator on its own thread. Every method is called from the owner's thread (GUI, CLI
// main or a test); the calls that read or change the simulator wait briefly for its thread
// (no network involved, just the simulator's in-memory state).
class EmbeddedGrid
{
public:
    explicit EmbeddedGrid(SimOptions options = SimOptions());
    ~EmbeddedGrid(); // stops the simulator and joins its thread
    EmbeddedGrid(const EmbeddedGrid &) = delete;
    EmbeddedGrid &operator=(const EmbeddedGrid &) = delete;

    // Starts the thread and listens on 127.0.0.1:port (0 = any free port).
    Result<QUrl> start(quint16 port = 0);
    bool isRunning() const { return m_sim != nullptr; }
    QUrl url() const { return m_url; }

    SimFaults faults() const;
    void setFaults(const SimFaults &faults);
    QJsonObject state() const; // as GET /_sim/state
    int liveContractCount() const;
    int pendingReplyCount() const; // requests held unanswered (timeout faults) right now

private:
    SimOptions m_options;
    QThread *m_thread = nullptr;
    QObject *m_anchor = nullptr;    // lives on m_thread: where the simulator is created
    GridSimulator *m_sim = nullptr; // lives on m_thread
    QUrl m_url;
};

} // namespace griddeck
