#pragma once
// Who may do what (docs/operations.md, "Roles"). A store connection acts with a set of GridDeck
// roles, decided when the store opens:
//   SQLite        the desktop user: admin (every role), as before roles existed
//   PostgreSQL    the login's membership of the group roles griddeck_admin, griddeck_operator,
//                 griddeck_support, griddeck_viewer; a superuser or the owner of the store's
//                 tables is admin; a login in none of them is a viewer
// actAs narrows the set (a console told to act as a viewer), never widens it; so does
// GRIDDECK_ACT_AS=viewer (or operator, support, admin) in the environment of a process, at open.
//
//   viewer    reads only
//   operator  the queue and the deployments: pause, resume, cancel, retry, retry now, priority,
//             restart, stop, new purchases, notifications resend; running the pipeline
//   support   money and customers: refunds, top-ups, users and their contact details
//   admin     all of the above, and API tokens and roles
//
// The core checks (access::require) before it writes, whatever a front end shows; the database
// enforces what GRANTs can (a viewer's login has SELECT only: griddeckctl store roles create).

#include "domain/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace griddeck {

class Store;

namespace access {

enum Role : unsigned {
    Viewer = 0,
    Operator = 1u << 0,
    Support = 1u << 1,
    AdminOnly = 1u << 2, // API tokens and roles
    Admin = Operator | Support | AdminOnly,
};
using Roles = unsigned;

enum class Action {
    QueueControl, // pause, resume
    CancelJob,
    RetryJob, // a new job for a finished one
    RetryNow, // a waiting step due now
    SetPriority,
    RestartDeployment,
    StopDeployment,
    Enqueue, // a new purchase
    ResendNotification,
    RunPipeline, // the dispatcher, the workers and the outbox (PipelineEngine::start)
    Refund,
    TopUp,
    ManageUsers, // add users, edit their contact details
    ManageApiTokens,
    ManageRoles,
};

// "viewer", "operator", "support", "operator+support", "admin".
QString rolesName(Roles roles);
// "admin", "operator", "support", "viewer" → the role; anything else is an InvalidInput error.
Result<Roles> parseRole(const QString &name);
// The role an action needs ("operator", "support", "admin").
QString neededRole(Action action);
bool allows(Roles roles, Action action);
// For front ends hiding what the role may not do; true without a store (the core checks anyway).
bool allowed(const Store *store, Action action);

// Refused ("refused: role viewer may not refund job 42 (a support action)") unless the store's
// roles allow `action`; `what` says what was asked ("refund job 42"). Nothing is written.
Result<void> require(const Store &store, Action action, const QString &what);

// The roles a store's connections act with; one set per database and login in a process.
Roles rolesOf(const Store &store);
QString rolesNameOf(const Store &store);
// Decides the store's roles (Store::open calls it once the schema is there): SQLite admin;
// PostgreSQL from the login's group roles; then narrowed by GRIDDECK_ACT_AS when set.
Result<void> detectRoles(const Store &store);
// Acts with fewer roles from now on. Asking for a role the login does not hold is Refused,
// naming it; nothing changes then.
Result<void> actAs(const Store &store, Roles roles);
// The role name a connection of some Store acts with, for the audit columns (events.role,
// ledger_transactions.role); "" for a connection no Store opened.
QString rolesNameOf(const QSqlDatabase &db);

constexpr const char *kActAsVariable = "GRIDDECK_ACT_AS";

// The PostgreSQL group roles, by GridDeck role.
constexpr const char *kAdminGroup = "griddeck_admin";
constexpr const char *kOperatorGroup = "griddeck_operator";
constexpr const char *kSupportGroup = "griddeck_support";
constexpr const char *kViewerGroup = "griddeck_viewer";
QString groupFor(Roles role); // for one of Admin, Operator, Support, Viewer

} // namespace access
} // namespace griddeck
