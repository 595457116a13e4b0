#include "sim/SimEngine.h"

#include "sim/SimContracts.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>

namespace griddeck {

namespace {

const Clock *clockOf(const SimOptions &options)
{
    return options.clock ? options.clock : &SystemClock::instance();
}

SimFaults initialFaults(const SimOptions &options)
{
    SimFaults f;
    f.readyDelayMs = options.readyDelayMs;
    return f;
}

// What identifies "the same request" for an Idempotency-Key: method, path and the body's
// meaning (a JSON body compared canonically, so key order or spacing do not matter).
QByteArray fingerprint(const SimRequest &r)
{
    QByteArray canonical = r.body;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    if (!doc.isNull())
        canonical = doc.toJson(QJsonDocument::Compact);
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(r.method.toUtf8() + ' ' + r.path.toUtf8() + '\n');
    h.addData(canonical);
    return h.result();
}

} // namespace

SimEngine::SimEngine(const SimOptions &options, SimFleet fleet)
    : m_options(options)
    , m_clock(clockOf(options))
    , m_initialFleet(fleet)
    , m_fleet(std::move(fleet))
    , m_faults(initialFaults(options))
    , m_dice(options.seed)
    , m_deployments(&m_fleet, m_clock)
    , m_prices(options.seed)
    , m_wallet(options.seed)
{
}

void SimEngine::reset()
{
    m_fleet = m_initialFleet;
    m_faults = initialFaults(m_options);
    m_dice.reseed(m_options.seed);
    m_deployments.reset();
    m_prices.reset();
    m_wallet.reset();
    m_idempotency.clear();
    m_counters.clear();
}

QString SimEngine::route(const SimRequest &r, std::function<SimReply()> *run, bool *needsKey, bool *simControl)
{
    const QStringList s = r.path.split(u'/', Qt::SkipEmptyParts);
    const bool get = r.method == u"GET";
    const bool post = r.method == u"POST";
    *needsKey = false;
    *simControl = !s.isEmpty() && s.first() == u"_sim";
    auto is = [&](std::initializer_list<const char *> parts) {
        if (s.size() != qsizetype(parts.size()))
            return false;
        qsizetype i = 0;
        for (const char *p : parts) {
            if (qstrcmp(p, "*") != 0 && s.at(i) != QLatin1String(p))
                return false;
            ++i;
        }
        return true;
    };
    auto only = [&](bool methodOk, const QString &name, std::function<SimReply()> handler) {
        if (!methodOk) {
            *run = [name, r] {
                return SimReply::error(405, QStringLiteral("%1 is not allowed here; this path answers %2").arg(r.method, name));
            };
            return QStringLiteral("other");
        }
        *run = std::move(handler);
        return name;
    };

    if (is({"nodes"}))
        return only(get, QStringLiteral("GET /nodes"), [this, r] { return nodes(r.query); });
    if (is({"nodes", "*"}))
        return only(get, QStringLiteral("GET /nodes/{id}"), [this, r] { return node(r.path.section(u'/', -1)); });
    if (is({"stats"}))
        return only(get, QStringLiteral("GET /stats"), [this, r] { return stats(r.query); });
    if (is({"graphql"}))
        return only(post, QStringLiteral("POST /graphql"), [this, r] { return m_fleet.graphql(r.body, m_clock->nowMs() / 1000); });
    if (is({"deployments", "*"})) {
        const QString x = s.at(1);
        if (post) {
            *needsKey = true;
            return only(true, QStringLiteral("POST /deployments/{type}"),
                        [this, r, x] { return m_deployments.create(x, r.body, m_faults, m_dice); });
        }
        return only(get, QStringLiteral("GET /deployments/{id}"), [this, x] { return m_deployments.get(x); });
    }
    if (is({"deployments", "*", "health"}))
        return only(get, QStringLiteral("GET /deployments/{id}/health"),
                    [this, x = s.at(1)] { return m_deployments.health(x, m_faults, m_dice, m_sshPort); });
    if (is({"deployments", "*", "cancel"}))
        return only(post, QStringLiteral("POST /deployments/{id}/cancel"), [this, x = s.at(1)] { return m_deployments.cancel(x); });
    if (is({"deployments", "*", "stop"}))
        return only(post, QStringLiteral("POST /deployments/{id}/stop"), [this, x = s.at(1)] { return m_deployments.stop(x); });
    if (is({"deployments", "*", "restart"}))
        return only(post, QStringLiteral("POST /deployments/{id}/restart"),
                    [this, x = s.at(1)] { return m_deployments.restart(x, m_faults, m_dice); });
    if (is({"contracts"}))
        return only(get, QStringLiteral("GET /contracts"), [this, r] { return listContracts(m_deployments, r.query); });
    if (is({"tft_price"}))
        return only(get, QStringLiteral("GET /tft_price"), [this] { return m_prices.gridStats(m_faults); });
    if (is({"paths", "strict-receive"}))
        return only(get, QStringLiteral("GET /paths/strict-receive"), [this, r] { return m_prices.horizon(r.query, m_faults); });
    if (is({"api", "v3", "simple", "price"}))
        return only(get, QStringLiteral("GET /api/v3/simple/price"), [this, r] { return m_prices.coingecko(r.query, m_faults); });
    if (is({"wallet", "convert"})) {
        *needsKey = post;
        return only(post, QStringLiteral("POST /wallet/convert"), [this, r] {
            if (m_faults.sourceDown.contains(QStringLiteral("dex")))
                return SimReply::error(503, QStringLiteral("the wallet cannot reach the Stellar dex (simulated outage)"));
            m_prices.tick();
            // dex price × (1 + slippage): Percent::grow on the rate's units (same half-even rounding).
            const TftPrice rate = TftPrice::fromUnits(m_faults.walletSlippagePercent.grow(
                Usd::fromUnits(m_prices.priceFor(QStringLiteral("dex"), m_faults).units())).units());
            return m_wallet.convert(r.body, rate, r.idempotencyKey);
        });
    }
    if (is({"wallet", "balance"}))
        return only(get, QStringLiteral("GET /wallet/balance"), [this] { return m_wallet.balance(); });
    if (is({"_sim", "faults"})) {
        if (post)
            return only(true, QStringLiteral("POST /_sim/faults"), [this, r] { return postFaults(r.body); });
        return only(get, QStringLiteral("GET /_sim/faults"), [this] { return SimReply::json(m_faults.toJson()); });
    }
    if (is({"_sim", "state"}))
        return only(get, QStringLiteral("GET /_sim/state"), [this] { return SimReply::json(state()); });
    if (is({"_sim", "reset"}))
        return only(post, QStringLiteral("POST /_sim/reset"), [this] {
            reset();
            return SimReply::json(QJsonObject{{QStringLiteral("reset"), true}});
        });
    *simControl = true; // no such path: answer 404 without faults
    *run = [r] { return SimReply::error(404, QStringLiteral("no such endpoint: %1 %2").arg(r.method, r.path)); };
    return QStringLiteral("other");
}

SimOutcome SimEngine::handle(const SimRequest &request)
{
    SimOutcome out;
    std::function<SimReply()> run;
    bool needsKey = false;
    bool simControl = false;
    out.endpoint = route(request, &run, &needsKey, &simControl);
    m_counters[out.endpoint] += 1;
    if (simControl) {
        out.reply = run();
        return out;
    }

    // Drawn for every request, in order, whatever happens next.
    const SimFaultDraw draw = m_dice.drawRequest(m_faults);
    out.latencyMs = m_faults.latencyMs;
    if (draw.error) {
        // Refused before doing anything: a retry with the same key does the work.
        out.fault = QStringLiteral("error");
        out.reply = SimReply::error(draw.errorStatus, draw.errorStatus == 503
                                                          ? QStringLiteral("service temporarily unavailable (simulated)")
                                                          : QStringLiteral("internal server error (simulated)"));
        return out;
    }
    out.reply = runIdempotent(request, out.endpoint, needsKey, run, &out.replayed);
    if (draw.timeout) {
        // The work is done and its reply is lost on the way: the case Idempotency-Key is for.
        out.fault = QStringLiteral("timeout");
        out.hold = true;
    } else if (draw.malformed) {
        out.fault = QStringLiteral("malformed");
        SimReply garbled;
        garbled.body = out.reply.body.left(out.reply.body.size() / 2);
        if (garbled.body.isEmpty())
            garbled.body = QByteArrayLiteral("{");
        out.reply = garbled;
    }
    return out;
}

SimReply SimEngine::runIdempotent(const SimRequest &request, const QString &endpoint, bool needsKey,
                                  const std::function<SimReply()> &run, bool *replayed)
{
    const bool isPost = request.method == u"POST";
    if (!isPost || (request.idempotencyKey.isEmpty() && !needsKey))
        return run();
    if (request.idempotencyKey.isEmpty())
        return SimReply::error(400, QStringLiteral("the Idempotency-Key header is required for %1").arg(endpoint));
    if (request.idempotencyKey.size() > 255)
        return SimReply::error(400, QStringLiteral("the Idempotency-Key header is longer than 255 characters"));
    const QByteArray print = fingerprint(request);
    const auto it = m_idempotency.constFind(request.idempotencyKey);
    if (it != m_idempotency.constEnd()) {
        if (it->fingerprint != print)
            return SimReply::error(409, QStringLiteral("Idempotency-Key \"%1\" was already used with a different request")
                                            .arg(request.idempotencyKey));
        *replayed = true;
        return it->reply;
    }
    const SimReply reply = run();
    // A 5xx did nothing and says "try again": a retry with the key must run, not replay it.
    if (reply.status < 500)
        m_idempotency.insert(request.idempotencyKey, Stored{print, reply});
    return reply;
}

SimReply SimEngine::nodes(const QUrlQuery &query) const
{
    const auto q = SimNodeQuery::parse(query);
    if (!q)
        return SimReply::proxyError(400, q.error().message);
    const SimNodePage page = m_fleet.query(*q);
    SimReply reply = SimReply::json(page.nodes);
    // grid-proxy internal/explorer/helpers.go createResponse: count, size, pages with ret_count.
    if (q->retCount) {
        reply.headers.append({QByteArrayLiteral("count"), QByteArray::number(page.count)});
        reply.headers.append({QByteArrayLiteral("size"), QByteArray::number(q->size)});
        reply.headers.append({QByteArrayLiteral("pages"), QByteArray::number(page.pages)});
    }
    return reply;
}

SimReply SimEngine::node(const QString &id) const
{
    // The real route is /nodes/{node_id:[0-9]+}: anything else is gorilla/mux's plain 404.
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,18}$"));
    if (!digits.match(id).hasMatch()) {
        SimReply r;
        r.status = 404;
        r.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
        r.body = QByteArrayLiteral("404 page not found\n");
        return r;
    }
    const SimNode *n = m_fleet.find(id.toLongLong());
    if (!n)
        return SimReply::proxyError(404, QStringLiteral("node not found"));
    return SimReply::json(m_fleet.nestedNodeJson(*n));
}

