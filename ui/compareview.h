// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester's "Compare…" window: the tester's current request sent to two credentials
// and both answers side by side — status (coloured), time, size, the headers name by name with
// the differing ones marked, and the bodies as a list of differing JSON paths (or text lines)
// with both values. Volatile fields (timestamps, replication marks, Date, cookies) are ignored
// unless the user says otherwise, and the ignore list is the user's to edit. What it does lives
// in CompareController; the list of differences is a model over its result, so 10 000 rows
// appear at once.

#include "comparecontroller.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTableWidget;
class QTabWidget;
class QToolButton;

namespace aem::ui {

class AppContext;
class DiffModel;

class CompareView : public QWidget
{
    Q_OBJECT
public:
    // What the tester holds when the user sends: its request, target and chosen credential.
    struct Request
    {
        RequestDraft draft;
        RequestTesterController::Target target = RequestTesterController::Author;
        QString credential;
        // Where the request was loaded from, when from a collection: its own Authorization
        // goes as written (CompareController::send).
        std::optional<RequestTesterController::CollectionOrigin> origin;
        // Secret values filled in from a collection and the {{name}} the history records instead.
        QList<QPair<QByteArray, QByteArray>> historyRedactions;
    };

    CompareView(AppContext& context, RequestHistory& history, std::function<Request()> current,
                QWidget* parent = nullptr);
    ~CompareView() override;

    CompareController& controller() { return *m_controller; }
    void setCredentials(const QString& left, const QString& right);
    // Reads the tester's request again (the title line); the credentials keep the user's choice.
    void refreshRequest();

    // What the user reads, for tests.
    QString statusText(int side) const;
    QString verdictText() const;
    QString summaryText() const;
    QString explanationText() const;
    const QTableView& differencesView() const { return *m_diff; }
    const QTableWidget& headersView() const { return *m_headers; }

public Q_SLOTS:
    void send();
    void cancel();

Q_SIGNALS:
    // The comparison of the last answers (or bodies) is on screen.
    void comparisonShown();

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildTop();
    QWidget* buildSides();
    QWidget* buildBodyTab();
    void refreshCredentials();
    void showAnswer(int side);
    void showComparison();
    void showHeaders();
    void updateVerdict();
    void applyOptions();
    // The ignore list and its two checkboxes, kept in the settings (compareview.cpp).
    void restoreOptions();
    void saveOptions();
    void ignoreRow(int row);

    AppContext& m_context;
    std::function<Request()> m_current;
    CompareController* m_controller;
    DiffModel* m_model;

    QLabel* m_request;
    QComboBox* m_left;
    QComboBox* m_right;
    QToolButton* m_swap;
    QPushButton* m_send;
    QPushButton* m_cancel;
    QLabel* m_explanation;
    QLabel* m_verdict;
    QLabel* m_name[2];
    QLabel* m_status[2];
    QLabel* m_detail[2]; // why it failed
    QTabWidget* m_tabs;
    QCheckBox* m_ignoreVolatile;
    QCheckBox* m_ignoreTimestamps;
    QLineEdit* m_ignoreList;
    QLabel* m_summary;
    QTableView* m_diff;
    QTableWidget* m_headers;
    bool m_restoring = false;
};

} // namespace aem::ui
