#pragma once
// A real SMTP server on loopback for tests: Debian's aiosmtpd (python3-aiosmtpd) under
// /usr/bin/python3, listening on a port the kernel picks (read back, never guessed), delivering
// into its own Maildir.

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace griddeck::test {

class SmtpTestServer
{
public:
    SmtpTestServer() = default;
    ~SmtpTestServer();
    SmtpTestServer(const SmtpTestServer &) = delete;
    SmtpTestServer &operator=(const SmtpTestServer &) = delete;

    // Whether /usr/bin/python3 can import aiosmtpd (the module, not just the interpreter).
    static bool available();
    static QString missingMessage();

    // Starts the server; an empty string on success, else what went wrong. maxSize > 0 caps the
    // message size (the server then answers 552 to bigger ones).
    QString start(int maxSize = 0);
    quint16 port() const { return m_port; }
    bool running() const { return m_process.state() == QProcess::Running; }

    // Raw messages delivered so far (Maildir "new"), in no particular order.
    QList<QByteArray> messages() const;
    // The one delivered message whose Message-ID header is messageId ("<...>"); empty if none.
    QByteArray messageWithId(const QByteArray &messageId) const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace griddeck::test
