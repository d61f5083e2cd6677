"""Run every benchmark (or those named): ``python -m tests.bench [matcher scheduler load]``."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ORDER = ("matcher", "learning", "scheduler", "pages", "load")


def main(names: list[str]) -> int:
    """Run each benchmark module in its own process, so memory figures stay its own."""
    available = [n for n in ORDER if (HERE / f"{n}_bench.py").exists()]
    chosen = names or available
    failed = []
    for name in chosen:
        print(f"== {name} ==", flush=True)
        if subprocess.run([sys.executable, "-m", f"tests.bench.{name}_bench"]).returncode:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
