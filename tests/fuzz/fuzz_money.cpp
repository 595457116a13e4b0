// Money, percentages and rates from text: strict parsing never crashes, and what parses prints
// back to text that parses to the same value.
#include "FuzzSupport.h"
#include "domain/Money.h"

namespace {

template<class T, class Parse> void roundTrip(const QString &text, Parse parse, const char *what)
{
    QString error;
    const std::optional<T> value = parse(text, &error);
    if (!value) {
        if (error.isEmpty())
            griddeck::fuzz::broken(what, QStringLiteral("rejected without a reason: ") + text.left(100));
        return;
    }
    const QString shown = value->toString();
    const std::optional<T> back = parse(shown, nullptr);
    if (!back || !(*back == *value))
        griddeck::fuzz::broken(
            what, QStringLiteral("%1 -> %2 does not parse back").arg(text.left(100), shown));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace griddeck;
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    roundTrip<Tfc>(
        text, [](const QString &t, QString *e) { return Tfc::parse(t, e); }, "Tfc");
    roundTrip<Tfc>(
        text, [](const QString &t, QString *e) { return Tfc::parse(t, e, true); }, "signed Tfc");
    roundTrip<Tft>(
        text, [](const QString &t, QString *e) { return Tft::parse(t, e); }, "Tft");
    roundTrip<Percent>(
        text, [](const QString &t, QString *e) { return Percent::parse(t, e); }, "Percent");
    roundTrip<TftPrice>(
        text, [](const QString &t, QString *e) { return TftPrice::parse(t, e); }, "Rate");
    return 0;
}
