#pragma once
// GET /contracts: the live contracts of the gateway (not cancelled; a stopped deployment keeps
// its contract), optionally only those whose deployment name starts with `name_prefix` — how an
// installation lists its own (GridDeck names every deployment "gd<installation>j<job>"). The
// real gateway serves the same listing; docs/grid-gateway-api.md.

#include "sim/SimDeployments.h"
#include "sim/SimReply.h"

#include <QUrlQuery>

namespace griddeck {

SimReply listContracts(const SimDeployments &deployments, const QUrlQuery &query);

} // namespace griddeck
