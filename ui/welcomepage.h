// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a newcomer sees instead of the details: how to get started, with buttons that only ask.

#include <QWidget>

namespace aem::ui {

class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

Q_SIGNALS:
    void importRequested();
    void pasteRequested();
    void sandboxRequested();
};

} // namespace aem::ui
