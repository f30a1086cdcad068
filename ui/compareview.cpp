// SPDX-License-Identifier: Apache-2.0
#include "compareview.h"

#include "appcontext.h"
#include "collectionfile.h"
#include "credentialstore.h"
#include "elidingheader.h"
#include "plaintooltip.h"
#include "productionconfirm.h"
#include "theme.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::CompareView)
};
// The tester's own words for a status, already in its catalogue.
struct TesterTr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::RequestTester)
};

QColor tint(const QColor& c)
{
    QColor t = c;
    t.setAlpha(48);
    return t;
}

QString statusLine(const CompareAnswer& a)
{
    if (!a.finished)
        return a.credential.isEmpty() ? QString() : TesterTr::tr("Sending…");
    if (!a.sent)
        return TesterTr::tr("Not sent");
    if (!a.status)
        return TesterTr::tr("No answer · %1 ms").arg(a.elapsedMs);
    return TesterTr::tr("%1 %2 · %3 ms · %4")
        .arg(a.status)
        .arg(QString::fromLatin1(a.reason))
        .arg(a.elapsedMs)
        .arg(RequestTesterController::humanSize(a.bytes));
}
} // namespace

// The differences of the last comparison, one row each: path (or line), what differs, both values.
class DiffModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;
    enum Column { PathColumn, KindColumn, LeftColumn, RightColumn };

    void setResult(const JsonDiffResult& r, const QString& left, const QString& right)
    {
        beginResetModel();
        m_differences = r.differences; // shared, not copied
        m_names[0] = left;
        m_names[1] = right;
        endResetModel();
        Q_EMIT headerDataChanged(Qt::Horizontal, LeftColumn, RightColumn);
    }
    void clear() { setResult({}, m_names[0], m_names[1]); }
    const JsonDifference& at(int row) const { return m_differences[row]; }

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_differences.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : 4; }

    QVariant headerData(int section, Qt::Orientation o, int role) const override
    {
        if (o != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case PathColumn: return Tr::tr("Path");
        case KindColumn: return Tr::tr("Difference");
        case LeftColumn: return m_names[0];
        default: return m_names[1];
        }
    }

    QVariant data(const QModelIndex& index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_differences.size())
            return {};
        const JsonDifference& d = m_differences[index.row()];
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            QString text;
            switch (index.column()) {
            case PathColumn: text = d.path.isEmpty() ? lineLabel(d) : d.path; break;
            case KindColumn: text = kindLabel(d.kind); break;
            case LeftColumn: text = d.left; break;
            default: text = d.right; break;
            }
            // The servers' words: a tooltip would take "<p>…" for markup.
            return role == Qt::ToolTipRole ? plainToolTip(text) : text;
        }
        if (role == Qt::BackgroundRole && index.column() >= LeftColumn) {
            const QPalette p = QApplication::palette();
            const bool left = index.column() == LeftColumn;
            switch (d.kind) {
            case JsonDifference::Removed: return left ? QVariant(tint(Theme::error(p))) : QVariant();
            case JsonDifference::Added: return left ? QVariant() : QVariant(tint(Theme::ok(p)));
            case JsonDifference::TypeChanged: return QVariant(tint(Theme::error(p)));
            case JsonDifference::Changed: return QVariant(tint(Theme::warning(p)));
            }
        }
        return {};
    }

private:
    static QString lineLabel(const JsonDifference& d)
    {
        if (d.leftLine && d.rightLine && d.leftLine != d.rightLine)
            return Tr::tr("lines %1 / %2").arg(d.leftLine).arg(d.rightLine);
        return Tr::tr("line %1").arg(d.leftLine ? d.leftLine : d.rightLine);
    }
    QString kindLabel(JsonDifference::Kind k) const
    {
        switch (k) {
        case JsonDifference::Added: return Tr::tr("only in %1").arg(m_names[1]);
        case JsonDifference::Removed: return Tr::tr("only in %1").arg(m_names[0]);
        case JsonDifference::TypeChanged: return Tr::tr("type differs");
        case JsonDifference::Changed: break;
        }
        return Tr::tr("value differs");
    }

    QList<JsonDifference> m_differences;
    QString m_names[2];
};

