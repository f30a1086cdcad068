// SPDX-License-Identifier: Apache-2.0
#include "credentialdetails.h"

#include "appcontext.h"
#include "async.h"
#include "clock.h"
#include "copybutton.h"
#include "countdown.h"
#include "crypto.h"
#include "envtype.h"
#include "processhygiene.h"
#include "theme.h"
#include "wording.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace aem::ui {

QLabel* CredentialDetails::addRow(QFormLayout* form, const QString& label, const QString& objectName, bool copyable)
{
    auto* value = new QLabel(this);
    value->setTextFormat(Qt::PlainText); // values come from files: a name is never markup
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    // Top, not centred: a wrapped value's row can be taller than its lines (seen at 200 %: the
    // AEM user's two lines sat a line below its label).
    value->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    value->setAccessibleName(label);
    QWidget* field = copyable ? withCopyButton(value, label, [this](const QString& m) { Q_EMIT copied(m); }) : value;
    form->addRow(tr("%1:").arg(label), field);
    // The label at the value's first line, not half-way down a value that wraps (seen at 200 %).
    if (auto* labelWidget = qobject_cast<QLabel*>(form->labelForField(field)))
        labelWidget->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return value;
}

CredentialDetails::CredentialDetails(AppContext& context, QWidget* parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("credentialDetails"));
    m_serviceBox = new QGroupBox(tr("Technical account"), this);
    auto* account = new QFormLayout(m_serviceBox);
    m_serviceForm = account;
    account->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_techAccount = addRow(account, tr("Technical account"), QStringLiteral("technicalAccount"), true);
    m_email = addRow(account, tr("AEM user (grant permissions to)"), QStringLiteral("email"), true);
    m_org = addRow(account, tr("Organization"), QStringLiteral("org"), true);
    m_clientId = addRow(account, tr("Client id"), QStringLiteral("clientId"), true);
    m_metascopes = addRow(account, tr("Metascopes"), QStringLiteral("metascopes"), true);
    m_ims = addRow(account, tr("IMS endpoint"), QStringLiteral("imsEndpoint"), true);
    m_subject = addRow(account, tr("Certificate"), QStringLiteral("certSubject"));
    m_fingerprint = addRow(account, tr("SHA-256"), QStringLiteral("certFingerprint"), true);
    QFont mono = m_fingerprint->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_fingerprint->setFont(mono);
    m_validity = addRow(account, tr("Valid"), QStringLiteral("certValidity"));
    m_daysLeft = addRow(account, tr("Days left"), QStringLiteral("certDaysLeft"));
    m_keyMatch = addRow(account, tr("Private key"), QStringLiteral("keyMatch"));
    m_verifyKey = new QPushButton(tr("Check the key again"), this);
    m_verifyKey->setObjectName(QStringLiteral("verifyKey"));
    account->addRow(QString(), m_verifyKey);
    m_rotate = new QPushButton(tr("Rotate the certificate…"), this);
    m_rotate->setObjectName(QStringLiteral("rotateCertificate"));
    m_rotate->setToolTip(tr("A guided rotation: add a certificate in the Developer Console, import, test, switch"));
    account->addRow(QString(), m_rotate);
    connect(m_rotate, &QPushButton::clicked, this, [this] {
        if (m_record)
            Q_EMIT rotateRequested(m_record->name);
    });
    connect(m_verifyKey, &QPushButton::clicked, this, &CredentialDetails::verifyKey);

    m_localBox = new QGroupBox(tr("Local development token"), this);
    auto* local = new QFormLayout(m_localBox);
    local->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_user = addRow(local, tr("User"), QStringLiteral("tokenUser"), true);
    m_tokenClient = addRow(local, tr("Client"), QStringLiteral("tokenClient"), true);
    m_tokenExpiry = addRow(local, tr("Expires"), QStringLiteral("tokenExpiry"));

    m_targetBox = new QGroupBox(tr("Local AEM target"), this);
    auto* target = new QFormLayout(m_targetBox);
    target->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_targetAuthor = addRow(target, tr("Author"), QStringLiteral("targetAuthor"), true);
    m_targetPublish = addRow(target, tr("Publish"), QStringLiteral("targetPublish"), true);
    m_targetUser = addRow(target, tr("Sign-in user"), QStringLiteral("targetUser"), true);
    auto* note = new QLabel(tr("No access token is needed: requests go straight to this AEM."), this);
    note->setObjectName(QStringLiteral("targetNote"));
    note->setWordWrap(true);
    target->addRow(note);

    auto* envBox = new QGroupBox(tr("Environment"), this);
    auto* env = new QFormLayout(envBox);
    env->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_environment = addRow(env, tr("Program / environment"), QStringLiteral("environment"));
    m_envType = addRow(env, tr("Environment type"), QStringLiteral("envType"));
    auto urlEdit = [&](const QString& label, const QString& name) {
        auto* e = new QLineEdit(this);
        e->setObjectName(name);
        e->setAccessibleName(label);
        e->setPlaceholderText(QStringLiteral("https://…"));
        env->addRow(tr("%1:").arg(label), withCopyButton(e, label, [this](const QString& m) { Q_EMIT copied(m); }));
        return e;
    };
    m_author = urlEdit(tr("Author"), QStringLiteral("authorUrl"));
    m_publish = urlEdit(tr("Publish"), QStringLiteral("publishUrl"));
    m_preview = urlEdit(tr("Preview"), QStringLiteral("previewUrl"));
    m_saveUrls = new QPushButton(tr("Save URLs"), this);
    m_saveUrls->setObjectName(QStringLiteral("saveUrls"));
    m_saveUrls->setToolTip(tr("For a local AEM SDK or the sandbox. The token is only sent to these hosts."));
    env->addRow(QString(), m_saveUrls);
    connect(m_saveUrls, &QPushButton::clicked, this, &CredentialDetails::saveUrls);
    // Set from the Environment type menu (or the command line): shown as stored.
    connect(&m_context.store(), &CredentialStore::changed, this, [this] {
        if (!m_record)
            return;
        for (const CredentialRecord& r : m_context.store().records())
            if (r.id == m_record->id)
                showEnvType(r);
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_serviceBox);
    layout->addWidget(m_localBox);
    layout->addWidget(m_targetBox);
    layout->addWidget(envBox);
    setCredential(std::nullopt);
}

