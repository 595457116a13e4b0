#include "domain/ServiceSpec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>

#include <array>
#include <climits>

namespace griddeck {

namespace {

constexpr std::array<const char *, 5> kTypeNames{{"vm", "container", "kubernetes", "storage", "app"}};

// Docker's distribution/reference grammar, anchored: the domain may carry a port and upper
// case; path components are lowercase alphanumerics joined by '.', '_', '__' or dashes.
const QRegularExpression &imageReferencePattern()
{
    static const QRegularExpression pattern([] {
        const QString domainComponent = QStringLiteral("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
        const QString domain = QStringLiteral("%1(?:\\.%1)*(?::[0-9]{1,5})?").arg(domainComponent);
        const QString component = QStringLiteral("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
        const QString name = QStringLiteral("(?:%1/)?%2(?:/%2)*").arg(domain, component);
        const QString tag = QStringLiteral("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        const QString digest = QStringLiteral("sha256:[a-f0-9]{64}");
        return QStringLiteral("^(%1)(?::%2)?(?:@%3)?$").arg(name, tag, digest);
    }());
    return pattern;
}

const QRegularExpression &envNamePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern;
}

// OS names and versions: "ubuntu", "22.04", "nixos-unstable".
const QRegularExpression &osTokenPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"));
    return pattern;
}

const QRegularExpression &appIdPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    return pattern;
}

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

// How a JSON value is shown in an error: strings quoted, numbers as written, others by kind.
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return quoted(value.toString());
    case QJsonValue::Double: {
        const qint64 a = value.toInteger(0), b = value.toInteger(1);
        return a == b ? QString::number(a) : QString::number(value.toDouble(), 'g', 17);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    // toInteger answers its default unless the value is a whole number that fits a qint64.
    const qint64 a = value.toInteger(0), b = value.toInteger(1);
    if (a != b)
        return std::nullopt;
    return a;
}

// "a vm", "an app"
QString withArticle(const QString &word)
{
    const bool vowel = !word.isEmpty() && QStringLiteral("aeiou").contains(word.at(0));
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + word;
}

void checkRange(QList<SpecProblem> &problems, const char *field, qint64 value, qint64 min, qint64 max)
{
    if (value < min || value > max)
        problems.append({QString::fromLatin1(field), QStringLiteral("%1 must be between %2 and %3 (got %4)")
                                                         .arg(QLatin1String(field))
                                                         .arg(min)
                                                         .arg(max)
                                                         .arg(value)});
}

void checkToken(QList<SpecProblem> &problems, const QString &field, const QString &value, const QString &type,
                const QRegularExpression &pattern, const QString &rule)
{
    if (value.isEmpty())
        problems.append({field, QStringLiteral("%1 is required for %2 service").arg(field, withArticle(type))});
    else if (!pattern.match(value).hasMatch())
        problems.append({field, QStringLiteral("%1 %2 %3").arg(field, quoted(value), rule)});
}

QString imageProblem(const QString &field, const QString &image)
{
    return QStringLiteral("%1 %2 is not a valid image reference (expected [registry[:port]/]path[:tag][@sha256:<64 hex "
                          "digits>] with a lowercase path)")
        .arg(field, quoted(image));
}

// Reads the JSON object, appending a problem for each wrong type, unknown or missing key.
class JsonReader
{
public:
    explicit JsonReader(const QJsonObject &object)
        : m_object(object)
    {
    }

    QStringList problems;

    bool has(const QString &key) const { return m_object.contains(key) && !m_object.value(key).isNull(); }

    std::optional<qint64> integer(const QString &key, bool required)
    {
        m_known << key;
        if (!m_object.contains(key)) {
            if (required)
                problems << QStringLiteral("%1 is missing").arg(key);
            return std::nullopt;
        }
        const QJsonValue value = m_object.value(key);
        auto number = wholeNumber(value);
        if (!number)
            problems << QStringLiteral("%1 must be a whole number (got %2)").arg(key, describe(value));
        return number;
    }

