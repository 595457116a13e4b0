#pragma once
// What the multi-process runs (tests/support/SharedWorkers.h) and the benchmarks share: the job
// mix of all five service types, a free loopback port, and waiting for a server to listen on it.
// Header-only, so a benchmark needs only this folder on its include path.

#include "domain/ServiceSpec.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace griddeck::runsupport {

// Purchase i of a run: a VM, a container, a 2-node Kubernetes cluster, a 0-DB namespace or an
// application, in turn, each small enough for any node of the simulator's fleet.
inline ServiceSpec mixSpec(int i)
{
    switch (i % 5) {
    case 0:
        return ServiceSpec::make(VmService { QStringLiteral("ubuntu"), QStringLiteral("22.04") }, 1, 1, 10);
    case 1:
        return ServiceSpec::make(
            ContainerService { QStringLiteral("nginx:1.25"), { 80 },
                QStringLiteral("https://hub.grid.tf/tf-official-apps/nginx-1.25.flist") },
            1, 1, 5);
    case 2:
        return ServiceSpec::make(KubernetesService { 2 }, 1, 1, 5);
    case 3:
        return ServiceSpec::make(StorageService { QStringLiteral("zdb") }, 1, 1, 20);
    default:
        return ServiceSpec::make(ApplicationService { QStringLiteral("wordpress") }, 1, 1, 10);
    }
}

// A loopback port nobody listens on right now (for a child server to take).
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Whether a server accepts connections on the loopback port within timeoutMs (a child process
// has no other way to say it is ready).
inline bool waitForPort(quint16 port, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        if (s.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace griddeck::runsupport
