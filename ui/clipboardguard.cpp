// SPDX-License-Identifier: Apache-2.0
#include "clipboardguard.h"

#include "processhygiene.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QMimeData>
#include <QSignalBlocker>

namespace aem::ui {

namespace {
QByteArray fingerprint(const QString& text)
{
    QByteArray utf8 = text.toUtf8(); // the secret itself: not left behind in freed memory
    const QByteArray hash = QCryptographicHash::hash(utf8, QCryptographicHash::Sha256);
    wipeSecret(utf8);
    return hash;
}
} // namespace

ClipboardGuard::ClipboardGuard(QClipboard* clipboard, QObject* parent) : QObject(parent), m_clipboard(clipboard)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClipboardGuard::clearIfOurs);
}

ClipboardGuard::~ClipboardGuard()
{
    // A secret does not outlive the program on the clipboard. Nobody is told: the window that
    // listens is being destroyed too (its status bar already gone).
    const QSignalBlocker quiet(this);
    clearIfOurs();
}

void ClipboardGuard::copySecret(const QString& text, int clearAfterMs)
{
    auto* mime = new QMimeData;
    mime->setText(text);
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    m_clipboard->setMimeData(mime, QClipboard::Clipboard);
    m_fingerprint = fingerprint(text);
    if (clearAfterMs > 0)
        m_timer.start(clearAfterMs);
    else
        m_timer.stop();
}

bool ClipboardGuard::holdsSecret() const
{
    if (m_fingerprint.isEmpty())
        return false;
    QString text = m_clipboard->text(QClipboard::Clipboard);
    const bool ours = fingerprint(text) == m_fingerprint;
    wipeSecret(text); // our copy; the clipboard keeps its own
    return ours;
}

void ClipboardGuard::clearIfOurs()
{
    if (holdsSecret()) {
        m_clipboard->clear(QClipboard::Clipboard);
        Q_EMIT cleared();
    }
    m_fingerprint.clear();
}

} // namespace aem::ui
