#include "ui/dialogs/SettingsDialog.h"

#include "config/ConfigSchema.h"
#include "grid/HttpClient.h"
#include "models/StageStyle.h"
#include "pipeline/GatewayProcess.h"
#include "pipeline/PipelineEngine.h"
#include "ui/AppController.h"
#include "ui/Prompts.h"
#include "ui/dialogs/FieldError.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

QString sectionTitle(const QString &section)
{
    static const QHash<QString, QString> titles = {
        { QStringLiteral("deployment_queue"), QObject::tr("Queue") },
        { QStringLiteral("threefold_grid"), QObject::tr("Grid") },
        { QStringLiteral("tft_conversion"), QObject::tr("TFT conversion") },
        { QStringLiteral("notifications"), QObject::tr("Notifications") },
        { QStringLiteral("commission"), QObject::tr("Commission") },
        { QStringLiteral("store"), QObject::tr("Store") },
        { QStringLiteral("app"), QObject::tr("Application") },
        { QStringLiteral("api"), QObject::tr("HTTP API") },
    };
    return titles.value(section, section);
}

// "retry_max_delay_seconds" → "Retry max delay (seconds)"; a few words people expect spelled.
QString keyLabel(const QString &key)
{
    static const QHash<QString, QString> special = {
        { QStringLiteral("grid_proxy_url"), QObject::tr("Grid proxy URL") },
        { QStringLiteral("deployer_url"), QObject::tr("Deployer URL") },
        { QStringLiteral("substrate_url"), QObject::tr("Substrate URL") },
        { QStringLiteral("relay_url"), QObject::tr("Relay URL") },
        { QStringLiteral("horizon_url"), QObject::tr("Horizon URL") },
        { QStringLiteral("coingecko_url"), QObject::tr("CoinGecko URL") },
        { QStringLiteral("wallet_url"), QObject::tr("Wallet URL") },
        { QStringLiteral("webhook_url"), QObject::tr("Webhook URL") },
        { QStringLiteral("smtp_host"), QObject::tr("SMTP host") },
        { QStringLiteral("smtp_port"), QObject::tr("SMTP port") },
        { QStringLiteral("smtp_user"), QObject::tr("SMTP user") },
        { QStringLiteral("email_from"), QObject::tr("E-mail from") },
        { QStringLiteral("email_to"), QObject::tr("E-mail to") },
        { QStringLiteral("tfc_usd_rate"), QObject::tr("TFC → USD rate") },
        { QStringLiteral("percent"), QObject::tr("Commission (%)") },
        { QStringLiteral("path"), QObject::tr("Database file") },
        { QStringLiteral("language"), QObject::tr("Language") },
        { QStringLiteral("enabled"), QObject::tr("Serve the HTTP API") },
        { QStringLiteral("listen"), QObject::tr("Listen on") },
    };
    if (special.contains(key))
        return special.value(key);
    QString words = key;
    words.replace(u'_', u' ');
    if (words.endsWith(QLatin1String(" seconds")))
        words = words.chopped(8) + QObject::tr(" (seconds)");
    else if (words.endsWith(QLatin1String(" percent")))
        words = words.chopped(8) + QObject::tr(" (%)");
    words[0] = words[0].toUpper();
    return words;
}

QString decimalText(std::int64_t units, int decimals)
{
    QString text = fixed::formatDecimal(units, decimals, decimals);
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

const char *kSourceProperty = "priceSource";

} // namespace

QString SettingsDialog::noKeychainText()
{
    return tr("No keychain is available: secrets are kept for this session only and will be asked again next time.");
}

SettingsDialog::SettingsDialog(AppController &app, QWidget *parent)
    : QDialog(parent)
    , m_app(app)
    , m_edited(app.config())
{
    setWindowTitle(tr("Settings"));
    setAttribute(Qt::WA_DeleteOnClose);
    setModal(true);

    m_tabs = new QTabWidget(this);
    for (const QString &section : config::sectionNames())
        m_tabs->addTab(sectionPage(section), sectionTitle(section));
    m_tabs->addTab(secretsPage(), tr("Secrets"));

    m_notice = new NoticeLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = m_buttons->button(QDialogButtonBox::Save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &SettingsDialog::save);

    auto *pathLine = new QLabel(tr("Saved to %1").arg(m_app.configFilePath()), this);
    pathLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pathLine->setForegroundRole(QPalette::PlaceholderText); // follows theme changes

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_notice);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(pathLine, 1);
    bottom->addWidget(m_buttons);
    layout->addLayout(bottom);

    connect(&m_app, &AppController::keychainStatus, this, [this] {
        updateKeychainNotice();
        refreshSecretStates();
    });
    updateKeychainNotice();
    refreshSecretStates();
    revalidate();
    resize(720, 560);
}