CompareView::CompareView(AppContext& context, RequestHistory& history, std::function<Request()> current,
                         QWidget* parent)
    : QWidget(parent, Qt::Window),
      m_context(context),
      m_current(std::move(current)),
      m_controller(new CompareController(context.store(), context.tokenService(), context.nam(), history, this)),
      m_model(new DiffModel(this))
{
    setObjectName(QStringLiteral("compareView"));
    setWindowTitle(tr("Compare two answers"));
    m_controller->setClock(&context.clock());
    m_controller->setProductionPrompt([this](const QString& method, const QString& credential, bool suggested) {
        return confirmProductionRequest(this, method, credential, suggested);
    });
    m_controller->setAsWrittenPrompt(
        [this](const QString& file, const QString& host) { return confirmFileAuthorization(this, file, host); });
    buildTop();
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_tabs->addTab(buildBodyTab(), tr("Body"));
    m_headers = new QTableWidget(0, 3, this);
    useElidingHeader(m_headers);
    m_headers->setObjectName(QStringLiteral("compareHeaders"));
    m_headers->setAccessibleName(tr("Response headers of both answers"));
    m_headers->verticalHeader()->hide();
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_headers, tr("Headers"));

    auto* row = new QHBoxLayout;
    row->addWidget(m_left, 2);
    row->addWidget(m_swap);
    row->addWidget(m_right, 2);
    row->addWidget(m_send);
    row->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_request);
    layout->addLayout(row);
    layout->addWidget(m_explanation);
    layout->addWidget(m_verdict);
    layout->addWidget(buildSides());
    layout->addWidget(m_tabs, 1);

    CompareController* c = m_controller;
    connect(m_send, &QPushButton::clicked, this, &CompareView::send);
    connect(m_cancel, &QPushButton::clicked, this, &CompareView::cancel);
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this), &QShortcut::activated, this,
            &CompareView::send);
    connect(new QShortcut(QKeySequence(Qt::Key_Escape), this), &QShortcut::activated, this, &CompareView::cancel);
    connect(m_swap, &QToolButton::clicked, this,
            [this] { setCredentials(m_right->currentText(), m_left->currentText()); });
    connect(c, &CompareController::busyChanged, this, [this](bool busy) {
        m_send->setEnabled(!busy);
        m_cancel->setEnabled(busy);
        updateVerdict();
    });
    connect(c, &CompareController::explanationChanged, m_explanation, &QLabel::setText);
    connect(c, &CompareController::answerChanged, this, &CompareView::showAnswer);
    connect(c, &CompareController::comparing, this, &CompareView::updateVerdict);
    connect(c, &CompareController::compared, this, &CompareView::showComparison);
    connect(&m_context.store(), &CredentialStore::changed, this, &CompareView::refreshCredentials);
    connect(&m_context, &AppContext::credentialsChanged, this, &CompareView::refreshCredentials);
    refreshCredentials();
    refreshRequest();
    restoreOptions();
    m_cancel->setEnabled(false);
    resize(1000, 700);
}

CompareView::~CompareView()
{
    // First, while the widgets exist: requests under way end (as cancelled) here.
    delete m_controller;
    m_controller = nullptr;
}

