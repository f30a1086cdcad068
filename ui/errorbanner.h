// SPDX-License-Identifier: Apache-2.0
#pragma once

// The window's error banner: errors at the top of the window, in plain words (with what support
// needs below, smaller), dismissable. A message about one credential belongs to it: when another
// credential is shown, it goes, so the banner never speaks of what is not on screen.

#include <QFrame>

class QLabel;

namespace aem::ui {

class ErrorBanner : public QFrame
{
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    // Shows `message` (plain or rich text); `aboutId` is the id of the credential it is about, or
    // empty for a message about the program as a whole (an import, the sandbox).
    void showMessage(const QString& message, const QString& aboutId = {});
    // The same, for a failure to get `aboutId` a token: it goes once that credential has a token
    // again (tokenRecovered), so the banner never outlives what it says.
    void showTokenFailure(const QString& message, const QString& aboutId);
    void tokenRecovered(const QString& id);
    // The credential shown is now `shownId` (empty: none): a message about another one goes.
    void follow(const QString& shownId);
    // What is shown, as plain text; empty when hidden.
    QString text() const;
    QString aboutId() const { return m_about; }

private:
    QLabel* m_text;
    QString m_about;
    bool m_aboutToken = false;
};

} // namespace aem::ui
