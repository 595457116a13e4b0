#pragma once
// Exact JSON numbers. QJsonValue turns a number into a double, which cannot hold 0.0123
// exactly; price feeds that send prices as JSON numbers (CoinGecko, TFChain's /tft_price) are
// therefore read from the literal digits in the reply and rounded once, half-to-even, into
// fixed-point. No double is involved.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace griddeck {

// The raw text of the value found by following `path` (object keys from the root) in a JSON
// document, e.g. {"threefold-token","usd"} → "0.0123". Keys are compared after unescaping.
// Returns nullopt (with a sentence in *error) when the document is not well-formed, a key on
// the path is missing or repeated, or an intermediate value is not an object.
std::optional<QByteArray> rawJsonValue(QByteArrayView json, const QStringList &path, QString *error);

// A JSON number literal ("0.0123", "1.5e-2", "-3") as an integer count of 10^-decimals units,
// rounded half-to-even from the exact decimal value. Fails (nullopt + *error) on text that is
// not a JSON number or a value whose magnitude does not fit in int64 units.
std::optional<std::int64_t> jsonNumberToFixed(QByteArrayView literal, int decimals, QString *error);

} // namespace griddeck
