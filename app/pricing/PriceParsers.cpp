#include "pricing/PriceParsers.h"

#include <algorithm>

#include "pricing/JsonNumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace griddeck {

namespace {

Error feedError(QStringView source, const QString &what)
{
    return Error{ErrorKind::Transient, QStringLiteral("%1: %2").arg(priceSourceLabel(source), what)};
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

QString wrongType(const QString &field, const QJsonValue &v, const QString &expected)
{
    if (v.isUndefined())
        return QStringLiteral("`%1` is missing").arg(field);
    return QStringLiteral("`%1` is %2, expected %3").arg(field, typeName(v), expected);
}

Result<QJsonObject> parseObject(QStringView source, QByteArrayView body)
{
    if (body.trimmed().isEmpty())
        return feedError(source, QStringLiteral("the reply is empty"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return feedError(source, QStringLiteral("the reply is not valid JSON (%1 at offset %2)")
                                     .arg(parseError.errorString())
                                     .arg(parseError.offset));
    if (!doc.isObject())
        return feedError(source, QStringLiteral("the reply is %1, expected a JSON object")
                                     .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("not an object")));
    return doc.object();
}

// Whether a number literal's digits (before any exponent) are not all zero.
bool hasNonZeroDigit(const QByteArray &literal)
{
    for (char c : literal) {
        if (c == 'e' || c == 'E')
            break;
        if (c >= '1' && c <= '9')
            return true;
    }
    return false;
}

// A positive price from a JSON number's literal text, in 10^-decimals units of `unit`.
Result<std::int64_t> positiveNumber(QStringView source, QByteArrayView body, const QStringList &path, int decimals)
{
    const QString field = path.join(u'.');
    QString why;
    const auto literal = rawJsonValue(body, path, &why);
    if (!literal)
        return feedError(source, why);
    const auto units = jsonNumberToFixed(*literal, decimals, &why);
    if (!units)
        return feedError(source, QStringLiteral("`%1` %2").arg(field, why));
    const QString text = QString::fromUtf8(*literal);
    if (*units < 0)
        return feedError(source, QStringLiteral("`%1` is negative (%2); a price must be positive").arg(field, text));
    if (*units == 0) {
        if (hasNonZeroDigit(*literal))
            return feedError(source, QStringLiteral("`%1` (%2) rounds to zero at 12 decimal places").arg(field, text));
        return feedError(source, QStringLiteral("`%1` is zero; a price must be positive").arg(field));
    }
    return *units;
}

} // namespace

bool isKnownPriceSource(QStringView source)
{
    return source == kPriceSourceDex || source == kPriceSourceCoinGecko || source == kPriceSourceGridStats;
}

QString priceSourceLabel(QStringView source)
{
    if (source == kPriceSourceDex)
        return QStringLiteral("dex (Stellar Horizon)");
    if (source == kPriceSourceCoinGecko)
        return QStringLiteral("coingecko (CoinGecko)");
    if (source == kPriceSourceGridStats)
        return QStringLiteral("grid_stats (TFChain /tft_price)");
    return source.toString();
}

Result<TftPrice> parseHorizonStrictReceive(QByteArrayView body, Tft destinationAmount)
{
    const QString source = kPriceSourceDex;
    auto root = parseObject(source, body);
    if (!root)
        return root.error();
    const QJsonValue embedded = root->value(QStringLiteral("_embedded"));
    if (!embedded.isObject())
        return feedError(source, wrongType(QStringLiteral("_embedded"), embedded, QStringLiteral("an object")));
    const QJsonValue records = embedded.toObject().value(QStringLiteral("records"));
    if (!records.isArray())
        return feedError(source, wrongType(QStringLiteral("_embedded.records"), records, QStringLiteral("an array")));
    const QJsonArray list = records.toArray();
    if (list.isEmpty())
        return feedError(source, QStringLiteral("`_embedded.records` is empty: no payment path sells %1 TFT")
                                     .arg(destinationAmount.toDisplayString(2)));

    std::optional<Usd> lowest;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("_embedded.records[%1]").arg(i);
        if (!list.at(i).isObject())
            return feedError(source, wrongType(at, list.at(i), QStringLiteral("an object")));
        const QJsonObject record = list.at(i).toObject();

        const QString sourceField = at + QStringLiteral(".source_amount");
        const QJsonValue sourceValue = record.value(QStringLiteral("source_amount"));
        if (!sourceValue.isString())
            return feedError(source, wrongType(sourceField, sourceValue, QStringLiteral("a decimal string")));
        QString why;
        const auto amount = Usd::parse(sourceValue.toString(), &why);
        if (!amount)
            return feedError(source, QStringLiteral("`%1`: %2").arg(sourceField, why));
        if (amount->isZero())
            return feedError(source, QStringLiteral("`%1` is zero; a price must be positive").arg(sourceField));

        // The formula divides by the amount asked for; a path for another amount would skew it.
        const QJsonValue destValue = record.value(QStringLiteral("destination_amount"));
        if (!destValue.isUndefined()) {
            const QString destField = at + QStringLiteral(".destination_amount");
            if (!destValue.isString())
                return feedError(source, wrongType(destField, destValue, QStringLiteral("a decimal string")));
            const auto dest = Tft::parse(destValue.toString(), &why);
            if (!dest)
                return feedError(source, QStringLiteral("`%1`: %2").arg(destField, why));
            if (*dest != destinationAmount)
                return feedError(source, QStringLiteral("`%1` is %2, not the %3 TFT asked for")
                                             .arg(destField, destValue.toString(), destinationAmount.toString()));
        }
        if (!lowest || *amount < *lowest)
            lowest = *amount;
    }

    // price = source_amount / destination_amount, at 12 decimals; check the range first.
    const __int128 numerator = static_cast<__int128>(lowest->units()) * fixed::kRateScale;
    if (numerator / destinationAmount.units() > INT64_MAX)
        return feedError(source, QStringLiteral("the lowest `source_amount` %1 is too large for a price")
                                     .arg(lowest->toString()));
    const auto price = TftPrice::ratio(*lowest, destinationAmount);
    if (!price.isValid())
        return feedError(source, QStringLiteral("the lowest `source_amount` %1 rounds to a zero price").arg(lowest->toString()));
    return price;
}

Result<TftPrice> parseCoinGeckoSimplePrice(QByteArrayView body, const QString &coinId)
{
    const QString source = kPriceSourceCoinGecko;
    auto root = parseObject(source, body);
    if (!root)
        return root.error();
    const QJsonValue coin = root->value(coinId);
    if (coin.isUndefined()) {
        const QStringList keys = root->keys();
        return feedError(source, QStringLiteral("no %1 price in the reply (it has %2)")
                                     .arg(coinId, keys.isEmpty() ? QStringLiteral("no coins") : keys.join(QStringLiteral(", "))));
    }
    if (!coin.isObject())
        return feedError(source, wrongType(coinId, coin, QStringLiteral("an object")));
    const QJsonValue usd = coin.toObject().value(QStringLiteral("usd"));
    if (!usd.isDouble())
        return feedError(source, wrongType(coinId + QStringLiteral(".usd"), usd, QStringLiteral("a number")));
    auto units = positiveNumber(source, body, {coinId, QStringLiteral("usd")}, fixed::kRateDecimals);
    if (!units)
        return units.error();
    return TftPrice::fromUnits(*units);
}

Result<TftPrice> parseGridStatsTftPrice(QByteArrayView body)
{
    const QString source = kPriceSourceGridStats;
    auto root = parseObject(source, body);
    if (!root)
        return root.error();
    std::int64_t current = 0;
    for (const QString &field : {QStringLiteral("tft_price_musd"), QStringLiteral("average_tft_price_musd")}) {
        const QJsonValue musd = root->value(field);
        if (musd.isUndefined() && field != u"tft_price_musd")
            continue; // the average is optional; the current price is what we use
        if (!musd.isDouble())
            return feedError(source, wrongType(field, musd, QStringLiteral("a whole number of mUSD")));
        // Read from the literal, so 10.0000000001 is not taken for 10.
        auto units = positiveNumber(source, body, {field}, fixed::kRateDecimals - 3);
        if (!units)
            return units.error();
        QString why;
        const QByteArray literal = rawJsonValue(body, {field}, &why).value_or(QByteArray()).trimmed();
        const bool whole = !literal.isEmpty() && std::all_of(literal.begin(), literal.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!whole || *units % kGridStatsStepUnits != 0)
            return feedError(source, QStringLiteral("`%1` must be a whole number of mUSD (TFChain stores the price as u32 "
                                                    "mUSD), got %2")
                                         .arg(field, QString::fromUtf8(literal.left(40))));
        if (*units / kGridStatsStepUnits > std::int64_t(UINT32_MAX))
            return feedError(source, QStringLiteral("%1 is beyond TFChain's u32 range").arg(field));
        if (field == u"tft_price_musd")
            current = *units;
    }
    return TftPrice::fromUnits(current);
}

Result<TftPrice> parsePriceReply(QStringView source, QByteArrayView body)
{
    if (source == kPriceSourceDex)
        return parseHorizonStrictReceive(body);
    if (source == kPriceSourceCoinGecko)
        return parseCoinGeckoSimplePrice(body);
    if (source == kPriceSourceGridStats)
        return parseGridStatsTftPrice(body);
    return Error::invalid(QStringLiteral("unknown price source \"%1\" (known: dex, coingecko, grid_stats)").arg(source));
}

} // namespace griddeck
