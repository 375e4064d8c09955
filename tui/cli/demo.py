"""`demo-server`: the embedded demo backend on a port of its own, for curl, scripts and benchmarks."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo-server", help="serve the demo backend on 127.0.0.1 (prints URL and key)")
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument("--definitions", type=int, default=2000, help="number of event definitions")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--error-rate", type=float, default=0.0, help="fraction of 502 HTML responses")
    parser.add_argument("--throttle", type=int, default=None, help="requests per minute before 429")
    parser.add_argument("--flavour", choices=("current", "legacy"), default="current")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.demo import DemoOptions, serve

    options = DemoOptions(
        event_definitions=args.definitions,
        latency_ms=args.latency_ms,
        error_rate=args.error_rate,
        throttle_per_minute=args.throttle,
        flavour=args.flavour,
    )
    serve(args.port, options)
    return 0