    std::optional<QString> string(const QString &key, bool required, bool nullable = false)
    {
        m_known << key;
        if (!m_object.contains(key) || (nullable && m_object.value(key).isNull())) {
            if (required)
                problems << QStringLiteral("%1 is missing").arg(key);
            return std::nullopt;
        }
        const QJsonValue value = m_object.value(key);
        if (!value.isString()) {
            problems << QStringLiteral("%1 must be a string (got %2)").arg(key, describe(value));
            return std::nullopt;
        }
        return value.toString();
    }

    std::optional<QJsonValue> raw(const QString &key)
    {
        m_known << key;
        if (!m_object.contains(key))
            return std::nullopt;
        return m_object.value(key);
    }

    void rejectUnknown(const QString &where)
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_known.contains(it.key()))
                problems << QStringLiteral("unknown field %1 in %2 (known fields: %3)")
                                .arg(quoted(it.key()), where, m_known.join(QStringLiteral(", ")));
        }
    }

private:
    const QJsonObject &m_object;
    QStringList m_known;
};

} // namespace

ServiceSpec ServiceSpec::make(ServiceDetails details, qint64 cpuCores, qint64 memoryGb, qint64 storageGb)
{
    ServiceSpec spec;
    spec.details = std::move(details);
    spec.cpuCores = cpuCores;
    spec.memoryGb = memoryGb;
    spec.storageGb = storageGb;
    return spec;
}

QString ServiceSpec::serviceTypeName(ServiceType type)
{
    return QString::fromLatin1(kTypeNames.at(static_cast<std::size_t>(type)));
}

std::optional<ServiceType> ServiceSpec::serviceTypeFromName(const QString &name)
{
    for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
        if (name == QLatin1String(kTypeNames.at(i)))
            return static_cast<ServiceType>(i);
    }
    return std::nullopt;
}

QStringList ServiceSpec::serviceTypeNames()
{
    QStringList names;
    for (const char *name : kTypeNames)
        names << QString::fromLatin1(name);
    return names;
}

QStringList ServiceSpec::storageTypes()
{
    return {QStringLiteral("zdb"), QStringLiteral("qsfs"), QStringLiteral("volume"), QStringLiteral("s3")};
}

bool isFlistUrl(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^https://[a-z0-9.-]+/[A-Za-z0-9._/:-]+\\.flist$"));
    return text.size() <= 512 && pattern.match(text).hasMatch();
}

QString ContainerService::bootFlist() const
{
    if (!flist.isEmpty())
        return flist;
    return isFlistUrl(image) ? image : QString();
}

bool isValidImageReference(const QString &reference)
{
    // Docker caps the name (before tag and digest) at 255 characters.
    const auto match = imageReferencePattern().match(reference);
    return match.hasMatch() && match.capturedLength(1) <= 255;
}

