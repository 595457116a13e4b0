#pragma once
// The PostgreSQL side of the roles (store/Access.h): the NOLOGIN group roles and their GRANTs in
// the store's database, and login roles that are members of them. What `griddeckctl store roles`
// runs. SQLite has no logins: every function refuses it, saying so.
//
// GRANTs, on every table and sequence of the schema public (and, by default privileges, on
// those the store's owner creates later in migrations):
//   griddeck_viewer    SELECT
//   griddeck_operator  SELECT, INSERT, UPDATE; sequences USAGE
//   griddeck_support   SELECT, INSERT, UPDATE; sequences USAGE
//   griddeck_admin     SELECT, INSERT, UPDATE; sequences USAGE
// No group may DELETE (nothing in GridDeck deletes) or change the schema: migrations stay the
// owner's. Which of operator and support does what is the core's check (access::require).

#include "domain/Result.h"
#include "store/Access.h"

#include <QString>
#include <QStringList>

namespace griddeck {

class Store;

namespace storeroles {

struct GroupReport
{
    QStringList created; // group roles that did not exist before
    QStringList existing; // group roles already there (grants re-applied)
};

// Creates the four group roles that are missing and (re-)applies their GRANTs in this
// database. Idempotent. Needs a login allowed to create roles (CREATEROLE or superuser) and
// admin in GridDeck (the store's owner, or a member of griddeck_admin).
Result<GroupReport> createGroupRoles(const Store &store);

struct LoginReport
{
    bool created = false; // the login role did not exist
    QStringList granted; // group roles it is a member of now
    QStringList revoked; // GridDeck group roles it was a member of and no longer is
};

// Makes `login` act as exactly `roles` (one or more of Admin, Operator, Support, or Viewer):
// membership of those group roles, the other GridDeck group roles revoked. A login that does not
// exist is created (LOGIN, with `password`, sent only as a SCRAM-SHA-256 verifier: the password
// itself never reaches the server, a statement log or the command line); an existing login's
// password changes only when `password` is not empty. The group roles must exist
// (createGroupRoles).
Result<LoginReport> setLoginRoles(
    const Store &store, const QString &login, const QList<access::Roles> &roles, const QString &password);

// The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (as PQencryptPasswordConn makes
// it): "SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>", base64.
QString scramVerifier(const QString &password, const QByteArray &salt);

// A login name GridDeck accepts: lowercase letters, digits and _, starting with a letter or _,
// at most 63 characters (so it never needs quoting rules beyond "…").
Result<void> checkLoginName(const QString &login);

} // namespace storeroles
} // namespace griddeck
