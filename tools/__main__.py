"""`python -m tools COMMAND ...`: the maintainer commands behind the Makefile."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sync = sub.add_parser("sync", help="regenerate every derived file (make sync)")
    sync.add_argument("--check", action="store_true", help="only name the stale files; exit 1 if any")
    execute = sub.add_parser("execute", help="re-run solution notebooks in place, then sync")
    execute.add_argument("names", nargs="*", help="notebook prefixes, e.g. 03 07")
    bench = sub.add_parser("bench", help="benchmark the notebooks into benchmarks/")
    bench.add_argument("--store", action="store_true", help="also store outputs and results, then sync")
    bench.add_argument("names", nargs="*", help="notebook prefixes, e.g. 03 07")
    sub.add_parser("claims", help="check the claims drawn from training over several seeds "
                              "(python -m tools claims --help)")
    lint = sub.add_parser("lint", help="the notebook anatomy lint")
    lint.add_argument("paths", nargs="*")
    quoted = sub.add_parser("quoted", help="numbers the prose quotes that no output prints")
    quoted.add_argument("paths", nargs="*", help="notebook prefixes (03) or paths")
    figures = sub.add_parser("figures", help="draw the diagrams into img/")
    figures.add_argument("outdir", nargs="?")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["claims"]:  # its own options: python -m tools claims --help
        from . import claims as module

        return module.main(argv[1:])
    args = parser.parse_args(argv)

    if args.command == "sync":
        from . import sync as module

        return 1 if module.sync(check=args.check) and args.check else 0
    if args.command == "execute":
        from . import runner

        runner.execute(args.names)
        return 0
    if args.command == "bench":
        from . import bench as module

        return module.main((["--store"] if args.store else []) + args.names)
    if args.command == "lint":
        from . import lint as module

        return module.main(args.paths)
    if args.command == "quoted":
        from . import quoted_numbers

        return quoted_numbers.main(args.paths)
    from . import figures as module

    module.main(*([args.outdir] if args.outdir else []))
    return 0


if __name__ == "__main__":
    sys.exit(main())
