// SPDX-License-Identifier: Apache-2.0
#include "rotationdialog.h"

#include "messagetext.h"

#include "aemsession.h"
#include "appcontext.h"
#include "async.h"
#include "clock.h"
#include "countdown.h"
#include "credentialfile.h"
#include "dialogs.h"
#include "environment.h"
#include "processhygiene.h"
#include "theme.h"
#include "tokenprovider.h"
#include "tokenservice.h"
#include "wording.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <variant>

namespace aem::ui {

RotationDialog::RotationDialog(AppContext& context, const CredentialRecord& current, QWidget* parent)
    : QDialog(parent), m_context(context), m_old(current)
{
    setObjectName(QStringLiteral("rotationDialog"));
    // Short: the window manager adds " — AEM Token Manager"; the credential is named inside.
    setWindowTitle(tr("Rotate certificate"));
    const QDateTime now = context.clock().now();
    const qint64 days = wholeDaysBetween(now, current.certificateNotAfter);
    auto* layout = new QVBoxLayout(this);
    auto text = [this, layout](const QString& html) {
        auto* l = new QLabel(html, this);
        l->setWordWrap(true);
        l->setTextFormat(Qt::RichText);
        layout->addWidget(l);
        return l;
    };
    const QString name = current.name.toHtmlEscaped();
    const QString date = userDate(current.certificateNotAfter);
    // Whole sentences: "expired" and "expires in" do not share words in every language.
    m_header = text(current.certificateNotAfter <= now
                        ? tr("<p>The certificate of <b>%1</b> expired %2 ago (%3). Service-credential certificates "
                             "last 365 days; once expired, IMS refuses every token request.</p>")
                              .arg(name, formatDays(-days), date)
                        : tr("<p>The certificate of <b>%1</b> expires in %2 (%3). Service-credential certificates last "
                             "365 days; once expired, IMS refuses every token request.</p>")
                              .arg(name, formatDays(days), date));
    m_header->setObjectName(QStringLiteral("rotationHeader"));
    text(tr(
        "<p><b>1.</b> In Cloud Manager, open this environment's <b>Developer Console</b> › <b>Integrations</b> › "
        "<b>Technical Accounts</b>, expand the technical account and choose <b>Add certificate</b>. Download the new "
        "JSON. The old certificate keeps working until you revoke it.</p>"));
    text(tr("<p><b>2.</b> Import the new file. It is kept beside the current credentials until you finish.</p>"));
    m_import = new QPushButton(tr("Import the new file…"), this);
    m_import->setObjectName(QStringLiteral("rotationImport"));
    layout->addWidget(m_import, 0, Qt::AlignLeft);
    m_importStatus = text(QString());
    m_importStatus->setObjectName(QStringLiteral("rotationImportStatus"));
    text(tr("<p><b>3.</b> Test the new credentials: mint a token and ask AEM who you are.</p>"));
    m_test = new QPushButton(tr("Test the new credentials"), this);
    m_test->setObjectName(QStringLiteral("rotationTest"));
    m_test->setEnabled(false);
    layout->addWidget(m_test, 0, Qt::AlignLeft);
    m_testStatus = text(QString());
    m_testStatus->setObjectName(QStringLiteral("rotationTestStatus"));
    text(tr("<p><b>4.</b> Switch: the new credentials take the name <b>%1</b> and the old ones are removed from this "
            "computer. Then revoke the old certificate in the Developer Console.</p>")
             .arg(current.name.toHtmlEscaped()));
    m_finish = new QPushButton(tr("Finish the rotation"), this);
    m_finish->setObjectName(QStringLiteral("rotationFinish"));
    m_finish->setEnabled(false);
    layout->addWidget(m_finish, 0, Qt::AlignLeft);
    m_finishStatus = text(QString());
    m_finishStatus->setObjectName(QStringLiteral("rotationFinishStatus"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_import, &QPushButton::clicked, this, [this] { importNewFile(); });
    connect(m_test, &QPushButton::clicked, this, &RotationDialog::testNew);
    connect(m_finish, &QPushButton::clicked, this, &RotationDialog::finishRotation);
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);
    Dialogs::fitToContents(this);
}

void RotationDialog::setStep(QLabel* label, const QString& text, bool ok)
{
    label->setText(text.toHtmlEscaped());
    label->setStyleSheet(QStringLiteral("color: %1").arg((ok ? Theme::ok(palette()) : Theme::error(palette())).name()));
}

void RotationDialog::importNewFile(const QString& chosen)
{
    const QString path = chosen.isEmpty()
        ? Dialogs::openFileName(this, tr("New service credentials"), tr("Developer Console JSON (*.json)"))
        : chosen;
    if (path.isEmpty())
        return;
    m_import->setEnabled(false);
    runThenCallback(
        this,
        [path, clock = &m_context.clock()]() -> std::variant<QString, ParseResult> {
            QString error;
            std::optional<ReadFile> file = readRegularFile(path, kMaxCredentialFileSize, &error);
            if (!file)
                return tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), error);
            ParseResult parsed = parseCredentialJson(file->content, *clock);
            wipeSecret(file->content); // it holds the new private key
            return parsed;
        },
        [this](std::variant<QString, ParseResult> r) {
            m_import->setEnabled(true);
            if (const QString* e = std::get_if<QString>(&r))
                return setStep(m_importStatus, *e, false);
            const ParseResult& p = std::get<ParseResult>(r);
            if (!p.ok()) {
                // In plain words, with the field and the parser's own words below for support.
                setStep(m_importStatus, QString(), false);
                m_importStatus->setText(importFailureText(p, tr("the new file"), palette()));
                return;
            }
            const ParsedCredential& c = *p.credential;
            if (c.kind != CredentialKind::Service || c.service.clientId != m_old.clientId
                || c.service.technicalAccountId != m_old.technicalAccountId)
                return setStep(
                    m_importStatus,
                    tr("This file is not for the same technical account (%1); choose the file downloaded for it.")
                        .arg(m_old.technicalAccountId),
                    false);
            const CertificateInfo info = c.certificate->info();
            if (info.sha256Fingerprint == m_old.certificateFingerprint)
                return setStep(m_importStatus,
                               tr("This file holds the certificate you already have: add a new one first."), false);
            QString name = m_old.name + QStringLiteral("-new");
            for (int n = 2; m_context.store().find(name); ++n)
                name = m_old.name + QStringLiteral("-new-%1").arg(n);
            CredentialStore::ImportOptions o;
            o.name = name;
            o.author = m_old.environment.author;
            o.publish = m_old.environment.publish;
            o.preview = m_old.environment.preview;
            m_context.store().importCredential(c, o, this, [this, info](const CredentialStore::ImportResult& res) {
                if (!res.ok)
                    return setStep(m_importStatus, res.error, false);
                m_newName = res.name;
                m_newNotAfter = info.notAfter;
                setStep(
                    m_importStatus,
                    tr("Imported as %1; the new certificate is valid until %2.").arg(res.name, userDate(info.notAfter)),
                    true);
                m_test->setEnabled(true);
                Q_EMIT imported(res.name);
            });
        });
}

