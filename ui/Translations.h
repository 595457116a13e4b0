#pragma once

// The console's language: the configured one ([app] language, or --language) when set,
// otherwise the first of the system's UI languages that GridDeck speaks, otherwise English
// (the source language, which needs no catalogue).

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace griddeck::ui {

// "fr-BE", "nl_NL" or "FR" → "fr", "nl", "fr"; the language code only, lower case.
QString languageCode(const QString &localeName);

// The language to show: a known override wins ("en", "fr", "nl"; an unknown one is ignored
// with a warning), else the first known language in uiLanguages (as QLocale::uiLanguages()
// lists them, most preferred first), else "en".
QString pickLanguage(const QString &languageOverride, const QStringList &uiLanguages);

// Installs GridDeck's catalogue griddeck_<lang>.qm from catalogueDir (the executable's
// resources by default) and Qt's own qtbase_<lang>.qm from Qt's translations folder when
// present. The translators are children of app; a later call replaces them, so the
// language can be switched. An explicit override also becomes QLocale's default.
// Returns the language in use: "en" when English was picked or its catalogue is missing.
QString installTranslations(QCoreApplication &app, const QString &languageOverride,
                            const QString &catalogueDir = QStringLiteral(":/i18n"));

} // namespace griddeck::ui
