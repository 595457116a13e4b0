#pragma once
// POST /api/purchases: a shop's confirmed payment becomes a queued job, once per payment id.
//
// The payment id (api_purchases) and the job with its hold are written in one transaction: a
// repeated request with the same body answers with the first job, a different body under the
// same id is a conflict, and a refused enqueue (no such user, too few credits, queue full)
// writes nothing, so the shop may send the same payment again once it is fixed.
//
// Recovery: an earlier version claimed the payment id, then queued the job, then linked them,
// each in its own transaction. A crash in between left a claim without a job. The next POST of
// that payment (same body) completes it: it links the job that was queued before the crash (same
// user, amount and spec, queued by the same token after the claim, linked to no payment), or
// queues it now. Never a second hold. `griddeckctl purchases` lists such claims.

#include "domain/Result.h"
#include "queue/JobQueue.h"
#include "store/Store.h"

#include <QJsonObject>
#include <memory>

namespace griddeck {

struct PurchaseOutcome
{
    qint64 jobId = 0;
    bool replayed = false; // the same payment was seen before: nothing new was queued
};

class ApiPurchases
{
public:
    static constexpr int kMaxPaymentIdLength = 128;

    ApiPurchases(std::shared_ptr<Store> store, JobQueue &queue, Ledger &ledger,
        const Clock &clock = SystemClock::instance());

    // `body` is the parsed request; InvalidInput errors name the field (the API answers 422),
    // Conflict when the payment id was used for another purchase (409).
    Result<PurchaseOutcome> purchase(const QJsonObject &body, qint64 tokenId, const QString &actor);

private:
    std::shared_ptr<Store> m_store;
    JobQueue &m_queue;
    Ledger &m_ledger;
    const Clock &m_clock;
};

} // namespace griddeck
