// Config → deployment.toml text, driven by the same field table the loader uses, so every
// key is written and the file loads back equal.

#include "config/Config.h"
#include "config/ConfigSchema.h"

#include <QSaveFile>

namespace griddeck {

namespace {

QString tomlString(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        switch (c.unicode()) {
        case u'"':
            out += QStringLiteral("\\\"");
            break;
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\t':
            out += QStringLiteral("\\t");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7F)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + u'"';
}

// Fixed-point units as the shortest exact TOML float: 2.3000000 → 2.3, 95.0000000 → 95.0.
QString tomlDecimal(std::int64_t units, int decimals)
{
    QString text = fixed::formatDecimal(units, decimals, decimals);
    while (text.endsWith(u'0') && !text.endsWith(QStringLiteral(".0")))
        text.chop(1);
    return text;
}

QString tomlValue(const config::FieldRef &ref)
{
    return std::visit(
        [](auto *value) -> QString {
            using T = std::remove_pointer_t<decltype(value)>;
            if constexpr (std::is_same_v<T, int>) {
                return QString::number(*value);
            } else if constexpr (std::is_same_v<T, bool>) {
                return *value ? QStringLiteral("true") : QStringLiteral("false");
            } else if constexpr (std::is_same_v<T, QString>) {
                return tomlString(*value);
            } else if constexpr (std::is_same_v<T, QStringList>) {
                QStringList items;
                for (const QString &item : *value)
                    items << tomlString(item);
                return u'[' + items.join(QStringLiteral(", ")) + u']';
            } else if constexpr (std::is_same_v<T, Percent>) {
                return tomlDecimal(value->units(), fixed::kAmountDecimals);
            } else {
                return tomlDecimal(value->units(), fixed::kRateDecimals);
            }
        },
        ref);
}

} // namespace

QString Config::toToml() const
{
    Config copy = *this; // the field table hands out pointers into a mutable Config
    constexpr qsizetype kCommentColumn = 33;
    QString out = QStringLiteral(
        "# GridDeck configuration. Every key is optional; a missing key takes its default.\n"
        "# Unknown keys, wrong types and out-of-range values are errors that name the line.\n"
        "# Every key is described in docs/configuration.md.\n");
    QString section;
    for (const config::Field &field : config::fields()) {
        if (section != QLatin1String(field.section)) {
            section = QLatin1String(field.section);
            out += QStringLiteral("\n[%1]\n").arg(section);
        }
        QString line = QLatin1String(field.key) + QStringLiteral(" = ") + tomlValue(field.ref(copy));
        if (*field.comment) {
            line = line.size() < kCommentColumn ? line.leftJustified(kCommentColumn) + QStringLiteral("# ")
                                                : line + QStringLiteral(" # ");
            line += QString::fromUtf8(field.comment);
        }
        out += line + u'\n';
    }
    return out;
}

Result<void> Config::saveFile(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::storage(QStringLiteral("%1: cannot write the configuration file (%2)").arg(path, file.errorString()));
    file.write(toToml().toUtf8());
    if (!file.commit())
        return Error::storage(QStringLiteral("%1: cannot write the configuration file (%2)").arg(path, file.errorString()));
    return {};
}

Result<void> Config::validate() const
{
    auto loaded = loadString(toToml(), QStringLiteral("settings"));
    if (!loaded.ok())
        return loaded.error();
    return {};
}

} // namespace griddeck