QList<SpecProblem> ServiceSpec::problems() const
{
    QList<SpecProblem> problems;
    checkRange(problems, "cpu_cores", cpuCores, kMinCpuCores, kMaxCpuCores);
    checkRange(problems, "memory_gb", memoryGb, kMinMemoryGb, kMaxMemoryGb);
    checkRange(problems, "storage_gb", storageGb, kMinStorageGb, kMaxStorageGb);

    const QString typeName = serviceTypeName();
    if (const auto *vm = as<VmService>()) {
        const QString rule = QStringLiteral("may contain only letters, digits, '.', '_' and '-' (1 to 32 characters, "
                                            "starting with a letter or digit)");
        checkToken(problems, QStringLiteral("os"), vm->os, typeName, osTokenPattern(), rule);
        checkToken(problems, QStringLiteral("version"), vm->version, typeName, osTokenPattern(), rule);
    } else if (const auto *container = as<ContainerService>()) {
        if (container->image.isEmpty())
            problems.append({QStringLiteral("image"), QStringLiteral("image is required for a container service")});
        else if (!isValidImageReference(container->image) && !isFlistUrl(container->image))
            problems.append({QStringLiteral("image"), imageProblem(QStringLiteral("image"), container->image)});
        else if (!container->flist.isEmpty() && !isFlistUrl(container->flist))
            problems.append({ QStringLiteral("flist"),
                QStringLiteral("flist %1 is not an flist URL (expected https://<host>/<path>.flist, e.g. "
                               "https://hub.grid.tf/tf-official-apps/nginx-latest.flist)")
                    .arg(quoted(container->flist)) });
        else if (container->bootFlist().isEmpty())
            problems.append({ QStringLiteral("flist"),
                QStringLiteral(
                    "image %1 has no flist: the ThreeFold Grid runs a container as a micro VM booted from an "
                    "flist, not from a Docker image. Convert the image on the ThreeFold Hub "
                    "(https://hub.grid.tf, \"Docker Hub Converter\") and give the .flist URL as flist")
                    .arg(quoted(container->image)) });
        if (container->ports.size() > kMaxPorts)
            problems.append({QStringLiteral("ports"), QStringLiteral("ports lists %1 ports; at most %2 are allowed")
                                                          .arg(container->ports.size())
                                                          .arg(kMaxPorts)});
        QSet<int> seen;
        for (qsizetype i = 0; i < container->ports.size(); ++i) {
            const int port = container->ports.at(i);
            const QString field = QStringLiteral("ports[%1]").arg(i);
            if (port < 1 || port > 65535)
                problems.append({field, QStringLiteral("port %1 is out of range 1..65535").arg(port)});
            else if (seen.contains(port))
                problems.append({field, QStringLiteral("port %1 is listed more than once (duplicate port)").arg(port)});
            seen.insert(port);
        }
    } else if (const auto *k8s = as<KubernetesService>()) {
        checkRange(problems, "node_count", k8s->nodeCount, kMinNodeCount, kMaxNodeCount);
    } else if (const auto *storage = as<StorageService>()) {
        if (storage->storageType.isEmpty())
            problems.append({QStringLiteral("storage_type"), QStringLiteral("storage_type is required for a storage service (one of %1)")
                                                                 .arg(storageTypes().join(QStringLiteral(", ")))});
        else if (!storageTypes().contains(storage->storageType))
            problems.append({QStringLiteral("storage_type"), QStringLiteral("storage_type %1 is not one of %2")
                                                                 .arg(quoted(storage->storageType),
                                                                      storageTypes().join(QStringLiteral(", ")))});
    } else if (const auto *app = as<ApplicationService>()) {
        checkToken(problems, QStringLiteral("app_id"), app->appId, typeName, appIdPattern(),
                   QStringLiteral("may contain only lowercase letters, digits, '.', '_' and '-' (1 to 64 characters, "
                                  "starting with a letter or digit)"));
    }

    if (!networkConfig.publicIpv4 && !networkConfig.publicIpv6 && !networkConfig.mycelium && !networkConfig.planetary)
        problems.append({QStringLiteral("network_config"),
                         QStringLiteral("network_config must enable at least one of public_ipv4, public_ipv6, mycelium, "
                                        "planetary (the service would be unreachable)")});

    if (environment.size() > kMaxEnvironmentVars)
        problems.append({QStringLiteral("environment_vars"),
                         QStringLiteral("environment_vars has %1 variables; at most %2 are allowed")
                             .arg(environment.size())
                             .arg(kMaxEnvironmentVars)});
    for (auto it = environment.cbegin(); it != environment.cend(); ++it) {
        const QString field = QStringLiteral("environment_vars.%1").arg(it.key());
        if (!envNamePattern().match(it.key()).hasMatch())
            problems.append({field, QStringLiteral("environment variable name %1 must match [A-Za-z_][A-Za-z0-9_]*")
                                        .arg(quoted(it.key()))});
        else if (it.key().size() > kMaxEnvironmentNameLength)
            problems.append({field, QStringLiteral("environment variable name %1… is longer than %2 characters")
                                        .arg(it.key().left(32), QString::number(kMaxEnvironmentNameLength))});
        const qsizetype bytes = it.value().toUtf8().size();
        if (bytes > kMaxEnvironmentValueBytes)
            problems.append({field, QStringLiteral("environment variable %1 is %2 bytes; values are limited to %3 bytes (4 KiB)")
                                        .arg(it.key().left(64), QString::number(bytes),
                                             QString::number(kMaxEnvironmentValueBytes))});
    }

    if (dockerImage && !isValidImageReference(*dockerImage)) {
        problems.append({QStringLiteral("docker_image"), imageProblem(QStringLiteral("docker_image"), *dockerImage)});
    } else if (dockerImage) {
        // The seed's docker_image is a container's image: elsewhere it would be silently unused.
        const auto *container = as<ContainerService>();
        if (!container)
            problems.append({ QStringLiteral("docker_image"),
                QStringLiteral(
                    "docker_image applies only to container services; %1 service runs no Docker image")
                    .arg(withArticle(typeName)) });
        else if (isValidImageReference(container->image) && container->image != *dockerImage)
            problems.append({ QStringLiteral("docker_image"),
                QStringLiteral("docker_image %1 differs from the container's image %2; give the image once")
                    .arg(quoted(*dockerImage), quoted(container->image)) });
    }
    if (kubernetesManifest) {
        if (type() != ServiceType::KubernetesCluster)
            problems.append({QStringLiteral("kubernetes_manifest"),
                             QStringLiteral("kubernetes_manifest applies only to kubernetes services, not to %1 service").arg(withArticle(typeName))});
        else if (kubernetesManifest->trimmed().isEmpty())
            problems.append({QStringLiteral("kubernetes_manifest"), QStringLiteral("kubernetes_manifest is empty")});
        else if (!QRegularExpression(QStringLiteral("(^|\\n)\\s*\"?kind\"?\\s*:"))
                      .match(*kubernetesManifest)
                      .hasMatch())
            problems.append({ QStringLiteral("kubernetes_manifest"),
                QStringLiteral(
                    "kubernetes_manifest names no kind: kubectl apply needs a kind on every object "
                    "(e.g. \"kind: Deployment\")") });
        else if (kubernetesManifest->toUtf8().size() > kMaxManifestBytes)
            problems.append({QStringLiteral("kubernetes_manifest"),
                             QStringLiteral("kubernetes_manifest is %1 bytes; at most %2 bytes (256 KiB) are allowed")
                                 .arg(kubernetesManifest->toUtf8().size())
                                 .arg(kMaxManifestBytes)});
    }
    return problems;
}

