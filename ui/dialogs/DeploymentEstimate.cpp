#include "ui/dialogs/DeploymentEstimate.h"

#include "pricing/Conversion.h"

namespace griddeck::ui {

namespace {

constexpr std::int64_t kCent = fixed::kAmountScale / 100;

// Rounds up to whole cents: a suggested price a person can type, never short of the cost.
Tfc ceilToCents(Tfc amount)
{
    const std::int64_t units = amount.units();
    const std::int64_t rest = units % kCent;
    return rest == 0 ? amount : Tfc::fromUnits(units - rest + kCent);
}

} // namespace

griddeck::CloudResources costResourcesOf(const ServiceSpec &spec)
{
    griddeck::CloudResources r;
    r.cpu = spec.cpuCores;
    r.memoryGb = spec.memoryGb;
    const auto *storage = spec.as<StorageService>();
    const bool hdd = storage && storage->storageType != QLatin1String("volume");
    (hdd ? r.hddGb : r.storageGb) = spec.storageGb;
    r.ipv4 = spec.networkConfig.publicIpv4 ? 1 : 0;
    return r;
}

qint64 nodeCountOf(const ServiceSpec &spec)
{
    if (const auto *k8s = spec.as<KubernetesService>())
        return qMax<qint64>(1, k8s->nodeCount);
    return 1;
}

DeploymentEstimate estimateDeployment(const EstimateInputs &in)
{
    DeploymentEstimate out;
    try {
        const qint64 nodes = nodeCountOf(in.spec);
        auto perNode = estimateCost(costResourcesOf(in.spec), in.certifiedNode, in.tftPrice);
        if (!perNode.ok()) {
            out.costError = perNode.error().message;
        } else if (in.spec.cpuCores < 1 || in.spec.memoryGb < 1 || in.spec.storageGb < 1) {
            out.costError = QStringLiteral("enter CPU, memory and storage to see the grid cost");
        } else {
            CostEstimate cost = perNode.value();
            cost.cu.units *= nodes;
            cost.su.units *= nodes;
            cost.ipu *= nodes;
            cost.usdMonth = cost.usdMonth.timesCount(nodes);
            if (cost.tftMonth)
                cost.tftMonth = cost.tftMonth->timesCount(nodes);
            out.cost = cost;
            // One month of grid payment in TFC, then grossed up so that after the commission
            // the grid payment still covers it: purchase = grid × 100 / (100 − commission).
            if (in.tfcUsdRate.isValid() && in.commissionPercent < Percent::fromWhole(100)) {
                const Tfc gridTfc = in.tfcUsdRate.invert(cost.usdMonth);
                const __int128 hundred = static_cast<__int128>(fixed::kAmountScale) * 100;
                const __int128 num = static_cast<__int128>(gridTfc.units()) * hundred;
                const __int128 den = hundred - in.commissionPercent.units();
                __int128 purchase = num / den + (num % den != 0 ? 1 : 0);
                Tfc suggested = ceilToCents(Tfc::fromUnits(static_cast<std::int64_t>(purchase)));
                // The pipeline's split rounds half-to-even; make sure it really covers the month.
                while (CommissionSplit::split(suggested, in.commissionPercent).grid < gridTfc)
                    suggested += Tfc::fromUnits(kCent);
                out.suggested = suggested;
            }
        }

        if (in.amount && in.amount->isPositive()) {
            out.amount = *in.amount;
            const CommissionSplit split = CommissionSplit::split(*in.amount, in.commissionPercent);
            out.commission = split.commission;
            out.gridPayment = split.grid;
            if (in.tfcUsdRate.isValid()) {
                out.gridUsd = in.tfcUsdRate.convert(split.grid);
                if (in.tftPrice && in.tftPrice->isValid())
                    out.tft = in.bufferPercent.grow(in.tftPrice->invert(*out.gridUsd));
                if (out.cost && out.cost->usdMonth.isPositive()) {
                    // gridUsd / usdMonth with one decimal, rounded down (never overstate it).
                    const __int128 tenths = static_cast<__int128>(out.gridUsd->units()) * 10 / out.cost->usdMonth.units();
                    const auto whole = static_cast<qint64>(tenths / 10);
                    out.monthsCovered = QStringLiteral("%1.%2").arg(whole).arg(static_cast<int>(tenths % 10));
                }
            }
        }
    } catch (const MoneyOverflow &) {
        // Absurd inputs (the form's fields are bounded, so only by hand): no estimate.
        out = DeploymentEstimate();
        out.costError = QStringLiteral("the amounts are too large to estimate");
    }
    return out;
}

} // namespace griddeck::ui
