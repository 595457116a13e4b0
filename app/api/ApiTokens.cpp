#include "api/ApiTokens.h"

#include "store/Access.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QVariant>

namespace griddeck {

namespace {

const QString kPrefix = QStringLiteral("gdk_");

ApiToken readToken(const QSqlQuery &q)
{
    ApiToken t;
    t.id = q.value(0).toLongLong();
    t.role = apiRoleFromName(q.value(1).toString()).value_or(ApiRole::User);
    if (!q.value(2).isNull())
        t.userId = q.value(2).toLongLong();
    t.userName = q.value(3).toString();
    t.label = q.value(4).toString();
    t.createdAt = q.value(5).toLongLong();
    if (!q.value(6).isNull())
        t.lastUsedAt = q.value(6).toLongLong();
    if (!q.value(7).isNull())
        t.revokedAt = q.value(7).toLongLong();
    return t;
}

const char kSelect[]
    = "SELECT t.id, t.role, t.user_id, COALESCE(u.name, ''), t.label, t.created_at, t.last_used_at, "
      "t.revoked_at FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id";

} // namespace

QString apiRoleName(ApiRole role)
{
    switch (role) {
    case ApiRole::Operator:
        return QStringLiteral("operator");
    case ApiRole::Support:
        return QStringLiteral("support");
    case ApiRole::Shop:
        return QStringLiteral("shop");
    case ApiRole::User:
        return QStringLiteral("user");
    }
    return QString();
}

std::optional<ApiRole> apiRoleFromName(const QString &name)
{
    for (ApiRole role : { ApiRole::Operator, ApiRole::Support, ApiRole::Shop, ApiRole::User })
        if (apiRoleName(role) == name)
            return role;
    return std::nullopt;
}

ApiTokens::ApiTokens(std::shared_ptr<Store> store, const Clock &clock)
    : m_store(std::move(store))
    , m_clock(clock)
{
}

QString ApiTokens::hashOf(const QString &secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<NewApiToken> ApiTokens::create(ApiRole role, const QString &user, const QString &label)
{
    if (auto allowed
        = access::require(*m_store, access::Action::ManageApiTokens, QStringLiteral("create an API token"));
        !allowed.ok())
        return allowed.error();
    if (role == ApiRole::User && user.trimmed().isEmpty())
        return Error::invalid(
            QStringLiteral("a token of role user needs --user NAME: it sees only that user's deployments"));
    if (role != ApiRole::User && !user.isEmpty())
        return Error::invalid(
            QStringLiteral("--user goes only with --role user (a %1 token is not tied to a user)")
                .arg(apiRoleName(role)));
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    QVariant userId;
    QString userName;
    if (role == ApiRole::User) {
        bool numeric = false;
        const qint64 asId = user.toLongLong(&numeric);
        auto q = exec(tx.db(), QStringLiteral("SELECT id, name FROM users WHERE name = ? OR id = ?"),
            { user, numeric ? QVariant(asId) : QVariant(-1) });
        if (!q.ok())
            return q.error();
        if (!q.value().next())
            return Error::notFound(
                QStringLiteral("no user \"%1\" (add one with: griddeckctl users add NAME)").arg(user));
        userId = q.value().value(0).toLongLong();
        userName = q.value().value(1).toString();
    }
    // 32 random bytes from the system's generator, URL-safe.
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QString secret = kPrefix
        + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const qint64 now = m_clock.nowMs();
    auto inserted = exec(tx.db(),
        QStringLiteral("INSERT INTO api_tokens(token_hash, role, user_id, label, created_at) "
                       "VALUES (?, ?, ?, COALESCE(?, ''), ?) RETURNING id"),
        { hashOf(secret), apiRoleName(role), userId, label, now });
    if (!inserted.ok())
        return inserted.error();
    if (!inserted.value().next())
        return Error::storage(QStringLiteral("the new token's id was not returned"));
    NewApiToken made;
    made.token.id = inserted.value().value(0).toLongLong();
    made.token.role = role;
    if (userId.isValid())
        made.token.userId = userId.toLongLong();
    made.token.userName = userName;
    made.token.label = label;
    made.token.createdAt = now;
    made.secret = secret;
    inserted.value().finish();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return made;
}

Result<ApiToken> ApiTokens::authenticate(const QString &secret)
{
    if (!secret.startsWith(kPrefix) || secret.size() > 200)
        return Error::notFound(QStringLiteral("unknown token"));
    auto q = exec(m_store->db(),
        QStringLiteral("%1 WHERE t.token_hash = ? AND t.revoked_at IS NULL").arg(QLatin1String(kSelect)),
        { hashOf(secret) });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return Error::notFound(QStringLiteral("unknown token"));
    ApiToken token = readToken(q.value());
    q.value().finish();
    // Best effort: a busy database must not turn a good token away.
    (void)exec(m_store->db(), QStringLiteral("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"),
        { m_clock.nowMs(), token.id });
    return token;
}

Result<QList<ApiToken>> ApiTokens::list() const
{
    auto q = exec(m_store->db(), QStringLiteral("%1 ORDER BY t.id").arg(QLatin1String(kSelect)));
    if (!q.ok())
        return q.error();
    QList<ApiToken> out;
    while (q.value().next())
        out.append(readToken(q.value()));
    return out;
}

Result<void> ApiTokens::revoke(qint64 id)
{
    if (auto allowed = access::require(
            *m_store, access::Action::ManageApiTokens, QStringLiteral("revoke API token %1").arg(id));
        !allowed.ok())
        return allowed.error();
    WriteTransaction tx(*m_store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto q = exec(tx.db(),
        QStringLiteral("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?"),
        { m_clock.nowMs(), id });
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no API token %1").arg(id));
    return tx.commit();
}

} // namespace griddeck
