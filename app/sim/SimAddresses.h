#pragma once
// IPv6 pieces the simulator builds from ids and counters. Every group stays within four hex
// digits however large the number: a fleet has up to 100,000 nodes and a long run more than
// 65,535 deployments, and a five-digit group is not an address (GridDeck refuses the reply).

#include <QString>

namespace griddeck::simaddress {

// One IPv6 group: the low 16 bits in hex, no leading zeros.
inline QString group(quint64 value)
{
    return QString::number(value & 0xffff, 16);
}

// A node's /64: "2a02:1802:5e:<id>" for ids up to 0xffff; a larger id carries into the third
// group ("2a02:1802:5f:86a0" for 100,000).
inline QString nodeV6Prefix(quint64 nodeId)
{
    return QStringLiteral("2a02:1802:%1:%2").arg(group(0x5e + (nodeId >> 16)), group(nodeId));
}

// An interface id after "::": "e" up to 0xffff, else two groups ("1:e" for 0x1000e).
inline QString hostPart(quint64 value)
{
    if (value <= 0xffff)
        return group(value);
    return QStringLiteral("%1:%2").arg(group(value >> 16), group(value));
}

} // namespace griddeck::simaddress
