// SPDX-License-Identifier: Apache-2.0
#include "welcomepage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcome"));
    auto* wl = new QVBoxLayout(this);
    auto* wtext =
        new QLabel(tr("<h2>No credentials yet</h2>"
                      "<p>In the AEM Developer Console, choose <b>Integrations</b> and download "
                      "<b>service credentials</b> or a <b>local development token</b>. Then import the file, "
                      "drop it on this window, or copy its JSON and paste it here (Ctrl+V).</p>"
                      "<p>Secrets go into the system keychain; the downloaded file can be deleted afterwards.</p>"),
                   this);
    wtext->setWordWrap(true);
    wtext->setTextFormat(Qt::RichText);
    auto* wbuttons = new QHBoxLayout;
    auto* importButton = new QPushButton(tr("Import a file…"), this);
    importButton->setObjectName(QStringLiteral("welcomeImport"));
    auto* pasteButton = new QPushButton(tr("Paste JSON"), this);
    pasteButton->setObjectName(QStringLiteral("welcomePaste"));
    auto* sandboxButton = new QPushButton(tr("Try the sandbox"), this);
    sandboxButton->setObjectName(QStringLiteral("welcomeSandbox"));
    sandboxButton->setToolTip(tr("Opens a second window with a local IMS and AEM emulator and demo credentials"));
    for (QPushButton* b : {importButton, pasteButton, sandboxButton})
        wbuttons->addWidget(b);
    wbuttons->addStretch(1);
    wl->addWidget(wtext);
    wl->addLayout(wbuttons);
    wl->addStretch(1);
    connect(importButton, &QPushButton::clicked, this, &WelcomePage::importRequested);
    connect(pasteButton, &QPushButton::clicked, this, &WelcomePage::pasteRequested);
    connect(sandboxButton, &QPushButton::clicked, this, &WelcomePage::sandboxRequested);
}

} // namespace aem::ui
