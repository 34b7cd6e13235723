# Two commands for a newcomer: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format eval-gate bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/infusion-coder run examples --out out/demo
	@echo "Results written to out/demo/results.jsonl (summary in out/demo/summary.json)"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The CI gate of the evaluation harness: thresholds on the labelled dev set (eval_sets/README.md).
EVAL_MIN := line_f1=0.95 drug_line_f1=0.90 findings_f1=0.90 evidence_validity=1.0

eval-gate: $(STAMP)
	$(PY) -m eval_sets.build --check
	$(VENV)/bin/infusion-coder eval eval_sets/dev.jsonl --out out/eval --min $(EVAL_MIN)

test: $(STAMP) lint
	$(PY) -m pytest -q
	$(MAKE) eval-gate

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
