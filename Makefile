# cdesk — plain Makefile. `make`, `make check`, `make run`, `make bench`, `make install`.
# SANITIZE=1 builds into build-san/ with AddressSanitizer and UBSan.
# WERROR=1 turns warnings into errors (CI sets it).

PREFIX  ?= /usr/local
DESTDIR ?=
# The shared server (make install-server): the database's directory and the
# system group cdesk is installed setgid to. A staged install for a test sets
# both, and B= a build directory of its own (the paths are compiled in).
STATEDIR ?= /var/lib/cdesk
CDESK_GROUP ?= cdesk
VERSION := 0.1.0

CC      ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wno-overlength-strings
ifeq ($(WERROR),1)
WARN    += -Werror
endif

SQLITE_CFLAGS   ?= $(shell $(PKG_CONFIG) --cflags sqlite3)
SQLITE_LIBS     ?= $(shell $(PKG_CONFIG) --libs sqlite3)
JANSSON_CFLAGS  ?= $(shell $(PKG_CONFIG) --cflags jansson)
JANSSON_LIBS    ?= $(shell $(PKG_CONFIG) --libs jansson)
NETTLE_CFLAGS   ?= $(shell $(PKG_CONFIG) --cflags nettle)
NETTLE_LIBS     ?= $(shell $(PKG_CONFIG) --libs nettle)
# ncursesw.pc adds -D_XOPEN_SOURCE=600, which would clash with ours (700).
NCURSES_CFLAGS  ?= $(filter-out -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=%,$(shell $(PKG_CONFIG) --cflags ncursesw)) -DNCURSES_WIDECHAR=1
NCURSES_LIBS    ?= $(shell $(PKG_CONFIG) --libs ncursesw)
CMOCKA_CFLAGS   ?= $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS     ?= $(shell $(PKG_CONFIG) --libs cmocka)
# The PDF documents (src/app/pdf*.c): cairo drawn through pango, fonts from fontconfig.
PDF_CFLAGS      ?= $(shell $(PKG_CONFIG) --cflags pangocairo cairo-pdf fontconfig)
PDF_LIBS        ?= $(shell $(PKG_CONFIG) --libs pangocairo cairo-pdf fontconfig)

# make check builds with a job per processor (the tests run in as many lanes).
NPROC   := $(shell nproc 2>/dev/null || echo 2)

ifeq ($(SANITIZE),1)
B       := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CFLAGS  := -O1 -g
else
B       := build
SANFLAGS :=
endif

# The paths compiled in (data, translations, the shared database) change with
# PREFIX and STATEDIR: a stamp holding them makes the two objects that use
# them rebuild, so `make install PREFIX=/usr` after a plain `make` installs a
# binary that looks in /usr/share/cdesk.
PATHS_STAMP := $(B)/paths.stamp
PATHS_SIG   := $(PREFIX) $(STATEDIR)
$(shell mkdir -p $(B) && { [ "$$(cat $(PATHS_STAMP) 2>/dev/null)" = "$(PATHS_SIG)" ] || \
	echo "$(PATHS_SIG)" >$(PATHS_STAMP); })

CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DCDESK_VERSION=\"$(VERSION)\" -DCDESK_DATADIR=\"$(PREFIX)/share/cdesk\" \
	-DCDESK_LOCALEDIR=\"$(PREFIX)/share/locale\" -DCDESK_STATEDIR=\"$(STATEDIR)\" \
	-DCDESK_LIBDIR=\"$(PREFIX)/lib/cdesk\" -DLIBLINEAR_SONAME=\"$(LIBLINEAR_SONAME)\"
