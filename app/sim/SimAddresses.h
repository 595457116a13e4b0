#pragma once
// IPv6 pieces the simulator builds from ids and counters. Every group stays within four hex
// digits however large the number: a fleet has up to 100,000 nodes and a long run more than
// 65,535 deployments, and a five-digit group is not an address (GridDeck refuses the reply).

#include <QString>

namespace griddeck::simaddress {

// A node's /64: "2a02:1802:5e:<id>" for ids up to 0xffff; a larger id carries into the third
// group ("2a02:1802:5f:86a0" for 100,000).
inline QString nodeV6Prefix(quint64 nodeId)
{
    return QStringLiteral("2a02:1802:%1:%2").arg(0x5e + (nodeId >> 16), 0, 16).arg(nodeId & 0xffff, 0, 16);
}

// An interface id after "::": "e" up to 0xffff, else two groups ("1:e" for 0x1000e).
inline QString hostPart(quint64 value)
{
    if (value <= 0xffff)
        return QString::number(value, 16);
    return QStringLiteral("%1:%2").arg((value >> 16) & 0xffff, 0, 16).arg(value & 0xffff, 0, 16);
}

} // namespace griddeck::simaddress
