#pragma once
// POST /api/purchases: a shop's confirmed payment becomes a queued job, once per payment id.
//
// The payment id is claimed (api_purchases) before the job is queued: a repeated request with
// the same body answers with the first job, a different body under the same id is a conflict,
// and a crash between the claim and the job leaves a claim without a job, which a retry reports
// instead of charging twice. A refused enqueue (no such user, too few credits, queue full)
// frees the claim, so the shop may send the same payment again once it is fixed.

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
