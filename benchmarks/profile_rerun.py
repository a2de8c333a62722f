"""Profile a page's rerun through dashboard.py with pyinstrument: where a reader's choice spends its time.

    .venv/bin/pip install pyinstrument      # not a dependency of the app
    .venv/bin/python -m benchmarks.profile_rerun places [--runs 30] [--all]

One AppTest session of dashboard.py, switched to the page and run twice untimed (caches filled), then
`--runs` reruns, each profiled inside the script thread (AppTest runs the script on a thread of its own, which
a profiler started here would not see). Prints the mean rerun time under the profiler (several times the time
without it: read the shares, not the milliseconds) and the call tree. `--all` shows library frames too, as in
`plotly/basedatatypes.py`, where st.plotly_chart can be seen deep-copying a figure on every run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from benchmarks.common import PAGES

ROOT = Path(__file__).resolve().parent.parent

# Beside dashboard.py, so that its st.Page paths resolve as they do for dashboard.py. The profiler lives in a
# module of its own, kept across the script's runs; it records only while `recording` is set.
WRAPPER = '''import sys
state = sys.modules["benchmarks.profile_rerun"]
if state.recording:
    state.profiler.start()
try:
    exec(compile(open({script!r}, encoding="utf-8").read(), {script!r}, "exec"), {{"__name__": "__main__", "__file__": {script!r}}})
finally:
    if state.recording:
        state.profiler.stop()
'''

recording = False
profiler = None


def main() -> None:
    global recording, profiler
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=PAGES)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    try:
        import pyinstrument
    except ImportError:
        raise SystemExit("pyinstrument is not installed: .venv/bin/pip install pyinstrument") from None
    from streamlit.testing.v1 import AppTest

    sys.modules["benchmarks.profile_rerun"] = sys.modules[__name__]
    profiler = pyinstrument.Profiler(interval=0.0002, async_mode="disabled")
    wrapper = ROOT / f".profile_rerun_{os.getpid()}.py"
    wrapper.write_text(WRAPPER.format(script=str(ROOT / "dashboard.py")), encoding="utf-8")
    try:
        app = AppTest.from_file(str(wrapper), default_timeout=120).run()
        app.switch_page(f"pages/{args.page}.py").run()
        app.run()
        if app.exception:
            raise SystemExit(f"pages/{args.page}.py raised: {[e.value for e in app.exception]}")
        recording = True
        started = time.perf_counter()
        for _ in range(args.runs):
            app.run()
        seconds = time.perf_counter() - started
        recording = False
    finally:
        wrapper.unlink()
    print(f"{args.page}: {seconds / args.runs * 1000:.1f} ms a rerun under the profiler ({args.runs} reruns)")
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))


if __name__ == "__main__":
    main()
