// enqueue, jobs, job, cancel, pause, resume.
#include "cli/Commands.h"
#include "cli/JobJson.h"

#include <QFile>
#include <QJsonArray>

namespace griddeck::cli {

namespace {

Result<qint64> parseJobId(const QString &text)
{
    return parseIntegerOption(QStringLiteral("job ID"), text, 1, INT64_MAX);
}

// Builds the ServiceSpec from enqueue's options; every problem is reported, not just the first.
Result<ServiceSpec> specFromOptions(const ParsedCommand &command)
{
    QStringList problems;
    const QString typeName = command.value(QStringLiteral("type"));
    const auto type = ServiceSpec::serviceTypeFromName(typeName);
    if (!type)
        return Error::invalid(QStringLiteral("--type must be one of %1 (got \"%2\")")
                                  .arg(ServiceSpec::serviceTypeNames().join(QStringLiteral(", ")), typeName));

    auto integer = [&](const QString &name, qint64 fallback, bool required) -> qint64 {
        if (!command.has(name)) {
            if (required)
                problems << QStringLiteral("--%1 is required").arg(name);
            return fallback;
        }
        auto value = parseIntegerOption(QStringLiteral("--") + name, command.value(name), INT64_MIN / 2, INT64_MAX / 2);
        if (!value.ok()) {
            problems << value.error().message;
            return fallback;
        }
        return value.value();
    };
    // A missing type field is left empty: the spec's own check names it ("os is required …").
    auto requireText = [&](const QString &name) -> QString { return command.value(name); };

    ServiceDetails details;
    switch (*type) {
    case ServiceType::VM:
        details = VmService{requireText(QStringLiteral("os")), requireText(QStringLiteral("os-version"))};
        break;
    case ServiceType::Container: {
        ContainerService container { requireText(QStringLiteral("image")), {},
            command.value(QStringLiteral("flist")) };
        if (command.has(QStringLiteral("ports"))) {
            for (const QString &part : command.value(QStringLiteral("ports")).split(u',')) {
                auto port = parseIntegerOption(QStringLiteral("--ports"), part.trimmed(), INT32_MIN, INT32_MAX);
                if (port.ok())
                    container.ports.append(static_cast<int>(port.value()));
                else
                    problems << port.error().message;
            }
        }
        details = container;
        break;
    }
    case ServiceType::KubernetesCluster:
        details = KubernetesService{integer(QStringLiteral("nodes"), 1, true)};
        break;
    case ServiceType::Storage:
        details = StorageService{requireText(QStringLiteral("storage-type"))};
        break;
    case ServiceType::Application:
        details = ApplicationService{requireText(QStringLiteral("app-id"))};
        break;
    }
    // Read in order, so problems are reported in the order of the options.
    const qint64 cpu = integer(QStringLiteral("cpu"), 1, true);
    const qint64 memoryGb = integer(QStringLiteral("memory-gb"), 1, true);
    const qint64 storageGb = integer(QStringLiteral("storage-gb"), 1, true);
    ServiceSpec spec = ServiceSpec::make(details, cpu, memoryGb, storageGb);
    spec.networkConfig.publicIpv4 = command.has(QStringLiteral("public-ipv4"));
    if (command.has(QStringLiteral("manifest"))) {
        // A file, read whole: the spec's validation says when it is too large or not a manifest.
        const QString path = command.value(QStringLiteral("manifest"));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            problems << QStringLiteral("--manifest %1 cannot be read: %2").arg(path, file.errorString());
        else
            spec.kubernetesManifest = QString::fromUtf8(file.read(ServiceSpec::kMaxManifestBytes + 1));
    }
    for (const QString &pair : command.values(QStringLiteral("env"))) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            problems << QStringLiteral("--env must be NAME=VALUE (got \"%1\")").arg(pair);
            continue;
        }
        if (spec.environment.contains(pair.left(eq)))
            problems << QStringLiteral("--env %1 is given more than once").arg(pair.left(eq));
        spec.environment.insert(pair.left(eq), pair.mid(eq + 1));
    }
    for (const SpecProblem &problem : spec.problems())
        problems << problem.message;
    if (!problems.isEmpty())
        return Error::invalid(problems.join(QStringLiteral("; ")));
    return spec;
}

