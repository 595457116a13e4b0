#include "config/Config.h"

#include "config/ConfigSchema.h"

#include <QFile>
#include <QStringDecoder>

#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <string_view>

namespace griddeck {

using config::Check;
using config::Field;

namespace {

QString fromStd(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

struct Problem
{
    int line = 0;
    int column = 0;
    QString text; // "<section>.<key>: what (got value)"
};

// Reads one parsed document into a Config, collecting every problem with its position.
class Loader
{
public:
    Loader(const QString &name, const QString &text)
        : m_name(name)
    {
        // toml++ counts columns in code points from 1; keep each line as code points to match.
        const QStringList lines = text.split(u'\n');
        m_lines.reserve(lines.size());
        for (const QString &line : lines)
            m_lines.push_back(line.toUcs4());
    }

    void load(const toml::table &root, Config &config);
    QString errors() const;

private:
    void add(const toml::source_position &at, const QString &name, const QString &what, const QString &got)
    {
        m_problems.push_back({static_cast<int>(at.line), static_cast<int>(at.column),
                              QStringLiteral("%1: %2 (got %3)").arg(name, what, got)});
    }
    void loadSection(const QString &section, const toml::table &table, Config &config);
    void loadField(const Field &field, const toml::node &node, Config &config);
    void loadInt(const Field &field, const toml::node &node, int *target);
    void loadString(const Field &field, const toml::node &node, QString *target);
    void loadList(const Field &field, const toml::node &node, QStringList *target);
    std::optional<std::int64_t> loadDecimal(const Field &field, const toml::node &node, int decimals);
    void crossCheck(const Config &config);

    QString literalAt(const toml::source_position &at) const;
    QString shown(const toml::node &node) const;

    QString m_name;
    std::vector<QList<uint>> m_lines; // QString::toUcs4() is QList<uint> in Qt 6.4
    std::vector<Problem> m_problems;
    // Fields read from the file without error, with where their value starts.
    std::map<QString, toml::source_position> m_loaded;
};

QString quoted(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c.unicode() < 0x20) {
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            continue;
        }
        out += c;
    }
    return out + u'"';
}

// The literal token that starts at a position: "2.0", "1e3", "0x10", "true", "1979-05-27".
QString Loader::literalAt(const toml::source_position &at) const
{
    if (at.line == 0 || at.line > m_lines.size())
        return QString();
    const QList<uint> &line = m_lines[at.line - 1];
    qsizetype i = static_cast<qsizetype>(at.column) - 1;
    QString token;
    for (; i >= 0 && i < line.size(); ++i) {
        const char32_t c = line[i];
        if (c == U' ' || c == U'\t' || c == U'\r' || c == U',' || c == U']' || c == U'}' || c == U'#')
            break;
        token += QString::fromUcs4(&c, 1);
    }
    return token;
}

QString Loader::shown(const toml::node &node) const
{
    QString out;
    if (const auto *s = node.as_string()) {
        out = quoted(fromStd(s->get()));
    } else if (const auto *b = node.as_boolean()) {
        out = b->get() ? QStringLiteral("true") : QStringLiteral("false");
    } else if (const auto *a = node.as_array()) {
        QStringList items;
        for (const toml::node &item : *a)
            items << shown(item);
        out = u'[' + items.join(QStringLiteral(", ")) + u']';
    } else if (node.is_table()) {
        out = QStringLiteral("a table");
    } else {
        out = literalAt(node.source().begin);
        if (out.isEmpty() && node.is_integer())
            out = QString::number(node.as_integer()->get());
    }
    return out.size() > 80 ? out.left(77) + QStringLiteral("...") : out;
}

void Loader::load(const toml::table &root, Config &config)
{
    const QStringList sections = config::sectionNames();
    for (auto &&[rawKey, node] : root) {
        const QString section = fromStd(rawKey.str());
        if (!sections.contains(section)) {
            QString what = QStringLiteral("unknown section");
            const QString close = config::closestName(section, sections);
            bool isKey = false;
            for (const Field &f : config::fields()) {
                if (!isKey && section == QLatin1String(f.key) && !node.is_table()) {
                    what = QStringLiteral("a key outside any section; it belongs under [%1]").arg(QLatin1String(f.section));
                    isKey = true;
                }
            }
            if (!isKey && !close.isEmpty())
                what += QStringLiteral("; did you mean [%1]?").arg(close);
            add(rawKey.source().begin, section, what, node.is_table() ? u'[' + section + u']' : shown(node));
            continue;
        }
        if (const auto *table = node.as_table())
            loadSection(section, *table, config);
        else
            add(node.source().begin, section, QStringLiteral("expected a table ([%1])").arg(section), shown(node));
    }
    crossCheck(config);
}

void Loader::loadSection(const QString &section, const toml::table &table, Config &config)
{
    for (auto &&[rawKey, node] : table) {
        const QString key = fromStd(rawKey.str());
        if (const Field *field = config::findField(section, key)) {
            loadField(*field, node, config);
            continue;
        }
        QString what = QStringLiteral("unknown key");
        QStringList known;
        for (const Field *f : config::fieldsOf(section))
            known << QLatin1String(f->key);
        const QString close = config::closestName(key, known);
        const QString lower = key.toLower();
        if (!close.isEmpty()) {
            what += QStringLiteral("; did you mean %1?").arg(close);
        } else if (lower.contains(u"password") || lower.contains(u"secret") || lower.contains(u"token")) {
            what += QStringLiteral("; secrets are kept in the system keychain, never in deployment.toml");
        } else {
            for (const Field &f : config::fields()) {
                if (key == QLatin1String(f.key)) {
                    what += QStringLiteral("; it belongs under [%1]").arg(QLatin1String(f.section));
                    break;
                }
            }
        }
        add(rawKey.source().begin, section + u'.' + key, what, shown(node));
    }
}

void Loader::loadField(const Field &field, const toml::node &node, Config &config)
{
    const std::size_t before = m_problems.size();
    std::visit(
        [&](auto *target) {
            using T = std::remove_pointer_t<decltype(target)>;
            if constexpr (std::is_same_v<T, int>) {
                loadInt(field, node, target);
            } else if constexpr (std::is_same_v<T, bool>) {
                if (const auto *b = node.as_boolean())
                    *target = b->get();
                else
                    add(node.source().begin, field.name(), QStringLiteral("expected true or false"), shown(node));
            } else if constexpr (std::is_same_v<T, QString>) {
                loadString(field, node, target);
            } else if constexpr (std::is_same_v<T, QStringList>) {
                loadList(field, node, target);
            } else if constexpr (std::is_same_v<T, Percent>) {
                if (auto units = loadDecimal(field, node, fixed::kAmountDecimals))
                    *target = Percent::fromUnits(*units);
            } else if constexpr (std::is_same_v<T, TfcPrice>) {
                if (auto units = loadDecimal(field, node, fixed::kRateDecimals))
                    *target = TfcPrice::fromUnits(*units);
            }
        },
        field.ref(config));
    if (m_problems.size() == before)
        m_loaded[field.name()] = node.source().begin;
}

void Loader::loadInt(const Field &field, const toml::node &node, int *target)
{
    const auto *value = node.as_integer();
    if (!value) {
        add(node.source().begin, field.name(), QStringLiteral("expected an integer"), shown(node));
        return;
    }
    const std::int64_t v = value->get();
    if (v < field.min || v > field.max) {
        add(node.source().begin, field.name(), QStringLiteral("must be between %1 and %2").arg(field.min).arg(field.max),
            shown(node));
        return;
    }
    *target = static_cast<int>(v);
}

void Loader::loadString(const Field &field, const toml::node &node, QString *target)
{
    const auto *value = node.as_string();
    if (!value) {
        add(node.source().begin, field.name(), QStringLiteral("expected a string"), shown(node));
        return;
    }
    const QString text = fromStd(value->get());
    if (auto wrong = config::checkString(field.check, text)) {
        const QString value = config::quotableValue(field.check, text);
        add(node.source().begin, field.name(), *wrong, value == text ? shown(node) : quoted(value));
        return;
    }
    *target = text;
}

void Loader::loadList(const Field &field, const toml::node &node, QStringList *target)
{
    const auto *array = node.as_array();
    if (!array) {
        add(node.source().begin, field.name(), QStringLiteral("expected an array of strings"), shown(node));
        return;
    }
    QStringList items;
    bool ok = true;
    for (const toml::node &item : *array) {
        const auto *s = item.as_string();
        if (!s) {
            add(item.source().begin, field.name(), QStringLiteral("expected an array of strings"), shown(item));
            ok = false;
            continue;
        }
        const QString text = fromStd(s->get());
        if (auto wrong = config::checkListItem(field.check, text)) {
            add(item.source().begin, field.name(), *wrong, shown(item));
            ok = false;
        } else if (items.contains(text)) {
            add(item.source().begin, field.name(), QStringLiteral("lists %1 twice").arg(quoted(text)), shown(item));
            ok = false;
        }
        items << text;
    }
    if (ok && field.check == Check::PriceSourceList && items.isEmpty()) {
        add(node.source().begin, field.name(), QStringLiteral("must name at least one price source"), shown(node));
        ok = false;
    }
    if (ok)
        *target = items;
}

// Percentages and rates: the number exactly as written in the file, parsed as a fixed-point
// decimal. The double toml++ made of it is never used.
std::optional<std::int64_t> Loader::loadDecimal(const Field &field, const toml::node &node, int decimals)
{
    const auto at = node.source().begin;
    if (!node.is_integer() && !node.is_floating_point()) {
        add(at, field.name(), QStringLiteral("expected a number"), shown(node));
        return std::nullopt;
    }
    const QString literal = literalAt(at);
    QString text = literal;
    text.remove(u'_'); // TOML digit separators: 1_000.5
    bool negative = false;
    if (text.startsWith(u'+') || text.startsWith(u'-')) {
        negative = text.startsWith(u'-');
        text.remove(0, 1);
    }
    const QString lower = text.toLower();
    if (lower == u"inf" || lower == u"nan") {
        add(at, field.name(), QStringLiteral("must be a finite number"), literal);
        return std::nullopt;
    }
    if (lower.startsWith(u"0x") || lower.startsWith(u"0o") || lower.startsWith(u"0b")) {
        add(at, field.name(), QStringLiteral("must be written in decimal"), literal);
        return std::nullopt;
    }
    if (lower.contains(u'e')) {
        add(at, field.name(), QStringLiteral("exponent notation is not allowed; write the number out, e.g. 2.5"),
            literal);
        return std::nullopt;
    }
    const qsizetype dot = text.indexOf(u'.');
    if (dot >= 0 && text.size() - dot - 1 > decimals) {
        add(at, field.name(), QStringLiteral("has more than %1 decimal places").arg(decimals), literal);
        return std::nullopt;
    }
    QString parseError;
    const auto units = fixed::parseDecimal(text, {decimals, false}, &parseError);
    if (!units) {
        add(at, field.name(), QStringLiteral("is not a decimal number (%1)").arg(parseError), literal);
        return std::nullopt;
    }
    const std::int64_t value = negative ? -*units : *units;
    if (value < field.min || value > field.max) {
        const QString what = field.max == INT64_MAX
                                 ? QStringLiteral("must be greater than 0")
                                 : QStringLiteral("must be between %1 and %2")
                                       .arg(fixed::formatDecimal(field.min, fixed::kAmountDecimals, 0),
                                            fixed::formatDecimal(field.max, fixed::kAmountDecimals, 0));
        add(at, field.name(), what, literal);
        return std::nullopt;
    }
    return value;
}

void Loader::crossCheck(const Config &config)
{
    const QString backend = QStringLiteral("store.backend");
    // A connection string refused above is already reported.
    const bool connectionRefused = std::any_of(m_problems.begin(), m_problems.end(), [](const Problem &p) {
        return p.text.startsWith(QLatin1String("store.connection:"));
    });
    if (config.store.backend == u"postgresql" && config.store.connection.isEmpty() && m_loaded.count(backend)
        && !connectionRefused)
        add(m_loaded[backend], backend,
            QStringLiteral("is \"postgresql\", so store.connection must name the database "
                           "(postgresql://user@host:5432/database)"),
            quoted(config.store.backend));
    const auto &q = config.deploymentQueue;
    const QString delay = QStringLiteral("deployment_queue.retry_delay_seconds");
    const QString maxDelay = QStringLiteral("deployment_queue.retry_max_delay_seconds");
    if (q.retryMaxDelaySeconds < q.retryDelaySeconds && (m_loaded.count(delay) || m_loaded.count(maxDelay))) {
        const bool atMax = m_loaded.count(maxDelay) > 0;
        add(atMax ? m_loaded[maxDelay] : m_loaded[delay], atMax ? maxDelay : delay,
            atMax ? QStringLiteral("must be at least retry_delay_seconds (%1)").arg(q.retryDelaySeconds)
                  : QStringLiteral("must not exceed retry_max_delay_seconds (%1)").arg(q.retryMaxDelaySeconds),
            QString::number(atMax ? q.retryMaxDelaySeconds : q.retryDelaySeconds));
    }
    const auto &t = config.tftConversion;
    const QString minSources = QStringLiteral("tft_conversion.min_price_sources");
    const QString sources = QStringLiteral("tft_conversion.price_sources");
    if (t.minPriceSources > t.priceSources.size() && (m_loaded.count(minSources) || m_loaded.count(sources))) {
        const bool atMin = m_loaded.count(minSources) > 0;
        add(atMin ? m_loaded[minSources] : m_loaded[sources], atMin ? minSources : sources,
            atMin ? QStringLiteral("must be between 1 and %1 (the number of price_sources)").arg(t.priceSources.size())
                  : QStringLiteral("lists fewer sources than min_price_sources (%1)").arg(t.minPriceSources),
            atMin ? QString::number(t.minPriceSources) : QString::number(t.priceSources.size()) + QStringLiteral(" sources"));
    }
}

QString Loader::errors() const
{
    std::vector<Problem> sorted = m_problems;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Problem &a, const Problem &b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    QStringList lines;
    for (const Problem &p : sorted)
        lines << QStringLiteral("%1:%2:%3: %4").arg(m_name).arg(p.line).arg(p.column).arg(p.text);
    return lines.join(u'\n');
}

} // namespace

