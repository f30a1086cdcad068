// SPDX-License-Identifier: Apache-2.0
#pragma once

// "Delete the file after import" in the import preview, for any file; on by default for files in
// the download folder (Settings can turn that off). Said plainly: deleting cannot scrub an SSD.
// The file is deleted only after the import committed, and only if it still holds what was read.

#include "credentialfile.h"

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
// What an import read, to recognise the same file when deleting it: the SHA-256 of its content
// and the file (device, inode) it came from.
struct ReadMark
{
    QByteArray digest;
    FileIdentity identity;
};
ReadMark importMark(const ReadFile& read);
// Removes `path` if it is still the file `mark` describes (deleteReadFile): never a link, never a
// file renamed over the path since, never blocking on a FIFO. Runs off the GUI thread.
DeleteResult deleteImportedFile(const QString& path, const ReadMark& mark, QString* error);

} // namespace aem::ui
