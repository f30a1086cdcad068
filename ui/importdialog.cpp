// SPDX-License-Identifier: Apache-2.0
#include "importdialog.h"

#include "credentialnaming.h"
#include "dialogs.h"
#include "environment.h"
#include "keyboardnav.h"
#include "theme.h"
#include "wording.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace aem::ui {

ImportDialog::ImportDialog(const ParsedCredential& c, const QList<Problem>& warnings, const QString& source,
                           const CredentialStore& store, const QDateTime& now, QWidget* parent)
    : QDialog(parent), m_service(canMint(c.kind))
{
    setObjectName(QStringLiteral("importDialog"));
    // Short: the window manager adds " — AEM Token Manager"; what was read is said inside.
    setWindowTitle(tr("Import credentials"));
    const QLocale loc;
    auto* layout = new QVBoxLayout(this);
    // What was read scrolls when it is taller than the screen allows; it never clips its rows.
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("importScroll"));
    m_scroll->setAccessibleName(tr("What the file holds"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_contents = new QWidget(m_scroll);
    m_contents->setObjectName(QStringLiteral("importContents"));
    auto* details = new QVBoxLayout(m_contents);
    details->setContentsMargins(0, 0, 0, 0);
    auto* intro = new QLabel(tr("<b>%1</b>, read from %2:")
                                 .arg(c.kind == CredentialKind::OAuth         ? tr("OAuth Server-to-Server credentials")
                                          : c.kind == CredentialKind::Service ? tr("Service credentials")
                                                                              : tr("A local development token"),
                                      source.toHtmlEscaped()),
                             m_contents);
    intro->setObjectName(QStringLiteral("importIntro"));
    intro->setWordWrap(true);
    details->addWidget(intro);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](const QString& label, const QString& value) {
        auto* v = new QLabel(value, m_contents);
        v->setTextFormat(Qt::PlainText); // read from the file: never markup
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
                (info.notAfter > now ? tr("CN=%1, valid until %2 (%3)") : tr("CN=%1, expired on %2 (%3)"))
                    .arg(info.subjectCommonName, userDate(info.notAfter), daysFromNowPhrase(info.notAfter, now)));
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
        row(tr("Expires"), t.expiresAt ? userDateTime(*t.expiresAt, loc) : tr("unknown"));
    }
    const QString defaultName = defaultCredentialName(c);
    if (const auto replaced = recordReplacedBy(c.kind, defaultName, store.records()))
        m_replaces = replaced->name;
    else if (c.kind == CredentialKind::LocalDev)
        if (const auto same = recordReplacedBy(c.kind, readableCredentialName(c), store.records()))
            m_replaces = same->name; // the token of the same user
    details->addLayout(form);

    auto* keychain =
        new QLabel(c.kind == CredentialKind::OAuth ? tr("Into the keychain: the client secrets. Everything else "
                                                        "(nothing secret) goes into the credential list.")
                       : c.kind == CredentialKind::Service
                       ? tr("Into the keychain: the private key and the client secret. "
                            "Everything else (nothing secret) goes into the credential list.")
                       : tr("Into the keychain: the token. Its user and expiry go into the credential list."),
                   m_contents);
    keychain->setObjectName(QStringLiteral("keychainNote"));
    keychain->setWordWrap(true);
    details->addWidget(keychain);

    if (!warnings.isEmpty()) {
        // The headline in plain words; the field and the checker's own words below it, smaller
        // and greyed, for support.
        QStringList lines;
        for (const Problem& p : warnings)
            lines << QStringLiteral("• %1<br><small style=\"color: %2\">%3</small>")
                         .arg(problemHeadline(p).toHtmlEscaped(),
                              palette().color(QPalette::Disabled, QPalette::WindowText).name(),
                              problemDetail(p).toHtmlEscaped());
        auto* w = new QLabel(lines.join(QStringLiteral("<br>")), m_contents);
        w->setObjectName(QStringLiteral("importWarnings"));
        w->setTextFormat(Qt::RichText);
        w->setWordWrap(true);
        w->setStyleSheet(QStringLiteral("color: %1").arg(Theme::warning(palette()).name()));
        details->addWidget(w);
    }
    details->addStretch(1);
    m_scroll->setWidget(m_contents);
    layout->addWidget(m_scroll, 1);

    for (const CredentialRecord& r : store.records())
        m_takenNames << r.name;
    auto* options = new QFormLayout;
    options->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // A readable name (the program and environment, …), not the raw client id.
    m_name = new QLineEdit(m_replaces.isEmpty() ? suggestedCredentialName(c, m_takenNames) : m_replaces, this);
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
    m_nameError->setTextFormat(Qt::PlainText);
    m_nameError->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));
    m_nameError->hide();
    layout->addWidget(m_nameError);

    if (!m_replaces.isEmpty()) {
        auto* note = new QLabel(tr("This replaces \"%1\", the same %2, instead of adding a duplicate.")
                                    .arg(m_replaces, m_service ? tr("client id") : tr("local development token")),
                                this);
        note->setObjectName(QStringLiteral("replaceNote"));
        note->setTextFormat(Qt::PlainText);
        note->setWordWrap(true);
        layout->addWidget(note);
    }

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
    fitToScreen();
}

void ImportDialog::setSuggested(const QString& name, const QString& author)
{
    if (!name.trimmed().isEmpty() && m_replaces.isEmpty())
        m_name->setText(name.trimmed());
    if (!author.trimmed().isEmpty())
        m_author->setText(author.trimmed());
}

void ImportDialog::resizeEvent(QResizeEvent* event)
{
    QDialog::resizeEvent(event);
    keepRowsWhole();
}

void ImportDialog::keepRowsWhole()
{
    const int width = m_scroll->viewport()->width();
    m_contents->setMinimumHeight(m_contents->layout()->totalHeightForWidth(width));
}

void ImportDialog::fitToScreen()
{
    // The rows at their full height for the dialog's width, up to what the screen holds; the
    // rest scrolls.
    const QRect avail = Dialogs::availableGeometry(this);
    // Wide enough for the longest unbreakable value (a technical account id): the rows do not
    // scroll sideways, so a narrower dialog cut it at its right edge.
    const int margins = layout()->contentsMargins().left() + layout()->contentsMargins().right()
        + m_scroll->verticalScrollBar()->sizeHint().width();
    const int width = std::min(std::max({sizeHint().width(), fontMetrics().averageCharWidth() * 72,
                                         m_contents->minimumSizeHint().width() + margins}),
                               avail.width() * 9 / 10);
    const int inner = width - margins;
    const int rows = m_contents->layout()->totalHeightForWidth(inner);
    const int others = sizeHint().height() - m_scroll->sizeHint().height();
    const int limit = avail.height() * 9 / 10 - others;
    m_scroll->setMinimumHeight(std::max(0, std::min(rows, limit)));
    resize(width, std::min(others + rows, avail.height() * 9 / 10));
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
