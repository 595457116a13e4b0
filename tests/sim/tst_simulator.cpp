// The grid simulator over real loopback HTTP, spoken to with a plain QNetworkAccessManager:
// the Grid Proxy filters and paging, deployments and their resources, Idempotency-Key, the
// control API's state and reset, and a real nodes file.

#include "SimHttp.h"
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace griddeck;
using namespace griddeck::simtest;

class TestSimulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nodesFiltersMatchABruteForceFilter_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<NodeFilter>("keep");
        auto str = [](const QJsonObject &n, const char *k) { return n.value(QLatin1String(k)).toString(); };
        QTest::newRow("up healthy 8GiB") << QStringLiteral("status=up&healthy=true&free_mru=8589934592")
                                         << NodeFilter([=](const QJsonObject &n) {
                                                return str(n, "status") == u"up" && n.value(QStringLiteral("healthy")).toBool()
                                                    && freeOf(n, "mru") >= 8589934592;
                                            });
        QTest::newRow("down") << QStringLiteral("status=down")
                              << NodeFilter([=](const QJsonObject &n) { return str(n, "status") == u"down"; });
        QTest::newRow("unhealthy") << QStringLiteral("healthy=false")
                                   << NodeFilter(
                                          [](const QJsonObject &n) { return !n.value(QStringLiteral("healthy")).toBool(); });
        QTest::newRow("country any case") << QStringLiteral("country=bElGiUm")
                                          << NodeFilter(
                                                 [=](const QJsonObject &n) { return str(n, "country") == u"Belgium"; });
        QTest::newRow("storage") << QStringLiteral("free_sru=2199023255552&free_hru=10000000000000")
                                 << NodeFilter([](const QJsonObject &n) {
                                        return freeOf(n, "sru") >= 2199023255552 && freeOf(n, "hru") >= 10000000000000;
                                    });
        // Filled in from the fleet's real farm ids below.
        QTest::newRow("farms") << QStringLiteral("farm_ids") << NodeFilter();
    }

    void nodesFiltersMatchABruteForceFilter()
    {
        QFETCH(QString, query);
        QFETCH(NodeFilter, keep);
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        if (query == u"farm_ids") {
            // Two real farm ids from the fleet.
            const QList<QJsonObject> fleet = sim.fleet();
            const qint64 a = fleet.first().value(QStringLiteral("farmId")).toInteger();
            const qint64 b = fleet.last().value(QStringLiteral("farmId")).toInteger();
            query = QStringLiteral("farm_ids=%1,%2").arg(a).arg(b);
            keep = [a, b](const QJsonObject &n) {
                const qint64 f = n.value(QStringLiteral("farmId")).toInteger();
                return f == a || f == b;
            };
        }
        const QList<qint64> expected = bruteForce(sim.fleet(), keep);
        QVERIFY(!expected.isEmpty());
        const HttpReply r = http.get(QStringLiteral("/nodes?size=1000&ret_count=true&") + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(idsOf(r.array()), expected);
        QCOMPARE(r.headers.value("count").toLongLong(), expected.size());
        QCOMPARE(r.headers.value("pages").toLongLong(), 1);
    }

    void pagingAndSorting()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const QList<qint64> up = bruteForce(sim.fleet(), [](const QJsonObject &n) {
            return n.value(QStringLiteral("status")).toString() == u"up";
        });
        QList<qint64> walked;
        qint64 pages = 0;
        for (int page = 1; page <= 200; ++page) {
            const HttpReply r = http.get(QStringLiteral("/nodes?status=up&size=7&ret_count=true&page=%1").arg(page));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.headers.value("count").toLongLong(), up.size());
            pages = r.headers.value("pages").toLongLong();
            if (r.array().isEmpty())
                break;
            QVERIFY(r.array().size() <= 7);
            walked += idsOf(r.array());
        }
        QCOMPARE(walked, up);
        QCOMPARE(pages, (up.size() + 6) / 7);
        // Without ret_count there are no count headers; default page size is 50.
        const HttpReply plain = http.get(QStringLiteral("/nodes"));
        QVERIFY(!plain.headers.contains("count"));
        QCOMPARE(plain.array().size(), 50);
        QVERIFY(http.get(QStringLiteral("/nodes?page=999")).array().isEmpty());

        // used_mru descending (a real sort key), ties by node id ascending.
        const auto usedMru = [](const QJsonObject &n) {
            return n.value(QStringLiteral("used_resources")).toObject().value(QStringLiteral("mru")).toInteger();
        };
        const QJsonArray sorted = http.get(QStringLiteral("/nodes?sort_by=used_mru&sort_order=desc&size=1000")).array();
        QCOMPARE(sorted.size(), 300);
        for (int i = 1; i < sorted.size(); ++i) {
            const QJsonObject a = sorted.at(i - 1).toObject(), b = sorted.at(i).toObject();
            QVERIFY(usedMru(a) > usedMru(b)
                    || (usedMru(a) == usedMru(b)
                        && a.value(QStringLiteral("nodeId")).toInteger() < b.value(QStringLiteral("nodeId")).toInteger()));
        }
        // As the real proxy: unknown parameters and malformed values are a 400 naming them.
        QCOMPARE(http.get(QStringLiteral("/nodes?free_ips=1&size=3")).array().size(), 3);
        QCOMPARE(http.get(QStringLiteral("/nodes?whatever=1")).status, 400);
        const HttpReply bad = http.get(QStringLiteral("/nodes?free_mru=lots"));
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("free_mru")));
        QCOMPARE(http.get(QStringLiteral("/nodes?farm_ids=1,x")).status, 400);
        QCOMPARE(http.get(QStringLiteral("/nodes?farm_ids=1,,2")).status, 200); // empty items skipped, as gorilla/schema
        QCOMPARE(http.get(QStringLiteral("/nodes?sort_by=price")).status, 400);
        QCOMPARE(http.get(QStringLiteral("/nodes?sort_by=free_mru")).status, 400);
    }

    void nodeByIdAndStats()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const QJsonObject first = sim.fleet().first();
        const qint64 id = first.value(QStringLiteral("nodeId")).toInteger();
        const HttpReply one = http.get(QStringLiteral("/nodes/%1").arg(id));
        QCOMPARE(one.status, 200);
        // NodeWithNestedCapacity: the list's object with capacity nested.
        QJsonObject flat = one.object();
        const QJsonObject capacity = flat.take(QStringLiteral("capacity")).toObject();
        flat.insert(QStringLiteral("total_resources"), capacity.value(QStringLiteral("total_resources")));
        flat.insert(QStringLiteral("used_resources"), capacity.value(QStringLiteral("used_resources")));
        QCOMPARE(flat, first);
        const HttpReply missing = http.get(QStringLiteral("/nodes/99999999"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object().value(QStringLiteral("error")).toString(), QStringLiteral("node not found"));

        const QJsonObject all = http.get(QStringLiteral("/stats")).object();
        QCOMPARE(all.value(QStringLiteral("nodes")).toInt(), 300);
        QCOMPARE(all.value(QStringLiteral("farms")).toInt(), 40);
        QCOMPARE(all.value(QStringLiteral("countries")).toInt(), 25);
        const QJsonObject up = http.get(QStringLiteral("/stats?status=up")).object();
        const qint64 upCount = bruteForce(sim.fleet(), [](const QJsonObject &n) {
                                   return n.value(QStringLiteral("status")).toString() == u"up";
                               }).size();
        QCOMPARE(up.value(QStringLiteral("nodes")).toInteger(), upCount);
        qint64 distributed = 0;
        for (const QJsonValue &v : up.value(QStringLiteral("nodesDistribution")).toObject())
            distributed += v.toInteger();
        QCOMPARE(distributed, upCount);
        for (const char *k : {"totalCru", "totalSru", "totalMru", "totalHru", "publicIps", "accessNodes", "gateways", "twins", "contracts"})
            QVERIFY2(all.contains(QLatin1String(k)), k);
    }

    void deploymentLifecycle()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const QJsonObject node = roomyNode(sim);
        QVERIFY(!node.isEmpty());
        const qint64 nodeId = node.value(QStringLiteral("nodeId")).toInteger();
        const QString nodePath = QStringLiteral("/nodes/%1").arg(nodeId);

        const HttpReply created = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId), "job-42-deploy-1");
        QCOMPARE(created.status, 201);
        const QJsonObject dep = created.object();
        const QString id = dep.value(QStringLiteral("id")).toString();
        QCOMPARE(id, QStringLiteral("dep-000042-1"));
        QCOMPARE(dep.value(QStringLiteral("state")).toString(), QStringLiteral("init"));
        QCOMPARE(dep.value(QStringLiteral("node_id")).toInteger(), nodeId);
        QCOMPARE(dep.value(QStringLiteral("node_ids")).toArray(), QJsonArray{nodeId});
        QVERIFY(dep.value(QStringLiteral("contract_id")).toInteger() > 0);
        QVERIFY(dep.value(QStringLiteral("created_at")).toInteger() > 1700000000);
        QCOMPARE(sim.liveContractCount(), 1);

        // The node's used resources grew by exactly what was asked.
        const QJsonObject during = flatNode(http.get(nodePath).object());
        QCOMPARE(freeOf(node, "mru") - freeOf(during, "mru"), 4 * GiB);
        QCOMPARE(freeOf(node, "sru") - freeOf(during, "sru"), 50 * GiB);

        QTRY_COMPARE(http.get(QStringLiteral("/deployments/") + id).object().value(QStringLiteral("state")).toString(),
                     QStringLiteral("ok"));
        const QJsonObject ready = http.get(QStringLiteral("/deployments/") + id).object();
        QCOMPARE(ready.value(QStringLiteral("ip")).toString(), QString()); // no public IPv4 asked
        QVERIFY(ready.value(QStringLiteral("ipv6")).toString().startsWith(QStringLiteral("2a02:")));
        QVERIFY(!ready.value(QStringLiteral("mycelium_ip")).toString().isEmpty());
        QCOMPARE(ready.value(QStringLiteral("web_url")).toString(), QString());
        QCOMPARE(ready.value(QStringLiteral("message")).toString(), QString());

        // Healthy, with an SSH port that really accepts a connection.
        const QJsonObject health = http.get(QStringLiteral("/deployments/%1/health").arg(id)).object();
        QVERIFY(health.value(QStringLiteral("healthy")).toBool());
        const QJsonObject ssh = health.value(QStringLiteral("ssh")).toObject();
        QCOMPARE(ssh.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(ssh.value(QStringLiteral("port")).toInt()));
        QTRY_VERIFY(socket.bytesAvailable() > 0);
        QVERIFY(socket.readAll().startsWith("SSH-2.0-"));

        // Cancel frees the node; a second cancel (and an unknown id) is 404.
        const HttpReply cancelled = http.post(QStringLiteral("/deployments/%1/cancel").arg(id), {});
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.object().value(QStringLiteral("state")).toString(), QStringLiteral("deleted"));
        QCOMPARE(flatNode(http.get(nodePath).object()).value(QStringLiteral("used_resources")), node.value(QStringLiteral("used_resources")));
        QCOMPARE(sim.liveContractCount(), 0);
        QCOMPARE(http.post(QStringLiteral("/deployments/%1/cancel").arg(id), {}).status, 404);
        QCOMPARE(http.post(QStringLiteral("/deployments/dep-999999-9/cancel"), {}).status, 404);
        QCOMPARE(http.get(QStringLiteral("/deployments/dep-999999-9")).status, 404);
        QCOMPARE(http.get(QStringLiteral("/deployments/") + id).object().value(QStringLiteral("state")).toString(),
                 QStringLiteral("deleted"));
    }

    void publicIpWebUrlStopAndRestart()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        // A public IPv4 comes from the farm's pool: a roomy node whose farm has one left.
        QJsonObject before;
        for (const QJsonObject &n : sim.fleet())
            if (n.value(QStringLiteral("farm_free_ips")).toInteger() > 0 && n.value(QStringLiteral("status")).toString() == u"up"
                && n.value(QStringLiteral("healthy")).toBool() && !n.value(QStringLiteral("rented")).toBool()
                && !n.value(QStringLiteral("inDedicatedFarm")).toBool() && n.value(QStringLiteral("extraFee")).toInteger() == 0
                && freeOf(n, "mru") >= 16 * GiB && freeOf(n, "sru") >= 200 * GiB) {
                before = n;
                break;
            }
        QVERIFY(!before.isEmpty());
        const qint64 nodeId = before.value(QStringLiteral("nodeId")).toInteger();
        QJsonObject body = vmBody(nodeId, 7);
        body.insert(QStringLiteral("type"), QStringLiteral("container"));
        body.insert(QStringLiteral("image"),
            QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-latest.flist"));
        body.insert(QStringLiteral("ports"), QJsonArray{80, 443});
        body.insert(QStringLiteral("network"), QJsonObject{{QStringLiteral("public_ipv4"), true}});
        const HttpReply created = http.post(QStringLiteral("/deployments/container"), body, "job-7-deploy-1");
        QCOMPARE(created.status, 201);
        const QString id = created.object().value(QStringLiteral("id")).toString();
        QTRY_COMPARE(http.get(QStringLiteral("/deployments/") + id).object().value(QStringLiteral("state")).toString(),
                     QStringLiteral("ok"));
        const QJsonObject ready = http.get(QStringLiteral("/deployments/") + id).object();
        QVERIFY(ready.value(QStringLiteral("ip")).toString().startsWith(QStringLiteral("185.69.")));
        QVERIFY(ready.value(QStringLiteral("ip")).toString().endsWith(QStringLiteral("/24")));
        QVERIFY(ready.value(QStringLiteral("web_url")).toString().startsWith(QStringLiteral("https://griddeck-7.")));

        const HttpReply restarted = http.post(QStringLiteral("/deployments/%1/restart").arg(id), {});
        QCOMPARE(restarted.status, 200);
        QCOMPARE(restarted.object().value(QStringLiteral("state")).toString(), QStringLiteral("init"));
        QTRY_COMPARE(http.get(QStringLiteral("/deployments/") + id).object().value(QStringLiteral("state")).toString(),
                     QStringLiteral("ok"));
        // Stop: the workload goes (resources freed) but the contract record stays.
        const HttpReply stopped = http.post(QStringLiteral("/deployments/%1/stop").arg(id), {});
        QCOMPARE(stopped.status, 200);
        QCOMPARE(stopped.object().value(QStringLiteral("state")).toString(), QStringLiteral("deleted"));
        const QJsonObject after = http.get(QStringLiteral("/nodes/%1").arg(nodeId)).object();
        QCOMPARE(after.value(QStringLiteral("capacity")).toObject().value(QStringLiteral("used_resources")),
                 before.value(QStringLiteral("used_resources")));
        QCOMPARE(after.value(QStringLiteral("farm_free_ips")), before.value(QStringLiteral("farm_free_ips"))); // IP returned
        QCOMPARE(sim.liveContractCount(), 1);
        QCOMPARE(http.post(QStringLiteral("/deployments/%1/restart").arg(id), {}).status, 409);
        QCOMPARE(http.post(QStringLiteral("/deployments/%1/cancel").arg(id), {}).status, 200);
        QCOMPARE(sim.liveContractCount(), 0);
    }

    void containerNeedsAnFlistAndManifestsAreKept()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const qint64 nodeId = roomyNode(sim).value(QStringLiteral("nodeId")).toInteger();
        // A Docker image as such: the real grid cannot boot it; 422 says how to get an flist.
        QJsonObject body = vmBody(nodeId, 11);
        body.insert(QStringLiteral("type"), QStringLiteral("container"));
        body.insert(QStringLiteral("image"), QStringLiteral("nginx:1.25"));
        const HttpReply docker = http.post(QStringLiteral("/deployments/container"), body, "job-11-deploy-1");
        QCOMPARE(docker.status, 422);
        QVERIFY2(docker.body.contains("hub.grid.tf") && docker.body.contains("not an flist"),
            docker.body.constData());
        QCOMPARE(sim.liveContractCount(), 0);
        // With the flist, and the image it came from: both kept and echoed.
        body.insert(
            QStringLiteral("image"), QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist"));
        body.insert(QStringLiteral("docker_image"), QStringLiteral("nginx:1.25"));
        const HttpReply created
            = http.post(QStringLiteral("/deployments/container"), body, "job-11-deploy-2");
        QCOMPARE(created.status, 201);
        const QJsonObject got = http.get(QStringLiteral("/deployments/")
                                        + created.object().value(QStringLiteral("id")).toString())
                                    .object();
        QCOMPARE(got.value(QStringLiteral("docker_image")).toString(), QStringLiteral("nginx:1.25"));
        QCOMPARE(got.value(QStringLiteral("image")).toString(),
            QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist"));

        // A manifest: only for kubernetes, with a kind; kept whole, its digest echoed.
        QJsonObject vm = vmBody(nodeId, 12);
        vm.insert(QStringLiteral("kubernetes_manifest"), QStringLiteral("kind: Namespace\n"));
        const HttpReply misplaced = http.post(QStringLiteral("/deployments/vm"), vm, "job-12-deploy-1");
        QCOMPARE(misplaced.status, 400);
        QVERIFY(misplaced.body.contains("kubernetes_manifest"));
        QJsonObject k8s = vmBody(nodeId, 13);
        k8s.insert(QStringLiteral("type"), QStringLiteral("kubernetes"));
        k8s.insert(QStringLiteral("node_count"), 1);
        k8s.insert(QStringLiteral("node_ids"), QJsonArray { nodeId });
        k8s.insert(QStringLiteral("kubernetes_manifest"), QStringLiteral("metadata: {}\n"));
        QCOMPARE(http.post(QStringLiteral("/deployments/kubernetes"), k8s, "job-13-deploy-1").status, 422);
        const QString manifest = QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
        k8s.insert(QStringLiteral("kubernetes_manifest"), manifest);
        const HttpReply cluster
            = http.post(QStringLiteral("/deployments/kubernetes"), k8s, "job-13-deploy-2");
        QCOMPARE(cluster.status, 201);
        const QJsonObject c = http.get(QStringLiteral("/deployments/")
                                      + cluster.object().value(QStringLiteral("id")).toString())
                                  .object();
        QCOMPARE(c.value(QStringLiteral("kubernetes_manifest_sha256")).toString(),
            QString::fromLatin1(
                QCryptographicHash::hash(manifest.toUtf8(), QCryptographicHash::Sha256).toHex()));
        bool stored = false;
        for (const QJsonValue &v : sim.state().value(QStringLiteral("contracts")).toArray())
            stored
                = stored || v.toObject().value(QStringLiteral("kubernetes_manifest")).toString() == manifest;
        QVERIFY(stored);
    }

    void refusalsAndValidation()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const QJsonObject node = roomyNode(sim);
        const qint64 nodeId = node.value(QStringLiteral("nodeId")).toInteger();
        const qint64 tooMuch = freeOf(node, "mru") / GiB + 1;

        const HttpReply full = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId, 1, tooMuch), "k-big");
        QCOMPARE(full.status, 422);
        QCOMPARE(full.object().value(QStringLiteral("error")).toString(),
                 QStringLiteral("node %1 reported: not enough memory").arg(nodeId));
        QCOMPARE(sim.liveContractCount(), 0);
        QCOMPARE(http.get(QStringLiteral("/nodes/%1").arg(nodeId)).object().value(QStringLiteral("capacity")).toObject()
                     .value(QStringLiteral("used_resources")),
                 node.value(QStringLiteral("used_resources")));

        QJsonObject onDown = vmBody(0, 2);
        for (const QJsonObject &n : sim.fleet())
            if (n.value(QStringLiteral("status")).toString() == u"down")
                onDown.insert(QStringLiteral("node_id"), n.value(QStringLiteral("nodeId")));
        const HttpReply down = http.post(QStringLiteral("/deployments/vm"), onDown, "k-down");
        QCOMPARE(down.status, 422);
        QVERIFY(down.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("is down")));

        // 400 names the field.
        auto fieldError = [&](QJsonObject body, const QString &path, const QByteArray &key) {
            return http.post(path, body, key);
        };
        QJsonObject noCpu = vmBody(nodeId, 3);
        noCpu.remove(QStringLiteral("cpu"));
        HttpReply r = fieldError(noCpu, QStringLiteral("/deployments/vm"), "k1");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(QStringLiteral("error")).toString(), QStringLiteral("cpu is required"));
        QJsonObject memoryText = vmBody(nodeId, 3);
        memoryText.insert(QStringLiteral("memory"), QStringLiteral("4"));
        r = fieldError(memoryText, QStringLiteral("/deployments/vm"), "k2");
        QCOMPARE(r.status, 400);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().startsWith(QStringLiteral("memory must be a whole number")));
        r = fieldError(vmBody(nodeId, 3), QStringLiteral("/deployments/container"), "k3");
        QCOMPARE(r.status, 400);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("type")));
        QJsonObject container = vmBody(nodeId, 3);
        container.insert(QStringLiteral("type"), QStringLiteral("container"));
        r = fieldError(container, QStringLiteral("/deployments/container"), "k4");
        QCOMPARE(r.object().value(QStringLiteral("error")).toString(), QStringLiteral("image is required"));
        QJsonObject k8s = vmBody(nodeId, 3);
        k8s.insert(QStringLiteral("type"), QStringLiteral("kubernetes"));
        k8s.insert(QStringLiteral("node_count"), 2);
        k8s.insert(QStringLiteral("node_ids"), QJsonArray{nodeId});
        r = fieldError(k8s, QStringLiteral("/deployments/kubernetes"), "k5");
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("node_count")));
        QJsonObject payment = vmBody(nodeId, 3);
        payment.insert(QStringLiteral("payment"), QJsonObject{{QStringLiteral("amount"), 2231.4}, {QStringLiteral("currency"), QStringLiteral("TFT")}});
        r = fieldError(payment, QStringLiteral("/deployments/vm"), "k6");
        QVERIFY(r.object().value(QStringLiteral("error")).toString().startsWith(QStringLiteral("payment.amount must be a string")));
        QCOMPARE(http.send("POST", QStringLiteral("/deployments/vm"), "{not json", "k7", 5000).status, 400);
        // No Idempotency-Key on a create or a conversion: 400.
        r = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId, 3));
        QCOMPARE(r.status, 400);
        QVERIFY(r.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("Idempotency-Key")));
        QCOMPARE(http.post(QStringLiteral("/wallet/convert"), {}).status, 400);
        QCOMPARE(sim.liveContractCount(), 0);
        QCOMPARE(http.send("DELETE", QStringLiteral("/nodes"), {}, {}, 5000).status, 405);
        QCOMPARE(http.get(QStringLiteral("/nowhere")).status, 404);
    }

    void idempotencyKeyReplaysTheFirstReply()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const qint64 nodeId = roomyNode(sim).value(QStringLiteral("nodeId")).toInteger();
        const HttpReply first = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId), "job-42-deploy-1");
        QCOMPARE(first.status, 201);
        const QList<QJsonObject> fleetAfterFirst = sim.fleet();
        QTRY_COMPARE(http.get(QStringLiteral("/deployments/dep-000042-1")).object().value(QStringLiteral("state")).toString(),
                     QStringLiteral("ok"));
        const HttpReply again = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId), "job-42-deploy-1");
        QCOMPARE(again.status, first.status);
        QCOMPARE(again.body, first.body); // the first reply, "init" and all
        QCOMPARE(sim.liveContractCount(), 1);
        QCOMPARE(sim.fleet(), fleetAfterFirst);
        // Same key, another body: 409, nothing created.
        const HttpReply conflict = http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId, 42, 8), "job-42-deploy-1");
        QCOMPARE(conflict.status, 409);
        QCOMPARE(sim.liveContractCount(), 1);

        const QJsonObject convert{{QStringLiteral("usd_amount"), QStringLiteral("22.5000000")},
                                  {QStringLiteral("tft_amount"), QStringLiteral("2200.0000000")},
                                  {QStringLiteral("job_id"), 42}};
        const HttpReply paid = http.post(QStringLiteral("/wallet/convert"), convert, "job-42-convert");
        QCOMPARE(paid.status, 200);
        QCOMPARE(paid.object().value(QStringLiteral("tft_received")).toString(), QStringLiteral("2200.0000000"));
        QCOMPARE(paid.object().value(QStringLiteral("usd_spent")).toString(), QStringLiteral("22.2200000")); // at 0.0101
        QCOMPARE(paid.object().value(QStringLiteral("rate")).toString(), QStringLiteral("0.010100000000"));
        const QByteArray balance = http.get(QStringLiteral("/wallet/balance")).body;
        const HttpReply replay = http.post(QStringLiteral("/wallet/convert"), convert, "job-42-convert");
        QCOMPARE(replay.body, paid.body);
        QCOMPARE(http.get(QStringLiteral("/wallet/balance")).body, balance);
        QCOMPARE(sim.state().value(QStringLiteral("conversions")).toArray().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(balance).object().value(QStringLiteral("usd")).toString(), QStringLiteral("999977.7800000"));
    }

    void stateAndReset()
    {
        GridSimulator sim(fastOptions());
        QVERIFY(sim.start());
        Http http(sim.url());
        const QList<QJsonObject> initial = sim.fleet();
        const qint64 nodeId = roomyNode(sim).value(QStringLiteral("nodeId")).toInteger();
        QCOMPARE(http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId), "x").status, 201);
        http.post(QStringLiteral("/_sim/faults"), {{QStringLiteral("latency_ms"), 5}});
        const QJsonObject state = http.get(QStringLiteral("/_sim/state")).object();
        const QJsonObject contract = state.value(QStringLiteral("contracts")).toArray().first().toObject();
        QCOMPARE(contract.value(QStringLiteral("deployment_id")).toString(), QStringLiteral("dep-000042-1"));
        QCOMPARE(contract.value(QStringLiteral("node_id")).toInteger(), nodeId);
        QCOMPARE(contract.value(QStringLiteral("job_id")).toInt(), 42);
        QVERIFY(contract.contains(QStringLiteral("contract_id")) && contract.contains(QStringLiteral("state")));
        QCOMPARE(state.value(QStringLiteral("counters")).toObject().value(QStringLiteral("POST /deployments/{type}")).toInt(), 1);
        QCOMPARE(state.value(QStringLiteral("faults")).toObject().value(QStringLiteral("latency_ms")).toInt(), 5);

        QCOMPARE(http.post(QStringLiteral("/_sim/reset"), {}).status, 200);
        QCOMPARE(sim.liveContractCount(), 0);
        QCOMPARE(sim.fleet(), initial);
        SimFaults defaults;
        defaults.readyDelayMs = 50;
        QCOMPARE(sim.faults(), defaults);
        // The key store is gone too: the same key creates again.
        QCOMPARE(http.post(QStringLiteral("/deployments/vm"), vmBody(nodeId), "x").status, 201);
    }

    void servesARealNodesFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nodes.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[" + test::readDataFile(QStringLiteral("gridproxy_node.json")).trimmed() + "]");
        file.close();
        SimOptions options = fastOptions();
        options.nodesFile = path;
        GridSimulator sim(options);
        QVERIFY2(sim.start(), qPrintable(sim.errorString()));
        Http http(sim.url());
        const HttpReply r = http.get(QStringLiteral("/nodes?status=up&ret_count=true"));
        QCOMPARE(r.headers.value("count"), QByteArray("1"));
        QCOMPARE(r.array().first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("0000000510-000001-782e1"));
        // used sru > total sru: free is zero, so no storage filter matches.
        QCOMPARE(http.get(QStringLiteral("/nodes?free_sru=1")).array().size(), 0);
        QCOMPARE(http.get(QStringLiteral("/nodes?free_mru=1")).array().size(), 1);

        SimOptions broken = fastOptions();
        broken.nodesFile = test::dataFile(QStringLiteral("gridproxy_node.json")); // an object, not an array
        GridSimulator bad(broken);
        QVERIFY(!bad.start());
        QVERIFY2(bad.errorString().contains(QStringLiteral("JSON array")), qPrintable(bad.errorString()));
        QVERIFY(bad.errorString().contains(QStringLiteral("gridproxy_node.json")));
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
