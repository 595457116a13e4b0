#include "pricing/Conversion.h"

#include "pricing/Format.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace griddeck {

namespace fmt = pricing_format;

CommissionSplit CommissionSplit::split(Tfc purchase, Percent commissionPercent)
{
    const Tfc commission = commissionPercent.of(purchase);
    return {commission, purchase - commission};
}

Result<ConversionPlan> planConversion(const Quote &quote, Tfc gridPayment, TfcPrice tfcUsdRate)
{
    if (!gridPayment.isPositive())
        return Error::invalid(QStringLiteral("the grid payment is %1 TFC; it must be more than zero").arg(gridPayment.toString()));
    if (!tfcUsdRate.isValid())
        return Error::invalid(QStringLiteral("tfc_usd_rate is %1; it must be more than zero").arg(tfcUsdRate.toString()));
    if (!quote.rate.isValid())
        return Error::invalid(QStringLiteral("the quote's TFT price is %1; it must be more than zero").arg(quote.rate.toString()));
    ConversionPlan plan;
    plan.gridPayment = gridPayment;
    plan.tfcUsdRate = tfcUsdRate;
    plan.rate = quote.rate;
    plan.buffer = quote.buffer;
    plan.maxSlippage = quote.maxSlippage;
    try {
        plan.gridUsd = tfcUsdRate.convert(gridPayment);
        plan.tftNeeded = quote.buffer.grow(quote.rate.invert(plan.gridUsd));
        plan.usdLimit = quote.maxSlippage.grow(quote.rate.convert(plan.tftNeeded));
    } catch (const MoneyOverflow &) {
        return Error::invalid(QStringLiteral("a grid payment of %1 TFC at %2 USD/TFT is too large to convert")
                                  .arg(gridPayment.toString(), fmt::rate(quote.rate)));
    }
    if (!plan.tftNeeded.isPositive())
        return Error::invalid(QStringLiteral("a grid payment of %1 TFC buys no TFT at %2 USD/TFT")
                                  .arg(gridPayment.toString(), fmt::rate(quote.rate)));
    return plan;
}

QJsonObject ConversionPlan::toJson() const
{
    return QJsonObject{
        {QStringLiteral("grid_payment_tfc"), gridPayment.toString()},
        {QStringLiteral("tfc_usd_rate"), tfcUsdRate.toString()},
        {QStringLiteral("grid_usd"), gridUsd.toString()},
        {QStringLiteral("rate"), rate.toString()},
        {QStringLiteral("buffer_percent"), buffer.toString()},
        {QStringLiteral("max_slippage_percent"), maxSlippage.toString()},
        {QStringLiteral("tft_needed"), tftNeeded.toString()},
        {QStringLiteral("usd_limit"), usdLimit.toString()},
    };
}

namespace {

// Reads one decimal-string field with T::parse; records the first failure in *error.
template<class T>
bool readField(const QJsonObject &json, const QString &field, const QString &where, T *out, QString *error)
{
    const QJsonValue v = json.value(field);
    QString why;
    std::optional<T> parsed;
    if (!v.isString())
        why = v.isUndefined() ? QStringLiteral("is missing") : QStringLiteral("is not a decimal string");
    else if (!(parsed = T::parse(v.toString(), &why)))
        why = QStringLiteral("is invalid: ") + why;
    if (!parsed) {
        *error = QStringLiteral("%1: `%2` %3").arg(where, field, why);
        return false;
    }
    *out = *parsed;
    return true;
}

} // namespace

Result<ConversionPlan> ConversionPlan::fromJson(const QJsonObject &json)
{
    const QString where = QStringLiteral("conversion plan");
    ConversionPlan p;
    QString error;
    if (!readField(json, QStringLiteral("grid_payment_tfc"), where, &p.gridPayment, &error)
        || !readField(json, QStringLiteral("tfc_usd_rate"), where, &p.tfcUsdRate, &error)
        || !readField(json, QStringLiteral("grid_usd"), where, &p.gridUsd, &error)
        || !readField(json, QStringLiteral("rate"), where, &p.rate, &error)
        || !readField(json, QStringLiteral("buffer_percent"), where, &p.buffer, &error)
        || !readField(json, QStringLiteral("max_slippage_percent"), where, &p.maxSlippage, &error)
        || !readField(json, QStringLiteral("tft_needed"), where, &p.tftNeeded, &error)
        || !readField(json, QStringLiteral("usd_limit"), where, &p.usdLimit, &error))
        return Error::invalid(error);
    return p;
}

