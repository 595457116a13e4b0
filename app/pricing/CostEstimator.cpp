#include "pricing/CostEstimator.h"

#include <algorithm>

namespace griddeck {

namespace {

constexpr std::int64_t kMaxCpu = 100'000;
constexpr std::int64_t kMaxGb = 100'000'000;
constexpr std::int64_t kMaxIpv4 = 10'000;
constexpr std::int64_t kMaxExtraFeeMusd = 1'000'000'000; // 1,000,000 USD a month
// Bounds on the policy so every intermediate below stays far inside 128 bits.
constexpr std::int64_t kMaxPricePerHourUnits = 1000 * fixed::kAmountScale; // 1,000 USD/hour
constexpr std::int64_t kMaxMarkupUnits = 1000 * fixed::kAmountScale;       // 1,000 %
constexpr std::int64_t kHoursPerMonth = 24 * 30;

Result<void> checkRange(const char *field, std::int64_t value, std::int64_t max)
{
    if (value < 0 || value > max)
        return Error::invalid(QStringLiteral("%1 is %2; it must be between 0 and %3").arg(QLatin1String(field)).arg(value).arg(max));
    return {};
}

Result<void> validatePrices(const CloudUnitPrices &prices)
{
    const std::pair<const char *, Usd> list[] = {
        {"the CU price", prices.cuPerHour}, {"the SU price", prices.suPerHour}, {"the IPU price", prices.ipuPerHour}};
    for (const auto &[name, price] : list)
        if (price.isNegative() || price.units() > kMaxPricePerHourUnits)
            return Error::invalid(QStringLiteral("%1 is %2 USD/hour; it must be between 0 and 1000")
                                      .arg(QLatin1String(name), price.toString()));
    if (prices.certifiedMarkup.units() < 0 || prices.certifiedMarkup.units() > kMaxMarkupUnits)
        return Error::invalid(QStringLiteral("the certified markup is %1%; it must be between 0 and 1000")
                                  .arg(prices.certifiedMarkup.toString()));
    return {};
}

} // namespace

Result<void> validateCloudResources(const CloudResources &request)
{
    for (auto check : {checkRange("cpu", request.cpu, kMaxCpu), checkRange("memory (GB)", request.memoryGb, kMaxGb),
                       checkRange("storage (SSD GB)", request.storageGb, kMaxGb),
                       checkRange("hdd (GB)", request.hddGb, kMaxGb), checkRange("ipv4", request.ipv4, kMaxIpv4),
                       checkRange("extra fee (mUSD/month)", request.extraFeeMusdMonth, kMaxExtraFeeMusd)})
        if (!check)
            return check;
    return {};
}

Result<CostEstimate> estimateCost(const CloudResources &request, bool certified, std::optional<TftPrice> rate,
                                  const CloudUnitPrices &prices)
{
    if (auto valid = validateCloudResources(request); !valid)
        return valid.error();
    if (auto valid = validatePrices(prices); !valid)
        return valid.error();
    if (rate && !rate->isValid())
        return Error::invalid(QStringLiteral("the TFT price is %1; it must be more than zero").arg(rate->toString()));

    const __int128 m = request.memoryGb;
    const __int128 c = request.cpu;
    // 8·CU: each term of the formula times 8 is an integer (MRU/4 → 2M, CRU/2 → 4C, ...).
    const __int128 cuTimes8 = std::min({std::max(2 * m, 4 * c), std::max(m, 8 * c), std::max(4 * m, 2 * c)});
    // 1200·SU = HRU + 6·SRU.
    const __int128 suTimes1200 = static_cast<__int128>(request.hddGb) + 6 * static_cast<__int128>(request.storageGb);

    CostEstimate estimate;
    estimate.cu.units = fixed::divideHalfEven(cuTimes8 * fixed::kAmountScale, 8); // exact: 10^7 / 8 is whole
    estimate.su.units = fixed::divideHalfEven(suTimes1200 * fixed::kAmountScale, 1200);
    estimate.ipu = request.ipv4;

    // USD per hour × 1200, in 10^-7 USD: 8·CU·150·cu + 1200·SU·su + IPU·1200·ipu.
    const __int128 hourlyTimes1200 = cuTimes8 * 150 * prices.cuPerHour.units()
                                     + suTimes1200 * prices.suPerHour.units()
                                     + static_cast<__int128>(request.ipv4) * 1200 * prices.ipuPerHour.units();
    __int128 numerator = hourlyTimes1200 * kHoursPerMonth;
    __int128 denominator = 1200;
    if (certified) {
        const __int128 whole = static_cast<__int128>(100) * fixed::kAmountScale;
        numerator *= whole + prices.certifiedMarkup.units();
        denominator *= whole;
    }
    // The extra fee: mUSD → 10^-7 USD is × 10^4, exact.
    numerator += static_cast<__int128>(request.extraFeeMusdMonth) * 10'000 * denominator;
    try {
        estimate.usdMonth = Usd::fromUnits(fixed::divideHalfEven(numerator, denominator));
        if (rate)
            estimate.tftMonth = rate->invert(estimate.usdMonth);
    } catch (const MoneyOverflow &) {
        return Error::invalid(QStringLiteral("the cost of this request is too large to express"));
    }
    return estimate;
}

QJsonObject CostEstimate::toJson() const
{
    return QJsonObject{
        {QStringLiteral("cu"), cu.toString()},
        {QStringLiteral("su"), su.toString()},
        {QStringLiteral("ipu"), QString::number(ipu)},
        {QStringLiteral("usd_month"), usdMonth.toString()},
        {QStringLiteral("tft_month"), tftMonth ? QJsonValue(tftMonth->toString()) : QJsonValue()},
    };
}

} // namespace griddeck
