#pragma once
// What the buyer reads about their own deployment (the operator's email is Notification's
// plain text): a subject, a plain-text body and the same as HTML, in the language of the
// translator installed in the process (the console's language files; English otherwise).
//   active   the IP address, the SSH command, the web URL (when there is one), the charge
//   failed   what went wrong and the refund
//   refund   the amount and the reason

#include "notify/Notification.h"

#include <QDateTime>
#include <QString>

namespace griddeck {

struct BuyerEmail
{
    QString subject;
    QString plain;
    QString html;
};

BuyerEmail buyerEmail(const Notification &notification);

// The RFC 5322 message for the buyer: multipart/alternative with the plain text first and
// the HTML second (both UTF-8, 8bit, CRLF, no line over 998 bytes).
QByteArray buildBuyerEmailMessage(const Notification &notification, const QString &from, const QString &to,
    const QString &messageId, const QDateTime &date);

} // namespace griddeck
