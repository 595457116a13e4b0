// Money: strict parsing, formatting, half-to-even rounding and overflow checks, each compared
// against a reference written here from scratch in 128-bit integers (exact rational
// arithmetic), over thousands of seeded random cases plus the hand-picked edge cases.

#include "domain/Money.h"

#include <QRegularExpression>
#include <QtTest>

#include <concepts>
#include <functional>
#include <random>
#include <type_traits>

using namespace griddeck;

// --- compile-time: currencies do not mix ---------------------------------------------------

template<class A, class B>
concept Addable = requires(A a, B b) { a + b; };
template<class A, class B>
concept Subtractable = requires(A a, B b) { a - b; };
template<class A, class B>
concept Comparable = requires(A a, B b) { a == b; };
template<class R, class A>
concept Convertible = requires(R r, A a) { r.convert(a); };

static_assert(Addable<Tfc, Tfc>);
static_assert(!Addable<Tfc, Tft>, "adding TFC to TFT must not compile");
static_assert(!Addable<Tft, Usd>);
static_assert(!Subtractable<Usd, Tfc>);
static_assert(!Comparable<Tfc, Tft>);
static_assert(!std::is_convertible_v<Tft, Tfc>);
static_assert(!std::is_constructible_v<Tfc, std::int64_t>, "units need fromUnits, not a conversion");
static_assert(!Addable<Tfc, std::int64_t>);
static_assert(Convertible<TftPrice, Tft>);
static_assert(!Convertible<TftPrice, Tfc>, "a USD/TFT rate converts TFT only");

namespace {

using i128 = __int128;
constexpr i128 kMax = INT64_MAX;
constexpr i128 kMin = INT64_MIN;

QString str128(i128 v)
{
    if (v == 0)
        return QStringLiteral("0");
    const bool neg = v < 0;
    unsigned __int128 m = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
    QString s;
    while (m > 0) {
        s.prepend(QChar(u'0' + static_cast<int>(m % 10)));
        m /= 10;
    }
    return neg ? u'-' + s : s;
}

i128 pow10(int n)
{
    i128 r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}

// Mathematical floor division, then half-to-even on the exact remainder: a different route from
// the truncating one in Money.cpp, so the two cannot share a mistake.
i128 refRoundHalfEven(i128 n, i128 d)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    i128 q = n / d;
    if ((n % d != 0) && (n < 0))
        --q; // floor
    const i128 r = n - q * d; // 0 <= r < d
    if (2 * r > d || (2 * r == d && (q & 1) != 0))
        ++q;
    return q;
}

bool isTie(i128 n, i128 d)
{
    const i128 r = n % d;
    return 2 * (r < 0 ? -r : r) == (d < 0 ? -d : d);
}

bool fits(i128 v) { return v >= kMin && v <= kMax; }

// The reference parser: the grammar as a regular expression, the value accumulated digit by
// digit into 128 bits from the string's two halves.
struct RefParse
{
    bool ok = false;
    i128 units = 0;
};

RefParse refParse(const QString &text, int decimals, bool allowNegative, bool rejectZero)
{
    static const QRegularExpression grammar7(QStringLiteral("^-?[0-9]+(\\.[0-9]{1,7})?$"));
    static const QRegularExpression grammar12(QStringLiteral("^-?[0-9]+(\\.[0-9]{1,12})?$"));
    const auto &grammar = decimals == 7 ? grammar7 : grammar12;
    if (!grammar.match(text).hasMatch())
        return {};
    const bool negative = text.startsWith(u'-');
    const QString body = negative ? text.mid(1) : text;
    const qsizetype dot = body.indexOf(u'.');
    const QString whole = dot < 0 ? body : body.left(dot);
    QString fraction = dot < 0 ? QString() : body.mid(dot + 1);
    fraction = fraction.leftJustified(decimals, u'0');
    if (whole.size() > 25)
        return {};
    i128 value = 0;
    for (QChar c : whole + fraction)
        value = value * 10 + (c.unicode() - u'0');
    if (negative)
        value = -value;
    if (!fits(value))
        return {};
    if (negative && (!allowNegative || value == 0))
        return {};
    if (rejectZero && value == 0)
        return {};
    return {true, value};
}

