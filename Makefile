# vigil -- GNU make.  `make' builds ./vigil, `make check' builds and runs
# every test, `make check SANITIZE=1' does the same under ASan+UBSan,
# `make fuzz' runs the libFuzzer harnesses, `make bench' the benchmark.

CC	?= cc
SHARED	?= ../shared
PKGS	:= jansson zlib libfyaml libmaxminddb geoip libsodium libzip nettle \
	   libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lz -lfyaml -lmaxminddb -lGeoIP -lsodium -lzip \
	     -lnettle -lmicrohttpd)
# libzxcvbn and libunistring ship no .pc file.
PKG_LIBS += -lzxcvbn -lunistring

WARN	:= -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wformat=2 \
	   -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CSTD	:= -std=gnu17 -D_GNU_SOURCE
OPT	?= -O2 -g

ifeq ($(SANITIZE),1)
BUILD	:= build-asan
OPT	:= -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
else
BUILD	?= build
SANFLAGS :=
endif

CFLAGS_ALL  = $(CSTD) $(OPT) $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)
LIBS	= $(PKG_LIBS) -lm -lpthread

SRCS	:= $(filter-out src/vigil.c,$(wildcard src/*.c))
OBJS	:= $(SRCS:src/%.c=$(BUILD)/%.o)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_OBJS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%.o)

ifeq ($(BUILD),build)
VIGIL	:= vigil
else
VIGIL	:= $(BUILD)/vigil
endif

.PHONY: demo all check check-unit check-golden check-cli fuzz fuzz-check bench bench-vuln bench-pw \
	clean deps lint

all: $(VIGIL)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS_ALL) -Isrc -c -o $@ $<

$(BUILD)/libvigil.a: $(OBJS)
	rm -f $@
	ar rcs $@ $^

$(VIGIL): $(BUILD)/vigil.o $(BUILD)/libvigil.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD):
	mkdir -p $(BUILD)/tests

# One table of tests, generated from the VG_TEST(name) lines.
$(BUILD)/test_list.h: $(TEST_SRCS) | $(BUILD)
	grep -h '^VG_TEST(' $(TEST_SRCS) | sed 's/^VG_TEST(\([a-z0-9_]*\)).*/X(\1)/' > $@.tmp
	mv $@.tmp $@

$(BUILD)/tests/%.o: tests/unit/%.c tests/vg_test.h $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS_ALL) -Isrc -Itests -DVG_SHARED_DIR='"$(SHARED)/data"' -c -o $@ $<

$(BUILD)/tests/runner.o: tests/runner.c tests/vg_test.h $(BUILD)/test_list.h $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS_ALL) -Isrc -Itests -I$(BUILD) -DVG_SHARED_DIR='"$(SHARED)/data"' -c -o $@ $<

$(BUILD)/runner: $(BUILD)/tests/runner.o $(TEST_OBJS) $(BUILD)/libvigil.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

# The test command of the README: unit tests, golden decoder files, the
# command-line checks and the conformance suites.
check: check-unit check-golden check-cli

check-unit: $(BUILD)/runner
	./$(BUILD)/runner

check-golden: $(VIGIL)
	sh tests/golden.sh ./$(VIGIL)

check-cli: $(VIGIL)
	sh tests/cli.sh ./$(VIGIL)

# Rewrite golden expectations after a reviewed decoder change.
golden-update: $(VIGIL)
	UPDATE=1 sh tests/golden.sh ./$(VIGIL)

deps:
	sh scripts/install-deps.sh

# The first of the README's two commands: set up, build, scan the samples.
demo:
	sh scripts/install-deps.sh
	$(MAKE) vigil
	./vigil scan --no-progress -i examples/botnet-c2.txt \
	    -i examples/scanners.netset -i allow:allowlist=examples/allowlist.txt \
	    examples/auth.log

# libFuzzer harnesses (clang).  fuzz-check runs each corpus once (CI);
# fuzz runs each harness for FUZZ_SECONDS.
FUZZ_SRCS  := $(filter-out fuzz/fuzz_logfmt_one.c,$(wildcard fuzz/fuzz_*.c))
# One harness per decoder that has golden files (tests/data/logfmt/NAME).
DECODERS   := $(notdir $(wildcard tests/data/logfmt/*))
FUZZ_BINS  := $(FUZZ_SRCS:fuzz/%.c=build-fuzz/%) build-fuzz/fuzz_logfmt \
	      $(DECODERS:%=build-fuzz/fuzz_logfmt_%)
FUZZ_LIBSRCS := $(SRCS)
FUZZ_CFLAGS := $(CSTD) -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all $(PKG_CFLAGS) -Isrc
FUZZ_SECONDS ?= 60

build-fuzz/libvigil.a: $(FUZZ_LIBSRCS) $(wildcard src/*.h)
	mkdir -p build-fuzz/obj
	for f in $(FUZZ_LIBSRCS); do \
	  clang $(CSTD) -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	    -fno-sanitize-recover=all $(PKG_CFLAGS) -Isrc -c -o build-fuzz/obj/$$(basename $$f .c).o $$f || exit 1; \
	done
	rm -f $@; ar rcs $@ build-fuzz/obj/*.o

build-fuzz/fuzz_logfmt: fuzz/fuzz_logfmt_one.c build-fuzz/libvigil.a
	clang $(FUZZ_CFLAGS) -o $@ $< build-fuzz/libvigil.a $(LIBS)

build-fuzz/fuzz_logfmt_%: fuzz/fuzz_logfmt_one.c build-fuzz/libvigil.a
	clang $(FUZZ_CFLAGS) -DFUZZ_FORMAT='"$*"' -o $@ $< build-fuzz/libvigil.a $(LIBS)

build-fuzz/%: fuzz/%.c build-fuzz/libvigil.a
	clang $(FUZZ_CFLAGS) -o $@ $< build-fuzz/libvigil.a $(LIBS)

fuzz-check: $(FUZZ_BINS)
	sh fuzz/run.sh check $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh run $(FUZZ_BINS)

bench: $(VIGIL)
	bash bench/run.sh

# The patch audit: 1,000 hosts against 50,000 advisories, dpkg as oracle.
bench-vuln: $(VIGIL)
	bash bench/vuln.sh

# The breached-password index: N (default 100 million) synthetic SHA-1
# hashes, against pwqfilter and look(1), and the range API under wrk.
bench-pw: $(VIGIL) $(BUILD)/libvigil.a
	bash bench/pw.sh

lint:
	sh scripts/checksrc.sh

clean:
	rm -rf build build-asan build-clang build-fuzz vigil
