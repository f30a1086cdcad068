// SPDX-License-Identifier: Apache-2.0
#include "querybuilderpanel.h"

#include "aempath.h"
#include "aemtools.h"
#include "elidingheader.h"
#include "keyvaluetable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace aem::ui {

QueryBuilderPanel::QueryBuilderPanel(ToolRequests& requests, QWidget* parent) : QWidget(parent), m_requests(requests)
{
    m_path = new QLineEdit(QStringLiteral("/content/dam"), this);
    m_path->setObjectName(QStringLiteral("qbPath"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("qbType"));
    m_type->setEditable(true);
    m_type->addItems({QString(), QStringLiteral("dam:Asset"), QStringLiteral("cq:Page"), QStringLiteral("sling:Folder"),
                      QStringLiteral("nt:unstructured")});
    m_properties = KeyValueTable::create(this, QStringLiteral("qbProperties"), tr("Property"), tr("Value"));
    m_properties->setAccessibleName(tr("Property = value"));
    m_properties->setMaximumHeight(120);
    m_fulltext = new QLineEdit(this);
    m_fulltext->setObjectName(QStringLiteral("qbFulltext"));
    m_limit = new QSpinBox(this);
    m_limit->setObjectName(QStringLiteral("qbLimit"));
    m_limit->setAccessibleName(tr("Limit"));
    m_limit->setRange(-1, kQueryBuilderMaxLimit);
    m_limit->setValue(20);
    m_limit->setSpecialValueText(tr("all"));
    m_orderBy = new QComboBox(this);
    m_orderBy->setObjectName(QStringLiteral("qbOrderBy"));
    m_orderBy->setAccessibleName(tr("Order by"));
    m_orderBy->setEditable(true);
    m_orderBy->addItems({QString(), QStringLiteral("@jcr:content/jcr:title"),
                         QStringLiteral("@jcr:content/jcr:lastModified"), QStringLiteral("path"),
                         QStringLiteral("nodename")});
    m_descending = new QCheckBox(tr("Descending"), this);
    m_descending->setObjectName(QStringLiteral("qbDescending"));
    m_guessTotal = new QCheckBox(tr("Guess the total (faster on large results)"), this);
    m_guessTotal->setObjectName(QStringLiteral("qbGuessTotal"));
    m_guessTotal->setToolTip(tr("p.guessTotal=true: AEM stops counting early, so the total may say \"more than\"."));
    m_query = new QLabel(this);
    m_query->setObjectName(QStringLiteral("qbQuery"));
    m_query->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_query->setWordWrap(true);
    m_run = new QPushButton(tr("&Run query"), this);
    m_run->setObjectName(QStringLiteral("qbRun"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("qbStatus"));
    m_status->setTextFormat(Qt::PlainText); // holds AEM's own words: never markup
    m_status->setWordWrap(true);
    m_hits = new QTableWidget(this);
    useElidingHeader(m_hits);
    m_hits->setObjectName(QStringLiteral("qbHits"));
    m_hits->setAccessibleName(tr("Hits"));
    m_hits->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hits->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_hits->horizontalHeader()->setStretchLastSection(true);
    m_hits->verticalHeader()->hide();
    m_previous = new QPushButton(tr("&Previous"), this);
    m_previous->setObjectName(QStringLiteral("qbPrevious"));
    m_previous->setEnabled(false);
    m_next = new QPushButton(tr("&Next"), this);
    m_next->setObjectName(QStringLiteral("qbNext"));
    m_next->setEnabled(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Path"), m_path);
    form->addRow(tr("Type"), m_type);
    form->addRow(tr("Properties"), m_properties);
    form->addRow(tr("Full text"), m_fulltext);
    auto* limitRow = new QHBoxLayout;
    limitRow->addWidget(m_limit);
    limitRow->addWidget(m_guessTotal, 1);
    form->addRow(tr("Limit"), limitRow);
    auto* order = new QHBoxLayout;
    order->addWidget(m_orderBy, 1);
    order->addWidget(m_descending);
    form->addRow(tr("Order by"), order);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_query, 1);
    runRow->addWidget(m_run);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(runRow);
    auto* pageRow = new QHBoxLayout;
    pageRow->addWidget(m_status, 1);
    pageRow->addWidget(m_previous);
    pageRow->addWidget(m_next);
    layout->addLayout(pageRow);
    layout->addWidget(m_hits, 1);

    connect(m_path, &QLineEdit::textChanged, this, &QueryBuilderPanel::updateQuery);
    connect(m_type, &QComboBox::currentTextChanged, this, &QueryBuilderPanel::updateQuery);
    connect(m_properties, &QTableWidget::itemChanged, this, &QueryBuilderPanel::updateQuery);
    connect(m_fulltext, &QLineEdit::textChanged, this, &QueryBuilderPanel::updateQuery);
    connect(m_limit, &QSpinBox::valueChanged, this, &QueryBuilderPanel::updateQuery);
    connect(m_orderBy, &QComboBox::currentTextChanged, this, &QueryBuilderPanel::updateQuery);
    connect(m_descending, &QCheckBox::toggled, this, &QueryBuilderPanel::updateQuery);
    connect(m_guessTotal, &QCheckBox::toggled, this, &QueryBuilderPanel::updateQuery);
    connect(m_previous, &QPushButton::clicked, this, &QueryBuilderPanel::previousPage);
    connect(m_next, &QPushButton::clicked, this, &QueryBuilderPanel::nextPage);
    connect(m_path, &QLineEdit::returnPressed, this, &QueryBuilderPanel::run);
    connect(m_fulltext, &QLineEdit::returnPressed, this, &QueryBuilderPanel::run);
    connect(m_run, &QPushButton::clicked, this, &QueryBuilderPanel::run);
    connect(m_hits, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        const QTableWidgetItem* header = m_hits->horizontalHeaderItem(0);
        if (!header || header->text() != QLatin1String("path") || !m_hits->item(row, 0))
            return;
        // The server's word: only a path on this AEM goes to the tester (not https://other-host).
        const QString path = m_hits->item(row, 0)->text();
        if (isPathOnThisAem(path))
            Q_EMIT hitActivated(path);
        else
            m_status->setText(tr("%1 is not a path on this AEM: not opened.").arg(path.left(200)));
    });
    connect(&m_requests, &ToolRequests::busyChanged, m_run, [this](bool busy) {
        m_run->setEnabled(!busy);
        updatePaging();
    });
    updateQuery();
}

QueryBuilderForm QueryBuilderPanel::form() const
{
    QueryBuilderForm f;
    f.path = m_path->text();
    f.type = m_type->currentText();
    f.properties = KeyValueTable::rows(m_properties);
    f.fulltext = m_fulltext->text();
    f.limit = m_limit->value();
    f.orderBy = m_orderBy->currentText();
    f.descending = m_descending->isChecked();
    f.guessTotal = m_guessTotal->isChecked();
    return f;
}

void QueryBuilderPanel::setForm(const QueryBuilderForm& f)
{
    m_path->setText(f.path);
    m_type->setCurrentText(f.type);
    KeyValueTable::setRows(m_properties, f.properties);
    m_fulltext->setText(f.fulltext);
    m_limit->setValue(f.limit);
    m_orderBy->setCurrentText(f.orderBy);
    m_descending->setChecked(f.descending);
    m_guessTotal->setChecked(f.guessTotal);
    updateQuery();
}

QString QueryBuilderPanel::queryText() const
{
    return m_query->text();
}

QString QueryBuilderPanel::statusText() const
{
    return m_status->text();
}

void QueryBuilderPanel::updateQuery()
{
    QString error;
    const auto path = queryBuilderPath(form(), &error);
    m_query->setText(path.value_or(error));
}

void QueryBuilderPanel::run()
{
    send(form());
}

void QueryBuilderPanel::previousPage()
{
    if (!m_page.hasPrevious)
        return;
    QueryBuilderForm f = m_shownForm;
    f.offset = m_page.previousOffset;
    send(f);
}

void QueryBuilderPanel::nextPage()
{
    if (!m_page.hasNext)
        return;
    QueryBuilderForm f = m_shownForm;
    f.offset = m_page.nextOffset;
    send(f);
}

void QueryBuilderPanel::send(const QueryBuilderForm& f)
{
    QString error;
    const auto path = queryBuilderPath(f, &error);
    if (!path) {
        m_status->setText(error);
        Q_EMIT failed(error);
        return;
    }
    m_status->setText(tr("Querying…"));
    m_requests.run("GET", *path, {}, this, [this, f](int status, const QByteArray& body, const QString& error) {
        showAnswer(f, status, body, error);
    });
}

void QueryBuilderPanel::updatePaging()
{
    const bool idle = !m_requests.isBusy();
    m_previous->setEnabled(idle && m_page.hasPrevious);
    m_next->setEnabled(idle && m_page.hasNext);
}

void QueryBuilderPanel::showAnswer(const QueryBuilderForm& form, int status, const QByteArray& body,
                                   const QString& error)
{
    QString why = error;
    std::optional<QueryBuilderHits> hits;
    if (why.isEmpty()) {
        hits = parseQueryBuilderHits(body, &why, form.limit > 0 ? form.limit : kQueryBuilderMaxLimit);
        if (status >= 400)
            why = tr("AEM answered %1: %2").arg(status).arg(why.isEmpty() ? tr("see the request tester") : why);
    }
    if (!why.isEmpty() || !hits) {
        m_hits->setRowCount(0);
        m_page = {};
        updatePaging();
        m_status->setText(why);
        Q_EMIT failed(why);
        return;
    }
    m_hits->clear();
    m_hits->setColumnCount(int(hits->columns.size()));
    m_hits->setHorizontalHeaderLabels(hits->columns);
    m_hits->setRowCount(int(hits->rows.size()));
    for (int r = 0; r < hits->rows.size(); ++r)
        for (int c = 0; c < hits->rows.at(r).size(); ++c)
            if (!hits->rows.at(r).at(c).isEmpty()) // an empty cell needs no item
                m_hits->setItem(r, c, new QTableWidgetItem(hits->rows.at(r).at(c)));
    m_hits->resizeColumnsToContents();
    m_shownForm = form;
    m_page = queryBuilderPage(form, *hits);
    updatePaging();
    const int shown = int(hits->rows.size());
    if (shown == 0)
        m_status->setText(form.offset > 0 ? tr("No hits from hit %1 on.").arg(form.offset + 1) : tr("No hits."));
    else if (m_page.first == 1 && !m_page.hasNext && !m_page.totalIsLowerBound)
        m_status->setText(tr("%n hit(s).", nullptr, shown));
    else if (m_page.totalIsLowerBound)
        m_status->setText(tr("Hits %1–%2 of more than %3.").arg(m_page.first).arg(m_page.last).arg(m_page.total));
    else
        m_status->setText(tr("Hits %1–%2 of %3.").arg(m_page.first).arg(m_page.last).arg(m_page.total));
    if (hits->extraHits > 0)
        m_status->setText(m_status->text() + QLatin1Char(' ')
                          + tr("AEM sent %n hit(s) more than asked: not shown.", nullptr, hits->extraHits));
    if (hits->hiddenColumns > 0)
        m_status->setText(m_status->text() + QLatin1Char(' ')
                          + tr("%n more key(s) not shown as columns.", nullptr, hits->hiddenColumns));
    Q_EMIT hitsShown(shown);
}

} // namespace aem::ui