void CompareView::buildTop()
{
    m_request = new QLabel(this);
    m_request->setObjectName(QStringLiteral("compareRequest"));
    m_request->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_request->setTextFormat(Qt::PlainText); // a path typed or read from a collection
    m_left = new QComboBox(this);
    m_left->setObjectName(QStringLiteral("compareLeft"));
    m_left->setAccessibleName(tr("First credential"));
    m_right = new QComboBox(this);
    m_right->setObjectName(QStringLiteral("compareRight"));
    m_right->setAccessibleName(tr("Second credential"));
    m_swap = new QToolButton(this);
    m_swap->setText(QStringLiteral("\u21c4"));
    m_swap->setObjectName(QStringLiteral("compareSwap"));
    m_swap->setToolTip(tr("Swap the two credentials"));
    m_swap->setAccessibleName(tr("Swap the two credentials"));
    m_send = new QPushButton(tr("&Send to both"), this);
    m_send->setObjectName(QStringLiteral("compareSend"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("compareCancel"));
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("compareExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("compareVerdict"));
    m_verdict->setWordWrap(true);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
}

QWidget* CompareView::buildSides()
{
    auto* box = new QWidget(this);
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    const QString sides[2] = {QStringLiteral("Left"), QStringLiteral("Right")};
    for (int side = 0; side < 2; ++side) {
        m_name[side] = new QLabel(box);
        m_name[side]->setTextFormat(Qt::PlainText);
        QFont bold = m_name[side]->font();
        bold.setBold(true);
        m_name[side]->setFont(bold);
        m_status[side] = new QLabel(box);
        m_status[side]->setObjectName(QStringLiteral("compareStatus") + sides[side]);
        m_status[side]->setTextFormat(Qt::PlainText); // the server's reason phrase: never markup
        m_detail[side] = new QLabel(box);
        m_detail[side]->setObjectName(QStringLiteral("compareDetail") + sides[side]);
        m_detail[side]->setTextFormat(Qt::PlainText);
        m_detail[side]->setWordWrap(true);
        grid->addWidget(m_name[side], 0, side);
        grid->addWidget(m_status[side], 1, side);
        grid->addWidget(m_detail[side], 2, side);
        grid->setColumnStretch(side, 1);
    }
    return box;
}

QWidget* CompareView::buildBodyTab()
{
    auto* tab = new QWidget(this);
    m_ignoreVolatile = new QCheckBox(tr("Ignore volatile fields"), tab);
    m_ignoreVolatile->setObjectName(QStringLiteral("compareIgnoreVolatile"));
    m_ignoreVolatile->setToolTip(tr("Timestamps, replication marks and ids that differ between any two "
                                    "environments, and headers such as Date and Set-Cookie"));
    m_ignoreVolatile->setChecked(true);
    m_ignoreList = new QLineEdit(m_controller->options().ignore.join(QStringLiteral(", ")), tab);
    m_ignoreList->setObjectName(QStringLiteral("compareIgnoreList"));
    m_ignoreList->setAccessibleName(tr("Ignored keys and paths"));
    m_ignoreList->setToolTip(tr("Keys (jcr:created) or paths ($.hits[*].id), separated by commas; * matches "
                                "anything"));
    m_ignoreTimestamps = new QCheckBox(tr("Ignore values that look like dates"), tab);
    m_ignoreTimestamps->setObjectName(QStringLiteral("compareIgnoreTimestamps"));
    m_summary = new QLabel(tab);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setWordWrap(true);
    m_diff = new QTableView(tab);
    useElidingHeader(m_diff);
    m_diff->setObjectName(QStringLiteral("compareDiff"));
    m_diff->setAccessibleName(tr("Differences between the bodies"));
    m_diff->setModel(m_model);
    m_diff->setWordWrap(false);
    m_diff->setTextElideMode(Qt::ElideMiddle);
    m_diff->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diff->verticalHeader()->hide();
    // Fixed row heights and column widths: nothing is measured row by row, so 10 000 rows cost
    // what the visible ones do.
    m_diff->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_diff->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_diff->horizontalHeader()->setStretchLastSection(true);
    m_diff->setColumnWidth(DiffModel::PathColumn, 280);
    m_diff->setColumnWidth(DiffModel::KindColumn, 120);
    m_diff->setColumnWidth(DiffModel::LeftColumn, 260);
    m_diff->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_diff, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex i = m_diff->indexAt(at);
        if (!i.isValid())
            return;
        const QString path = m_model->at(i.row()).path;
        QMenu menu(this);
        if (!path.isEmpty()) {
            menu.addAction(tr("Ignore this field"), this, [this, row = i.row()] { ignoreRow(row); });
            menu.addAction(tr("Copy the path"), this, [path] { QApplication::clipboard()->setText(path); });
        }
        if (!menu.isEmpty())
            menu.exec(m_diff->viewport()->mapToGlobal(at));
    });
    connect(m_ignoreVolatile, &QCheckBox::toggled, this, [this](bool on) {
        m_ignoreList->setEnabled(on);
        applyOptions();
    });
    connect(m_ignoreTimestamps, &QCheckBox::toggled, this, &CompareView::applyOptions);
    connect(m_ignoreList, &QLineEdit::editingFinished, this, &CompareView::applyOptions);

    auto* options = new QHBoxLayout;
    options->addWidget(m_ignoreVolatile);
    options->addWidget(m_ignoreList, 1);
    options->addWidget(m_ignoreTimestamps);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(options);
    layout->addWidget(m_summary);
    layout->addWidget(m_diff, 1);
    return tab;
}

