// SPDX-License-Identifier: Apache-2.0
#include "storehealthbar.h"

#include "appcontext.h"
#include "credentialstore.h"
#include "dialogs.h"
#include "messagetext.h"
#include "secretservicewatcher.h"
#include "secretstore.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace aem::ui {

StoreHealthBar::StoreHealthBar(AppContext& context, QWidget* parent)
    : QFrame(parent),
      m_context(context),
      m_doctor(new StoreDoctor(context.store(), this)),
      m_debounce(new QTimer(this)),
      m_watch(new QTimer(this))
{
    setObjectName(QStringLiteral("storeHealthBar"));
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Theme::isDark(palette()) ? QColor(0x5a, 0x44, 0x10) : QColor(0xfd, 0xf3, 0xd8));
    setPalette(p);
    auto* layout = new QHBoxLayout(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("storeHealthText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unlock = new QPushButton(tr("Unlock the keychain"), this);
    m_unlock->setObjectName(QStringLiteral("storeUnlock"));
    m_repair = new QPushButton(tr("Repair"), this);
    m_repair->setObjectName(QStringLiteral("storeRepair"));
    m_repair->setToolTip(
        tr("Finish interrupted changes, delete orphaned tokens, put found credentials back on the list"));
    m_details = new QPushButton(tr("Details…"), this);
    m_details->setObjectName(QStringLiteral("storeDetails"));
    layout->addWidget(m_text, 1);
    layout->addWidget(m_unlock, 0, Qt::AlignTop);
    layout->addWidget(m_repair, 0, Qt::AlignTop);
    layout->addWidget(m_details, 0, Qt::AlignTop);
    connect(m_unlock, &QPushButton::clicked, this, &StoreHealthBar::unlock);
    connect(m_repair, &QPushButton::clicked, this, &StoreHealthBar::repair);
    connect(m_details, &QPushButton::clicked, this, &StoreHealthBar::showDetails);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, &StoreHealthBar::runCheck);
    m_watch->setInterval(kKeychainWatchMs);
    connect(m_watch, &QTimer::timeout, this, &StoreHealthBar::watchKeychain);
    connect(&context.store(), &CredentialStore::changed, this, &StoreHealthBar::recheck);
    QFrame::hide();
    QTimer::singleShot(0, this, &StoreHealthBar::runCheck);
}

QString StoreHealthBar::keychainHeadline(const SecretResult& r) const
{
    switch (r.error) {
    case SecretResult::Locked:
        return tr("The keychain is locked: tokens can be neither read nor kept until you unlock it.");
    case SecretResult::Unavailable:
        return tr("No keychain is running: nothing can be stored and no token can be kept. Install and start "
                  "one — GNOME Keyring (package gnome-keyring) or KWallet — then log out and in again.");
    case SecretResult::AccessDenied:
        return tr("The keychain refused access to AEM Token Manager: allow it, then reopen this window.");
    default: return tr("The keychain does not answer as it should: tokens may not be kept.");
    }
}

void StoreHealthBar::recheck()
{
    m_debounce->start();
}

// A locked or absent keychain: the whole check again only when the probe says something else.
void StoreHealthBar::watchKeychain()
{
    if (m_watching || m_busy)
        return;
    m_watching = true;
    m_context.secrets().probe(this, [this](const SecretResult& p) {
        m_watching = false;
        const bool usable = p.ok() || p.error == SecretResult::Unsupported;
        if (usable || (p.error == SecretResult::Locked) != m_keychainLocked)
            recheck();
    });
}

void StoreHealthBar::runCheck()
{
    if (!m_secretService) {
        // Made at the first check, after the first paint: a lock or an unlock elsewhere, or a
        // keychain started or gone, is seen at once, also while the keychain was usable.
        m_secretService = new SecretServiceWatcher(this);
        connect(m_secretService, &SecretServiceWatcher::changed, this, &StoreHealthBar::recheck);
    }
    if (m_busy) {
        m_debounce->start();
        return;
    }
    m_busy = true;
    m_context.secrets().probe(this, [this](const SecretResult& p) {
        m_keychainLocked = p.error == SecretResult::Locked;
        m_keychain = p.ok() || p.error == SecretResult::Unsupported ? QString() : keychainHeadline(p);
        if (m_keychain.isEmpty())
            m_watch->stop();
        else if (!m_watch->isActive())
            m_watch->start();
        m_keychainDetails = m_context.store().keychainMessage(p, QString()).trimmed();
        m_doctor->check([this, p](const DoctorReport& r) {
            m_busy = false;
            DoctorReport report = r;
            if (!m_keychain.isEmpty())
                report.findings.prepend({DoctorFinding::KeychainUnchecked, m_keychainDetails, QString(), QString()});
            present(report);
            if (m_keychain.isEmpty() && !m_announced && !m_context.isSandbox()) {
                m_announced = true;
                Q_EMIT keychainReady(tr("Secrets are kept in %1").arg(m_context.secrets().backendName()));
            }
        });
    });
}