CORE_CFLAGS := $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(NETTLE_CFLAGS)
# liblinear is loaded with dlopen by `rules learn` alone (src/core/learn_model.c),
# under the soname of the liblinear.so its header goes with.
ifeq ($(origin LIBLINEAR_SONAME),undefined)
LIBLINEAR_SONAME := $(or $(shell objdump -p $$($(CC) -print-file-name=liblinear.so) 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2 }'),liblinear.so.4)
endif
CORE_LIBS   := $(SQLITE_LIBS) $(JANSSON_LIBS) $(NETTLE_LIBS) -lm -lpthread -ldl
ALL_CFLAGS  = $(WARN) $(CFLAGS) $(SANFLAGS) $(CPPFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

CORE_SRC := $(wildcard src/core/*.c src/core/actions/*.c)
# The PDF engine (src/app/pdf*.c but the loader, pdf_load.c): a shared object
# of its own, loaded on demand (include/app/pdf_engine.h).
PDF_SRC  := $(filter-out src/app/pdf_load.c,$(wildcard src/app/pdf*.c))
APP_SRC  := $(filter-out $(PDF_SRC),$(wildcard src/app/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
TUI_SRC  := $(wildcard src/tui/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o)
APP_OBJ  := $(APP_SRC:%.c=$(B)/%.o)
PDF_OBJ  := $(PDF_SRC:%.c=$(B)/pdf/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
TUI_OBJ  := $(TUI_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TUIUNIT_SRC := $(wildcard tests/tui/unit_*.c)
TUIUNIT_BIN := $(TUIUNIT_SRC:tests/tui/%.c=$(B)/tests/%)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(B)/bench/%)

# Translations: po/LANG.po -> $(B)/locale/LANG/LC_MESSAGES/cdesk.mo (the TUI
# binds to the build tree's catalog when run from it).
PO_SRC := $(wildcard po/*.po)
MO     := $(PO_SRC:po/%.po=$(B)/locale/%/LC_MESSAGES/cdesk.mo)

CORE_LIB := $(B)/libcdesk-core.a
APP_LIB  := $(B)/libcdesk-app.a
CLI_LIB  := $(B)/libcdesk-cli.a
TUI_LIB  := $(B)/libcdesk-tui.a
BIN      := $(B)/cdesk
PDF_SO   := $(B)/cdesk-pdf.so

.PHONY: all check check-fast run bench install install-server uninstall clean deps tests pot pot-args
all: $(BIN) $(PDF_SO) $(MO)

$(B)/src/core/%.o: src/core/%.c $(wildcard include/core/*.h src/core/*.h src/core/actions/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -c $< -o $@

# The layer both interfaces share: over the core, no curses.
$(B)/src/app/%.o: src/app/%.c $(wildcard include/core/*.h include/app/*.h src/app/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -c $< -o $@

# The PDF engine's objects, position-independent, only cdesk_pdf_engine visible.
$(B)/pdf/src/app/%.o: src/app/%.c $(wildcard include/core/*.h include/app/*.h src/app/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden $(CORE_CFLAGS) $(PDF_CFLAGS) -c $< -o $@

$(B)/src/cli/%.o: src/cli/%.c $(wildcard include/*/*.h src/cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -c $< -o $@

$(B)/src/tui/%.o: src/tui/%.c $(wildcard include/*/*.h src/tui/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(NCURSES_CFLAGS) -c $< -o $@

$(B)/src/main.o: src/main.c $(wildcard include/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) -c $< -o $@

$(B)/src/core/config.o $(B)/src/app/app_i18n.o $(B)/src/app/pdf_load.o: $(PATHS_STAMP)

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(APP_LIB): $(APP_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(CLI_LIB): $(CLI_OBJ)
	rm -f $@ && ar rcs $@ $^
$(TUI_LIB): $(TUI_OBJ)
	rm -f $@ && ar rcs $@ $^

# The functions of the app layer and the core that the PDF engine calls:
# the binary exports them (--dynamic-list) and links them in even where it
# calls none itself (-u), so that cdesk-pdf.so finds them when it is loaded.
$(B)/pdf.syms: $(PDF_OBJ) $(APP_LIB) $(CORE_LIB)
	nm -u $(PDF_OBJ) | awk 'NF == 2 { print $$2 }' | sort -u >$@.undef
	nm --defined-only $(APP_LIB) $(CORE_LIB) | awk '$$2 ~ /^[TDRB]$$/ { print $$3 }' | \
		sort -u | comm -12 $@.undef - >$@.list
	{ echo '{'; sed 's/.*/  &;/' $@.list; echo '};'; } >$@
	sed 's/.*/-Wl,-u,&/' $@.list >$@.link
	rm -f $@.undef $@.list

$(PDF_SO): $(PDF_OBJ)
	$(CC) -shared $(LDFLAGS_ALL) -o $@ $(PDF_OBJ) $(PDF_LIBS) -lm

# main.o calls the CLI and the TUI; both call the app layer, which calls the core.
$(BIN): $(B)/src/main.o $(CLI_LIB) $(TUI_LIB) $(APP_LIB) $(CORE_LIB) $(B)/pdf.syms
	$(CC) $(LDFLAGS_ALL) -o $@ $(B)/src/main.o @$(B)/pdf.syms.link \
		-Wl,--dynamic-list=$(B)/pdf.syms $(CLI_LIB) $(TUI_LIB) $(APP_LIB) $(CORE_LIB) \
		$(NCURSES_LIBS) $(CORE_LIBS)

# Unit tests of the core link without ncurses: a curses call in the core is a link error.
$(B)/tests/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(CMOCKA_CFLAGS) -DCDESK_SRCDIR=\"$(CURDIR)\" \
		$< -o $@ $(LDFLAGS_ALL) $(CORE_LIB) $(CMOCKA_LIBS) $(CORE_LIBS)

# The app layer's test links it over the core (still no ncurses).
$(B)/tests/test_app: tests/unit/test_app.c $(wildcard tests/unit/*.h) $(APP_LIB) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(CMOCKA_CFLAGS) -DCDESK_SRCDIR=\"$(CURDIR)\" \
		$< -o $@ $(LDFLAGS_ALL) $(APP_LIB) $(CORE_LIB) $(CMOCKA_LIBS) $(CORE_LIBS)

# Unit tests of the TUI link its library over the app layer and the core, never the CLI.
$(B)/tests/unit_%: tests/tui/unit_%.c $(TUI_LIB) $(APP_LIB) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CORE_CFLAGS) $(NCURSES_CFLAGS) $(CMOCKA_CFLAGS) \
		-DCDESK_SRCDIR=\"$(CURDIR)\" -DCDESK_BUILD=\"$(B)\" $< -o $@ $(LDFLAGS_ALL) $(TUI_LIB) $(APP_LIB) \
		$(CORE_LIB) $(CMOCKA_LIBS) $(NCURSES_LIBS) $(CORE_LIBS)

$(B)/bench/%: bench/%.c bench/bench.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -g $(CPPFLAGS) $(CORE_CFLAGS) $< -o $@ $(CORE_LIB) $(CORE_LIBS)

$(B)/locale/%/LC_MESSAGES/cdesk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

# Maintainers: refresh po/cdesk.pot from the sources and merge it into every po file.
# Every source file is read; a string is extracted when it is marked (_ N_ R_ C_ RC_,
# ngettext) or is the message of a function that translates its format:
# err_set, err_prefix (core/err.h), cli_usage_error, cli_parse_one (cli/cli.h),
# the audit's problem, the import's caseio_error, the CSV reader's field_error
# the steps' refusals (action_refuse, action_require, action_refuse_merged) and
# the INI readers' ini_fail, the store's store_sql_error (its context).
POT_SRC = $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c src/*/*.h src/*/*/*.h include/*/*.h))
POT_KEYS = -k_ -kN_ -kR_ -kC_:1c,2 -kRC_:1c,2 -kerr_set:3 -kerr_prefix:2 -kcli_usage_error:2 \
	-kcli_parse_one:7 -kproblem:2 -kcaseio_error:3 -kfield_error:5 -kaction_refuse:3 \
	-kaction_require:4 -kaction_refuse_merged:3 -kini_fail:5 -kstore_sql_error:2
POT_FLAGS = --flag=err_set:3:c-format --flag=err_prefix:2:c-format \
	--flag=cli_usage_error:2:c-format --flag=cli_parse_one:7:c-format \
	--flag=problem:2:c-format --flag=caseio_error:3:c-format \
	--flag=action_refuse:3:c-format --flag=action_require:4:c-format --flag=ini_fail:5:c-format
pot:
	xgettext --from-code=UTF-8 -c -s --package-name=cdesk --package-version=$(VERSION) \
		--msgid-bugs-address= $(POT_KEYS) $(POT_FLAGS) -o po/cdesk.pot $(POT_SRC)
	for po in $(PO_SRC); do msgmerge -q -U --backup=none $$po po/cdesk.pot; done
# The extraction's options and files (tests/cli/i18n.sh extracts into a
# temporary file and checks that the catalog translates every message).
pot-args:
	@echo $(POT_KEYS) $(POT_FLAGS) $(POT_SRC)

tests: $(BIN) $(PDF_SO) $(MO) $(UNIT_BIN) $(TUIUNIT_BIN) $(B)/bench/bench_load

# Everything: unit, CLI and TUI tests on the normal build, then unit and CLI
# tests again under AddressSanitizer + UBSan.
# Like `make run`, a fresh machine gets what the build needs first (the
# sub-make reads pkg-config again once the packages are there).
check:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory -j$(NPROC) tests
	@tests/run.sh $(B) all
	@$(MAKE) --no-print-directory -j$(NPROC) SANITIZE=1 tests
	@$(MAKE) --no-print-directory SANITIZE=1 check-fast
	@if command -v $(FUZZ_CC) >/dev/null; then $(MAKE) --no-print-directory fuzz-smoke FUZZ_SECONDS=5; \
	else echo "ok - # SKIP fuzz-smoke: no $(FUZZ_CC)"; fi

check-fast: tests
	@tests/run.sh $(B) fast

bench: $(BIN) $(PDF_SO) $(BENCH_BIN)
	@bench/run.sh $(B)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh $(BIN)

deps:
	@scripts/deps.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/cdesk/holidays \
		$(DESTDIR)$(PREFIX)/share/cdesk/templates $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/lib/cdesk
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/cdesk
	install -m 0644 $(PDF_SO) $(DESTDIR)$(PREFIX)/lib/cdesk/cdesk-pdf.so
	install -m 0644 data/rules.ini data/cdesk.ini data/pinyin_initials.txt $(DESTDIR)$(PREFIX)/share/cdesk/
	install -m 0644 data/holidays/*.ini $(DESTDIR)$(PREFIX)/share/cdesk/holidays/
	-install -m 0644 data/templates/* $(DESTDIR)$(PREFIX)/share/cdesk/templates/
	install -m 0644 man/cdesk.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/cdesk.ini.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 0644 data/completion/cdesk.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cdesk
	for mo in $(MO); do lang=$${mo#$(B)/locale/}; lang=$${lang%%/*}; \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES; \
		install -m 0644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES/cdesk.mo; done
	@# setgid to the group when it exists (chgrp first: it clears the bit)
	@if getent group $(CDESK_GROUP) >/dev/null && \
	    chgrp $(CDESK_GROUP) $(DESTDIR)$(PREFIX)/bin/cdesk 2>/dev/null && \
	    chmod 2755 $(DESTDIR)$(PREFIX)/bin/cdesk; then \
		echo "installed $(DESTDIR)$(PREFIX)/bin/cdesk setgid $(CDESK_GROUP)"; \
	else echo "note: $(DESTDIR)$(PREFIX)/bin/cdesk is not setgid (no group $(CDESK_GROUP), or not root):" \
		"a single-user desk; 'make install-server' sets up a shared one"; fi

# A shared server, as root: the system group, cdesk setgid to it, and
# STATEDIR root:GROUP 2770 (scripts/install-server.sh; then 'cdesk init').
install-server: install
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" STATEDIR="$(STATEDIR)" CDESK_GROUP="$(CDESK_GROUP)" \
		sh scripts/install-server.sh

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cdesk $(DESTDIR)$(PREFIX)/share/man/man1/cdesk.1 \
		$(DESTDIR)$(PREFIX)/share/man/man5/cdesk.ini.5 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/cdesk
	rm -rf $(DESTDIR)$(PREFIX)/share/cdesk $(DESTDIR)$(PREFIX)/lib/cdesk
	rm -f $(DESTDIR)$(PREFIX)/share/locale/*/LC_MESSAGES/cdesk.mo

clean:
	rm -rf build build-san

# Fuzzing with libFuzzer (needs clang): one target a parser, each a harness
# in tests/fuzz over the core built once with the fuzzer's instrumentation
# (build/fuzz/libcore.a; a harness links only what it uses).
#   fuzz_csv       the CSV reader             fuzz_rules     rules.ini and texts
#   fuzz_fields    the intake fields, money   fuzz_dates     dates and times
#   fuzz_holidays  a holiday file             fuzz_addjson   add's JSON input
#   fuzz_template  the template filler      fuzz_fullimport  import --full
# `make fuzz` builds them; run one from the top as
# build/fuzz/fuzz_csv -max_total_time=60. `make fuzz-smoke` runs each for
# FUZZ_SECONDS (20) from the seeds in tests/fuzz/seeds and the data files,
# four at a time; `make check` runs it for 5 s each when clang is there.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_TARGETS := csv rules fields dates holidays addjson template fullimport
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJ := $(CORE_SRC:%.c=build/fuzz/obj/%.o)
.PHONY: fuzz fuzz-smoke $(FUZZ_TARGETS:%=fuzz-smoke-%)
fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
build/fuzz/obj/%.o: %.c $(wildcard include/core/*.h) $(wildcard src/core/*.h)
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz: $(FUZZ_CC) not found"; exit 1; }
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(WARN) $(CPPFLAGS) $(CORE_CFLAGS) \
		-c $< -o $@
build/fuzz/libcore.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libcore.a
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) $(WARN) $(CPPFLAGS) $(CORE_CFLAGS) \
		$< build/fuzz/libcore.a -o $@ $(CORE_LIBS)

# The seeds of each target: its files in tests/fuzz/seeds/NAME and data.
FUZZ_SEEDS_rules := data/rules.ini
FUZZ_SEEDS_holidays := data/holidays
FUZZ_SEEDS_template := data/templates
fuzz-smoke:
	@$(MAKE) --no-print-directory -j4 $(FUZZ_TARGETS:%=fuzz-smoke-%)
$(FUZZ_TARGETS:%=fuzz-smoke-%): fuzz-smoke-%: build/fuzz/fuzz_%
	@mkdir -p build/fuzz/corpus-$*
	@for f in $(wildcard tests/fuzz/seeds/$*/*) $(FUZZ_SEEDS_$*); do cp -R $$f build/fuzz/corpus-$*/; done
	@if build/fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix=build/fuzz/$*- build/fuzz/corpus-$* \
		>build/fuzz/$*.log 2>&1; then \
		echo "ok - fuzz_$* ran $(FUZZ_SECONDS) s: $$(grep -o 'stat::number_of_executed_units: [0-9]*' build/fuzz/$*.log | grep -o '[0-9]*$$') inputs, no crash"; \
	else echo "not ok - fuzz_$* (build/fuzz/$*.log):"; tail -30 build/fuzz/$*.log; exit 1; fi
