#include "ui/dialogs/NewDeploymentDialog.h"

#include "models/DisplayFormat.h"
#include "models/UserModel.h"
#include "pipeline/PipelineEngine.h"
#include "pricing/Format.h"
#include "pricing/PriceOracle.h"
#include "pricing/PricingConfig.h"
#include "ui/AppController.h"
#include "ui/dialogs/DeploymentEstimate.h"
#include "ui/dialogs/EstimatePanel.h"
#include "ui/dialogs/FieldError.h"
#include "ui/dialogs/ServiceFields.h"
#include "ui/panes/PaneData.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

// The words the "still needed" line uses for a form field.
QString fieldWords(const QString &field)
{
    static const QHash<QString, QString> words = {
        { QStringLiteral("user"), QObject::tr("user") },
        { QStringLiteral("os"), QObject::tr("operating system") },
        { QStringLiteral("version"), QObject::tr("version") },
        { QStringLiteral("image"), QObject::tr("image") },
        { QStringLiteral("flist"), QObject::tr("flist") },
        { QStringLiteral("ports"), QObject::tr("ports") },
        { QStringLiteral("node_count"), QObject::tr("node count") },
        { QStringLiteral("storage_type"), QObject::tr("storage type") },
        { QStringLiteral("app_id"), QObject::tr("application") },
        { QStringLiteral("cpu_cores"), QObject::tr("CPU cores") },
        { QStringLiteral("memory_gb"), QObject::tr("memory") },
        { QStringLiteral("storage_gb"), QObject::tr("storage") },
        { QStringLiteral("network_config"), QObject::tr("network") },
        { QStringLiteral("environment_vars"), QObject::tr("environment") },
        { QStringLiteral("amount"), QObject::tr("amount") },
    };
    return words.value(field, field);
}

QSpinBox *resourceSpin(QWidget *parent, int max, int value, const QString &suffix)
{
    auto *spin = new QSpinBox(parent);
    // Wider than ServiceSpec's bounds: an out-of-range value is explained under the field
    // instead of being silently refused by the spin box.
    spin->setRange(0, max);
    spin->setValue(value);
    spin->setSuffix(suffix);
    spin->setKeyboardTracking(true);
    spin->setAlignment(Qt::AlignRight);
    return spin;
}

} // namespace

NewDeploymentDialog::NewDeploymentDialog(AppController &app, QWidget *parent)
    : QDialog(parent)
    , m_app(app)
{
    setWindowTitle(tr("New deployment"));
    setAttribute(Qt::WA_DeleteOnClose);
    setModal(true);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(18);
    columns->addWidget(buildForm(), 3);
    m_estimate = new EstimatePanel(this);
    columns->addWidget(m_estimate, 2);

    m_notice = new NoticeLabel(this);
    m_pending = new QLabel(this);
    m_pending->setWordWrap(true);
    m_pending->setForegroundRole(QPalette::PlaceholderText); // follows theme changes

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_submit = m_buttons->addButton(tr("&Submit"), QDialogButtonBox::AcceptRole);
    m_submit->setToolTip(tr("Hold the credits and queue the deployment"));
    m_submit->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_submit, &QPushButton::clicked, this, &NewDeploymentDialog::submit);

    auto *bottom = new QHBoxLayout;
    auto *messages = new QVBoxLayout;
    messages->addWidget(m_notice);
    messages->addWidget(m_pending);
    bottom->addLayout(messages, 1);
    bottom->addWidget(m_buttons, 0, Qt::AlignBottom);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addLayout(bottom);

    connect(&m_app, &AppController::tftPriceChanged, this, [this](const QString &usdPerTft) {
        if (auto rate = TftPrice::parse(usdPerTft))
            setTftPrice(*rate, tr("the pipeline's latest quote"));
    });
    loadPrice();
    revalidate();
    resize(qMax(sizeHint().width(), 1000), qMax(sizeHint().height(), 580));
}

