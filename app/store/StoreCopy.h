#pragma once
// Copies a whole store into an empty PostgreSQL database (`griddeckctl store copy`): the schema
// from the same migrations, then every table's rows in foreign-key order, identity sequences
// moved past the copied ids, and a per-table comparison of row counts and contents, all in one
// transaction on the target: any failure leaves the target as it was.

#include "domain/Result.h"
#include "store/Store.h"

#include <QList>
#include <QString>

namespace griddeck {

struct TableCopyReport
{
    QString table;
    qint64 sourceRows = 0;
    qint64 targetRows = 0;
    bool contentsMatch = false; // the same rows, value for value (an order-free digest)
};

struct StoreCopyReport
{
    QString source; // display forms, without any secret
    QString target;
    int schemaVersion = 0;
    bool createdSchema = false; // false: the target already had an empty schema of this version
    QList<TableCopyReport> tables;
    qint64 sequencesAdvanced = 0;
};

// `target` must be a PostgreSQL location (its password set by the caller). Refused, with nothing
// changed: a target that holds any row or a table of its own, or a GridDeck schema of another
// version than the source's.
Result<StoreCopyReport> copyStore(const Store &source, const StoreLocation &target);

} // namespace griddeck
