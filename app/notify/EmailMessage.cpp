// Building the RFC 5322 message for EmailChannel.

#include "notify/BuyerEmail.h"
#include "notify/EmailChannel.h"

#include <QLocale>

namespace griddeck {

namespace {

// A header value on one line: line breaks and other control characters become spaces, so a
// user name or service line cannot add headers of its own.
QString oneLine(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value)
        out += (c.unicode() < 0x20 || c.unicode() == 0x7f) ? QLatin1Char(' ') : c;
    return out.simplified();
}

bool isPlainAscii(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// RFC 2047 encoded words ("=?UTF-8?B?…?="), each under 76 characters and never splitting a
// character, folded onto continuation lines.
QByteArray encodedHeaderValue(const QString &text)
{
    if (isPlainAscii(text))
        return text.toLatin1();
    QList<QByteArray> words;
    QByteArray chunk;
    for (qsizetype i = 0; i < text.size();) {
        const qsizetype length = (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
        const QByteArray bytes = text.mid(i, length).toUtf8();
        if (chunk.size() + bytes.size() > 45) {
            words << chunk;
            chunk.clear();
        }
        chunk += bytes;
        i += length;
    }
    if (!chunk.isEmpty())
        words << chunk;
    QByteArray out;
    for (const QByteArray &word : words) {
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + word.toBase64() + "?=";
    }
    return out;
}

// CRLF line endings; lines over 998 bytes (the SMTP limit) are split between characters.
QByteArray bodyLines(const QString &text)
{
    QByteArray normalized = text.toUtf8();
    normalized.replace("\r\n", "\n");
    normalized.replace('\r', '\n');
    QByteArray out;
    for (const QByteArray &line : normalized.split('\n')) {
        qsizetype start = 0;
        while (line.size() - start > 998) {
            qsizetype cut = start + 990;
            while (cut > start && (static_cast<unsigned char>(line.at(cut)) & 0xC0) == 0x80)
                --cut; // back to the start of a UTF-8 character
            out += line.mid(start, cut - start) + "\r\n";
            start = cut;
        }
        out += line.mid(start) + "\r\n";
    }
    return out;
}

} // namespace

QByteArray buildEmailMessage(const Notification &notification, const QString &from, const QStringList &to,
                             const QString &messageId, const QDateTime &date)
{
    // English names whatever the user's locale: RFC 5322 dates are not localised.
    const QString dateText = QLocale::c().toString(date.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")) + QStringLiteral(" +0000");
    QStringList recipients;
    for (const QString &address : to)
        recipients << oneLine(address);

    QByteArray message;
    message += "Date: " + dateText.toLatin1() + "\r\n";
    message += "From: GridDeck <" + oneLine(from).toUtf8() + ">\r\n";
    message += "To: " + recipients.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    message += "Subject: " + encodedHeaderValue(oneLine(notification.subject())) + "\r\n";
    message += "Message-ID: " + oneLine(messageId).toUtf8() + "\r\n";
    message += "MIME-Version: 1.0\r\n";
    message += "Content-Type: text/plain; charset=utf-8\r\n";
    message += "Content-Transfer-Encoding: 8bit\r\n";
    message += "X-GridDeck-Event: " + notificationEventName(notification.kind).toLatin1() + "\r\n";
    message += "\r\n";
    message += bodyLines(notification.plainText());
    return message;
}

QByteArray buildBuyerEmailMessage(const Notification &notification, const QString &from, const QString &to,
                                  const QString &messageId, const QDateTime &date)
{
    const BuyerEmail mail = buyerEmail(notification);
    const QString dateText = QLocale::c().toString(date.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")) + QStringLiteral(" +0000");
    // The boundary cannot occur in either part: it is made of the message id's characters
    // and "=_", and the parts are plain text and escaped HTML.
    const QByteArray boundary = "=_griddeck_" + QByteArray::number(qHash(messageId), 16) + "_alt";
    QByteArray message;
    message += "Date: " + dateText.toLatin1() + "\r\n";
    message += "From: GridDeck <" + oneLine(from).toUtf8() + ">\r\n";
    message += "To: " + oneLine(to).toUtf8() + "\r\n";
    message += "Subject: " + encodedHeaderValue(oneLine(mail.subject)) + "\r\n";
    message += "Message-ID: " + oneLine(messageId).toUtf8() + "\r\n";
    message += "MIME-Version: 1.0\r\n";
    message += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
    message += "X-GridDeck-Event: " + notificationEventName(notification.kind).toLatin1() + "\r\n";
    message += "\r\n";
    message += "--" + boundary + "\r\n";
    message += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    message += bodyLines(mail.plain);
    message += "--" + boundary + "\r\n";
    message += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    message += bodyLines(mail.html);
    message += "--" + boundary + "--\r\n";
    return message;
}

QString EmailChannel::messageId(const QString &deliveryId, qint64 jobId, const QString &from)
{
    QString id;
    for (QChar c : deliveryId) {
        if (c.isLetterOrNumber() && c.unicode() < 0x80)
            id += c;
        else if (c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.'))
            id += c;
    }
    if (id.isEmpty())
        id = QStringLiteral("x");
    QString domain = from.mid(from.lastIndexOf(QLatin1Char('@')) + 1);
    if (domain.isEmpty() || from.indexOf(QLatin1Char('@')) < 0)
        domain = QStringLiteral("griddeck.invalid");
    return QStringLiteral("<griddeck.%1.%2@%3>").arg(id, QString::number(jobId), oneLine(domain));
}

} // namespace griddeck
