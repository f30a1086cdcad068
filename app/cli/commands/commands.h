// SPDX-License-Identifier: Apache-2.0
#pragma once

// The commands, one file each; command.cpp puts them in the table in this order.

#include "command.h"

#include <memory>

namespace aem::cli {

std::unique_ptr<Command> makeImportCommand();
std::unique_ptr<Command> makeAddLocalCommand();
std::unique_ptr<Command> makeListCommand();
std::unique_ptr<Command> makeTokenCommand();
std::unique_ptr<Command> makeCheckCommand();
std::unique_ptr<Command> makeDecodeCommand();
std::unique_ptr<Command> makeRequestCommand();
std::unique_ptr<Command> makeRunCommand();
std::unique_ptr<Command> makeSetCommand();
std::unique_ptr<Command> makeValidateCommand();
std::unique_ptr<Command> makeRevokeCommand();
std::unique_ptr<Command> makeRemoveCommand();
std::unique_ptr<Command> makeUseCommand();
std::unique_ptr<Command> makeDoctorCommand();
std::unique_ptr<Command> makeSandboxCommand();
std::unique_ptr<Command> makeExecCommand();

} // namespace aem::cli
