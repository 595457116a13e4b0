#include "store/StoreLocation.h"

#include <QUrl>
#include <QUrlQuery>

namespace griddeck {

namespace {

// libpq keywords a connection string may carry; anything else (a password above all) is refused.
const char *const kAllowedParameters[] = { "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout",
    "application_name", "target_session_attrs" };

} // namespace

bool StoreLocation::isConnectionString(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

StoreLocation StoreLocation::sqlite(const QString &path)
{
    StoreLocation location;
    location.backend = Backend::Sqlite;
    location.path = path;
    return location;
}

Result<StoreLocation> StoreLocation::parseConnectionString(const QString &text, const QString &what)
{
    const QString trimmed = text.trimmed();
    if (!isConnectionString(trimmed))
        return Error::invalid(
            QStringLiteral("%1: a PostgreSQL connection string starts with postgresql:// (got \"%2\")")
                .arg(what, trimmed.section(u':', 0, 0)));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return Error::invalid(
            QStringLiteral("%1: not a valid connection string: %2").arg(what, url.errorString()));
    const QString passwordHome = QStringLiteral("set it in the environment variable %1 instead")
                                     .arg(QLatin1String(kPasswordVariable));
    if (!url.password().isEmpty())
        return Error::invalid(
            QStringLiteral("%1 contains a password; a password never goes into a connection string "
                           "or config file: %2")
                .arg(what, passwordHome));
    StoreLocation location;
    location.backend = Backend::Postgresql;
    location.host = url.host();
    if (location.host.isEmpty())
        return Error::invalid(
            QStringLiteral("%1 names no host (postgresql://user@host:5432/database)").arg(what));
    location.port = url.port(5432);
    if (location.port < 1 || location.port > 65535)
        return Error::invalid(QStringLiteral("%1: port %2 is out of range").arg(what).arg(location.port));
    location.user = url.userName();
    location.database = url.path().mid(1);
    if (location.database.isEmpty() || location.database.contains(u'/'))
        return Error::invalid(
            QStringLiteral("%1 names no database (postgresql://user@host:5432/database)").arg(what));

    QStringList options;
    bool timeout = false;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key.compare(QLatin1String("password"), Qt::CaseInsensitive) == 0
            || key.compare(QLatin1String("passfile"), Qt::CaseInsensitive) == 0)
            return Error::invalid(
                QStringLiteral("%1 contains a %2 parameter; a password never goes into a connection "
                               "string or config file: %3")
                    .arg(what, key, passwordHome));
        bool known = false;
        for (const char *allowed : kAllowedParameters)
            known = known || key == QLatin1String(allowed);
        if (!known)
            return Error::invalid(
                QStringLiteral("%1: unknown parameter \"%2\" (known: sslmode, sslrootcert, sslcert, "
                               "sslkey, connect_timeout, application_name, target_session_attrs)")
                    .arg(what, key));
        if (value.contains(u';') || value.contains(u' '))
            return Error::invalid(
                QStringLiteral("%1: the value of %2 cannot contain ';' or spaces").arg(what, key));
        timeout = timeout || key == QLatin1String("connect_timeout");
        options << QStringLiteral("%1=%2").arg(key, value);
    }
    if (!timeout)
        options << QStringLiteral("connect_timeout=10");
    location.options = options.join(u';');
    return location;
}

Result<StoreLocation> StoreLocation::fromText(const QString &text)
{
    if (!isConnectionString(text.trimmed()))
        return sqlite(text);
    auto parsed = parseConnectionString(text, QStringLiteral("the store connection string"));
    if (!parsed.ok())
        return parsed.error();
    StoreLocation location = parsed.value();
    location.password = qEnvironmentVariable(kPasswordVariable);
    return location;
}

QString StoreLocation::display() const
{
    if (backend == Backend::Sqlite)
        return path;
    QString text = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        text += user + u'@';
    text += host.contains(u':') ? u'[' + host + u']' : host;
    return text + QStringLiteral(":%1/%2").arg(port).arg(database);
}

} // namespace griddeck
