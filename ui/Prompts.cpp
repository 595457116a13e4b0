#include "ui/Prompts.h"

#include <QCoreApplication>
#include <QPushButton>
#include <QTimer>

namespace griddeck::ui {

namespace {
QList<QMessageBox::StandardButton> s_answers;
QStringList s_asked;
bool s_silent = false;

bool takeAnswer(const QString &text, QMessageBox::StandardButton *answer)
{
    s_asked.append(text);
    if (s_answers.isEmpty())
        return false;
    *answer = s_answers.takeFirst();
    return true;
}

void showBox(QWidget *parent, QMessageBox::Icon icon, const QString &title, const QString &text)
{
    QMessageBox::StandardButton queued;
    if (takeAnswer(text, &queued) || s_silent)
        return;
    auto *box = new QMessageBox(icon, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
} // namespace

void Prompts::confirm(QWidget *parent, const QString &title, const QString &text, const QString &confirmLabel,
                      bool destructive, std::function<void(bool)> onAnswer)
{
    QMessageBox::StandardButton queued;
    if (takeAnswer(text, &queued)) {
        const bool yes = queued == QMessageBox::Yes || queued == QMessageBox::Ok;
        // Answer on the next event-loop pass, as a real click would.
        QObject *context = parent ? static_cast<QObject *>(parent) : QCoreApplication::instance();
        QTimer::singleShot(0, context, [onAnswer = std::move(onAnswer), yes] { onAnswer(yes); });
        return;
    }
    auto *box = new QMessageBox(destructive ? QMessageBox::Warning : QMessageBox::Question, title, text,
                                QMessageBox::NoButton, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(confirmLabel, destructive ? QMessageBox::DestructiveRole : QMessageBox::AcceptRole);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    QObject::connect(box, &QMessageBox::finished, box, [box, yes, onAnswer = std::move(onAnswer)](int) {
        onAnswer(box->clickedButton() == yes);
    });
    box->open();
}

void Prompts::information(QWidget *parent, const QString &title, const QString &text)
{
    showBox(parent, QMessageBox::Information, title, text);
}

void Prompts::warning(QWidget *parent, const QString &title, const QString &text)
{
    showBox(parent, QMessageBox::Warning, title, text);
}

void Prompts::queueAnswer(QMessageBox::StandardButton answer)
{
    s_answers.append(answer);
}

bool Prompts::hasQueuedAnswers()
{
    return !s_answers.isEmpty();
}

QStringList Prompts::askedQuestions()
{
    return s_asked;
}

void Prompts::clear()
{
    s_answers.clear();
    s_asked.clear();
}

void Prompts::setSilent(bool silent)
{
    s_silent = silent;
}

} // namespace griddeck::ui