QWidget *NewDeploymentDialog::buildForm()
{
    auto *outer = new QWidget(this);
    auto *outerLayout = new QVBoxLayout(outer);
    outerLayout->setContentsMargins(0, 0, 0, 0);
    auto *box = new QWidget(outer);
    box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    outerLayout->addWidget(box);
    outerLayout->addStretch(1);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);

    // Who pays.
    m_user = new QComboBox(box);
    m_user->setAccessibleName(tr("User"));
    if (UserModel *users = m_app.userModel()) {
        m_user->setModel(users);
        m_user->setModelColumn(UserModel::NameColumn);
    }
    m_userBalance = new QLabel(box);
    m_userBalance->setFont(display::monospaceFont());
    auto *userRow = new QWidget(box);
    auto *userLayout = new QHBoxLayout(userRow);
    userLayout->setContentsMargins(0, 0, 0, 0);
    userLayout->addWidget(m_user, 1);
    userLayout->addWidget(m_userBalance);
    m_errors.insert(QStringLiteral("user"), addFieldRow(form, tr("&User:"), userRow));
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(userRow->parentWidget())))
        label->setBuddy(m_user);

    // What.
    m_type = new QComboBox(box);
    m_type->addItem(tr("Virtual machine"), static_cast<int>(ServiceType::VM));
    m_type->addItem(tr("Container"), static_cast<int>(ServiceType::Container));
    m_type->addItem(tr("Kubernetes cluster"), static_cast<int>(ServiceType::KubernetesCluster));
    m_type->addItem(tr("Storage"), static_cast<int>(ServiceType::Storage));
    m_type->addItem(tr("Application"), static_cast<int>(ServiceType::Application));
    m_type->setAccessibleName(tr("Service type"));
    form->addRow(tr("Ser&vice:"), m_type);
    m_pages = new ServiceTypePages(box);
    form->addRow(m_pages);

    m_cpu = resourceSpin(box, 999, 2, QString());
    m_memory = resourceSpin(box, 99'999, 4, tr(" GB"));
    m_storage = resourceSpin(box, 999'999, 50, tr(" GB"));
    m_errors.insert(QStringLiteral("cpu_cores"), addFieldRow(form, tr("&CPU cores:"), m_cpu));
    m_errors.insert(QStringLiteral("memory_gb"), addFieldRow(form, tr("&Memory:"), m_memory));
    m_errors.insert(QStringLiteral("storage_gb"), addFieldRow(form, tr("St&orage:"), m_storage));

    auto *network = new QWidget(box);
    auto *networkLayout = new QHBoxLayout(network);
    networkLayout->setContentsMargins(0, 0, 0, 0);
    const NetworkConfig defaults;
    m_ipv4 = new QCheckBox(tr("Public IPv4"), network);
    m_ipv4->setToolTip(tr("A public IPv4 address costs an IP unit per node on the grid."));
    m_ipv6 = new QCheckBox(tr("IPv6"), network);
    m_mycelium = new QCheckBox(tr("Mycelium"), network);
    m_planetary = new QCheckBox(tr("Planetary"), network);
    m_ipv4->setChecked(defaults.publicIpv4);
    m_ipv6->setChecked(defaults.publicIpv6);
    m_mycelium->setChecked(defaults.mycelium);
    m_planetary->setChecked(defaults.planetary);
    for (QCheckBox *c : {m_ipv4, m_ipv6, m_mycelium, m_planetary})
        networkLayout->addWidget(c);
    networkLayout->addStretch();
    network->setAccessibleName(tr("Network"));
    m_errors.insert(QStringLiteral("network_config"), addFieldRow(form, tr("Network:"), network));

    m_environment = new EnvironmentEditor(box);
    m_errors.insert(QStringLiteral("environment_vars"), addFieldRow(form, tr("&Environment:"), m_environment));

    m_priority = new QComboBox(box);
    for (Priority p : {Priority::Low, Priority::Normal, Priority::High, Priority::Critical}) {
        QString label = priorityName(p);
        label[0] = label[0].toUpper();
        m_priority->addItem(label, static_cast<int>(p));
    }
    m_priority->setCurrentIndex(static_cast<int>(Priority::Normal));
    m_priority->setAccessibleName(tr("Priority"));
    form->addRow(tr("&Priority:"), m_priority);

    m_amount = new QLineEdit(box);
    m_amount->setAlignment(Qt::AlignRight);
    m_amount->setFont(display::monospaceFont());
    m_amount->setPlaceholderText(tr("25.00"));
    m_amount->setAccessibleName(tr("TFC to pay"));
    m_useSuggested = new QPushButton(tr("Use estimate"), box);
    m_useSuggested->setToolTip(tr("Pay for one month of grid cost, commission included"));
    auto *amountRow = new QWidget(box);
    auto *amountLayout = new QHBoxLayout(amountRow);
    amountLayout->setContentsMargins(0, 0, 0, 0);
    amountLayout->addWidget(m_amount, 1);
    amountLayout->addWidget(new QLabel(QStringLiteral("TFC"), amountRow));
    amountLayout->addWidget(m_useSuggested);
    m_errors.insert(QStringLiteral("amount"), addFieldRow(form, tr("TFC to &pay:"), amountRow));
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(amountRow->parentWidget())))
        label->setBuddy(m_amount);

    // Every edit marks its field as touched (its error may show from now on) and re-checks.
    connect(m_user, &QComboBox::currentIndexChanged, this, [this] { touch(QStringLiteral("user")); });
    if (UserModel *users = m_app.userModel())
        connect(users, &QAbstractItemModel::dataChanged, this, &NewDeploymentDialog::revalidate);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        m_pages->setType(static_cast<ServiceType>(m_type->currentData().toInt()));
        revalidate();
    });
    connect(m_pages, &ServiceTypePages::edited, this, &NewDeploymentDialog::touch);
    connect(m_cpu, &QSpinBox::valueChanged, this, [this] { touch(QStringLiteral("cpu_cores")); });
    connect(m_memory, &QSpinBox::valueChanged, this, [this] { touch(QStringLiteral("memory_gb")); });
    connect(m_storage, &QSpinBox::valueChanged, this, [this] { touch(QStringLiteral("storage_gb")); });
    for (QCheckBox *c : {m_ipv4, m_ipv6, m_mycelium, m_planetary})
        connect(c, &QCheckBox::toggled, this, [this] { touch(QStringLiteral("network_config")); });
    connect(m_environment, &EnvironmentEditor::edited, this, [this] { touch(QStringLiteral("environment_vars")); });
    connect(m_amount, &QLineEdit::textEdited, this, [this] {
        m_amountFollowsEstimate = false;
        touch(QStringLiteral("amount"));
    });
    connect(m_useSuggested, &QPushButton::clicked, this, &NewDeploymentDialog::useSuggestedAmount);

    // One label column for the form and the service pages inside it.
    QList<QLabel *> labels = m_pages->labels();
    for (int row = 0; row < form->rowCount(); ++row)
        if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole))
            if (auto *label = qobject_cast<QLabel *>(item->widget()))
                labels << label;
    int width = 0;
    for (QLabel *label : std::as_const(labels))
        width = qMax(width, label->sizeHint().width());
    for (QLabel *label : std::as_const(labels)) {
        label->setMinimumWidth(width);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    return outer;
}


