#include "ui/panes/PaneData.h"

#include "pipeline/PipelineEngine.h"
#include "pricing/PricingConfig.h"
#include "ui/AppController.h"

namespace griddeck::ui {

QUrl embeddedGridUrl(AppController &app)
{
    if (PipelineEngine *engine = app.engine(); engine && engine->embeddedGrid() && engine->embeddedGrid()->isRunning())
        return engine->embeddedGrid()->url();
    return QUrl();
}

namespace {

// The resolver's sentence, made plainer when the only trouble is that no simulator runs.
Error explained(const Error &error, const QUrl &embedded)
{
    if (embedded.isEmpty() && error.message.contains(QLatin1String("not running")))
        return Error::refused(QObject::tr("The embedded grid simulator is not running (it starts with the pipeline "
                                          "engine): set real URLs in Settings, or start the engine."));
    return error;
}

} // namespace

Result<QUrl> gridProxyUrl(AppController &app)
{
    const QUrl embedded = embeddedGridUrl(app);
    auto url = resolveServiceUrl(app.config().threefoldGrid.gridProxyUrl, embedded, QStringLiteral("threefold_grid.grid_proxy_url"));
    if (!url.ok())
        return explained(url.error(), embedded);
    return url;
}

Result<QUrl> walletUrl(AppController &app)
{
    const QUrl embedded = embeddedGridUrl(app);
    auto url = walletUrlFrom(app.config(), embedded);
    if (!url.ok())
        return explained(url.error(), embedded);
    return url;
}

Result<PriceFeedEndpoints> priceFeeds(AppController &app)
{
    const QUrl embedded = embeddedGridUrl(app);
    auto feeds = priceFeedEndpointsFrom(app.config(), embedded);
    if (!feeds.ok())
        return explained(feeds.error(), embedded);
    return feeds;
}

} // namespace griddeck::ui
