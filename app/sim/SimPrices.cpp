#include "sim/SimPrices.h"

#include <QJsonObject>

#include <algorithm>

namespace griddeck {

namespace {

constexpr std::int64_t kMinUnits = SimPrices::kBaseUnits / 100 * 80;
constexpr std::int64_t kMaxUnits = SimPrices::kBaseUnits / 100 * 120;
constexpr size_t kAverageWindow = 10;

// Rounds a 12-decimal rate to 9 decimals, the precision a 7-decimal amount for 100 TFT carries,
// so the Horizon quote reproduces the walk's price exactly.
std::int64_t toNineDecimals(std::int64_t units)
{
    return fixed::divideHalfEven(units, 1000) * 1000;
}

QJsonObject horizonProblem(int status, const QString &title, const QString &detail, const QString &field)
{
    QJsonObject p{{QStringLiteral("type"), status == 400 ? QStringLiteral("https://stellar.org/horizon-errors/bad_request")
                                                         : QStringLiteral("https://stellar.org/horizon-errors/service_unavailable")},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("detail"), detail}};
    if (!field.isEmpty())
        p.insert(QStringLiteral("extras"), QJsonObject{{QStringLiteral("invalid_field"), field}, {QStringLiteral("reason"), detail}});
    return p;
}

SimReply problemReply(const QJsonObject &problem, int status)
{
    SimReply r = SimReply::json(problem, status);
    r.contentType = QByteArrayLiteral("application/problem+json");
    return r;
}

// A positive amount sent as a decimal string (never a JSON number: no float rounds money).
template<class A>
std::optional<A> readAmount(const QJsonObject &object, const QString &key, QString *error)
{
    const QJsonValue v = object.value(key);
    if (!v.isString()) {
        *error = v.isUndefined() ? QStringLiteral("%1 is required").arg(key)
                                 : QStringLiteral("%1 must be a decimal string such as \"22.5000000\"").arg(key);
        return std::nullopt;
    }
    QString why;
    const auto a = A::parse(v.toString(), &why);
    if (!a || a->isZero()) {
        *error = QStringLiteral("%1 must be a positive amount: %2").arg(key, a ? QStringLiteral("it is zero") : why);
        return std::nullopt;
    }
    return a;
}

} // namespace

const QString &SimPrices::usdcIssuer()
{
    static const QString issuer = QStringLiteral("GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN");
    return issuer;
}

const QString &SimPrices::tftIssuer()
{
    static const QString issuer = QStringLiteral("GBOVQKJYHXRR3DX6NOX2RRYFRCUMSADGDESTDNBDS6CDVLGVESRTAC47");
    return issuer;
}

SimPrices::SimPrices(quint64 seed)
    : m_seed(seed)
{
    reset();
}

void SimPrices::reset()
{
    m_rng.reseed(SimRng::mix(m_seed) ^ 0x7072696365730001ULL);
    m_units = kBaseUnits;
    m_reads = 0;
    m_history.assign(1, m_units);
}

void SimPrices::tick()
{
    if (++m_reads % kReadsPerStep == 0)
        step();
}

void SimPrices::step()
{
    // A step of up to ±0.6 %, kept inside the ±20 % band.
    const std::int64_t ppm = m_rng.range(-6000, 6000);
    std::int64_t next = fixed::divideHalfEven(static_cast<__int128>(m_units) * (1000000 + ppm), 1000000);
    m_units = toNineDecimals(std::clamp(next, kMinUnits, kMaxUnits));
    m_history.push_back(m_units);
    while (m_history.size() > kAverageWindow)
        m_history.pop_front();
}

TftPrice SimPrices::priceFor(const QString &source, const SimFaults &faults) const
{
    const auto skew = faults.priceSkewPercent.constFind(source);
    if (skew == faults.priceSkewPercent.constEnd())
        return current();
    // Skew the price as an amount: units × (1 + pct/100), half-to-even, then back to 9 decimals.
    const std::int64_t grown = fixed::divideHalfEven(static_cast<__int128>(m_units) * (fixed::kAmountScale * 100 + skew->units()),
                                                     static_cast<__int128>(fixed::kAmountScale) * 100);
    return TftPrice::fromUnits(std::max<std::int64_t>(1000, toNineDecimals(grown)));
}

