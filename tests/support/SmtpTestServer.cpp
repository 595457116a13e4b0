#include "SmtpTestServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace griddeck::test {

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

// aiosmtpd's own command line cannot report the port it got, so this is what it does, on port 0.
const char kServer[] = R"PY(
import asyncio, sys
from functools import partial
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP
maildir, size = sys.argv[1], int(sys.argv[2])
kwargs = {"data_size_limit": size} if size > 0 else {}
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
server = loop.run_until_complete(
    loop.create_server(partial(SMTP, Mailbox(maildir), **kwargs), host="127.0.0.1", port=0))
print("listening on", server.sockets[0].getsockname()[1], flush=True)
loop.run_forever()
)PY";

} // namespace

bool SmtpTestServer::available()
{
    QProcess check;
    check.start(kPython, { QStringLiteral("-c"), QStringLiteral("import aiosmtpd") });
    return check.waitForFinished(30000) && check.exitStatus() == QProcess::NormalExit
        && check.exitCode() == 0;
}

QString SmtpTestServer::missingMessage()
{
    return QStringLiteral("a real SMTP server is needed: %1 cannot import aiosmtpd "
                          "(install the Debian package python3-aiosmtpd; `make deps` does)")
        .arg(kPython);
}

SmtpTestServer::~SmtpTestServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString SmtpTestServer::start(int maxSize)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary folder for the Maildir");
    m_process.setProgram(kPython);
    m_process.setArguments({ QStringLiteral("-u"), QStringLiteral("-c"), QString::fromLatin1(kServer),
        m_dir.filePath(QStringLiteral("mail")), QString::number(maxSize) });
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return QStringLiteral("could not start %1: %2").arg(kPython, m_process.errorString());
    static const QRegularExpression listening(QStringLiteral("^listening on (\\d+)$"));
    QByteArray output;
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        if (m_process.canReadLine() || m_process.waitForReadyRead(100)) {
            while (m_process.canReadLine()) {
                const QByteArray line = m_process.readLine();
                output += line;
                const auto match = listening.match(QString::fromUtf8(line).trimmed());
                if (match.hasMatch()) {
                    m_port = quint16(match.captured(1).toUInt());
                    return QString();
                }
            }
        }
    }
    output += m_process.readAll();
    return QStringLiteral("aiosmtpd did not start listening: %1").arg(QString::fromUtf8(output));
}

QList<QByteArray> SmtpTestServer::messages() const
{
    QList<QByteArray> out;
    const QDir newDir(m_dir.filePath(QStringLiteral("mail/new")));
    for (const QString &name : newDir.entryList(QDir::Files)) {
        QFile file(newDir.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            out << file.readAll();
    }
    return out;
}

QByteArray SmtpTestServer::messageWithId(const QByteArray &messageId) const
{
    const QByteArray wanted = "message-id: " + messageId.toLower();
    QByteArray found;
    for (const QByteArray &raw : messages()) {
        QByteArray text = raw;
        text.replace("\r\n", "\n");
        const QByteArray head = text.left(text.indexOf("\n\n"));
        for (const QByteArray &line : head.split('\n')) {
            if (line.trimmed().toLower() == wanted) {
                if (!found.isEmpty())
                    return QByteArray(); // two messages with one id: not "the" message
                found = raw;
            }
        }
    }
    return found;
}

} // namespace griddeck::test
