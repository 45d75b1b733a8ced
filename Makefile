# The two commands of the README. Both install what a fresh machine lacks before cargo runs:
# RocksDB's bindings (through Oxigraph) need libclang to build.

SHELL := /bin/bash
CTOCKG := target/debug/ctockg
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fuseki setup lint vendor-check bench bench-pdf bench-venv screenshots fixtures

## run: set up, build, ingest the bundled data and run a shipped query
run: setup
	cargo build
	$(CTOCKG) build
	$(CTOCKG) query meetings

## test: set up and run every test
test: setup
	cargo test --all-targets

## test-fuseki: the publish test against Apache Jena Fuseki, which `make test` leaves out: Java and
## Maven from Debian and the Fuseki jar from Maven Central (tests/publish/servers.sh), when missing
test-fuseki: setup
	bash tests/publish/servers.sh fuseki target
	cargo test --test integration publish::publishing_to_fuseki -- --ignored

## lint: the CI gates besides the tests
lint: setup vendor-check
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

## vendor-check: vendor/ is exactly the crates.io releases plus the patches in vendor/
vendor-check:
	bash vendor/recreate.sh --check

## bench: the scale and endpoint benchmarks, then bench-pdf (release build; Oxigraph's CLI from
## PyPI for the comparisons; wrk, the endpoint benchmark's load generator, from Debian)
bench: setup bench-venv
	@command -v wrk >/dev/null || { echo "installing wrk (the endpoint benchmark's load generator)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	cargo build --release
	cargo bench --bench scale
	cargo bench --bench endpoint
	$(MAKE) bench-pdf

## bench-pdf: PDF input, driven through the release binary: corpora with half the documents as
## PDF (laid out by Typst, from PyPI) built against `oxigraph load`, and PDF reading speed
bench-pdf: setup bench-venv
	cargo build --release
	target/bench-venv/bin/python benches/pdf-scale.py

# Oxigraph's CLI and Typst's Python package, in target/bench-venv
bench-venv:
	@[ -x target/bench-venv/bin/python ] || python3 -m venv target/bench-venv
	@[ -x target/bench-venv/bin/oxigraph ] || target/bench-venv/bin/pip install -q oxigraph
	@target/bench-venv/bin/python -c 'import typst' 2>/dev/null || target/bench-venv/bin/pip install -q 'typst==0.15.2'

## setup: system packages the build needs (Debian/Ubuntu)
setup:
	@command -v cargo >/dev/null || { echo "cargo not found: install Rust from https://rustup.rs" >&2; exit 1; }
	@if ! ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'; then \
		echo "installing libclang-dev (needed to build RocksDB's bindings)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libclang-dev; \
	fi
	@if ! command -v dot >/dev/null; then \
		echo "installing graphviz (ctockg export dot draws SVG, PNG and PDF with its dot)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq graphviz; \
	fi
	@if ! command -v pdftotext >/dev/null || [ ! -d /usr/share/poppler/cMap ]; then \
		echo "installing poppler-utils and poppler-data (ctockg reads PDF files with pdftotext)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils poppler-data; \
	fi
	@if ! fc-list 2>/dev/null | grep -q 'Noto Sans CJK'; then \
		echo "installing fonts-noto-cjk (Chinese labels in the exported pictures)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk; \
	fi
	@if ! command -v chromium >/dev/null; then \
		echo "installing chromium (the browser tests drive it headless)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; \
	fi
	@if ! command -v npm >/dev/null; then \
		echo "installing nodejs and npm (the query editor's files and the browser tests' driver come from npm)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; \
	fi
	@# YASGUI, the query editor `ctockg serve` serves at /sparql, and playwright-core, which drives
	@# Chromium in the browser tests (it downloads no browser of its own), in web/node_modules
	@if [ ! -f web/node_modules/@zazuko/yasgui/build/yasgui.min.js ] || [ ! -d web/node_modules/playwright-core ]; then \
		echo "installing YASGUI and playwright-core from npm into web/node_modules"; \
		npm ci --prefix web --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi
	@# the server test's independent client: Python's rdflib and SPARQLWrapper, in target/pyenv
	@if command -v python3 >/dev/null && ! target/pyenv/bin/python -c 'import rdflib, SPARQLWrapper' 2>/dev/null; then \
		echo "installing rdflib and SPARQLWrapper into target/pyenv (the server test's client)"; \
		python3 -m venv target/pyenv 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && python3 -m venv target/pyenv; }; \
		target/pyenv/bin/pip install -q 'rdflib>=7,<8' 'SPARQLWrapper>=2,<3'; \
	fi

## screenshots: the home page and an entity page in headless Chromium, as PNG in target/screenshots
screenshots: setup
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; }
	cargo build
	bash tests/client/screenshots.sh $(CTOCKG) target/screenshots

## fixtures: remake the PDF and Word test fixtures under tests/fixtures with real writers (Typst
## for PDF, python-docx and pandoc for Word), installed from PyPI into target/fixture-venv
fixtures:
	@[ -x target/fixture-venv/bin/python ] || python3 -m venv target/fixture-venv
	target/fixture-venv/bin/pip install -q -r tests/fixtures/requirements.txt
	target/fixture-venv/bin/python tests/fixtures/pdf/make.py
	target/fixture-venv/bin/python tests/fixtures/docx/make.py