SimReply SimPrices::horizon(const QUrlQuery &query, const SimFaults &faults)
{
    auto param = [&](const char *key) { return query.queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded); };
    if (faults.sourceDown.contains(QStringLiteral("dex")))
        return problemReply(horizonProblem(503, QStringLiteral("Service Unavailable"),
                                           QStringLiteral("Horizon is temporarily unavailable (simulated outage of the dex source)."),
                                           QString()),
                            503);
    const QString destType = param("destination_asset_type");
    if (destType.isEmpty())
        return problemReply(horizonProblem(400, QStringLiteral("Bad Request"), QStringLiteral("destination_asset_type is required"),
                                           QStringLiteral("destination_asset_type")),
                            400);
    QString amountError;
    const auto amount = Tft::parse(param("destination_amount"), &amountError);
    if (!amount || amount->isZero())
        return problemReply(horizonProblem(400, QStringLiteral("Bad Request"),
                                           QStringLiteral("destination_amount must be a positive amount with at most 7 decimals"),
                                           QStringLiteral("destination_amount")),
                            400);
    const QString sources = param("source_assets");
    if (sources.isEmpty() && param("source_account").isEmpty())
        return problemReply(horizonProblem(400, QStringLiteral("Bad Request"),
                                           QStringLiteral("either source_assets or source_account is required"),
                                           QStringLiteral("source_assets")),
                            400);
    tick();

    QJsonArray records;
    const bool wantsTft = param("destination_asset_code") == u"TFT";
    QString usdcIssuerAsked;
    for (const QString &asset : sources.split(u',', Qt::SkipEmptyParts))
        if (asset.startsWith(QStringLiteral("USDC:")))
            usdcIssuerAsked = asset.mid(5);
    if (wantsTft && (!usdcIssuerAsked.isEmpty() || sources.isEmpty())) {
        const QString issuer = usdcIssuerAsked.isEmpty() ? usdcIssuer() : usdcIssuerAsked;
        const std::int64_t price = priceFor(QStringLiteral("dex"), faults).units();
        const QJsonObject native{{QStringLiteral("asset_type"), QStringLiteral("native")}};
        const QJsonObject btc{{QStringLiteral("asset_type"), QStringLiteral("credit_alphanum4")},
                              {QStringLiteral("asset_code"), QStringLiteral("BTC")},
                              {QStringLiteral("asset_issuer"), QStringLiteral("GDPJALI4AZKUU2W426U5WKMAT6CN3AJRPIIRYR2YM54TL2GDWO5O2MZM")}};
        // Three paths; the direct order book is cheapest, and deliberately not listed first.
        const struct { std::int64_t extraPpm; QJsonArray path; } paths[] = {
            {3500, QJsonArray{native}}, {0, QJsonArray{}}, {11000, QJsonArray{native, btc}}};
        for (const auto &p : paths) {
            const auto rate = TftPrice::fromUnits(fixed::divideHalfEven(static_cast<__int128>(price) * (1000000 + p.extraPpm), 1000000));
            records.append(QJsonObject{{QStringLiteral("source_asset_type"), QStringLiteral("credit_alphanum4")},
                                       {QStringLiteral("source_asset_code"), QStringLiteral("USDC")},
                                       {QStringLiteral("source_asset_issuer"), issuer},
                                       {QStringLiteral("source_amount"), rate.convert(*amount).toString()},
                                       {QStringLiteral("destination_asset_type"), destType},
                                       {QStringLiteral("destination_asset_code"), QStringLiteral("TFT")},
                                       {QStringLiteral("destination_asset_issuer"), param("destination_asset_issuer").isEmpty()
                                                                                        ? tftIssuer()
                                                                                        : param("destination_asset_issuer")},
                                       {QStringLiteral("destination_amount"), amount->toString()},
                                       {QStringLiteral("path"), p.path}});
        }
    }
    const QString self = QStringLiteral("/paths/strict-receive?") + query.toString(QUrl::FullyEncoded);
    return SimReply::json(QJsonObject{
        {QStringLiteral("_links"), QJsonObject{{QStringLiteral("self"), QJsonObject{{QStringLiteral("href"), self}}}}},
        {QStringLiteral("_embedded"), QJsonObject{{QStringLiteral("records"), records}}}});
}

SimReply SimPrices::coingecko(const QUrlQuery &query, const SimFaults &faults)
{
    if (faults.sourceDown.contains(QStringLiteral("coingecko")))
        return SimReply::json(QJsonObject{{QStringLiteral("status"), QJsonObject{{QStringLiteral("error_code"), 503},
                                                                                 {QStringLiteral("error_message"),
                                                                                  QStringLiteral("Service unavailable (simulated outage)")}}}},
                              503);
    const QString currencies = query.queryItemValue(QStringLiteral("vs_currencies"), QUrl::FullyDecoded);
    if (currencies.isEmpty())
        return SimReply::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("Missing parameter vs_currencies")}}, 400);
    tick();
    QJsonObject out;
    const QStringList ids = query.queryItemValue(QStringLiteral("ids"), QUrl::FullyDecoded).split(u',', Qt::SkipEmptyParts);
    if (ids.contains(QStringLiteral("threefold-token")) && currencies.split(u',').contains(QStringLiteral("usd"))) {
        // CoinGecko reports a JSON number; 8 decimals is what it shows for a ~0.01 coin.
        const std::int64_t e8 = fixed::divideHalfEven(priceFor(QStringLiteral("coingecko"), faults).units(), 10000);
        out.insert(QStringLiteral("threefold-token"), QJsonObject{{QStringLiteral("usd"), double(e8) / 1e8}});
    }
    return SimReply::json(out);
}

