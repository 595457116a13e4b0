#include "domain/ServiceSpec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace griddeck;

namespace {

ServiceSpec validVm()
{
    return ServiceSpec::make(VmService{QStringLiteral("ubuntu"), QStringLiteral("22.04")}, 2, 4, 50);
}

ServiceSpec validContainer()
{
    return ServiceSpec::make(ContainerService { QStringLiteral("nginx:1.25"), { 80, 443 },
                                 QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist") },
        1, 2, 10);
}

QString messageOf(const ServiceSpec &spec)
{
    const auto result = spec.validate();
    return result.ok() ? QString() : result.error().message;
}

QStringList fieldsOf(const ServiceSpec &spec)
{
    QStringList fields;
    for (const SpecProblem &problem : spec.problems())
        fields << problem.field;
    return fields;
}

QString fromJsonError(const QByteArray &json)
{
    const auto parsed = ServiceSpec::fromJsonText(json);
    if (parsed.ok())
        return QString();
    return parsed.error().message;
}

} // namespace

class TestServiceSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hubFlistNamesWithATagAreFlists()
    {
        // The Hub names converted images <name>:<tag>.flist (base:latest.flist).
        const ServiceSpec tagged = ServiceSpec::make(
            ContainerService { QStringLiteral("base:latest"), { 8000 },
                QStringLiteral("https://hub.grid.tf/tf-official-apps/base:latest.flist") },
            1, 1, 5);
        QVERIFY2(tagged.validate().ok(), qPrintable(messageOf(tagged)));
        const ServiceSpec notFlist = ServiceSpec::make(
            ContainerService { QStringLiteral("base:latest"), { 8000 },
                QStringLiteral("https://hub.grid.tf/tf-official-apps/base:latest.tar") },
            1, 1, 5);
        QVERIFY(!notFlist.validate().ok());
    }

    void validSpecsOfEveryTypePass()
    {
        QVERIFY2(validVm().validate().ok(), qPrintable(messageOf(validVm())));
        QVERIFY2(validContainer().validate().ok(), qPrintable(messageOf(validContainer())));
        const QList<ServiceSpec> others = {
            ServiceSpec::make(KubernetesService{3}, 4, 8, 100),
            ServiceSpec::make(StorageService{QStringLiteral("zdb")}, 1, 1, 1000),
            ServiceSpec::make(ApplicationService{QStringLiteral("nextcloud")}, 2, 4, 50),
        };
        for (const ServiceSpec &spec : others)
            QVERIFY2(spec.validate().ok(), qPrintable(messageOf(spec)));
        // The seed's network default: IPv6 and Mycelium on.
        const NetworkConfig network;
        QVERIFY(network.publicIpv6 && network.mycelium);
        QVERIFY(!network.publicIpv4 && !network.planetary);
    }

    void resourceBoundsNameTheFieldAndValue()
    {
        ServiceSpec spec = validVm();
        spec.cpuCores = 0;
        spec.memoryGb = 1000000000;
        spec.storageGb = 100001;
        const QString message = messageOf(spec);
        QVERIFY2(message.contains(QStringLiteral("cpu_cores must be between 1 and 64 (got 0)")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("memory_gb must be between 1 and 1024 (got 1000000000)")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("storage_gb must be between 1 and 100000 (got 100001)")), qPrintable(message));
        QCOMPARE(spec.validate().error().kind, ErrorKind::InvalidInput);
        QCOMPARE(fieldsOf(spec), (QStringList{QStringLiteral("cpu_cores"), QStringLiteral("memory_gb"), QStringLiteral("storage_gb")}));

        spec = validVm();
        spec.cpuCores = 64;
        spec.memoryGb = 1024;
        spec.storageGb = 100000;
        QVERIFY(spec.validate().ok());
        spec.cpuCores = 65;
        QVERIFY(messageOf(spec).contains(QStringLiteral("cpu_cores must be between 1 and 64 (got 65)")));
    }

