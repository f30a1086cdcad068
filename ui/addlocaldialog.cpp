// SPDX-License-Identifier: Apache-2.0
#include "addlocaldialog.h"

#include "credentialstore.h"
#include "keyboardnav.h"
#include "localtarget.h"
#include "processhygiene.h"
#include "theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

AddLocalDialog::AddLocalDialog(CredentialStore& store, QWidget* parent) : QDialog(parent), m_store(store)
{
    setObjectName(QStringLiteral("addLocalDialog"));
    setWindowTitle(tr("Add local AEM SDK"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 64);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("An AEM project running on this machine (the AEM SDK) needs no access token. "
                                "Requests go to these URLs, signed in with HTTP Basic if you choose; the password "
                                "is kept in the keychain only."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto field = [this, form](const QString& label, const QString& name, const QString& text, const QString& a11y) {
        auto* e = new QLineEdit(text, this);
        e->setObjectName(name);
        e->setAccessibleName(a11y);
        form->addRow(label, e);
        return e;
    };
    m_name = field(tr("&Name:"), QStringLiteral("localName"), QStringLiteral("local-sdk"), tr("Name"));
    m_author = field(tr("&Author URL:"), QStringLiteral("localAuthor"), defaultLocalAuthorUrl(), tr("Author URL"));
    m_publish = field(tr("&Publish URL:"), QStringLiteral("localPublish"), defaultLocalPublishUrl(), tr("Publish URL"));
    m_signIn = new QCheckBox(tr("&Sign in with HTTP Basic"), this);
    m_signIn->setObjectName(QStringLiteral("localSignIn"));
    m_signIn->setChecked(true);
    form->addRow(QString(), m_signIn);
    m_user = field(tr("&User:"), QStringLiteral("localUser"), sdkDefaultUser(), tr("User"));
    m_password = field(tr("Pass&word:"), QStringLiteral("localPassword"), QString(), tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    layout->addLayout(form);
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("localWarning"));
    m_warning->setWordWrap(true);
    layout->addWidget(m_warning);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("localError"));
    m_error->setWordWrap(true);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, Theme::error(palette()));
    m_error->setPalette(p);
    m_error->hide();
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("localAccept"));
    m_ok->setText(tr("&Add"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AddLocalDialog::tryAdd);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    for (QLineEdit* e : {m_name, m_author, m_publish, m_user, m_password})
        connect(e, &QLineEdit::textChanged, this, &AddLocalDialog::updateState);
    connect(m_signIn, &QCheckBox::toggled, this, &AddLocalDialog::updateState);
    confirmOnCtrlReturn(this, m_ok);
    updateState();
}

AddLocalDialog::~AddLocalDialog()
{
    QString typed = m_password->text();
    m_password->clear();
    wipeSecret(typed);
}

void AddLocalDialog::updateState()
{
    m_error->hide();
    const bool signIn = m_signIn->isChecked();
    m_user->setEnabled(signIn && !m_busy);
    m_password->setEnabled(signIn && !m_busy);
    const QString warning = signIn ? defaultAccountWarning(m_user->text().trimmed()) : QString();
    m_warning->setText(warning);
    m_warning->setVisible(!warning.isEmpty());
    m_ok->setEnabled(!m_busy && !m_name->text().trimmed().isEmpty() && !m_author->text().trimmed().isEmpty()
                     && (!signIn || (!m_user->text().trimmed().isEmpty() && !m_password->text().isEmpty())));
}

void AddLocalDialog::showError(const QString& message)
{
    m_error->setText(message);
    m_error->show();
}

void AddLocalDialog::tryAdd()
{
    if (m_busy)
        return;
    const bool signIn = m_signIn->isChecked();
    QString typed = signIn ? m_password->text() : QString();
    QByteArray password = typed.toUtf8();
    wipeSecret(typed);
    QString error;
    auto cred = localTargetCredential(m_author->text().trimmed(), m_publish->text().trimmed(),
                                      signIn ? m_user->text().trimmed() : QString(), std::move(password), &error);
    if (!cred)
        return showError(error);
    CredentialStore::ImportOptions o;
    o.name = m_name->text().trimmed();
    m_busy = true;
    updateState();
    auto held = std::make_shared<ParsedCredential>(std::move(*cred));
    m_store.importCredential(*held, o, this, [this, held](const CredentialStore::ImportResult& r) {
        wipeSecret(held->local.password);
        m_busy = false;
        updateState();
        if (!r.ok)
            return showError(r.error);
        m_added = r.name;
        Q_EMIT added(r.name, r.replaced);
        accept();
    });
}

} // namespace aem::ui
