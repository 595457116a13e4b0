#pragma once
// The one table that describes every key of deployment.toml: where it lives in Config, its
// type, its allowed range or format, and the comment written next to it. Loading, writing
// and the unknown-key suggestions all read this table, so they cannot drift apart.
// Internal to the config module.

#include "config/Config.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace griddeck::config {

using FieldRef = std::variant<int *, bool *, QString *, QStringList *, Percent *, TfcPrice *>;

// Extra checks on strings and string lists, beyond the TOML type.
enum class Check {
    None,
    EmbeddedOrHttpUrl, // "embedded" or http(s)://host...
    EmptyEmbeddedOrHttpUrl, // "", "embedded" or http(s)://host...
    EmptyOrHttpUrl, // "" or http(s)://host...
    WebSocketUrl, // ws(s)://host...
    EmptyOrHost, // "" or a host name
    EmptyOrEmail, // "" or name@domain.tld
    Language, // "", en, fr, nl
    CountryList, // ["BE", "NL"]: ISO 3166 alpha-2, upper case, no duplicates
    PriceSourceList, // non-empty subset of dex, coingecko, grid_stats, no duplicates
    EmailList, // each name@domain.tld
    GridNetwork, // "", main, test, qa, dev
    ListenAddress, // HOST:PORT, [IPv6]:PORT or :PORT, port 0..65535 (0: any free one)
    StoreBackend, // sqlite, postgresql
    EmptyOrConnectionString, // "" or postgresql://user@host:port/database, without a password
};

struct Field
{
    const char *section;
    const char *key;
    FieldRef (*ref)(Config &);
    Check check = Check::None;
    // Inclusive bounds: the value for integers, units (10^-7) for percentages, units
    // (10^-12) for rates. Unused for other types.
    std::int64_t min = 0;
    std::int64_t max = 0;
    const char *comment = "";

    QString name() const { return QLatin1String(section) + u'.' + QLatin1String(key); }
};

const std::vector<Field> &fields();
QStringList sectionNames();                       // in file order
std::vector<const Field *> fieldsOf(const QString &section);
const Field *findField(const QString &section, const QString &key);

// nullopt when the string is acceptable, else what is wrong with it (without the value).
std::optional<QString> checkString(Check check, const QString &value);
// As checkString for one element of a list field.
std::optional<QString> checkListItem(Check check, const QString &value);

// The value as an error message may quote it: a connection string loses any password.
QString quotableValue(Check check, const QString &value);

// Levenshtein distance, case-insensitive.
int editDistance(const QString &a, const QString &b);
// The closest candidate within distance 2, or an empty string.
QString closestName(const QString &name, const QStringList &candidates);

} // namespace griddeck::config
