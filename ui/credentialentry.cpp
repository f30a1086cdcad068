// SPDX-License-Identifier: Apache-2.0
#include "credentialentry.h"

#include "credentials.h"
#include "keyboardnav.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

QPushButton* CredentialEntry::addButtons(QVBoxLayout* layout, const QString& okText)
{
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(okText);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    // From the JSON box too, where Return starts a line and Tab moves on to the buttons.
    confirmOnCtrlReturn(this, ok);
    letTabLeave(this);
    return ok;
}

PasteBox::PasteBox(QWidget* parent) : CredentialEntry(parent)
{
    setObjectName(QStringLiteral("pasteBox"));
    setWindowTitle(tr("Paste credentials"));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("pasteText"));
    m_text->setPlaceholderText(tr("Paste the JSON of service credentials or of a local development token here."));
    m_text->setAccessibleName(tr("Credential JSON"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    addButtons(layout, tr("Read"));
    resize(560, 360);
    connect(this, &QDialog::accepted, this, [this] {
        QByteArray json = m_text->toPlainText().toUtf8();
        m_text->clear(); // the pasted secret does not linger in the widget
        Q_EMIT submitted(json);
        json.fill('\0');
    });
}

OAuthForm::OAuthForm(QWidget* parent) : CredentialEntry(parent)
{
    setObjectName(QStringLiteral("oauthForm"));
    // Short: the window manager adds " — AEM Token Manager".
    setWindowTitle(tr("Enter OAuth credentials"));
    auto* form = new QFormLayout;
    // Fields as wide as the dialog: client ids and secrets are long.
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto field = [&](const QString& label, const QString& name, const QString& value = {}, bool secret = false) {
        auto* e = new QLineEdit(value, this);
        e->setObjectName(name);
        e->setAccessibleName(label);
        if (secret)
            e->setEchoMode(QLineEdit::Password);
        form->addRow(tr("%1:").arg(label), e);
        return e;
    };
    QLineEdit* clientId = field(tr("Client id"), QStringLiteral("oauthClientId"));
    QLineEdit* secret = field(tr("Client secret"), QStringLiteral("oauthSecret"), {}, true);
    QLineEdit* previous = field(tr("Previous secret (optional)"), QStringLiteral("oauthPreviousSecret"), {}, true);
    QLineEdit* org = field(tr("Organization id"), QStringLiteral("oauthOrg"));
    QLineEdit* account = field(tr("Technical account id"), QStringLiteral("oauthAccount"));
    QLineEdit* email = field(tr("Technical account email"), QStringLiteral("oauthEmail"));
    QLineEdit* scopes =
        field(tr("Scopes"), QStringLiteral("oauthScopes"), QStringLiteral("openid,AdobeID,read_organizations"));
    QLineEdit* ims = field(tr("IMS endpoint"), QStringLiteral("oauthIms"), QStringLiteral("ims-na1.adobelogin.com"));
    m_name = field(tr("Name"), QStringLiteral("oauthName"));
    m_name->setPlaceholderText(tr("optional; suggested from the organization"));
    m_author = field(tr("Author URL"), QStringLiteral("oauthAuthor"));
    m_author->setPlaceholderText(tr("optional, e.g. https://author-p1234-e5678.adobeaemcloud.com"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    addButtons(layout, tr("Review"))->setObjectName(QStringLiteral("oauthReview"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);
    connect(this, &QDialog::accepted, this, [=, this] {
        OAuthCredential c;
        c.clientId = clientId->text().trimmed();
        for (QLineEdit* e : {secret, previous})
            if (!e->text().trimmed().isEmpty())
                c.clientSecrets << e->text().trimmed().toUtf8();
        c.orgId = org->text().trimmed();
        c.technicalAccountId = account->text().trimmed();
        c.technicalAccountEmail = email->text().trimmed();
        for (const QString& sc : scopes->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            c.scopes << sc.trimmed();
        c.imsEndpoint = ims->text().trimmed();
        QByteArray json = oauthCredentialJson(c);
        for (QByteArray& b : c.clientSecrets)
            b.fill('\0');
        secret->clear();
        previous->clear();
        Q_EMIT submitted(json);
        json.fill('\0');
    });
}

QString OAuthForm::name() const
{
    return m_name->text().trimmed();
}

QString OAuthForm::author() const
{
    return m_author->text().trimmed();
}

} // namespace aem::ui
