#include "ui/panes/WalletPane.h"

#include "models/DisplayFormat.h"
#include "models/FilterProxies.h"
#include "models/LedgerModel.h"
#include "models/UserModel.h"
#include "store/Access.h"
#include "ui/AppController.h"
#include "ui/dialogs/FieldError.h"
#include "ui/dialogs/RefundDialog.h"
#include "ui/panes/PaneSupport.h"
#include "ui/panes/UserContactBox.h"
#include "ui/panes/WalletStatus.h"
#include "ui/widgets/EmptyState.h"
#include "ui/widgets/Icons.h"

#include <QCompleter>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QUuid>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

bool isValidUserName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._@-]{1,64}$"));
    return re.match(name).hasMatch();
}

} // namespace

WalletPane::WalletPane(AppController &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
{
    setObjectName(QStringLiteral("WalletPane"));
    setAccessibleName(tr("Wallet"));

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(buildUsers());
    m_status = new WalletStatus(m_app, this);
    top->addWidget(m_status);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({700, 460});
    top->setChildrenCollapsible(false);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(buildLedger());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(split);

    updateLedgerTitle();
    updateButtons();
}

QWidget *WalletPane::buildUsers()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);

    m_usersTitle = new PaneTitle(tr("Users"), box);
    m_userSearch = makeSearchField(tr("Search users\u2026"), box);
    auto *header = new QHBoxLayout;
    header->addWidget(m_usersTitle);
    header->addStretch();
    header->addWidget(m_userSearch);
    layout->addLayout(header);

    m_userProxy = new SearchFilterProxy(this);
    if (UserModel *users = m_app.userModel())
        m_userProxy->setSourceModel(users);
    m_users = new QTableView(box);
    setUpJobTable(m_users, false);
    m_users->setModel(m_userProxy);
    m_users->setAccessibleName(tr("Users"));
    m_users->sortByColumn(UserModel::NameColumn, Qt::AscendingOrder);
    m_users->horizontalHeader()->resizeSection(UserModel::NameColumn, 180);
    m_usersEmpty = new EmptyState(box);
    m_usersEmpty->setMessage(tr("No users yet"), tr("Top up a new name below to create a user with credits."));
    m_usersStack = new QStackedWidget(box);
    m_usersStack->addWidget(m_users);
    m_usersStack->addWidget(m_usersEmpty);
    layout->addWidget(m_usersStack, 1);

    // Top-up: a new name creates the user with these credits.
    auto *topUp = new QGroupBox(tr("Top up credits"), box);
    auto *form = new QFormLayout(topUp);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    // A line edit completing the known names (a combo box bound to the live model would reset
    // what is being typed whenever a user is added).
    m_topUpUser = new QLineEdit(topUp);
    if (UserModel *users = m_app.userModel()) {
        auto *completer = new QCompleter(users, m_topUpUser);
        completer->setCompletionColumn(UserModel::NameColumn);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        m_topUpUser->setCompleter(completer);
    }
    m_topUpUser->setPlaceholderText(tr("user name (a new name creates the user)"));
    m_topUpUser->setAccessibleName(tr("Top-up user"));
    m_topUpAmount = new QLineEdit(topUp);
    m_topUpAmount->setAlignment(Qt::AlignRight);
    m_topUpAmount->setFont(display::monospaceFont());
    m_topUpAmount->setPlaceholderText(QStringLiteral("100.00"));
    m_topUpAmount->setAccessibleName(tr("Top-up amount"));
    m_topUpReason = new QLineEdit(topUp);
    m_topUpReason->setPlaceholderText(tr("e.g. purchase #1042 (optional)"));
    m_topUpReason->setAccessibleName(tr("Top-up reason"));
    m_topUpButton = new QPushButton(tr("Top &up"), topUp);
    m_topUpButton->setIcon(themedIcon(QStringLiteral("wallet"), palette()));
    auto *row = new QWidget(topUp);
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_topUpUser, 2);
    h->addWidget(m_topUpAmount, 1);
    h->addWidget(new QLabel(QStringLiteral("TFC"), row));
    h->addWidget(m_topUpReason, 2);
    h->addWidget(m_topUpButton);
    m_topUpError = addFieldRow(form, QString(), row);
    layout->addWidget(topUp);
    m_contact = new UserContactBox(m_app, box);
    layout->addWidget(m_contact);

    connect(m_userSearch, &QLineEdit::textChanged, m_userProxy, &SearchFilterProxy::setSearchText);
    connect(m_users->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &WalletPane::onUserSelected);
    const auto updateEmpty = [this] {
        const int total = m_app.userModel() ? m_app.userModel()->rowCount() : 0;
        m_usersTitle->setCounts(m_userProxy->rowCount(), total);
        m_usersStack->setCurrentWidget(total == 0 ? static_cast<QWidget *>(m_usersEmpty) : m_users);
    };
    connect(m_userProxy, &QAbstractItemModel::rowsInserted, this, updateEmpty);
    connect(m_userProxy, &QAbstractItemModel::rowsRemoved, this, updateEmpty);
    connect(m_userProxy, &QAbstractItemModel::modelReset, this, updateEmpty);
    connect(m_userProxy, &QAbstractItemModel::layoutChanged, this, updateEmpty);
    updateEmpty();

    connect(m_topUpUser, &QLineEdit::textChanged, this, &WalletPane::revalidateTopUp);
    connect(m_topUpAmount, &QLineEdit::textChanged, this, &WalletPane::revalidateTopUp);
    connect(m_topUpAmount, &QLineEdit::returnPressed, this, &WalletPane::topUp);
    connect(m_topUpReason, &QLineEdit::returnPressed, this, &WalletPane::topUp);
    connect(m_topUpButton, &QPushButton::clicked, this, &WalletPane::topUp);
    revalidateTopUp();
    return box;
}


