#include "credentialentry.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

PasteBox::PasteBox(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("pasteBox"));
    setWindowTitle(tr("Paste credentials"));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("pasteText"));
    m_text->setPlaceholderText(tr("Paste the JSON of service credentials or of a local development token here."));
    m_text->setAccessibleName(tr("Credential JSON"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Read"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    resize(560, 360);
    connect(this, &QDialog::accepted, this, [this] {
        QByteArray json = m_text->toPlainText().toUtf8();
        m_text->clear(); // the pasted secret does not linger in the widget
        Q_EMIT submitted(json);
        json.fill('\0');
    });
}

OAuthForm::OAuthForm(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("oauthForm"));
    setWindowTitle(tr("OAuth Server-to-Server credentials"));
    auto* form = new QFormLayout;
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
    QLineEdit* scopes = field(tr("Scopes"), QStringLiteral("oauthScopes"), QStringLiteral("openid,AdobeID,read_organizations"));
    QLineEdit* ims = field(tr("IMS endpoint"), QStringLiteral("oauthIms"), QStringLiteral("ims-na1.adobelogin.com"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Review"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("oauthReview"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(this, &QDialog::accepted, this, [=, this] {
        QJsonArray secrets;
        for (QLineEdit* e : {secret, previous})
            if (!e->text().trimmed().isEmpty())
                secrets.append(e->text().trimmed());
        QJsonArray scopeList;
        for (const QString& sc : scopes->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            scopeList.append(sc.trimmed());
        QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("client_id"), clientId->text().trimmed()},
                                                    {QStringLiteral("client_secrets"), secrets},
                                                    {QStringLiteral("ims_org_id"), org->text().trimmed()},
                                                    {QStringLiteral("technical_account_id"), account->text().trimmed()},
                                                    {QStringLiteral("technical_account_email"), email->text().trimmed()},
                                                    {QStringLiteral("scopes"), scopeList},
                                                    {QStringLiteral("ims_endpoint"), ims->text().trimmed()}})
                              .toJson();
        secret->clear();
        previous->clear();
        Q_EMIT submitted(json);
        json.fill('\0');
    });
}

} // namespace aem::ui
