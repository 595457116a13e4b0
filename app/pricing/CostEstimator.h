#pragma once
// What a deployment costs on the grid, from the official cloud-unit formulas (DESIGN.md,
// docs/pricing.md), with MRU/SRU/HRU in GB:
//   CU  = min(max(MRU/4, CRU/2), max(MRU/8, CRU), max(MRU/2, CRU/4))
//   SU  = HRU/1200 + SRU/200
//   IPU = public IPv4 addresses
//   USD/month = (CU·cu + SU·su + IPU·ipu) × 24 × 30, × 1.25 on certified nodes,
//               + the node's extra fee (mUSD/month ÷ 1000) when we rent it
// Everything is exact rational arithmetic on integers; the only roundings (half-to-even) are
// the results: CU and SU shown with 7 decimals, USD/month to 7 decimals, and TFT/month =
// USD/month (as rounded) ÷ the TFT price, to 7 decimals.

#include "domain/Money.h"
#include "domain/Result.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace griddeck {

struct CloudResources
{
    std::int64_t cpu = 0;       // CRU: virtual cores
    std::int64_t memoryGb = 0;  // MRU
    std::int64_t storageGb = 0; // SRU: SSD
    std::int64_t hddGb = 0;     // HRU
    std::int64_t ipv4 = 0;      // public IPv4 addresses
    // A rented node's extra fee (the proxy's `extraFee`), mUSD per month, added as it is: TFChain
    // bills it with the rent contract, without the certified markup (pallet-smart-contract
    // cost.rs, calculate_extra_fee_cost_units_usd).
    std::int64_t extraFeeMusdMonth = 0;
};

// TFChain's default pricing policy, USD per unit per hour.
struct CloudUnitPrices
{
    Usd cuPerHour = Usd::fromUnits(100'000);  // 0.010
    Usd suPerHour = Usd::fromUnits(50'000);   // 0.005
    Usd ipuPerHour = Usd::fromUnits(40'000);  // 0.004
    Percent certifiedMarkup = Percent::fromUnits(250'000'000); // 25 %
};

// A non-negative count with 7 decimals (cloud units are not money, but use the same scale).
struct UnitCount
{
    std::int64_t units = 0; // 10^-7
    QString toString() const { return fixed::formatDecimal(units, fixed::kAmountDecimals, fixed::kAmountDecimals); }
    auto operator<=>(const UnitCount &) const = default;
};

struct CostEstimate
{
    UnitCount cu;
    UnitCount su;
    std::int64_t ipu = 0;
    Usd usdMonth;
    std::optional<Tft> tftMonth; // when a TFT price was given

    // {"cu", "su", "ipu", "usd_month", "tft_month"} as decimal strings ("tft_month" null
    // without a price).
    QJsonObject toJson() const;
};

// Each field 0 or more and within a sane bound (cpu <= 100000, GB <= 10^8, ipv4 <= 10000).
Result<void> validateCloudResources(const CloudResources &request);

// InvalidInput when the request fails validateCloudResources or a result is out of range.
Result<CostEstimate> estimateCost(const CloudResources &request, bool certified, std::optional<TftPrice> rate,
                                  const CloudUnitPrices &prices = {});

} // namespace griddeck
