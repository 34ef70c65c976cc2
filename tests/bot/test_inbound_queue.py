"""Events wait for their processing after the webhook's answer: one sender's in order, a
few at a time, each after the answers in progress."""

from __future__ import annotations

import asyncio
import time

from bot.foreground import PATIENCE, Foreground
from bot.inbound_queue import InboundQueue


async def test_one_senders_jobs_run_in_order_and_others_alongside() -> None:
    queue = InboundQueue(Foreground(), concurrency=2)
    done: list[str] = []

    def job(name: str, seconds: float):  # type: ignore[no-untyped-def]
        async def run() -> None:
            await asyncio.sleep(seconds)
            done.append(name)

        return run

    queue.submit("sms:+254700000001", job("a1", 0.2))
    queue.submit("sms:+254700000001", job("a2", 0.0))
    queue.submit("sms:+254700000002", job("b1", 0.05))
    assert queue.oldest() is not None
    await queue.idle()
    # a2 waited for a1 although it was quicker; b1 did not wait for either.
    assert done == ["b1", "a1", "a2"]
    assert queue.oldest() is None


async def test_a_failed_job_does_not_hold_up_the_next_one_of_its_sender() -> None:
    queue = InboundQueue(Foreground())
    done: list[str] = []

    async def fails() -> None:
        raise RuntimeError("a bug")

    async def works() -> None:
        done.append("second")

    queue.submit("telegram:42", fails)
    queue.submit("telegram:42", works)
    await queue.idle()
    assert done == ["second"]


async def test_jobs_wait_for_the_answers_in_progress_but_not_for_ever() -> None:
    foreground = Foreground()
    queue = InboundQueue(foreground)
    started: list[float] = []

    async def job() -> None:
        started.append(time.monotonic())

    with foreground.answering():
        begun = time.monotonic()
        queue.submit("sms:+254700000003", job)
        await asyncio.sleep(0.1)
        assert started == []  # an answer is in progress
    await queue.idle()
    assert started and started[0] - begun < PATIENCE

    with foreground.answering():  # an answer that never ends
        begun = time.monotonic()
        queue.submit("sms:+254700000003", job)
        await queue.idle()
    assert started[1] - begun >= PATIENCE * 0.9


async def test_drain_cancels_what_did_not_finish_in_time() -> None:
    queue = InboundQueue(Foreground())
    finished: list[str] = []

    async def slow() -> None:
        await asyncio.sleep(5)
        finished.append("slow")

    queue.submit("sms:+254700000004", slow)
    started = time.monotonic()
    await queue.drain(0.1)
    assert time.monotonic() - started < 1 and finished == [] and queue.oldest() is None


async def test_thousands_waiting_hold_no_task_each() -> None:
    """A flood leaves thousands of jobs in line; they wait as small entries, run by as
    many workers as the concurrency (a task each made every full pass of the garbage
    collector walk them all while webhook answers waited)."""
    queue = InboundQueue(Foreground(), concurrency=2)
    release = asyncio.Event()
    done: list[int] = []

    def job(number: int):  # type: ignore[no-untyped-def]
        async def run() -> None:
            await release.wait()
            done.append(number)

        return run

    before = len(asyncio.all_tasks())
    for number in range(2_000):
        queue.submit(f"sms:+2547{number:08d}", job(number))
    await asyncio.sleep(0)
    assert len(asyncio.all_tasks()) - before == 2
    release.set()
    await queue.idle()
    assert sorted(done) == list(range(2_000)) and queue.oldest() is None


async def test_a_job_submitted_while_every_worker_is_busy_runs_after() -> None:
    queue = InboundQueue(Foreground(), concurrency=1)
    done: list[str] = []

    async def first() -> None:
        # Submitted from inside the only running job: no worker is free to take it.
        queue.submit("sms:+254700000006", second)
        await asyncio.sleep(0.01)
        done.append("first")

    async def second() -> None:
        done.append("second")

    queue.submit("sms:+254700000005", first)
    await asyncio.wait_for(queue.idle(), timeout=5)
    assert done == ["first", "second"]
