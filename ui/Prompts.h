#pragma once
// Every confirmation and message box goes through here. Boxes are window-modal and opened with
// open(), never exec(): the GUI thread never spins a nested event loop; the answer arrives in a
// callback. Tests queue answers instead of needing a person to click:
// Prompts::queueAnswer(QMessageBox::Yes) before the action, and the next question is answered
// at once (the question is recorded for the test to read).

#include <QMessageBox>
#include <QString>
#include <QStringList>

#include <functional>

namespace griddeck::ui {

class Prompts
{
public:
    // Asks a question; onAnswer(true) when the user confirmed. The default button is Cancel,
    // so a stray Enter never confirms a destructive action.
    static void confirm(QWidget *parent, const QString &title, const QString &text, const QString &confirmLabel,
                        bool destructive, std::function<void(bool)> onAnswer);
    static void information(QWidget *parent, const QString &title, const QString &text);
    static void warning(QWidget *parent, const QString &title, const QString &text);

    // Test seam.
    static void queueAnswer(QMessageBox::StandardButton answer);
    static bool hasQueuedAnswers();
    static QStringList askedQuestions(); // texts shown or asked since the last clear()
    static void clear();
    // When set (tests), information and warning boxes are recorded but not shown.
    static void setSilent(bool silent);
};

} // namespace griddeck::ui
