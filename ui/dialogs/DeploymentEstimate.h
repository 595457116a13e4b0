#pragma once
// The live estimate the New deployment dialog shows beside the form, computed without I/O:
// what the service costs on the grid per month (the cost estimator's cloud-unit formulas,
// times the node count of a Kubernetes cluster), the purchase that covers one month with the
// commission on top, and how the entered purchase splits into commission and grid payment and
// how much TFT that buys at the current rate (with the conversion buffer), exactly as the
// pipeline computes it when the job runs.

#include "domain/Money.h"
#include "domain/ServiceSpec.h"
#include "pricing/CostEstimator.h"

#include <QString>

#include <optional>

namespace griddeck::ui {

struct EstimateInputs
{
    ServiceSpec spec;
    std::optional<Tfc> amount;       // what the user entered, when it parses
    Percent commissionPercent = Percent::fromWhole(10);
    TfcPrice tfcUsdRate = TfcPrice::fromUnits(fixed::kRateScale);
    Percent bufferPercent = Percent::fromWhole(2);
    std::optional<TftPrice> tftPrice; // USD per TFT, when a price is known
    bool certifiedNode = false;
};

struct DeploymentEstimate
{
    std::optional<CostEstimate> cost; // the whole service, per month
    QString costError;                // why there is no cost (spec out of range)
    std::optional<Tfc> suggested;     // one month of grid cost plus commission, rounded up to 0.01
    std::optional<Tfc> amount;
    std::optional<Tfc> commission;
    std::optional<Tfc> gridPayment;
    std::optional<Usd> gridUsd;
    std::optional<Tft> tft;           // TFT bought for the grid payment, buffer included
    // How many months of the grid cost the grid payment covers, as "1.8" (one decimal).
    QString monthsCovered;
};

// CostEstimator's resources for one service: storage services put zdb, qsfs and s3 on HDD,
// everything else on SSD; a public IPv4 costs an IPU per node.
griddeck::CloudResources costResourcesOf(const ServiceSpec &spec);
// How many grid nodes the service occupies (Kubernetes: node_count).
qint64 nodeCountOf(const ServiceSpec &spec);

DeploymentEstimate estimateDeployment(const EstimateInputs &inputs);

} // namespace griddeck::ui