int runEnqueue(Context &context, const ParsedCommand &command)
{
    for (const char *required : {"user", "type", "tfc"}) {
        if (!command.has(QLatin1String(required)))
            return context.usage(QStringLiteral("enqueue needs --%1").arg(QLatin1String(required)));
    }
    auto spec = specFromOptions(command);
    if (!spec.ok())
        return context.fail(spec.error());
    QString why;
    const auto amount = Tfc::parse(command.value(QStringLiteral("tfc")), &why);
    if (!amount)
        return context.fail(Error::invalid(QStringLiteral("--tfc: %1").arg(why)));
    if (!amount->isPositive())
        return context.fail(Error::invalid(QStringLiteral("--tfc must be greater than zero")));
    const QString priorityText = command.value(QStringLiteral("priority"), QStringLiteral("normal"));
    const auto priority = priorityFromName(priorityText);
    if (!priority)
        return context.fail(Error::invalid(
            QStringLiteral("--priority must be low, normal, high or critical (got \"%1\")").arg(priorityText)));
    auto user = context.ledger().user(command.value(QStringLiteral("user")));
    if (!user.ok())
        return context.fail(user.error());

    EnqueueRequest request;
    request.userId = user->userId;
    request.spec = spec.value();
    request.amount = *amount;
    request.priority = *priority;
    request.actor = QStringLiteral("griddeckctl");
    auto id = context.queue().enqueue(request);
    if (!id.ok())
        return context.fail(id.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("id"), id.value()}});
    else
        context.out() << id.value() << "\n";
    return ExitOk;
}

int runJobs(Context &context, const ParsedCommand &command)
{
    JobFilter filter;
    if (command.has(QStringLiteral("stage"))) {
        const auto stage = stageFromName(command.value(QStringLiteral("stage")));
        if (!stage)
            return context.fail(Error::invalid(QStringLiteral("--stage must be one of %1 (got \"%2\")")
                                                   .arg(allStageNames().join(QStringLiteral(", ")),
                                                        command.value(QStringLiteral("stage")))));
        filter.stage = *stage;
    }
    if (command.has(QStringLiteral("user"))) {
        auto user = context.ledger().user(command.value(QStringLiteral("user")));
        if (!user.ok())
            return context.fail(user.error());
        filter.userId = user->userId;
    }
    if (command.has(QStringLiteral("limit"))) {
        auto limit = parseIntegerOption(QStringLiteral("--limit"), command.value(QStringLiteral("limit")), 1, 10000);
        if (!limit.ok())
            return context.fail(limit.error());
        filter.limit = static_cast<int>(limit.value());
    }
    auto jobs = context.queue().jobs(filter);
    if (!jobs.ok())
        return context.fail(jobs.error());
    if (context.json()) {
        QJsonArray array;
        for (const Job &job : jobs.value())
            array.append(jobSummaryJson(job));
        context.printJson(QJsonObject{{QStringLiteral("jobs"), array}});
        return ExitOk;
    }
    if (jobs->isEmpty()) {
        context.out() << "No jobs. Enqueue one with: griddeckctl enqueue --user NAME --type vm ...\n";
        return ExitOk;
    }
    context.out() << padLeft(QStringLiteral("ID"), 6) << "  " << padRight(QStringLiteral("STAGE"), 14)
                  << padRight(QStringLiteral("PRIORITY"), 10) << padRight(QStringLiteral("USER"), 6)
                  << padLeft(QStringLiteral("TFC"), 12) << "  SERVICE\n";
    for (const Job &job : jobs.value()) {
        context.out() << padLeft(QString::number(job.id), 6) << "  " << padRight(stageName(job.stage), 14)
                      << padRight(priorityName(job.priority), 10) << padRight(QString::number(job.userId), 6)
                      << padLeft(job.tfcAmount.toDisplayString(2), 12) << "  " << job.spec.summary() << "\n";
    }
    return ExitOk;
}