QWidget *NewDeploymentDialog::fieldWidget(const QString &field) const
{
    if (field == u"user")
        return m_user;
    if (field == u"service_type")
        return m_type;
    if (field == u"cpu_cores")
        return m_cpu;
    if (field == u"memory_gb")
        return m_memory;
    if (field == u"storage_gb")
        return m_storage;
    if (field == u"amount")
        return m_amount;
    if (field == u"priority")
        return m_priority;
    if (field == u"environment_vars")
        return m_environment;
    if (field == u"public_ipv4")
        return m_ipv4;
    return m_pages->fieldWidget(field);
}

QString NewDeploymentDialog::errorText(const QString &field) const
{
    if (FieldError *e = m_errors.value(field))
        return e->error();
    if (QWidget *w = m_pages->fieldWidget(field)) {
        // The page's error label sits right under its field, in the same cell.
        for (FieldError *e : w->parentWidget()->findChildren<FieldError *>(Qt::FindDirectChildrenOnly))
            return e->error();
    }
    return QString();
}


void NewDeploymentDialog::setUser(qint64 userId)
{
    if (UserModel *users = m_app.userModel()) {
        const int row = users->rowOfUser(userId);
        if (row >= 0)
            m_user->setCurrentIndex(row);
    }
}

void NewDeploymentDialog::setServiceType(ServiceType type)
{
    m_type->setCurrentIndex(m_type->findData(static_cast<int>(type)));
}

