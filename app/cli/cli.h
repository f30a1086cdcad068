// SPDX-License-Identifier: Apache-2.0
#pragma once

// The `aemtoken` command line: the options before the command, then the command from the table
// (command.h, commands/), on the services of core (services.h). Every command ends by calling
// finish() exactly once; the event loop then exits with its code.

#include "credentialrecord.h"

#include <QJsonValue>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace aem {

class CredentialStore;
class FileCredentialSource;
class Output;
class Services;
class TokenAdmin;
class TokenService;
struct TokenResult;
struct ImsError;
enum class FailureCause;

namespace cli {
class Command;
struct Args;
} // namespace cli

class Cli : public QObject
{
    Q_OBJECT
public:
    enum Exit { Success = 0, Failure = 1, Usage = 2 };

    explicit Cli(QStringList args, QObject* parent = nullptr);
    ~Cli() override;

    // Starts the command.
    void start();
    int exitCode() const { return m_exit; }

    // For the commands.
    void finish(int code);
    void fail(const QString& message, int code = Failure);
    // A failure with a stable code for --json (jsonout.h), e.g. "credential_not_found"; `ims` is
    // imsErrorJson(). The message goes to stderr; with --json also {"error": ...} to stdout
    // unless the command already printed something there.
    void failAs(const QString& errorCode, const QString& message, const QJsonValue& ims = QJsonValue::Null,
                int code = Failure);
    // A failure whose cause is IMS (`ims` set: its code), or the keychain's state as found where
    // it failed ("keychain_locked", "keychain_unavailable", "keychain_denied"), else
    // `fallbackCode` (cli::failureCode()).
    void failWithCause(const QString& message, const std::optional<ImsError>& ims, FailureCause cause,
                       const QString& fallbackCode);
    // A token that could not be had, likewise ("token_unavailable").
    void failToken(const TokenResult& t);
    // --json was given: errors as JSON too, and messages in English.
    bool json() const { return m_json; }
    // A usage error of `command`: the message, then a line pointing at its --help; exit 2.
    void usage(const cli::Command& command, const QString& message);
    // The store, loaded; nullptr when it cannot be read (the command has then failed).
    CredentialStore* loadedStore();
    // The credential a command names, from the loaded store; nullopt when there is none (the
    // command has then failed with the reason). An empty name: the one of --from FILE or
    // AEMTOKEN_FROM (read for this call, stored nowhere), else the default (AEMTOKEN_CREDENTIAL,
    // else `aemtoken use NAME`).
    std::optional<CredentialRecord> credential(const QString& name);
    // The default credential's name and where it comes from ("AEMTOKEN_CREDENTIAL" or the file
    // `aemtoken use` writes); empty when there is none.
    QString defaultCredential(QString* origin = nullptr);
    QString defaultCredentialFile();
    // What `aemtoken use` writes there: the credential's id (a rename keeps it the default), then
    // its name.
    static QByteArray defaultCredentialContent(const CredentialRecord& r);
    // A credential read with --from: nothing of it is stored.
    bool fromFile() const { return m_fileSource != nullptr; }
    // Reads --from FILE (with its --author etc.) for this call, before the first use of services();
    // false when it failed (the command has then failed with the reason).
    bool readFromFile(const cli::Args& a, const QString& path);
    bool verbose() const { return m_verbose; }
    // The store as it is, not loaded (the doctor works on it whatever state its files are in).
    CredentialStore& store();
    Services& services();
    TokenService& tokens(); // announces retries on stderr; trusts the CA file before minting
    TokenAdmin& admin();
    QNetworkAccessManager& nam();
    // Trusts the CA file (once), when a connection is due: that loads the TLS backend.
    void prepareTls();
    Output& out() { return *m_stdout; }
    // The first write error was already reported (finish() does not repeat it).
    bool stdoutErrorShown() const { return m_stdoutErrorShown; }
    void setStdoutErrorShown() { m_stdoutErrorShown = true; }
    int timeoutMs() const { return m_timeoutMs; }

Q_SIGNALS:
    void done(int exitCode);

private:
    void globalUsage(const QString& message);
    void setJson(bool json);
    // Applies --verbose, --ca-file, --timeout or --max-time; the usage error, or empty.
    QString applySetting(const QString& key, const QString& value);
    static QString unknownCommand(const QString& name, const QStringList& names);
    void runCommand(const cli::Command& command, const QStringList& args);

    QStringList m_args;
    Output* m_stdout;
    bool m_stdoutErrorShown = false;
    int m_maxTimeMs = 0; // --max-time: all network work of the command; 0 for none
    QString m_caFile;
    bool m_tlsReady = false;
    int m_timeoutMs = 30000;
    int m_exit = 0;
    bool m_finished = false;
    bool m_json = false;
    bool m_tokensWired = false;

    std::unique_ptr<Services> m_services;
    std::unique_ptr<FileCredentialSource> m_fileSource;
    bool m_verbose = false;
    const cli::Command* m_command = nullptr; // the one running
};

} // namespace aem