void RotationDialog::testNew()
{
    if (m_newName.isEmpty())
        return;
    m_test->setEnabled(false);
    m_testStatus->setText(tr("Minting a token with the new certificate…"));
    const auto rec = m_context.store().find(m_newName);
    QString why;
    AemRequestSpec spec;
    spec.url = rec ? resolveAemTarget(*rec, currentUserPath(), {}, &why) : QUrl();
    if (!spec.url.isValid()) {
        // No AEM URL to ask: the token itself proves IMS accepts the new certificate.
        m_context.tokenService().token(rec ? rec->id : QString(), true, this, [this, why](const TokenResult& t) {
            if (!t.ok) {
                m_test->setEnabled(true);
                setStep(m_testStatus, t.error, false);
                Q_EMIT tested(false);
                return;
            }
            setStep(m_testStatus, tr("IMS accepted the new certificate (%1).").arg(why), true);
            m_finish->setEnabled(true);
            Q_EMIT tested(true);
        });
        return;
    }
    spec.timeoutMs = 30000;
    // A fresh token, minted with the new certificate: a 401 then is final, never retried.
    auto* session = new AemSession(m_context.tokenService(), &m_context.nam(), *rec, spec, this);
    session->setFresh(true);
    auto body = std::make_shared<QByteArray>();
    connect(session, &AemSession::dataReceived, this, [body](const QByteArray& chunk) {
        if (body->size() < 64 * 1024)
            *body += chunk;
    });
    connect(session, &AemSession::finished, this, [this, session, body] {
        session->deleteLater();
        m_test->setEnabled(true);
        const bool ok = session->errorString().isEmpty() && session->status() == 200;
        if (ok) {
            const QString who =
                QJsonDocument::fromJson(*body).object().value(QLatin1String("authorizableId")).toString();
            setStep(m_testStatus, tr("IMS accepted the new certificate and AEM answered 200: you are %1.").arg(who),
                    true);
            m_finish->setEnabled(true);
        } else {
            setStep(m_testStatus,
                    session->errorString().isEmpty() ? explainAemStatus(session->status(), session->credential())
                                                     : session->errorString(),
                    false);
        }
        Q_EMIT tested(ok);
    });
    session->start();
}

void RotationDialog::finishRotation()
{
    if (m_newName.isEmpty())
        return;
    if (Dialogs::question(
            this, tr("Finish the rotation"),
            tr("Remove the old credentials of %1 from this computer and use the new ones under that name?")
                .arg(m_old.name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_finish->setEnabled(false);
    // One transaction: the new record takes the old name, the old record and its secrets go.
    m_context.store().switchCredential(m_old.name, m_newName, this, [this](bool ok, const QString& error) {
        if (!ok) {
            m_finish->setEnabled(true);
            return setStep(m_finishStatus, error, false);
        }
        // What was said at the start is no longer true: the header says what is now.
        m_header->setText(tr("<p>The certificate of <b>%1</b> has been replaced; the new one is valid until %2.</p>")
                              .arg(m_old.name.toHtmlEscaped(), userDate(m_newNotAfter)));
        m_import->setEnabled(false);
        m_test->setEnabled(false);
        setStep(
            m_finishStatus,
            tr("Done: %1 now uses the new certificate. Last step, in the Developer Console: revoke the old certificate "
               "(SHA-256 %2).")
                .arg(m_old.name, m_old.certificateFingerprint.left(23) + QStringLiteral("…")),
            true);
        Q_EMIT rotated(m_old.name);
    });
}

} // namespace aem::ui