QWidget *WalletPane::buildLedger()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);

    m_ledgerTitle = new QLabel(box);
    m_ledgerTitle->setTextFormat(Qt::RichText);
    QFont f = m_ledgerTitle->font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_ledgerTitle->setFont(f);
    m_everyone = new QPushButton(tr("Everyone"), box);
    m_everyone->setToolTip(tr("Every user's ledger entries"));
    m_jobOnly = new QPushButton(tr("Only this job"), box);
    m_jobOnly->setToolTip(tr("The ledger entries of the selected entry's job"));
    m_refund = new QPushButton(tr("&Refund\u2026"), box);
    m_refund->setIcon(themedIcon(QStringLiteral("refund"), palette()));
    m_refund->setToolTip(tr("Refund credits of the selected entry's job (captured jobs only)"));
    auto *header = new QHBoxLayout;
    header->addWidget(m_ledgerTitle);
    header->addStretch();
    header->addWidget(m_everyone);
    header->addWidget(m_jobOnly);
    header->addWidget(m_refund);
    layout->addLayout(header);
    m_notice = new NoticeLabel(box);
    layout->addWidget(m_notice);

    m_ledgerModel = new LedgerModel(this);
    m_ledgerModel->setClock(&m_app.clock());
    if (m_app.watcher())
        m_ledgerModel->attach(m_app.watcher());
    m_ledgerProxy = new SearchFilterProxy(this);
    m_ledgerProxy->setSourceModel(m_ledgerModel);
    m_ledger = new QTableView(box);
    setUpJobTable(m_ledger, false);
    m_ledger->setModel(m_ledgerProxy);
    m_ledger->setAccessibleName(tr("Ledger entries"));
    m_ledger->sortByColumn(LedgerModel::TimeColumn, Qt::DescendingOrder);
    m_ledger->horizontalHeader()->resizeSection(LedgerModel::TimeColumn, 110);
    m_ledger->horizontalHeader()->resizeSection(LedgerModel::KindColumn, 90);
    m_ledger->horizontalHeader()->resizeSection(LedgerModel::UserColumn, 120);
    m_ledger->horizontalHeader()->resizeSection(LedgerModel::JobColumn, 70);
    m_ledger->horizontalHeader()->resizeSection(LedgerModel::AmountColumn, 110);
    m_ledger->horizontalHeader()->resizeSection(LedgerModel::ActorColumn, 150);
    layout->addWidget(m_ledger, 1);

    connect(m_everyone, &QPushButton::clicked, this, &WalletPane::showEveryone);
    connect(m_jobOnly, &QPushButton::clicked, this, [this] {
        if (const qint64 job = refundJobId())
            showJob(job);
    });
    connect(m_refund, &QPushButton::clicked, this, &WalletPane::openRefund);
    connect(m_ledger->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &WalletPane::updateButtons);
    connect(m_ledger, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 job = index.data(LedgerModel::JobIdRole).toLongLong();
        if (job != 0 && m_ledgerModel->scope().jobId != job)
            showJob(job);
    });
    connect(m_ledgerModel, &LedgerModel::loaded, this, &WalletPane::updateButtons);
    return box;
}

