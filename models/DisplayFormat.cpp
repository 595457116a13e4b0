#include "models/DisplayFormat.h"

#include <QDateTime>
#include <QFontDatabase>

namespace griddeck::display {

QString groupThousands(const QString &decimal)
{
    qsizetype start = decimal.startsWith(u'-') ? 1 : 0;
    qsizetype end = decimal.indexOf(u'.');
    if (end < 0)
        end = decimal.size();
    QString out = decimal;
    for (qsizetype pos = end - 3; pos > start; pos -= 3)
        out.insert(pos, u',');
    return out;
}

QString tfc(Tfc amount)
{
    return groupThousands(amount.toDisplayString(2));
}

QString signedTfc(Tfc amount)
{
    if (amount.isZero())
        return tfc(amount);
    if (amount.isNegative())
        return QStringLiteral("\u2212") + groupThousands((-amount).toDisplayString(2));
    return u'+' + tfc(amount);
}

QString tfcFull(Tfc amount)
{
    return amount.toString() + QStringLiteral(" TFC");
}

QString tft(Tft amount, int decimals)
{
    return groupThousands(amount.toDisplayString(decimals));
}

QString tftFull(Tft amount)
{
    return amount.toString() + QStringLiteral(" TFT");
}

QString count(qint64 value)
{
    return groupThousands(QString::number(value));
}

QString relativeTime(qint64 atMs, qint64 nowMs)
{
    const qint64 diff = nowMs - atMs;
    const bool future = diff < 0;
    const qint64 seconds = (future ? -diff : diff) / 1000;
    if (seconds < 1)
        return QStringLiteral("now");
    if (!future && seconds < 5)
        return QStringLiteral("just now");
    QString amount;
    if (seconds < 60)
        amount = QStringLiteral("%1 s").arg(seconds);
    else if (seconds < 3600)
        amount = QStringLiteral("%1 min").arg(seconds / 60);
    else if (seconds < 86400)
        amount = QStringLiteral("%1 h").arg(seconds / 3600);
    else if (seconds < 30 * 86400)
        amount = QStringLiteral("%1 d").arg(seconds / 86400);
    else
        return QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyy-MM-dd"));
    return future ? QStringLiteral("in ") + amount : amount + QStringLiteral(" ago");
}

QString exactTime(qint64 atMs)
{
    return QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString duration(qint64 ms)
{
    const qint64 s = ms > 0 ? ms / 1000 : 0;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 m %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 m").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QFont monospaceFont()
{
    // Not cached in a static: a QFont must not outlive the application object.
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

} // namespace griddeck::display
