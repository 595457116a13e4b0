#pragma once
// Where the remote services are, for the dialogs and panes (endpoint resolution is cheap and
// runs anywhere); the store's price readers they also use live in models/PriceReaders.h.

#include "domain/Result.h"
#include "models/PriceReaders.h"
#include "pricing/PriceOracle.h"
#include "pricing/Oracle.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUrl>

#include <optional>

namespace griddeck::ui {

class AppController;

// The configured URLs with "embedded" resolved to the in-process simulator the pipeline
// engine runs; each is resolved on its own, so one service pointed at a real URL works while
// the others wait for the engine. An error naming the key when a URL is "embedded" and no
// engine runs the simulator.
QUrl embeddedGridUrl(AppController &app); // empty while no simulator runs
Result<QUrl> gridProxyUrl(AppController &app);
Result<QUrl> walletUrl(AppController &app);
Result<PriceFeedEndpoints> priceFeeds(AppController &app);

} // namespace griddeck::ui
