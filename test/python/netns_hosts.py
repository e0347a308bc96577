"""Two test "hosts" on one machine: two network namespaces joined by a veth pair, each with its own
10.x address, for running torchrun's multi-node rendezvous for real (test_two_hosts.py and
bench/scaleout_bench.py). Needs root (ip netns) and iproute2; `missing()` says in one line what is
absent, and callers FAIL on it: a machine that cannot make the hosts must not pass by skipping.

Traffic stays inside the two namespaces this creates (10.x addresses on their own veth pair, plus
each namespace's own loopback); nothing is routed anywhere else. `close()` kills what was started
in them and deletes both namespaces (which removes the veth pair), also after a failure.
"""

import os
import shutil
import signal
import subprocess
import time

SUBNET = "10.213.77"


def missing():
    """None when this machine can make the two hosts, else the reason in one line."""
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is not installed: scripts/setup.sh --tests installs it as root"
    if os.geteuid() != 0:
        return "making network namespaces needs root (ip netns add); CI runs the tests as root"
    return None


def _ip(*args, check=True):
    r = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if check and r.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {r.stderr.strip()}")
    return r


class TwoHosts:
    """Host A (`addr_a`) and host B (`addr_b`), each a namespace with its own address and loopback."""

    _made = 0

    def __init__(self):
        reason = missing()
        if reason:
            raise RuntimeError(reason)
        # Unique per instance: the kernel tears a deleted namespace's links down asynchronously.
        TwoHosts._made += 1
        tag = f"{os.getpid() % 10000}{TwoHosts._made % 100}"
        self.ns_a, self.ns_b = f"vlab{tag}a", f"vlab{tag}b"
        self.addr_a, self.addr_b = f"{SUBNET}.1", f"{SUBNET}.2"
        self.procs = []
        self.links = {}
        try:
            _ip("netns", "add", self.ns_a)
            _ip("netns", "add", self.ns_b)
            veth_a, veth_b = f"vl{tag}a", f"vl{tag}b"
            # Created inside namespace A and its peer moved into B: the root namespace never holds it.
            _ip("-n", self.ns_a, "link", "add", veth_a, "type", "veth", "peer", "name", veth_b, "netns", self.ns_b)
            self.links = {"a": veth_a, "b": veth_b}
            for ns, dev, addr in ((self.ns_a, veth_a, self.addr_a), (self.ns_b, veth_b, self.addr_b)):
                _ip("-n", ns, "addr", "add", f"{addr}/30", "dev", dev)
                _ip("-n", ns, "link", "set", dev, "up")
                _ip("-n", ns, "link", "set", "lo", "up")
        except BaseException:
            self.close()
            raise

    def popen(self, host, argv, **kw):
        """argv started inside host "a" or "b" (its own session, so the whole tree can be signalled)."""
        ns = self.ns_a if host == "a" else self.ns_b
        p = subprocess.Popen(["ip", "netns", "exec", ns, *argv], start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def pids(self, host):
        """The processes running inside host "a" or "b"."""
        r = _ip("netns", "pids", self.ns_a if host == "a" else self.ns_b, check=False)
        return [int(x) for x in r.stdout.split()]

    def cut_network(self, host="b"):
        """Takes host's link down: its peers stop hearing from it, as when a cable or switch fails."""
        _ip("-n", self.ns_a if host == "a" else self.ns_b, "link", "set", self.links[host], "down")

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for ns in (getattr(self, "ns_a", None), getattr(self, "ns_b", None)):
            if not ns:
                continue
            # Whatever still runs in the namespace was started by this object (ip netns exec).
            for pid in self.pids("a" if ns == self.ns_a else "b") if _ip("netns", "pids", ns, check=False).returncode == 0 else []:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.time() + 10
        for ns in (getattr(self, "ns_a", None), getattr(self, "ns_b", None)):
            while ns and _ip("netns", "del", ns, check=False).returncode != 0 and time.time() < deadline:
                if ns not in _ip("netns", "list", check=False).stdout:
                    break
                time.sleep(0.2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def serve():
    """`python netns_hosts.py`: makes the two hosts, prints them as one JSON line, keeps them until its
    stdin closes (or SIGTERM), then tears them down (what runs in them included). For tests in other
    languages (test/integration/runner-hosts.test.ts)."""
    import json
    import sys

    reason = missing()
    if reason:
        print(json.dumps({"error": reason}), flush=True)
        return 3
    signal.signal(signal.SIGTERM, lambda *_: sys.stdin.close())
    with TwoHosts() as h:
        print(
            json.dumps(
                {"a": {"ns": h.ns_a, "addr": h.addr_a, "link": h.links["a"]}, "b": {"ns": h.ns_b, "addr": h.addr_b, "link": h.links["b"]}}
            ),
            flush=True,
        )
        try:
            for line in sys.stdin:
                cmd = line.split()
                if cmd[:1] == ["cut"] and len(cmd) == 2 and cmd[1] in ("a", "b"):
                    h.cut_network(cmd[1])
                    print("ok", flush=True)
                elif cmd[:1] == ["kill"] and len(cmd) == 2 and cmd[1] in ("a", "b"):
                    for pid in h.pids(cmd[1]):
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                    print("ok", flush=True)
        except (ValueError, OSError):
            pass  # stdin closed by SIGTERM
    return 0


if __name__ == "__main__":
    raise SystemExit(serve())
