#!/usr/bin/env python3
"""Reference SignalR client: the PyPI package `signalrcore`, a client that is not ours, over WebSockets,
Server-Sent Events or long polling.

signalrcore negotiates with no negotiateVersion (a version-0 reply, connectionId as the id), picks its hub protocol
from the first transfer format the server lists for the transport, and sends the negotiate version as the protocol
version in its handshake (`{"protocol":"json","version":0}`). Its long-polling GET sends no headers at all, so the
bearer token also rides in the URL as `access_token`, as browsers send it.

It either streams `StreamTicks` or calls `SubscribeToTicks` and waits for `OnTick`, printing every callback as one
JSON line: {"event": "status" | "item" | "tick" | "result" | "error" | "done", "data": ...}
Exit status: 0 after `--count` items or ticks, 2 on timeout, 1 on a client error.

Usage: hub_signalrcore.py --url http://127.0.0.1:PORT/hubs/mt4/v2?tradePlatform=GUID --token TOKEN
                          [--transport websockets|sse|longpolling] [--mode stream|subscribe] [--symbol EURUSD]
                          [--count 5] [--timeout 20]
"""

import argparse
import json
import sys
import threading
import urllib.parse

from signalrcore.hub_connection_builder import HubConnectionBuilder
from signalrcore.types import HttpTransportType

TRANSPORTS = {
    "websockets": HttpTransportType.web_sockets,
    "sse": HttpTransportType.server_sent_events,
    "longpolling": HttpTransportType.long_polling,
}

print_lock = threading.Lock()


def emit(event, data):
    with print_lock:
        print(json.dumps({"event": event, "data": data}), flush=True)


def with_query(url, name, value):
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query) + [(name, value)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--transport", choices=sorted(TRANSPORTS), default="websockets")
    parser.add_argument("--mode", choices=["stream", "subscribe"], default="stream")
    parser.add_argument("--symbol", default="")
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()

    connection = (
        HubConnectionBuilder()
        .with_url(
            with_query(args.url, "access_token", args.token),
            options={"access_token_factory": lambda: args.token, "transport": TRANSPORTS[args.transport]},
        )
        .build()
    )

    opened = threading.Event()
    done = threading.Event()
    state = {"received": 0, "failed": None}
    lock = threading.Lock()

    def count(event, data):
        emit(event, data)
        with lock:
            state["received"] += 1
            if state["received"] >= args.count:
                done.set()

    def fail(error):
        emit("error", error)
        state["failed"] = error
        done.set()

    connection.on_open(opened.set)
    connection.on_error(lambda message: fail(getattr(message, "error", str(message))))
    connection.on("OnConnectionStatus", lambda arguments: emit("status", arguments[0]))
    connection.on("OnTick", lambda arguments: count("tick", arguments[0]))

    try:
        connection.start()
    except Exception as error:  # noqa: BLE001 - report whatever the client raised
        emit("error", repr(error))
        return 1
    if not opened.wait(args.timeout):
        emit("timeout", "the connection did not open")
        connection.stop()
        return 2

    if args.mode == "stream":
        connection.stream("StreamTicks", [args.symbol] if args.symbol else []).subscribe(
            {
                "next": lambda item: count("item", item),
                "complete": lambda message: emit("complete", None),
                "error": lambda message: fail(getattr(message, "error", str(message))),
            }
        )
    else:
        connection.invoke(
            "SubscribeToTicks",
            [args.symbol or "EURUSD"],
            on_invocation=lambda message: emit(
                "result", {"invocationId": message.invocation_id, "result": message.result, "error": message.error}
            ),
        )

    finished = done.wait(args.timeout)
    connection.stop()
    if not finished:
        emit("timeout", state["received"])
        return 2
    if state["failed"] is not None:
        return 1
    emit("done", state["received"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
