#include "ui/dialogs/ServiceFields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace griddeck::ui {

namespace {

struct OsChoice
{
    const char *os;
    QStringList versions; // newest first; the default is marked by defaultVersion
    const char *defaultVersion;
};

const QList<OsChoice> &osChoices()
{
    static const QList<OsChoice> list = {
        {"ubuntu", {QStringLiteral("24.04"), QStringLiteral("22.04"), QStringLiteral("20.04")}, "22.04"},
        {"debian", {QStringLiteral("12"), QStringLiteral("11")}, "12"},
        {"fedora", {QStringLiteral("40"), QStringLiteral("39")}, "40"},
        {"alpine", {QStringLiteral("3.20"), QStringLiteral("3.19")}, "3.20"},
        {"rockylinux", {QStringLiteral("9"), QStringLiteral("8")}, "9"},
        {"nixos", {QStringLiteral("24.05")}, "24.05"},
    };
    return list;
}

QString storageTypeDescription(const QString &type)
{
    if (type == u"zdb")
        return QObject::tr("0-DB namespace (key-value / append-only store)");
    if (type == u"qsfs")
        return QObject::tr("Quantum Safe Filesystem (dispersed, 0-DB backed)");
    if (type == u"volume")
        return QObject::tr("Block volume mounted into a VM or container");
    if (type == u"s3")
        return QObject::tr("S3-compatible object store (MinIO over QSFS)");
    return type;
}

QFormLayout *newForm(QWidget *page)
{
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return form;
}

} // namespace

QString formFieldOf(const QString &problemField)
{
    const qsizetype bracket = problemField.indexOf(u'[');
    if (bracket > 0)
        return problemField.left(bracket);
    if (problemField.startsWith(QLatin1String("environment_vars")))
        return QStringLiteral("environment_vars");
    if (problemField.startsWith(QLatin1String("network_config")))
        return QStringLiteral("network_config");
    return problemField;
}

ServiceTypePages::ServiceTypePages(QWidget *parent)
    : QStackedWidget(parent)
{
    // The order matches ServiceType (and ServiceDetails' alternatives).
    addWidget(vmPage());
    addWidget(containerPage());
    addWidget(kubernetesPage());
    addWidget(storagePage());
    addWidget(applicationPage());
    // Only the current page counts for the size, so the dialog does not reserve room for
    // the tallest page.
    for (int i = 0; i < count(); ++i)
        widget(i)->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    setType(ServiceType::VM);
}

void ServiceTypePages::setType(ServiceType type)
{
    const int index = static_cast<int>(type);
    if (currentWidget())
        currentWidget()->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    setCurrentIndex(index);
    currentWidget()->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    // The form around us must ask for our (new, smaller or larger) size hint again.
    updateGeometry();
}

QWidget *ServiceTypePages::vmPage()
{
    auto *page = new QWidget(this);
    auto *form = newForm(page);
    m_os = new QComboBox(page);
    m_os->setEditable(true);
    for (const OsChoice &c : osChoices())
        m_os->addItem(QString::fromLatin1(c.os));
    m_os->setCurrentText(QStringLiteral("ubuntu"));
    m_os->setMinimumWidth(180);
    m_version = new QComboBox(page);
    m_version->setEditable(true);
    m_version->setMinimumWidth(180);
    m_errors.insert(QStringLiteral("os"), addFieldRow(form, tr("Operating &system:"), m_os));
    m_errors.insert(QStringLiteral("version"), addFieldRow(form, tr("&Version:"), m_version));
    m_widgets.insert(QStringLiteral("os"), m_os);
    m_widgets.insert(QStringLiteral("version"), m_version);
    updateVersions();
    connect(m_os, &QComboBox::currentTextChanged, this, [this] {
        updateVersions();
        Q_EMIT edited(QStringLiteral("os"));
    });
    connect(m_version, &QComboBox::currentTextChanged, this, [this] { Q_EMIT edited(QStringLiteral("version")); });
    return page;
}

void ServiceTypePages::updateVersions()
{
    // Offer the chosen OS's versions; keep what the user typed if it is not one of them.
    const QString typed = m_version->currentText();
    QSignalBlocker block(m_version);
    m_version->clear();
    for (const OsChoice &c : osChoices()) {
        if (m_os->currentText() == QLatin1String(c.os)) {
            m_version->addItems(c.versions);
            const bool known = c.versions.contains(typed);
            m_version->setCurrentText(known ? typed : QString::fromLatin1(c.defaultVersion));
            return;
        }
    }
    m_version->setCurrentText(typed);
}

