#pragma once
// Bearer tokens of the HTTP API (migration 6, api_tokens). A token is shown once, when it is
// made; the store keeps only its SHA-256, so a copy of the database cannot call the API.
//
// Roles: operator (everything), support (reads every deployment), shop (posts purchases, reads
// every deployment) and user (reads, restarts and stops only that user's deployments).

#include "domain/Clock.h"
#include "domain/Result.h"
#include "store/Store.h"

#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace griddeck {

enum class ApiRole { Operator, Support, Shop, User };

QString apiRoleName(ApiRole role); // "operator"
std::optional<ApiRole> apiRoleFromName(const QString &name);

struct ApiToken
{
    qint64 id = 0;
    ApiRole role = ApiRole::User;
    std::optional<qint64> userId; // set exactly for role user
    QString userName;
    QString label;
    qint64 createdAt = 0;
    std::optional<qint64> lastUsedAt;
    std::optional<qint64> revokedAt;
};

struct NewApiToken
{
    ApiToken token;
    QString secret; // "gdk_…": shown once, never stored
};

class ApiTokens
{
public:
    explicit ApiTokens(std::shared_ptr<Store> store, const Clock &clock = SystemClock::instance());

    // role user needs `user` (a name or id); the other roles refuse one.
    Result<NewApiToken> create(
        ApiRole role, const QString &user = QString(), const QString &label = QString());
    // The live token with this secret, or NotFound (unknown, malformed or revoked: the caller
    // answers 401 without saying which).
    Result<ApiToken> authenticate(const QString &secret);
    Result<QList<ApiToken>> list() const;
    Result<void> revoke(qint64 id);

    static QString hashOf(const QString &secret);

private:
    std::shared_ptr<Store> m_store;
    const Clock &m_clock;
};

} // namespace griddeck