void CompareView::refreshCredentials()
{
    const QStringList names = m_controller->credentialNames();
    for (QComboBox* box : {m_left, m_right}) {
        const QString current = box->currentText();
        box->clear();
        box->addItems(names);
        const int i = box->findText(current);
        if (i >= 0)
            box->setCurrentIndex(i);
    }
    if (m_left->currentText() == m_right->currentText() && names.size() > 1)
        m_right->setCurrentIndex(m_left->currentIndex() == 0 ? 1 : 0);
}

void CompareView::setCredentials(const QString& left, const QString& right)
{
    const int l = m_left->findText(left), r = m_right->findText(right);
    if (l >= 0)
        m_left->setCurrentIndex(l);
    if (r >= 0)
        m_right->setCurrentIndex(r);
    if (m_left->currentText() == m_right->currentText() && m_right->count() > 1)
        m_right->setCurrentIndex(m_left->currentIndex() == 0 ? 1 : 0);
}

void CompareView::refreshRequest()
{
    const Request r = m_current();
    const QString targets[] = {TesterTr::tr("Author"), TesterTr::tr("Publish"), TesterTr::tr("Preview")};
    m_request->setText(tr("%1 %2 on the %3 host of each credential")
                           .arg(r.draft.method.trimmed().toUpper(), r.draft.pathOrUrl.trimmed().left(300),
                                targets[std::clamp(int(r.target), 0, 2)].toLower()));
}

void CompareView::changeEvent(QEvent* event)
{
    // Back from the tester, where the request may have been edited.
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        refreshRequest();
    QWidget::changeEvent(event);
}

void CompareView::send()
{
    refreshRequest();
    const Request r = m_current();
    if (m_left->currentText() == m_right->currentText()) {
        m_explanation->setText(tr("Choose two different credentials."));
        return;
    }
    m_controller->setHistoryRedactions(r.historyRedactions);
    m_controller->send(r.draft, r.target, m_left->currentText(), m_right->currentText(), r.origin);
}

void CompareView::cancel()
{
    m_controller->cancel();
}

void CompareView::showAnswer(int side)
{
    const CompareAnswer& a = m_controller->answer(CompareController::Side(side));
    m_name[side]->setText(a.credential);
    m_status[side]->setText(statusLine(a));
    const QColor c = !a.finished                      ? palette().color(QPalette::WindowText)
        : a.sent && a.status >= 200 && a.status < 300 ? Theme::ok(palette())
        : a.sent && a.status >= 300 && a.status < 400 ? Theme::warning(palette())
                                                      : Theme::error(palette());
    m_status[side]->setStyleSheet(QStringLiteral("color: %1").arg(c.name()));
    m_detail[side]->setText(a.bodyCut ? tr("The body is larger than %1: not compared.")
                                            .arg(RequestTesterController::humanSize(CompareController::kMaxBody))
                                      : a.error);
    if (!a.finished) {
        m_model->setResult({}, m_controller->answer(CompareController::Left).credential,
                           m_controller->answer(CompareController::Right).credential);
        m_summary->clear();
    }
    showHeaders();
    updateVerdict();
}

