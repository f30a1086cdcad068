#pragma once

// The `aemtoken` command line: argument handling and the commands, on top of core.
// Every command ends by calling finish() exactly once; the event loop then exits with its code.

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace aem {

class Clock;
class Output;
class CredentialStore;
class SecretStore;
class TokenAdmin;
class TokenProvider;
namespace sandbox {
class Sandbox;
}

class Cli : public QObject
{
    Q_OBJECT
public:
    enum Exit { Success = 0, Failure = 1, Usage = 2 };

    explicit Cli(QStringList args, QObject* parent = nullptr);
    ~Cli() override;

    // Starts the command; returns false when it already finished (usage errors, --help).
    void start();
    int exitCode() const { return m_exit; }

Q_SIGNALS:
    void done(int exitCode);

private:
    void finish(int code);
    void fail(const QString& message, int code = Failure);
    void usage(const QString& message = {});
    bool ensureStore();
    QNetworkAccessManager* nam();
    void prepareTls();
    TokenProvider* tokens();

    void cmdImport(QStringList args);
    void cmdList(QStringList args);
    void cmdToken(QStringList args);
    void cmdCheck(QStringList args);
    void cmdDecode(QStringList args);
    void cmdRequest(QStringList args);
    void cmdRemove(QStringList args);
    void cmdSandbox(QStringList args);
    void cmdValidate(QStringList args);
    void cmdSet(QStringList args);
    void cmdRevoke(QStringList args);
    void cmdDoctor(QStringList args);
    TokenAdmin* admin();

    QStringList m_args;
    Output* m_stdout;
    bool m_stdoutErrorShown = false;
    int m_maxTimeMs = 0; // --max-time: all network work of the command; 0 for none
    QString m_caFile;
    bool m_tlsReady = false;
    int m_timeoutMs = 30000;
    int m_exit = 0;
    bool m_finished = false;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<CredentialStore> m_store;
    QNetworkAccessManager* m_nam = nullptr;
    TokenProvider* m_tokens = nullptr;
    TokenAdmin* m_admin = nullptr;
    sandbox::Sandbox* m_sandbox = nullptr;
    std::function<void(bool fresh)> m_sendRequest;
};

} // namespace aem
