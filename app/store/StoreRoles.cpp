#include "store/StoreRoles.h"

#include "store/Store.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>

namespace griddeck::storeroles {

namespace {

constexpr access::Roles kGroups[] = { access::Admin, access::Operator, access::Support, access::Viewer };

Result<void> needPostgresqlAdmin(const Store &store, const QString &what)
{
    if (store.backend() != Backend::Postgresql)
        return Error::refused(
            QStringLiteral("%1: %2 is a SQLite store, used by one desktop user who acts with every "
                           "role; roles are for a shared PostgreSQL store")
                .arg(what, store.path()));
    return access::require(store, access::Action::ManageRoles, what);
}

QString quoted(const QString &identifier)
{
    return u'"' + QString(identifier).replace(u'"', QLatin1String("\"\"")) + u'"';
}

Result<bool> roleExists(QSqlDatabase db, const QString &name)
{
    auto q = exec(db, QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = ?"), { name });
    if (!q.ok())
        return q.error();
    return q.value().next();
}

// Runs each statement; the first failure names the statement's purpose and the server's reason.
Result<void> run(QSqlDatabase db, const QString &purpose, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        QString why = q.lastError().databaseText();
        if (why.isEmpty())
            why = q.lastError().text();
        return Error::refused(QStringLiteral("cannot %1: %2").arg(purpose, why.trimmed()));
    }
    return {};
}

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

} // namespace

Result<void> checkLoginName(const QString &login)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    if (!valid.match(login).hasMatch())
        return Error::invalid(
            QStringLiteral("--login \"%1\": a login name is lowercase letters, digits and _, starting "
                           "with a letter or _, at most 63 characters")
                .arg(login));
    if (login.startsWith(QLatin1String("griddeck_")) || login.startsWith(QLatin1String("pg_")))
        return Error::invalid(QStringLiteral(
            "--login \"%1\": names starting with griddeck_ or pg_ are reserved for group roles")
                                  .arg(login));
    return {};
}

QString scramVerifier(const QString &password, const QByteArray &salt)
{
    constexpr int iterations = 4096; // PostgreSQL's scram_iterations default
    // PBKDF2-HMAC-SHA-256 with one 32-byte block (RFC 7677). PostgreSQL SASLpreps the password;
    // NFKC is that normalisation for the passwords people type.
    const QByteArray secret = password.normalized(QString::NormalizationForm_KC).toUtf8();
    QByteArray u = hmac(secret, salt + QByteArray::fromHex("00000001"));
    QByteArray salted = u;
    for (int i = 1; i < iterations; ++i) {
        u = hmac(secret, u);
        for (int j = 0; j < salted.size(); ++j)
            salted[j] = char(salted[j] ^ u[j]);
    }
    const QByteArray clientKey = hmac(salted, "Client Key");
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = hmac(salted, "Server Key");
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
            QString::fromLatin1(serverKey.toBase64()));
}

