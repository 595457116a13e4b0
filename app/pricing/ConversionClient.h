#pragma once
// Executes a conversion plan on the TFT wallet: POST /wallet/convert with the job's
// idempotency key ("job-42-convert"), then checks the reply against the plan (slippage,
// delivery, spend). A re-run of the step after a crash repeats the same key, so the wallet
// answers with the first conversion instead of buying twice.

#include "grid/HttpClient.h"
#include "pricing/Conversion.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace griddeck {

class ConversionClient
{
public:
    using ResultCallback = std::function<void(Result<ConversionResult>)>;

    // `wallet`: the wallet service's base URL (the request goes to <wallet>/wallet/convert).
    ConversionClient(HttpClient http, QUrl wallet);

    QUrl convertUrl() const;

    // Asynchronous: `done` runs once, later, on the calling thread; with a `context`, not at all
    // if it is destroyed first. Errors: the HTTP error's kind (422 "cannot cover" is Permanent),
    // a malformed reply is Transient, the plan's checks as acceptConversion() says.
    void execute(const ConversionPlan &plan, qint64 jobId, ResultCallback done, QObject *context = nullptr) const;

    // Blocking, for pipeline worker threads only: refused (Permanent error) on the main thread.
    Result<ConversionResult> blockingExecute(const ConversionPlan &plan, qint64 jobId) const;

private:
    HttpClient m_http;
    QUrl m_wallet;
};

} // namespace griddeck
