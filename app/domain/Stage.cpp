#include "domain/Stage.h"

#include <array>

namespace griddeck {

namespace {
struct StageEntry
{
    Stage stage;
    const char *name;
};
constexpr std::array<StageEntry, 10> kStages{{
    {Stage::Queued, "queued"},
    {Stage::Converting, "converting"},
    {Stage::Deploying, "deploying"},
    {Stage::WaitingReady, "waiting_ready"},
    {Stage::Verifying, "verifying"},
    {Stage::Active, "active"},
    {Stage::RollingBack, "rolling_back"},
    {Stage::Failed, "failed"},
    {Stage::Cancelled, "cancelled"},
    {Stage::Stopped, "stopped"},
}};
constexpr std::array<const char *, 4> kPriorities{{"low", "normal", "high", "critical"}};
} // namespace

QString stageName(Stage stage)
{
    for (const auto &entry : kStages) {
        if (entry.stage == stage)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

std::optional<Stage> stageFromName(const QString &name)
{
    for (const auto &entry : kStages) {
        if (name == QLatin1String(entry.name))
            return entry.stage;
    }
    return std::nullopt;
}

QStringList allStageNames()
{
    QStringList names;
    for (const auto &entry : kStages)
        names << QString::fromLatin1(entry.name);
    return names;
}

bool isTerminal(Stage stage)
{
    return stage == Stage::Active || stage == Stage::Failed || stage == Stage::Cancelled
        || stage == Stage::Stopped;
}

int timelineStep(Stage stage)
{
    switch (stage) {
    case Stage::Queued:
        return 1;
    case Stage::Converting:
        return 2;
    case Stage::Deploying:
    case Stage::WaitingReady:
    case Stage::Verifying:
    case Stage::RollingBack:
        return 3;
    case Stage::Active:
    case Stage::Stopped:
        return 4;
    case Stage::Failed:
    case Stage::Cancelled:
        return 3;
    }
    return 0;
}

QString priorityName(Priority priority)
{
    return QString::fromLatin1(kPriorities.at(static_cast<int>(priority)));
}

std::optional<Priority> priorityFromName(const QString &name)
{
    for (int i = 0; i < static_cast<int>(kPriorities.size()); ++i) {
        if (name == QLatin1String(kPriorities.at(i)))
            return static_cast<Priority>(i);
    }
    return std::nullopt;
}

} // namespace griddeck
