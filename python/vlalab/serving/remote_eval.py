"""Scores a vla-eval model server on Playtable and files the result in a VLA Lab run
(`python -m vlalab eval --model-server <url> --run-dir <run> [--spec <spec>]`).

For each playtable entry of the spec's `eval`, the PlaytableBenchmark runs its chains through
vla-eval's own client (Connection) and episode runner (SyncEpisodeRunner), one chain per episode.
Before the first episode the server's declared conventions are compared with Playtable's (one error
naming every mismatch). A server that dies, hangs past `timeout` or answers with a wrong action ends
the evaluation with one error naming the server and the episode; the episodes finished before it
are kept and filed as a partial result (results JSON `partial`, an eval-partial warning, run_end
failed); the interrupted one is never counted, and nothing is retried."""

import asyncio
import os

import websockets

from .. import runlayout
from ..sim.evaluation import _summarise, _VideoSample
from ..trainer.evaluate import data_protocol, entry_chain_set, entry_obstacle, report, write_result
from .conventions import check_server
from .playtable_benchmark import ActionShapeError, PlaytableBenchmark


class ServerFault(RuntimeError):
    """The model server failed during the evaluation (died, hung, answered wrongly)."""


def _entry_tasks(spec, entry):
    trained = sorted({t for st in spec.get("data", {}).get("stages", []) for ds in st.get("datasets", []) for t in (ds.get("tasks") or [])})
    return entry.get("tasks") or trained or None


