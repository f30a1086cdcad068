// SPDX-License-Identifier: Apache-2.0
#pragma once

// "Delete the file after import" in the import preview, for any file; on by default for files in
// the download folder (Settings can turn that off). Said plainly: deleting cannot scrub an SSD.
// The file is deleted only after the import committed, and only if it still holds what was read.

#include <QByteArray>
#include <QWidget>

class QCheckBox;

namespace aem::ui {

class DeleteFileOption : public QWidget
{
    Q_OBJECT
public:
    DeleteFileOption(const QString& path, bool checked, QWidget* parent = nullptr);
    bool isChecked() const;

private:
    QCheckBox* m_box;
};

// `path` lies inside `folder` (both made absolute and clean; an empty folder holds nothing).
bool isInFolder(const QString& path, const QString& folder);
// The SHA-256 of what an import read, to recognise the same file later.
QByteArray importDigest(const QByteArray& content);
// Removes `path` if it still holds the content of `digest`; false and `error` (one line) if not.
bool deleteImportedFile(const QString& path, const QByteArray& digest, QString* error);

} // namespace aem::ui
