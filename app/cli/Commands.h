#pragma once
// The griddeckctl command table. Each command is a function over the Context; their
// implementations live in Commands*.cpp by area.

#include "cli/Arguments.h"
#include "cli/Context.h"

#include <functional>

namespace griddeck::cli {

struct Command
{
    QStringList words;               // {"users", "add"}
    QString synopsis;                // "users add NAME [--credits AMOUNT]"
    QString summary;                 // one line for the help
    QList<OptionSpec> options;
    int minPositional = 0;
    int maxPositional = 0;
    bool needsStore = true;
    std::function<int(Context &, const ParsedCommand &)> run;
};

const QList<Command> &commands();

// Areas register their commands here (called once by commands()).
void addUserCommands(QList<Command> &list);
void addJobCommands(QList<Command> &list);
void addLedgerCommands(QList<Command> &list);
void addGridCommands(QList<Command> &list);
// run, retry, deployments restart|stop, demo, estimate; and `job ID` with the deployment's
// connection details and the TFT conversion (it replaces the plain `job` entry's run).
void addPipelineCommands(QList<Command> &list);
// serve (the HTTP API), tokens add|list|revoke.
void addApiCommands(QList<Command> &list);
// notifications, notifications resend.
void addNotificationCommands(QList<Command> &list);
// deployments restart (with its readiness and health check).
void addRestartCommands(QList<Command> &list);
// store copy (a store into an empty PostgreSQL database).
void addStoreCommands(QList<Command> &list);
// store roles create|grant|show.
void addRoleCommands(QList<Command> &list);

// Shared formatting helpers.
QString formatTime(qint64 ms);
QString padRight(const QString &text, int width);
QString padLeft(const QString &text, int width);

} // namespace griddeck::cli
