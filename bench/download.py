# SPDX-License-Identifier: Apache-2.0
"""Large downloads: `aemtoken request -o FILE` against `curl -o` on the same sandbox URL, and the
memory of both with the CPU loaded and with a slow reader on stdout. Run through bench/download.sh.
Prints median wall ratios (aemtoken / curl) and peak RSS (ru_maxrss of the finished process)."""
import argparse, os, re, statistics, subprocess, sys, tempfile, time

def run(cmd, env, stdin=None, stdout=subprocess.DEVNULL):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=stdout, stderr=subprocess.PIPE)
    if stdin is not None:
        p.stdin.write(stdin); p.stdin.close()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[0]} failed: {err.decode(errors='replace')[:300]}")
    return ms, usage.ru_maxrss / 1024.0

SLOW_READER = ("import sys,time\n"
               "n=0\n"
               "while True:\n"
               "    b=sys.stdin.buffer.read(1<<20)\n"
               "    if not b: break\n"
               "    n+=len(b); time.sleep(0.02)\n")  # about 50 MB/s

def slow(cmd, env, stdin=None):
    """`cmd | slow reader`: wall and the producer's peak RSS."""
    reader = subprocess.Popen([sys.executable, "-c", SLOW_READER], stdin=subprocess.PIPE)
    try:
        return run(cmd, env, stdin, stdout=reader.stdin)
    finally:
        reader.stdin.close(); reader.wait()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--big-mb", type=int, default=1024)
    ap.add_argument("--quick", action="store_true", help="the quiet 100 MiB comparison only")
    a = ap.parse_args()
    aem = os.path.abspath(a.bin)
    with tempfile.TemporaryDirectory() as d:
        sandbox = subprocess.Popen([aem, "sandbox", "--dir", d], stdout=subprocess.PIPE, text=True)
        load = []
        try:
            url = re.search(r"(https://127\.0\.0\.1:\d+)", sandbox.stdout.readline()).group(1)
            env = dict(os.environ, AEMTOKEN_CA_FILE=f"{d}/ca.pem")
            subprocess.run([aem, "import", f"{d}/service-credentials.json", "--name", "dl", "--author", url],
                           env=env, check=True, stdout=subprocess.DEVNULL)
            token = subprocess.run([aem, "token", "dl"], env=env, check=True, capture_output=True).stdout.strip()
            auth = b"Authorization: Bearer " + token + b"\n"  # curl reads it from stdin (-H @-), not argv
            out = f"{d}/out.json"
            def aem_cmd(mb, o=out): return [aem, "request", "dl", f"/__sandbox/large?mb={mb}"] + (["-o", o] if o else [])
            def curl_cmd(mb, o=out): return ["curl", "-sS", "--fail", "--cacert", f"{d}/ca.pem", "-H", "@-",
                                             f"{url}/__sandbox/large?mb={mb}"] + (["-o", o] if o else [])
            def compare(title, mb, runs, fn=run, o=out):
                fn(aem_cmd(mb, o), env); fn(curl_cmd(mb, o), env, auth)  # warm-up
                am, ar, cm, cr = [], [], [], []
                for _ in range(runs):
                    ms, rss = fn(aem_cmd(mb, o), env); am.append(ms); ar.append(rss)
                    ms, rss = fn(curl_cmd(mb, o), env, auth); cm.append(ms); cr.append(rss)
                ma, mc = statistics.median(am), statistics.median(cm)
                print(f"{title}: aemtoken {ma:.0f} ms vs curl {mc:.0f} ms = {ma / mc:.2f}x; "
                      f"peak RSS aemtoken median {statistics.median(ar):.1f} MiB, worst {max(ar):.1f} MiB "
                      f"(curl {statistics.median(cr):.1f} MiB)", flush=True)
            compare("100 MiB -o FILE, quiet", 100, a.runs)
            if a.quick:
                return
            compare(f"{a.big_mb} MiB -o FILE, quiet", a.big_mb, 1)
            compare(f"{a.big_mb} MiB | slow reader (~50 MB/s)", a.big_mb, 1, fn=slow, o=None)
            load = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(2)]
            compare("100 MiB -o FILE, CPU loaded (yes x2)", 100, a.runs)
            compare(f"{a.big_mb} MiB -o FILE, CPU loaded (yes x2)", a.big_mb, 1)
        finally:
            for p in load:
                p.kill()
            sandbox.terminate(); sandbox.wait()

if __name__ == "__main__":
    main()