QJsonObject ConversionResult::toJson() const
{
    return QJsonObject{
        {QStringLiteral("tx_id"), txId},
        {QStringLiteral("tft_received"), tftReceived.toString()},
        {QStringLiteral("usd_spent"), usdSpent.toString()},
        {QStringLiteral("rate"), rate.toString()},
    };
}

QString conversionIdempotencyKey(qint64 jobId)
{
    return QStringLiteral("job-%1-convert").arg(jobId);
}

QJsonObject conversionRequestBody(const ConversionPlan &plan, qint64 jobId)
{
    return QJsonObject{
        {QStringLiteral("usd_amount"), plan.usdLimit.toString()},
        {QStringLiteral("tft_amount"), plan.tftNeeded.toString()},
        {QStringLiteral("job_id"), jobId},
    };
}

Result<ConversionResult> parseConversionReply(QByteArrayView body)
{
    const QString where = QStringLiteral("wallet /wallet/convert reply");
    const auto malformed = [&](const QString &what) { return Error{ErrorKind::Transient, QStringLiteral("%1: %2").arg(where, what)}; };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return malformed(QStringLiteral("not valid JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return malformed(QStringLiteral("not a JSON object"));
    const QJsonObject json = doc.object();
    ConversionResult result;
    const QJsonValue tx = json.value(QStringLiteral("tx_id"));
    if (!tx.isString() || tx.toString().isEmpty())
        return malformed(QStringLiteral("`tx_id` is missing or not a non-empty string"));
    result.txId = tx.toString();
    QString error;
    if (!readField(json, QStringLiteral("tft_received"), where, &result.tftReceived, &error)
        || !readField(json, QStringLiteral("usd_spent"), where, &result.usdSpent, &error)
        || !readField(json, QStringLiteral("rate"), where, &result.rate, &error))
        return Error{ErrorKind::Transient, error};
    if (!result.tftReceived.isPositive())
        return malformed(QStringLiteral("`tft_received` is zero"));
    return result;
}

Result<void> checkSlippage(TftPrice executed, TftPrice quoted, Percent maxSlippage)
{
    if (!quoted.isValid())
        return Error::invalid(QStringLiteral("the quoted TFT price is zero"));
    if (maxSlippage < Percent() || maxSlippage > Percent::fromWhole(1000))
        return Error::invalid(QStringLiteral("max_slippage_percent is %1; it must be between 0 and 1000").arg(fmt::percent(maxSlippage)));
    if (executed <= quoted)
        return {}; // as good as quoted or better
    // (executed - quoted) / quoted > max / 100, compared exactly.
    const __int128 excess = static_cast<__int128>(executed.units()) - quoted.units();
    if (excess * 100 * fixed::kAmountScale <= static_cast<__int128>(maxSlippage.units()) * quoted.units())
        return {};
    const Percent worse = fmt::percentRatio(excess * 100 * fixed::kAmountScale, quoted.units());
    return Error::refused(QStringLiteral("executed rate %1 is %2 worse than the quoted %3 (max_slippage_percent %4)")
                              .arg(fmt::rate(executed), fmt::excess(worse, maxSlippage), fmt::rate(quoted),
                                   fmt::percent(maxSlippage)));
}

Result<ConversionResult> acceptConversion(const ConversionResult &result, const ConversionPlan &plan)
{
    if (auto slippage = checkSlippage(result.rate, plan.rate, plan.maxSlippage); !slippage)
        return slippage.error();
    if (result.tftReceived < plan.tftNeeded)
        return Error{ErrorKind::Permanent, QStringLiteral("conversion %1 delivered %2 TFT, less than the %3 TFT ordered")
                                               .arg(result.txId, result.tftReceived.toString(), plan.tftNeeded.toString())};
    if (result.usdSpent > plan.usdLimit)
        return Error{ErrorKind::Permanent, QStringLiteral("conversion %1 spent %2 USD, more than the limit of %3 USD")
                                               .arg(result.txId, result.usdSpent.toString(), plan.usdLimit.toString())};
    return result;
}

} // namespace griddeck