def make_benchmark(spec, entry, chains=None, video_dir=None, record_video=None, image_size=None):
    """The PlaytableBenchmark of one eval entry: the same chains as the in-process evaluator's
    (trainer/evaluate.py: tasks default to the trained ones, a single-task entry runs
    chains // len(tasks) episodes per task)."""
    n = int(chains or entry["chains"])
    tasks = _entry_tasks(spec, entry)
    chain_length = int(entry["chain_length"])
    if chain_length == 1 and not tasks:
        raise ValueError("a single-task evaluation needs eval[].tasks (the spec trains on no named tasks)")
    embodiment, expert_routes, train_scenes = data_protocol(spec)
    return PlaytableBenchmark(
        chain_length=chain_length,
        num_chains=n,
        tasks=tasks,
        episodes_per_task=max(1, n // len(tasks)) if chain_length == 1 else None,
        sequences=entry.get("sequences"),
        seed=entry["seed"],
        max_steps=entry["max_steps"],
        image_size=image_size or spec["observation"]["image_size"],
        image_size_fixed=image_size is not None,
        embodiment=embodiment or "default",
        held_out_phrasings=entry["held_out_phrasings"],
        video_dir=video_dir,
        record_video=record_video,
        scene=entry.get("scene", "A"),
        train_scenes=train_scenes,
        chain_set=entry_chain_set(entry, tasks),
        expert_routes=expert_routes,
        obstacle=entry_obstacle(entry, spec),
    )


async def _run(url, bench, timeout, log):
    """(episodes, videos, fault): the finished episodes in order and the fault that stopped them."""
    from vla_eval.connection import Connection
    from vla_eval.runners.base import EpisodeError
    from vla_eval.runners.sync_runner import SyncEpisodeRunner

    conn = Connection(url, timeout=timeout, max_retries=1)
    try:
        try:
            await conn.connect(benchmark="playtable")
        except (ConnectionError, OSError, TimeoutError) as e:
            raise ServerFault(f"cannot reach the model server at {url} ({type(e).__name__}): start it first (vla-lab serve <run>)") from e
        size, notes = check_server(
            conn.server_info, bench.get_action_spec(), bench.get_observation_spec(), bench.image_size, bench.image_size_fixed, url
        )
        bench.undeclared = bool(notes)
        bench.image_size = size
        bench.server_name = conn.server_info.get("model_server", "unknown")
        for note in notes:
            log(f"note: {note}")
        episodes, videos, runner = [], [], SyncEpisodeRunner()
        tasks = bench.get_tasks()
        for task in tasks:
            where = f"episode {len(episodes) + 1}/{len(tasks)} ({task['name']})"
            try:
                out = await runner.run_episode(bench, task, conn, max_steps=bench.get_metadata()["max_steps"])
            except (ConnectionError, websockets.exceptions.ConnectionClosed):
                return episodes, videos, f"the model server at {url} closed the connection during {where} (did it die?)"
            except TimeoutError:
                return episodes, videos, f"the model server at {url} sent no action within {timeout:g} s during {where} (hung?)"
            except EpisodeError as e:
                cause = e.__cause__
                if isinstance(cause, ActionShapeError):
                    return episodes, videos, f"the model server at {url} answered wrongly during {where}: {cause}"
                if "Server error" in str(e):
                    return episodes, videos, f"the model server at {url} failed during {where}: {str(e)[:300]}"
                raise
            metrics = out["metrics"]
            if not metrics.get("finished"):
                return episodes, videos, f"{where} did not finish within vla-eval's step budget"
            episodes.append(metrics["episode"])
            videos += metrics["videos"]
        return episodes, videos, None
    finally:
        bench.abort()
        await conn.close()


def evaluate_model_server(url, run_dir, spec, chains=None, events=None, log=print, timeout=60.0, image_size=None):
    """Evaluates the server on every playtable entry of `spec` (resolved); returns the summaries.
    Raises ConventionMismatch before any episode, or ServerFault after filing the partial result."""
    out_dir = os.path.join(run_dir, runlayout.EVAL, "model-server")
    os.makedirs(out_dir, exist_ok=True)
    checkpoint = f"model-server:{url}"
    served = server_config(url)
    chunk = (served.get("conventions") or {}).get("chunk") or {}
    # VLA Lab's servers state how they execute their chunks (the in-process tags execution/delay);
    # another server executes them as it decides, which the tag says.
    execution = dict(chunk.get("execution") or {"execution": "server", "delay": 0})
    served = {k: served[k] for k in ("checkpoint", "step", "backbone", "policy") if k in served}
    results = []
    for index, entry in enumerate(spec["eval"]):
        if entry["benchmark"] != "playtable":
            raise ValueError(f"--model-server evaluates on playtable; eval[{index}] is '{entry['benchmark']}'")
        take = runlayout.eval_take(out_dir, index)  # an earlier evaluation of this entry here stays as it is
        video_dir = runlayout.eval_videos_dir(out_dir, index, take) if entry["videos"] else None
        bench = make_benchmark(spec, entry, chains, video_dir, image_size=image_size)
        sample = _VideoSample(entry["videos"] if video_dir else 0, [t for _, ts in bench.chains for t in ts])
        # Episodes run one at a time: when the next one asks, the previous one has finished filming.
        bench.record_video = lambda chain, tasks, sample=sample: (sample.finished(), sample.wants(tasks))[1]
        episodes, videos, fault = asyncio.run(_run(url, bench, timeout, log))
        for v in videos:  # the same balanced sample as the in-process evaluator's
            if sample.room(v["task"], v["success"]):
                sample.add(v)
            else:
                _remove_video(v["path"])
        chain_length = bench.chain_length
        if not episodes:
            if fault:
                raise ServerFault(fault + "; no episode finished, nothing was filed")
        res = _summarise(episodes, max(len(t) for _, t in bench.chains), sample.choose())
        if chain_length == 1:
            from ..sim.evaluation import success_by_task

            res["success_by_task"] = success_by_task(res["task_info"])
        summary, lines = report(res, chain_length)
        # The same tags as an in-process result (the checkpoint tag names the server: not part of
        # the protocol); how chunks were executed is the server's, as its /config states it.
        summary["protocol"] = {**bench.protocol(episodes=len(episodes), checkpoint=checkpoint), **execution}
        summary["model_server"] = {
            "url": url,
            "server": getattr(bench, "server_name", "unknown"),
            "conventions_checked": not bench.undeclared,
            **served,
        }
        if fault:
            summary["partial"] = {"reason": fault, "finished": len(episodes), "planned": len(bench.chains)}
            lines[0] += f" [PARTIAL: {len(episodes)}/{len(bench.chains)} episodes]"
        write_result(run_dir, out_dir, index, checkpoint, 0, summary, res, events, take)
        for line in lines:
            log(line)
        results.append(summary)
        if fault:
            if events is not None:
                events.emit(
                    "warning",
                    code="eval-partial",
                    message=f"{fault}; {len(episodes)} of {len(bench.chains)} episodes finished and were kept",
                    advice="restart the model server and evaluate again; the partial result is not comparable with complete ones",
                )
            raise ServerFault(f"{fault}; the {len(episodes)} finished episode(s) were filed as a partial result")
    return results


def server_config(url, timeout=10.0):
    """The server's /config document (VLA Lab's servers add `conventions`); {} when it has none."""
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(http_url(url) + "/config", timeout=timeout) as r:
            doc = json.loads(r.read().decode() or "{}")
        return doc if isinstance(doc, dict) else {}
    except (OSError, ValueError):
        return {}


def http_url(url):
    return "http" + url[2:] if url.startswith("ws") else url


def check_url(url, allow_remote=False):
    """A model-server URL: ws:// or wss:// with a host and port; a host other than this machine's
    loopback only with allow_remote (observations would leave the machine). ValueError in one line."""
    from urllib.parse import urlparse

    try:
        u = urlparse(url)
        port = u.port
    except ValueError as e:
        raise ValueError(f"--model-server {url}: not a URL ({e}); give ws://127.0.0.1:<port> as 'vla-lab serve' prints it") from e
    if u.scheme not in ("ws", "wss") or not u.hostname or port is None:
        raise ValueError(f"--model-server {url}: give ws://<host>:<port> (as 'vla-lab serve' prints it)")
    from .server import LOCAL_HOSTS

    if u.hostname not in LOCAL_HOSTS and not allow_remote:
        raise ValueError(
            f"--model-server {url} is not on this machine: its observations would be sent over the network; add --allow-remote to evaluate it"
        )
    return url


def _remove_video(path):
    for p in (path, os.path.splitext(path)[0] + ".json"):
        try:
            os.remove(p)
        except FileNotFoundError:
            pass
