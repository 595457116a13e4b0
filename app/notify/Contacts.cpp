#include "notify/Contacts.h"

#include "store/Access.h"

#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace griddeck {

namespace {

bool isAtext(QChar c)
{
    static const QString specials = QStringLiteral("!#$%&'*+-/=?^_`{|}~");
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
        || specials.contains(c);
}

QString whyNotAnAddress(const QString &address)
{
    if (address.isEmpty())
        return QStringLiteral("it is empty");
    if (address.size() > 254)
        return QStringLiteral("it is longer than 254 characters");
    for (QChar c : address) {
        if (c.isSpace())
            return QStringLiteral("it contains a space");
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return QStringLiteral("it contains \"%1\", which is not plain ASCII").arg(c);
    }
    const qsizetype at = address.indexOf(u'@');
    if (at < 0)
        return QStringLiteral("it has no @");
    if (address.indexOf(u'@', at + 1) >= 0)
        return QStringLiteral("it has more than one @");
    const QString local = address.left(at);
    const QString domain = address.mid(at + 1);
    if (local.isEmpty())
        return QStringLiteral("nothing comes before the @");
    if (local.size() > 64)
        return QStringLiteral("the part before the @ is longer than 64 characters");
    if (local.startsWith(u'.') || local.endsWith(u'.') || local.contains(QLatin1String("..")))
        return QStringLiteral("the part before the @ starts or ends with a dot, or has two in a row");
    for (QChar c : local)
        if (!isAtext(c) && c != u'.')
            return QStringLiteral("\"%1\" is not allowed before the @").arg(c);
    if (domain.isEmpty())
        return QStringLiteral("nothing comes after the @");
    if (!domain.contains(u'.'))
        return QStringLiteral("the domain \"%1\" has no dot").arg(domain);
    for (const QString &label : domain.split(u'.')) {
        if (label.isEmpty())
            return QStringLiteral("the domain \"%1\" has an empty part").arg(domain);
        if (label.size() > 63)
            return QStringLiteral("the domain \"%1\" has a part longer than 63 characters").arg(domain);
        if (label.startsWith(u'-') || label.endsWith(u'-'))
            return QStringLiteral("a part of the domain \"%1\" starts or ends with a hyphen").arg(domain);
        for (QChar c : label)
            if (!c.isLetterOrNumber() && c != u'-')
                return QStringLiteral("\"%1\" is not allowed in the domain \"%2\"").arg(c).arg(domain);
    }
    return QString();
}

} // namespace

Result<QString> checkEmailAddress(const QString &text)
{
    const QString address = text.trimmed();
    const QString why = whyNotAnAddress(address);
    if (!why.isEmpty())
        return Error::invalid(QStringLiteral("\"%1\" is not an email address: %2").arg(text, why));
    return address;
}

Result<QString> checkWebhookUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return Error::invalid(
            QStringLiteral("\"%1\" is not a webhook URL: it must start with http:// or https://").arg(text));
    if (url.host().isEmpty())
        return Error::invalid(QStringLiteral("\"%1\" is not a webhook URL: it has no host").arg(text));
    return trimmed;
}

Result<UserContact> userContact(QSqlDatabase db, qint64 userId)
{
    auto q = exec(db, QStringLiteral("SELECT email, webhook_url FROM users WHERE id = ?"), { userId });
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return Error::notFound(QStringLiteral("no user %1").arg(userId));
    return UserContact { q.value().value(0).toString(), q.value().value(1).toString() };
}

Result<UserContact> setUserContact(const Store &store, qint64 userId, const std::optional<QString> &email,
    const std::optional<QString> &webhookUrl)
{
    if (auto allowed = access::require(store, access::Action::ManageUsers,
            QStringLiteral("change the contact details of user %1").arg(userId));
        !allowed.ok())
        return allowed.error();
    std::optional<QString> newEmail, newUrl;
    if (email) {
        if (email->trimmed().isEmpty()) {
            newEmail = QString();
        } else {
            auto checked = checkEmailAddress(*email);
            if (!checked.ok())
                return checked.error();
            newEmail = checked.value();
        }
    }
    if (webhookUrl) {
        if (webhookUrl->trimmed().isEmpty()) {
            newUrl = QString();
        } else {
            auto checked = checkWebhookUrl(*webhookUrl);
            if (!checked.ok())
                return checked.error();
            newUrl = checked.value();
        }
    }
    WriteTransaction tx(store);
    if (!tx.begun())
        return Error::storage(tx.error());
    auto current = userContact(tx.db(), userId);
    if (!current.ok())
        return current.error();
    UserContact next = current.value();
    if (newEmail)
        next.email = *newEmail;
    if (newUrl)
        next.webhookUrl = *newUrl;
    auto updated = exec(tx.db(),
        QStringLiteral(
            "UPDATE users SET email = COALESCE(?, ''), webhook_url = COALESCE(?, '') WHERE id = ?"),
        { next.email, next.webhookUrl, userId });
    if (!updated.ok())
        return updated.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return next;
}

} // namespace griddeck