SimReply SimEngine::stats(const QUrlQuery &query) const
{
    const auto statuses = SimNodeQuery::parseStats(query);
    if (!statuses)
        return SimReply::proxyError(400, statuses.error().message);
    return SimReply::json(m_fleet.stats(*statuses, m_deployments.liveCount()));
}

SimReply SimEngine::postFaults(const QByteArray &body)
{
    QString error;
    const auto patch = parseJsonObjectBody(body, &error);
    if (!patch)
        return SimReply::error(400, error);
    const auto merged = m_faults.merged(*patch);
    if (!merged)
        return SimReply::error(400, merged.error().message);
    m_faults = *merged;
    return SimReply::json(m_faults.toJson());
}

QJsonObject SimEngine::state() const
{
    QJsonObject counters;
    for (auto it = m_counters.cbegin(); it != m_counters.cend(); ++it)
        counters.insert(it.key(), it.value());
    const QJsonObject wallet = QJsonDocument::fromJson(m_wallet.balance().body).object();
    return {{QStringLiteral("contracts"), m_deployments.contractsJson()},
            {QStringLiteral("counters"), counters},
            {QStringLiteral("faults"), m_faults.toJson()},
            {QStringLiteral("conversions"), m_wallet.conversionsJson()},
            {QStringLiteral("wallet"), wallet},
            {QStringLiteral("price_usd_per_tft"), m_prices.current().toString()},
            {QStringLiteral("seed"), QString::number(m_options.seed)}};
}

} // namespace griddeck
