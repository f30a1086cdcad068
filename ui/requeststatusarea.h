// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester's status lines: the answer's status (it stays until the next request), a
// progress bar while the body arrives, a passing notice beside them (a copy done, cleared after a
// while) and the explanation of a failure below. Its height never changes as they come and go:
// the bar keeps its place when hidden and the explanation always has room for two lines.

#include <QWidget>

class QLabel;
class QProgressBar;
class QTimer;

namespace aem::ui {

class RequestStatusArea : public QWidget
{
    Q_OBJECT
public:
    explicit RequestStatusArea(QWidget* parent = nullptr);

    QString status() const;
    QString notice() const;
    QString explanation() const;

public Q_SLOTS:
    void setStatus(const QString& text);
    void setNotice(const QString& text);
    void setExplanation(const QString& text);
    // A bar with a known end (permille) or without.
    void showProgress(bool sizeKnown);
    void setProgress(int permille);
    void hideProgress();

private:
    QLabel* m_status;
    QProgressBar* m_progress;
    QLabel* m_notice;
    QTimer* m_noticeTimer;
    QLabel* m_explanation;
};

} // namespace aem::ui
