#pragma once
// From a paid purchase to TFT on the wallet, without I/O: the commission split, the
// conversion plan (how much USD the grid payment is worth and how much TFT to buy for it), the
// wallet request and the checks on its reply (slippage, short delivery, overspending).
// ConversionClient.h does the HTTP.

#include "domain/Money.h"
#include "domain/Result.h"
#include "pricing/Oracle.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace griddeck {

// commission = commissionPercent of the purchase (half-to-even); grid = purchase - commission,
// so the two always add up to the purchase exactly.
struct CommissionSplit
{
    Tfc commission;
    Tfc grid;

    static CommissionSplit split(Tfc purchase, Percent commissionPercent);
};

struct ConversionPlan
{
    Tfc gridPayment;      // TFC left for the grid after commission
    TfcPrice tfcUsdRate;  // tfc_usd_rate: USD per TFC
    Usd gridUsd;          // = tfcUsdRate.convert(gridPayment)
    TftPrice rate;        // the quote's rate, USD per TFT
    Percent buffer;       // conversion_buffer_percent
    Percent maxSlippage;  // max_slippage_percent
    Tft tftNeeded;        // = buffer.grow(rate.invert(gridUsd))
    // The most the wallet may charge: tftNeeded at the quoted rate, plus max_slippage_percent.
    Usd usdLimit;

    // {"grid_payment_tfc", "tfc_usd_rate", "grid_usd", "rate", "buffer_percent",
    //  "max_slippage_percent", "tft_needed", "usd_limit"}, all decimal strings.
    QJsonObject toJson() const;
    static Result<ConversionPlan> fromJson(const QJsonObject &json);
};

// Fails (InvalidInput) on a non-positive grid payment or rate, or amounts out of range.
Result<ConversionPlan> planConversion(const Quote &quote, Tfc gridPayment, TfcPrice tfcUsdRate);

struct ConversionResult
{
    QString txId;
    Tft tftReceived;
    Usd usdSpent;
    TftPrice rate; // executed: USD per TFT

    // {"tx_id", "tft_received", "usd_spent", "rate"} (the wallet's reply format).
    QJsonObject toJson() const;
};

// "job-42-convert": a re-run of the step after a crash buys nothing twice.
QString conversionIdempotencyKey(qint64 jobId);
// POST /wallet/convert body: {"usd_amount": usdLimit, "tft_amount": tftNeeded, "job_id": 42}.
QJsonObject conversionRequestBody(const ConversionPlan &plan, qint64 jobId);
// The wallet's 200 reply; a malformed one is Transient (the same key can be asked again).
Result<ConversionResult> parseConversionReply(QByteArrayView body);

// Refused when `executed` is worse (more USD per TFT) than `quoted` by more than `maxSlippage`:
// "executed rate 0.0112 is 10.9% worse than the quoted 0.0101 (max_slippage_percent 5)".
Result<void> checkSlippage(TftPrice executed, TftPrice quoted, Percent maxSlippage);

// The reply against the plan: slippage (Refused), fewer TFT than ordered or more USD than the
// limit (Permanent: the wallet broke the order's terms).
Result<ConversionResult> acceptConversion(const ConversionResult &result, const ConversionPlan &plan);

} // namespace griddeck
