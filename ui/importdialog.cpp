// SPDX-License-Identifier: Apache-2.0
#include "importdialog.h"

#include "countdown.h"
#include "environment.h"
#include "keyboardnav.h"
#include "theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

ImportDialog::ImportDialog(const ParsedCredential& c, const QList<Problem>& warnings, const QString& source,
                           const CredentialStore& store, const QDateTime& now, QWidget* parent)
    : QDialog(parent), m_service(canMint(c.kind))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(c.kind == CredentialKind::OAuth         ? tr("Import OAuth Server-to-Server credentials")
                       : c.kind == CredentialKind::Service ? tr("Import service credentials")
                                                           : tr("Import a local development token"));
    const QLocale loc;
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Read from %1:").arg(source.toHtmlEscaped()), this);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto row = [&](const QString& label, const QString& value) {
        auto* v = new QLabel(value, this);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        v->setWordWrap(true);
        form->addRow(tr("%1:").arg(label), v);
    };
    if (c.kind == CredentialKind::Service) {
        const ServiceCredential& s = c.service;
        const Environment env = Environment::fromClientId(s.clientId);
        row(tr("Client id"), s.clientId);
        row(tr("Environment"), env.isKnown() ? env.label() + QStringLiteral(" · ") + env.author.host() : tr("unknown"));
        row(tr("Technical account"), s.technicalAccountId);
        row(tr("AEM user"), s.email);
        row(tr("Organization"), s.org);
        row(tr("Metascopes"), s.metascopes.join(QStringLiteral(", ")));
        if (c.certificate) {
            const CertificateInfo info = c.certificate->info();
            row(tr("Certificate"),
                tr("CN=%1, valid until %2 (%3 left)")
                    .arg(info.subjectCommonName, loc.toString(info.notAfter.toLocalTime(), QLocale::ShortFormat),
                         formatDays(info.daysLeft(now))));
            row(tr("Private key"),
                tr("RSA %1 bits, matches the certificate").arg(c.privateKey ? c.privateKey->bits() : 0));
        }
    } else if (c.kind == CredentialKind::OAuth) {
        const OAuthCredential& o = c.oauth;
        row(tr("Client id"), o.clientId);
        row(tr("Technical account"), o.technicalAccountId);
        row(tr("AEM user"), o.technicalAccountEmail);
        row(tr("Organization"), o.orgId);
        row(tr("Scopes"), o.scopes.join(QStringLiteral(", ")));
        row(tr("Client secrets"), tr("%1, tried in order").arg(o.clientSecrets.size()));
    } else {
        const LocalDevToken& t = c.localDev;
        row(tr("User"), t.claims.value(QLatin1String("user_id")).toString());
        row(tr("Client"), t.claims.value(QLatin1String("client_id")).toString());
        row(tr("Expires"), t.expiresAt ? loc.toString(t.expiresAt->toLocalTime(), QLocale::LongFormat) : tr("unknown"));
    }
    const QString defaultName = defaultCredentialName(c);
    if (const auto replaced = recordReplacedBy(c.kind, defaultName, store.records()))
        m_replaces = replaced->name;
    layout->addLayout(form);

    auto* keychain =
        new QLabel(c.kind == CredentialKind::OAuth ? tr("Into the keychain: the client secrets. Everything else "
                                                        "(nothing secret) goes into the credential list.")
                       : c.kind == CredentialKind::Service
                       ? tr("Into the keychain: the private key and the client secret. "
                            "Everything else (nothing secret) goes into the credential list.")
                       : tr("Into the keychain: the token. Its user and expiry go into the credential list."),
                   this);
    keychain->setObjectName(QStringLiteral("keychainNote"));
    keychain->setWordWrap(true);
    layout->addWidget(keychain);

    if (!warnings.isEmpty()) {
        QStringList lines;
        for (const Problem& p : warnings)
            lines << QStringLiteral("• ") + p.toString().toHtmlEscaped();
        auto* w = new QLabel(lines.join(QStringLiteral("<br>")), this);
        w->setObjectName(QStringLiteral("importWarnings"));
        w->setWordWrap(true);
        w->setStyleSheet(QStringLiteral("color: %1").arg(Theme::warning(palette()).name()));
        layout->addWidget(w);
    }

    auto* options = new QFormLayout;
    m_name = new QLineEdit(m_replaces.isEmpty() ? defaultName : m_replaces, this);
    m_name->setObjectName(QStringLiteral("importName"));
    m_name->setAccessibleName(tr("Name"));
    options->addRow(tr("Name:"), m_name);
    m_author = new QLineEdit(this);
    m_author->setObjectName(QStringLiteral("importAuthor"));
    m_author->setAccessibleName(tr("Author URL"));
    m_author->setPlaceholderText(
        c.kind == CredentialKind::Service
            ? tr("derived from the client id; set for a local SDK or the sandbox")
            : tr("the author URL this token is for, e.g. https://author-p1-e2.adobeaemcloud.com"));
    options->addRow(tr("Author URL:"), m_author);
    layout->addLayout(options);
    m_nameError = new QLabel(this);
    m_nameError->setObjectName(QStringLiteral("importNameError"));
    m_nameError->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));
    m_nameError->hide();
    layout->addWidget(m_nameError);

    if (!m_replaces.isEmpty()) {
        auto* note = new QLabel(tr("This replaces \"%1\", the same %2, instead of adding a duplicate.")
                                    .arg(m_replaces, m_service ? tr("client id") : tr("local development token")),
                                this);
        note->setObjectName(QStringLiteral("replaceNote"));
        note->setWordWrap(true);
        layout->addWidget(note);
    }
    for (const CredentialRecord& r : store.records())
        m_takenNames << r.name;

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(m_replaces.isEmpty() ? tr("&Import") : tr("&Replace"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("importAccept"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    confirmOnCtrlReturn(this, m_buttons->button(QDialogButtonBox::Ok));
    layout->addWidget(m_buttons);
    connect(m_name, &QLineEdit::textChanged, this, &ImportDialog::validate);
    connect(m_author, &QLineEdit::textChanged, this, &ImportDialog::validate);
    validate();
}

void ImportDialog::validate()
{
    QString problem;
    const QString name = m_name->text().trimmed();
    if (const QString why = credentialNameProblem(name); !why.isEmpty())
        problem = tr("Name: %1.").arg(why);
    else if (!sameCredentialName(name, m_replaces)
             && std::any_of(m_takenNames.cbegin(), m_takenNames.cend(),
                            [&](const QString& n) { return sameCredentialName(n, name); }))
        problem = tr("Name: \"%1\" is already taken by another credential.").arg(name);
    else if (!m_author->text().trimmed().isEmpty()) {
        QString why;
        if (!normaliseBaseUrl(m_author->text(), &why).isValid())
            problem = tr("Author URL %1.").arg(why);
    }
    m_nameError->setText(problem);
    m_nameError->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

CredentialStore::ImportOptions ImportDialog::options() const
{
    CredentialStore::ImportOptions o;
    o.name = m_name->text().trimmed();
    if (!m_author->text().trimmed().isEmpty())
        o.author = normaliseBaseUrl(m_author->text());
    return o;
}

} // namespace aem::ui
