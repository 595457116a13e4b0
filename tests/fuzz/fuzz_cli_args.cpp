// griddeckctl's argument parsing: NUL-separated arguments through the global options, a
// command's options (a spec with values, flags and a repeatable option) and integer options.
#include "FuzzSupport.h"
#include "cli/Arguments.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace griddeck;
    using namespace griddeck::cli;
    QStringList arguments;
    for (const QByteArray &part : fuzz::bytes(data, size).split('\0'))
        arguments << QString::fromUtf8(part);
    QStringList rest;
    auto global = parseGlobalOptions(arguments, &rest);
    if (!global.ok() && global.error().message.isEmpty())
        fuzz::broken("rejected global options say why", arguments.join(u' ').left(200));
    const QList<OptionSpec> specs
        = { { QStringLiteral("user"), true, false }, { QStringLiteral("json"), false, false },
              { QStringLiteral("tag"), true, true }, { QStringLiteral("workers"), true, false } };
    ParsedCommand parsed;
    auto command
        = parseCommandOptions(QStringLiteral("fuzz"), global.ok() ? rest : arguments, specs, &parsed);
    if (command.ok() && parsed.has(QStringLiteral("workers")))
        (void)parseIntegerOption(QStringLiteral("--workers"), parsed.value(QStringLiteral("workers")), 1, 64);
    for (const QString &a : arguments)
        (void)parseIntegerOption(QStringLiteral("--n"), a, 0, std::numeric_limits<qint64>::max());
    return 0;
}