Result<void> ServiceSpec::validate() const
{
    const QList<SpecProblem> list = problems();
    if (list.isEmpty())
        return {};
    QStringList messages;
    for (const SpecProblem &problem : list)
        messages << problem.message;
    return Error::invalid(messages.join(QStringLiteral("; ")));
}

QJsonObject ServiceSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("service_type"), serviceTypeName());
    if (const auto *vm = as<VmService>()) {
        json.insert(QStringLiteral("os"), vm->os);
        json.insert(QStringLiteral("version"), vm->version);
    } else if (const auto *container = as<ContainerService>()) {
        json.insert(QStringLiteral("image"), container->image);
        if (!container->flist.isEmpty())
            json.insert(QStringLiteral("flist"), container->flist);
        QJsonArray ports;
        for (int port : container->ports)
            ports.append(port);
        json.insert(QStringLiteral("ports"), ports);
    } else if (const auto *k8s = as<KubernetesService>()) {
        json.insert(QStringLiteral("node_count"), k8s->nodeCount);
    } else if (const auto *storage = as<StorageService>()) {
        json.insert(QStringLiteral("storage_type"), storage->storageType);
    } else if (const auto *app = as<ApplicationService>()) {
        json.insert(QStringLiteral("app_id"), app->appId);
    }
    json.insert(QStringLiteral("cpu_cores"), cpuCores);
    json.insert(QStringLiteral("memory_gb"), memoryGb);
    json.insert(QStringLiteral("storage_gb"), storageGb);
    json.insert(QStringLiteral("network_config"), QJsonObject{
                                                      {QStringLiteral("public_ipv4"), networkConfig.publicIpv4},
                                                      {QStringLiteral("public_ipv6"), networkConfig.publicIpv6},
                                                      {QStringLiteral("mycelium"), networkConfig.mycelium},
                                                      {QStringLiteral("planetary"), networkConfig.planetary},
                                                  });
    QJsonObject env;
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    json.insert(QStringLiteral("environment_vars"), env);
    if (dockerImage)
        json.insert(QStringLiteral("docker_image"), *dockerImage);
    if (kubernetesManifest)
        json.insert(QStringLiteral("kubernetes_manifest"), *kubernetesManifest);
    return json;
}