void StoreHealthBar::present(const DoctorReport& report, const QStringList& actions)
{
    m_report = report;
    // Keep one finding of each message: a locked keychain is said once.
    QStringList lines;
    for (const DoctorFinding& f : report.findings)
        if (!lines.contains(f.message))
            lines << f.message;
    if (lines.isEmpty() && actions.isEmpty()) {
        QFrame::hide();
        Q_EMIT checked();
        return;
    }
    QString text;
    if (!actions.isEmpty())
        text = tr("Repaired: %1").arg(actions.join(QStringLiteral("; ")));
    if (!m_keychain.isEmpty()) {
        // The keychain first, in plain words and with what to do; what the backend said (and the
        // other findings) below, smaller, for support.
        lines.removeAll(m_keychainDetails);
        QString details = m_keychainDetails;
        if (!lines.isEmpty())
            details += QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
        m_text->setTextFormat(Qt::RichText);
        m_text->setText(headlineWithDetails(text.isEmpty() ? m_keychain : text + QLatin1Char('\n') + m_keychain,
                                            details, palette()));
        m_unlock->setVisible(m_keychainLocked);
        m_repair->setVisible(report.repairable());
        m_details->setVisible(lines.size() > 1);
        QFrame::show();
        Q_EMIT checked();
        return;
    }
    if (!lines.isEmpty()) {
        if (!text.isEmpty())
            text += QLatin1Char('\n');
        text += lines.size() == 1
            ? lines.first()
            : tr("%n problem(s) with the stored credentials; the first: %1", nullptr, int(lines.size()))
                  .arg(lines.first());
    }
    m_text->setTextFormat(Qt::PlainText);
    m_text->setText(text);
    m_unlock->setVisible(m_keychainLocked);
    m_repair->setVisible(report.repairable());
    m_details->setVisible(lines.size() > 1);
    QFrame::show();
    Q_EMIT checked();
}

void StoreHealthBar::repair()
{
    m_repair->setEnabled(false);
    StoreDoctor::RepairOptions options;
    const bool unrecoverable =
        std::any_of(m_report.findings.cbegin(), m_report.findings.cend(),
                    [](const DoctorFinding& f) { return f.kind == DoctorFinding::UnrecoverableItem; });
    if (unrecoverable
        && Dialogs::question(
               this, tr("Delete unrecoverable keychain items?"),
               tr("Some keychain items of AEM Token Manager belong to no credential and cannot be put back on "
                  "the list. Delete them too? (No keeps them; everything else is repaired either way.)"),
               QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes)
        options.deleteUnrecoverable = true;
    m_doctor->repair(options, [this](const QStringList& actions, const DoctorReport& after) {
        m_repair->setEnabled(true);
        present(after, actions);
    });
}

void StoreHealthBar::unlock()
{
    m_unlock->setEnabled(false);
    m_context.secrets().unlock(this, [this](const SecretResult& r) {
        m_unlock->setEnabled(true);
        if (!r.ok()) {
            // Why it stayed locked, when the keychain said (no prompt could be shown, it was
            // dismissed, it timed out), else what a locked keychain means.
            const QString why = r.errorString.trimmed().isEmpty()
                ? m_context.store().keychainMessage(r, QString()).trimmed()
                : r.errorString.trimmed();
            m_text->setTextFormat(Qt::RichText);
            m_text->setText(headlineWithDetails(r.error == SecretResult::Locked || r.error == SecretResult::AccessDenied
                                                    ? tr("The keychain stayed locked. Unlock it to go on: with the "
                                                         "button, or in Passwords and Keys.")
                                                    : keychainHeadline(r),
                                                why, palette()));
            Q_EMIT checked();
            return;
        }
        recheck();
    });
}

void StoreHealthBar::showDetails()
{
    QStringList lines;
    for (const DoctorFinding& f : m_report.findings)
        lines << QStringLiteral("• ") + f.message;
    QMessageBox box(QMessageBox::Warning, tr("Stored credentials"), lines.join(QLatin1Char('\n')), QMessageBox::Close,
                    this);
    box.exec();
}

} // namespace aem::ui