qint64 NewDeploymentDialog::currentUserId() const
{
    UserModel *users = m_app.userModel();
    const int row = m_user->currentIndex();
    if (!users || row < 0 || row >= users->rowCount())
        return 0;
    return users->rowAt(row).userId;
}

std::optional<Tfc> NewDeploymentDialog::availableOfCurrentUser() const
{
    UserModel *users = m_app.userModel();
    const int row = m_user->currentIndex();
    if (!users || row < 0 || row >= users->rowCount())
        return std::nullopt;
    return users->rowAt(row).available;
}

ServiceSpec NewDeploymentDialog::buildSpec(QList<SpecProblem> *parseProblems) const
{
    ServiceSpec s;
    s.details = m_pages->details(parseProblems);
    s.cpuCores = m_cpu->value();
    s.memoryGb = m_memory->value();
    s.storageGb = m_storage->value();
    s.networkConfig.publicIpv4 = m_ipv4->isChecked();
    s.networkConfig.publicIpv6 = m_ipv6->isChecked();
    s.networkConfig.mycelium = m_mycelium->isChecked();
    s.networkConfig.planetary = m_planetary->isChecked();
    s.environment = m_environment->variables(parseProblems);
    s.kubernetesManifest = m_pages->kubernetesManifest();
    return s;
}

ServiceSpec NewDeploymentDialog::spec() const
{
    return buildSpec(nullptr);
}

std::optional<Tfc> NewDeploymentDialog::amount() const
{
    return Tfc::parse(m_amount->text().trimmed());
}

void NewDeploymentDialog::touch(const QString &field)
{
    m_touched.insert(field);
    m_refusals.remove(field);
    if (field != u"amount")
        m_refusals.remove(QStringLiteral("amount")); // a new spec or user: the old refusal is stale
    m_notice->clearNotice();
    revalidate();
}

