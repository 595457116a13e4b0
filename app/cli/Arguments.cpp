#include "cli/Arguments.h"

namespace griddeck::cli {

namespace {
bool isOption(const QString &arg)
{
    return arg.startsWith(QLatin1String("--")) && arg.size() > 2;
}
} // namespace

Result<GlobalOptions> parseGlobalOptions(const QStringList &arguments, QStringList *rest)
{
    GlobalOptions global;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        QString name = arg;
        QString inlineValue;
        bool hasInline = false;
        if (isOption(arg)) {
            const qsizetype eq = arg.indexOf(u'=');
            if (eq > 0) {
                name = arg.left(eq);
                inlineValue = arg.mid(eq + 1);
                hasInline = true;
            }
        }
        auto takeValue = [&](QString *target) -> Result<void> {
            if (hasInline) {
                *target = inlineValue;
            } else if (i + 1 < arguments.size() && !isOption(arguments.at(i + 1))) {
                *target = arguments.at(++i);
            } else {
                return Error::invalid(QStringLiteral("%1 needs a value").arg(name));
            }
            if (target->isEmpty())
                return Error::invalid(QStringLiteral("%1 needs a non-empty value").arg(name));
            return {};
        };
        if (name == QLatin1String("--config")) {
            if (auto r = takeValue(&global.configFile); !r.ok())
                return r.error();
        } else if (name == QLatin1String("--db")) {
            if (auto r = takeValue(&global.dbFile); !r.ok())
                return r.error();
        } else if (arg == QLatin1String("--json")) {
            global.json = true;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            global.help = true;
        } else if (arg == QLatin1String("--version")) {
            global.version = true;
        } else {
            rest->append(arg);
        }
    }
    return global;
}

Result<void> parseCommandOptions(const QString &commandName, const QStringList &arguments,
                                 const QList<OptionSpec> &specs, ParsedCommand *parsed)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (!isOption(arg)) {
            parsed->positional.append(arg);
            continue;
        }
        QString name = arg.mid(2);
        QString value;
        bool hasInline = false;
        const qsizetype eq = name.indexOf(u'=');
        if (eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            hasInline = true;
        }
        const OptionSpec *spec = nullptr;
        for (const OptionSpec &candidate : specs) {
            if (candidate.name == name)
                spec = &candidate;
        }
        if (!spec)
            return Error::invalid(QStringLiteral("unknown option --%1 for '%2' (see griddeckctl %2 --help)")
                                      .arg(name, commandName));
        if (spec->takesValue) {
            if (!hasInline) {
                // A value may itself start with '-' (a negative amount): take the next argument
                // unless it is another known long option.
                if (i + 1 >= arguments.size())
                    return Error::invalid(QStringLiteral("--%1 needs a value").arg(name));
                value = arguments.at(++i);
            }
        } else if (hasInline) {
            return Error::invalid(QStringLiteral("--%1 takes no value").arg(name));
        }
        if (parsed->options.contains(name) && !spec->repeatable)
            return Error::invalid(QStringLiteral("--%1 is given more than once").arg(name));
        parsed->options[name].append(value);
    }
    return {};
}

Result<qint64> parseIntegerOption(const QString &option, const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || text.isEmpty() || text.startsWith(u'+') || text.contains(u' '))
        return Error::invalid(QStringLiteral("%1 must be a whole number (got \"%2\")").arg(option, text));
    if (value < min || value > max)
        return Error::invalid(QStringLiteral("%1 must be between %2 and %3 (got %4)").arg(option).arg(min).arg(max).arg(text));
    return value;
}

} // namespace griddeck::cli
