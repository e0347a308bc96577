"""The real trainer data-parallel across two hosts: two network namespaces on this machine, each
with its own 10.x address (netns_hosts.py), one torchrun per host (`--nnodes 2 --node_rank r
--nproc_per_node 1`, c10d rendezvous on host A's address), gloo between them.

- Two hosts × one process logs exactly the same losses, step for step, as one host × two
  processes with the same seed and global batch. Exact, not within a tolerance: each rank draws the
  same rows (order[rank::world]) and runs the same single-threaded kernels wherever it runs, and the
  only arithmetic across ranks is gloo's all-reduce of two addends (gradients, logged sums), where
  a + b == b + a bit for bit; the host layout changes the transport, not one operation.
- A host dies: its trainer is SIGKILLed, or its link goes down (`ip link set … down` in its
  namespace). Rank 0's trainer ends the run `failed`, naming the lost peer, within a bounded time
  (VLA_LAB_DIST_TIMEOUT_S, 8 s here, bounds the network-cut case); events and checkpoints already
  written stay; `--resume` on two fresh hosts continues from the last checkpoint with every step once.

Needs root and iproute2; FAILS (does not skip) without them.
"""

import json
import os
import signal
import subprocess
import time

import pytest
from helpers import torchrun_launch
from helpers.torchrun_launch import PY, SHIM, torchrun
from netns_hosts import TwoHosts, missing
from test_trainer import data_dir, events, events_so_far, make_spec, scalar_steps, validate_events  # noqa: F401 (data_dir: the shared fixture)

DIST_TIMEOUT_S = 8
ENV = {**torchrun_launch.ENV, "VLA_LAB_DIST_TIMEOUT_S": str(DIST_TIMEOUT_S)}
RDZV_PORT = 29531


@pytest.fixture(autouse=True)
def _can_make_hosts():
    reason = missing()
    if reason:
        pytest.fail(f"two test hosts cannot be made here: {reason}")


def write_spec(tmp_path, data_dir, steps, name="spec.json"):
    spec = make_spec(data_dir)
    spec["data"]["stages"][0]["steps"] = steps
    spec["train"].update({"batch_size": 4, "log_every": 1, "checkpoint_every": 5, "val_every": 100000})
    p = tmp_path / name
    p.write_text(json.dumps(spec))
    return p


def train_args(spec, run, *extra):
    return ["-m", "vlalab", "train", "--spec", str(spec), "--run-dir", str(run), "--no-eval", *extra]


