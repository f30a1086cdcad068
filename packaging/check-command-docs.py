#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when the man page, the shell completions or README disagree with the command table of
`aemtoken` (read from its hidden `aemtoken __commands --json`) or with the code: the zsh and fish
completions are what gen_completions.py makes of the table, every AEMTOKEN_* variable the code
reads is in the man page's ENVIRONMENT, in `aemtoken --help` and in README, and the exit statuses
of `request` for 3xx/4xx/5xx are in its help, the man page and README.

usage: check-command-docs.py AEMTOKEN_BINARY SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z-]*)")


def options_in(text):
    return set(OPTION.findall(text))


def main():
    binary, root = sys.argv[1], sys.argv[2]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("LANGUAGE", None)
    table = json.loads(subprocess.run([binary, "__commands", "--json"], check=True, capture_output=True,
                                      env=env).stdout)
    commands = {c["name"]: {o["name"] for o in c["options"]} for c in table["commands"]}
    order = [c["name"] for c in table["commands"]]
    global_opts = {o["name"] for o in table["global_options"]}
    synopsis_opts = {o["name"] for o in table["global_options"] if o["synopsis"]}
    problems = []

    def compare(where, what, documented, actual):
        if documented != actual:
            missing, extra = sorted(actual - documented), sorted(documented - actual)
            problems.append(f"{where}: {what}: missing {missing or '-'}, not in the table {extra or '-'}")

    # The man page: SYNOPSIS, one .TP entry per command under COMMANDS, global options under OPTIONS.
    man = open(os.path.join(root, "packaging/aemtoken.1"), encoding="utf-8").read()
    plain = re.sub(r"\\f[BIRP]", "", man.replace("\\-", "-"))
    sections = dict(re.findall(r"^\.SH (\w[\w ]*)\n(.*?)(?=^\.SH |\Z)", plain, re.S | re.M))
    compare("aemtoken.1", "SYNOPSIS options", options_in(sections.get("SYNOPSIS", "")), synopsis_opts)
    entries = re.findall(r"^\.TP\n([\w-]+)(.*)$", sections.get("COMMANDS", ""), re.M)
    compare("aemtoken.1", "COMMANDS", {name for name, _ in entries}, set(commands))
    for name, line in entries:
        if name in commands:
            compare("aemtoken.1", f"options of {name}", options_in(line), commands[name])
    man_opts = set(re.findall(r"^\.TP\n(--?[\w-]+)", sections.get("OPTIONS", ""), re.M))
    compare("aemtoken.1", "OPTIONS", man_opts, global_opts - {"--help", "--version"})

    # The bash completion: the command words, the words before a command, each command's options.
    bash = open(os.path.join(root, "packaging/aemtoken.bash-completion"), encoding="utf-8").read()
    m = re.search(r'local commands="([^"]*)"', bash)
    words = m.group(1).split() if m else []
    if words != order:
        problems.append(f"aemtoken.bash-completion: commands {words} are not the table's {order}")
    m = re.search(r'compgen -W "\$commands ([^"]*)"', bash)
    compare("aemtoken.bash-completion", "global options", set(m.group(1).split()) if m else set(), global_opts)
    cases = {}
    for names, body in re.findall(r"^\s+([\w|-]+)\) (COMPREPLY=.*?) ;;$", bash, re.M):
        m = re.search(r'-W "([^"]*)"', body)
        for name in names.split("|"):
            cases[name] = options_in(re.sub(r"\$\([^)]*\)", "", m.group(1))) if m else set()
    for name, opts in commands.items():
        if name not in cases:
            problems.append(f"aemtoken.bash-completion: no case for {name}")
        else:
            compare("aemtoken.bash-completion", f"options of {name}", cases[name], opts)

    # README: the block under "## The command line", one line per command.
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    m = re.search(r"## The command line\n+```\n(.*?)```", readme, re.S)
    block = m.group(1).splitlines() if m else []
    listed = {}
    for line in block[1:]:
        m = re.match(r"  ([a-z][\w-]*)(.*)", line)
        if m:
            listed[m.group(1)] = m.group(2)
    if list(listed) != order:
        problems.append(f"README.md: commands {list(listed)} are not the table's {order}")
    for name, rest in listed.items():
        if name in commands:
            # Only the synopsis part: options in brackets, before the description.
            compare("README.md", f"options of {name}", set(re.findall(r"\[(--?[\w-]+)", rest)), commands[name])
    compare("README.md", "the synopsis", set(re.findall(r"\[(--?[\w-]+)", block[0] if block else "")), synopsis_opts)

    # The zsh and fish completions: exactly what the generator makes of the table.
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.join(root, "packaging"))
    import gen_completions as gen
    for shell, path in gen.FILES.items():
        with open(os.path.join(root, path), encoding="utf-8") as f:
            if f.read() != getattr(gen, shell)(table):
                problems.append(f"{path}: not what gen_completions.py makes of the table; run "
                                f"packaging/gen_completions.py AEMTOKEN --write .")

    # The environment variables the code reads.
    env_read = set()
    window_only = set() # read by the window alone (ui/): described in aem-token-manager.1 instead
    for dirpath, _, files in os.walk(os.path.join(root, "ui")):
        for name in files:
            if name.endswith((".cpp", ".h")):
                window_only |= set(re.findall(r'qEnvironmentVariable(?:IsEmpty|IsSet|IntValue)?\(\s*"(AEMTOKEN_\w+)"',
                                              open(os.path.join(dirpath, name), encoding="utf-8").read()))
    for sub_dir in ("core", "app", "sandbox"):
        for dirpath, _, files in os.walk(os.path.join(root, sub_dir)):
            for name in files:
                if name.endswith((".cpp", ".h")):
                    text = open(os.path.join(dirpath, name), encoding="utf-8").read()
                    env_read |= set(re.findall(
                        r'(?:qEnvironmentVariable(?:IsEmpty|IsSet|IntValue)?|qgetenv|getenv|secure_getenv)\(\s*"'
                        r'(AEMTOKEN_\w+)"', text))
    if not env_read:
        problems.append("no AEMTOKEN_* variable found in the code: the search is broken")
    window_only -= env_read
    window_page = open(os.path.join(root, "packaging", "aem-token-manager.1"), encoding="utf-8").read()
    for var in sorted(window_only):
        for where, text in (("aem-token-manager.1", window_page), ("README.md", readme)):
            if var not in text:
                problems.append(f"{where}: {var} (read by the window) is not described")
    helptext = subprocess.run([binary, "--help"], check=True, capture_output=True, env=env).stdout.decode()
    environment = sections.get("ENVIRONMENT", "")
    for var in sorted(env_read):
        for where, text in (("aemtoken.1 ENVIRONMENT", environment), ("aemtoken --help", helptext),
                            ("README.md", readme)):
            if var not in text:
                problems.append(f"{where}: {var} (read by the code) is not described")
    # The system proxy is honoured (Services::Options::systemProxy).
    for where, text in (("aemtoken.1 ENVIRONMENT", environment), ("aemtoken --help", helptext),
                        ("README.md", readme)):
        if "https_proxy" not in text:
            problems.append(f"{where}: https_proxy is not described")

    # The exit statuses of request.
    request_help = subprocess.run([binary, "request", "--help"], check=True, capture_output=True,
                                  env=env).stdout.decode()
    man_request = re.search(r"^\.TP\nrequest.*?(?=^\.TP|\Z)", sections.get("COMMANDS", ""), re.S | re.M)
    for where, text in (("aemtoken request --help", request_help),
                        ("aemtoken.1 request", man_request.group(0) if man_request else ""),
                        ("README.md", readme)):
        for status in ("2xx", "3xx", "4xx", "5xx"):
            if status not in text:
                problems.append(f"{where}: the exit status for a {status} answer is not given")

    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"command docs agree with the table: {len(order)} commands")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
