// SPDX-License-Identifier: Apache-2.0
#include "deletefileoption.h"

#include "importdialog.h"
#include "processhygiene.h"

#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

namespace aem::ui {

DeleteFileOption::DeleteFileOption(const QString& path, bool checked, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("deleteFileOption"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_box = new QCheckBox(tr("&Delete the file after import (%1)").arg(QFileInfo(path).fileName()), this);
    m_box->setObjectName(QStringLiteral("deleteAfterImport"));
    m_box->setChecked(checked);
    m_box->setToolTip(QDir::toNativeSeparators(path));
    auto* note = new QLabel(tr("The file holds the private key or client secret in plain text. Deleting it "
                               "removes it from the folder but cannot scrub its contents from an SSD, a backup or "
                               "a snapshot."),
                            this);
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("deleteFileNote"));
    QFont small = note->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    note->setFont(small);
    layout->addWidget(m_box);
    layout->addWidget(note);
}

bool DeleteFileOption::isChecked() const
{
    return m_box->isChecked();
}

bool isInFolder(const QString& path, const QString& folder)
{
    if (folder.isEmpty() || path.isEmpty())
        return false;
    const QString dir = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const QString file = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return QFileInfo(file).absolutePath() == dir;
}

ReadMark importMark(const ReadFile& read)
{
    return {QCryptographicHash::hash(read.content, QCryptographicHash::Sha256), read.identity};
}

DeleteResult deleteImportedFile(const QString& path, const ReadMark& mark, QString* error)
{
    return deleteReadFile(path, mark.identity, mark.digest, error);
}

// The import preview's extra row (declared in importdialog.h): above its buttons.
void ImportDialog::addOption(QWidget* option)
{
    auto* box = qobject_cast<QBoxLayout*>(layout());
    if (!box)
        return;
    option->setParent(this);
    box->insertWidget(box->count() - 1, option);
    fitToScreen(); // its lines too: sized before, the dialog squeezed the rows over the name field
}

} // namespace aem::ui
