#pragma once
// Runs the built griddeckctl as a script would, for tests of its commands: the exit code (-1
// when it did not start, timed out or crashed), stdout and stderr.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace griddeck::test {

struct CtlOutput
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline CtlOutput runGriddeckctl(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(QStringLiteral(GRIDDECK_BIN_DIR "/griddeckctl"), args);
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs))
        return {};
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

} // namespace griddeck::test
