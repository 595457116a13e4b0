#pragma once
// The job's pipeline stage and priority, persisted by name (see DESIGN.md, "Pipeline stages").

#include <QString>
#include <QStringList>

#include <optional>

namespace griddeck {

enum class Stage {
    Queued,
    Converting,
    Deploying,
    WaitingReady,
    Verifying,
    Active,
    RollingBack,
    Failed,
    Cancelled,
    Stopped,
};

QString stageName(Stage stage);                       // "waiting_ready"
std::optional<Stage> stageFromName(const QString &name);
QStringList allStageNames();
bool isTerminal(Stage stage);                         // active, failed, cancelled, stopped
// The five steps of the dashboard timeline (Payment Processed … Service Active): 0..4.
int timelineStep(Stage stage);

enum class Priority { Low = 0, Normal = 1, High = 2, Critical = 3 };

QString priorityName(Priority priority);              // "normal"
std::optional<Priority> priorityFromName(const QString &name);

} // namespace griddeck
