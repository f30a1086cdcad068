// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading a password for the command line: from the terminal without echo, or from standard
// input (--password-stdin). Never from argv or the environment.

#include <QByteArray>
#include <QString>

#include <optional>

namespace aem::cli {

inline constexpr qsizetype kMaxPasswordBytes = 4096;

// Prompts on /dev/tty with echo off and reads one line (the line break dropped). nullopt with
// `error` set when there is no terminal or the read failed.
std::optional<QByteArray> readPasswordFromTty(const QString& prompt, QString* error);
// All of standard input, one trailing line break dropped, at most kMaxPasswordBytes.
std::optional<QByteArray> readPasswordFromStdin(QString* error);

} // namespace aem::cli
