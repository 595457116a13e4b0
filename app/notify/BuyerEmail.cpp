#include "notify/BuyerEmail.h"

#include <QCoreApplication>

namespace griddeck {

namespace {

struct Row
{
    QString label;
    QString value;
    bool code = false;
    bool link = false;
};

QString plainRows(const QList<Row> &rows)
{
    QString out;
    for (const Row &row : rows)
        out += QStringLiteral("%1: %2\n").arg(row.label, row.value);
    return out;
}

QString htmlRows(const QList<Row> &rows)
{
    QString out = QStringLiteral("<table cellpadding=\"4\">\n");
    for (const Row &row : rows) {
        QString value = row.value.toHtmlEscaped();
        if (row.code)
            value = QStringLiteral("<code>%1</code>").arg(value);
        else if (row.link)
            value = QStringLiteral("<a href=\"%1\">%1</a>").arg(value);
        out += QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>\n")
                   .arg(row.label.toHtmlEscaped(), value);
    }
    return out + QStringLiteral("</table>\n");
}

QString htmlPage(const QString &title, const QString &body)
{
    return QStringLiteral("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>%1</title></head>\n"
                          "<body style=\"font-family: sans-serif\">\n%2</body>\n</html>\n")
        .arg(title.toHtmlEscaped(), body);
}

QString paragraph(const QString &text)
{
    return QStringLiteral("<p>%1</p>\n").arg(text.toHtmlEscaped());
}

} // namespace

BuyerEmail buyerEmail(const Notification &n)
{
    const QString hello = QCoreApplication::translate("BuyerEmail", "Hello %1,").arg(n.user);
    const QString signature = QCoreApplication::translate("BuyerEmail", "— GridDeck");
    const QString amount = n.details.value(detail::RefundAmount, n.details.value(detail::TfcAmount));
    BuyerEmail mail;
    QString lead, closing;
    QList<Row> rows;
    switch (n.kind) {
    case NotificationKind::DeploymentActive:
        mail.subject = QCoreApplication::translate("BuyerEmail", "Your deployment #%1 is ready").arg(n.jobId);
        lead
            = QCoreApplication::translate("BuyerEmail", "Your service is up and running: %1.").arg(n.service);
        if (!n.details.value(detail::Ip).isEmpty())
            rows.append(
                { QCoreApplication::translate("BuyerEmail", "IP address"), n.details.value(detail::Ip) });
        if (!n.details.value(detail::SshCommand).isEmpty())
            rows.append({ QCoreApplication::translate("BuyerEmail", "SSH access"),
                n.details.value(detail::SshCommand), true });
        if (!n.details.value(detail::WebUrl).isEmpty())
            rows.append({ QCoreApplication::translate("BuyerEmail", "Web interface"),
                n.details.value(detail::WebUrl), false, true });
        rows.append({ QCoreApplication::translate("BuyerEmail", "TFC spent"),
            QCoreApplication::translate("BuyerEmail", "%1 TFC").arg(n.details.value(detail::TfcAmount)) });
        break;
    case NotificationKind::DeploymentFailed:
        mail.subject = QCoreApplication::translate("BuyerEmail", "Your deployment #%1 could not be completed")
                           .arg(n.jobId);
        lead = QCoreApplication::translate("BuyerEmail", "We could not deploy your service: %1.")
                   .arg(n.service);
        rows.append(
            { QCoreApplication::translate("BuyerEmail", "What went wrong"), n.details.value(detail::Error) });
        rows.append({ QCoreApplication::translate("BuyerEmail", "Refund"),
            QCoreApplication::translate("BuyerEmail", "%1 TFC").arg(amount) });
        closing = QCoreApplication::translate("BuyerEmail",
            "The credits held for this purchase were refunded in full: they are back in your balance.");
        break;
    case NotificationKind::RefundIssued:
        mail.subject
            = QCoreApplication::translate("BuyerEmail", "A refund for your deployment #%1").arg(n.jobId);
        lead = QCoreApplication::translate("BuyerEmail", "A refund was issued for your service: %1.")
                   .arg(n.service);
        rows.append({ QCoreApplication::translate("BuyerEmail", "Refund"),
            QCoreApplication::translate("BuyerEmail", "%1 TFC").arg(amount) });
        if (!n.details.value(detail::Reason).isEmpty())
            rows.append(
                { QCoreApplication::translate("BuyerEmail", "Reason"), n.details.value(detail::Reason) });
        break;
    }
    mail.plain = hello + QStringLiteral("\n\n") + lead + QStringLiteral("\n\n") + plainRows(rows)
        + (closing.isEmpty() ? QString() : QStringLiteral("\n") + closing + QStringLiteral("\n"))
        + QStringLiteral("\n") + signature + QStringLiteral("\n");
    mail.html = htmlPage(mail.subject,
        paragraph(hello) + paragraph(lead) + htmlRows(rows)
            + (closing.isEmpty() ? QString() : paragraph(closing)) + paragraph(signature));
    return mail;
}

} // namespace griddeck