Result<GroupReport> createGroupRoles(const Store &store)
{
    if (auto ok = needPostgresqlAdmin(store, QStringLiteral("create the GridDeck roles")); !ok.ok())
        return ok.error();
    QSqlDatabase db = store.db();
    GroupReport report;
    for (access::Roles role : kGroups) {
        const QString group = access::groupFor(role);
        auto exists = roleExists(db, group);
        if (!exists.ok())
            return exists.error();
        if (exists.value()) {
            report.existing << group;
            continue;
        }
        if (auto r = run(db, QStringLiteral("create the role %1").arg(group),
                QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(group));
            !r.ok()) {
            return Error { r.error().kind,
                r.error().message + QStringLiteral(" (the login needs CREATEROLE, or to be a superuser)") };
        }
        report.created << group;
    }

    // One transaction: the grants are all there, or none changed.
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto owner = exec(tx.db(),
        QStringLiteral("SELECT pg_get_userbyid(relowner), current_database() FROM pg_class "
                       "WHERE oid = 'schema_migrations'::regclass"));
    if (!owner.ok())
        return owner.error();
    if (!owner.value().next())
        return Error::storage(QStringLiteral("%1 has no schema_migrations table").arg(store.path()));
    const QString tablesOwner = quoted(owner.value().value(0).toString());
    const QString database = quoted(owner.value().value(1).toString());
    owner.value().finish();
    const QString all = QStringList { access::groupFor(access::Admin), access::groupFor(access::Operator),
        access::groupFor(access::Support), access::groupFor(access::Viewer) }
                            .join(QLatin1String(", "));
    const QString writers = QStringList { access::groupFor(access::Admin), access::groupFor(access::Operator),
        access::groupFor(access::Support) }
                                .join(QLatin1String(", "));
    const QString viewer = access::groupFor(access::Viewer);
    const QList<std::pair<QString, QString>> statements = {
        { QStringLiteral("grant CONNECT"),
            QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2").arg(database, all) },
        { QStringLiteral("grant the schema"), QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(all) },
        // A viewer may read and nothing else: what it had beyond SELECT goes.
        { QStringLiteral("limit the viewer"),
            QStringLiteral("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM %1")
                .arg(viewer) },
        { QStringLiteral("grant reading"),
            QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(all) },
        { QStringLiteral("grant writing"),
            QStringLiteral("GRANT INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO %1").arg(writers) },
        { QStringLiteral("grant the sequences"),
            QStringLiteral("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %1").arg(writers) },
        { QStringLiteral("grant the sequences"),
            QStringLiteral("GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO %1").arg(viewer) },
        // Tables a later migration adds (the owner runs them) get the same grants.
        { QStringLiteral("set default privileges"),
            QStringLiteral(
                "ALTER DEFAULT PRIVILEGES FOR ROLE %1 IN SCHEMA public GRANT SELECT ON TABLES TO %2")
                .arg(tablesOwner, all) },
        { QStringLiteral("set default privileges"),
            QStringLiteral(
                "ALTER DEFAULT PRIVILEGES FOR ROLE %1 IN SCHEMA public GRANT INSERT, UPDATE ON TABLES TO %2")
                .arg(tablesOwner, writers) },
        { QStringLiteral("set default privileges"),
            QStringLiteral("ALTER DEFAULT PRIVILEGES FOR ROLE %1 IN SCHEMA public GRANT USAGE, SELECT ON "
                           "SEQUENCES TO %2")
                .arg(tablesOwner, writers) },
    };
    for (const auto &[purpose, sql] : statements)
        if (auto r = run(tx.db(), purpose, sql); !r.ok())
            return r.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return report;
}

Result<LoginReport> setLoginRoles(
    const Store &store, const QString &login, const QList<access::Roles> &roles, const QString &password)
{
    if (auto ok = needPostgresqlAdmin(store, QStringLiteral("give %1 a role").arg(login)); !ok.ok())
        return ok.error();
    if (auto ok = checkLoginName(login); !ok.ok())
        return ok.error();
    if (roles.isEmpty())
        return Error::invalid(
            QStringLiteral("--role: give the role %1 acts as (admin, operator, support or viewer)")
                .arg(login));
    QSqlDatabase db = store.db();
    for (access::Roles role : kGroups) {
        auto exists = roleExists(db, access::groupFor(role));
        if (!exists.ok())
            return exists.error();
        if (!exists.value())
            return Error::refused(
                QStringLiteral("the role %1 does not exist yet: run griddeckctl store roles create first")
                    .arg(access::groupFor(role)));
    }
    LoginReport report;
    auto exists = roleExists(db, login);
    if (!exists.ok())
        return exists.error();
    report.created = !exists.value();
    if (report.created && password.isEmpty())
        return Error::invalid(
            QStringLiteral("the login %1 does not exist: give its password in %2 (or type it when asked)")
                .arg(login, QStringLiteral("GRIDDECK_SECRET_LOGIN_PASSWORD")));

    QSet<QString> wanted;
    for (access::Roles role : roles)
        wanted.insert(access::groupFor(role));
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    if (!password.isEmpty()) {
        QByteArray salt(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), salt.size() / 4);
        const QString verifier = scramVerifier(password, salt); // base64 and $: no quote to escape
        const QString sql = report.created
            ? QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(quoted(login), verifier)
            : QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(quoted(login), verifier);
        if (auto r = run(tx.db(),
                report.created ? QStringLiteral("create the login %1").arg(login)
                               : QStringLiteral("set the password of %1").arg(login),
                sql);
            !r.ok())
            return r.error();
    }
    for (access::Roles role : kGroups) {
        const QString group = access::groupFor(role);
        auto member = exec(tx.db(),
            QStringLiteral("SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                           "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = ? AND u.rolname = ?"),
            { group, login });
        if (!member.ok())
            return member.error();
        const bool isMember = member.value().next();
        member.value().finish();
        if (wanted.contains(group)) {
            if (!isMember)
                if (auto r = run(tx.db(), QStringLiteral("grant %1 to %2").arg(group, login),
                        QStringLiteral("GRANT %1 TO %2").arg(group, quoted(login)));
                    !r.ok())
                    return r.error();
            report.granted << group;
        } else if (isMember) {
            if (auto r = run(tx.db(), QStringLiteral("revoke %1 from %2").arg(group, login),
                    QStringLiteral("REVOKE %1 FROM %2").arg(group, quoted(login)));
                !r.ok())
                return r.error();
            report.revoked << group;
        }
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return report;
}

} // namespace griddeck::storeroles
