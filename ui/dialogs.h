// SPDX-License-Identifier: Apache-2.0
#pragma once

// Seams for modal questions and file pickers, so tests can pre-answer them (after KeePassXC's
// MessageBox::setNextAnswer and FileDialog::setNextFileName).

#include <QMessageBox>
#include <QRect>
#include <QString>

#include <optional>

class QWidget;

namespace aem::ui {

class Dialogs
{
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton);
    static QString openFileName(QWidget* parent, const QString& caption, const QString& filter);

    // A proxy's sign-in (HTTP 407): user name and password, or nothing when cancelled.
    struct ProxySignIn
    {
        QString user;
        QString password;
    };
    static std::optional<ProxySignIn> proxySignIn(QWidget* parent, const QString& proxy, const QString& realm,
                                                  const QString& lastUser);

    // The part of the screen `w` is on (or the primary screen's) that windows may use.
    static QRect availableGeometry(const QWidget* w);
    // Grows `dialog` to show its whole text at a readable width (its layout's height for that
    // width), within the screen.
    static void fitToContents(QWidget* dialog);

    static void setNextAnswer(QMessageBox::StandardButton answer) { s_nextAnswer = answer; }
    // The text of the last question a pre-set answer answered (for tests).
    static QString lastAnsweredQuestion() { return s_lastAnswered; }
    static void setNextFileName(const QString& name) { s_nextFileName = name; }
    // std::nullopt: the next sign-in is cancelled.
    static void setNextProxySignIn(const std::optional<ProxySignIn>& answer);

private:
    static inline std::optional<QMessageBox::StandardButton> s_nextAnswer;
    static inline std::optional<QString> s_nextFileName;
    static inline QString s_lastAnswered;
};

} // namespace aem::ui
