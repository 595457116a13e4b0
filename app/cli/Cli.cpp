#include "cli/Cli.h"

#include "cli/Commands.h"

#include <QCoreApplication>

namespace griddeck::cli {

const QList<Command> &commands()
{
    static const QList<Command> list = [] {
        QList<Command> all;
        addUserCommands(all);
        addJobCommands(all);
        addLedgerCommands(all);
        addGridCommands(all);
        addPipelineCommands(all);
        addApiCommands(all);
        addNotificationCommands(all);
        addRestartCommands(all);
        addStoreCommands(all);
        addRoleCommands(all);
        return all;
    }();
    return list;
}

namespace {

void printHelp(QTextStream &out)
{
    out << "Usage: griddeckctl [--config FILE] [--db FILE] [--json] COMMAND [ARGS]\n\n"
           "GridDeck's core without the GUI: users and credits, the deployment queue, the ledger.\n\n"
           "Commands:\n";
    for (const Command &command : commands())
        out << "  " << padRight(command.synopsis, 58) << " " << command.summary << "\n";
    out << "\nGlobal options:\n"
           "  --config FILE   configuration file (default ~/.config/GridDeck/deployment.toml if present)\n"
           "  --db FILE       database file (default: [store] path, else the user's data folder)\n"
           "  --json          machine-readable output (see docs/cli.md)\n\n"
           "Exit codes: 0 ok, 1 refused or failed, 2 usage or input error.\n";
}

void printCommandHelp(QTextStream &out, const Command &command)
{
    out << "Usage: griddeckctl " << command.synopsis << "\n\n" << command.summary << "\n";
}

const Command *findCommand(const QStringList &rest, int *wordsUsed)
{
    const Command *best = nullptr;
    for (const Command &command : commands()) {
        if (command.words.size() > rest.size())
            continue;
        bool match = true;
        for (qsizetype i = 0; i < command.words.size(); ++i)
            match = match && rest.at(i) == command.words.at(i);
        if (match && (!best || command.words.size() > best->words.size()))
            best = &command;
    }
    if (best)
        *wordsUsed = static_cast<int>(best->words.size());
    return best;
}

} // namespace

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList rest;
    auto global = parseGlobalOptions(arguments, &rest);
    if (!global.ok()) {
        err << "griddeckctl: " << global.error().message << "\n";
        return ExitUsage;
    }
    if (global->version) {
        out << "griddeckctl " << QCoreApplication::applicationVersion() << "\n";
        return ExitOk;
    }
    if (rest.isEmpty()) {
        if (global->help) {
            printHelp(out);
            return ExitOk;
        }
        printHelp(err);
        return ExitUsage;
    }
    int wordsUsed = 0;
    const Command *command = findCommand(rest, &wordsUsed);
    if (!command) {
        err << "griddeckctl: unknown command '" << rest.join(u' ') << "' (run griddeckctl --help for the list)\n";
        return ExitUsage;
    }
    if (global->help) {
        printCommandHelp(out, *command);
        return ExitOk;
    }
    Context context(global.value(), out, err);
    const QString name = command->words.join(u' ');
    ParsedCommand parsed;
    parsed.words = command->words;
    if (auto r = parseCommandOptions(name, rest.mid(wordsUsed), command->options, &parsed); !r.ok())
        return context.usage(r.error().message);
    if (parsed.positional.size() < command->minPositional || parsed.positional.size() > command->maxPositional)
        return context.usage(QStringLiteral("usage: griddeckctl %1").arg(command->synopsis));
    if (auto r = context.loadConfig(); !r.ok())
        return context.fail(r.error());
    if (command->needsStore) {
        if (auto r = context.openStore(); !r.ok())
            return context.fail(r.error());
    }
    try {
        return command->run(context, parsed);
    } catch (const std::exception &e) {
        return context.fail(Error{ErrorKind::Internal, QString::fromUtf8(e.what())});
    }
}

} // namespace griddeck::cli
