#include "store/Access.h"

#include "store/Store.h"

#include <QHash>
#include <mutex>

namespace griddeck::access {

QString rolesName(Roles roles)
{
    if ((roles & Admin) == Admin)
        return QStringLiteral("admin");
    QStringList names;
    if (roles & Operator)
        names << QStringLiteral("operator");
    if (roles & Support)
        names << QStringLiteral("support");
    return names.isEmpty() ? QStringLiteral("viewer") : names.join(u'+');
}

Result<Roles> parseRole(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("admin"))
        return Roles(Admin);
    if (n == QLatin1String("operator"))
        return Roles(Operator);
    if (n == QLatin1String("support"))
        return Roles(Support);
    if (n == QLatin1String("viewer"))
        return Roles(Viewer);
    return Error::invalid(
        QStringLiteral("unknown role \"%1\": the roles are admin, operator, support and viewer").arg(name));
}

namespace {

Roles needed(Action action)
{
    switch (action) {
    case Action::QueueControl:
    case Action::CancelJob:
    case Action::RetryJob:
    case Action::RetryNow:
    case Action::SetPriority:
    case Action::RestartDeployment:
    case Action::StopDeployment:
    case Action::Enqueue:
    case Action::ResendNotification:
    case Action::RunPipeline:
        return Operator;
    case Action::Refund:
    case Action::TopUp:
    case Action::ManageUsers:
        return Support;
    case Action::ManageApiTokens:
    case Action::ManageRoles:
        return AdminOnly;
    }
    return AdminOnly;
}

} // namespace

QString neededRole(Action action)
{
    const Roles role = needed(action);
    return role == AdminOnly ? QStringLiteral("admin") : rolesName(role);
}

bool allows(Roles roles, Action action)
{
    return (roles & needed(action)) != 0;
}

bool allowed(const Store *store, Action action)
{
    return !store || allows(rolesOf(*store), action);
}

Result<void> require(const Store &store, Action action, const QString &what)
{
    const Roles roles = rolesOf(store);
    if (allows(roles, action))
        return {};
    const QString role = neededRole(action);
    const QLatin1String article(role == QLatin1String("support") ? "a" : "an");
    return Error::refused(QStringLiteral("refused: role %1 may not %2 (%3 %4 action)")
                              .arg(rolesName(roles), what, article, role));
}

namespace {

// Connection-name prefix → roles. Store::db() names a connection "<prefix>-<thread>", the prefix
// being the same for every Store of one database and login in this process.
std::mutex g_mutex;
QHash<QString, Roles> g_roles;

QString prefixOf(const QString &connectionName)
{
    const qsizetype dash = connectionName.lastIndexOf(u'-');
    return dash <= 0 ? QString() : connectionName.left(dash);
}

QString prefixOf(const Store &store)
{
    return prefixOf(store.db().connectionName());
}

// By path too: asking a store's roles must not open a connection (the GUI thread has none).
QHash<QString, Roles> g_rolesByPath;

void publish(const Store &store, Roles roles)
{
    const QString prefix = prefixOf(store);
    std::lock_guard guard(g_mutex);
    g_roles.insert(prefix, roles);
    g_rolesByPath.insert(store.path(), roles);
}

} // namespace

Roles rolesOf(const Store &store)
{
    std::lock_guard guard(g_mutex);
    // A store whose roles were never decided (opened before roles existed) acts as before: admin.
    return g_rolesByPath.value(store.path(), Admin);
}

QString rolesNameOf(const Store &store)
{
    return rolesName(rolesOf(store));
}

QString rolesNameOf(const QSqlDatabase &db)
{
    const QString prefix = prefixOf(db.connectionName());
    std::lock_guard guard(g_mutex);
    const auto it = g_roles.constFind(prefix);
    // Never a null QString: that would bind as NULL.
    return it == g_roles.constEnd() ? QStringLiteral("") : rolesName(*it);
}

Result<void> detectRoles(const Store &store)
{
    Roles roles = Admin; // SQLite: one desktop, one user: everything, as before roles existed
    if (store.backend() == Backend::Postgresql) {
        // A superuser, or whoever owns the store's tables (who ran the migrations), is admin.
        // pg_has_role is true for a superuser on every role, and follows nested membership.
        auto q = exec(store.db(),
            QStringLiteral(
                "SELECT r.rolname FROM pg_roles r WHERE r.rolname IN (?, ?, ?, ?) "
                "AND pg_has_role(current_user, r.oid, 'MEMBER') "
                "UNION ALL SELECT 'owner' FROM pg_class c WHERE c.oid = to_regclass('schema_migrations') "
                "AND pg_has_role(current_user, c.relowner, 'MEMBER')"),
            { QString::fromLatin1(kAdminGroup), QString::fromLatin1(kOperatorGroup),
                QString::fromLatin1(kSupportGroup), QString::fromLatin1(kViewerGroup) });
        if (!q.ok())
            return Error::storage(QStringLiteral("%1: cannot read this login's roles: %2")
                                      .arg(store.path(), q.error().message));
        roles = Viewer;
        while (q.value().next()) {
            const QString name = q.value().value(0).toString();
            if (name == QLatin1String("owner") || name == QLatin1String(kAdminGroup))
                roles |= Admin;
            else if (name == QLatin1String(kOperatorGroup))
                roles |= Operator;
            else if (name == QLatin1String(kSupportGroup))
                roles |= Support;
        }
    }
    publish(store, roles);
    const QString wanted = qEnvironmentVariable(kActAsVariable).trimmed();
    if (wanted.isEmpty())
        return {};
    auto parsed = parseRole(wanted);
    if (!parsed.ok())
        return Error::invalid(
            QStringLiteral("%1: %2").arg(QLatin1String(kActAsVariable), parsed.error().message));
    if (auto narrowed = actAs(store, parsed.value()); !narrowed.ok())
        return Error {
            narrowed.error().kind,
            QStringLiteral("%1=%2: %3").arg(QLatin1String(kActAsVariable), wanted, narrowed.error().message)
        };
    return {};
}

Result<void> actAs(const Store &store, Roles roles)
{
    const Roles held = rolesOf(store);
    if ((roles & held) != roles)
        return Error::refused(QStringLiteral("refused: %1 acts as %2 here; it cannot act as %3")
                                  .arg(store.path(), rolesName(held), rolesName(roles)));
    publish(store, roles);
    return {};
}

QString groupFor(Roles role)
{
    switch (role) {
    case Admin:
        return QString::fromLatin1(kAdminGroup);
    case Operator:
        return QString::fromLatin1(kOperatorGroup);
    case Support:
        return QString::fromLatin1(kSupportGroup);
    default:
        return QString::fromLatin1(kViewerGroup);
    }
}

} // namespace griddeck::access
