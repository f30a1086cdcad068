// SPDX-License-Identifier: Apache-2.0
#pragma once

// A bar in the window, not a dialog (it takes no focus): "a credential file arrived in
// Downloads", with Import… and Not now. Several files wait in turn; a file that went away is
// dropped.

#include <QFrame>
#include <QStringList>

class QLabel;
class QPushButton;

namespace aem::ui {

class DownloadOffer : public QFrame
{
    Q_OBJECT
public:
    explicit DownloadOffer(QWidget* parent = nullptr);

    // Offers `path` (after those already waiting); `deleteAfter` only changes the words.
    void offer(const QString& path, bool deleteAfter);
    // Drops `path` (imported another way, or gone).
    void withdraw(const QString& path);
    QStringList waiting() const { return m_paths; }
    QString current() const { return m_paths.value(0); }

Q_SIGNALS:
    void importRequested(const QString& path);

private:
    void showFirst();

    QLabel* m_text;
    QPushButton* m_import;
    QPushButton* m_later;
    QStringList m_paths;
    bool m_deleteAfter = true;
};

} // namespace aem::ui