Result<Config> Config::loadString(const QString &text, const QString &nameForMessages)
{
    QString body = text;
    if (body.startsWith(QChar(0xFEFF))) // toml++ skips a byte-order mark without counting it
        body.remove(0, 1);
    const QByteArray utf8 = body.toUtf8();
    toml::table root;
    try {
        root = toml::parse(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())),
                           nameForMessages.toStdString());
    } catch (const toml::parse_error &e) {
        return Error::invalid(QStringLiteral("%1:%2:%3: invalid TOML: %4")
                                  .arg(nameForMessages)
                                  .arg(e.source().begin.line)
                                  .arg(e.source().begin.column)
                                  .arg(fromStd(e.description())));
    }
    Loader loader(nameForMessages, body);
    Config config;
    loader.load(root, config);
    const QString errors = loader.errors();
    if (!errors.isEmpty())
        return Error::invalid(errors);
    return config;
}

Result<Config> Config::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error::notFound(QStringLiteral("%1: the configuration file does not exist").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("%1: cannot read the configuration file (%2)").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return Error::invalid(QStringLiteral("%1: the configuration file is not valid UTF-8").arg(path));
    return loadString(text, path);
}

Result<Config> Config::loadFileOrDefaults(const QString &path)
{
    if (!QFile::exists(path))
        return defaults();
    return loadFile(path);
}

QStringList Config::knownPriceSources()
{
    return {QStringLiteral("dex"), QStringLiteral("coingecko"), QStringLiteral("grid_stats")};
}

QStringList Config::knownLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("fr"), QStringLiteral("nl")};
}

Result<StoreLocation> Config::storeLocation(
    const QString &override, const QString &defaultPath, const QString &password) const
{
    StoreLocation location;
    if (!override.isEmpty()) {
        auto parsed = StoreLocation::fromText(override);
        if (!parsed.ok())
            return parsed.error();
        location = parsed.value();
    } else if (store.backend == u"postgresql") {
        if (store.connection.isEmpty())
            return Error::invalid(
                QStringLiteral("store.backend is \"postgresql\" but store.connection is empty "
                               "(postgresql://user@host:5432/database)"));
        auto parsed
            = StoreLocation::parseConnectionString(store.connection, QStringLiteral("store.connection"));
        if (!parsed.ok())
            return parsed.error();
        location = parsed.value();
    } else {
        return StoreLocation::sqlite(store.path.isEmpty() ? defaultPath : store.path);
    }
    if (location.backend == Backend::Postgresql && !password.isEmpty())
        location.password = password;
    return location;
}

} // namespace griddeck