def start_two_hosts(hosts, spec, run, *extra, rdzv_id="two-hosts"):
    """One torchrun per host, one process each, meeting at host A's address. Returns {host: Popen}."""
    procs = {}
    for node_rank, host in enumerate(("a", "b")):
        argv = [
            PY,
            SHIM,
            "--nnodes",
            "2",
            "--node_rank",
            str(node_rank),
            "--nproc_per_node",
            "1",
            "--rdzv_backend",
            "c10d",
            "--rdzv_endpoint",
            f"{hosts.addr_a}:{RDZV_PORT}",
            "--rdzv_id",
            rdzv_id,
            # Host A runs the rendezvous store: torchrun cannot tell by itself (its hostname resolves
            # to the machine's address, not the namespace's); a lost peer fails the join in 60 s.
            "--rdzv_conf",
            f"is_host={1 if host == 'a' else 0},join_timeout=60",
            "--local_addr",
            hosts.addr_a if host == "a" else hosts.addr_b,
            *train_args(spec, run, *extra),
        ]
        # gloo binds to the namespace's own interface (the hostname resolves outside the namespace).
        env = {**ENV, "GLOO_SOCKET_IFNAME": hosts.links[host]}
        procs[host] = hosts.popen(host, argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return procs


def finish(procs, timeout):
    out = {}
    for host, p in procs.items():
        o, e = p.communicate(timeout=timeout)
        out[host] = (p.returncode, o, e)
    return out


def losses(run):
    return [(e["step"], e["value"]) for e in events(run) if e["type"] == "scalar" and e["name"] == "train/loss"]


def worker_ranks(hosts):
    """{host: (pid, RANK)} of the trainer process (torchrun's worker) inside each host."""
    found = {}
    for host in ("a", "b"):
        for pid in hosts.pids(host):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    env = dict(kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv)
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().split(b"\0")
            except OSError:
                continue
            if b"RANK" in env and b"vlalab" in cmd and b"train" in cmd:
                found[host] = (pid, int(env[b"RANK"]))
    return found


def wait_steps(run, n, procs, timeout=150):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if (run / "events.jsonl").exists() and len(scalar_steps(events_so_far(run))) >= n:
            return
        for host, p in procs.items():
            if p.poll() is not None:
                o, e = p.communicate()
                raise AssertionError(
                    f"host {host} ended early (exit {p.returncode}) at step "
                    f"{max(scalar_steps(events_so_far(run)), default=0)}:\n{o[-1500:]}\n{e[-3000:]}"
                )
        time.sleep(0.1)
    raise AssertionError(f"no step {n} within {timeout} s")


def test_two_hosts_one_process_each_log_the_same_losses_as_one_host_two_processes(tmp_path, data_dir):
    spec = write_spec(tmp_path, data_dir, steps=10)
    one_host = tmp_path / "one-host"
    r = subprocess.run(torchrun(2, *train_args(spec, one_host)), env=ENV, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr

    two_hosts = tmp_path / "two-hosts"
    with TwoHosts() as hosts:
        out = finish(start_two_hosts(hosts, spec, two_hosts), timeout=180)
    for host, (code, o, e) in out.items():
        assert code == 0, f"host {host}: {o}\n{e}"
    assert validate_events(two_hosts / "events.jsonl") == []
    starts = [e for e in events(two_hosts) if e["type"] == "run_start"]
    assert len(starts) == 1 and starts[0]["world_size"] == 2
    assert "2 ranks: parameters identical on every rank" in out["a"][1] + out["b"][1]
    a, b = losses(one_host), losses(two_hosts)
    assert [s for s, _ in a] == list(range(1, 11))
    assert b == a, "the same losses, bit for bit, step for step"


def _assert_failed_naming_the_peer(run, began, bound_s):
    evs = events(run)
    end = evs[-1]
    assert end["type"] == "run_end" and end["status"] == "failed", end
    assert "lost contact with another rank" in end["error"], end["error"]
    assert time.time() - began < bound_s


def test_a_host_dies_then_resume_continues_with_every_step_once(tmp_path, data_dir):
    total = 120
    spec = write_spec(tmp_path, data_dir, steps=total)

    # 1. Host B's trainer is killed (SIGKILL: no goodbye on the wire).
    killed = tmp_path / "killed"
    with TwoHosts() as hosts:
        procs = start_two_hosts(hosts, spec, killed, rdzv_id="killed")
        wait_steps(killed, 8, procs)
        ranks = worker_ranks(hosts)
        assert sorted(r for _, r in ranks.values()) == [0, 1], ranks
        victim = next(h for h, (_, r) in ranks.items() if r != 0)  # the host whose rank does not write events
        began = time.time()
        os.kill(ranks[victim][0], signal.SIGKILL)
        survivor = "a" if victim == "b" else "b"
        code, o, e = finish({survivor: procs[survivor]}, timeout=60)[survivor]
        assert code != 0, o + e
        _assert_failed_naming_the_peer(killed, began, bound_s=30)
        print(f"trainer killed: the run failed {time.time() - began:.1f} s later")
    assert validate_events(killed / "events.jsonl") == []

    # 2. Host B's network is cut: nothing tells host A, only VLA_LAB_DIST_TIMEOUT_S ends the wait.
    cut = tmp_path / "cut"
    with TwoHosts() as hosts:
        procs = start_two_hosts(hosts, spec, cut, rdzv_id="cut")
        wait_steps(cut, 8, procs)
        ranks = worker_ranks(hosts)
        victim = next(h for h, (_, r) in ranks.items() if r != 0)
        survivor = "a" if victim == "b" else "b"
        written = (cut / "events.jsonl").read_text()
        began = time.time()
        hosts.cut_network(victim)
        code, o, e = finish({survivor: procs[survivor]}, timeout=DIST_TIMEOUT_S + 60)[survivor]
        assert code != 0, o + e
        _assert_failed_naming_the_peer(cut, began, bound_s=DIST_TIMEOUT_S + 30)
        failed_after = time.time() - began
    assert (cut / "events.jsonl").read_text().startswith(written), "nothing already written was lost"
    saved = sorted(p.name for p in (cut / "checkpoints").glob("step-*.pt"))
    assert saved, "checkpoints written before the cut are kept"
    stopped = max(scalar_steps(events(cut)))

    # 3. Two fresh hosts resume the cut run from its last checkpoint.
    with TwoHosts() as hosts:
        out = finish(start_two_hosts(hosts, spec, cut, "--resume", rdzv_id="cut-resume"), timeout=180)
    for host, (code, o, e) in out.items():
        assert code == 0, f"host {host}: {o}\n{e}"
    evs = events(cut)
    assert validate_events(cut / "events.jsonl") == []
    assert scalar_steps(evs) == list(range(1, total + 1)), "every step once across the lost host and the resume"
    starts = [e for e in evs if e["type"] == "run_start"]
    assert len(starts) == 2 and starts[1]["resumed"] and starts[1]["start_step"] == int(saved[-1][5:12]) <= stopped
    print(f"network cut: the run failed {failed_after:.1f} s later (VLA_LAB_DIST_TIMEOUT_S={DIST_TIMEOUT_S})")
