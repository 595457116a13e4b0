#include "models/LedgerModel.h"

#include "models/DisplayFormat.h"
#include "models/ModelSupport.h"
#include "models/StageStyle.h"
#include "models/StoreWatcher.h"

#include <QGuiApplication>
#include <algorithm>

namespace griddeck {

static_assert(LedgerModel::RawValueRole == model_roles::RawValue && LedgerModel::SearchTextRole == model_roles::SearchText);

namespace {

ColorRole toneOf(Tfc delta)
{
    if (delta.isPositive())
        return ColorRole::Success;
    if (delta.isNegative())
        return ColorRole::Danger;
    return ColorRole::Neutral;
}

} // namespace

LedgerModel::LedgerModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(&SystemClock::instance())
{
}

void LedgerModel::attach(StoreWatcher *watcher)
{
    m_watcher = watcher;
    connect(watcher, &StoreWatcher::ledgerAdded, this, &LedgerModel::onAdded);
    connect(watcher, &StoreWatcher::ledgerLoaded, this, &LedgerModel::onLoaded);
    setScope(m_scope);
}

void LedgerModel::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &SystemClock::instance();
}

void LedgerModel::setScope(const LedgerScope &scope)
{
    m_scope = scope;
    removeAll();
    if (m_watcher) {
        m_loading = true;
        m_watcher->requestLedger(scope);
    }
}

void LedgerModel::onLoaded(const LedgerScope &scope, const QList<LedgerRow> &rows)
{
    // Another model's answer, or one for a scope this model has left since.
    if (!m_loading || !(scope == m_scope))
        return;
    m_loading = false;
    setEntries(rows);
    Q_EMIT loaded();
}

void LedgerModel::onAdded(const QList<LedgerRow> &rows)
{
    // While loading, everything added so far is in the answer on its way.
    if (!m_loading)
        appendEntries(rows);
}

void LedgerModel::removeAll()
{
    if (m_rows.isEmpty())
        return;
    beginRemoveRows(QModelIndex(), 0, int(m_rows.size()) - 1);
    m_rows.clear();
    m_search.clear();
    endRemoveRows();
    m_newestId = 0;
}

void LedgerModel::setEntries(const QList<LedgerRow> &rows)
{
    removeAll();
    appendEntries(rows);
}

void LedgerModel::appendEntries(const QList<LedgerRow> &rows)
{
    QList<LedgerRow> fresh;
    for (const LedgerRow &row : rows) {
        if (!m_scope.matches(row))
            continue;
        if (row.entry.transactionId > m_newestId) {
            fresh << row;
            m_newestId = row.entry.transactionId;
        } else {
            insertLate(row);
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    for (const LedgerRow &row : std::as_const(fresh)) {
        m_rows << row;
        m_search << row.searchText();
    }
    endInsertRows();
    trimToLimit();
}

void LedgerModel::insertLate(const LedgerRow &row)
{
    // On a shared PostgreSQL store a transaction can commit after one with a higher id was
    // shown (ids are taken at insert, not commit): it goes in its place by id, once.
    const qint64 id = row.entry.transactionId;
    const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
        [](const LedgerRow &r, qint64 key) { return r.entry.transactionId < key; });
    if (at != m_rows.cend() && at->entry.transactionId == id)
        return;
    const int position = int(at - m_rows.cbegin());
    if (position == 0 && m_rows.size() >= std::max(1, m_scope.limit))
        return; // older than everything kept
    beginInsertRows(QModelIndex(), position, position);
    m_rows.insert(position, row);
    m_search.insert(position, row.searchText());
    endInsertRows();
}

void LedgerModel::trimToLimit()
{
    const int excess = int(m_rows.size()) - std::max(1, m_scope.limit);
    if (excess <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    m_rows.remove(0, excess);
    m_search.remove(0, excess);
    endRemoveRows();
}

int LedgerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LedgerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LedgerModel::kindLabel(const QString &kind)
{
    if (kind == QLatin1String("top_up"))
        return QStringLiteral("Top-up");
    if (kind == QLatin1String("hold"))
        return QStringLiteral("Hold");
    if (kind == QLatin1String("capture"))
        return QStringLiteral("Capture");
    if (kind == QLatin1String("release"))
        return QStringLiteral("Release");
    if (kind == QLatin1String("refund"))
        return QStringLiteral("Refund");
    return kind;
}

QVariant LedgerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LedgerRow &row = m_rows.at(index.row());
    const LedgerEntry &e = row.entry;
    const int column = index.column();
    const Tfc delta = row.delta();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return display::relativeTime(e.createdAt, m_clock->nowMs());
        case KindColumn:
            return kindLabel(e.kind);
        case UserColumn:
            return row.userName;
        case JobColumn:
            return e.jobId ? QString::number(*e.jobId) : QString();
        case AmountColumn:
            return display::signedTfc(delta);
        case ActorColumn:
            return e.actor;
        case ReasonColumn:
            return e.reason;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == TimeColumn)
            return display::exactTime(e.createdAt);
        if (column == AmountColumn) {
            return QStringLiteral("%1 %2\navailable %3 · held %4\n%5")
                .arg(kindLabel(e.kind), display::tfcFull(e.amount), e.availableDelta.toString(),
                     row.heldDelta.toString(), e.idempotencyKey);
        }
        if (column == ReasonColumn && !e.reason.isEmpty())
            return e.reason;
        return {};
    case Qt::FontRole:
        if (column == JobColumn || column == AmountColumn)
            return display::monospaceFont();
        return {};
    case Qt::TextAlignmentRole:
        return int((column == AmountColumn || column == JobColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == AmountColumn)
            return StageStyle::color(toneOf(delta), QGuiApplication::palette());
        return {};
    case RawValueRole:
        switch (column) {
        case TimeColumn:
            return e.createdAt;
        case KindColumn:
            return e.kind;
        case UserColumn:
            return row.userName;
        case JobColumn:
            return e.jobId.value_or(0);
        case AmountColumn:
            return qint64(delta.units());
        case ActorColumn:
            return e.actor;
        case ReasonColumn:
            return e.reason;
        }
        return {};
    case JobIdRole:
        return e.jobId.value_or(0);
    case StageRole:
        return QString();
    case ColorRoleRole:
        return StageStyle::colorRoleName(toneOf(delta));
    case SearchTextRole:
        return m_search.at(index.row());
    case TransactionIdRole:
        return e.transactionId;
    case UserIdRole:
        return e.userId;
    case KindRole:
        return e.kind;
    case DeltaUnitsRole:
        return qint64(delta.units());
    default:
        return {};
    }
}

QVariant LedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int((section == AmountColumn || section == JobColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return QStringLiteral("Time");
    case KindColumn:
        return QStringLiteral("Kind");
    case UserColumn:
        return QStringLiteral("User");
    case JobColumn:
        return QStringLiteral("Job");
    case AmountColumn:
        return QStringLiteral("TFC");
    case ActorColumn:
        return QStringLiteral("By");
    case ReasonColumn:
        return QStringLiteral("Reason");
    }
    return {};
}

} // namespace griddeck
