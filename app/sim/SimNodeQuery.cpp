// GET /nodes and GET /stats query parsing, as strict as the real Grid Proxy. The real one
// (tfgrid-sdk-go, grid-proxy/internal/explorer/param_parser.go) decodes the query with
// gorilla/schema into NodeFilter and Limit (pkg/types/nodes.go, limit.go) without
// IgnoreUnknownKeys, then checks sort_by against the `sort` tags of types.Node (Limit.Valid).
// The 400 bodies below are its messages, word for word.

#include "sim/SimFleet.h"

#include <QMap>
#include <algorithm>
#include <cmath>
#include <functional>

namespace griddeck {

namespace {

enum class Kind { Strings, Uint, Uints, Text, Bool, Float };

struct Key
{
    const char *name;
    Kind kind;
};

// NodeFilter's `schema` tags, in the struct's order.
constexpr Key kFilterKeys[] = {
    { "status", Kind::Strings },
    { "free_mru", Kind::Uint },
    { "free_hru", Kind::Uint },
    { "free_sru", Kind::Uint },
    { "total_mru", Kind::Uint },
    { "total_hru", Kind::Uint },
    { "total_sru", Kind::Uint },
    { "total_cru", Kind::Uint },
    { "country", Kind::Text },
    { "country_contains", Kind::Text },
    { "city", Kind::Text },
    { "city_contains", Kind::Text },
    { "region", Kind::Text },
    { "farm_name", Kind::Text },
    { "farm_name_contains", Kind::Text },
    { "farm_ids", Kind::Uints },
    { "free_ips", Kind::Uint },
    { "ipv4", Kind::Bool },
    { "ipv6", Kind::Bool },
    { "domain", Kind::Bool },
    { "dedicated", Kind::Bool },
    { "in_dedicated_farm", Kind::Bool },
    { "rentable", Kind::Bool },
    { "owned_by", Kind::Uint },
    { "rented", Kind::Bool },
    { "rented_by", Kind::Uint },
    { "rentable_or_rented_by", Kind::Uint },
    { "available_for", Kind::Uint },
    { "node_id", Kind::Uint },
    { "node_ids", Kind::Uints },
    { "twin_id", Kind::Uint },
    { "certification_type", Kind::Text },
    { "has_gpu", Kind::Bool },
    { "num_gpu", Kind::Uint },
    { "gpu_device_id", Kind::Text },
    { "gpu_device_name", Kind::Text },
    { "gpu_vendor_id", Kind::Text },
    { "gpu_vendor_name", Kind::Text },
    { "gpu_available", Kind::Bool },
    { "healthy", Kind::Bool },
    { "price_min", Kind::Float },
    { "price_max", Kind::Float },
    { "excluded", Kind::Uints },
    { "has_ipv6", Kind::Bool },
    { "features", Kind::Strings },
};

// Limit's `schema` tags.
constexpr Key kLimitKeys[] = {
    { "size", Kind::Uint },
    { "page", Kind::Uint },
    { "ret_count", Kind::Bool },
    { "randomize", Kind::Bool },
    { "sort_by", Kind::Text },
    { "sort_order", Kind::Text },
    { "balance", Kind::Float },
};

// Go's strconv.ParseBool.
std::optional<bool> goBool(const QString &v)
{
    static const QStringList yes = { QStringLiteral("1"), QStringLiteral("t"), QStringLiteral("T"),
        QStringLiteral("TRUE"), QStringLiteral("true"), QStringLiteral("True") };
    static const QStringList no = { QStringLiteral("0"), QStringLiteral("f"), QStringLiteral("F"),
        QStringLiteral("FALSE"), QStringLiteral("false"), QStringLiteral("False") };
    if (yes.contains(v))
        return true;
    if (no.contains(v))
        return false;
    return std::nullopt;
}

// Go's strconv.ParseUint(v, 10, 64).
std::optional<quint64> goUint(const QString &v)
{
    if (v.isEmpty() || v.size() > 20)
        return std::nullopt;
    for (QChar c : v)
        if (c < u'0' || c > u'9')
            return std::nullopt;
    bool ok = false;
    const quint64 n = v.toULongLong(&ok);
    return ok ? std::optional<quint64>(n) : std::nullopt;
}

std::optional<double> goFloat(const QString &v)
{
    bool ok = false;
    const double d = v.toDouble(&ok);
    return ok && std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

// Go's %q for the ASCII keys and values we quote.
QString goQuote(const QString &v)
{
    QString out = QStringLiteral("\"");
    for (QChar c : v) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out + u'"';
}

// The query's items with a non-empty value (param_parser.go ignoreEmptyParams), key → values.
QMap<QString, QStringList> nonEmpty(const QUrlQuery &query)
{
    QMap<QString, QStringList> out;
    for (const auto &item : query.queryItems(QUrl::FullyDecoded))
        if (!item.second.isEmpty())
            out[item.first].append(item.second);
    return out;
}

// One gorilla/schema Decode over `keys`: every unknown or unconvertible key is an error; the
// message is the first (Go's map order is random; ours is alphabetical) plus "(and N other
// errors)", as schema.MultiError prints it.
std::optional<QString> decode(const QMap<QString, QStringList> &params, const Key *keys, size_t count,
    const std::function<void(const QString &, Kind, const QStringList &)> &store)
{
    QStringList errors;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        const Key *key = std::find_if(
            keys, keys + count, [&](const Key &k) { return it.key() == QLatin1String(k.name); });
        if (key == keys + count) {
            errors.append(QStringLiteral("schema: invalid path %1").arg(goQuote(it.key())));
            continue;
        }
        const QString last = it.value().last(); // a single-value field takes the last value
        bool ok = true;
        int badIndex = -1;
        switch (key->kind) {
        case Kind::Uint:
            ok = goUint(last).has_value();
            break;
        case Kind::Bool:
            ok = goBool(last).has_value();
            break;
        case Kind::Float:
            ok = goFloat(last).has_value();
            break;
        case Kind::Uints:
            for (int i = 0; i < it.value().size() && ok; ++i)
                for (const QString &part : it.value().at(i).split(u','))
                    if (!part.isEmpty() && !goUint(part)) {
                        ok = false;
                        badIndex = i;
                        break;
                    }
            break;
        case Kind::Strings:
        case Kind::Text:
            break;
        }
        if (!ok) {
            errors.append(badIndex >= 0
                    ? QStringLiteral("schema: error converting value for index %1 of %2")
                          .arg(badIndex)
                          .arg(goQuote(it.key()))
                    : QStringLiteral("schema: error converting value for %1").arg(goQuote(it.key())));
            continue;
        }
        store(it.key(), key->kind, it.value());
    }
    if (errors.isEmpty())
        return std::nullopt;
    QString message = errors.first();
    if (errors.size() == 2)
        message += QStringLiteral(" (and 1 other error)");
    else if (errors.size() > 2)
        message += QStringLiteral(" (and %1 other errors)").arg(errors.size() - 1);
    return QStringLiteral("failed to decode params: ") + message;
}

QStringList splitList(const QStringList &values)
{
    QStringList out;
    for (const QString &v : values)
        for (const QString &part : v.split(u','))
            if (!part.isEmpty())
                out.append(part);
    return out;
}

bool isLimitKey(const QString &key)
{
    return std::any_of(std::begin(kLimitKeys), std::end(kLimitKeys),
        [&](const Key &k) { return key == QLatin1String(k.name); });
}

// Decodes the Limit keys of `params`, then Limit.Valid(types.Node{}).
std::optional<QString> decodeLimit(const QMap<QString, QStringList> &all, SimNodeQuery *q)
{
    QMap<QString, QStringList> params;
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        if (isLimitKey(it.key()))
            params.insert(it.key(), it.value());
    QString sortOrder;
    auto error = decode(
        params, kLimitKeys, std::size(kLimitKeys), [&](const QString &key, Kind, const QStringList &v) {
            const QString last = v.last();
            if (key == u"size")
                q->size = *goUint(last);
            else if (key == u"page")
                q->page = *goUint(last);
            else if (key == u"ret_count")
                q->retCount = *goBool(last);
            else if (key == u"randomize")
                q->randomize = *goBool(last);
            else if (key == u"sort_by")
                q->sortBy = last;
            else if (key == u"sort_order")
                sortOrder = last;
        });
    if (error)
        return error;
    if (!q->sortBy.isEmpty() && !SimNodeQuery::sortKeys().contains(q->sortBy))
        return QStringLiteral("%1 is not a sort field for Node type").arg(goQuote(q->sortBy));
    if (!sortOrder.isEmpty() && sortOrder.compare(u"asc", Qt::CaseInsensitive) != 0
        && sortOrder.compare(u"desc", Qt::CaseInsensitive) != 0)
        return QStringLiteral("%1 is not a valid sort order").arg(goQuote(sortOrder));
    q->descending = sortOrder.compare(u"desc", Qt::CaseInsensitive) == 0;
    // The real proxy answers page 0 or size 0 with an SQL error (500); refusing is stricter.
    if (q->page < 1)
        return QStringLiteral("page must be at least 1");
    if (q->size < 1)
        return QStringLiteral("size must be at least 1");
    return std::nullopt;
}

} // namespace

const QStringList &SimNodeQuery::filterKeys()
{
    static const QStringList keys = [] {
        QStringList k;
        for (const Key &key : kFilterKeys)
            k.append(QLatin1String(key.name));
        return k;
    }();
    return keys;
}

const QStringList &SimNodeQuery::limitKeys()
{
    static const QStringList keys = [] {
        QStringList k;
        for (const Key &key : kLimitKeys)
            k.append(QLatin1String(key.name));
        return k;
    }();
    return keys;
}

const QStringList &SimNodeQuery::sortKeys()
{
    // The `sort` tags of types.Node; nested Capacity fields are the tag + the inner json name.
    static const QStringList keys = { QStringLiteral("node_id"), QStringLiteral("farm_id"),
        QStringLiteral("twin_id"), QStringLiteral("country"), QStringLiteral("city"),
        QStringLiteral("uptime"), QStringLiteral("created"), QStringLiteral("updated_at"),
        QStringLiteral("total_cru"), QStringLiteral("total_sru"), QStringLiteral("total_hru"),
        QStringLiteral("total_mru"), QStringLiteral("used_cru"), QStringLiteral("used_sru"),
        QStringLiteral("used_hru"), QStringLiteral("used_mru"), QStringLiteral("status"),
        QStringLiteral("dedicated_farm"), QStringLiteral("rent_contract_id"), QStringLiteral("rented"),
        QStringLiteral("rentable"), QStringLiteral("num_gpu"), QStringLiteral("extra_fee"),
        QStringLiteral("price_usd"), QStringLiteral("free_cru") };
    return keys;
}

Result<SimNodeQuery> SimNodeQuery::parse(const QUrlQuery &query)
{
    SimNodeQuery q;
    const QMap<QString, QStringList> all = nonEmpty(query);
    QMap<QString, QStringList> filter;
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        if (!isLimitKey(it.key()))
            filter.insert(it.key(), it.value());

    QString statusError;
    auto error = decode(filter, kFilterKeys, std::size(kFilterKeys),
        [&](const QString &key, Kind kind, const QStringList &v) {
            const QString last = v.last();
            const std::pair<const char *, std::optional<bool> *> bools[] = { { "healthy", &q.healthy },
                { "dedicated", &q.dedicated }, { "in_dedicated_farm", &q.inDedicatedFarm },
                { "rented", &q.rented }, { "rentable", &q.rentable }, { "ipv4", &q.ipv4 },
                { "ipv6", &q.ipv6 }, { "domain", &q.domain }, { "has_gpu", &q.hasGpu } };
            const std::pair<const char *, std::optional<quint64> *> uints[]
                = { { "free_mru", &q.freeMru }, { "free_sru", &q.freeSru }, { "free_hru", &q.freeHru },
                      { "total_mru", &q.totalMru }, { "total_sru", &q.totalSru },
                      { "total_hru", &q.totalHru }, { "total_cru", &q.totalCru }, { "free_ips", &q.freeIps },
                      { "node_id", &q.nodeId }, { "twin_id", &q.twinId }, { "rented_by", &q.rentedBy },
                      { "available_for", &q.availableFor }, { "owned_by", &q.ownedBy },
                      { "rentable_or_rented_by", &q.rentableOrRentedBy }, { "num_gpu", &q.numGpu } };
            const std::pair<const char *, std::optional<QString> *> texts[]
                = { { "country", &q.country }, { "city", &q.city },
                      { "country_contains", &q.countryContains }, { "city_contains", &q.cityContains },
                      { "farm_name", &q.farmName }, { "farm_name_contains", &q.farmNameContains },
                      { "certification_type", &q.certificationType } };
            if (kind == Kind::Bool) {
                for (const auto &[name, target] : bools)
                    if (key == QLatin1String(name))
                        *target = *goBool(last);
            } else if (kind == Kind::Uint) {
                for (const auto &[name, target] : uints)
                    if (key == QLatin1String(name))
                        *target = *goUint(last);
            } else if (kind == Kind::Text) {
                for (const auto &[name, target] : texts)
                    if (key == QLatin1String(name))
                        *target = last;
            } else if (kind == Kind::Uints) {
                QList<quint64> *target = key == u"farm_ids" ? &q.farmIds
                    : key == u"node_ids"                    ? &q.nodeIds
                                                            : &q.excluded;
                for (const QString &part : splitList(v))
                    target->append(*goUint(part));
            } else if (key == u"status") {
                for (const QString &s : splitList(v)) {
                    if (s != u"up" && s != u"down" && s != u"standby")
                        statusError = QStringLiteral("%1 is not a node status: expected up, down or standby")
                                          .arg(goQuote(s));
                    q.statuses.append(s);
                }
            }
        });
    if (error)
        return Error::invalid(*error);
    if (auto limitError = decodeLimit(all, &q))
        return Error::invalid(*limitError);
    // The real proxy builds an SQL condition from each status and fails (500) on another word;
    // refusing with 400 is stricter and says why.
    if (!statusError.isEmpty())
        return Error::invalid(statusError);
    return q;
}

Result<QStringList> SimNodeQuery::parseStats(const QUrlQuery &query)
{
    static constexpr Key statsKeys[] = { { "status", Kind::Strings } };
    const QMap<QString, QStringList> all = nonEmpty(query);
    QMap<QString, QStringList> filter;
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        if (!isLimitKey(it.key()))
            filter.insert(it.key(), it.value());
    QStringList statuses;
    QString statusError;
    auto error
        = decode(filter, statsKeys, std::size(statsKeys), [&](const QString &, Kind, const QStringList &v) {
              for (const QString &s : splitList(v)) {
                  if (s != u"up" && s != u"down" && s != u"standby")
                      statusError = QStringLiteral("%1 is not a node status: expected up, down or standby")
                                        .arg(goQuote(s));
                  statuses.append(s);
              }
          });
    if (error)
        return Error::invalid(*error);
    SimNodeQuery limit;
    if (auto limitError = decodeLimit(all, &limit); limitError && !limitError->contains(u"sort field"))
        return Error::invalid(*limitError);
    if (!statusError.isEmpty())
        return Error::invalid(statusError);
    return statuses;
}

} // namespace griddeck
