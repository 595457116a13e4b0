#pragma once
// An inline form error (UI.md: "Form errors appear inline under the field as the user types,
// before submit"): a small word-wrapped line in the palette's danger colour, hidden while empty,
// so the form does not jump around until there is something to say.

#include <QLabel>
#include <QString>

class QFormLayout;

namespace griddeck::ui {

class FieldError : public QLabel
{
    Q_OBJECT
public:
    explicit FieldError(QWidget *parent = nullptr);

    // Empty hides the line.
    void setError(const QString &message);
    QString error() const { return text(); }
    bool hasError() const { return !text().isEmpty(); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColor();
};

// Adds `field` to `form` under `label` with a FieldError right beneath it (in the same cell, so
// the error lines up with the field). The error's accessible name says which field it is for.
FieldError *addFieldRow(QFormLayout *form, const QString &label, QWidget *field);

// A notice line in the palette's colour for a role ("warning", "danger", "success", "neutral"):
// for messages about the whole form rather than one field.
class NoticeLabel : public QLabel
{
    Q_OBJECT
public:
    enum class Kind { Info, Success, Warning, Danger };
    explicit NoticeLabel(QWidget *parent = nullptr);
    void showNotice(Kind kind, const QString &message);
    void clearNotice();
    Kind kind() const { return m_kind; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColor();
    Kind m_kind = Kind::Info;
};

} // namespace griddeck::ui