void CredentialDetails::showEnvType(const CredentialRecord& r)
{
    if (r.envType != EnvType::None) {
        m_envType->setText(envTypeLabel(r.envType));
        m_envType->setToolTip(QString());
        return;
    }
    const EnvType suggested = suggestEnvType(r);
    // Short enough for one line at 1024 pixels (a wrapped second line was cut at 1600x1000); where
    // to choose it is in the tooltip.
    m_envType->setText(suggested == EnvType::None
                           ? tr("not set")
                           : tr("not set; the name or hosts suggest %1").arg(envTypeLabel(suggested)));
    m_envType->setToolTip(suggested == EnvType::None ? QString()
                                                     : tr("Choose it under Token › Environment type, or in the "
                                                          "credential's context menu"));
}

void CredentialDetails::setCredential(const std::optional<CredentialRecord>& record)
{
    m_record = record;
    const bool service = record && canMint(record->kind);
    const bool jwt = record && record->kind == CredentialKind::Service;
    m_rotate->setVisible(false);
    for (QWidget* w :
         {static_cast<QWidget*>(m_subject), static_cast<QWidget*>(m_fingerprint), static_cast<QWidget*>(m_validity),
          static_cast<QWidget*>(m_daysLeft), static_cast<QWidget*>(m_keyMatch), static_cast<QWidget*>(m_verifyKey)}) {
        m_serviceForm->setRowVisible(copyRowOf(w), !record || jwt);
    }
    m_serviceBox->setVisible(!record || service);
    const bool localTarget = record && record->kind == CredentialKind::Local;
    m_localBox->setVisible(record && !service && !localTarget);
    m_targetBox->setVisible(localTarget);
    setEnabled(record.has_value());
    if (!record) {
        for (QLabel* l : findChildren<QLabel*>())
            if (!l->objectName().isEmpty() && l->objectName() != QLatin1String("targetNote"))
                l->clear();
        for (QLineEdit* e : {m_author, m_publish, m_preview})
            e->clear();
        return;
    }
    const CredentialRecord& r = *record;
    const QDateTime now = m_context.clock().now();
    const QLocale loc;
    if (service) {
        m_techAccount->setText(r.technicalAccountId);
        m_email->setText(r.email);
        m_org->setText(r.org);
        m_clientId->setText(r.clientId);
        m_metascopes->setText(r.metascopes.join(QStringLiteral(", ")));
        if (auto* label = qobject_cast<QLabel*>(m_serviceForm->labelForField(copyRowOf(m_metascopes))))
            label->setText(jwt ? tr("Metascopes:") : tr("Scopes:"));
        m_ims->setText(r.imsEndpoint);
        const auto cert = jwt ? Certificate::fromPem(r.certificatePem) : std::nullopt;
        if (cert) {
            const CertificateInfo info = cert->info();
            m_subject->setText(
                QStringLiteral("CN=%1 · %2 %3-bit").arg(info.subjectCommonName, info.keyAlgorithm).arg(info.keyBits));
            setBreakableText(m_fingerprint, info.sha256Fingerprint, QLatin1Char(':'));
            m_validity->setText(tr("%1 to %2").arg(userDate(info.notBefore, loc), userDate(info.notAfter, loc)));
            const qint64 days = info.daysLeft(now);
            const int warnDays = m_context.settings().notifyCertificateDays;
            const qint64 daysAgo = -wholeDaysBetween(now, info.notAfter);
            m_daysLeft->setText(info.notAfter > now ? (days == 0 ? tr("expires today") : formatDays(days))
                                    : daysAgo == 0
                                    ? tr("expired today — IMS refuses it; add a certificate in the Developer Console")
                                    : tr("expired %1 ago — IMS refuses it; add a certificate in the Developer Console")
                                          .arg(formatDays(daysAgo)));
            const QColor c = days < 0 ? Theme::error(palette())
                : days < warnDays     ? Theme::warning(palette())
                                      : Theme::ok(palette());
            m_rotate->setVisible(days < warnDays);
            m_daysLeft->setStyleSheet(QStringLiteral("color: %1").arg(c.name()));
        }
        m_keyMatch->setText(tr("matches the certificate (checked at import)"));
    } else if (localTarget) {
        m_targetAuthor->setText(r.environment.author.toString());
        m_targetPublish->setText(r.environment.publish.isEmpty() ? tr("none") : r.environment.publish.toString());
        m_targetUser->setText(r.basicUser.isEmpty() ? tr("no sign-in") : r.basicUser);
    } else {
        m_user->setText(r.tokenUserId);
        m_tokenClient->setText(r.tokenClientId);
        // The medium date, as the token panel's Expires: the weekday-long form was cut at 1024x700.
        m_tokenExpiry->setText(r.localTokenExpiresAt.isValid() ? userDateTime(r.localTokenExpiresAt, loc)
                                                               : tr("unknown"));
    }
    m_environment->setText(r.environment.isKnown() ? r.environment.label() : tr("not derived (set the URLs below)"));
    showEnvType(r);
    m_author->setText(r.environment.author.toString());
    m_publish->setText(r.environment.publish.toString());
    m_preview->setText(r.environment.preview.toString());
    refreshCopyButtons(this);
}