QWidget *SettingsDialog::sectionPage(const QString &section)
{
    auto *scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget(scroll);
    auto *form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (const config::Field *field : config::fieldsOf(section)) {
        QWidget *editor = fieldEditor(*field, page);
        const QString name = field->name();
        QString tip = QStringLiteral("[%1] %2").arg(section, QLatin1String(field->key));
        if (*field->comment)
            tip += QStringLiteral("\n") + QString::fromUtf8(field->comment);
        editor->setToolTip(tip);
        editor->setAccessibleName(name);
        m_widgets.insert(name, editor);
        m_errors.insert(name, addFieldRow(form, keyLabel(QLatin1String(field->key)) + u':', editor));
    }
    if (section == u"app") {
        auto *hint = new QLabel(tr("A new language takes effect the next time GridDeck starts."), page);
        hint->setWordWrap(true);
        form->addRow(hint);
    }
    scroll->setWidget(page);
    return scroll;
}

QWidget *SettingsDialog::fieldEditor(const config::Field &field, QWidget *parent)
{
    Config current = m_app.config(); // the field table hands out pointers into a mutable Config
    const QString name = field.name();
    return std::visit(
        [&](auto *value) -> QWidget * {
            using T = std::remove_pointer_t<decltype(value)>;
            if constexpr (std::is_same_v<T, int>) {
                auto *spin = new QSpinBox(parent);
                spin->setRange(static_cast<int>(field.min), static_cast<int>(field.max));
                spin->setValue(*value);
                spin->setAlignment(Qt::AlignRight);
                spin->setMaximumWidth(160);
                connect(spin, &QSpinBox::valueChanged, this, &SettingsDialog::revalidate);
                return spin;
            } else if constexpr (std::is_same_v<T, bool>) {
                auto *check = new QCheckBox(tr("Enabled"), parent);
                check->setChecked(*value);
                connect(check, &QCheckBox::toggled, this, &SettingsDialog::revalidate);
                return check;
            } else if constexpr (std::is_same_v<T, QString>) {
                if (field.check == config::Check::Language) {
                    auto *combo = new QComboBox(parent);
                    combo->addItem(tr("System default"), QString());
                    const QHash<QString, QString> names = {{QStringLiteral("en"), QStringLiteral("English")},
                                                           {QStringLiteral("fr"), QStringLiteral("Français")},
                                                           {QStringLiteral("nl"), QStringLiteral("Nederlands")}};
                    for (const QString &code : Config::knownLanguages())
                        combo->addItem(names.value(code, code), code);
                    combo->setCurrentIndex(qMax(0, combo->findData(*value)));
                    connect(combo, &QComboBox::currentIndexChanged, this, &SettingsDialog::revalidate);
                    return combo;
                }
                auto *edit = new QLineEdit(*value, parent);
                connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
                return edit;
            } else if constexpr (std::is_same_v<T, QStringList>) {
                if (field.check == config::Check::PriceSourceList) {
                    auto *box = new QWidget(parent);
                    auto *row = new QHBoxLayout(box);
                    row->setContentsMargins(0, 0, 0, 0);
                    for (const QString &source : Config::knownPriceSources()) {
                        auto *check = new QCheckBox(source, box);
                        check->setProperty(kSourceProperty, source);
                        check->setChecked(value->contains(source));
                        connect(check, &QCheckBox::toggled, this, &SettingsDialog::revalidate);
                        row->addWidget(check);
                    }
                    row->addStretch();
                    return box;
                }
                auto *edit = new QLineEdit(value->join(QStringLiteral(", ")), parent);
                edit->setPlaceholderText(field.check == config::Check::CountryList ? tr("BE, NL") : tr("ops@example.com, …"));
                connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
                return edit;
            } else if constexpr (std::is_same_v<T, Percent>) {
                auto *edit = new QLineEdit(decimalText(value->units(), fixed::kAmountDecimals), parent);
                edit->setAlignment(Qt::AlignRight);
                edit->setMaximumWidth(160);
                connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
                return edit;
            } else {
                auto *edit = new QLineEdit(decimalText(value->units(), fixed::kRateDecimals), parent);
                edit->setAlignment(Qt::AlignRight);
                edit->setMaximumWidth(200);
                connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
                return edit;
            }
        },
        field.ref(current));
}