int runJob(Context &context, const ParsedCommand &command)
{
    auto id = parseJobId(command.positional.at(0));
    if (!id.ok())
        return context.fail(id.error());
    auto job = context.queue().job(id.value());
    if (!job.ok())
        return context.fail(job.error());
    auto events = context.queue().events(id.value());
    if (!events.ok())
        return context.fail(events.error());
    auto hold = context.ledger().hold(id.value());
    if (context.json()) {
        context.printJson(jobDetailJson(job.value(), events.value(), hold.ok() ? &hold.value() : nullptr));
        return ExitOk;
    }
    printJobDetail(context.out(), job.value(), events.value(), hold.ok() ? &hold.value() : nullptr);
    return ExitOk;
}

int runCancel(Context &context, const ParsedCommand &command)
{
    auto id = parseJobId(command.positional.at(0));
    if (!id.ok())
        return context.fail(id.error());
    const QString actor = command.value(QStringLiteral("actor"), qEnvironmentVariable("USER", QStringLiteral("operator")));
    auto done = context.queue().cancel(id.value(), actor);
    if (!done.ok())
        return context.fail(done.error());
    auto job = context.queue().job(id.value());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("id"), id.value()},
                                      {QStringLiteral("stage"), QStringLiteral("cancelled")},
                                      {QStringLiteral("refunded"), job.ok() ? job->tfcAmount.toString() : QString()}});
    else
        context.out() << "Cancelled job " << id.value() << "; "
                      << (job.ok() ? job->tfcAmount.toDisplayString(2) : QStringLiteral("its")) << " TFC refunded\n";
    return ExitOk;
}

int runPause(Context &context, const ParsedCommand &command)
{
    const bool pause = command.words.first() == QLatin1String("pause");
    auto done = pause ? context.queue().pause() : context.queue().resume();
    if (!done.ok())
        return context.fail(done.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("paused"), pause}});
    else
        context.out() << (pause ? "Queue paused: no new steps will be claimed\n" : "Queue running\n");
    return ExitOk;
}

} // namespace

void addJobCommands(QList<Command> &list)
{
    list.append({ { QStringLiteral("enqueue") },
        QStringLiteral("enqueue --user U --type T --cpu N --memory-gb N --storage-gb N --tfc AMOUNT [...]"),
        QStringLiteral(
            "Queue a paid deployment (holds the credits); prints the job id. Type options: "
            "--os NAME --os-version V (vm), --image I --flist URL --ports P,P (container), --nodes N "
            "--manifest FILE (kubernetes), --storage-type T (storage), --app-id ID (app); also "
            "--priority low|normal|high|critical, --env K=V (repeatable), --public-ipv4"),
        { { QStringLiteral("user") }, { QStringLiteral("type") }, { QStringLiteral("cpu") },
            { QStringLiteral("memory-gb") }, { QStringLiteral("storage-gb") }, { QStringLiteral("tfc") },
            { QStringLiteral("priority") }, { QStringLiteral("os") }, { QStringLiteral("os-version") },
            { QStringLiteral("image") }, { QStringLiteral("flist") }, { QStringLiteral("ports") },
            { QStringLiteral("nodes") }, { QStringLiteral("manifest") }, { QStringLiteral("storage-type") },
            { QStringLiteral("app-id") }, { QStringLiteral("env"), true, true },
            { QStringLiteral("public-ipv4"), false } },
        0, 0, true, runEnqueue });
    list.append({{QStringLiteral("jobs")}, QStringLiteral("jobs [--stage S] [--user U] [--limit N]"),
                 QStringLiteral("List jobs, newest first"),
                 {{QStringLiteral("stage")}, {QStringLiteral("user")}, {QStringLiteral("limit")}}, 0, 0, true, runJobs});
    list.append({{QStringLiteral("job")}, QStringLiteral("job ID"),
                 QStringLiteral("Everything about one job: stage, amounts, attempts, error, events"), {}, 1, 1, true,
                 runJob});
    list.append({{QStringLiteral("cancel")}, QStringLiteral("cancel ID [--actor NAME]"),
                 QStringLiteral("Cancel a queued job and refund its credits"), {{QStringLiteral("actor")}}, 1, 1, true,
                 runCancel});
    list.append({{QStringLiteral("pause")}, QStringLiteral("pause"),
                 QStringLiteral("Pause the queue: workers claim no new steps"), {}, 0, 0, true, runPause});
    list.append({{QStringLiteral("resume")}, QStringLiteral("resume"), QStringLiteral("Resume the queue"), {}, 0, 0,
                 true, runPause});
}

} // namespace griddeck::cli
