#pragma once
// Fixed-point money. An amount is an int64 count of 10^-7 units of one currency (the precision
// of Stellar and TFChain amounts). The currency is part of the type, so adding TFC to TFT does
// not compile. Every operation that can overflow is checked; every operation that must round
// (rates, percentages) rounds half-to-even through a 128-bit intermediate. No double anywhere.

#include <QString>
#include <QStringView>

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace griddeck {

enum class Currency { TFC, USD, TFT };

QString currencyCode(Currency currency);

// Thrown only for programming errors that checked arithmetic catches (overflow, division by
// zero). Inputs from users, files and servers go through parse(), which never throws.
class MoneyOverflow : public std::overflow_error
{
public:
    using std::overflow_error::overflow_error;
};

namespace fixed {

inline constexpr int kAmountDecimals = 7;
inline constexpr std::int64_t kAmountScale = 10'000'000;
inline constexpr int kRateDecimals = 12;
inline constexpr std::int64_t kRateScale = 1'000'000'000'000;

// Rounds numerator / denominator to the nearest integer, ties to even. denominator != 0.
std::int64_t divideHalfEven(__int128 numerator, __int128 denominator);

std::int64_t checkedAdd(std::int64_t a, std::int64_t b);
std::int64_t checkedSub(std::int64_t a, std::int64_t b);

struct ParseOptions
{
    int decimals = kAmountDecimals;
    bool allowNegative = false;
};

// Strict decimal parsing: optional '-', digits, optional '.' followed by 1..decimals digits.
// No exponent, no '+', no thousands separators, no surrounding spaces, no "-0".
// On failure returns nullopt and, if error is given, a sentence saying what is wrong.
std::optional<std::int64_t> parseDecimal(QStringView text, const ParseOptions &options, QString *error);

// Formats units with exactly `decimals` fraction digits (e.g. "12.5000000").
QString formatDecimal(std::int64_t units, int scaleDecimals, int shownDecimals);

} // namespace fixed

template<Currency C>
class Amount
{
public:
    static constexpr Currency currency = C;

    constexpr Amount() = default;
    static constexpr Amount fromUnits(std::int64_t units) { return Amount(units); }
    static Amount fromWhole(std::int64_t whole)
    {
        if (whole > INT64_MAX / fixed::kAmountScale || whole < INT64_MIN / fixed::kAmountScale)
            throw MoneyOverflow("amount out of range");
        return Amount(whole * fixed::kAmountScale);
    }

    // "12.50" → 12.5. Negative amounts only when allowNegative (postings, deltas).
    static std::optional<Amount> parse(QStringView text, QString *error = nullptr, bool allowNegative = false)
    {
        auto units = fixed::parseDecimal(text, {fixed::kAmountDecimals, allowNegative}, error);
        if (!units)
            return std::nullopt;
        return Amount(*units);
    }

    constexpr std::int64_t units() const { return m_units; }
    constexpr bool isZero() const { return m_units == 0; }
    constexpr bool isNegative() const { return m_units < 0; }
    constexpr bool isPositive() const { return m_units > 0; }

    // Full precision, always 7 decimals: the exact, round-trippable form ("12.5000000").
    QString toString() const { return fixed::formatDecimal(m_units, fixed::kAmountDecimals, fixed::kAmountDecimals); }
    // Shown to people: `decimals` places, rounded half-to-even.
    QString toDisplayString(int decimals) const { return fixed::formatDecimal(m_units, fixed::kAmountDecimals, decimals); }

    Amount operator+(Amount other) const { return Amount(fixed::checkedAdd(m_units, other.m_units)); }
    Amount operator-(Amount other) const { return Amount(fixed::checkedSub(m_units, other.m_units)); }
    Amount operator-() const { return Amount(fixed::checkedSub(0, m_units)); }
    Amount &operator+=(Amount other) { return *this = *this + other; }
    Amount &operator-=(Amount other) { return *this = *this - other; }

    // Multiplying by a plain integer count (e.g. node count) is exact.
    Amount timesCount(std::int64_t count) const
    {
        __int128 r = static_cast<__int128>(m_units) * count;
        if (r > INT64_MAX || r < INT64_MIN)
            throw MoneyOverflow("amount out of range");
        return Amount(static_cast<std::int64_t>(r));
    }

    constexpr auto operator<=>(const Amount &) const = default;

private:
    constexpr explicit Amount(std::int64_t units)
        : m_units(units)
    {
    }
    std::int64_t m_units = 0;
};

using Tfc = Amount<Currency::TFC>;
using Usd = Amount<Currency::USD>;
using Tft = Amount<Currency::TFT>;

// A percentage, fixed-point with 7 decimals: Percent::parse("2.5") is 2.5 %.
class Percent
{
public:
    constexpr Percent() = default;
    static constexpr Percent fromUnits(std::int64_t units) { return Percent(units); }
    static Percent fromWhole(std::int64_t whole) { return Percent(whole * fixed::kAmountScale); }
    static std::optional<Percent> parse(QStringView text, QString *error = nullptr)
    {
        auto units = fixed::parseDecimal(text, {fixed::kAmountDecimals, false}, error);
        if (!units)
            return std::nullopt;
        return Percent(*units);
    }
    constexpr std::int64_t units() const { return m_units; }
    QString toString() const { return fixed::formatDecimal(m_units, fixed::kAmountDecimals, fixed::kAmountDecimals); }
    constexpr auto operator<=>(const Percent &) const = default;

    // amount × percent / 100, half-to-even.
    template<Currency C>
    Amount<C> of(Amount<C> amount) const
    {
        return Amount<C>::fromUnits(fixed::divideHalfEven(static_cast<__int128>(amount.units()) * m_units,
                                                          static_cast<__int128>(fixed::kAmountScale) * 100));
    }
    // amount × (1 + percent / 100), half-to-even.
    template<Currency C>
    Amount<C> grow(Amount<C> amount) const
    {
        const __int128 factor = static_cast<__int128>(fixed::kAmountScale) * 100 + m_units;
        return Amount<C>::fromUnits(fixed::divideHalfEven(static_cast<__int128>(amount.units()) * factor,
                                                          static_cast<__int128>(fixed::kAmountScale) * 100));
    }

private:
    constexpr explicit Percent(std::int64_t units)
        : m_units(units)
    {
    }
    std::int64_t m_units = 0;
};

// An exchange rate: how many Num one Den is worth (Rate<USD, TFT> is the TFT price in USD),
// fixed-point with 12 decimals so a TFT price of ~0.01 USD keeps 10 significant digits.
template<Currency Num, Currency Den>
class Rate
{
public:
    constexpr Rate() = default;
    static constexpr Rate fromUnits(std::int64_t units) { return Rate(units); }
    static std::optional<Rate> parse(QStringView text, QString *error = nullptr)
    {
        auto units = fixed::parseDecimal(text, {fixed::kRateDecimals, false}, error);
        if (!units)
            return std::nullopt;
        if (*units == 0) {
            if (error)
                *error = QStringLiteral("\"%1\" is zero; a rate must be greater than zero").arg(text.toString());
            return std::nullopt;
        }
        return Rate(*units);
    }
    // numerator / denominator amounts of the two currencies (e.g. 1.0000000 USD / 99.2 TFT).
    static Rate ratio(Amount<Num> numerator, Amount<Den> denominator)
    {
        if (denominator.units() == 0)
            throw MoneyOverflow("rate with zero denominator");
        return Rate(fixed::divideHalfEven(static_cast<__int128>(numerator.units()) * fixed::kRateScale,
                                          denominator.units()));
    }
    constexpr std::int64_t units() const { return m_units; }
    constexpr bool isValid() const { return m_units > 0; }
    QString toString() const { return fixed::formatDecimal(m_units, fixed::kRateDecimals, fixed::kRateDecimals); }
    QString toDisplayString(int decimals) const { return fixed::formatDecimal(m_units, fixed::kRateDecimals, decimals); }
    constexpr auto operator<=>(const Rate &) const = default;

    // Den amount → Num amount: 2,000 TFT × 0.01 USD/TFT = 20 USD.
    Amount<Num> convert(Amount<Den> amount) const
    {
        return Amount<Num>::fromUnits(
            fixed::divideHalfEven(static_cast<__int128>(amount.units()) * m_units, fixed::kRateScale));
    }
    // Num amount → Den amount: 20 USD ÷ 0.01 USD/TFT = 2,000 TFT.
    Amount<Den> invert(Amount<Num> amount) const
    {
        if (m_units == 0)
            throw MoneyOverflow("division by a zero rate");
        return Amount<Den>::fromUnits(
            fixed::divideHalfEven(static_cast<__int128>(amount.units()) * fixed::kRateScale, m_units));
    }
    // |this - other| / other, as a percentage (for slippage checks).
    Percent deviationFrom(Rate other) const
    {
        if (other.m_units == 0)
            throw MoneyOverflow("deviation from a zero rate");
        __int128 diff = static_cast<__int128>(m_units) - other.m_units;
        if (diff < 0)
            diff = -diff;
        return Percent::fromUnits(
            fixed::divideHalfEven(diff * fixed::kAmountScale * 100, static_cast<__int128>(other.m_units)));
    }

private:
    constexpr explicit Rate(std::int64_t units)
        : m_units(units)
    {
    }
    std::int64_t m_units = 0;
};

using TftPrice = Rate<Currency::USD, Currency::TFT>; // USD per TFT
using TfcPrice = Rate<Currency::USD, Currency::TFC>; // USD per TFC

} // namespace griddeck
