#include "pricing/ConversionClient.h"


namespace griddeck {

ConversionClient::ConversionClient(HttpClient http, QUrl wallet)
    : m_http(http)
    , m_wallet(std::move(wallet))
{
}

QUrl ConversionClient::convertUrl() const
{
    if (m_wallet.isEmpty())
        return {};
    QUrl url = m_wallet;
    QString prefix = url.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + QStringLiteral("/wallet/convert"));
    return url;
}

void ConversionClient::execute(const ConversionPlan &plan, qint64 jobId, ResultCallback done, QObject *context) const
{
    HttpRequestOptions options;
    options.context = context;
    options.expectJson = false; // parseConversionReply names the field that is wrong
    m_http.post(
        convertUrl(), conversionRequestBody(plan, jobId), conversionIdempotencyKey(jobId).toUtf8(),
        [plan, done = std::move(done)](HttpResult reply) {
            if (!reply.ok()) {
                done(reply.error().toError());
                return;
            }
            auto result = parseConversionReply(reply.value().body);
            if (!result) {
                done(result.error());
                return;
            }
            done(acceptConversion(result.value(), plan));
        },
        options);
}

Result<ConversionResult> ConversionClient::blockingExecute(const ConversionPlan &plan, qint64 jobId) const
{
    auto result = HttpClient::waitOnWorker<Result<ConversionResult>>(
        [&](auto done) { execute(plan, jobId, std::move(done)); });
    if (!result)
        return Error{ErrorKind::Permanent, HttpClient::mainThreadRefusal("ConversionClient::blockingExecute")};
    return std::move(*result);
}

} // namespace griddeck