void NewDeploymentDialog::revalidate()
{
    QList<SpecProblem> list;
    const ServiceSpec s = buildSpec(&list);
    list += s.problems();
    m_problems.clear();
    for (const SpecProblem &p : std::as_const(list)) {
        const QString field = formFieldOf(p.field);
        if (!m_problems.contains(field))
            m_problems.insert(field, p.message);
    }

    const std::optional<Tfc> available = availableOfCurrentUser();
    if (currentUserId() == 0) {
        m_problems.insert(QStringLiteral("user"),
                          tr("Choose the user who pays. Users are added with a top-up in the Wallet pane."));
        m_userBalance->clear();
    } else {
        const UserModel *users = m_app.userModel();
        const auto &row = users->rowAt(m_user->currentIndex());
        m_userBalance->setText(tr("%1 TFC available").arg(display::tfc(row.available)));
        m_userBalance->setToolTip(tr("%1 available, %2 held for live jobs")
                                      .arg(display::tfcFull(row.available), display::tfcFull(row.held)));
    }

    // The amount follows the one-month estimate until the user types one.
    EstimateInputs in;
    in.spec = s;
    in.commissionPercent = m_app.config().commission.percent;
    in.tfcUsdRate = m_app.config().tftConversion.tfcUsdRate;
    in.bufferPercent = m_app.config().tftConversion.conversionBufferPercent;
    in.tftPrice = m_price;
    m_suggested = list.isEmpty() ? estimateDeployment(in).suggested : std::nullopt;
    if (m_amountFollowsEstimate && m_suggested && list.isEmpty()) {
        QSignalBlocker block(m_amount);
        m_amount->setText(m_suggested->toDisplayString(2));
    }

    const QString amountText = m_amount->text().trimmed();
    QString parseError;
    const std::optional<Tfc> amount = amountText.isEmpty() ? std::nullopt : Tfc::parse(amountText, &parseError);
    if (amountText.isEmpty())
        m_problems.insert(QStringLiteral("amount"), tr("Enter the TFC to pay, e.g. 25.00."));
    else if (!amount)
        m_problems.insert(QStringLiteral("amount"), tr("The amount %1").arg(parseError));
    else if (!amount->isPositive())
        m_problems.insert(QStringLiteral("amount"), tr("The amount must be more than zero."));
    else if (available && *available < *amount)
        m_problems.insert(QStringLiteral("amount"), tr("%1 has %2 TFC available; this needs %3 TFC.")
                                                        .arg(m_user->currentText(), display::tfc(*available), display::tfc(*amount)));
    for (auto it = m_refusals.constBegin(); it != m_refusals.constEnd(); ++it)
        if (!m_problems.contains(it.key()))
            m_problems.insert(it.key(), it.value());

    // Show what the user has touched (everything after a submit attempt); list the rest.
    QSet<QString> visible = m_touched;
    if (m_showAll)
        for (auto it = m_problems.constBegin(); it != m_problems.constEnd(); ++it)
            visible.insert(it.key());
    for (const QString &f : m_refusals.keys())
        visible.insert(f);
    for (auto it = m_errors.constBegin(); it != m_errors.constEnd(); ++it)
        it.value()->setError(visible.contains(it.key()) ? m_problems.value(it.key()) : QString());
    m_pages->showProblems(m_problems, visible);

    QStringList waiting;
    for (auto it = m_problems.constBegin(); it != m_problems.constEnd(); ++it)
        if (!visible.contains(it.key()))
            waiting << fieldWords(it.key());
    waiting.sort();
    m_pending->setText(waiting.isEmpty() ? QString() : tr("Still needed: %1.").arg(waiting.join(QStringLiteral(", "))));
    m_pending->setVisible(!waiting.isEmpty());

    m_submit->setEnabled(m_problems.isEmpty() && !m_submitting);
    m_useSuggested->setEnabled(m_suggested.has_value() && !m_submitting);
    updateEstimate();
}



void NewDeploymentDialog::updateEstimate()
{
    EstimateInputs in;
    in.spec = spec();
    in.amount = amount();
    in.commissionPercent = m_app.config().commission.percent;
    in.tfcUsdRate = m_app.config().tftConversion.tfcUsdRate;
    in.bufferPercent = m_app.config().tftConversion.conversionBufferPercent;
    in.tftPrice = m_price;
    QString priceLine;
    if (m_price)
        priceLine = tr("TFT price %1 USD, from %2.").arg(pricing_format::rate(*m_price), m_priceOrigin);
    else
        priceLine = m_priceOrigin.isEmpty() ? tr("Looking for a TFT price\u2026") : m_priceOrigin;
    m_estimate->showEstimate(in, estimateDeployment(in), priceLine);
}

QString NewDeploymentDialog::estimateText(const QString &name) const
{
    return m_estimate->text(name);
}