QString WalletPane::topUpError() const
{
    return m_topUpError->error();
}



qint64 WalletPane::refundJobId() const
{
    const QModelIndex current = m_ledger->selectionModel()->currentIndex();
    if (current.isValid()) {
        const qint64 job = current.data(LedgerModel::JobIdRole).toLongLong();
        if (job != 0)
            return job;
    }
    return m_ledgerModel->scope().jobId;
}

void WalletPane::selectUser(qint64 userId)
{
    UserModel *users = m_app.userModel();
    const int row = users ? users->rowOfUser(userId) : -1;
    if (row < 0)
        return;
    const QModelIndex index = m_userProxy->mapFromSource(users->index(row, 0));
    if (index.isValid())
        m_users->setCurrentIndex(index);
    else
        showJob(0);
}

void WalletPane::onUserSelected()
{
    const QModelIndex current = m_users->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const qint64 userId = current.data(UserModel::UserIdRole).toLongLong();
    LedgerScope scope;
    scope.userId = userId;
    m_ledgerModel->setScope(scope);
    m_topUpUser->setText(current.siblingAtColumn(UserModel::NameColumn).data().toString());
    m_contact->setUser(userId, current.siblingAtColumn(UserModel::NameColumn).data().toString());
    m_notice->clearNotice();
    updateLedgerTitle();
    updateButtons();
}

void WalletPane::showJob(qint64 jobId)
{
    LedgerScope scope;
    scope.jobId = jobId;
    m_ledgerModel->setScope(scope);
    updateLedgerTitle();
    updateButtons();
}

void WalletPane::showEveryone()
{
    m_users->selectionModel()->clearCurrentIndex();
    m_users->clearSelection();
    m_ledgerModel->setScope(LedgerScope());
    updateLedgerTitle();
    updateButtons();
}

void WalletPane::updateLedgerTitle()
{
    const LedgerScope scope = m_ledgerModel->scope();
    QString who;
    if (scope.jobId != 0) {
        who = tr("job %1").arg(scope.jobId);
    } else if (scope.userId != 0) {
        UserModel *users = m_app.userModel();
        const int row = users ? users->rowOfUser(scope.userId) : -1;
        who = row >= 0 ? users->rowAt(row).name : tr("user %1").arg(scope.userId);
    } else {
        who = tr("everyone");
    }
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    m_ledgerTitle->setText(QStringLiteral("<b>%1</b> <span style='color:%2'>\u00B7 %3</span>")
                               .arg(tr("Ledger"), muted, who.toHtmlEscaped()));
}

void WalletPane::updateButtons()
{
    const qint64 job = refundJobId();
    m_refund->setEnabled(job != 0 && access::allowed(m_app.store().get(), access::Action::Refund));
    m_refund->setText(job != 0 ? tr("&Refund job %1\u2026").arg(job) : tr("&Refund\u2026"));
    m_jobOnly->setEnabled(job != 0 && m_ledgerModel->scope().jobId != job);
    m_everyone->setEnabled(m_ledgerModel->scope().userId != 0 || m_ledgerModel->scope().jobId != 0);
}

