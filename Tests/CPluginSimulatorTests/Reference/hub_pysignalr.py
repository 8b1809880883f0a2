#!/usr/bin/env python3
"""Reference SignalR client: the PyPI package `pysignalr` (WebSockets only), a client that is not ours.

It negotiates the way pysignalr does (POST {hub}/negotiate with no negotiateVersion, so a version-0 reply whose
connectionId is the id), connects the WebSocket, handshakes, then either streams `StreamTicks` or calls
`SubscribeToTicks` and waits for `OnTick`. Every callback is printed as one JSON line:
  {"event": "status" | "item" | "tick" | "result" | "error" | "done", "data": ...}
Exit status: 0 after `--count` items or ticks, 2 on timeout, 1 on a client error.

Usage: hub_pysignalr.py --url http://127.0.0.1:PORT/hubs/mt4/v2?tradePlatform=GUID --token TOKEN
                        [--mode stream|subscribe] [--symbol EURUSD] [--count 5] [--timeout 20]
"""

import argparse
import asyncio
import json
import sys

from pysignalr.client import SignalRClient


def emit(event, data):
    print(json.dumps({"event": event, "data": data}), flush=True)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--mode", choices=["stream", "subscribe"], default="stream")
    parser.add_argument("--symbol", default="")
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--reconnects", type=int, default=0, help="finish only after this many reconnections")
    parser.add_argument("--retries", type=int, default=1, help="pysignalr's retry_count")
    args = parser.parse_args()

    # pysignalr sends the headers it is given on negotiate and on the WebSocket upgrade; its access_token_factory
    # is only applied after the first connection, so the bearer goes in the headers.
    client = SignalRClient(args.url, headers={"Authorization": f"Bearer {args.token}"}, retry_count=args.retries)
    done = asyncio.Event()
    received = 0
    opens = 0
    failed = []

    async def count(event, data):
        nonlocal received
        emit(event, data)
        received += 1
        # With --reconnects, items must also arrive after the last reconnection.
        if received >= args.count and opens > args.reconnects:
            done.set()

    async def on_status(arguments):
        emit("status", arguments[0])

    async def on_tick(arguments):
        await count("tick", arguments[0])

    async def on_item(item):
        await count("item", item)

    async def on_result(message):
        emit("result", {"invocationId": message.invocation_id, "result": message.result, "error": message.error})

    async def on_error(message):
        emit("error", message.error)
        failed.append(message.error)
        done.set()

    async def on_open():
        nonlocal opens, received
        opens += 1
        emit("open", opens)
        received = 0
        if args.mode == "stream":
            await client.stream("StreamTicks", [args.symbol] if args.symbol else [], on_next=on_item)
        else:
            await client.send("SubscribeToTicks", [args.symbol or "EURUSD"], on_invocation=on_result)

    client.on("OnConnectionStatus", on_status)
    client.on("OnTick", on_tick)
    client.on_open(on_open)
    client.on_error(on_error)

    task = asyncio.create_task(client.run())
    waiter = asyncio.create_task(done.wait())
    finished, _ = await asyncio.wait({task, waiter}, timeout=args.timeout, return_when=asyncio.FIRST_COMPLETED)
    status = 0
    if waiter in finished and failed:
        status = 1
    elif waiter in finished:
        emit("done", received)
    elif task in finished:
        error = None if task.cancelled() else task.exception()
        emit("error", repr(error) if error else "the client stopped")
        status = 1
    else:
        emit("timeout", received)
        status = 2
    for pending in (task, waiter):
        pending.cancel()
        try:
            await pending
        except BaseException:
            pass
    return status


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