QWidget *ServiceTypePages::containerPage()
{
    auto *page = new QWidget(this);
    auto *form = newForm(page);
    m_image = new QLineEdit(page);
    m_image->setPlaceholderText(tr("nginx:1.25 or ghcr.io/org/app:tag"));
    m_ports = new QLineEdit(page);
    m_ports->setPlaceholderText(tr("80, 443"));
    m_ports->setToolTip(tr("Exposed ports, separated by commas or spaces (1–65535)."));
    // The grid boots a container from an flist (a micro VM), not from the Docker image.
    m_flist = new QLineEdit(page);
    m_flist->setPlaceholderText(tr("https://hub.grid.tf/<user>/<image>.flist"));
    m_flist->setToolTip(
        tr("The ThreeFold Grid runs containers from flists. Convert the Docker image on the ThreeFold Hub "
           "(hub.grid.tf, \u201c" "Docker Hub Converter\u201d) and paste the .flist URL."));
    m_errors.insert(QStringLiteral("image"), addFieldRow(form, tr("&Image:"), m_image));
    m_errors.insert(QStringLiteral("flist"), addFieldRow(form, tr("&Flist:"), m_flist));
    m_errors.insert(QStringLiteral("ports"), addFieldRow(form, tr("&Ports:"), m_ports));
    m_widgets.insert(QStringLiteral("image"), m_image);
    m_widgets.insert(QStringLiteral("flist"), m_flist);
    m_widgets.insert(QStringLiteral("ports"), m_ports);
    connect(m_flist, &QLineEdit::textChanged, this, [this] { Q_EMIT edited(QStringLiteral("flist")); });
    connect(m_image, &QLineEdit::textChanged, this, [this] { Q_EMIT edited(QStringLiteral("image")); });
    connect(m_ports, &QLineEdit::textChanged, this, [this] { Q_EMIT edited(QStringLiteral("ports")); });
    return page;
}

QWidget *ServiceTypePages::kubernetesPage()
{
    auto *page = new QWidget(this);
    auto *form = newForm(page);
    m_nodeCount = new QSpinBox(page);
    // Wider than the allowed range, so an out-of-range count is explained rather than refused.
    m_nodeCount->setRange(0, 99);
    m_nodeCount->setValue(3);
    m_nodeCount->setSuffix(tr(" nodes"));
    m_manifest = new QPlainTextEdit(page);
    m_manifest->setPlaceholderText(tr("Optional: a manifest applied once the cluster is up"));
    m_manifest->setTabChangesFocus(true);
    m_manifest->setFixedHeight(m_manifest->fontMetrics().lineSpacing() * 4 + 12);
    m_errors.insert(QStringLiteral("node_count"), addFieldRow(form, tr("&Nodes:"), m_nodeCount));
    m_errors.insert(QStringLiteral("kubernetes_manifest"), addFieldRow(form, tr("&Manifest:"), m_manifest));
    m_widgets.insert(QStringLiteral("node_count"), m_nodeCount);
    m_widgets.insert(QStringLiteral("kubernetes_manifest"), m_manifest);
    connect(m_nodeCount, &QSpinBox::valueChanged, this, [this] { Q_EMIT edited(QStringLiteral("node_count")); });
    connect(m_manifest, &QPlainTextEdit::textChanged, this,
            [this] { Q_EMIT edited(QStringLiteral("kubernetes_manifest")); });
    return page;
}

QWidget *ServiceTypePages::storagePage()
{
    auto *page = new QWidget(this);
    auto *form = newForm(page);
    m_storageType = new QComboBox(page);
    for (const QString &type : ServiceSpec::storageTypes())
        m_storageType->addItem(QStringLiteral("%1 \u2014 %2").arg(type, storageTypeDescription(type)), type);
    m_errors.insert(QStringLiteral("storage_type"), addFieldRow(form, tr("Storage &type:"), m_storageType));
    m_widgets.insert(QStringLiteral("storage_type"), m_storageType);
    connect(m_storageType, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT edited(QStringLiteral("storage_type")); });
    return page;
}

QWidget *ServiceTypePages::applicationPage()
{
    auto *page = new QWidget(this);
    auto *form = newForm(page);
    m_appId = new QComboBox(page);
    m_appId->setEditable(true);
    m_appId->addItems({QStringLiteral("nextcloud"), QStringLiteral("wordpress"), QStringLiteral("gitea"),
                       QStringLiteral("mattermost"), QStringLiteral("peertube"), QStringLiteral("discourse")});
    m_appId->setCurrentText(QStringLiteral("nextcloud"));
    m_appId->setMinimumWidth(220);
    m_errors.insert(QStringLiteral("app_id"), addFieldRow(form, tr("&Application:"), m_appId));
    m_widgets.insert(QStringLiteral("app_id"), m_appId);
    connect(m_appId, &QComboBox::currentTextChanged, this, [this] { Q_EMIT edited(QStringLiteral("app_id")); });
    return page;
}

