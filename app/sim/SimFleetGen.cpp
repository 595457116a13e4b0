// The seeded fleet: realistic proportions of the public grid (many small DIY nodes in Belgium,
// the Netherlands and Germany, fewer big certified ones, a few percent down, unhealthy, rented
// or nearly full) so node selection meets the cases it meets on mainnet. As on mainnet, CPU is
// over-sold on every node (used_resources.cru above total_resources.cru: ZOS reserves memory
// and disk, never CPU), used memory and SSD include ZOS's own reserve (grid-proxy setup.sql:
// max(mru/10, 2 GiB) and 20 GiB), some farms are dedicated (their nodes are rented whole), some
// nodes carry an extra fee, and farms own public IPv4 pools, some of them empty.

#include "sim/SimAddresses.h"
#include "sim/SimFleet.h"
#include "sim/SimRng.h"

#include <QSet>

#include <array>

namespace griddeck {

namespace {

constexpr qint64 kGiB = 1073741824LL;
constexpr qint64 kTB = 1000000000000LL;
// The snapshot time of a generated fleet: fixed, so the same seed gives the same JSON whenever
// it is generated (2026-01-01T00:00:00Z).
constexpr qint64 kFleetEpoch = 1767225600;

struct Place
{
    const char *country;
    const char *city;
    double latitude;
    double longitude;
    int weight; // the country's share of farms, on the first city row only
};

// Country names as the Grid Proxy spells them. 25 countries.
constexpr Place kPlaces[] = {
    {"Belgium", "Ghent", 51.05, 3.72, 14},         {"Belgium", "Brussels", 50.85, 4.35, 0},
    {"Belgium", "Antwerp", 51.22, 4.40, 0},        {"Netherlands", "Amsterdam", 52.37, 4.90, 10},
    {"Netherlands", "Rotterdam", 51.92, 4.48, 0},  {"Germany", "Frankfurt", 50.11, 8.68, 10},
    {"Germany", "Berlin", 52.52, 13.40, 0},        {"Germany", "Munich", 48.14, 11.58, 0},
    {"France", "Paris", 48.86, 2.35, 6},           {"France", "Lyon", 45.76, 4.84, 0},
    {"United States", "New York", 40.71, -74.01, 8}, {"United States", "Dallas", 32.78, -96.80, 0},
    {"United States", "San Jose", 37.34, -121.89, 0}, {"Canada", "Toronto", 43.65, -79.38, 3},
    {"Canada", "Montreal", 45.50, -73.57, 0},      {"United Kingdom", "London", 51.51, -0.13, 4},
    {"United Kingdom", "Manchester", 53.48, -2.24, 0}, {"Switzerland", "Zurich", 47.37, 8.54, 4},
    {"Switzerland", "Geneva", 46.20, 6.14, 0},     {"Austria", "Vienna", 48.21, 16.37, 4},
    {"Italy", "Milan", 45.46, 9.19, 3},            {"Spain", "Madrid", 40.42, -3.70, 3},
    {"Portugal", "Lisbon", 38.72, -9.14, 2},       {"Sweden", "Stockholm", 59.33, 18.07, 2},    {"Finland", "Helsinki", 60.17, 24.94, 2},
    {"Denmark", "Copenhagen", 55.68, 12.57, 2},    {"Poland", "Warsaw", 52.23, 21.01, 2},
    {"Romania", "Bucharest", 44.43, 26.10, 2},     {"Bulgaria", "Sofia", 42.70, 23.32, 2},
    {"Egypt", "Cairo", 30.04, 31.24, 4},           {"Tanzania", "Dar es Salaam", -6.79, 39.21, 3},
    {"Uganda", "Kampala", 0.35, 32.58, 2},         {"Kenya", "Nairobi", -1.29, 36.82, 2},
    {"India", "Mumbai", 19.08, 72.88, 3},          {"India", "Bangalore", 12.97, 77.59, 0},
    {"Singapore", "Singapore", 1.35, 103.82, 2},   {"Australia", "Sydney", -33.87, 151.21, 2},
};
constexpr int kPlaceCount = int(std::size(kPlaces));

constexpr const char *kFarmWords[] = {"Green", "Blue", "Solid", "Open", "Bright", "North", "Iron", "Silver",
                                      "Deep", "River", "Stone", "Cedar", "Swift", "Quiet", "Amber", "Coral"};
constexpr const char *kFarmNouns[] = {"Farm", "Edge", "Grid", "Cloud", "Nodes", "Works", "Data", "Peak",
                                      "Harbor", "Valley", "Mesh", "Racks"};

struct Farm
{
    qint64 id = 0;
    QString name;
    int place = 0; // index of the home city in kPlaces
    bool certified = false;
    bool dedicated = false;
    int weight = 1;
};

template<class T, size_t N>
T pick(SimRng &rng, const T (&items)[N])
{
    return items[rng.range(0, qint64(N) - 1)];
}

template<class T, size_t N>
T pick(SimRng &rng, const std::array<T, N> &items)
{
    return items[size_t(rng.range(0, qint64(N) - 1))];
}

// Rows of kPlaces that start a country.
QList<int> countryRows()
{
    QList<int> rows;
    for (int i = 0; i < kPlaceCount; ++i)
        if (kPlaces[i].weight > 0)
            rows.append(i);
    return rows;
}

int otherCityOf(SimRng &rng, int row)
{
    QList<int> rows;
    for (int i = 0; i < kPlaceCount; ++i)
        if (qstrcmp(kPlaces[i].country, kPlaces[row].country) == 0)
            rows.append(i);
    return rows.at(int(rng.range(0, rows.size() - 1)));
}

QString hex(quint64 v, int digits)
{
    return QStringLiteral("%1").arg(v & ((quint64(1) << (4 * digits)) - 1), digits, 16, QLatin1Char('0'));
}

} // namespace

SimFleet SimFleet::generate(quint64 seed, int nodeCount)
{
    SimRng rng(SimRng::mix(seed) ^ 0x6772696464656b31ULL);
    SimFleet fleet;
    if (nodeCount <= 0)
        return fleet;

    // Farms: the first ones cover every country once, the rest follow the country weights.
    const QList<int> countries = countryRows();
    int totalWeight = 0;
    for (int row : countries)
        totalWeight += kPlaces[row].weight;
    const int farmCount = std::clamp((nodeCount * 40 + 150) / 300, 1, nodeCount);
    std::vector<Farm> farms;
    QSet<QString> names;
    qint64 farmId = 0;
    for (int i = 0; i < farmCount; ++i) {
        Farm farm;
        farmId += i == 0 ? 1 : rng.range(1, 60);
        farm.id = farmId;
        if (i < countries.size()) {
            farm.place = countries.at(i);
        } else {
            qint64 r = rng.range(0, totalWeight - 1);
            for (int row : countries) {
                r -= kPlaces[row].weight;
                if (r < 0) {
                    farm.place = row;
                    break;
                }
            }
        }
        farm.place = rng.range(0, 2) == 0 ? otherCityOf(rng, farm.place) : farm.place;
        farm.name = i == 0 ? QStringLiteral("Freefarm")
                           : QString::fromLatin1(pick(rng, kFarmWords)) + QString::fromLatin1(pick(rng, kFarmNouns));
        if (names.contains(farm.name))
            farm.name += QString::number(farm.id);
        names.insert(farm.name);
        farm.certified = rng.range(0, 99) < 25;
        farm.weight = int(rng.range(1, 10));
        // Freefarm (the first) stays open to all, so small fleets always have a usable farm.
        farm.dedicated = i > 0 && rng.range(0, 99) < 12;
        SimFarm pool;
        pool.farmId = farm.id;
        pool.dedicated = farm.dedicated;
        const qint64 subnet = 60 + (farm.id % 190);
        pool.gateway = QStringLiteral("185.69.%1.1").arg(subnet);
        const qint64 total = rng.range(0, 3) == 0 ? 0 : rng.range(1, 16);
        const qint64 taken = total == 0 ? 0 : rng.range(0, 3) == 0 ? total : rng.range(0, total - 1);
        for (qint64 k = taken; k < total; ++k)
            pool.freeIps.append(QStringLiteral("185.69.%1.%2/24").arg(subnet).arg(10 + k));
        pool.totalIps = total;
        fleet.m_farms.emplace(farm.id, pool);
        farms.push_back(farm);
    }
    int farmWeight = 0;
    for (const Farm &f : farms)
        farmWeight += f.weight;

    qint64 nodeId = 0;
    qint64 twinId = 20;
    const qint64 createdStep = 130000000 / nodeCount; // nodes joined over ~4 years
    for (int i = 0; i < nodeCount; ++i) {
        // Every farm gets a node first; then bigger farms get more.
        const Farm *farm = nullptr;
        if (i < farmCount) {
            farm = &farms[size_t(i)];
        } else {
            qint64 r = rng.range(0, farmWeight - 1);
            for (const Farm &f : farms) {
                r -= f.weight;
                if (r < 0) {
                    farm = &f;
                    break;
                }
            }
        }
        SimNode n;
        nodeId += rng.range(1, 20);
        twinId += rng.range(1, 7);
        n.nodeId = nodeId;
        n.twinId = twinId;
        n.farmId = farm->id;
        const int place = rng.range(0, 4) == 0 ? otherCityOf(rng, farm->place) : farm->place;
        n.country = QString::fromLatin1(kPlaces[place].country);
        n.city = QString::fromUtf8(kPlaces[place].city);

        // Size class: certified farms run bigger machines.
        const qint64 sizeRoll = rng.range(0, 99);
        const int sizeClass = farm->certified ? (sizeRoll < 40 ? 2 : sizeRoll < 90 ? 1 : 0)
                                              : (sizeRoll < 10 ? 2 : sizeRoll < 55 ? 1 : 0);
        qint64 cru, mruGiB, sruGiB, hruTB;
        if (sizeClass == 0) {
            cru = pick(rng, std::array<qint64, 3>{4, 6, 8});
            mruGiB = pick(rng, std::array<qint64, 3>{8, 16, 32});
            sruGiB = rng.range(4, 16) * 64;
            hruTB = rng.range(0, 1) == 0 ? 0 : rng.range(1, 4);
        } else if (sizeClass == 1) {
            cru = pick(rng, std::array<qint64, 4>{12, 16, 24, 32});
            mruGiB = pick(rng, std::array<qint64, 5>{64, 96, 128, 192, 256});
            sruGiB = pick(rng, std::array<qint64, 3>{1024, 2048, 4096});
            hruTB = pick(rng, std::array<qint64, 5>{0, 4, 8, 12, 16});
        } else {
            cru = pick(rng, std::array<qint64, 3>{32, 48, 64});
            mruGiB = pick(rng, std::array<qint64, 3>{256, 384, 512});
            sruGiB = pick(rng, std::array<qint64, 3>{2048, 4096, 8192});
            hruTB = pick(rng, std::array<qint64, 5>{8, 16, 24, 32, 40});
        }
        // Reported totals sit a little under the nominal size (firmware and kernel reserve).
        n.total = {cru, mruGiB * kGiB / 1000 * rng.range(955, 985), sruGiB * kGiB / 1000 * rng.range(970, 999),
                   hruTB * kTB / 1000 * rng.range(980, 999)};

        const qint64 statusRoll = rng.range(0, 999);
        n.status = statusRoll < 80 ? QStringLiteral("down") : statusRoll < 100 ? QStringLiteral("standby") : QStringLiteral("up");
        const bool up = n.status == u"up";
        n.healthy = up && rng.range(0, 99) >= 5;
        n.inDedicatedFarm = farm->dedicated;
        // Dedicated farms rent most of their nodes out; elsewhere a few nodes are rented whole.
        n.rented = farm->dedicated ? rng.range(0, 99) < 60 : rng.range(0, 99) < 2;
        n.rentedByTwinId = n.rented ? rng.range(1000, 9000) : 0;
        n.rentContractId = n.rented ? rng.range(100000, 900000) : 0;
        n.extraFee = rng.range(0, 99) < 3 ? rng.range(1, 6) * 5000 : 0; // mUSD per month
        // 10 % rebooted within the last day, after weeks up.
        const bool recentBoot = rng.range(0, 99) < 10;
        n.uptime = up ? (recentBoot ? rng.range(60, 86400) : rng.range(6 * 3600, 120 * 86400)) : rng.range(0, 30 * 86400);
        const qint64 created = 1620000000 + i * createdStep + rng.range(0, createdStep / 2 + 1);
        n.updatedAt = kFleetEpoch - (up ? rng.range(0, 1800)
                                        : n.status == u"standby" ? rng.range(3600, 86400) : rng.range(86400, 60 * 86400));

        // Used: ZOS's reserve, the workloads' memory and disk, and CPU over-sold everywhere
        // (vCPUs are shared: used cru counts what contracts asked for); ~10 % of the up nodes
        // nearly full.
        const qint64 mruReserve = std::max<qint64>(n.total.mru / 10, 2 * kGiB);
        const qint64 sruReserve = 20 * kGiB;
        n.used.cru = n.total.cru + rng.range(1, 2 * n.total.cru);
        if (up && rng.range(0, 99) < 10) {
            n.used.mru = std::max<qint64>(mruReserve, n.total.mru - rng.range(0, 2 * kGiB));
            n.used.sru = std::max<qint64>(sruReserve, n.total.sru - rng.range(0, 16 * kGiB));
            n.used.hru = n.total.hru / 100 * rng.range(80, 100);
        } else {
            n.used.mru = std::min(n.total.mru, mruReserve + n.total.mru / 100 * rng.range(0, 60));
            n.used.sru = std::min(n.total.sru, sruReserve + n.total.sru / 100 * rng.range(0, 60));
            n.used.hru = n.total.hru / 100 * rng.range(0, 50);
        }
        fleet.m_contracts[n.nodeId] = rng.range(0, 9) == 0 ? 0 : int(rng.range(1, 40));

        // The indexer's reports: this boot, and the one before it when this boot is recent. Most
        // reboots take minutes; ~8 % of the nodes were off for days before (below 95 % up).
        n.uptimeReports.append({n.updatedAt, n.uptime});
        if (n.uptime < 40 * 86400) {
            const qint64 boot = n.updatedAt - n.uptime;
            const qint64 gap = rng.range(0, 99) < 8 ? rng.range(86400, 4 * 86400) : rng.range(300, 2400);
            n.uptimeReports.append({boot - gap, rng.range(20, 90) * 86400});
        }

        const bool access = up && rng.range(0, 99) < 10;
        const bool gateway = access && rng.range(0, 99) < 40;
        const qint64 subnet = 60 + (farm->id % 190);
        const QString v6net = simaddress::nodeV6Prefix(quint64(n.nodeId));
        const QString citySlug = n.city.toLower().remove(u' ');
        const QJsonObject publicConfig{
            {QStringLiteral("domain"), gateway ? QStringLiteral("gw%1.%2.grid.tf").arg(n.nodeId).arg(citySlug) : QString()},
            {QStringLiteral("gw4"), access ? QStringLiteral("185.69.%1.1").arg(subnet) : QString()},
            {QStringLiteral("gw6"), access ? v6net + QStringLiteral("::1") : QString()},
            {QStringLiteral("ipv4"), access ? QStringLiteral("185.69.%1.%2/24").arg(subnet).arg(rng.range(2, 254)) : QString()},
            {QStringLiteral("ipv6"), access ? v6net + QStringLiteral("::%1/64").arg(rng.range(2, 4095), 0, 16) : QString()}};
        const bool certified = farm->certified && rng.range(0, 9) > 0;
        n.numGpu = rng.range(0, 99) < 3 ? 1 : 0;
        n.certificationType = certified ? QStringLiteral("Certified") : QStringLiteral("Diy");
        const qint64 price = cru * 2 + mruGiB / 4 + sruGiB / 100 + n.extraFee / 1000;

        // The fields of grid-proxy pkg/types/nodes.go Node; the live ones (resources, status,
        // rent, farm_free_ips, ...) are written over these by SimFleet::nodeJson.
        n.json = QJsonObject{
            {QStringLiteral("id"), QStringLiteral("%1-%2-%3")
                                       .arg(quint64(created / 6 - 270000000), 10, 10, QLatin1Char('0'))
                                       .arg(n.nodeId, 6, 10, QLatin1Char('0'))
                                       .arg(hex(rng.next(), 5))},
            {QStringLiteral("nodeId"), n.nodeId},
            {QStringLiteral("farmId"), n.farmId},
            {QStringLiteral("farmName"), farm->name},
            {QStringLiteral("twinId"), n.twinId},
            {QStringLiteral("country"), n.country},
            {QStringLiteral("gridVersion"), 3},
            {QStringLiteral("city"), n.city},
            {QStringLiteral("uptime"), n.uptime},
            {QStringLiteral("created"), created},
            {QStringLiteral("farmingPolicyId"), certified ? 2 : 1},
            {QStringLiteral("updatedAt"), n.updatedAt},
            {QStringLiteral("total_resources"), n.total.toJson()},
            {QStringLiteral("used_resources"), n.used.toJson()},
            {QStringLiteral("location"), QJsonObject{{QStringLiteral("country"), n.country},
                                                     {QStringLiteral("city"), n.city},
                                                     {QStringLiteral("longitude"), kPlaces[place].longitude},
                                                     {QStringLiteral("latitude"), kPlaces[place].latitude}}},
            {QStringLiteral("publicConfig"), publicConfig},
            {QStringLiteral("status"), n.status},
            {QStringLiteral("certificationType"), n.certificationType},
            {QStringLiteral("dedicated"), false},
            {QStringLiteral("inDedicatedFarm"), n.inDedicatedFarm},
            {QStringLiteral("rentContractId"), n.rentContractId},
            {QStringLiteral("rented"), n.rented},
            {QStringLiteral("rentable"), false},
            {QStringLiteral("rentedByTwinId"), n.rentedByTwinId},
            {QStringLiteral("serialNumber"), QStringLiteral("Default string")},
            {QStringLiteral("power"), QJsonObject{{QStringLiteral("state"), n.status == u"standby" ? QStringLiteral("Down") : QStringLiteral("Up")},
                                                  {QStringLiteral("target"), n.status == u"standby" ? QStringLiteral("Down") : QStringLiteral("Up")}}},
            {QStringLiteral("num_gpu"), n.numGpu},
            {QStringLiteral("extraFee"), n.extraFee},
            {QStringLiteral("healthy"), n.healthy},
            {QStringLiteral("dmi"), QJsonObject{}},
            {QStringLiteral("speed"), QJsonObject{{QStringLiteral("upload"), 0}, {QStringLiteral("download"), 0}}},
            {QStringLiteral("gpus"), QJsonValue::Null},
            {QStringLiteral("price_usd"), price},
            {QStringLiteral("farm_free_ips"), 0},
            {QStringLiteral("features"), QJsonArray{QStringLiteral("zmount"), QStringLiteral("zdb"), QStringLiteral("volume"),
                                                    QStringLiteral("ipv4"), QStringLiteral("ip"), QStringLiteral("network"),
                                                    QStringLiteral("zmachine"), QStringLiteral("mycelium")}}};
        fleet.m_nodes.push_back(std::move(n));
    }
    return fleet;
}

} // namespace griddeck
