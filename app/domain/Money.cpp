#include "domain/Money.h"

namespace griddeck {

QString currencyCode(Currency currency)
{
    switch (currency) {
    case Currency::TFC:
        return QStringLiteral("TFC");
    case Currency::USD:
        return QStringLiteral("USD");
    case Currency::TFT:
        return QStringLiteral("TFT");
    }
    return QString();
}

namespace fixed {

std::int64_t divideHalfEven(__int128 numerator, __int128 denominator)
{
    if (denominator == 0)
        throw MoneyOverflow("division by zero");
    if (denominator < 0) {
        numerator = -numerator;
        denominator = -denominator;
    }
    __int128 quotient = numerator / denominator; // truncates toward zero
    __int128 remainder = numerator % denominator; // same sign as numerator
    const __int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
    if (twice > denominator || (twice == denominator && (quotient % 2 != 0)))
        quotient += (numerator < 0) ? -1 : 1;
    if (quotient > INT64_MAX || quotient < INT64_MIN)
        throw MoneyOverflow("amount out of range");
    return static_cast<std::int64_t>(quotient);
}

std::int64_t checkedAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        throw MoneyOverflow("amount out of range");
    return r;
}

std::int64_t checkedSub(std::int64_t a, std::int64_t b)
{
    std::int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        throw MoneyOverflow("amount out of range");
    return r;
}

static std::optional<std::int64_t> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

std::optional<std::int64_t> parseDecimal(QStringView text, const ParseOptions &options, QString *error)
{
    const QString shown = text.toString();
    if (text.isEmpty())
        return fail(error, QStringLiteral("an amount is required (got \"\")"));
    qsizetype pos = 0;
    bool negative = false;
    if (text.at(0) == u'-') {
        if (!options.allowNegative)
            return fail(error, QStringLiteral("\"%1\" is negative; the amount must be positive").arg(shown));
        negative = true;
        pos = 1;
    }
    // A negative amount may reach INT64_MIN, one unit further than a positive one.
    const __int128 limit = negative ? static_cast<__int128>(INT64_MAX) + 1 : static_cast<__int128>(INT64_MAX);
    __int128 whole = 0;
    qsizetype wholeDigits = 0;
    while (pos < text.size() && text.at(pos).isDigit() && text.at(pos).unicode() < 128) {
        whole = whole * 10 + (text.at(pos).unicode() - '0');
        if (whole > limit)
            return fail(error, QStringLiteral("\"%1\" is too large").arg(shown));
        ++pos;
        ++wholeDigits;
    }
    if (wholeDigits == 0)
        return fail(error, QStringLiteral("\"%1\" is not a decimal number (expected digits like 12.50)").arg(shown));
    __int128 fraction = 0;
    int fractionDigits = 0;
    if (pos < text.size() && text.at(pos) == u'.') {
        ++pos;
        while (pos < text.size() && text.at(pos).isDigit() && text.at(pos).unicode() < 128) {
            if (fractionDigits == options.decimals)
                return fail(error, QStringLiteral("\"%1\" has more than %2 decimal places").arg(shown).arg(options.decimals));
            fraction = fraction * 10 + (text.at(pos).unicode() - '0');
            ++fractionDigits;
            ++pos;
        }
        if (fractionDigits == 0)
            return fail(error, QStringLiteral("\"%1\" has no digits after the decimal point").arg(shown));
    }
    if (pos != text.size())
        return fail(error, QStringLiteral("\"%1\" is not a decimal number (unexpected \"%2\")")
                               .arg(shown, text.mid(pos, 1).toString()));
    __int128 scale = 1;
    for (int i = 0; i < options.decimals; ++i)
        scale *= 10;
    for (int i = fractionDigits; i < options.decimals; ++i)
        fraction *= 10;
    __int128 units = whole * scale + fraction;
    if (units > limit)
        return fail(error, QStringLiteral("\"%1\" is too large").arg(shown));
    if (negative && units == 0)
        return fail(error, QStringLiteral("\"%1\" is a negative zero").arg(shown));
    return static_cast<std::int64_t>(negative ? -units : units);
}

QString formatDecimal(std::int64_t units, int scaleDecimals, int shownDecimals)
{
    __int128 value = units;
    if (shownDecimals < scaleDecimals) {
        __int128 div = 1;
        for (int i = shownDecimals; i < scaleDecimals; ++i)
            div *= 10;
        value = divideHalfEven(value, div);
    }
    const bool negative = value < 0;
    unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-value) : static_cast<unsigned __int128>(value);
    const int decimals = shownDecimals < scaleDecimals ? shownDecimals : scaleDecimals;
    QString digits;
    while (magnitude > 0) {
        digits.prepend(QChar(u'0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
    }
    while (digits.size() < decimals + 1)
        digits.prepend(u'0');
    QString result = negative ? QStringLiteral("-") : QString();
    result += digits.left(digits.size() - decimals);
    if (decimals > 0)
        result += u'.' + digits.right(decimals);
    for (int i = decimals; i < shownDecimals; ++i)
        result += u'0';
    return result;
}

} // namespace fixed
} // namespace griddeck