Result<ServiceSpec> ServiceSpec::fromJson(const QJsonObject &object)
{
    JsonReader reader(object);
    ServiceSpec spec;

    const auto typeName = reader.string(QStringLiteral("service_type"), false);
    std::optional<ServiceType> type;
    if (!object.contains(QStringLiteral("service_type")))
        return Error::invalid(QStringLiteral("service_type is missing (one of %1)").arg(serviceTypeNames().join(QStringLiteral(", "))));
    if (!typeName)
        return Error::invalid(reader.problems.join(QStringLiteral("; ")));
    type = serviceTypeFromName(*typeName);
    if (!type)
        return Error::invalid(QStringLiteral("service_type %1 is not one of %2")
                                  .arg(quoted(*typeName), serviceTypeNames().join(QStringLiteral(", "))));

    switch (*type) {
    case ServiceType::VM: {
        VmService vm;
        vm.os = reader.string(QStringLiteral("os"), true).value_or(QString());
        vm.version = reader.string(QStringLiteral("version"), true).value_or(QString());
        spec.details = vm;
        break;
    }
    case ServiceType::Container: {
        ContainerService container;
        container.image = reader.string(QStringLiteral("image"), true).value_or(QString());
        container.flist = reader.string(QStringLiteral("flist"), false).value_or(QString());
        if (auto ports = reader.raw(QStringLiteral("ports"))) {
            if (!ports->isArray()) {
                reader.problems << QStringLiteral("ports must be an array of port numbers (got %1)").arg(describe(*ports));
            } else {
                const QJsonArray array = ports->toArray();
                for (qsizetype i = 0; i < array.size(); ++i) {
                    const auto port = wholeNumber(array.at(i));
                    if (!port)
                        reader.problems << QStringLiteral("ports[%1] must be a whole number (got %2)").arg(i).arg(describe(array.at(i)));
                    else if (*port < INT_MIN || *port > INT_MAX)
                        reader.problems << QStringLiteral("port %1 is out of range 1..65535").arg(*port);
                    else
                        container.ports.append(static_cast<int>(*port));
                }
            }
        }
        spec.details = container;
        break;
    }
    case ServiceType::KubernetesCluster:
        spec.details = KubernetesService{reader.integer(QStringLiteral("node_count"), true).value_or(0)};
        break;
    case ServiceType::Storage:
        spec.details = StorageService{reader.string(QStringLiteral("storage_type"), true).value_or(QString())};
        break;
    case ServiceType::Application:
        spec.details = ApplicationService{reader.string(QStringLiteral("app_id"), true).value_or(QString())};
        break;
    }

    spec.cpuCores = reader.integer(QStringLiteral("cpu_cores"), true).value_or(0);
    spec.memoryGb = reader.integer(QStringLiteral("memory_gb"), true).value_or(0);
    spec.storageGb = reader.integer(QStringLiteral("storage_gb"), true).value_or(0);

    if (auto network = reader.raw(QStringLiteral("network_config"))) {
        if (!network->isObject()) {
            reader.problems << QStringLiteral("network_config must be an object (got %1)").arg(describe(*network));
        } else {
            const QJsonObject config = network->toObject();
            const std::array<std::pair<const char *, bool *>, 4> flags{{
                {"public_ipv4", &spec.networkConfig.publicIpv4},
                {"public_ipv6", &spec.networkConfig.publicIpv6},
                {"mycelium", &spec.networkConfig.mycelium},
                {"planetary", &spec.networkConfig.planetary},
            }};
            QStringList known;
            for (const auto &[key, target] : flags) {
                const QString name = QString::fromLatin1(key);
                known << name;
                if (!config.contains(name))
                    continue; // the default stands
                if (!config.value(name).isBool())
                    reader.problems << QStringLiteral("network_config.%1 must be true or false (got %2)")
                                           .arg(name, describe(config.value(name)));
                else
                    *target = config.value(name).toBool();
            }
            for (auto it = config.begin(); it != config.end(); ++it) {
                if (!known.contains(it.key()))
                    reader.problems << QStringLiteral("unknown field %1 in network_config (known fields: %2)")
                                           .arg(quoted(it.key()), known.join(QStringLiteral(", ")));
            }
        }
    }

    if (auto env = reader.raw(QStringLiteral("environment_vars"))) {
        if (!env->isObject()) {
            reader.problems << QStringLiteral("environment_vars must be an object of strings (got %1)").arg(describe(*env));
        } else {
            const QJsonObject vars = env->toObject();
            for (auto it = vars.begin(); it != vars.end(); ++it) {
                if (!it.value().isString())
                    reader.problems << QStringLiteral("environment_vars.%1 must be a string (got %2)").arg(it.key(), describe(it.value()));
                else
                    spec.environment.insert(it.key(), it.value().toString());
            }
        }
    }

    spec.dockerImage = reader.string(QStringLiteral("docker_image"), false, true);
    spec.kubernetesManifest = reader.string(QStringLiteral("kubernetes_manifest"), false, true);

    reader.rejectUnknown(QStringLiteral("%1 spec").arg(withArticle(*typeName)));
    if (!reader.problems.isEmpty())
        return Error::invalid(reader.problems.join(QStringLiteral("; ")));
    return spec;
}

