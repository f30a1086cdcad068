// SPDX-License-Identifier: Apache-2.0
#pragma once

// Puts secrets on the clipboard marked so clipboard managers skip them
// (x-kde-passwordManagerHint: secret), and clears them after a timeout if the clipboard still
// holds them (never what the user copied since).

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QClipboard;

namespace aem::ui {

class ClipboardGuard : public QObject
{
    Q_OBJECT
public:
    explicit ClipboardGuard(QClipboard* clipboard, QObject* parent = nullptr);
    ~ClipboardGuard() override;

    // `clearAfterMs` 0 keeps it until something else replaces it.
    void copySecret(const QString& text, int clearAfterMs);
    bool holdsSecret() const;
    // A clear is still due (its timer runs), whether or not the clipboard still holds the secret.
    bool clearPending() const { return m_timer.isActive(); }

Q_SIGNALS:
    void cleared();

private:
    void clearIfOurs();

    QClipboard* m_clipboard;
    QTimer m_timer;
    QByteArray m_fingerprint; // SHA-256 of what we put there, not the secret itself
};

} // namespace aem::ui
