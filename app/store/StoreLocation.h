#pragma once
// Where a store lives: a SQLite file, or a PostgreSQL database named by a connection string
// (postgresql://user@host:port/database?sslmode=require). The password is never part of the
// string (nor of a config file): the caller sets it from the SecretStore or the environment.

#include "domain/Result.h"
#include "store/Dialect.h"

#include <QString>

namespace griddeck {

struct StoreLocation
{
    Backend backend = Backend::Sqlite;
    QString path; // SQLite: the database file
    // PostgreSQL
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString options; // libpq keywords for QSqlDatabase::setConnectOptions ("sslmode=require;...")
    QString password; // in memory only

    // The environment variable a headless process takes the password from (the same name the
    // EnvironmentSecretStore reads for the "store_password" secret).
    static constexpr const char *kPasswordVariable = "GRIDDECK_SECRET_STORE_PASSWORD";

    static bool isConnectionString(const QString &text);
    // A postgresql:// (or postgres://) connection string. A password in it is refused, naming
    // where the password goes instead; so is an unknown parameter. `what` names the source in
    // messages (e.g. "[store] connection").
    static Result<StoreLocation> parseConnectionString(const QString &text, const QString &what);
    // A file path, or a connection string (then the password comes from kPasswordVariable).
    static Result<StoreLocation> fromText(const QString &text);
    static StoreLocation sqlite(const QString &path);

    // For messages and logs: the file path, or the connection string without any secret.
    QString display() const;
};

} // namespace griddeck
