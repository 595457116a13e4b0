// store roles create | grant | show: GridDeck's roles on a shared PostgreSQL store
// (store/StoreRoles.h, docs/operations.md "Roles").
#include "cli/Commands.h"
#include "store/StoreRoles.h"

#include <QJsonArray>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace griddeck::cli {

namespace {

constexpr const char *kLoginPasswordVariable = "GRIDDECK_SECRET_LOGIN_PASSWORD";

// One line from the terminal with echo off; empty when stdin is not a terminal.
QString promptHidden(QTextStream &err, const QString &prompt)
{
    if (!::isatty(STDIN_FILENO))
        return QString();
    err << prompt;
    err.flush();
    termios old {};
    ::tcgetattr(STDIN_FILENO, &old);
    termios silent = old;
    silent.c_lflag &= ~tcflag_t(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    QByteArray line;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
        line.append(char(c));
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    err << "\n";
    err.flush();
    return QString::fromUtf8(line);
}

QJsonArray toJson(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

int runRolesCreate(Context &context, const ParsedCommand &)
{
    auto report = storeroles::createGroupRoles(*context.store());
    if (!report.ok())
        return context.fail(report.error());
    if (context.json()) {
        context.printJson(QJsonObject { { QStringLiteral("database"), context.store()->path() },
            { QStringLiteral("created"), toJson(report->created) },
            { QStringLiteral("existing"), toJson(report->existing) } });
        return ExitOk;
    }
    if (!report->created.isEmpty())
        context.out() << "Created: " << report->created.join(QLatin1String(", ")) << "\n";
    if (!report->existing.isEmpty())
        context.out() << "Already there: " << report->existing.join(QLatin1String(", ")) << "\n";
    context.out() << "Grants applied in " << context.store()->path()
                  << " (viewer: SELECT only; operator, support, admin: SELECT, INSERT, UPDATE).\n";
    return ExitOk;
}

int runRolesGrant(Context &context, const ParsedCommand &command)
{
    const QString login = command.value(QStringLiteral("login"));
    if (login.isEmpty())
        return context.usage(QStringLiteral("store roles grant needs --login NAME"));
    if (auto ok = storeroles::checkLoginName(login); !ok.ok())
        return context.fail(ok.error());
    QList<access::Roles> roles;
    for (const QString &name : command.values(QStringLiteral("role"))) {
        auto role = access::parseRole(name);
        if (!role.ok())
            return context.fail(Error::invalid(QStringLiteral("--role: %1").arg(role.error().message)));
        roles << role.value();
    }
    if (roles.isEmpty())
        return context.usage(QStringLiteral("store roles grant needs --role admin|operator|support|viewer"));
    // Never from the command line (argv is visible to every user of the machine).
    QString password = qEnvironmentVariable(kLoginPasswordVariable);
    if (password.isEmpty() && !command.has(QStringLiteral("keep-password"))) {
        password = promptHidden(
            context.err(), QStringLiteral("Password for %1 (empty: keep the current one): ").arg(login));
        if (!password.isEmpty() && promptHidden(context.err(), QStringLiteral("Again: ")) != password)
            return context.fail(Error::invalid(QStringLiteral("the two passwords differ; nothing changed")));
    }
    auto report = storeroles::setLoginRoles(*context.store(), login, roles, password);
    if (!report.ok())
        return context.fail(report.error());
    if (context.json()) {
        context.printJson(
            QJsonObject { { QStringLiteral("login"), login }, { QStringLiteral("created"), report->created },
                { QStringLiteral("granted"), toJson(report->granted) },
                { QStringLiteral("revoked"), toJson(report->revoked) } });
        return ExitOk;
    }
    context.out() << (report->created ? "Created the login " : "Login ") << login << ": member of "
                  << report->granted.join(QLatin1String(", "));
    if (!report->revoked.isEmpty())
        context.out() << "; no longer of " << report->revoked.join(QLatin1String(", "));
    context.out() << "\n";
    return ExitOk;
}

int runRolesShow(Context &context, const ParsedCommand &)
{
    const Store &store = *context.store();
    if (context.json()) {
        context.printJson(QJsonObject { { QStringLiteral("database"), store.path() },
            { QStringLiteral("backend"), dialect::backendName(store.backend()) },
            { QStringLiteral("role"), access::rolesNameOf(store) } });
        return ExitOk;
    }
    context.out() << store.path() << ": acting as " << access::rolesNameOf(store) << "\n";
    return ExitOk;
}

} // namespace

void addRoleCommands(QList<Command> &list)
{
    list.append({ { QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("create") },
        QStringLiteral("store roles create"),
        QStringLiteral(
            "PostgreSQL: create the griddeck_admin/operator/support/viewer roles and their grants"),
        {}, 0, 0, true, runRolesCreate });
    list.append({ { QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("grant") },
        QStringLiteral("store roles grant --login NAME --role ROLE [--keep-password]"),
        QStringLiteral(
            "PostgreSQL: make a login act as ROLE (password: GRIDDECK_SECRET_LOGIN_PASSWORD or prompt)"),
        { { QStringLiteral("login") }, { QStringLiteral("role"), true, true },
            { QStringLiteral("keep-password"), false } },
        0, 0, true, runRolesGrant });
    list.append({ { QStringLiteral("store"), QStringLiteral("roles"), QStringLiteral("show") },
        QStringLiteral("store roles show"), QStringLiteral("the role this connection acts as"), {}, 0, 0,
        true, runRolesShow });
}

} // namespace griddeck::cli
