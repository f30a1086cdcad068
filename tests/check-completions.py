#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Loads each shell completion of `aemtoken` in the real shell (bash with bash-completion, zsh
through zpty, fish with `complete -C`) and checks it completes a command name, an option of
`token` and the name of a credential stored in a throw-away store. Run through with-keyring.sh
(the import needs a Secret Service; HOME and the XDG directories are temporary there).

usage: check-completions.py AEMTOKEN_BINARY SOURCE_DIR
Exit 77 (skipped) when a shell is not installed.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

NAME = "compl-demo"
# A free-form name: each shell must offer it as one word that reads back as exactly this.
SPACED = "Expiring cert (p1234 e5678)"
# A hostile name (a user may choose one; a file cannot): completing it must neither run the
# substitution nor glob the "*", in an opened quote or not.
HOSTILE = "zz$(touch CANARY)`touch CANARY`\"'*"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def local_dev_token_file(directory):
    # A local development token as the Developer Console hands it out: a JWT valid for 24 h.
    header = b64(json.dumps({"alg": "RS256"}).encode())
    claims = b64(json.dumps({"type": "access_token", "client_id": "dev-console-test", "user_id": "T@AdobeID",
                             "created_at": str(int(time.time() * 1000)), "expires_in": "86400000"}).encode())
    path = os.path.join(directory, "local-token.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"ok": True, "statusCode": 200, "accessToken": f"{header}.{claims}.{b64(b'signature')}"}, f)
    return path


def bash(src, line):
    words = line.split(" ")
    script = f"""
source /usr/share/bash-completion/bash_completion
source {src}/packaging/aemtoken.bash-completion
COMP_LINE={json.dumps(line)}; COMP_POINT=${{#COMP_LINE}}
COMP_WORDS=({" ".join(json.dumps(w) for w in words)}); COMP_CWORD={len(words) - 1}
_aemtoken aemtoken {json.dumps(words[-1])} {json.dumps(words[-2])}
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    return run(["bash", "--norc", "--noprofile", "-c", script])


ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; PS2=''; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits; builtin compadd -A __hits "$@"
  (( $#__hits )) && print -rl -- $__hits >> '"$2"'
  builtin compadd "$@"
}'
zpty -w z "zstyle ':completion:*' list-grouped false; bindkey '^I' complete-word; comppostfuncs=( exit )"
zpty -w z "$3"$'\t'
while zpty -r z line; do :; done
"""


def zsh(src, line):
    with tempfile.TemporaryDirectory() as d:
        driver, out = os.path.join(d, "driver.zsh"), os.path.join(d, "out")
        with open(driver, "w") as f:
            f.write(ZSH_DRIVER)
        open(out, "w").close()
        run(["zsh", "-f", driver, os.path.join(src, "packaging"), out, line])
        with open(out) as f:
            return f.read()


def fish(src, line):
    return run(["fish", "--no-config", "-c",
                f"source {src}/packaging/aemtoken.fish; complete -C {json.dumps(line)}"])


def run(argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return p.stdout


def main():
    binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    missing = [s for s in ("bash", "zsh", "fish") if not shutil.which(s)]
    if not os.path.exists("/usr/share/bash-completion/bash_completion"):
        missing.append("bash-completion")
    if missing:
        print("SKIP: not installed: " + " ".join(missing))
        return 77
    os.environ["PATH"] = os.path.dirname(binary) + os.pathsep + os.environ["PATH"]
    os.environ["LC_ALL"] = "C.UTF-8"
    os.environ.pop("LANGUAGE", None)
    with tempfile.TemporaryDirectory() as d:
        for name in (NAME, SPACED, HOSTILE):
            imp = subprocess.run([binary, "import", local_dev_token_file(d), "--name", name], capture_output=True,
                                 text=True)
            if imp.returncode != 0:
                print("import failed: " + imp.stderr, file=sys.stderr)
                return 1
    problems = []
    for shell in (bash, zsh, fish):
        for line, wanted in (("aemtoken to", "token"), ("aemtoken token --", "--fresh"),
                             ("aemtoken token ", NAME), ("aemtoken --verbose request ", NAME)):
            got = shell(src, line)
            words = {w.split("\t")[0].strip() for w in got.splitlines()}
            if wanted not in words:
                problems.append(f"{shell.__name__}: '{line}' does not offer {wanted!r}; got {sorted(words)}")
    # The spaced name: bash's reply and zsh's match are inserted as they are, so they must be
    # escaped and read back by that shell as the name; fish escapes what it inserts itself.
    for shell in (bash, zsh, fish):
        got = [w.split("\t")[0] for w in shell(src, "aemtoken token Exp").splitlines() if w.strip()]
        if shell in (bash, zsh):
            ok = len(got) == 1 and run([shell.__name__, "-c", 'eval "set -- $1"; printf %s "$1"', "_", got[0]]) == SPACED
        else:
            ok = SPACED in got
        if not ok:
            problems.append(f"{shell.__name__}: 'aemtoken token Exp' does not offer {SPACED!r} as one word; got {got}")
    # bash in each quoting state: the reply, put back in the line as readline does, reads back
    # as the name, and nothing ran.
    with tempfile.TemporaryDirectory() as d:
        for opened in ("", "'", '"'):
            got = [w for w in bash(src, "aemtoken token " + opened + "zz").splitlines() if w]
            back = run(["bash", "-c", 'cd "$2" && eval "set -- $1"; printf %s "$1"', "_",
                        opened + (got[0] if got else "") + opened, d]) if len(got) == 1 else None
            if back != HOSTILE or os.path.exists(os.path.join(d, "CANARY")):
                problems.append(f"bash: 'aemtoken token {opened}zz' gives {got}, read back as {back!r}")
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("bash, zsh and fish complete commands, options and credential names")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