void WalletPane::revalidateTopUp()
{
    const QString name = m_topUpUser->text().trimmed();
    const QString text = m_topUpAmount->text().trimmed();
    QString problem;
    QString parseError;
    const std::optional<Tfc> parsed = text.isEmpty() ? std::nullopt : Tfc::parse(text, &parseError);
    const Tfc amount = parsed.value_or(Tfc());
    if (!name.isEmpty() && !isValidUserName(name))
        problem = tr("A user name is 1 to 64 letters, digits, '.', '_', '-' or '@'.");
    else if (!text.isEmpty() && !parsed)
        problem = tr("The amount %1").arg(parseError);
    else if (parsed && !amount.isPositive())
        problem = tr("The amount must be more than zero.");
    m_topUpError->setError(problem);
    bool exists = false;
    if (UserModel *users = m_app.userModel())
        for (int row = 0; row < users->rowCount() && !exists; ++row)
            exists = users->rowAt(row).name == name;
    m_topUpButton->setText(name.isEmpty() || exists ? tr("Top &up") : tr("Create && top &up"));
    const bool positive = amount.isPositive();
    m_topUpButton->setEnabled(problem.isEmpty() && positive && !name.isEmpty() && !m_toppingUp
        && access::allowed(m_app.store().get(), access::Action::TopUp));
}

void WalletPane::topUp()
{
    revalidateTopUp();
    if (!m_topUpButton->isEnabled())
        return;
    const QString name = m_topUpUser->text().trimmed();
    const Tfc amount = *Tfc::parse(m_topUpAmount->text().trimmed());
    const QString reason = m_topUpReason->text().trimmed().isEmpty() ? tr("top-up from the console") : m_topUpReason->text().trimmed();
    const QString actor = m_app.actor();
    const QString key = QStringLiteral("topup:%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    m_toppingUp = true;
    revalidateTopUp();
    QPointer<WalletPane> self(this);
    AppController *app = &m_app;
    m_app.run<qint64>(
        [app, name, amount, reason, actor, key]() -> Result<qint64> {
            auto user = app->ledger().user(name);
            if (user.ok()) {
                if (auto done = app->ledger().topUp(user.value().userId, amount, key, actor, reason); !done.ok())
                    return done.error();
                return user.value().userId;
            }
            if (user.error().kind != ErrorKind::NotFound)
                return user.error();
            return app->ledger().addUser(name, amount, actor);
        },
        [self, app, name, amount](Result<qint64> result) {
            app->pokeWatcher();
            if (!self)
                return;
            self->m_toppingUp = false;
            if (!result.ok()) {
                QString message = result.error().message;
                if (!message.isEmpty())
                    message[0] = message[0].toUpper();
                self->revalidateTopUp();
                self->m_topUpError->setError(tr("Not topped up: %1").arg(message));
                return;
            }
            self->m_topUpAmount->clear();
            self->m_topUpReason->clear();
            self->revalidateTopUp();
            self->m_notice->showNotice(NoticeLabel::Kind::Success,
                                       tr("%1 TFC added to %2.").arg(display::tfc(amount), name));
            Q_EMIT self->toppedUp(result.value(), amount);
        });
}

void WalletPane::openRefund()
{
    const qint64 job = refundJobId();
    if (job == 0)
        return;
    auto *dialog = new RefundDialog(m_app, job, this);
    QPointer<WalletPane> self(this);
    connect(dialog, &RefundDialog::refunded, this, [self](qint64 jobId, Tfc amount) {
        if (self)
            self->m_notice->showNotice(NoticeLabel::Kind::Success,
                                       tr("Refunded %1 TFC for job %2.").arg(display::tfc(amount)).arg(jobId));
    });
    dialog->open();
    Q_EMIT refundDialogOpened(dialog);
}

void WalletPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_status->refreshQuote();
}




} // namespace griddeck::ui
