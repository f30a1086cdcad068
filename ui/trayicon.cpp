// SPDX-License-Identifier: Apache-2.0
#include "trayicon.h"

#include "appcontext.h"
#include "clock.h"
#include "countdown.h"
#include "credentials.h"
#include "tokenpanelcontroller.h"
#include "tokenservice.h"

#include <QApplication>
#include <QCollator>
#include <QMenu>
#include <QTimer>

#include <algorithm>

namespace aem::ui {

TrayIcon::TrayIcon(const QIcon& icon, AppContext& context, ClipboardGuard& clipboard, QObject* parent)
    : QSystemTrayIcon(icon, parent), m_context(context)
{
    m_menu = new QMenu;
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    connect(this, &QObject::destroyed, m_menu, &QObject::deleteLater);
    m_menu->addAction(tr("Show"), this, &TrayIcon::showRequested);
    m_menu->addSeparator();
    m_credentialsEnd = m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    setContextMenu(m_menu);

    m_copier = new TokenPanelController(context, clipboard, this);
    connect(m_copier, &TokenPanelController::copied, this, &TrayIcon::copied);
    connect(m_copier, &TokenPanelController::failed, this, &TrayIcon::failed);
    connect(m_copier, &TokenPanelController::credentialGone, &context, &AppContext::syncStore);

    m_openTick = new QTimer(this);
    m_openTick->setInterval(1000);
    connect(m_openTick, &QTimer::timeout, this, &TrayIcon::refreshMenu);
    connect(m_menu, &QMenu::aboutToShow, this, [this] {
        refreshMenu();
        m_openTick->start();
    });
    connect(m_menu, &QMenu::aboutToHide, m_openTick, &QTimer::stop);
    connect(this, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger)
            Q_EMIT toggleRequested();
    });
    refreshMenu();
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::showSoonest(const std::optional<std::pair<QString, QDateTime>>& soonest, const QDateTime& now)
{
    setToolTip(soonest ? tr("AEM Token Manager — %1: token valid for %2")
                             .arg(soonest->first, formatDuration(now.msecsTo(soonest->second)))
                       : tr("AEM Token Manager — no live token"));
}

QString TrayIcon::entryText(const QString& id, const QString& name, bool* enabled) const
{
    const TokenState s = m_context.tokenService().state(id);
    const qint64 left = s.expiresAt.isValid() ? m_context.clock().now().msecsTo(s.expiresAt) : 0;
    const auto rec = m_context.store().byId(id);
    const bool mintable = rec && canMint(rec->kind);
    *enabled = mintable || left > 0;
    QString label = name;
    label.replace(QLatin1Char('&'), QStringLiteral("&&")); // a name's "&" is not a mnemonic
    if (s.inFlight)
        return tr("%1 — getting a token…").arg(label);
    if (left > 0)
        return tr("%1 — %2 left").arg(label, formatDuration(left));
    if (s.expiresAt.isValid())
        return mintable ? tr("%1 — expired, copying gets a new token").arg(label) : tr("%1 — expired").arg(label);
    if (rec && rec->kind == CredentialKind::Local)
        return tr("%1 — no token needed").arg(label);
    return mintable ? tr("%1 — no token yet, copying gets one").arg(label) : tr("%1 — no token").arg(label);
}

void TrayIcon::refreshMenu()
{
    QList<CredentialRecord> records = m_context.store().records();
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    collator.setNumericMode(true);
    std::sort(records.begin(), records.end(), [&](const CredentialRecord& a, const CredentialRecord& b) {
        return collator.compare(a.name, b.name) < 0;
    });
    const bool same = records.size() == m_entries.size()
        && std::equal(records.cbegin(), records.cend(), m_entries.cbegin(),
                      [](const CredentialRecord& r, const QAction* a) { return a->data().toString() == r.id; });
    if (!same) {
        qDeleteAll(m_entries);
        m_entries.clear();
        for (const CredentialRecord& r : records) {
            auto* a = new QAction(m_menu);
            a->setData(r.id);
            connect(a, &QAction::triggered, this, [this, id = r.id] { copyTokenOf(id); });
            m_menu->insertAction(m_credentialsEnd, a);
            m_entries << a;
        }
    }
    for (int i = 0; i < records.size(); ++i) {
        bool enabled = true;
        m_entries[i]->setText(entryText(records[i].id, records[i].name, &enabled));
        m_entries[i]->setEnabled(enabled);
        m_entries[i]->setToolTip(tr("Copy the token of %1").arg(records[i].name));
    }
    if (records.isEmpty()) {
        auto* none = new QAction(tr("No credentials yet"), m_menu);
        none->setEnabled(false);
        m_menu->insertAction(m_credentialsEnd, none);
        m_entries << none; // replaced when there are some (its data is no id)
    }
}

QList<QAction*> TrayIcon::credentialActions() const
{
    QList<QAction*> out;
    for (QAction* a : m_entries)
        if (!a->data().toString().isEmpty())
            out << a;
    return out;
}

void TrayIcon::copyTokenOf(const QString& id)
{
    m_context.syncStore();
    const auto rec = m_context.store().byId(id);
    if (!rec) {
        Q_EMIT failed(tr("That credential was removed from the store."));
        refreshMenu();
        return;
    }
    m_copier->setCredential(rec);
    m_copier->copyToken();
}

void TrayIcon::notify(const QString& title, const QString& text, MessageIcon icon, int ms)
{
    // Notification servers may read the body as markup: a credential or file name is text.
    auto plain = [](QString s) {
        return s.replace(QLatin1Char('&'), QStringLiteral("&amp;"))
            .replace(QLatin1Char('<'), QStringLiteral("&lt;"))
            .replace(QLatin1Char('>'), QStringLiteral("&gt;"));
    };
    if (isVisible())
        showMessage(title, plain(text), icon, ms);
    Q_EMIT notified(title, text);
}

} // namespace aem::ui
