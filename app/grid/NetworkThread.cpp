#include "grid/NetworkThread.h"

#include "grid/HttpClient.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QThread>

namespace griddeck {

NetworkThread::NetworkThread(int maxRequestsPerHost)
    : m_maxPerHost(std::max(1, maxRequestsPerHost))
{
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("griddeck-network"));
    m_anchor = new QObject;
    m_anchor->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
    m_thread->start();
    const int limit = m_maxPerHost;
    QMetaObject::invokeMethod(
        m_anchor, [limit] { httpgate::install(limit); }, Qt::BlockingQueuedConnection);
}

NetworkThread::~NetworkThread()
{
    abortAll(QStringLiteral("the pipeline is shutting down"));
    // Callbacks of aborted requests may have posted more work here: run it, then let go.
    QMetaObject::invokeMethod(
        m_anchor,
        [] {
            QCoreApplication::sendPostedEvents(nullptr, 0);
            httpgate::uninstall();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void NetworkThread::post(std::function<void()> work) const
{
    QMetaObject::invokeMethod(m_anchor, std::move(work), Qt::QueuedConnection);
}

void NetworkThread::abortAll(const QString &why)
{
    QMetaObject::invokeMethod(
        m_anchor, [why] { httpgate::abortAll(why); }, Qt::BlockingQueuedConnection);
}

int NetworkThread::peakInFlight() const
{
    int peak = 0;
    QMetaObject::invokeMethod(
        m_anchor, [&peak] { peak = httpgate::peakInFlight(); }, Qt::BlockingQueuedConnection);
    return peak;
}

int NetworkThread::hedgesSent() const
{
    int n = 0;
    QMetaObject::invokeMethod(
        m_anchor, [&n] { n = httpgate::hedgesSent(); }, Qt::BlockingQueuedConnection);
    return n;
}

} // namespace griddeck
