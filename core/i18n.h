// SPDX-License-Identifier: Apache-2.0
#pragma once

// Translations for both programs: the application catalogue (embedded under :/i18n, built from
// resources/translations) and Qt's own, for `language` ("fr", "fr_CA", ...) or, when empty, the
// system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG; as in gettext, LANGUAGE is ignored when
// the messages' locale is C or POSIX). Needs a QCoreApplication; the translators
// live as long as it does.

#include <QString>

namespace aem {

// Installs the catalogues; returns the language of the application catalogue that was loaded
// (e.g. "fr"), or an empty string when the messages stay in English.
QString installTranslations(const QString& language = {});

// Removes what installTranslations() installed (messages are English again); for a language
// switch without restart and for tests.
void removeTranslations();

} // namespace aem
