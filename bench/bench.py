# SPDX-License-Identifier: Apache-2.0
"""Times aemtoken against its peers on the sandbox. Run through bench/run.sh."""
import argparse, json, os, re, statistics, subprocess, sys, tempfile, time

def measure(cmd, env, stdin=None):
    """Wall time (ms) and peak RSS (MiB) of one run; fails loudly on a non-zero exit."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if stdin:
        p.stdin.write(stdin); p.stdin.close()
    out = p.stdout.read(); err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {err.decode(errors='replace')[:300]}")
    return ms, usage.ru_maxrss / 1024.0, out

def measure_first_paint(cmd, env):
    """Time (ms) to the window's first paint, done and flushed (it says "painted" on stdout), time
    to its exit, peak RSS (MiB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = p.stdout.readline()
    painted = (time.perf_counter() - t0) * 1000
    p.stdout.read(); err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    if os.waitstatus_to_exitcode(status) != 0 or line != b"painted\n":
        sys.exit(f"{cmd[0]} failed ({os.waitstatus_to_exitcode(status)}, said {line!r}): "
                 f"{err.decode(errors='replace')[:300]}")
    return painted, ms, usage.ru_maxrss / 1024.0

def anonymous_peak(cmd, env):
    """Peak private (anonymous) memory in MiB, sampled from /proc/PID/smaps_rollup as fast as it
    can be read: what a process itself allocates, without the shared libraries' file pages.
    A separate, untimed run (the sampling costs CPU).
    aemtoken and aem-token-manager make themselves non-dumpable (PR_SET_DUMPABLE 0, against
    secrets leaking to the same user's other processes): their smaps_rollup is then readable only
    with CAP_SYS_PTRACE, i.e. as root, which is how CI runs this. /proc/PID/status stays readable."""
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/smaps_rollup") as f:
                m = re.search(r"^Anonymous:\s+(\d+) kB", f.read(), re.M)
                if m:
                    peak = max(peak, int(m.group(1)))
        except PermissionError:
            p.kill(); p.wait()
            sys.exit(f"{cmd[0]}: /proc/{p.pid}/smaps_rollup is not readable (the program is not dumpable); "
                     "run the bench as root")
        except OSError:
            break
    p.wait()
    return peak / 1024.0

def series(name, cmd, env, runs, stdin=None):
    return {"name": name, "cmd": cmd, "env": env, "stdin": stdin, "ms": [], "mib": []}

def run_interleaved(specs, runs, warmup=3):
    """Window series (s["paint"]) are timed to their first paint, their exit kept in s["exit_ms"]."""
    def once(s):
        if "paint" in s:
            painted, ms, mib = measure_first_paint(s["cmd"], s["env"])
            s["exit_ms"].append(ms)
            return painted, mib
        ms, mib, _ = measure(s["cmd"], s["env"], s["stdin"])
        return ms, mib
    for s in specs:
        s["exit_ms"] = []
        for _ in range(warmup):
            once(s)
        s["exit_ms"] = []
    for _ in range(runs):
        for s in specs:
            ms, mib = once(s)
            s["ms"].append(ms); s["mib"].append(mib)
    for s in specs:
        s["med_ms"] = statistics.median(s["ms"]); s["med_mib"] = statistics.median(s["mib"])
        s["p90_ms"] = sorted(s["ms"])[int(0.9 * (len(s["ms"]) - 1))]
        if "paint" in s:
            s["med_exit_ms"] = statistics.median(s["exit_ms"])

def measure_cli(a, aemtoken, here, d, url, creds, env):
    """Minting vs the Node client, a cached token vs secret-tool."""
    mint = [series("aemtoken token --fresh", [aemtoken, "token", "bench", "--fresh"], env, a.runs),
            series("node @adobe/jwt-auth", ["node", f"{here}/mint-node.js", creds], env, a.runs)]
    if a.floor:
        # The libraries' own share: what any mint on this stack costs at the least.
        subprocess.run([a.floor, "store", "stackfloor", "k"], env=env, input=b"x" * 1700, check=True)
        mint.append(series("stack floor (keychain read + HTTPS POST, bench/stackfloor.cpp)",
                           [a.floor, f"{url}/ims/exchange/jwt", f"{d}/ca.pem", "stackfloor", "k"], env, a.runs))
    run_interleaved(mint, a.runs)
    for sp in mint:
        sp["anon_mib"] = statistics.median(anonymous_peak(sp["cmd"], sp["env"]) for _ in range(5))
    subprocess.run([aemtoken, "token", "bench"], env=env, check=True, stdout=subprocess.DEVNULL)
    cached = [series("aemtoken token (cached)", [aemtoken, "token", "bench"], env, a.runs),
              series("secret-tool lookup", ["secret-tool", "lookup", "service", "bench", "key", "k"], env, a.runs)]
    run_interleaved(cached, a.runs)
    return mint, cached

def report_from(aemtoken, here, creds, env, runs):
    """--from FILE, as a server or CI job uses it: no keychain, tokens cached in the kernel keyring."""
    os.chmod(creds, 0o600)
    server = {k: v for k, v in env.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    cold = [series("aemtoken token --from FILE --fresh (a mint, no D-Bus)",
                   [aemtoken, "token", "--from", creds, "--fresh"], server, runs),
            series("node @adobe/jwt-auth", ["node", f"{here}/mint-node.js", creds], env, runs)]
    run_interleaved(cold, runs)
    subprocess.run([aemtoken, "token", "--from", creds], env=server, check=True, stdout=subprocess.DEVNULL)
    cached = [series("aemtoken token --from FILE (cached, kernel keyring)", [aemtoken, "token", "--from", creds],
                     server, runs),
              series("secret-tool lookup", ["secret-tool", "lookup", "service", "bench", "key", "k"], env, runs)]
    run_interleaved(cached, runs)
    print("| command | median ms | p90 ms | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for s in cold + cached:
        print(f"| {s['name']} | {s['med_ms']:.1f} | {s['p90_ms']:.1f} | {s['med_mib']:.1f} |")
    m = cold[0]["med_ms"] / cold[1]["med_ms"]
    c = cached[0]["med_ms"] / cached[1]["med_ms"]
    print(f"- token --from FILE, cold mint vs Node client: {m:.2f}x (goal <= 0.35x) {'OK' if m <= 0.35 else 'MISSED'}")
    print(f"- token --from FILE, cached (kernel keyring) vs secret-tool lookup: {c:.2f}x (goal <= 1.0x) "
          f"{'OK' if c <= 1.0 else 'MISSED'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--gui", help="the aem-token-manager binary; needs DISPLAY")
    ap.add_argument("--tester", help="the testerbench binary; needs DISPLAY")
    ap.add_argument("--compare", help="the comparebench binary (the Compare window diffing two 10 MiB answers)")
    ap.add_argument("--floor", help="the stackfloor binary: one keychain read + one HTTPS POST")
    ap.add_argument("--gui-base", help="another aem-token-manager (an older build) timed beside --gui")
    ap.add_argument("--only", choices=["exec", "from", "window", "run"],
                    help="only this part: exec = aemtoken exec overhead over the command; from = --from FILE "
                         "(servers: a cold mint vs the Node client, a cached token from the kernel keyring vs "
                         "secret-tool); window = the window's cold start with 50 and 500 credentials; run = aemtoken run of "
                         "a 50-request .http file vs curl in a loop")
    a = ap.parse_args()
    aemtoken = os.path.abspath(a.bin)
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as d:
        sandbox = subprocess.Popen([aemtoken, "sandbox", "--dir", d], stdout=subprocess.PIPE, text=True)
        try:
            first = sandbox.stdout.readline()
            url = re.search(r"(https://127\.0\.0\.1:\d+)", first).group(1)
            env = dict(os.environ, AEMTOKEN_CA_FILE=f"{d}/ca.pem", NODE_EXTRA_CA_CERTS=f"{d}/ca.pem")
            creds = f"{d}/service-credentials.json"
            subprocess.run([aemtoken, "import", creds, "--name", "bench", "--author", url], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run(["secret-tool", "store", "--label=bench", "service", "bench", "key", "k"], env=env,
                           input=b"x" * 1200, check=True)
            # exec's cost over the command itself: a cached token, then posix_spawnp + waitpid.
            subprocess.run([aemtoken, "token", "bench"], env=env, check=True, stdout=subprocess.DEVNULL)
            # And as a server or CI job runs it: --from FILE, no D-Bus, the token in the kernel keyring.
            os.chmod(creds, 0o600)
            server = {k: v for k, v in env.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
            subprocess.run([aemtoken, "token", "--from", creds], env=server, check=True, stdout=subprocess.DEVNULL)
            execs = [series("aemtoken exec bench -- true (cached token)", [aemtoken, "exec", "bench", "--", "true"],
                            env, a.runs),
                     series("true", ["true"], env, a.runs),
                     series("aemtoken token bench (cached, for reference)", [aemtoken, "token", "bench"], env, a.runs),
                     series("aemtoken exec --from FILE -- true (cached, kernel keyring)",
                            [aemtoken, "exec", "--from", creds, "--", "true"], server, a.runs)]
            runs = run_specs(aemtoken, d, url, env, a.runs)
            if a.only == "run":
                run_interleaved(runs, a.runs)
                return report_run(runs)
            if a.only not in ("from", "window"):
                run_interleaved(execs, a.runs)
            if a.only == "exec":
                return report_exec(execs)
            if a.only == "from":
                return report_from(aemtoken, here, creds, env, a.runs)
            if a.only == "window":
                if not (a.gui and os.environ.get("DISPLAY")):
                    sys.exit("--only window needs --gui and DISPLAY")
                mint, cached = [], []
            else:
                mint, cached = measure_cli(a, aemtoken, here, d, url, creds, env)
                run_interleaved(runs, a.runs)
            gui = []
            if a.gui and os.environ.get("DISPLAY"):
                # 50, then 500 stored credentials; cold starts of the window until its first paint.
                # With --gui-base, an older build of the window is timed in the same interleaved runs.
                for count in (50, 500):
                    gui += window_series(a, aemtoken, d, url, env, count)
            if a.only == "window":
                return report_window(gui)
            tester = None
            if a.tester and os.environ.get("DISPLAY"):
                # 100 MiB of JSON through the request tester vs curl on the same URL.
                path = "/__sandbox/large?mb=100"
                token = subprocess.run([aemtoken, "token", "bench"], env=env, check=True,
                                       capture_output=True).stdout.strip().decode()
                stalls, ttlb, shown, curl_ms = [], [], [], []
                for _ in range(max(3, a.runs // 5)):
                    out = subprocess.run([a.tester, "bench", path, f"{d}/ca.pem"], env=env, check=True,
                                         capture_output=True).stdout
                    r = json.loads(out)
                    stalls.append(r["worst_stall_ms"]); ttlb.append(r["last_byte_ms"]); shown.append(r["shown_ms"])
                    t0 = time.perf_counter()
                    subprocess.run(["curl", "-sS", "-o", "/dev/null", "--cacert", f"{d}/ca.pem", "-H",
                                    f"Authorization: Bearer {token}", url + path], check=True)
                    curl_ms.append((time.perf_counter() - t0) * 1000)
                tester = {"stall": statistics.median(stalls), "worst_stall": max(stalls),
                          "ttlb": statistics.median(ttlb), "shown": statistics.median(shown),
                          "curl": statistics.median(curl_ms)}
            compare = None
            if a.compare:
                compare = run_compare(a, aemtoken, url, d, env)
        finally:
            sandbox.terminate(); sandbox.wait()

    cpu = open("/proc/cpuinfo").read()
    model = re.search(r"model name\s*:\s*(.*)", cpu)
    print(f"# aemtoken benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores"
          f"{', ' + model.group(1) if model else ''}, {a.runs} interleaved runs each, medians\n")
    print("| command | median ms | p90 ms | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for s in mint + cached + gui + execs:
        print(f"| {s['name']} | {s['med_ms']:.1f} | {s['p90_ms']:.1f} | {s['med_mib']:.1f} |")
    t_ratio = mint[0]["med_ms"] / mint[1]["med_ms"]
    m_ratio = mint[0]["med_mib"] / mint[1]["med_mib"]
    c_ratio = cached[0]["med_ms"] / cached[1]["med_ms"]
    print()
    print(f"- mint time vs Node client: {t_ratio:.2f}x (goal <= 0.40x) {'OK' if t_ratio <= 0.4 else 'MISSED'}")
    print(f"- mint peak memory vs Node client: {m_ratio:.2f}x (goal <= 0.40x) {'OK' if m_ratio <= 0.4 else 'MISSED'}")
    print(f"  - private (anonymous) memory, the processes' own: aemtoken {mint[0]['anon_mib']:.1f} MiB vs Node "
          f"{mint[1]['anon_mib']:.1f} MiB = {mint[0]['anon_mib'] / mint[1]['anon_mib']:.2f}x")
    if len(mint) > 2:
        f = mint[2]
        print(f"  - the stack's floor alone (one QtKeychain read + one QNetworkAccessManager HTTPS POST): "
              f"{f['med_mib']:.1f} MiB = {f['med_mib'] / mint[1]['med_mib']:.2f}x Node; aemtoken adds "
              f"{mint[0]['med_mib'] - f['med_mib']:.1f} MiB to it")
    print(f"- cached token vs secret-tool lookup: {c_ratio:.2f}x (goal <= 2x) {'OK' if c_ratio <= 2 else 'MISSED'}")
    print(exec_line(execs))
    print(run_line(runs))
    if gui:
        print(window_lines(gui))

    if compare:
        ok = max(compare["offline"], compare["sent"]) <= 50
        print(f"- compare window, two 10 MiB JSON answers: longest GUI stall {compare['offline']:.0f} ms median "
              f"(diff of answers in hand), {compare['sent']:.0f} ms (both sent through the sandbox), "
              f"{compare['worst']:.0f} ms worst (goal <= 50 ms) {'OK' if ok else 'MISSED'}; "
              f"differences on screen after {compare['shown']:.0f} ms")
    if tester:
        r = tester["ttlb"] / tester["curl"]
        print(f"- request tester, 100 MiB JSON: longest GUI stall {tester['stall']:.0f} ms median, "
              f"{tester['worst_stall']:.0f} ms worst (goal < 50 ms, judged on the median run) {'OK' if tester['stall'] < 50 else 'MISSED'}; "
              f"last byte {tester['ttlb']:.0f} ms vs curl {tester['curl']:.0f} ms = {r:.2f}x (goal <= 1.2x) "
              f"{'OK' if r <= 1.2 else 'MISSED'}; on screen after {tester['shown']:.0f} ms")

def window_series(a, aemtoken, d, url, env, count):
    """Stores credentials up to count (the bench one is there already), then times cold starts of
    the window to its first paint: --gui, and --gui-base beside it when given."""
    have = len(json.loads(subprocess.run([aemtoken, "list", "--json"], env=env, check=True,
                                         capture_output=True).stdout))
    for i in range(have - 1, count - 1):
        cred = f"{d}/gui-{i}.json"
        body = subprocess.run(["curl", "-s", "--cacert", f"{d}/ca.pem", "-X", "POST",
                               f"{url}/__sandbox/control/credentials"], check=True, capture_output=True).stdout
        open(cred, "wb").write(body)
        subprocess.run([aemtoken, "import", cred, "--name", f"gui-{i:03d}"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    specs = [series(f"aem-token-manager cold start ({count} credentials)", [a.gui, "--quit-after-first-paint"],
                    env, a.runs)]
    if a.gui_base:
        specs.append(series(f"aem-token-manager cold start ({count} credentials), base build",
                            [a.gui_base, "--quit-after-first-paint"], env, a.runs))
    for s in specs:
        s["count"] = count
        s["paint"] = True
    run_interleaved(specs, a.runs)
    return specs

def window_lines(gui):
    lines = []
    for g in gui:
        if g["name"].endswith("base build"):
            continue
        goal = "goal <= 300 ms" if g["count"] == 50 else "goal <= 80 ms"
        ok = g["med_ms"] <= (300 if g["count"] == 50 else 80)
        line = (f"- window cold start with {g['count']} credentials: first paint {g['med_ms']:.0f} ms ({goal}) "
                f"{'OK' if ok else 'MISSED'}, exited {g['med_exit_ms']:.0f} ms; peak memory {g['med_mib']:.1f} MiB")
        if g["count"] == 50:
            line += f" (goal <= 80 MiB) {'OK' if g['med_mib'] <= 80 else 'MISSED'}"
        base = next((b for b in gui if b["count"] == g["count"] and b is not g), None)
        if base:
            line += f"; base build: first paint {base['med_ms']:.0f} ms, exited {base['med_exit_ms']:.0f} ms"
        lines.append(line)
    return "\n".join(lines)

def report_window(gui):
    print("| command (to first paint) | median ms | p90 ms | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for s in gui:
        print(f"| {s['name']} | {s['med_ms']:.1f} | {s['p90_ms']:.1f} | {s['med_mib']:.1f} |")
    print(window_lines(gui))
def run_compare(a, aemtoken, url, d, env):
    """The Compare window: two 10 MiB JSON answers diffed (handed over, then sent to two
    credentials through the sandbox); the GUI's longest stall of each run."""
    cenv = dict(env) if env.get("DISPLAY") else dict(env, QT_QPA_PLATFORM="offscreen")
    cred = f"{d}/compare-2.json"
    body = subprocess.run(["curl", "-s", "--cacert", f"{d}/ca.pem", "-X", "POST",
                           f"{url}/__sandbox/control/credentials"], check=True, capture_output=True).stdout
    open(cred, "wb").write(body)
    subprocess.run([aemtoken, "import", cred, "--name", "bench-2", "--author", url], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    offline, sent, shown = [], [], []
    for _ in range(max(3, a.runs // 10)):
        r = json.loads(subprocess.run([a.compare, "10"], env=cenv, check=True, capture_output=True).stdout)
        offline.append(r["worst_stall_ms"]); shown.append(r["runs"][0]["shown_ms"])
        r = json.loads(subprocess.run([a.compare, "--send", "bench", "bench-2", "/__sandbox/large?mb=10",
                                       f"{d}/ca.pem"], env=cenv, check=True, capture_output=True).stdout)
        sent.append(r["worst_stall_ms"])
    return {"offline": statistics.median(offline), "sent": statistics.median(sent),
            "worst": max(offline + sent), "shown": statistics.median(shown)}

# 50 requests against the sandbox's author (four paths, in turn), as a CI job runs a collection.
RUN_PATHS = ["/libs/granite/security/currentuser.json", "/content/dam.json", "/api/assets.json",
             "/system/sling/info.sessionInfo.json"]

def run_specs(aemtoken, d, url, env, runs):
    """aemtoken run FILE.http (50 requests, stored credential, cached token) vs the same 50 URLs
    through curl in a shell loop with the same bearer token."""
    http = f"{d}/bench-50.http"
    urls = [url + RUN_PATHS[i % len(RUN_PATHS)] for i in range(50)]
    with open(http, "w") as f:
        for i in range(50):
            f.write(f"### r{i}\nGET {{{{author}}}}{RUN_PATHS[i % len(RUN_PATHS)]}\nAccept: application/json\n\n")
    token = subprocess.run([aemtoken, "token", "bench"], env=env, check=True,
                           capture_output=True).stdout.strip().decode()
    loop = f"{d}/curl-50.sh"
    with open(loop, "w") as f:
        f.write("#!/bin/sh\nset -e\nfor u in " + " ".join(urls) + "; do\n"
                f"  curl -sS -f -o /dev/null --cacert {d}/ca.pem -H 'Accept: application/json' "
                "-H \"Authorization: Bearer $AEM_TOKEN\" \"$u\"\ndone\n")
    os.chmod(loop, 0o700)
    return [series("aemtoken run (50 requests, cached token)", [aemtoken, "run", http, "--target", "bench"], env,
                   runs),
            series("curl in a loop (50 requests, same token)", [loop], dict(env, AEM_TOKEN=token), runs)]

def run_line(runs):
    r = runs[0]["med_ms"] / runs[1]["med_ms"]
    return (f"- aemtoken run of 50 requests: {runs[0]['med_ms']:.0f} ms vs curl in a loop {runs[1]['med_ms']:.0f} ms "
            f"= {r:.2f}x (goal <= 1.2x) {'OK' if r <= 1.2 else 'MISSED'}")

def report_run(runs):
    print("| command | median ms | p90 ms | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for s in runs:
        print(f"| {s['name']} | {s['med_ms']:.1f} | {s['p90_ms']:.1f} | {s['med_mib']:.1f} |")
    print(run_line(runs))

def exec_line(execs):
    over = execs[0]["med_ms"] - execs[1]["med_ms"]
    spawn = execs[0]["med_ms"] - execs[2]["med_ms"]
    line = (f"- exec overhead over the command (exec -- true minus true): {over:.1f} ms (goal <= 15 ms) "
            f"{'OK' if over <= 15 else 'MISSED'}; of which the spawn and wait beyond a cached `token`: {spawn:.1f} ms")
    if len(execs) > 3:
        over_from = execs[3]["med_ms"] - execs[1]["med_ms"]
        line += (f"\n- exec --from FILE overhead (kernel keyring, no D-Bus): {over_from:.1f} ms (goal <= 15 ms) "
                 f"{'OK' if over_from <= 15 else 'MISSED'}")
    return line

def report_exec(execs):
    print("| command | median ms | p90 ms | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for s in execs:
        print(f"| {s['name']} | {s['med_ms']:.1f} | {s['p90_ms']:.1f} | {s['med_mib']:.1f} |")
    print(exec_line(execs))

if __name__ == "__main__":
    main()
