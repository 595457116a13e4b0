#include "ui/Translations.h"

#include "config/Config.h"

#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QTranslator>

namespace griddeck::ui {

namespace {

// Object names mark the translators this file installed, so a second call finds and
// replaces them instead of stacking a second language on top of the first.
const QString kOwnTranslator = QStringLiteral("griddeck-translator");
const QString kQtTranslator = QStringLiteral("griddeck-qt-translator");

void removeInstalled(QCoreApplication &app)
{
    const QList<QTranslator *> translators = app.findChildren<QTranslator *>(QString(), Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : translators) {
        if (translator->objectName() != kOwnTranslator && translator->objectName() != kQtTranslator)
            continue;
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

QTranslator *loadTranslator(QCoreApplication &app, const QString &name, const QString &file, const QString &dir)
{
    auto *translator = new QTranslator(&app);
    translator->setObjectName(name);
    if (translator->load(file, dir) && QCoreApplication::installTranslator(translator))
        return translator;
    delete translator;
    return nullptr;
}

} // namespace

QString languageCode(const QString &localeName)
{
    const QString trimmed = localeName.trimmed().toLower();
    const qsizetype cut = trimmed.indexOf(QRegularExpression(QStringLiteral("[-_.@]")));
    return cut < 0 ? trimmed : trimmed.left(cut);
}

QString pickLanguage(const QString &languageOverride, const QStringList &uiLanguages)
{
    const QStringList known = Config::knownLanguages();
    if (!languageOverride.trimmed().isEmpty()) {
        const QString code = languageCode(languageOverride);
        if (known.contains(code))
            return code;
        qWarning("GridDeck has no translation for the language \"%s\"; following the system locale instead.",
                 qUtf8Printable(languageOverride));
    }
    // The first language GridDeck speaks wins, English included: a user who prefers English
    // over French gets English even though a French catalogue exists.
    for (const QString &name : uiLanguages) {
        const QString code = languageCode(name);
        if (known.contains(code))
            return code;
    }
    return QStringLiteral("en");
}

QString installTranslations(QCoreApplication &app, const QString &languageOverride, const QString &catalogueDir)
{
    removeInstalled(app);
    const QString language = pickLanguage(languageOverride, QLocale::system().uiLanguages());
    if (!languageOverride.trimmed().isEmpty() && language == languageCode(languageOverride))
        QLocale::setDefault(QLocale(language));
    if (language == QLatin1String("en"))
        return language;

    if (!loadTranslator(app, kOwnTranslator, QStringLiteral("griddeck_") + language, catalogueDir)) {
        qWarning("GridDeck's %s catalogue is missing from %s; the console stays in English.", qUtf8Printable(language),
                 qUtf8Printable(QDir::toNativeSeparators(catalogueDir)));
        return QStringLiteral("en");
    }
    // Qt's own dialogs and context menus (Cancel, Copy, Select All…); optional: an install
    // without Qt's translations still shows GridDeck's own text translated.
    loadTranslator(app, kQtTranslator, QStringLiteral("qtbase_") + language,
                   QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return language;
}

} // namespace griddeck::ui
