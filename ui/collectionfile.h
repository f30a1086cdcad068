// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester and .http collections (core/httpfile.h): a typed request saved into a
// collection file (appended, or replacing the request of the same name; the rest of the file kept
// byte for byte), and a request of a collection loaded back into the tester. The token is never
// written; {{author}}, {{publish}} or {{preview}} stands for the target's host.

#include "httpfile.h"
#include "requesttestercontroller.h"

#include <functional>
#include <optional>

class QObject;
class QWidget;

namespace aem {
struct CredentialRecord;
class SecretStore;
} // namespace aem

namespace aem::ui {

// The draft as a collection request named `name`, on `target`; nullopt (why in `error`) for a
// body streamed from a file, which a collection cannot hold.
std::optional<HttpFileRequest> requestFromDraft(const RequestDraft& draft, RequestTesterController::Target target,
                                                const QString& name, QString* error);

// The same for the collection at `collectionPath`, and a File body that is `origin`'s "< FILE" (a
// request opened from a collection) written back as that line, not refused: the path relative to
// the collection's directory when the file is inside it, else absolute.
std::optional<HttpFileRequest>
requestForCollection(const RequestDraft& draft, RequestTesterController::Target target, const QString& name,
                     const std::optional<RequestTesterController::CollectionOrigin>& origin,
                     const QString& collectionPath, QString* error);

// The draft with each secret value of `origin` written back as its {{name}}: what a collection
// may hold of a request that was filled in from the keychain.
RequestDraft maskedSecrets(const RequestDraft& draft, const RequestTesterController::CollectionOrigin& origin);

// A collection's request as a draft, with the target its {{author}}/{{publish}}/{{preview}} names
// (a full URL stays as it is, on the author target). File variables are substituted; a request
// using a secret or an unknown variable keeps its {{name}} for the user to fill in.
struct CollectionDraft
{
    RequestTesterController::Target target = RequestTesterController::Author;
    RequestDraft draft;
    RequestTesterController::CollectionOrigin origin; // set by resolveCollectionDraft
};
CollectionDraft draftFromRequest(const HttpFile& file, qsizetype index);

// Request `index` of the collection at `path` resolved for `record` (core/httpfile.h does the
// substituting): {{author}}, {{publish}} and {{preview}} from its URLs (a URL on one of them
// comes back as a path on that target), the file's variables, and `secrets`. nullopt with one
// line naming the variable or header otherwise.
std::optional<CollectionDraft> resolveCollectionDraft(const HttpFile& file, qsizetype index, const QString& path,
                                                      const CredentialRecord& record,
                                                      const QHash<QString, QString>& secrets, QString* error,
                                                      const HttpDynamicSource& dynamic = {});
// The same, with the secrets the request uses read from `store` first (asynchronously, as the
// keychain answers); `done` gets the draft, or nullopt and the line naming the missing secret
// or unknown variable. Secret values live only in the draft handed to `done`.
using CollectionDraftCallback = std::function<void(const std::optional<CollectionDraft>& draft, const QString& error)>;
// Dynamic variables ({{$uuid}}, {{$timestamp}}) take their values now, from `dynamic`; with
// `dynamic.keep` they stay as written, for RequestTesterController::valuedForSend at each send.
void loadCollectionRequest(SecretStore& store, const HttpFile& file, qsizetype index, const QString& path,
                           const CredentialRecord& record, QObject* context, CollectionDraftCallback done,
                           const HttpDynamicSource& dynamic = {});

// Adds `request` to the collection at `path` (made when absent), written atomically. False with
// one line naming the file and the cause.
bool saveToCollection(const QString& path, const HttpFileRequest& request, QString* error);
// The collection at `path`, size-checked; nullopt with the cause.
std::optional<HttpFile> readCollection(const QString& path, QString* error);

// The window's dialogs around them: asks for a file and a name and saves; asks for a file and a
// request and returns it (nullopt when cancelled or failed; failures are shown).
void saveDraftDialog(QWidget* parent, const RequestDraft& draft, RequestTesterController::Target target,
                     const std::optional<RequestTesterController::CollectionOrigin>& origin = {});
struct CollectionChoice
{
    QString path;
    HttpFile file;
    qsizetype index = 0;
};
std::optional<CollectionChoice> openCollectionDialog(QWidget* parent);
// Send the collection `file`'s own Authorization header as written to `host`, without the token?
bool confirmFileAuthorization(QWidget* parent, const QString& file, const QString& host);
// Make a history entry sent with its collection's own Authorization (not kept) again with the
// token of `credential`?
bool confirmRerunWithToken(QWidget* parent, const QString& credential);

} // namespace aem::ui