    void vmOsAndVersionAreRequiredAndCharsetChecked()
    {
        ServiceSpec spec = ServiceSpec::make(VmService{QString(), QString()}, 1, 1, 1);
        QString message = messageOf(spec);
        QVERIFY2(message.contains(QStringLiteral("os is required for a vm service")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("version is required for a vm service")), qPrintable(message));

        spec = ServiceSpec::make(VmService{QStringLiteral("ubu ntu"), QStringLiteral("22.04;rm")}, 1, 1, 1);
        message = messageOf(spec);
        QVERIFY2(message.contains(QStringLiteral("os \"ubu ntu\" may contain only")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("version \"22.04;rm\" may contain only")), qPrintable(message));
        QVERIFY(ServiceSpec::make(VmService{QStringLiteral("nixos"), QStringLiteral("unstable-23.11")}, 1, 1, 1).validate().ok());
    }

    void imageReferencesFollowDockerSyntax_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<bool>("valid");
        const QString digest = QStringLiteral("sha256:") + QString(64, u'a');
        QTest::newRow("bare") << QStringLiteral("nginx") << true;
        QTest::newRow("tag") << QStringLiteral("nginx:1.25-alpine") << true;
        QTest::newRow("path") << QStringLiteral("library/nginx") << true;
        QTest::newRow("registry") << QStringLiteral("ghcr.io/threefoldtech/grid_proxy:v1.2.3") << true;
        QTest::newRow("registry port") << QStringLiteral("localhost:5000/team/app") << true;
        QTest::newRow("digest") << QStringLiteral("nginx@") + digest << true;
        QTest::newRow("tag and digest") << QStringLiteral("docker.io/library/nginx:1.25@") + digest << true;
        QTest::newRow("separators") << QStringLiteral("my-org/my__app.v2") << true;
        QTest::newRow("space") << QStringLiteral("ng inx") << false;
        QTest::newRow("uppercase path") << QStringLiteral("Nginx") << false;
        QTest::newRow("uppercase path after registry") << QStringLiteral("ghcr.io/Org/app") << false;
        QTest::newRow("empty tag") << QStringLiteral("nginx:") << false;
        QTest::newRow("short digest") << QStringLiteral("nginx@sha256:abc") << false;
        QTest::newRow("leading slash") << QStringLiteral("/nginx") << false;
        QTest::newRow("double slash") << QStringLiteral("a//b") << false;
        QTest::newRow("trailing separator") << QStringLiteral("nginx-") << false;
        QTest::newRow("tag too long") << QStringLiteral("nginx:") + QString(129, u'a') << false;
        QTest::newRow("name too long") << QString(256, u'a') << false;
    }

    void imageReferencesFollowDockerSyntax()
    {
        QFETCH(QString, image);
        QFETCH(bool, valid);
        QCOMPARE(isValidImageReference(image), valid);
    }

    void containerImageAndPorts()
    {
        ServiceSpec spec = ServiceSpec::make(ContainerService{QStringLiteral("ng inx"), {80, 70000, 0, 443, 80}}, 1, 1, 1);
        const QString message = messageOf(spec);
        QVERIFY2(message.contains(QStringLiteral("image \"ng inx\" is not a valid image reference")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("port 70000 is out of range 1..65535")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("port 0 is out of range 1..65535")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("port 80 is listed more than once")), qPrintable(message));
        QCOMPARE(fieldsOf(spec), (QStringList{QStringLiteral("image"), QStringLiteral("ports[1]"), QStringLiteral("ports[2]"),
                                              QStringLiteral("ports[4]")}));

        spec = ServiceSpec::make(ContainerService{QString(), {}}, 1, 1, 1);
        QVERIFY(messageOf(spec).contains(QStringLiteral("image is required for a container service")));

        ContainerService many{QStringLiteral("nginx"), {}};
        for (int port = 1; port <= ServiceSpec::kMaxPorts + 1; ++port)
            many.ports << port;
        QVERIFY(messageOf(ServiceSpec::make(many, 1, 1, 1)).contains(QStringLiteral("ports lists 65 ports; at most 64")));
    }

    void kubernetesStorageAndAppFields()
    {
        QVERIFY(messageOf(ServiceSpec::make(KubernetesService{0}, 1, 1, 1))
                    .contains(QStringLiteral("node_count must be between 1 and 20 (got 0)")));
        QVERIFY(messageOf(ServiceSpec::make(KubernetesService{21}, 1, 1, 1))
                    .contains(QStringLiteral("node_count must be between 1 and 20 (got 21)")));

        for (const QString &type : ServiceSpec::storageTypes())
            QVERIFY(ServiceSpec::make(StorageService{type}, 1, 1, 1).validate().ok());
        const QString storage = messageOf(ServiceSpec::make(StorageService{QStringLiteral("nfs")}, 1, 1, 1));
        QVERIFY2(storage.contains(QStringLiteral("storage_type \"nfs\" is not one of zdb, qsfs, volume, s3")), qPrintable(storage));
        QVERIFY(messageOf(ServiceSpec::make(StorageService{}, 1, 1, 1)).contains(QStringLiteral("storage_type is required")));

        QVERIFY(messageOf(ServiceSpec::make(ApplicationService{QStringLiteral("Next Cloud")}, 1, 1, 1))
                    .contains(QStringLiteral("app_id \"Next Cloud\" may contain only lowercase letters")));
        QVERIFY(messageOf(ServiceSpec::make(ApplicationService{}, 1, 1, 1))
                    .contains(QStringLiteral("app_id is required for an app service")));
    }

    void environmentNamesValuesAndCount()
    {
        ServiceSpec spec = validVm();
        spec.environment.insert(QStringLiteral("GOOD_NAME"), QStringLiteral("x"));
        spec.environment.insert(QStringLiteral("_ok2"), QString());
        QVERIFY(spec.validate().ok());

        spec.environment.insert(QStringLiteral("1BAD"), QStringLiteral("x"));
        spec.environment.insert(QStringLiteral("WITH-DASH"), QStringLiteral("x"));
        spec.environment.insert(QStringLiteral("BIG"), QString(4097, u'v'));
        spec.environment.insert(QStringLiteral("EXACT"), QString(4096, u'v'));
        // Multi-byte characters count as their UTF-8 bytes: 2,049 × 2 bytes.
        spec.environment.insert(QStringLiteral("WIDE"), QString(2049, QChar(0x00E9)));
        const QString message = messageOf(spec);
        QVERIFY2(message.contains(QStringLiteral("environment variable name \"1BAD\" must match [A-Za-z_][A-Za-z0-9_]*")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("environment variable name \"WITH-DASH\" must match")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("environment variable BIG is 4097 bytes; values are limited to 4096 bytes")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("environment variable WIDE is 4098 bytes")), qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("EXACT")));

        ServiceSpec crowded = validVm();
        for (int i = 0; i < 65; ++i)
            crowded.environment.insert(QStringLiteral("VAR_%1").arg(i), QStringLiteral("v"));
        QVERIFY(messageOf(crowded).contains(QStringLiteral("environment_vars has 65 variables; at most 64 are allowed")));
        crowded.environment.remove(QStringLiteral("VAR_0"));
        QVERIFY(crowded.validate().ok());
    }

    void networkOptionalImagesAndManifest()
    {
        ServiceSpec spec = validVm();
        spec.networkConfig = NetworkConfig{false, false, false, false};
        QVERIFY(messageOf(spec).contains(QStringLiteral("network_config must enable at least one of")));

        spec = validContainer();
        spec.dockerImage = QStringLiteral("BAD IMAGE");
        QVERIFY(messageOf(spec).contains(QStringLiteral("docker_image \"BAD IMAGE\" is not a valid image reference")));
        spec.kubernetesManifest = QStringLiteral("apiVersion: v1");
        QVERIFY(messageOf(spec).contains(QStringLiteral("kubernetes_manifest applies only to kubernetes services")));

        ServiceSpec k8s = ServiceSpec::make(KubernetesService{3}, 2, 4, 20);
        k8s.kubernetesManifest = QStringLiteral("apiVersion: v1\nkind: Namespace\n");
        QVERIFY(k8s.validate().ok());
        k8s.kubernetesManifest = QStringLiteral("   ");
        QVERIFY(messageOf(k8s).contains(QStringLiteral("kubernetes_manifest is empty")));
    }

    void validateReportsEveryProblemAtOnce()
    {
        ServiceSpec spec = ServiceSpec::make(ContainerService{QStringLiteral("ng inx"), {70000}}, 0, 0, 0);
        spec.environment.insert(QStringLiteral("9"), QStringLiteral("x"));
        QCOMPARE(spec.problems().size(), 6);
        QCOMPARE(messageOf(spec).count(QStringLiteral("; ")), 5);
    }

    void serviceTypeNames()
    {
        QCOMPARE(validVm().serviceTypeName(), QStringLiteral("vm"));
        QCOMPARE(validContainer().serviceTypeName(), QStringLiteral("container"));
        QCOMPARE(ServiceSpec::make(KubernetesService{1}, 1, 1, 1).serviceTypeName(), QStringLiteral("kubernetes"));
        QCOMPARE(ServiceSpec::make(StorageService{}, 1, 1, 1).serviceTypeName(), QStringLiteral("storage"));
        QCOMPARE(ServiceSpec::make(ApplicationService{}, 1, 1, 1).serviceTypeName(), QStringLiteral("app"));
        for (const QString &name : ServiceSpec::serviceTypeNames())
            QCOMPARE(ServiceSpec::serviceTypeName(*ServiceSpec::serviceTypeFromName(name)), name);
        QVERIFY(!ServiceSpec::serviceTypeFromName(QStringLiteral("VM")).has_value());
        QVERIFY(!ServiceSpec::serviceTypeFromName(QString()).has_value());
        QCOMPARE(ServiceSpec::serviceTypeFromName(QStringLiteral("kubernetes")), ServiceType::KubernetesCluster);
    }

    void jsonRoundTripsEveryType()
    {
        ServiceSpec vm = validVm();
        vm.networkConfig.publicIpv4 = true;
        vm.networkConfig.planetary = true;
        vm.environment.insert(QStringLiteral("TZ"), QStringLiteral("Europe/Brussels"));
        vm.environment.insert(QStringLiteral("GREETING"), QStringLiteral("h\u00E9llo \"world\""));
        ServiceSpec container = validContainer();
        container.dockerImage = QStringLiteral("nginx:1.25");
        ServiceSpec k8s = ServiceSpec::make(KubernetesService{5}, 4, 16, 200);
        k8s.kubernetesManifest = QStringLiteral("kind: Deployment\n");
        const QList<ServiceSpec> specs = {vm, container, k8s,
                                          ServiceSpec::make(StorageService{QStringLiteral("qsfs")}, 1, 2, 5000),
                                          ServiceSpec::make(ApplicationService{QStringLiteral("wordpress")}, 1, 2, 20)};
        for (const ServiceSpec &spec : specs) {
            const QByteArray text = QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact);
            const auto parsed = ServiceSpec::fromJsonText(text);
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
            QVERIFY2(parsed.value() == spec, text.constData());
        }
        const QJsonObject json = vm.toJson();
        QCOMPARE(json.value(QStringLiteral("service_type")).toString(), QStringLiteral("vm"));
        QCOMPARE(json.value(QStringLiteral("cpu_cores")).toInteger(), 2);
        QCOMPARE(json.value(QStringLiteral("network_config")).toObject().value(QStringLiteral("public_ipv4")).toBool(), true);
        QVERIFY(!json.contains(QStringLiteral("docker_image")));
    }

    void fromJsonAppliesDefaultsForOptionalFields()
    {
        const auto parsed = ServiceSpec::fromJsonText(
            R"({"service_type":"container","image":"redis:7","cpu_cores":1,"memory_gb":1,"storage_gb":1,"docker_image":null})");
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->networkConfig, NetworkConfig{});
        QVERIFY(parsed->environment.isEmpty());
        QVERIFY(parsed->as<ContainerService>()->ports.isEmpty());
        QVERIFY(!parsed->dockerImage.has_value());

        const auto partialNetwork = ServiceSpec::fromJsonText(
            R"({"service_type":"storage","storage_type":"zdb","cpu_cores":1,"memory_gb":1,"storage_gb":1,
                "network_config":{"public_ipv4":true}})");
        QVERIFY(partialNetwork.ok());
        QCOMPARE(partialNetwork->networkConfig, (NetworkConfig{true, true, true, false}));
    }

    void fromJsonIsStrictAndNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray common = R"("cpu_cores":2,"memory_gb":4,"storage_gb":50)";
        QTest::newRow("not json") << QByteArray("{\"service_type\":") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("must be a JSON object");
        QTest::newRow("no type") << ("{" + common + "}") << QStringLiteral("service_type is missing (one of vm, container, kubernetes, storage, app)");
        QTest::newRow("unknown type") << (R"({"service_type":"lambda",)" + common + "}")
                                      << QStringLiteral("service_type \"lambda\" is not one of vm, container");
        QTest::newRow("type not string") << (R"({"service_type":3,)" + common + "}") << QStringLiteral("service_type must be a string (got 3)");
        QTest::newRow("cpu as string") << QByteArray(R"({"service_type":"vm","os":"ubuntu","version":"22.04","cpu_cores":"2","memory_gb":4,"storage_gb":50})")
                                       << QStringLiteral("cpu_cores must be a whole number (got \"2\")");
        QTest::newRow("cpu fraction") << QByteArray(R"({"service_type":"vm","os":"ubuntu","version":"22.04","cpu_cores":2.5,"memory_gb":4,"storage_gb":50})")
                                      << QStringLiteral("cpu_cores must be a whole number (got 2.5)");
        QTest::newRow("missing memory") << QByteArray(R"({"service_type":"vm","os":"ubuntu","version":"22.04","cpu_cores":2,"storage_gb":50})")
                                        << QStringLiteral("memory_gb is missing");
        QTest::newRow("missing os") << (R"({"service_type":"vm","version":"22.04",)" + common + "}") << QStringLiteral("os is missing");
        QTest::newRow("unknown key") << (R"({"service_type":"vm","os":"ubuntu","version":"22.04","cpu":2,)" + common + "}")
                                     << QStringLiteral("unknown field \"cpu\" in a vm spec");
        QTest::newRow("field of another type") << (R"({"service_type":"vm","os":"ubuntu","version":"22.04","image":"nginx",)" + common + "}")
                                               << QStringLiteral("unknown field \"image\" in a vm spec");
        QTest::newRow("ports not array") << (R"({"service_type":"container","image":"nginx","ports":80,)" + common + "}")
                                         << QStringLiteral("ports must be an array of port numbers (got 80)");
        QTest::newRow("port string") << (R"({"service_type":"container","image":"nginx","ports":[80,"443"],)" + common + "}")
                                     << QStringLiteral("ports[1] must be a whole number (got \"443\")");
        QTest::newRow("port huge") << (R"({"service_type":"container","image":"nginx","ports":[99999999999],)" + common + "}")
                                   << QStringLiteral("port 99999999999 is out of range 1..65535");
        QTest::newRow("node count string") << (R"({"service_type":"kubernetes","node_count":"3",)" + common + "}")
                                           << QStringLiteral("node_count must be a whole number (got \"3\")");
        QTest::newRow("network not object") << (R"({"service_type":"app","app_id":"x","network_config":true,)" + common + "}")
                                            << QStringLiteral("network_config must be an object (got true)");
        QTest::newRow("network flag string") << (R"({"service_type":"app","app_id":"x","network_config":{"mycelium":"yes"},)" + common + "}")
                                             << QStringLiteral("network_config.mycelium must be true or false (got \"yes\")");
        QTest::newRow("network unknown") << (R"({"service_type":"app","app_id":"x","network_config":{"ipv6":true},)" + common + "}")
                                         << QStringLiteral("unknown field \"ipv6\" in network_config");
        QTest::newRow("env value number") << (R"({"service_type":"app","app_id":"x","environment_vars":{"PORT":8080},)" + common + "}")
                                          << QStringLiteral("environment_vars.PORT must be a string (got 8080)");
        QTest::newRow("env array") << (R"({"service_type":"app","app_id":"x","environment_vars":["A=1"],)" + common + "}")
                                   << QStringLiteral("environment_vars must be an object of strings (got an array)");
        QTest::newRow("manifest number") << (R"({"service_type":"kubernetes","node_count":1,"kubernetes_manifest":1,)" + common + "}")
                                         << QStringLiteral("kubernetes_manifest must be a string (got 1)");
    }

    void fromJsonIsStrictAndNamesTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString message = fromJsonError(json);
        QVERIFY2(!message.isEmpty(), "fromJson accepted a bad spec");
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void fromJsonReportsEveryStructuralProblem()
    {
        const QString message = fromJsonError(
            R"({"service_type":"vm","os":1,"cpu_cores":"x","memory_gb":4,"storage_gb":50,"extra":true})");
        QVERIFY2(message.contains(QStringLiteral("os must be a string (got 1)")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("version is missing")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("cpu_cores must be a whole number")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("unknown field \"extra\"")), qPrintable(message));
    }

    void fromJsonLeavesRangesToValidate()
    {
        // Structure is fine, values are not: parsing succeeds and validate() names them.
        const auto parsed = ServiceSpec::fromJsonText(
            R"({"service_type":"container","image":"ng inx","ports":[70000],"cpu_cores":0,"memory_gb":1000000000,"storage_gb":1})");
        QVERIFY(parsed.ok());
        const QString message = messageOf(parsed.value());
        QVERIFY(message.contains(QStringLiteral("cpu_cores must be between 1 and 64 (got 0)")));
        QVERIFY(message.contains(QStringLiteral("memory_gb must be between 1 and 1024 (got 1000000000)")));
        QVERIFY(message.contains(QStringLiteral("port 70000 is out of range 1..65535")));
    }

    void summaries()
    {
        const QString dot = QStringLiteral(" \u00B7 ");
        QCOMPARE(validVm().summary(), QStringLiteral("vm ubuntu 22.04") + dot + QStringLiteral("2 CPU") + dot
                                          + QStringLiteral("4 GB") + dot + QStringLiteral("50 GB"));
        QVERIFY(validContainer().summary().startsWith(QStringLiteral("container nginx:1.25") + dot));
        QVERIFY(ServiceSpec::make(KubernetesService{3}, 1, 1, 1).summary().startsWith(QStringLiteral("kubernetes 3 nodes") + dot));
        QVERIFY(ServiceSpec::make(KubernetesService{1}, 1, 1, 1).summary().startsWith(QStringLiteral("kubernetes 1 node") + dot));
        QVERIFY(ServiceSpec::make(StorageService{QStringLiteral("zdb")}, 1, 1, 1).summary().startsWith(QStringLiteral("storage zdb") + dot));
        QVERIFY(ServiceSpec::make(ApplicationService{QStringLiteral("nextcloud")}, 1, 1, 1).summary().startsWith(QStringLiteral("app nextcloud") + dot));
    }
};

QTEST_GUILESS_MAIN(TestServiceSpec)
#include "tst_servicespec.moc"