// Units → text with `decimals` places, built from integer division only.
QString refFormat(i128 units, int decimals)
{
    const bool neg = units < 0;
    const i128 mag = neg ? -units : units;
    const i128 scale = pow10(decimals);
    QString s = neg ? QStringLiteral("-") : QString();
    s += str128(mag / scale);
    if (decimals > 0)
        s += u'.' + str128(mag % scale).rightJustified(decimals, u'0');
    return s;
}

class Gen
{
public:
    explicit Gen(std::uint64_t seed)
        : m_rng(seed)
    {
    }
    std::uint64_t bits() { return m_rng(); }
    std::int64_t range(std::int64_t lo, std::int64_t hi)
    {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(m_rng);
    }
    bool chance(int percent) { return range(0, 99) < percent; }
    // A signed value whose magnitude has a random bit length, so small, medium, huge and
    // boundary values all come up often.
    std::int64_t anyInt64(bool allowNegative = true)
    {
        const int roll = static_cast<int>(range(0, 19));
        if (roll == 0)
            return allowNegative && chance(50) ? INT64_MIN + range(0, 3) : INT64_MAX - range(0, 3);
        const int bitCount = static_cast<int>(range(0, 63));
        std::uint64_t v = bits();
        v = bitCount == 0 ? 0 : (v >> (64 - bitCount));
        auto s = static_cast<std::int64_t>(v & static_cast<std::uint64_t>(INT64_MAX));
        return allowNegative && chance(40) ? -s : s;
    }
    // A positive fixed-point value that is "round" more often than not (3.5, 10, 0.25), the
    // kind that makes exact ties.
    std::int64_t roundish(int maxDigits)
    {
        const int zeros = static_cast<int>(range(0, maxDigits));
        // Odd multiples of 5 and 25 make exact halves after the division by 10^k.
        const std::int64_t mantissa = chance(30) ? (chance(50) ? 5 : 25) * (2 * range(0, 9) + 1)
                                                 : range(1, chance(50) ? 9 : 99999);
        i128 v = static_cast<i128>(mantissa) * pow10(zeros);
        return v > kMax ? mantissa : static_cast<std::int64_t>(v);
    }
    QString digits(int n)
    {
        QString s;
        for (int i = 0; i < n; ++i)
            s += QChar(u'0' + static_cast<int>(range(0, 9)));
        return s;
    }

private:
    std::mt19937_64 m_rng;
};

template<class F>
bool throwsOverflow(F &&f)
{
    try {
        f();
    } catch (const MoneyOverflow &) {
        return true;
    }
    return false;
}

} // namespace

