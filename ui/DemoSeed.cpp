#include "ui/DemoSeed.h"

#include "ledger/Ledger.h"
#include "queue/JobQueue.h"

#include <array>

namespace griddeck::ui {

namespace {

struct DemoUser
{
    const char *name;
    int credits;
};

constexpr std::array<DemoUser, 6> kUsers{{
    {"alice", 2500},
    {"bob", 1800},
    {"carol", 1200},
    {"dave", 900},
    {"erin", 2000},
    {"frank", 60},
}};

ServiceSpec vm(const char *os, const char *version, qint64 cpu, qint64 memory, qint64 storage, bool ipv4)
{
    ServiceSpec spec = ServiceSpec::make(VmService{QString::fromLatin1(os), QString::fromLatin1(version)}, cpu, memory, storage);
    spec.networkConfig.publicIpv4 = ipv4;
    return spec;
}

ServiceSpec container(const char *image, QList<int> ports, qint64 cpu, qint64 memory, qint64 storage)
{
    // The grid boots the hub's flist of the image (a micro VM), not the Docker image itself.
    QString name = QString::fromLatin1(image);
    name.replace(u':', u'-').replace(u'/', u'-');
    return ServiceSpec::make(ContainerService { QString::fromLatin1(image), std::move(ports),
                                 QStringLiteral("https://hub.grid.tf/tf-official-apps/%1.flist").arg(name) },
        cpu, memory, storage);
}

} // namespace

Result<DemoSeedResult> seedDemoData(Ledger &ledger, JobQueue &queue)
{
    auto existing = ledger.users();
    if (!existing.ok())
        return existing.error();
    if (!existing.value().isEmpty())
        return DemoSeedResult{};

    DemoSeedResult result;
    QList<qint64> ids;
    for (const DemoUser &user : kUsers) {
        auto id = ledger.addUser(QString::fromLatin1(user.name), Tfc::fromWhole(user.credits), QStringLiteral("demo"));
        if (!id.ok())
            return id.error();
        ids << id.value();
        ++result.users;
    }

    struct Purchase
    {
        int user;
        ServiceSpec spec;
        int tfc;
        Priority priority;
    };
    const QList<Purchase> purchases = {
        {0, vm("ubuntu", "22.04", 2, 4, 50, true), 25, Priority::Normal},
        {1, ServiceSpec::make(KubernetesService{3}, 2, 4, 40), 60, Priority::High},
        {2, container("nginx:1.25", {80, 443}, 1, 2, 10), 12, Priority::Normal},
        {3, ServiceSpec::make(StorageService{QStringLiteral("zdb")}, 1, 1, 500), 18, Priority::Low},
        {4, ServiceSpec::make(ApplicationService{QStringLiteral("nextcloud")}, 2, 4, 100), 35, Priority::Normal},
        {0, container("ghcr.io/acme/api:2.3.1", {8080}, 2, 4, 20), 20, Priority::Critical},
        {1, vm("debian", "12", 4, 8, 100, false), 40, Priority::Normal},
        {5, container("redis:7", {6379}, 1, 1, 5), 8, Priority::Normal},
        {2, vm("ubuntu", "24.04", 1, 2, 25, false), 15, Priority::Normal},
        {4, ServiceSpec::make(ApplicationService{QStringLiteral("wordpress")}, 1, 2, 30), 22, Priority::High},
        {3, container("postgres:16", {5432}, 2, 4, 50), 24, Priority::Normal},
        {0, ServiceSpec::make(KubernetesService{5}, 4, 8, 80), 120, Priority::Normal},
        {1, ServiceSpec::make(StorageService{QStringLiteral("s3")}, 1, 2, 1000), 30, Priority::Low},
        {4, vm("ubuntu", "22.04", 8, 16, 200, true), 90, Priority::High},
        // Bigger than any node: no suitable node, rolled back and refunded.
        {2, vm("ubuntu", "24.04", 64, 1024, 50000, true), 45, Priority::Normal},
    };
    for (const Purchase &p : purchases) {
        EnqueueRequest request;
        request.userId = ids.at(p.user);
        request.spec = p.spec;
        request.amount = Tfc::fromWhole(p.tfc);
        request.priority = p.priority;
        request.actor = QStringLiteral("demo");
        auto id = queue.enqueue(request);
        if (!id.ok())
            return id.error();
        ++result.jobs;
    }
    return result;
}

Result<qint64> enqueueDemoPurchase(Ledger &ledger, JobQueue &queue, int n)
{
    auto users = ledger.users();
    if (!users.ok())
        return users.error();
    if (users.value().isEmpty())
        return Error::notFound(QStringLiteral("The demo store has no users."));
    const UserBalance &user = users.value().at(n % users.value().size());
    EnqueueRequest request;
    request.userId = user.userId;
    switch (n % 6) {
    case 0:
        request.spec = vm("ubuntu", "22.04", 1 + n % 4, 2 << (n % 3), 25 + 5 * (n % 5), n % 2 == 0);
        break;
    case 1:
        request.spec = container("nginx:1.25", {80}, 1, 1 + n % 3, 10);
        break;
    case 2:
        request.spec = ServiceSpec::make(KubernetesService{1 + n % 4}, 2, 4, 30);
        break;
    case 3:
        request.spec = ServiceSpec::make(ApplicationService{n % 2 ? QStringLiteral("wordpress") : QStringLiteral("nextcloud")}, 2,
                                         4, 60);
        break;
    case 4:
        request.spec = ServiceSpec::make(StorageService{QStringLiteral("qsfs")}, 1, 2, 400);
        break;
    default:
        request.spec = vm("debian", "12", 2, 4, 40, false);
        break;
    }
    request.amount = Tfc::fromWhole(8 + 4 * (n % 7));
    request.priority = n % 9 == 0 ? Priority::High : Priority::Normal;
    request.actor = QStringLiteral("demo");
    return queue.enqueue(request);
}

} // namespace griddeck::ui
