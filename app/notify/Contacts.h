#pragma once
// A user's own contact details (migration 6: users.email, users.webhook_url): where the buyer
// hears about their deployments, beside the operator channels of [notifications].

#include "domain/Result.h"
#include "store/Store.h"

#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace griddeck {

struct UserContact
{
    QString email; // empty: none
    QString webhookUrl; // empty: none
};

// The address trimmed, or InvalidInput with the reason ("has no @", "the domain \"x\" has no
// dot", …). Only plain ASCII addresses are accepted.
Result<QString> checkEmailAddress(const QString &text);
// An http:// or https:// URL with a host, trimmed; the reason otherwise.
Result<QString> checkWebhookUrl(const QString &text);

Result<UserContact> userContact(QSqlDatabase db, qint64 userId);
// Sets what is given (an empty string clears it); each value is checked first and a bad one
// changes nothing. NotFound for an unknown user.
Result<UserContact> setUserContact(const Store &store, qint64 userId, const std::optional<QString> &email,
    const std::optional<QString> &webhookUrl);

} // namespace griddeck
