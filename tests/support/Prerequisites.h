#pragma once
// What a test needs from outside (a session bus, an SMTP server, a loopback port) and what it
// does when that is missing: under CI=true it fails naming what is missing, so a green CI run
// never hides a test that did not run; on a developer's machine it skips with the same message.

#include <QByteArray>
#include <QString>
#include <QtTest>

namespace griddeck::test {

// True when CI is set to a true value (CI=true, as CI services and `make check-fresh` set it).
bool underCi();

// GRIDDECK_TEST_TIME_SCALE (default 1) times ms: time limits of the heavy tests grow with it on a
// slow or busy machine.
int scaledMs(int ms);

// A loopback TCP port held for the lifetime of this object: bound, not listening, so connecting
// is refused and no other process can take the port. listenDescriptor() turns it into a
// listening socket for a QTcpServer (setSocketDescriptor) on the same port, without a window in
// which the port is free.
class ReservedPort
{
public:
    ReservedPort();
    ~ReservedPort();
    ReservedPort(const ReservedPort &) = delete;
    ReservedPort &operator=(const ReservedPort &) = delete;
    quint16 port() const { return m_port; }
    // The descriptor now listens; the caller owns it. -1 when it cannot listen.
    qintptr listenDescriptor();

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

} // namespace griddeck::test

// Fails under CI, skips elsewhere, with `what` naming the missing piece.
#define GRIDDECK_REQUIRE(condition, what)                                                                    \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            const QByteArray griddeckWhat_ = QString(what).toUtf8();                                         \
            if (griddeck::test::underCi())                                                                   \
                QFAIL(qPrintable(QStringLiteral("CI=true and this test cannot run: %1")                      \
                                     .arg(QString::fromUtf8(griddeckWhat_))));                               \
            QSKIP(griddeckWhat_.constData());                                                                \
        }                                                                                                    \
    } while (false)
