#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when the man page, the bash completion or README's command list disagree with the
command table of `aemtoken` (read from its hidden `aemtoken __commands --json`).

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

    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"command docs agree with the table: {len(order)} commands")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
