// SPDX-License-Identifier: Apache-2.0
#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <algorithm>

namespace aem {

namespace {
QList<QTranslator*>& installed()
{
    static QList<QTranslator*> list;
    return list;
}
} // namespace

void removeTranslations()
{
    for (QTranslator* t : std::as_const(installed())) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    installed().clear();
}

namespace {
bool install(const QLocale& locale, const QString& name, const QString& dir)
{
    auto* t = new QTranslator(QCoreApplication::instance());
    if (!t->load(locale, name, QStringLiteral("_"), dir)) {
        delete t;
        return false;
    }
    QCoreApplication::installTranslator(t);
    installed().append(t);
    return true;
}

// English is the source language; its catalogue only holds the plural forms of the "%n"
// messages ("1 day", "2 days"). It is also the fallback for a language we have no catalogue for.
void installEnglishPlurals()
{
    install(QLocale(QLocale::English), QStringLiteral("aem-token-manager"), QStringLiteral(":/i18n"));
}
} // namespace

namespace {
// As gettext does: LANGUAGE is ignored when the messages' locale (the first set of LC_ALL,
// LC_MESSAGES and LANG; C when none is) is C or POSIX (C.UTF-8 too), so LC_ALL=C gives the
// untranslated messages whatever LANGUAGE says. Qt would read LANGUAGE first.
bool messagesLocaleIsC()
{
    for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const QString value = qEnvironmentVariable(v);
        if (value.isEmpty())
            continue;
        return value == QLatin1String("C") || value == QLatin1String("POSIX") || value.startsWith(QLatin1String("C."));
    }
    return true;
}
} // namespace

QString installTranslations(const QString& language)
{
    if (language.isEmpty() && messagesLocaleIsC()) {
        installEnglishPlurals();
        return {};
    }
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const QStringList wanted = locale.uiLanguages();
    const bool english = std::all_of(wanted.cbegin(), wanted.cend(), [](const QString& l) {
        return l == QLatin1String("C") || l.startsWith(QLatin1String("en"));
    });
    if (english) {
        installEnglishPlurals();
        return {};
    }
    // Qt's own strings (network errors quoted in our messages, standard dialog buttons, key
    // names in shortcuts), when installed (Debian: qt6-translations-l10n), even for a language
    // we have no catalogue for.
    install(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (!install(locale, QStringLiteral("aem-token-manager"), QStringLiteral(":/i18n"))) {
        installEnglishPlurals();
        return {};
    }
    return installed().last()->language();
}

} // namespace aem
