#include "Prerequisites.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <limits>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace griddeck::test {

bool underCi()
{
    const QString ci = qEnvironmentVariable("CI").trimmed().toLower();
    return !ci.isEmpty() && ci != u"0" && ci != u"false" && ci != u"no";
}

int scaledMs(int ms)
{
    bool ok = false;
    const double scale = qEnvironmentVariable("GRIDDECK_TEST_TIME_SCALE").toDouble(&ok);
    if (!ok || !std::isfinite(scale) || scale <= 0)
        return ms;
    return int(std::min(ms * scale, double(std::numeric_limits<int>::max() / 2)));
}

ReservedPort::ReservedPort()
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        qFatal("ReservedPort: socket() failed");
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        qFatal("ReservedPort: cannot bind a loopback port");
    m_port = ntohs(address.sin_port);
}

ReservedPort::~ReservedPort()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

qintptr ReservedPort::listenDescriptor()
{
    if (m_fd < 0 || ::listen(m_fd, 64) != 0)
        return -1;
    const int fd = m_fd;
    m_fd = -1;
    return fd;
}

} // namespace griddeck::test