void CompareView::showHeaders()
{
    const auto rows = m_controller->headerRows();
    m_headers->setHorizontalHeaderLabels({tr("Header"), m_controller->answer(CompareController::Left).credential,
                                          m_controller->answer(CompareController::Right).credential});
    m_headers->setRowCount(int(rows.size()));
    const QColor differs = tint(Theme::warning(palette()));
    for (int i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const QString cells[3] = {r.name, r.left, r.right};
        for (int col = 0; col < 3; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setToolTip(plainToolTip(cells[col])); // header values are the servers
            if (r.differs && r.ignored) {
                QFont f = item->font();
                f.setItalic(true);
                item->setFont(f);
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
                item->setToolTip(tr("Differs, ignored as a volatile header"));
            } else if (r.differs) {
                item->setBackground(differs);
            }
            m_headers->setItem(i, col, item);
        }
    }
    const int n = m_controller->headerDifferences();
    m_tabs->setTabText(1, n ? tr("Headers (%n differ)", nullptr, n) : tr("Headers"));
}

void CompareView::showComparison()
{
    const JsonDiffResult& r = m_controller->result();
    const QString left = m_controller->answer(CompareController::Left).credential;
    const QString right = m_controller->answer(CompareController::Right).credential;
    if (!m_controller->hasResult()) {
        m_model->setResult({}, left, right);
        m_summary->clear();
    } else {
        m_model->setResult(r, left, right);
        QStringList parts;
        if (r.total == 0)
            parts.append(tr("The bodies are the same."));
        else if (r.json)
            parts.append(tr("%n difference(s) between the JSON bodies.", nullptr, int(r.total)));
        else
            parts.append(tr("%n line(s) differ, compared as text.", nullptr, int(r.total)));
        if (!r.json && r.leftIsJson != r.rightIsJson)
            parts.append(tr("Only %1 answered JSON.").arg(r.leftIsJson ? left : right));
        if (r.approximate)
            parts.append(tr("Too different to align: compared line by line."));
        if (r.depthLimited)
            parts.append(tr("Nested deeper than %1 levels: compared whole from there.").arg(kMaxJsonDiffDepth));
        if (r.omitted() > 0)
            parts.append(
                tr("The first %1 are listed, and %n more.", nullptr, int(r.omitted())).arg(r.differences.size()));
        if (r.ignored > 0)
            parts.append(tr("%n ignored.", nullptr, int(r.ignored)));
        m_summary->setText(parts.join(QLatin1Char(' ')));
        m_tabs->setTabText(0, r.total ? tr("Body (%n differ)", nullptr, int(r.total)) : tr("Body"));
    }
    showHeaders(); // the ignore list applies to them too
    updateVerdict();
    Q_EMIT comparisonShown();
}

