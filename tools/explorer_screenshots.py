"""Take the explorer's screenshots for the documentation (docs/_static/explorer-*.png).

Starts ``neuronkit explore`` as a user would, drives Debian's headless Chromium
(``/usr/bin/chromium``) through Playwright at 1400 x 800 px, waits for each view to
draw what the server sent, and saves one PNG per view::

    .venv/bin/python tools/explorer_screenshots.py            # writes docs/_static/
    .venv/bin/python tools/explorer_screenshots.py OUT_DIR

Retake them whenever the explorer's page changes, and look at them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers import start  # noqa: E402

VIEWS = {
    "activations": ("view=activations&acts=logistic,tanh,relu,gelu",
                    [("#act-plot", "activations", "v && v.includes('gelu')")]),
    "neuron": ("view=neuron&nmode=mp&w1=1&w2=1&b=-1.5&gate=and",
               [("#view-neuron", "solves", "v === '1'")]),
    "playground": ("view=playground&data=moons&noise=0.1&size=200&test=0.3&dseed=1"
                   "&layers=6:tanh,6:tanh&loss=binary_cross_entropy&opt=adam&lr=0.01"
                   "&batch=10&reg=none&rate=0&seed=5",
                   [("#view-playground", "status", "v === 'paused'")]),
}


def _wait(page, selector: str, name: str, predicate: str) -> None:
    page.wait_for_function(
        f"() => {{ const e = document.querySelector('{selector}'); if (!e) return false;"
        f" const v = e.dataset['{name}']; return {predicate}; }}", timeout=30_000)


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    proc, line = start([sys.executable, "-m", "neuronkit.cli", "explore", "--no-browser"])
    url = "http://" + line.split("http://", 1)[1].split()[0].rstrip("/") + "/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-dev-shm-usage", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 800})
            for name, (query, waits) in VIEWS.items():
                page.goto(url + "#" + query)
                page.reload()  # the page reads the hash when it loads
                for w in waits:
                    _wait(page, *w)
                if name == "playground":  # train, then pause
                    page.click("#pg-play")
                    _wait(page, "#view-playground", "epoch", "v && Number(v) >= 150")
                    page.click("#pg-play")
                    _wait(page, "#view-playground", "status", "v === 'paused'")
                time.sleep(0.5)
                page.screenshot(path=str(out / f"explorer-{name}.png"))
                print(out / f"explorer-{name}.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "_static")
