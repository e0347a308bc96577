"""The per-host agent of the `hosts` launcher (extension/core/runner/launchers/hosts.ts).

The supervisor starts it on every host through the user's remote-launch command (`ssh <host> …` by
default, `ip netns exec <ns> …` in the tests) as

    <python> <vla-lab>/python/vlalab/hostagent.py --report TOKEN [--env K=V]… [--cwd DIR]
        [--local-addr ADDR] [--grace S] [--pick-port] -- <torchrun argv>

and it imports the standard library only, so any interpreter on the host runs it.

- It starts the argv (torchrun) in its own session with stdin closed; stdout and stderr pass through.
- Its stdin is the supervisor's line to this host: a line `stop [GRACE]` (`vla-lab cancel`), or the
  end of input (the supervisor or the connection to it is gone), sends SIGTERM to the whole group —
  the trainer checkpoints and ends `cancelled` — and SIGKILL after GRACE (else --grace) seconds. SIGTERM, SIGHUP and
  SIGINT to the agent itself do the same (ssh with a terminal hangs up on its remote side).
- When the argv ends it prints one line, `TOKEN {"code": …, "signal": …}`, and exits with the
  argv's status (128 + n for signal n). The supervisor reads that line as "this host was reachable
  to the end": a host whose processes were killed, or whose connection broke, never prints it. The
  token is the supervisor's, per launch, so nothing the trainer prints can pass for it.
- --local-addr: the address the other hosts reach this host at. gloo binds to the interface that
  holds it (GLOO_SOCKET_IFNAME, unless already set): the machine's own hostname may resolve to
  another interface (or, in a network namespace, to one outside it). The exit line then also says
  whether that interface is still up ("link": "up", "down", "no-carrier").
- --pick-port (the first host, which serves the rendezvous): asks this host's kernel for a TCP port
  free here, prints `TOKEN-port N` before starting the argv, and hands N to torchrun as its
  `--master_port` (torchrun reads an unset option from PET_MASTER_PORT). The supervisor launches the
  other hosts with N once it has read that line: the port is free on the host that binds it, not
  on the machine the supervisor runs on.
"""

import argparse
import fcntl
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading

SIOCGIFADDR = 0x8915
SIOCGIFFLAGS = 0x8913
IFF_UP, IFF_RUNNING = 0x1, 0x40


def interface_of(addr):
    """The name of the network interface that holds IPv4 address `addr` (a name is resolved first), or None."""
    try:
        ip = socket.gethostbyname(addr)
    except OSError:
        return None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(s.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue  # no IPv4 address on this interface
            if socket.inet_ntoa(packed[20:24]) == ip:
                return name
    return None


def link_state(ifname):
    """ "up", "down" (taken down on this host), "no-carrier" (up, but the wire or its far end is gone), or None."""
    if not ifname:
        return None
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            packed = fcntl.ioctl(s.fileno(), SIOCGIFFLAGS, struct.pack("256s", ifname.encode()[:15]))
    except OSError:
        return "down"  # the interface is gone
    flags = struct.unpack("H", packed[16:18])[0]
    return "down" if not flags & IFF_UP else "no-carrier" if not flags & IFF_RUNNING else "up"


def parse(argv):
    p = argparse.ArgumentParser(prog="hostagent.py", description="runs one host's part of a VLA Lab run")
    p.add_argument("--report", required=True, help="the token that starts the exit line")
    p.add_argument("--env", action="append", default=[], metavar="K=V")
    p.add_argument("--cwd")
    p.add_argument("--local-addr")
    p.add_argument("--grace", type=float, default=30.0)
    p.add_argument("--pick-port", action="store_true", help="pick the rendezvous port free on this host")
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args(argv)
    if a.command and a.command[0] == "--":
        a.command = a.command[1:]
    if not a.command:
        p.error("give the command after --")
    return a


def main(argv=None):
    a = parse(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    for kv in a.env:
        k, sep, v = kv.partition("=")
        if not sep or not k:
            print(f"hostagent: --env {kv!r} is not K=V", file=sys.stderr, flush=True)
            return 2
        env[k] = v
    ifname = interface_of(a.local_addr) if a.local_addr else None
    if ifname and "GLOO_SOCKET_IFNAME" not in env:
        env["GLOO_SOCKET_IFNAME"] = ifname
    if a.pick_port:
        # Free on every address of this host (torchrun's store listens on all of them). Between this
        # and torchrun's bind another program could take it: then the run fails with torchrun's
        # "address already in use" and `vla-lab resume` picks again.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("", 0))
            port = s.getsockname()[1]
        env["PET_MASTER_PORT"] = str(port)
        print(f"{a.report}-port {port}", flush=True)
    try:
        child = subprocess.Popen(a.command, cwd=a.cwd or None, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:
        print(f"hostagent: could not start {a.command[0]}: {e.strerror or e}", file=sys.stderr, flush=True)
        print(f"{a.report} {json.dumps({'code': 127, 'signal': None, 'error': str(e)})}", flush=True)
        return 127

    stopping = threading.Event()

    def stop(why, grace=None):
        if stopping.is_set():
            return
        stopping.set()
        grace = a.grace if grace is None else grace
        print(f"hostagent: {why}: SIGTERM to the run's processes on this host", file=sys.stderr, flush=True)
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            return

        def kill_later():
            try:
                child.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                print(f"hostagent: still running after {grace:g} s: SIGKILL", file=sys.stderr, flush=True)
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

        threading.Thread(target=kill_later, daemon=True).start()

    def read_stdin():
        for line in sys.stdin:
            words = line.split()
            if words[:1] == ["stop"]:
                # `stop [GRACE]`: vla-lab cancel --grace may say how long the trainer has to checkpoint.
                try:
                    grace = float(words[1]) if len(words) > 1 else None
                except ValueError:
                    grace = None
                stop("stop requested", grace)
                return
        stop("the supervisor's connection closed")

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: stop(signal.Signals(signum).name))
    threading.Thread(target=read_stdin, daemon=True).start()

    while True:
        try:
            code = child.wait()
            break
        except InterruptedError:  # pragma: no cover — PEP 475 retries; kept for clarity
            continue
    # What the agent's group still holds (a data-loader worker torchrun left) goes with it.
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    sig = -code if code < 0 else None
    # The state of the link the other hosts reach this one on (when --local-addr named it): a run that
    # failed because this host's network went down says so.
    link = {"link": link_state(ifname), "ifname": ifname} if ifname else {}
    print(
        f"{a.report} {json.dumps({'code': code if code >= 0 else None, 'signal': signal.Signals(sig).name if sig else None, **link})}",
        flush=True,
    )
    return 128 + sig if sig else code


if __name__ == "__main__":
    sys.exit(main())
