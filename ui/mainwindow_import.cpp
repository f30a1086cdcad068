// SPDX-License-Identifier: Apache-2.0
// The window's ways in for credentials: a file (chosen, dropped, or queued while one import is
// shown), the clipboard, the paste box and the OAuth form; each parsed off the GUI thread, then
// previewed in the import dialog before anything is stored.

#include "mainwindow.h"

#include "addlocaldialog.h"

#include "appcontext.h"
#include "async.h"
#include "clock.h"
#include "credentialentry.h"
#include "credentialfile.h"
#include "deletefileoption.h"
#include "desktopintegration.h"
#include "dialogs.h"
#include "downloadoffer.h"
#include "errorbanner.h"
#include "importdialog.h"
#include "messagetext.h"
#include "processhygiene.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMimeData>

#include <variant>

namespace aem::ui {

namespace {
constexpr qint64 kMaxImportFile = 1024 * 1024;
constexpr qsizetype kMaxPendingFiles = 16;
} // namespace

void MainWindow::chooseFileToImport()
{
    const QString path =
        Dialogs::openFileName(this, tr("Import credentials"), tr("Developer Console JSON (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void MainWindow::importFromClipboard()
{
    // Ctrl+V in an editable field pastes there, as everywhere else.
    if (auto* edit = qobject_cast<QLineEdit*>(QApplication::focusWidget()); edit && !edit->isReadOnly()) {
        edit->paste();
        return;
    }
    const QByteArray text = QApplication::clipboard()->text().toUtf8();
    if (text.trimmed().isEmpty()) {
        showError(tr("The clipboard holds no text: copy the JSON from the Developer Console first."));
        return;
    }
    importText(text, tr("the clipboard"));
}

void MainWindow::openPasteBox()
{
    auto* dialog = new PasteBox(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PasteBox::submitted, this,
            [this](const QByteArray& json) { importText(json, tr("the paste box")); });
    dialog->open();
}

void MainWindow::openOAuthForm()
{
    auto* dialog = new OAuthForm(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OAuthForm::submitted, this, [this, dialog](const QByteArray& json) {
        importEntered(json, tr("the form"), ImportHints {dialog->name(), dialog->author()});
    });
    dialog->open();
}

void MainWindow::openLocalTargetDialog()
{
    auto* dialog = new AddLocalDialog(m_context.store(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddLocalDialog::added, this, [this](const QString& name, bool replaced) {
        m_banner->hide();
        selectCredential(name);
        showStatus(replaced ? tr("Replaced %1").arg(name) : tr("Added %1").arg(name));
        Q_EMIT imported(name);
    });
    dialog->open();
}

void MainWindow::importFile(const QString& path)
{
    if (m_importing) {
        // One preview at a time; a bounded queue (Open over D-Bus can be called again and again).
        if (m_pendingFiles.contains(path))
            return;
        if (m_pendingFiles.size() >= kMaxPendingFiles) {
            showError(
                tr("Too many files are waiting to be imported; %1 was not opened").arg(QFileInfo(path).fileName()));
            return;
        }
        m_pendingFiles << path;
        return;
    }
    m_importing = true;
    const QString label = QFileInfo(path).fileName();
    struct Read
    {
        ParseResult parsed;
        ReadMark mark; // to recognise the same file when deleting it after the import
    };
    // Reading and parsing (an RSA key) off the GUI thread; only a regular file of at most 1 MiB
    // (a FIFO or a device named over D-Bus or on the command line would block or never end).
    runThenCallback(
        this,
        [path, clock = &m_context.clock()]() {
            QString error;
            std::optional<ReadFile> file = readRegularFile(path, kMaxImportFile, &error);
            if (!file)
                return std::variant<QString, Read>(error);
            Read read {parseCredentialJson(file->content, *clock), importMark(*file)};
            wipeSecret(file->content);
            return std::variant<QString, Read>(std::move(read));
        },
        [this, label, path](std::variant<QString, Read> r) {
            if (const QString* error = std::get_if<QString>(&r)) {
                showError(tr("Cannot import %1: %2").arg(label, *error));
                finishImport();
            } else {
                const Read& read = std::get<Read>(r);
                presentImport(read.parsed, label, {}, path, read.mark);
            }
        });
}

void MainWindow::importText(const QByteArray& json, const QString& source)
{
    importEntered(json, source, {});
}

void MainWindow::importEntered(const QByteArray& json, const QString& source, const ImportHints& hints)
{
    if (m_importing) {
        showError(tr("Finish the import in progress first."));
        return;
    }
    if (json.size() > kMaxImportFile) {
        showError(tr("Cannot import %1: larger than 1 MiB; credential files are a few kilobytes").arg(source));
        return;
    }
    m_importing = true;
    runThenCallback(
        this, [json, clock = &m_context.clock()]() { return parseCredentialJson(json, *clock); },
        [this, source, hints](ParseResult r) { presentImport(r, source, hints); });
}

void MainWindow::presentImport(const ParseResult& r, const QString& source, const ImportHints& hints,
                               const QString& path, const ReadMark& mark)
{
    if (!r.ok()) {
        showError(importFailureText(r, source, palette()));
        finishImport();
        return;
    }
    auto* dialog =
        new ImportDialog(*r.credential, r.problems, source, m_context.store(), m_context.clock().now(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSuggested(hints.name, hints.author);
    DeleteFileOption* deleteOption = nullptr;
    if (!path.isEmpty()) {
        deleteOption = new DeleteFileOption(path, m_desktop->deleteByDefault(path));
        dialog->addOption(deleteOption);
    }
    const ParsedCredential cred = *r.credential;
    connect(dialog, &QDialog::finished, this, [this, dialog, cred, deleteOption, path, mark](int result) {
        if (result != QDialog::Accepted) {
            finishImport();
            return;
        }
        const bool deleteFile = deleteOption && deleteOption->isChecked();
        m_context.store().importCredential(
            cred, dialog->options(), this, [this, deleteFile, path, mark](const CredentialStore::ImportResult& res) {
                if (!res.ok) {
                    showError(tr("Nothing was imported: %1").arg(res.error)); // and the file stays
                    finishImport();
                    return;
                }
                m_banner->hide();
                selectCredential(res.name);
                showStatus(res.replaced ? tr("Replaced %1").arg(res.name) : tr("Imported %1").arg(res.name));
                m_desktop->offerBar()->withdraw(path);
                Q_EMIT imported(res.name);
                if (!deleteFile)
                    return finishImport();
                // Only now that the import committed; off the GUI thread (a FIFO swapped in must
                // not freeze the window).
                runThenCallback(
                    this,
                    [path, mark]() {
                        QString why;
                        const DeleteResult result = deleteImportedFile(path, mark, &why);
                        return std::pair<DeleteResult, QString>(result, why);
                    },
                    [this, name = res.name, replaced = res.replaced, path](std::pair<DeleteResult, QString> done) {
                        const QString file = QFileInfo(path).fileName();
                        if (done.first == DeleteResult::Kept)
                            showError(tr("Imported %1, but the file was not deleted: %2").arg(name, done.second));
                        else if (done.first == DeleteResult::DeletedOtherNamesRemain)
                            showError(tr("Imported %1 and deleted %2, but another name (a hard link) still "
                                         "holds the same file")
                                          .arg(name, file));
                        else
                            showStatus(replaced ? tr("Replaced %1 and deleted %2").arg(name, file)
                                                : tr("Imported %1 and deleted %2").arg(name, file));
                        finishImport();
                    });
            });
    });
    dialog->open();
}

void MainWindow::finishImport()
{
    m_importing = false;
    if (!m_pendingFiles.isEmpty())
        importFile(m_pendingFiles.takeFirst());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    bool ok = mime->hasText();
    for (const QUrl& url : mime->urls())
        ok = ok || (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive));
    if (ok)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    bool any = false;
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile()) {
            importFile(url.toLocalFile());
            any = true;
        }
    }
    if (!any && mime->hasText())
        importText(mime->text().toUtf8(), tr("the dropped text"));
    event->acceptProposedAction();
}

} // namespace aem::ui