void SettingsDialog::readFromForm()
{
    m_edited = m_app.config();
    m_parseErrors.clear();
    for (const config::Field &field : config::fields()) {
        const QString name = field.name();
        QWidget *editor = m_widgets.value(name);
        if (!editor)
            continue;
        std::visit(
            [&](auto *value) {
                using T = std::remove_pointer_t<decltype(value)>;
                if constexpr (std::is_same_v<T, int>) {
                    *value = static_cast<QSpinBox *>(editor)->value();
                } else if constexpr (std::is_same_v<T, bool>) {
                    *value = static_cast<QCheckBox *>(editor)->isChecked();
                } else if constexpr (std::is_same_v<T, QString>) {
                    if (auto *combo = qobject_cast<QComboBox *>(editor))
                        *value = combo->currentData().toString();
                    else
                        *value = static_cast<QLineEdit *>(editor)->text().trimmed();
                } else if constexpr (std::is_same_v<T, QStringList>) {
                    if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
                        *value = splitList(edit->text());
                    } else {
                        value->clear();
                        for (QCheckBox *check : editor->findChildren<QCheckBox *>())
                            if (check->isChecked())
                                value->append(check->property(kSourceProperty).toString());
                    }
                } else {
                    // Percent or TfcPrice: parsed strictly; what does not parse keeps the saved value
                    // and its own message.
                    const QString text = static_cast<QLineEdit *>(editor)->text().trimmed();
                    QString error;
                    if (auto parsed = T::parse(text, &error))
                        *value = *parsed;
                    else
                        m_parseErrors.insert(name, tr("%1: %2").arg(name, error.isEmpty() ? tr("not a decimal number") : error));
                }
            },
            field.ref(m_edited));
    }
}

void SettingsDialog::revalidate()
{
    readFromForm();
    m_problems = m_parseErrors;
    if (auto valid = m_edited.validate(); !valid.ok()) {
        // "settings:12:1: deployment_queue.worker_count: must be between 1 and 64 (got 0)"
        static const QRegularExpression line(QStringLiteral("^[^:]*:\\d+:\\d+: ([a-z_]+\\.[a-z_]+): (.*)$"));
        for (const QString &text : valid.error().message.split(u'\n', Qt::SkipEmptyParts)) {
            const auto match = line.match(text);
            const QString key = match.hasMatch() ? match.captured(1) : QString();
            if (!key.isEmpty() && m_widgets.contains(key)) {
                if (!m_problems.contains(key))
                    m_problems.insert(key, key + QStringLiteral(": ") + match.captured(2));
            } else {
                m_problems.insert(QStringLiteral("(config)"), text);
            }
        }
    }
    for (auto it = m_errors.constBegin(); it != m_errors.constEnd(); ++it)
        it.value()->setError(m_problems.value(it.key()));

    // Mark the tabs that hold a problem, so none hides behind another tab.
    const QStringList sections = config::sectionNames();
    for (int i = 0; i < sections.size(); ++i) {
        bool bad = false;
        for (auto it = m_problems.constBegin(); it != m_problems.constEnd() && !bad; ++it)
            bad = it.key().startsWith(sections.at(i) + u'.');
        m_tabs->setTabText(i, bad ? sectionTitle(sections.at(i)) + QStringLiteral(" \u2715") : sectionTitle(sections.at(i)));
    }
    if (m_problems.contains(QStringLiteral("(config)")))
        m_notice->showNotice(NoticeLabel::Kind::Danger, m_problems.value(QStringLiteral("(config)")));
    else if (!m_problems.isEmpty())
        m_notice->showNotice(NoticeLabel::Kind::Danger,
                             m_problems.size() == 1 ? tr("Correct the setting marked in red to save.")
                                                    : tr("Correct the %1 settings marked in red to save.").arg(m_problems.size()));
    else
        m_notice->clearNotice();
    m_save->setEnabled(m_problems.isEmpty() && m_pendingWrites == 0);
}

QString SettingsDialog::errorText(const QString &key) const
{
    FieldError *e = m_errors.value(key);
    return e ? e->error() : QString();
}

