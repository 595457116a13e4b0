#pragma once
// A real SMTP server on loopback for the buyer-email tests: Debian's aiosmtpd
// (/usr/bin/python3 -m aiosmtpd, package python3-aiosmtpd) delivering into a Maildir that the
// test reads back (the same arrangement as tests/notify/tst_smtp.cpp).

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace griddeck::test {

class SmtpServer
{
public:
    // Empty when it accepts connections; otherwise what went wrong.
    QString start()
    {
        if (!m_dir.isValid())
            return QStringLiteral("no temporary folder for the Maildir");
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return QStringLiteral("no free loopback port");
        port = probe.serverPort();
        probe.close();
        m_process.setProgram(QStringLiteral("/usr/bin/python3"));
        m_process.setArguments({ QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"),
            QStringLiteral("-l"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-c"),
            QStringLiteral("aiosmtpd.handlers.Mailbox"), maildir() });
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return QStringLiteral(
                "could not start /usr/bin/python3 -m aiosmtpd: %1 (install python3-aiosmtpd)")
                .arg(m_process.errorString());
        const bool up = QTest::qWaitFor(
            [&] {
                if (m_process.state() != QProcess::Running)
                    return true;
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, port);
                return socket.waitForConnected(200);
            },
            15000);
        if (!up || m_process.state() != QProcess::Running)
            return QStringLiteral("aiosmtpd did not accept connections on port %1: %2")
                .arg(port)
                .arg(QString::fromUtf8(m_process.readAll()));
        return QString();
    }

    QString maildir() const { return m_dir.filePath(QStringLiteral("mail")); }

    // Raw messages delivered so far, LF line endings.
    QList<QByteArray> messages() const
    {
        QList<QByteArray> out;
        QDir newDir(maildir() + QStringLiteral("/new"));
        for (const QString &name : newDir.entryList(QDir::Files, QDir::Name)) {
            QFile file(newDir.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                out << file.readAll().replace("\r\n", "\n");
        }
        return out;
    }

    // The messages whose envelope went to `address`.
    QList<QByteArray> messagesTo(const QString &address) const
    {
        QList<QByteArray> out;
        for (const QByteArray &m : messages()) {
            const qsizetype at = m.indexOf("X-RcptTo: ");
            if (at >= 0 && m.mid(at + 10, m.indexOf('\n', at) - at - 10).contains(address.toUtf8()))
                out << m;
        }
        return out;
    }

    ~SmtpServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    quint16 port = 0;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};

} // namespace griddeck::test