class TestMoney : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesStrictDecimals()
    {
        QCOMPARE(Tfc::parse(u"12.50")->units(), 125'000'000);
        QCOMPARE(Tfc::parse(u"0")->units(), 0);
        QCOMPARE(Tfc::parse(u"0.0000001")->units(), 1);
        QCOMPARE(Tfc::parse(u"922337203685.4775807")->units(), INT64_MAX);
        QCOMPARE(Usd::parse(u"-3.25", nullptr, true)->units(), -32'500'000);
        QCOMPARE(Usd::parse(u"-922337203685.4775808", nullptr, true)->units(), INT64_MIN);
        QCOMPARE(Percent::parse(u"2.3")->units(), 23'000'000);
        QCOMPARE(TftPrice::parse(u"0.012345678901")->units(), 12'345'678'901);
    }

    void rejectsMalformedDecimals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("allowNegative");
        QTest::newRow("exponent") << QStringLiteral("1e3") << true;
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("too many decimals") << QStringLiteral("12.345678901") << true;
        QTest::newRow("eight decimals") << QStringLiteral("1.00000000") << true;
        QTest::newRow("negative not allowed") << QStringLiteral("-5") << false;
        QTest::newRow("negative zero") << QStringLiteral("-0") << true;
        QTest::newRow("negative zero, no negatives") << QStringLiteral("-0") << false;
        QTest::newRow("negative zero with decimals") << QStringLiteral("-0.000") << true;
        QTest::newRow("plus") << QStringLiteral("+1") << true;
        QTest::newRow("leading space") << QStringLiteral(" 1") << true;
        QTest::newRow("trailing space") << QStringLiteral("1 ") << true;
        QTest::newRow("comma") << QStringLiteral("12,5") << true;
        QTest::newRow("trailing dot") << QStringLiteral("1.") << true;
        QTest::newRow("leading dot") << QStringLiteral(".5") << true;
        QTest::newRow("fullwidth digits") << QStringLiteral("１２") << true;
        QTest::newRow("arabic-indic digits") << QString::fromUtf8("\u0661\u0662") << true;
        QTest::newRow("minus only") << QStringLiteral("-") << true;
        QTest::newRow("two dots") << QStringLiteral("1.2.3") << true;
        QTest::newRow("underscore") << QStringLiteral("1_000") << true;
        QTest::newRow("hex") << QStringLiteral("0x10") << true;
        QTest::newRow("infinity") << QStringLiteral("inf") << true;
        QTest::newRow("nan") << QStringLiteral("nan") << true;
        QTest::newRow("too large") << QStringLiteral("922337203685.4775808") << true;
        QTest::newRow("too small") << QStringLiteral("-922337203685.4775809") << true;
        QTest::newRow("huge") << QStringLiteral("99999999999999999999999") << true;
    }

    void rejectsMalformedDecimals()
    {
        QFETCH(QString, text);
        QFETCH(bool, allowNegative);
        QString error;
        const auto parsed = Tfc::parse(text, &error, allowNegative);
        QVERIFY2(!parsed, qPrintable(text));
        // The message names the rejected text, quoted, so a log line says what came in.
        QVERIFY2(error.contains(u'"' + text + u'"'), qPrintable(error));
    }

    void percentAndRateRejectNegativesAndZeroRates()
    {
        QString error;
        QVERIFY(!Percent::parse(u"-5", &error));
        QVERIFY(error.contains(QStringLiteral("\"-5\"")));
        QVERIFY(!TfcPrice::parse(u"0", &error));
        QVERIFY(!TfcPrice::parse(u"0.000000000000", &error));
        QVERIFY(!TfcPrice::parse(u"1.0000000000001", &error)); // 13 decimals
        QVERIFY(TfcPrice::parse(u"1.000000000001"));
    }

    void randomParseMatchesReference()
    {
        Gen gen(0x6d6f6e6579ULL);
        const QString junk = QStringLiteral(" +,e_.-x１\t");
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 20000; ++i) {
            QString text;
            if (gen.chance(25))
                text += u'-';
            const int wholeDigits = static_cast<int>(gen.range(0, 21));
            text += gen.digits(wholeDigits);
            if (gen.chance(60)) {
                text += u'.';
                text += gen.digits(static_cast<int>(gen.range(0, 14)));
            }
            if (gen.chance(10))
                text.insert(gen.range(0, text.size()), junk.at(gen.range(0, junk.size() - 1)));
            const bool allowNegative = gen.chance(50);

            for (int decimals : {7, 12}) {
                const bool isRate = decimals == 12;
                const RefParse ref = refParse(text, decimals, allowNegative && !isRate, isRate);
                QString error;
                std::optional<std::int64_t> got;
                if (isRate) {
                    if (auto r = TfcPrice::parse(text, &error))
                        got = r->units();
                } else if (auto a = Tft::parse(text, &error, allowNegative)) {
                    got = a->units();
                }
                const QString where = QStringLiteral("text=\"%1\" decimals=%2 allowNegative=%3 error=%4")
                                          .arg(text)
                                          .arg(decimals)
                                          .arg(allowNegative)
                                          .arg(error);
                QVERIFY2(got.has_value() == ref.ok, qPrintable(where));
                if (ref.ok) {
                    QVERIFY2(static_cast<i128>(*got) == ref.units, qPrintable(where));
                    ++accepted;
                } else {
                    QVERIFY2(error.contains(u'"' + text + u'"'), qPrintable(where));
                    ++rejected;
                }
            }
        }
        // Both outcomes must be well represented for the comparison to mean anything.
        QVERIFY2(accepted > 8000 && rejected > 8000, qPrintable(QStringLiteral("%1/%2").arg(accepted).arg(rejected)));
    }

    void formatsAndRoundTrips()
    {
        QCOMPARE(Tfc::fromUnits(125'000'000).toString(), QStringLiteral("12.5000000"));
        QCOMPARE(Tfc::fromUnits(-1).toString(), QStringLiteral("-0.0000001"));
        QCOMPARE(Tfc::fromUnits(INT64_MIN).toString(), QStringLiteral("-922337203685.4775808"));
        QCOMPARE(Tfc::fromUnits(125'000'000).toDisplayString(2), QStringLiteral("12.50"));
        QCOMPARE(Tfc::fromUnits(125'000).toDisplayString(2), QStringLiteral("0.01")); // 0.0125 → 0.01
        QCOMPARE(Tfc::fromUnits(135'000).toDisplayString(2), QStringLiteral("0.01")); // 0.0135 → 0.01 (even)
        QCOMPARE(Tfc::fromUnits(155'000).toDisplayString(2), QStringLiteral("0.02"));
        QCOMPARE(Tfc::fromUnits(-4'000'000).toDisplayString(0), QStringLiteral("0")); // no "-0"
        QCOMPARE(Tfc::fromUnits(-5'000'000).toDisplayString(0), QStringLiteral("0"));
        QCOMPARE(Tfc::fromUnits(-15'000'000).toDisplayString(0), QStringLiteral("-2"));
        QCOMPARE(TftPrice::fromUnits(10'000'000'000).toString(), QStringLiteral("0.010000000000"));
        QCOMPARE(Percent::fromUnits(23'000'000).toString(), QStringLiteral("2.3000000"));

        Gen gen(0x666f726d6174ULL);
        for (int i = 0; i < 20000; ++i) {
            const std::int64_t units = gen.anyInt64();
            const Usd amount = Usd::fromUnits(units);
            const QString full = amount.toString();
            const QString where = QStringLiteral("units=%1 text=%2").arg(units).arg(full);
            QVERIFY2(full == refFormat(units, 7), qPrintable(where));
            const auto back = Usd::parse(full, nullptr, true);
            QVERIFY2(back && *back == amount, qPrintable(where));

            const int shown = static_cast<int>(gen.range(0, 9));
            i128 rounded = units;
            if (shown < 7)
                rounded = refRoundHalfEven(units, pow10(7 - shown));
            QString expected = refFormat(rounded, std::min(shown, 7));
            if (shown > 7)
                expected += QString(shown - 7, u'0');
            QVERIFY2(amount.toDisplayString(shown) == expected,
                     qPrintable(where + QStringLiteral(" shown=%1 got=%2 expected=%3")
                                            .arg(shown)
                                            .arg(amount.toDisplayString(shown), expected)));

            if (units > 0) {
                const auto rate = TftPrice::fromUnits(units);
                QVERIFY2(rate.toString() == refFormat(units, 12), qPrintable(where));
                QVERIFY2(TftPrice::parse(rate.toString()) == rate, qPrintable(where));
            }
        }
    }

    void roundsTiesToEven()
    {
        // 0.5 % of 1 unit .. 400 units: ties at every odd multiple of 100 units.
        const Percent half = Percent::fromUnits(5'000'000);
        QCOMPARE(half.of(Tfc::fromUnits(100)).units(), 0);  // 0.5 → 0
        QCOMPARE(half.of(Tfc::fromUnits(300)).units(), 2);  // 1.5 → 2
        QCOMPARE(half.of(Tfc::fromUnits(500)).units(), 2);  // 2.5 → 2
        QCOMPARE(half.of(Tfc::fromUnits(-300)).units(), -2);
        QCOMPARE(half.of(Tfc::fromUnits(-500)).units(), -2);
        QCOMPARE(half.of(Tfc::fromUnits(301)).units(), 2);
        // 10 % commission of 99.9999995 TFC = 9.99999995 → 10.0000000 (tie, 9.9999999 is odd).
        QCOMPARE(Percent::fromWhole(10).of(Tfc::fromUnits(999'999'995)).units(), 100'000'000);
        // 2 % buffer on 100 TFT.
        QCOMPARE(Percent::fromWhole(2).grow(Tft::fromWhole(100)), Tft::fromWhole(102));
        // 20 USD at 0.01 USD/TFT is 2,000 TFT, and back.
        const auto price = *TftPrice::parse(u"0.01");
        QCOMPARE(price.invert(Usd::fromWhole(20)), Tft::fromWhole(2000));
        QCOMPARE(price.convert(Tft::fromWhole(2000)), Usd::fromWhole(20));
        // 0.5 unit ties through a rate: 1 unit × 0.5 = 0.5 → 0; 3 × 0.5 = 1.5 → 2.
        const auto half12 = *TftPrice::parse(u"0.5");
        QCOMPARE(half12.convert(Tft::fromUnits(1)).units(), 0);
        QCOMPARE(half12.convert(Tft::fromUnits(3)).units(), 2);
        QCOMPARE(TftPrice::fromUnits(4'000'000'000'000).invert(Usd::fromUnits(2)).units(), 0); // 2/4
        QCOMPARE(TftPrice::fromUnits(4'000'000'000'000).invert(Usd::fromUnits(6)).units(), 2); // 6/4
        QCOMPARE(fixed::divideHalfEven(-5, -2), 2);
        QCOMPARE(fixed::divideHalfEven(5, -2), -2);
        QCOMPARE(fixed::divideHalfEven(-7, 2), -4);
        QVERIFY(throwsOverflow([] { fixed::divideHalfEven(1, 0); }));
    }

    void randomRoundingMatchesExactRationals()
    {
        Gen gen(0x726f756e64ULL);
        int ties = 0;
        int overflows = 0;
        const i128 percentDen = static_cast<i128>(fixed::kAmountScale) * 100;
        for (int i = 0; i < 20000; ++i) {
            const bool small = gen.chance(60);
            const std::int64_t a = small ? gen.roundish(12) * (gen.chance(30) ? -1 : 1) : gen.anyInt64();
            const std::int64_t p = gen.chance(70) ? gen.roundish(10) : gen.anyInt64(false);
            const std::int64_t r = std::max<std::int64_t>(1, gen.chance(70) ? gen.roundish(14) : gen.anyInt64(false));
            const QString where = QStringLiteral("a=%1 p=%2 r=%3").arg(a).arg(p).arg(r);

            struct Case
            {
                i128 numerator;
                i128 denominator;
                std::function<std::int64_t()> run;
                const char *name;
            };
            const Percent percent = Percent::fromUnits(p);
            const TftPrice rate = TftPrice::fromUnits(r);
            const Case cases[] = {
                {static_cast<i128>(a) * p, percentDen, [&] { return percent.of(Usd::fromUnits(a)).units(); }, "of"},
                {static_cast<i128>(a) * (percentDen + p), percentDen,
                 [&] { return percent.grow(Usd::fromUnits(a)).units(); }, "grow"},
                {static_cast<i128>(a) * r, fixed::kRateScale, [&] { return rate.convert(Tft::fromUnits(a)).units(); },
                 "convert"},
                {static_cast<i128>(a) * fixed::kRateScale, r, [&] { return rate.invert(Usd::fromUnits(a)).units(); },
                 "invert"},
            };
            for (const Case &c : cases) {
                const i128 exact = refRoundHalfEven(c.numerator, c.denominator);
                ties += isTie(c.numerator, c.denominator) ? 1 : 0;
                if (fits(exact)) {
                    std::int64_t got = 0;
                    const bool threw = throwsOverflow([&] { got = c.run(); });
                    QVERIFY2(!threw, qPrintable(where + u' ' + QLatin1String(c.name)));
                    QVERIFY2(got == exact, qPrintable(where + u' ' + QLatin1String(c.name) + QStringLiteral(" got ")
                                                      + str128(got) + QStringLiteral(" expected ") + str128(exact)));
                } else {
                    ++overflows;
                    QVERIFY2(throwsOverflow(c.run), qPrintable(where + u' ' + QLatin1String(c.name)));
                }
            }
        }
        QVERIFY2(ties > 1000, qPrintable(QString::number(ties)));
        QVERIFY2(overflows > 1000, qPrintable(QString::number(overflows)));
    }

    void randomDeviationMatchesExactRationals()
    {
        Gen gen(0x736c6970ULL);
        for (int i = 0; i < 5000; ++i) {
            const std::int64_t x = std::max<std::int64_t>(1, gen.chance(70) ? gen.roundish(14) : gen.anyInt64(false));
            const std::int64_t y = std::max<std::int64_t>(1, gen.chance(70) ? gen.roundish(14) : gen.anyInt64(false));
            const i128 diff = x > y ? static_cast<i128>(x) - y : static_cast<i128>(y) - x;
            const i128 exact = refRoundHalfEven(diff * fixed::kAmountScale * 100, y);
            const auto run = [&] { return TftPrice::fromUnits(x).deviationFrom(TftPrice::fromUnits(y)).units(); };
            const QString where = QStringLiteral("x=%1 y=%2").arg(x).arg(y);
            if (fits(exact))
                QVERIFY2(run() == exact, qPrintable(where));
            else
                QVERIFY2(throwsOverflow(run), qPrintable(where));
        }
        QVERIFY(throwsOverflow([] { TftPrice::fromUnits(5).deviationFrom(TftPrice()); }));
        QVERIFY(throwsOverflow([] { TftPrice().invert(Usd::fromUnits(5)); }));
    }

    void overflowIsDetectedExactly()
    {
        QVERIFY(throwsOverflow([] { Tfc::fromUnits(INT64_MAX) + Tfc::fromUnits(1); }));
        QVERIFY(throwsOverflow([] { Tfc::fromUnits(INT64_MIN) - Tfc::fromUnits(1); }));
        QVERIFY(throwsOverflow([] { -Tfc::fromUnits(INT64_MIN); }));
        QVERIFY(throwsOverflow([] { Tfc::fromUnits(INT64_MIN).timesCount(-1); }));
        QVERIFY(throwsOverflow([] { Tfc::fromWhole(922'337'203'686); }));
        QCOMPARE(Tfc::fromWhole(922'337'203'685).units(), 9'223'372'036'850'000'000);
        QCOMPARE((Tfc::fromUnits(INT64_MAX) + Tfc::fromUnits(INT64_MIN)).units(), -1);

        Gen gen(0x6f766572ULL);
        int overflows = 0;
        for (int i = 0; i < 30000; ++i) {
            const std::int64_t a = gen.anyInt64();
            const std::int64_t b = gen.anyInt64();
            const std::int64_t n = gen.chance(50) ? gen.range(-1000, 1000) : gen.anyInt64();
            const Tfc x = Tfc::fromUnits(a);
            const Tfc y = Tfc::fromUnits(b);
            const QString where = QStringLiteral("a=%1 b=%2 n=%3").arg(a).arg(b).arg(n);
            const auto check = [&](i128 exact, auto op, const char *name) {
                if (fits(exact)) {
                    std::int64_t got = 0;
                    const bool threw = throwsOverflow([&] { got = op(); });
                    QVERIFY2(!threw && got == exact, qPrintable(where + u' ' + QLatin1String(name)));
                } else {
                    ++overflows;
                    QVERIFY2(throwsOverflow(op), qPrintable(where + u' ' + QLatin1String(name)));
                }
            };
            check(static_cast<i128>(a) + b, [&] { return (x + y).units(); }, "add");
            if (QTest::currentTestFailed())
                return;
            check(static_cast<i128>(a) - b, [&] { return (x - y).units(); }, "sub");
            if (QTest::currentTestFailed())
                return;
            check(static_cast<i128>(a) * n, [&] { return x.timesCount(n).units(); }, "timesCount");
            if (QTest::currentTestFailed())
                return;
            check(-static_cast<i128>(a), [&] { return (-x).units(); }, "negate");
            if (QTest::currentTestFailed())
                return;
            Tfc acc = x;
            check(static_cast<i128>(a) + b, [&] { return (acc += y).units(); }, "+=");
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(acc.units() == (fits(static_cast<i128>(a) + b) ? a + b : a), qPrintable(where)); // unchanged on throw
        }
        QVERIFY2(overflows > 5000, qPrintable(QString::number(overflows)));
    }

    void comparesWithinOneCurrency()
    {
        QVERIFY(Tfc::fromUnits(1) < Tfc::fromUnits(2));
        QVERIFY(Tfc::fromUnits(-1) < Tfc());
        QVERIFY(Tfc().isZero() && Tfc::fromUnits(3).isPositive() && Tfc::fromUnits(-3).isNegative());
        QCOMPARE(currencyCode(Currency::TFT), QStringLiteral("TFT"));
        QCOMPARE(TftPrice::ratio(Usd::fromWhole(1), Tft::fromUnits(992'000'000)).toString(),
                 QStringLiteral("0.010080645161")); // 1 / 99.2 = 0.0100806451612903…
        QVERIFY(throwsOverflow([] { TftPrice::ratio(Usd::fromWhole(1), Tft()); }));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
