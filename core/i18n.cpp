#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <algorithm>

namespace aem {

QString installTranslations(const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // English is the source language: nothing to load (and nothing to look up on a cached-token
    // call, which runs in a few milliseconds).
    const QStringList wanted = locale.uiLanguages();
    const bool english = std::all_of(wanted.cbegin(), wanted.cend(), [](const QString& l) {
        return l == QLatin1String("C") || l.startsWith(QLatin1String("en"));
    });
    if (english)
        return {};
    // Qt's own strings (network errors quoted in our messages, standard dialog buttons), when
    // installed, even for a language we have no catalogue for.
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    auto* app = new QTranslator(QCoreApplication::instance());
    if (!app->load(locale, QStringLiteral("aem-token-manager"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete app;
        return {};
    }
    QCoreApplication::installTranslator(app);
    return app->language();
}

} // namespace aem
