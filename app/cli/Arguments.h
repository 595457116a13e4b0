#pragma once
// Command-line parsing for griddeckctl: global options anywhere, then a command (one or two
// words), its positional arguments and its options ("--name value" or "--name=value").

#include "domain/Result.h"

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace griddeck::cli {

struct GlobalOptions
{
    QString configFile;
    QString dbFile;
    bool json = false;
    bool help = false;
    bool version = false;
};

struct OptionSpec
{
    QString name;          // without dashes
    bool takesValue = true;
    bool repeatable = false;
};

struct ParsedCommand
{
    QStringList words;                      // e.g. {"users", "add"}
    QStringList positional;
    QMap<QString, QStringList> options;     // name → values (flags have one empty value)

    bool has(const QString &name) const { return options.contains(name); }
    QString value(const QString &name, const QString &fallback = {}) const
    {
        const auto it = options.constFind(name);
        return it == options.constEnd() || it->isEmpty() ? fallback : it->last();
    }
    QStringList values(const QString &name) const { return options.value(name); }
};

// Splits global options from the rest. The rest is returned in order for the command parser.
Result<GlobalOptions> parseGlobalOptions(const QStringList &arguments, QStringList *rest);

// Parses a command's options against its spec: unknown options, missing values and repeated
// single options are input errors naming the option and the command.
Result<void> parseCommandOptions(const QString &commandName, const QStringList &arguments,
                                 const QList<OptionSpec> &specs, ParsedCommand *parsed);

// Parses a positive or zero decimal integer argument within [min, max]; errors name the option.
Result<qint64> parseIntegerOption(const QString &option, const QString &text, qint64 min, qint64 max);

} // namespace griddeck::cli