namespace {

// What the running grid gateway reaches, its twin and both TFT balances (GET /status?balances=1).
QString describeGatewayStatus(const QJsonObject &status)
{
    QStringList reach;
    const QJsonObject reachable = status.value(QStringLiteral("reachable")).toObject();
    for (auto it = reachable.constBegin(); it != reachable.constEnd(); ++it)
        reach << QStringLiteral("%1 %2").arg(it.key(), it.value().toBool() ? QStringLiteral("\u2713") : QStringLiteral("\u2717"));
    QString text = reach.join(QStringLiteral("  "));
    if (!status.value(QStringLiteral("ready")).toBool())
        return SettingsDialog::tr("Not connected: %1. %2").arg(status.value(QStringLiteral("message")).toString(), text);
    text += SettingsDialog::tr("\nTwin %1").arg(status.value(QStringLiteral("twin_id")).toInteger());
    const QJsonObject balances = status.value(QStringLiteral("balances")).toObject();
    if (balances.contains(QStringLiteral("error")))
        text += SettingsDialog::tr("; balances: %1").arg(balances.value(QStringLiteral("error")).toString());
    else
        text += SettingsDialog::tr("; TFT on TFChain %1, on Stellar %2")
                    .arg(balances.value(QStringLiteral("tfchain_tft")).toString(), balances.value(QStringLiteral("tft")).toString());
    return text;
}

// Settings' "Test connection": asks the gateway the engine runs for a real network.
QWidget *connectionTest(QWidget *parent, AppController &app)
{
    auto tr = [](const char *text) { return SettingsDialog::tr(text); };
    auto *box = new QWidget(parent);
    auto *h = new QHBoxLayout(box);
    h->setContentsMargins(0, 0, 0, 0);
    auto *button = new QPushButton(tr("Test connection"), box);
    button->setObjectName(QStringLiteral("testConnection"));
    auto *result = new QLabel(box);
    result->setObjectName(QStringLiteral("testConnectionResult"));
    result->setWordWrap(true);
    h->addWidget(button, 0, Qt::AlignTop);
    h->addWidget(result, 1);
    QObject::connect(button, &QPushButton::clicked, button, [&app, tr, result] {
        PipelineEngine *engine = app.engine();
        GatewayProcess *gateway = engine ? engine->findChild<GatewayProcess *>() : nullptr;
        if (!gateway) {
            result->setText(tr("No grid gateway runs: set threefold_grid.network (main, test, qa or dev), save, and start "
                               "the pipeline."));
            return;
        }
        result->setText(tr("Asking the grid gateway\u2026"));
        QPointer<QLabel> label(result);
        HttpRequestOptions options;
        options.context = result;
        HttpClient(20000).get(gateway->url().resolved(QUrl(QStringLiteral("/status?balances=1"))), [label](HttpResult r) {
            if (!label)
                return;
            label->setText(r.ok() ? describeGatewayStatus(r->json.object())
                                  : SettingsDialog::tr("The grid gateway does not answer: %1").arg(r.error().message));
        }, options);
    });
    return box;
}

} // namespace

QWidget *SettingsDialog::secretsPage()
{
    auto *page = new QWidget(m_tabs);
    auto *layout = new QVBoxLayout(page);
    m_keychain = new NoticeLabel(page);
    layout->addWidget(m_keychain);
    auto *intro = new QLabel(tr("Secrets never go into deployment.toml, the database or a log. Values are write-only: "
                                "type a new value to replace the stored one; it is stored when you press Save."),
                             page);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (SecretName name : allSecretNames()) {
        auto *row = new QWidget(page);
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto *state = new QLabel(tr("checking…"), row);
        state->setMinimumWidth(state->fontMetrics().horizontalAdvance(QStringLiteral("\u25CB not set ")) + 8);
        auto *edit = new QLineEdit(row);
        edit->setEchoMode(QLineEdit::Password);
        edit->setPlaceholderText(tr("new value"));
        edit->setAccessibleName(tr("New %1").arg(secretLabel(name)));
        edit->setClearButtonEnabled(true);
        // Never offered to the clipboard or an input method's history.
        edit->setAttribute(Qt::WA_InputMethodEnabled, false);
        auto *remove = new QPushButton(tr("Remove"), row);
        remove->setAccessibleName(tr("Remove %1").arg(secretLabel(name)));
        remove->setEnabled(false);
        h->addWidget(state);
        h->addWidget(edit, 1);
        h->addWidget(remove);
        QString label = secretLabel(name);
        label[0] = label[0].toUpper();
        form->addRow(label + u':', row);
        m_secretEdits.insert(name, edit);
        m_secretStates.insert(name, state);
        m_secretRemove.insert(name, remove);
        connect(remove, &QPushButton::clicked, this, [this, name] {
            QPointer<SettingsDialog> self(this);
            Prompts::confirm(this, tr("Remove secret"),
                             tr("Remove the %1 from the %2? Whatever uses it stops working until you set it again.")
                                 .arg(secretLabel(name), m_app.secrets().backendName()),
                             tr("Remove"), true, [self, name](bool yes) {
                                 if (!self || !yes)
                                     return;
                                 self->m_app.secrets().remove(name, [self, name](Result<void> done) {
                                     if (!self)
                                         return;
                                     if (done.ok()) {
                                         self->setSecretState(name, false);
                                         Q_EMIT self->secretChanged(name, false);
                                     } else {
                                         self->setSecretState(name, std::nullopt, done.error().message);
                                     }
                                 });
                             });
        });
    }
    layout->addLayout(form);
    layout->addWidget(connectionTest(page, m_app));
    layout->addStretch();
    return page;
}

