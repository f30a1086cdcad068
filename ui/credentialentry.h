#pragma once

// Two ways to enter credentials by hand, each ending in the same JSON a downloaded file holds
// (so it goes through the same checks and preview): a box to paste JSON into, and a form for
// OAuth Server-to-Server credentials copied field by field. Each emits `submitted` with the JSON
// (which holds secrets: the receiver wipes it) and clears its secret fields.

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;

namespace aem::ui {

class PasteBox : public QDialog
{
    Q_OBJECT
public:
    explicit PasteBox(QWidget* parent = nullptr);

Q_SIGNALS:
    void submitted(const QByteArray& json);

private:
    QPlainTextEdit* m_text;
};

class OAuthForm : public QDialog
{
    Q_OBJECT
public:
    explicit OAuthForm(QWidget* parent = nullptr);

Q_SIGNALS:
    void submitted(const QByteArray& json);
};

} // namespace aem::ui