SimReply SimPrices::gridStats(const SimFaults &faults)
{
    if (faults.sourceDown.contains(QStringLiteral("grid_stats")))
        return SimReply::error(503, QStringLiteral("the TFChain price oracle is unavailable (simulated outage)"));
    tick();
    // Whole mUSD, as pallet-tft-price stores them (u32): 12-decimal USD units / 10^9.
    const std::int64_t musd = fixed::divideHalfEven(priceFor(QStringLiteral("grid_stats"), faults).units(), 1000000000);
    __int128 sum = 0;
    for (std::int64_t u : m_history)
        sum += u;
    std::int64_t average = fixed::divideHalfEven(sum, static_cast<__int128>(m_history.size()));
    if (const auto skew = faults.priceSkewPercent.constFind(QStringLiteral("grid_stats")); skew != faults.priceSkewPercent.constEnd())
        average = skew->grow(Usd::fromUnits(average)).units(); // same skew, applied as to an amount
    const std::int64_t averageMusd = fixed::divideHalfEven(average, 1000000000);
    return SimReply::json(QJsonObject{{QStringLiteral("tft_price_musd"), qint64(std::max<std::int64_t>(1, musd))},
                                      {QStringLiteral("average_tft_price_musd"), qint64(std::max<std::int64_t>(1, averageMusd))}});
}

// ---- the wallet ------------------------------------------------------------------------------

QJsonObject SimConversion::toJson() const
{
    return {{QStringLiteral("tx_id"), txId},
            {QStringLiteral("idempotency_key"), idempotencyKey},
            {QStringLiteral("job_id"), jobId},
            {QStringLiteral("usd_spent"), usdSpent.toString()},
            {QStringLiteral("tft_received"), tftReceived.toString()},
            {QStringLiteral("rate"), rate.toString()}};
}

SimWallet::SimWallet(quint64 seed)
    : m_seed(seed)
{
    reset();
}

void SimWallet::reset()
{
    m_usd = Usd::fromWhole(1000000);
    m_tft = Tft::fromWhole(150000);
    m_conversions.clear();
}

SimReply SimWallet::convert(const QByteArray &body, TftPrice rate, const QString &idempotencyKey)
{
    QString error;
    const auto object = parseJsonObjectBody(body, &error);
    if (!object)
        return SimReply::error(400, error);
    SimFields f(*object);
    const qint64 jobId = f.integer(QStringLiteral("job_id"), 0, INT64_C(1) << 53, 0);
    if (!f.ok())
        return SimReply::error(400, f.error());
    const auto usdLimit = readAmount<Usd>(*object, QStringLiteral("usd_amount"), &error);
    if (!usdLimit)
        return SimReply::error(400, error);
    const auto tftWanted = readAmount<Tft>(*object, QStringLiteral("tft_amount"), &error);
    if (!tftWanted)
        return SimReply::error(400, error);

    const Usd cost = rate.convert(*tftWanted);
    if (cost > *usdLimit)
        return SimReply::error(422, QStringLiteral("the price moved: %1 TFT costs %2 USD at %3 USD/TFT, above the %4 USD limit")
                                        .arg(tftWanted->toString(), cost.toString(), rate.toString(), usdLimit->toString()));
    if (cost > m_usd)
        return SimReply::error(422, QStringLiteral("the wallet cannot cover it: %1 USD needed, %2 USD held")
                                        .arg(cost.toString(), m_usd.toString()));
    m_usd -= cost;
    m_tft += *tftWanted;
    SimConversion c;
    c.txId = QStringLiteral("tx-%1").arg(SimRng::mix(m_seed * 1000003u + quint64(m_conversions.size()) + 1), 16, 16, QLatin1Char('0'));
    c.idempotencyKey = idempotencyKey;
    c.jobId = jobId;
    c.usdSpent = cost;
    c.tftReceived = *tftWanted;
    c.rate = rate;
    m_conversions.append(c);
    return SimReply::json(QJsonObject{{QStringLiteral("tx_id"), c.txId},
                                      {QStringLiteral("tft_received"), c.tftReceived.toString()},
                                      {QStringLiteral("usd_spent"), c.usdSpent.toString()},
                                      {QStringLiteral("rate"), c.rate.toString()}});
}

SimReply SimWallet::balance() const
{
    return SimReply::json(QJsonObject{{QStringLiteral("tft"), m_tft.toString()}, {QStringLiteral("usd"), m_usd.toString()}});
}

QJsonArray SimWallet::conversionsJson() const
{
    QJsonArray a;
    for (const SimConversion &c : m_conversions)
        a.append(c.toJson());
    return a;
}

} // namespace griddeck
