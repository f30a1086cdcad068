// SPDX-License-Identifier: Apache-2.0
#pragma once

// The --sandbox mode's emulator, run as a child process: `aemtoken sandbox` (found beside this
// program, else on PATH) in a private temporary directory. The desktop program itself contains
// no emulator and no fault injection.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace aem::ui {

class SandboxProcess : public QObject
{
    Q_OBJECT
public:
    explicit SandboxProcess(QObject* parent = nullptr);
    // Stops the child (it also dies with this process, even a killed one).
    ~SandboxProcess() override;

    // Starts the child; ready() or failed() follows, once; after ready(), stopped() if the child
    // ends before this object does.
    void start();

    // `aemtoken` beside the running program, else the one on PATH; empty if neither exists.
    static QString findProgram();

    bool isReady() const { return !m_baseUrl.isEmpty() && !m_stopped; }
    QString baseUrl() const { return m_baseUrl; } // https://127.0.0.1:<port>, once ready
    QString caFile() const;
    // The demo credential files the child wrote (service, OAuth, local development token).
    QStringList demoFiles() const;
    // The child's local AEM author (http://127.0.0.1:<port>, Basic admin:admin), once ready;
    // empty if its file is missing or holds anything else.
    QString localAuthorUrl() const;
    qint64 processId() const { return m_process.processId(); }

Q_SIGNALS:
    void ready();
    void failed(const QString& error);
    // The child ended after it was ready (crashed, killed, or exited): `reason` says how, with
    // its exit code or signal and the last line it wrote to stderr.
    void stopped(const QString& reason);

private:
    void readFirstLine();
    void fail(const QString& error);
    void onFinished(int code, QProcess::ExitStatus status);

    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_stdout;
    QString m_baseUrl;
    bool m_done = false; // ready() or failed() was emitted
    bool m_stopped = false; // stopped() was emitted
};

} // namespace aem::ui
