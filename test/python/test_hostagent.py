"""python/vlalab/hostagent.py, the hosts launcher's agent on each host: it runs the command, passes
its output through, stops it on a `stop` line or when its stdin closes (SIGTERM, then SIGKILL after
the grace period), and ends with one exit line that starts with the supervisor's token."""

import json
import os
import subprocess
import sys
import time

from vlalab.hostagent import interface_of

AGENT = os.path.join(os.path.dirname(__file__), "..", "..", "python", "vlalab", "hostagent.py")
TOKEN = "@tok-123"
# A child that says it started, then waits; SIGTERM makes it exit 7 (as the trainer exits after its checkpoint).
WAITER = "import signal, sys, time; signal.signal(signal.SIGTERM, lambda *a: sys.exit(7)); print('started', flush=True); time.sleep(60)"


def agent(*args, **kw):
    return subprocess.Popen(
        [sys.executable, AGENT, "--report", TOKEN, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def finish(p):
    """Output and status, without closing the agent's stdin (closing it means "stop")."""
    out, err = p.stdout.read(), p.stderr.read()
    p.wait(timeout=30)
    return out, err


def report(out):
    line = [ln for ln in out.splitlines() if ln.startswith(TOKEN + " ")]
    assert len(line) == 1, out
    return json.loads(line[0][len(TOKEN) + 1 :])


def test_runs_the_command_passes_its_output_and_reports_its_exit(tmp_path):
    p = agent(
        "--cwd",
        str(tmp_path),
        "--env",
        "VLA_X=a=b",
        "--",
        sys.executable,
        "-c",
        "import os, sys; print(os.getcwd(), os.environ['VLA_X']); sys.exit(3)",
    )
    out, err = finish(p)
    assert p.returncode == 3, err
    assert out.splitlines()[0] == f"{tmp_path} a=b"
    assert report(out) == {"code": 3, "signal": None}


def test_a_stop_line_and_a_closed_stdin_both_stop_the_command():
    for how in ("stop", "close"):
        p = agent("--", sys.executable, "-c", WAITER)
        assert p.stdout.readline().strip() == "started"
        t = time.time()
        if how == "stop":
            p.stdin.write("stop\n")
            p.stdin.flush()
        else:
            p.stdin.close()  # the supervisor (or the ssh connection to it) is gone
        out, err = finish(p)
        assert time.time() - t < 10
        assert p.returncode == 7 and report(out) == {"code": 7, "signal": None}, (how, out, err)
        assert "SIGTERM to the run's processes on this host" in err


def test_a_command_that_ignores_sigterm_is_killed_after_the_grace_period():
    for grace_args, line in ((["--grace", "0.5"], "stop\n"), (["--grace", "60"], "stop 0.5\n")):  # `stop GRACE` overrides --grace
        p = agent(
            *grace_args,
            "--",
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('started', flush=True); time.sleep(60)",
        )
        assert p.stdout.readline().strip() == "started"
        t = time.time()
        p.stdin.write(line)
        p.stdin.flush()
        out, err = finish(p)
        assert p.returncode == 128 + 9 and report(out) == {"code": None, "signal": "SIGKILL"}, err
        assert time.time() - t < 20
        assert "still running after 0.5 s: SIGKILL" in err


def test_a_command_that_cannot_start_is_reported_in_one_line():
    p = agent("--", "/nonexistent/python")
    out, err = finish(p)
    assert p.returncode == 127 and report(out)["code"] == 127
    assert err.strip().splitlines() == ["hostagent: could not start /nonexistent/python: No such file or directory"]


def test_with_an_address_the_exit_line_says_whether_its_interface_is_up():
    p = agent("--local-addr", "127.0.0.1", "--", sys.executable, "-c", "import os; print(os.environ['GLOO_SOCKET_IFNAME'])")
    out, err = finish(p)
    assert p.returncode == 0, err
    assert out.splitlines()[0] == "lo", "gloo binds to the interface that holds the address"
    assert report(out) == {"code": 0, "signal": None, "link": "up", "ifname": "lo"}


def test_the_interface_that_holds_an_address():
    assert interface_of("127.0.0.1") == "lo"
    assert interface_of("192.0.2.77") is None  # TEST-NET-1: on no interface here


def test_pick_port_says_the_port_free_on_this_host_and_hands_it_to_torchrun():
    # The first host's agent: the port is picked here (not on the supervisor's machine), said on one
    # line before anything the command prints, and given to torchrun as PET_MASTER_PORT (its --master_port).
    p = agent("--pick-port", "--", sys.executable, "-c", "import os; print('port', os.environ['PET_MASTER_PORT'])")
    out, _ = finish(p)
    lines = out.splitlines()
    assert lines[0].startswith(TOKEN + "-port "), out
    port = int(lines[0].split()[-1])
    assert 0 < port < 65536
    assert lines[1] == f"port {port}"
    assert report(out)["code"] == 0
    # The port was free when picked: it can be bound here now.
    import socket

    with socket.socket() as s:
        s.bind(("", port))