void CredentialDetails::saveUrls()
{
    if (!m_record)
        return;
    Environment env = m_record->environment;
    const std::pair<QLineEdit*, QUrl*> fields[] = {
        {m_author, &env.author}, {m_publish, &env.publish}, {m_preview, &env.preview}};
    for (const auto& [edit, target] : fields) {
        if (edit->text().trimmed().isEmpty()) {
            *target = QUrl();
            continue;
        }
        QString why;
        const QUrl url = normaliseBaseUrl(edit->text(), &why);
        if (!url.isValid()) {
            Q_EMIT failed(tr("%1 URL %2").arg(edit->accessibleName(), why));
            edit->setFocus();
            return;
        }
        *target = url;
    }
    // Another process may have removed or renamed it since it was shown: the window follows
    // first (synchronously), then the URLs go to the credential with this id, if it is still there.
    const QJsonObject shown = m_record->toJson();
    m_context.syncStore();
    if (!m_record || m_record->id != shown.value(QLatin1String("id")).toString())
        return; // removed: the window says so
    const bool refreshed = m_record->toJson() != shown;
    QString error;
    if (!m_context.store().setEnvironment(m_record->name, env, &error)) {
        Q_EMIT failed(error);
        return;
    }
    if (refreshed) // the sync put what another process stored in the fields: show what is stored now
        setCredential(m_context.store().find(m_record->name));
    Q_EMIT saved(tr("Saved the URLs of %1").arg(m_record->name));
}

void CredentialDetails::verifyKey()
{
    if (!m_record || m_record->kind != CredentialKind::Service)
        return;
    m_keyMatch->setText(tr("checking…"));
    const CredentialRecord rec = *m_record;
    m_context.store().readSecrets(rec, this, [this, rec](std::optional<CredentialSecrets> s, const SourceError& error) {
        if (!s) {
            m_keyMatch->setText(tr("could not be read"));
            Q_EMIT failed(error.message);
            return;
        }
        // Key parsing is CPU work: off the GUI thread.
        runThenCallback(
            this,
            [pem = std::move(s->privateKeyPem), certPem = rec.certificatePem]() mutable {
                const auto key = PrivateKey::fromPem(pem);
                wipeSecret(pem); // the parsed key lives in OpenSSL, which clears it when freed
                const auto cert = Certificate::fromPem(certPem);
                return key && cert && cert->matches(*key);
            },
            [this, id = rec.id](bool ok) {
                if (!m_record || m_record->id != id)
                    return;
                m_keyMatch->setText(ok ? tr("matches the certificate (checked just now)")
                                       : tr("DOES NOT MATCH the certificate: import the credential again"));
            });
        s->wipe();
    });
}

} // namespace aem::ui
