#pragma once
// Ordered schema migrations. A migration is never edited once released: append a new one.

#include <QStringList>

#include <vector>

namespace griddeck {

struct Migration
{
    int version;
    const char *description;
    QStringList statements;
};

const std::vector<Migration> &migrations();

} // namespace griddeck
