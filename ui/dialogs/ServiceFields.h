#pragma once
// The parts of the New deployment form that depend on the service type, and the small
// environment-variable table. Each field has its inline error line; the dialog hands every
// problem (ServiceSpec::problems() names its JSON field) to showProblems(), which puts it
// under the field it belongs to.

#include "domain/ServiceSpec.h"
#include "ui/dialogs/FieldError.h"

#include <QHash>
#include <QSet>
#include <QStackedWidget>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace griddeck::ui {

// Field name of a problem as the form groups it: "ports[2]" → "ports",
// "environment_vars.FOO" → "environment_vars".
QString formFieldOf(const QString &problemField);

class ServiceTypePages : public QStackedWidget
{
    Q_OBJECT
public:
    explicit ServiceTypePages(QWidget *parent = nullptr);

    ServiceType type() const { return static_cast<ServiceType>(currentIndex()); }
    void setType(ServiceType type);

    // The current type's details as typed. Text that is not even a list of numbers (ports
    // "80, http") is reported in *parseProblems, naming the field.
    ServiceDetails details(QList<SpecProblem> *parseProblems) const;
    std::optional<QString> kubernetesManifest() const; // kubernetes only, when not blank

    // The form fields of the current page ("os", "version", …).
    QStringList currentFields() const;
    // Shows each problem of `byField` whose field is in `visible` under its field; clears the rest.
    void showProblems(const QHash<QString, QString> &byField, const QSet<QString> &visible);

    // Widgets by field name, for focus and tests: "os", "version", "image", "ports",
    // "node_count", "kubernetes_manifest", "storage_type", "app_id".
    QWidget *fieldWidget(const QString &field) const { return m_widgets.value(field); }
    // The pages' field labels, so the dialog can line them up with its own.
    QList<QLabel *> labels() const;

Q_SIGNALS:
    // The user changed `field` (a form field name).
    void edited(const QString &field);

private:
    QWidget *vmPage();
    QWidget *containerPage();
    QWidget *kubernetesPage();
    QWidget *storagePage();
    QWidget *applicationPage();
    void updateVersions();

    QComboBox *m_os = nullptr;
    QComboBox *m_version = nullptr;
    QLineEdit *m_image = nullptr;
    QLineEdit *m_flist = nullptr;
    QLineEdit *m_ports = nullptr;
    QSpinBox *m_nodeCount = nullptr;
    QPlainTextEdit *m_manifest = nullptr;
    QComboBox *m_storageType = nullptr;
    QComboBox *m_appId = nullptr;
    QHash<QString, QWidget *> m_widgets;
    QHash<QString, FieldError *> m_errors;
};

// A two-column table of NAME = value pairs with Add and Remove buttons. Rows left wholly
// blank are ignored.
class EnvironmentEditor : public QWidget
{
    Q_OBJECT
public:
    explicit EnvironmentEditor(QWidget *parent = nullptr);

    // The variables; a blank name with a value, or a name given twice, goes to *problems
    // under "environment_vars".
    QMap<QString, QString> variables(QList<SpecProblem> *problems) const;
    void setVariables(const QMap<QString, QString> &variables);
    QTableWidget *table() const { return m_table; }
    void addRow(const QString &name = QString(), const QString &value = QString());

Q_SIGNALS:
    void edited();

private:
    void updateButtons();

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
};

} // namespace griddeck::ui