void SettingsDialog::updateKeychainNotice()
{
    if (m_app.keychainAvailable())
        m_keychain->showNotice(NoticeLabel::Kind::Success, m_app.keychainMessage());
    else if (m_app.secrets().isProbed())
        m_keychain->showNotice(NoticeLabel::Kind::Warning, noKeychainText());
    else
        m_keychain->showNotice(NoticeLabel::Kind::Info, m_app.keychainMessage());
}

QString SettingsDialog::keychainWarning() const
{
    return m_keychain->kind() == NoticeLabel::Kind::Warning ? m_keychain->text() : QString();
}

void SettingsDialog::refreshSecretStates()
{
    QPointer<SettingsDialog> self(this);
    for (SecretName name : allSecretNames()) {
        // Only whether it is set: the value is dropped here and never reaches a widget.
        m_app.secrets().read(name, [self, name](Result<std::optional<QString>> value) {
            if (!self)
                return;
            if (value.ok())
                self->setSecretState(name, value.value().has_value());
            else
                self->setSecretState(name, std::nullopt, value.error().message);
        });
    }
}

void SettingsDialog::setSecretState(SecretName name, std::optional<bool> isSet, const QString &error)
{
    QLabel *label = m_secretStates.value(name);
    if (!label)
        return;
    QPalette p = label->palette();
    if (!isSet) {
        label->setText(tr("\u2715 unknown"));
        label->setToolTip(error);
        p.setColor(QPalette::WindowText, StageStyle::color(ColorRole::Danger, palette()));
    } else if (*isSet) {
        label->setText(tr("\u25CF set"));
        label->setToolTip(tr("Stored in the %1").arg(m_app.secrets().backendName()));
        p.setColor(QPalette::WindowText, StageStyle::color(ColorRole::Success, palette()));
    } else {
        label->setText(tr("\u25CB not set"));
        label->setToolTip(QString());
        p.setColor(QPalette::WindowText, StageStyle::color(ColorRole::Neutral, palette()));
    }
    label->setPalette(p);
    m_secretRemove.value(name)->setEnabled(isSet.value_or(false));
}

QString SettingsDialog::secretStatus(SecretName name) const
{
    QLabel *label = m_secretStates.value(name);
    return label ? label->text() : QString();
}

void SettingsDialog::save()
{
    revalidate();
    if (!m_problems.isEmpty() || m_pendingWrites > 0)
        return;
    if (!(m_edited == m_app.config())) {
        if (auto applied = m_app.applyConfig(m_edited); !applied.ok()) {
            m_notice->showNotice(NoticeLabel::Kind::Danger, tr("Not saved: %1").arg(applied.error().message));
            return;
        }
    }
    m_writeErrors.clear();
    QPointer<SettingsDialog> self(this);
    QList<std::pair<SecretName, QString>> writes;
    for (auto it = m_secretEdits.constBegin(); it != m_secretEdits.constEnd(); ++it)
        if (!it.value()->text().isEmpty())
            writes.append({it.key(), it.value()->text()});
    m_pendingWrites = int(writes.size());
    if (writes.isEmpty()) {
        finishSave();
        return;
    }
    m_save->setEnabled(false);
    m_notice->showNotice(NoticeLabel::Kind::Info, tr("Storing secrets…"));
    for (const auto &[name, value] : writes) {
        m_app.secrets().write(name, value, [self, name](Result<void> done) {
            if (!self)
                return;
            --self->m_pendingWrites;
            if (done.ok()) {
                self->m_secretEdits.value(name)->clear();
                self->setSecretState(name, true);
                Q_EMIT self->secretChanged(name, true);
            } else {
                self->m_writeErrors << tr("%1: %2").arg(secretLabel(name), done.error().message);
            }
            if (self->m_pendingWrites == 0)
                self->finishSave();
        });
    }
}

void SettingsDialog::finishSave()
{
    if (!m_writeErrors.isEmpty()) {
        m_notice->showNotice(NoticeLabel::Kind::Danger,
                             tr("The settings were saved, but a secret was not stored: %1").arg(m_writeErrors.join(QStringLiteral("; "))));
        m_save->setEnabled(true);
        return;
    }
    Q_EMIT saved();
    accept();
}

} // namespace griddeck::ui