Result<ServiceSpec> ServiceSpec::fromJsonText(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("the service spec is not valid JSON: %1 at offset %2")
                                  .arg(parseError.errorString())
                                  .arg(parseError.offset));
    if (!document.isObject())
        return Error::invalid(QStringLiteral("the service spec must be a JSON object"));
    return fromJson(document.object());
}

QString ServiceSpec::summary() const
{
    QString head = serviceTypeName();
    if (const auto *vm = as<VmService>())
        head += QStringLiteral(" %1 %2").arg(vm->os, vm->version);
    else if (const auto *container = as<ContainerService>())
        head += u' ' + container->image;
    else if (const auto *k8s = as<KubernetesService>())
        head += k8s->nodeCount == 1 ? QStringLiteral(" 1 node") : QStringLiteral(" %1 nodes").arg(k8s->nodeCount);
    else if (const auto *storage = as<StorageService>())
        head += u' ' + storage->storageType;
    else if (const auto *app = as<ApplicationService>())
        head += u' ' + app->appId;
    const QString dot = QStringLiteral(" \u00B7 ");
    return head + dot + QStringLiteral("%1 CPU").arg(cpuCores) + dot + QStringLiteral("%1 GB").arg(memoryGb) + dot
        + QStringLiteral("%1 GB").arg(storageGb);
}

} // namespace griddeck
