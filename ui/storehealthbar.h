// SPDX-License-Identifier: Apache-2.0
#pragma once

// A bar at the top of the window that says when the store is not as it should be — records it
// cannot read, credentials without their secrets, keychain items of no credential, interrupted
// changes, a keychain that is locked or absent — and offers what can be done: Unlock (the
// Secret Service shows its own prompt where it can), Repair (the same repair as
// `aemtoken doctor --repair`), or the details. Checks at start, whenever the store changes and
// whenever the Secret Service says a collection was locked or unlocked or the service came or
// went; while the keychain is locked or absent, it also asks every few seconds (a keychain that
// does not send those signals), so an unlock elsewhere (a login, Passwords and Keys) or a
// keychain started later clears the bar.

#include "storedoctor.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QTimer;

namespace aem {
struct SecretResult;
class SecretServiceWatcher;
} // namespace aem

namespace aem::ui {

class AppContext;

class StoreHealthBar : public QFrame
{
    Q_OBJECT
public:
    explicit StoreHealthBar(AppContext& context, QWidget* parent = nullptr);

    // Checks again (coalesced: several calls in a row run one check).
    void recheck();
    // How often a locked or absent keychain is asked again.
    static constexpr int kKeychainWatchMs = 3000;
    const DoctorReport& lastReport() const { return m_report; }

Q_SIGNALS:
    void checked();
    // The first check found the keychain usable: where secrets are kept, for the status bar (when
    // it is not usable, the bar says so instead).
    void keychainReady(const QString& message);

private:
    void runCheck();
    void watchKeychain();
    void present(const DoctorReport& report, const QStringList& actions = {});
    void repair();
    void unlock();
    void showDetails();
    // In plain words, with what to do: locked, absent, refused.
    QString keychainHeadline(const aem::SecretResult& r) const;

    AppContext& m_context;
    StoreDoctor* m_doctor;
    QTimer* m_debounce;
    QTimer* m_watch; // runs while the keychain is locked or absent (a keychain that does not signal)
    SecretServiceWatcher* m_secretService = nullptr; // the Secret Service's own signals
    bool m_watching = false; // a watch probe is out
    QLabel* m_text;
    QPushButton* m_unlock;
    QPushButton* m_repair;
    QPushButton* m_details;
    DoctorReport m_report;
    bool m_busy = false;
    bool m_keychainLocked = false;
    bool m_announced = false;
    QString m_keychain; // the keychain's headline, empty when it can be used
    QString m_keychainDetails;
};

} // namespace aem::ui
