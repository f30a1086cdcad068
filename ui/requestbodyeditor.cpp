// SPDX-License-Identifier: Apache-2.0
#include "requestbodyeditor.h"

#include "dialogs.h"
#include "requesttestercontroller.h"

#include <QComboBox>
#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace aem::ui {

RequestBodyEditor::RequestBodyEditor(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("testerBodyEditor"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("testerBodyKind"));
    m_kind->setAccessibleName(tr("Body type"));
    // In BodyKind's order.
    m_kind->addItems({tr("JSON"), tr("Form (URL-encoded)"), tr("Text"), tr("File")});
    auto* kindLabel = new QLabel(tr("&Type:"), this);
    kindLabel->setBuddy(m_kind);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("testerBody"));
    m_text->setAccessibleName(tr("Request body"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTabChangesFocus(true);

    auto* filePage = new QWidget(this);
    m_file = new QLineEdit(filePage);
    m_file->setObjectName(QStringLiteral("testerBodyFile"));
    m_file->setReadOnly(true);
    m_file->setAccessibleName(tr("Body file"));
    m_file->setPlaceholderText(tr("No file chosen"));
    m_choose = new QPushButton(tr("C&hoose file…"), filePage);
    m_choose->setObjectName(QStringLiteral("testerBodyChoose"));
    m_fileInfo = new QLabel(filePage);
    m_fileInfo->setObjectName(QStringLiteral("testerBodyFileInfo"));
    m_fileInfo->setWordWrap(true);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_choose);
    auto* fileLayout = new QVBoxLayout(filePage);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addLayout(fileRow);
    fileLayout->addWidget(m_fileInfo);
    fileLayout->addStretch(1);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_text);
    m_pages->addWidget(filePage);

    m_reasonLabel = new QLabel(this);
    m_reasonLabel->setObjectName(QStringLiteral("testerBodyReason"));
    m_reasonLabel->setWordWrap(true);
    m_reasonLabel->hide();

    auto* top = new QHBoxLayout;
    top->addWidget(kindLabel);
    top->addWidget(m_kind);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_reasonLabel);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &RequestBodyEditor::onKindChanged);
    connect(m_text, &QPlainTextEdit::textChanged, this, &RequestBodyEditor::contentChanged);
    connect(m_choose, &QPushButton::clicked, this, &RequestBodyEditor::chooseFile);
    onKindChanged(0);
}

void RequestBodyEditor::onKindChanged(int index)
{
    const BodyKind k = BodyKind(std::max(0, index));
    m_pages->setCurrentIndex(k == BodyKind::File ? 1 : 0);
    m_text->setPlaceholderText(k == BodyKind::Json       ? tr("{\"title\": \"A page\"}")
                                   : k == BodyKind::Form ? tr("name=value&other=value")
                                                         : tr("Any text, sent as UTF-8"));
    Q_EMIT contentChanged();
}

void RequestBodyEditor::setMethod(const QString& method)
{
    m_reason = RequestTesterController::noBodyReason(method);
    m_reasonLabel->setText(m_reason);
    m_reasonLabel->setVisible(!m_reason.isEmpty());
    m_kind->setEnabled(m_reason.isEmpty());
    m_pages->setEnabled(m_reason.isEmpty());
    Q_EMIT contentChanged();
}

BodyKind RequestBodyEditor::kind() const
{
    return BodyKind(std::max(0, m_kind->currentIndex()));
}

void RequestBodyEditor::setKind(BodyKind kind)
{
    m_kind->setCurrentIndex(int(kind));
}

QString RequestBodyEditor::text() const
{
    return m_text->toPlainText();
}

void RequestBodyEditor::setText(const QString& text)
{
    m_text->setPlainText(text);
}

void RequestBodyEditor::setFilePath(const QString& path)
{
    m_filePath = path;
    m_file->setText(QDir::toNativeSeparators(path));
    updateFileInfo();
    Q_EMIT contentChanged();
}

bool RequestBodyEditor::hasContent() const
{
    return kind() == BodyKind::File ? !m_filePath.isEmpty() : !m_text->toPlainText().isEmpty();
}

void RequestBodyEditor::chooseFile()
{
    const QString f = Dialogs::openFileName(this, tr("Request body"), tr("All files (*)"));
    if (!f.isEmpty())
        setFilePath(f);
}

void RequestBodyEditor::updateFileInfo()
{
    if (m_filePath.isEmpty()) {
        m_fileInfo->clear();
        return;
    }
    qint64 size = 0;
    const QString problem = checkBodyFile(m_filePath, &size);
    m_fileInfo->setText(problem.isEmpty() ? tr("%1, sent as %2, read from the disk as it goes")
                                                .arg(RequestTesterController::humanSize(size),
                                                     QString::fromLatin1(contentTypeFor(BodyKind::File, m_filePath)))
                                          : problem);
}

} // namespace aem::ui