ServiceDetails ServiceTypePages::details(QList<SpecProblem> *parseProblems) const
{
    switch (type()) {
    case ServiceType::VM:
        return VmService{m_os->currentText().trimmed(), m_version->currentText().trimmed()};
    case ServiceType::Container: {
        ContainerService c { m_image->text().trimmed(), {}, m_flist->text().trimmed() };
        static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
        const QStringList parts = m_ports->text().split(separators, Qt::SkipEmptyParts);
        QStringList bad;
        for (const QString &part : parts) {
            bool ok = false;
            const int port = part.toInt(&ok);
            if (ok && !part.startsWith(u'+'))
                c.ports.append(port);
            else
                bad << part;
        }
        if (!bad.isEmpty() && parseProblems)
            parseProblems->append({QStringLiteral("ports"), tr("ports must be numbers separated by commas; \"%1\" is not a port number")
                                                                 .arg(bad.first())});
        return c;
    }
    case ServiceType::KubernetesCluster:
        return KubernetesService{m_nodeCount->value()};
    case ServiceType::Storage:
        return StorageService{m_storageType->currentData().toString()};
    case ServiceType::Application:
        return ApplicationService{m_appId->currentText().trimmed()};
    }
    return VmService{};
}

std::optional<QString> ServiceTypePages::kubernetesManifest() const
{
    if (type() != ServiceType::KubernetesCluster || m_manifest->toPlainText().trimmed().isEmpty())
        return std::nullopt;
    return m_manifest->toPlainText();
}

QList<QLabel *> ServiceTypePages::labels() const
{
    QList<QLabel *> out;
    for (int i = 0; i < count(); ++i)
        if (auto *form = qobject_cast<QFormLayout *>(widget(i)->layout()))
            for (int row = 0; row < form->rowCount(); ++row)
                if (auto *label = qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::LabelRole) ? form->itemAt(row, QFormLayout::LabelRole)->widget() : nullptr))
                    out << label;
    return out;
}

QStringList ServiceTypePages::currentFields() const
{
    switch (type()) {
    case ServiceType::VM:
        return {QStringLiteral("os"), QStringLiteral("version")};
    case ServiceType::Container:
        return { QStringLiteral("image"), QStringLiteral("flist"), QStringLiteral("ports") };
    case ServiceType::KubernetesCluster:
        return {QStringLiteral("node_count"), QStringLiteral("kubernetes_manifest")};
    case ServiceType::Storage:
        return {QStringLiteral("storage_type")};
    case ServiceType::Application:
        return {QStringLiteral("app_id")};
    }
    return {};
}

void ServiceTypePages::showProblems(const QHash<QString, QString> &byField, const QSet<QString> &visible)
{
    for (auto it = m_errors.constBegin(); it != m_errors.constEnd(); ++it)
        it.value()->setError(visible.contains(it.key()) ? byField.value(it.key()) : QString());
}

EnvironmentEditor::EnvironmentEditor(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_add(new QPushButton(tr("&Add variable"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 160);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAccessibleName(tr("Environment variables"));
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
                              + 2 * m_table->verticalHeader()->defaultSectionSize() + 4);
    m_table->setMaximumHeight(m_table->horizontalHeader()->sizeHint().height()
                              + 4 * m_table->verticalHeader()->defaultSectionSize() + 4);
    m_table->setFont(font());
    m_add->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_remove->setIcon(style()->standardIcon(QStyle::SP_DialogDiscardButton));
    m_remove->setAccessibleName(tr("Remove environment variable"));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0)
            return;
        m_table->removeRow(row);
        updateButtons();
        Q_EMIT edited();
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] { Q_EMIT edited(); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &EnvironmentEditor::updateButtons);
    updateButtons();
}

void EnvironmentEditor::addRow(const QString &name, const QString &value)
{
    QSignalBlocker block(m_table);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    updateButtons();
    if (!name.isEmpty() || !value.isEmpty())
        Q_EMIT edited();
}

void EnvironmentEditor::setVariables(const QMap<QString, QString> &variables)
{
    {
        QSignalBlocker block(m_table);
        m_table->setRowCount(0);
    }
    for (auto it = variables.constBegin(); it != variables.constEnd(); ++it)
        addRow(it.key(), it.value());
    Q_EMIT edited();
}

QMap<QString, QString> EnvironmentEditor::variables(QList<SpecProblem> *problems) const
{
    QMap<QString, QString> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        const QString value = m_table->item(row, 1) ? m_table->item(row, 1)->text() : QString();
        if (name.isEmpty() && value.isEmpty())
            continue;
        if (name.isEmpty()) {
            if (problems)
                problems->append({QStringLiteral("environment_vars"), tr("row %1 has a value but no variable name").arg(row + 1)});
            continue;
        }
        if (out.contains(name)) {
            if (problems)
                problems->append({QStringLiteral("environment_vars"), tr("environment variable %1 is set twice").arg(name)});
            continue;
        }
        out.insert(name, value);
    }
    return out;
}

void EnvironmentEditor::updateButtons()
{
    m_remove->setEnabled(m_table->currentRow() >= 0 && m_table->rowCount() > 0);
}

} // namespace griddeck::ui