void NewDeploymentDialog::useSuggestedAmount()
{
    if (!m_suggested)
        return;
    m_amount->setText(m_suggested->toDisplayString(2));
    m_amountFollowsEstimate = true;
    touch(QStringLiteral("amount"));
}

void NewDeploymentDialog::setTftPrice(std::optional<TftPrice> price, const QString &origin)
{
    m_price = price;
    m_priceOrigin = origin;
    updateEstimate();
}

void NewDeploymentDialog::loadPrice()
{
    QPointer<NewDeploymentDialog> self(this);
    AppController *app = &m_app;
    m_app.run<std::optional<CurrentPrice>>([app] { return currentTftPrice(app->store()->db()); },
                                           [self](Result<std::optional<CurrentPrice>> price) {
                                               if (!self || self->m_price)
                                                   return;
                                               if (price.ok() && price.value()) {
                                                   const CurrentPrice &p = *price.value();
                                                   self->setTftPrice(p.rate, p.origin);
                                               } else {
                                                   self->fetchLivePrice();
                                               }
                                           });
}

void NewDeploymentDialog::fetchLivePrice()
{
    // Nothing in the store yet: ask the price sources (asynchronous, never blocks the GUI).
    auto feeds = priceFeeds(m_app);
    if (!feeds.ok()) {
        m_priceOrigin = tr("No TFT price yet: %1").arg(feeds.error().message);
        updateEstimate();
        return;
    }
    PriceOracle oracle(HttpClient(), feeds.value(), oracleSettingsFrom(m_app.config()), m_app.clock(), 5000);
    QPointer<NewDeploymentDialog> self(this);
    oracle.fetchQuote(
        [self](Result<Quote> quote) {
            if (!self || self->m_price)
                return;
            if (quote.ok())
                self->setTftPrice(quote.value().rate, tr("a live quote (%1)").arg(quote.value().usedSources().join(QStringLiteral(", "))));
            else
                self->setTftPrice(std::nullopt, tr("No TFT price: %1").arg(quote.error().message));
        },
        this);
}

void NewDeploymentDialog::submit()
{
    m_showAll = true;
    revalidate();
    if (!m_problems.isEmpty() || m_submitting)
        return;
    EnqueueRequest request;
    request.userId = currentUserId();
    request.spec = spec();
    request.amount = *amount();
    request.priority = static_cast<Priority>(m_priority->currentData().toInt());
    request.actor = m_app.actor();

    m_submitting = true;
    m_submit->setEnabled(false);
    m_notice->showNotice(NoticeLabel::Kind::Info, tr("Holding %1 TFC and queuing…").arg(display::tfc(request.amount)));
    QPointer<NewDeploymentDialog> self(this);
    AppController *app = &m_app;
    m_app.run<qint64>([app, request] { return app->queue().enqueue(request); },
                      [self, app](Result<qint64> result) {
                          if (result.ok()) {
                              app->pokeWatcher();
                              if (PipelineEngine *engine = app->engine())
                                  engine->wake();
                          }
                          if (self)
                              self->onSubmitted(result);
                      });
}

void NewDeploymentDialog::onSubmitted(const Result<qint64> &result)
{
    m_submitting = false;
    if (result.ok()) {
        m_notice->showNotice(NoticeLabel::Kind::Success, tr("Queued as job %1.").arg(result.value()));
        Q_EMIT enqueued(result.value());
        accept();
        return;
    }
    const Error &error = result.error();
    QString message = error.message;
    if (!message.isEmpty())
        message[0] = message[0].toUpper();
    if (error.kind == ErrorKind::Refused && !message.contains(QLatin1String("queue is full"))) {
        // Insufficient credits: the ledger's sentence, under the amount.
        m_refusals.insert(QStringLiteral("amount"), message);
        m_notice->clearNotice();
    } else {
        m_notice->showNotice(NoticeLabel::Kind::Danger, tr("Not queued: %1").arg(message));
    }
    revalidate();
}

} // namespace griddeck::ui