void CompareView::updateVerdict()
{
    const CompareController& c = *m_controller;
    const CompareAnswer& l = c.answer(CompareController::Left);
    const CompareAnswer& r = c.answer(CompareController::Right);
    if (l.credential.isEmpty() && !c.hasResult() && !c.isComparing()) {
        m_verdict->setText(tr("Send the request to both to compare the answers."));
        return;
    }
    if (c.isBusy()) {
        m_verdict->setText(tr("Waiting for both answers…"));
        return;
    }
    if (l.finished && r.finished && (!CompareController::answered(l) || !CompareController::answered(r))) {
        m_verdict->setText(
            tr("Not compared: %1 has no answer.").arg(CompareController::answered(l) ? r.credential : l.credential));
        return;
    }
    if (c.isComparing()) {
        m_verdict->setText(tr("Comparing…"));
        return;
    }
    QStringList differences;
    if (l.status != r.status)
        differences.append(tr("status %1 and %2").arg(l.status).arg(r.status));
    if (const int h = c.headerDifferences())
        differences.append(tr("%n header(s)", nullptr, h));
    if (!c.hasResult()) {
        m_verdict->setText(l.bodyCut || r.bodyCut ? tr("The bodies are too large to compare.") : QString());
        return;
    }
    if (c.result().total)
        differences.append(tr("%n place(s) in the body", nullptr, int(c.result().total)));
    if (differences.isEmpty())
        m_verdict->setText(c.result().ignored ? tr("The answers are the same, but for %n ignored field(s).", nullptr,
                                                   int(c.result().ignored))
                                              : tr("The answers are the same."));
    else
        m_verdict->setText(tr("The answers differ: %1.").arg(differences.join(QStringLiteral(", "))));
}

void CompareView::applyOptions()
{
    JsonDiffOptions o = m_controller->options();
    o.ignore.clear();
    if (m_ignoreVolatile->isChecked())
        for (const QString& p : m_ignoreList->text().split(QLatin1Char(',')))
            if (!p.trimmed().isEmpty())
                o.ignore.append(p.trimmed());
    o.ignoreTimestampValues = m_ignoreTimestamps->isChecked();
    saveOptions();
    if (o.ignore == m_controller->options().ignore
        && o.ignoreTimestampValues == m_controller->options().ignoreTimestampValues)
        return;
    m_controller->setOptions(o);
    showHeaders();
    updateVerdict();
}

void CompareView::restoreOptions()
{
    // Before the user touches them: what they chose last time, else the defaults.
    const AppSettings& s = m_context.settings();
    m_restoring = true;
    if (s.compareIgnoreList)
        m_ignoreList->setText(*s.compareIgnoreList);
    m_ignoreVolatile->setChecked(s.compareIgnoreVolatile);
    m_ignoreTimestamps->setChecked(s.compareIgnoreTimestamps);
    applyOptions();
    m_restoring = false;
}

void CompareView::saveOptions()
{
    if (m_restoring)
        return;
    AppSettings s = m_context.settings();
    s.compareIgnoreList = m_ignoreList->text();
    s.compareIgnoreVolatile = m_ignoreVolatile->isChecked();
    s.compareIgnoreTimestamps = m_ignoreTimestamps->isChecked();
    if (s == m_context.settings())
        return;
    if (!m_context.setSettings(s))
        m_explanation->setText(tr("The comparison options could not be saved to %1.").arg(m_context.settingsPath()));
}

void CompareView::ignoreRow(int row)
{
    // The key itself when the path ends in one (it is then ignored everywhere), else the path
    // with its array positions made wildcards.
    const QString path = m_model->at(row).path;
    static const QRegularExpression lastKey(QStringLiteral("\\.([^.\\[\\]]+)$"));
    const QRegularExpressionMatch m = lastKey.match(path);
    QString entry = m.hasMatch() ? m.captured(1) : path;
    if (!m.hasMatch())
        entry.replace(QRegularExpression(QStringLiteral("\\[\\d+\\]")), QStringLiteral("[*]"));
    QString list = m_ignoreList->text().trimmed();
    if (!list.isEmpty())
        list += QStringLiteral(", ");
    m_ignoreList->setText(list + entry);
    m_ignoreVolatile->setChecked(true); // applies the options when it was off
    applyOptions();
}

QString CompareView::statusText(int side) const
{
    return m_status[std::clamp(side, 0, 1)]->text();
}
QString CompareView::verdictText() const
{
    return m_verdict->text();
}
QString CompareView::summaryText() const
{
    return m_summary->text();
}
QString CompareView::explanationText() const
{
    return m_explanation->text();
}

} // namespace aem::ui
