#pragma once
// How pricing messages show numbers to people: without trailing zeros ("0.0101", "5"), and a
// deviation above a limit with enough decimals that it visibly exceeds it ("5.04%", not "5.0%").

#include "domain/Money.h"

#include <QString>

namespace griddeck::pricing_format {

// numerator / denominator percent units, half-to-even, saturating at the int64 range (a feed
// reporting an absurd price must give a message, not an overflow). denominator > 0.
inline Percent percentRatio(__int128 numerator, __int128 denominator)
{
    if (numerator / denominator >= INT64_MAX)
        return Percent::fromUnits(INT64_MAX);
    return Percent::fromUnits(fixed::divideHalfEven(numerator, denominator));
}

inline QString trimmed(QString text)
{
    if (!text.contains(u'.'))
        return text;
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

inline QString rate(std::int64_t units)
{
    return trimmed(fixed::formatDecimal(units, fixed::kRateDecimals, fixed::kRateDecimals));
}

template<Currency N, Currency D>
QString rate(Rate<N, D> r)
{
    return rate(r.units());
}

inline QString percent(Percent p)
{
    return trimmed(p.toString());
}

// A deviation known (exactly) to exceed `limit`, as "28.7%": one decimal unless more are needed
// to show it is above the limit; "more than 5%" when even 7 decimals round down onto it.
inline QString excess(Percent value, Percent limit)
{
    if (value <= limit)
        return QStringLiteral("more than %1%").arg(percent(limit));
    for (int decimals = 1; decimals < fixed::kAmountDecimals; ++decimals) {
        const QString shown = fixed::formatDecimal(value.units(), fixed::kAmountDecimals, decimals);
        const auto back = Percent::parse(shown);
        if (back && *back > limit)
            return trimmed(shown) + u'%';
    }
    return trimmed(value.toString()) + u'%';
}

} // namespace griddeck::pricing_format
