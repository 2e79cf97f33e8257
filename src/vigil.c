/*
 * vigil.c -- main() of the command line: argument parsing and dispatch
 * to the subcommands.  Nothing else lives here.
 */
#include "vg.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_accounts.h"
#include "cli_pw.h"
#include "cli_vuln.h"
#include "intel.h"
#include "detect.h"
#include "geo.h"
#include "scan.h"
#include "vg_json.h"

#define VIGIL_VERSION	"0.1.0"

static VG_NORETURN void
usage(void)
{
	fprintf(stderr,
	    "usage: vigil scan [-i FEED]... [-o ALERTS] [--events EVENTS]\n"
	    "                  [--format NAME] [--year YYYY] [--tz ZONE]\n"
	    "                  [--threads N] [--stats] [--match-private]\n"
	    "                  [--no-progress] [--json-map KEY=FIELD]...\n"
	    "                  [--detections CONFIG | --no-detections]\n"
	    "                  [--no-feed-cache]\n"
	    "                  [FILE...]\n"
	    "       vigil formats\n"
	    "       vigil detections [--detections CONFIG]\n"
	    "       vigil intel compile FEED... -o SET.vgi\n"
	    "       vigil intel lookup [-i FEED]... [--json] VALUE...\n"
	    "       vigil intel stats [-i FEED]...\n"
	    "       vigil vuln scan --status FILE [--os-release FILE]\n"
	    "                  -a ADVISORIES... [--kev FILE]\n"
	    "                  [--format jsonl|table|csv] [-o OUT]\n"
	    "       vigil vuln hosts DIR -a ADVISORIES... [--kev FILE]\n"
	    "       vigil vuln affected ID... --hosts DIR -a ADVISORIES...\n"
	    "       vigil accounts match --directory DIR... [--leaked LIST]...\n"
	    "                  [--alias-domain OLD=NEW]... [--org-domain D]...\n"
	    "                  [--key-file UNITKEY] [-x INDEX]\n"
	    "                  [--format jsonl|table|csv] [-o OUT]\n"
	    "                  [--indicators FILE] [LIST...]\n"
	    "       vigil accounts hash --key-file MASTER -o DIR\n"
	    "                  [--unit-domains FILE] [--keep-unassigned] LIST...\n"
	    "       vigil accounts key -o KEYFILE\n"
	    "       vigil accounts key --derive UNIT --key-file MASTER -o UNITKEY\n"
	    "       vigil pw index SRC... [--passwords LIST]... [--sha1 | --ntlm]\n"
	    "                  -o INDEX\n"
	    "       vigil pw check [-x INDEX] [--hash] [--json]\n"
	    "       vigil pw serve -x INDEX [--listen ADDR:PORT]\n"
	    "                  [--tls-cert FILE --tls-key FILE]\n"
	    "       vigil pw audit --ntlm-dump FILE... [-x INDEX] [--machines]\n"
	    "                  [--format jsonl|table|csv] [-o OUT]\n"
	    "       vigil pw policy [-x INDEX] [--mfa] [--context WORD]...\n"
	    "                  [--context-file FILE]... [--json]\n"
	    "       vigil version\n"
	    "FEED is PATH, NAME=PATH or NAME:CATEGORY=PATH.\n");
	exit(2);
}

/*
 * A zone name must name a tzdata file: the C library would silently fall
 * back to UTC for a typo, and every time stamp would be off.
 */
static void
set_zone(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	if (strstr(name, "..") != NULL || access(path, R_OK) != 0)
		vg_fatalx("--tz: unknown time zone \"%s\" (no %s)", name, path);
	if (setenv("TZ", name, 1) != 0)
		vg_fatal("setenv");
	tzset();
}

struct argvec {
	char	**v;
	size_t	  n;
};

static void
argvec_push(struct argvec *a, char *s)
{
	a->v = vg_xreallocarray(a->v, a->n + 1, sizeof(*a->v));
	a->v[a->n++] = s;
}

/* ---------------------------------------------------------- detections */

struct detections {
	struct vg_det_config	 cfg;
	struct vg_geo		*geo;
	struct vg_detect	*stage;
	char			 geo_status[640];
};

/*
 * Thresholds from `path' (or the defaults), and the GeoIP database the
 * config names (or Debian's default one).  Without a database the two
 * geographic detections say so, and are off.
 */
static void
detections_setup(struct detections *d, const char *path, bool stage)
{
	char err[512];
	int r;

	vg_det_config_default(&d->cfg);
	if (path != NULL && vg_det_config_load(&d->cfg, path, err,
	    sizeof(err)) != 0)
		vg_fatalx("%s", err);
	if (vg_geo_open(d->cfg.dc_geoip, &d->geo, err, sizeof(err)) != 0) {
		d->geo = NULL;
		snprintf(d->geo_status, sizeof(d->geo_status),
		    "no GeoIP database: %s", err);
		if (d->cfg.dc_geoip != NULL)
			vg_fatalx("%s", err);
		d->cfg.dc_rule[VG_DR_NEW_COUNTRY].dp_enabled = false;
		d->cfg.dc_rule[VG_DR_TRAVEL].dp_enabled = false;
	} else if (!vg_geo_has_location(d->geo)) {
		/* A country-only database: no distances. */
		d->cfg.dc_rule[VG_DR_TRAVEL].dp_enabled = false;
		snprintf(d->geo_status, sizeof(d->geo_status),
		    "%s has countries but no locations", vg_geo_path(d->geo));
	}
	if (stage && (r = vg_detect_new(&d->cfg, d->geo, &d->stage)) != 0)
		vg_fatalx("detections: %s", vg_strerror(r));
}

static void
detections_cleanup(struct detections *d)
{
	vg_detect_free(d->stage);
	vg_geo_close(d->geo);
	vg_det_config_cleanup(&d->cfg);
}

static int
cmd_detections(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "detections", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct detections d = { 0 };
	const char *path = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		if (ch != 'c')
			usage();
		path = optarg;
	}
	if (optind != argc)
		usage();
	detections_setup(&d, path, false);
	if (d.geo != NULL)
		printf("# GeoIP: %s (%s)\n", vg_geo_path(d.geo),
		    vg_geo_kind(d.geo));
	vg_det_config_print(&d.cfg, stdout, d.geo_status[0] != '\0' ?
	    d.geo_status : NULL);
	detections_cleanup(&d);
	return 0;
}

static int
cmd_scan(int argc, char **argv)
{
	enum { OPT_EVENTS = 256, OPT_FORMAT, OPT_YEAR, OPT_TZ, OPT_STATS,
	    OPT_THREADS, OPT_PRIVATE, OPT_NOPROGRESS, OPT_JSONMAP, OPT_DETECT,
	    OPT_NODETECT, OPT_NOCACHE };
	static const struct option longopts[] = {
		{ "intel", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "tz", required_argument, NULL, OPT_TZ },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "match-private", no_argument, NULL, OPT_PRIVATE },
		{ "no-progress", no_argument, NULL, OPT_NOPROGRESS },
		{ "json-map", required_argument, NULL, OPT_JSONMAP },
		{ "detections", required_argument, NULL, OPT_DETECT },
		{ "no-detections", no_argument, NULL, OPT_NODETECT },
		{ "no-feed-cache", no_argument, NULL, OPT_NOCACHE },
		{ NULL, 0, NULL, 0 }
	};
	struct detections det = { 0 };
	const char *det_path = NULL;
	bool det_on = true;
	struct vg_scan_opts so;
	struct vg_scan_stats st;
	struct vg_intel in;
	struct argvec feeds = { NULL, 0 };
	struct vg_json_map *jmap = NULL;
	size_t njmap = 0;
	char *eq;
	struct vg_tz tz;
	const char *out_path = NULL, *events_path = NULL;
	bool stats = false, progress = true, cache = true;
	char cache_dir[PATH_MAX];
	long ncpu;
	int ch, r;

	memset(&so, 0, sizeof(so));
	/* As many workers as CPUs (output order does not depend on it). */
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	so.so_threads = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (unsigned)ncpu;
	while ((ch = getopt_long(argc, argv, "i:o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			argvec_push(&feeds, optarg);
			break;
		case 'o':
			out_path = optarg;
			break;
		case OPT_EVENTS:
			events_path = optarg;
			break;
		case OPT_FORMAT:
			if ((so.so_format = vg_logfmt_find(optarg)) == NULL)
				vg_fatalx("--format: unknown format \"%s\" "
				    "(see vigil formats)", optarg);
			break;
		case OPT_YEAR:
			so.so_year = (int)vg_cli_number("--year", optarg, 1970,
			    9999);
			break;
		case OPT_TZ:
			if (vg_tz_parse(optarg, &tz) != 0)
				vg_fatalx("--tz: \"%s\" is neither an offset "
				    "(+03:00) nor a zone name", optarg);
			if (tz.tz_named)
				set_zone(tz.tz_name);
			so.so_tz = &tz;
			break;
		case OPT_STATS:
			stats = true;
			break;
		case OPT_THREADS:
			so.so_threads = (unsigned)vg_cli_number("--threads",
			    optarg, 1, VG_MAX_THREADS);
			break;
		case OPT_PRIVATE:
			so.so_match_private = true;
			break;
		case OPT_NOPROGRESS:
			progress = false;
			break;
		case OPT_JSONMAP:
			/* KEY=FIELD: the log's key, an ECS field of the event. */
			if ((eq = strrchr(optarg, '=')) == NULL || eq == optarg ||
			    !vg_logfmt_json_field_ok(eq + 1))
				vg_fatalx("--json-map: \"%s\" is not KEY=FIELD "
				    "with FIELD one of @timestamp, source.ip, "
				    "source.port, destination.ip, "
				    "destination.port, user.name, url.original, "
				    "dns.question.name, host.name, message, "
				    "http.response.status_code, "
				    "http.request.method, file.hash, "
				    "http.response.body.bytes, "
				    "user_agent.original, http.request.referrer, "
				    "event.outcome", optarg);
			*eq = '\0';
			jmap = vg_xreallocarray(jmap, njmap + 1, sizeof(*jmap));
			jmap[njmap++] = (struct vg_json_map){ optarg, eq + 1 };
			break;
		case OPT_DETECT:
			det_path = optarg;
			break;
		case OPT_NOCACHE:
			cache = false;
			break;
		case OPT_NODETECT:
			det_on = false;
			break;
		default:
			usage();
		}
	}
	if (cache && !vg_intel_cache_dir(cache_dir, sizeof(cache_dir)))
		cache = false;
	if (vg_intel_load(&in, feeds.v, feeds.n, false, so.so_threads,
	    cache ? cache_dir : NULL) != 0) {
		free(feeds.v);
		free(jmap);
		return 2;
	}
	if (det_on)
		detections_setup(&det, det_path, true);
	so.so_json_map = jmap;
	so.so_njson_map = njmap;
	so.so_sets = in.in_sets;
	so.so_nsets = in.in_nsets;
	so.so_files = (const char *const *)argv + optind;
	so.so_nfiles = (size_t)(argc - optind);
	if (so.so_nfiles > VG_MAX_INPUTS)
		vg_fatalx("more than %d input files; give them through "
		    "stdin instead (cat ... | vigil scan)", VG_MAX_INPUTS);
	so.so_alerts = vg_cli_open_out(out_path);
	so.so_events = events_path != NULL ? vg_cli_open_out(events_path) : NULL;
	so.so_progress = progress && isatty(STDERR_FILENO);
	so.so_detect = det.stage;
	r = vg_scan_run(&so, &st);
	vg_scan_stats_print(&st, stderr, stats);
	if (stats && feeds.n > 0)
		fprintf(stderr, "feeds: %zu -i arguments into %zu sets (%zu "
		    "from the feed cache) in %.3f s, %lu bad lines\n",
		    feeds.n, in.in_nsets, in.in_cached, in.in_seconds,
		    in.in_bad_lines);
	if (stats && det.stage != NULL)
		vg_det_stats_print(vg_detect_stats(det.stage), stderr);
	detections_cleanup(&det);
	vg_cli_close_out(so.so_alerts, out_path);
	if (so.so_events != NULL)
		vg_cli_close_out(so.so_events, events_path);
	vg_intel_free(&in);
	free(feeds.v);
	free(jmap);
	return r == 0 ? 0 : 2;
}

static int
cmd_formats(void)
{
	const struct vg_logfmt *const *all;
	size_t n, i;

	all = vg_logfmt_all(&n);
	for (i = 0; i < n; i++)
		printf("%-16s %s\n", all[i]->lf_name, all[i]->lf_desc);
	return 0;
}

/* ---------------------------------------------------------------- intel */

static int
intel_compile(int argc, char **argv)
{
	struct vg_intel in;
	struct vg_ioc_stats st;
	const char *out = NULL;
	int ch, r;

	while ((ch = getopt(argc, argv, "o:")) != -1) {
		if (ch != 'o')
			usage();
		out = optarg;
	}
	if (out == NULL || optind >= argc)
		usage();
	if (vg_intel_load(&in, argv + optind, (size_t)(argc - optind),
	    false, 1, NULL) != 0)
		return 2;
	if (in.in_nsets != 1) {
		vg_warnx("intel compile: give text feeds, not snapshots");
		vg_intel_free(&in);
		return 2;
	}
	if ((r = vg_ioc_set_write(in.in_sets[0], out)) != 0) {
		vg_warnx("%s: %s", out, vg_strerror(r));
		vg_intel_free(&in);
		return 2;
	}
	vg_ioc_set_stats(in.in_sets[0], &st);
	fprintf(stderr, "%s: %zu indicators from %zu feeds, %.1f MB, "
	    "%lu bad lines, %.2f s\n", out, st.st_entries, st.st_feeds,
	    (double)st.st_image_bytes / 1e6, in.in_bad_lines, in.in_seconds);
	vg_intel_free(&in);
	return 0;
}

static size_t
lookup_value(const struct vg_intel *in, const char *value,
    struct vg_ioc_hit *hits, size_t max)
{
	struct vg_str v = vg_str_make(value, strlen(value)), dom;
	struct vg_addr a;
	size_t n = 0, start, i, r;
	ptrdiff_t at;
	int kind, allowed;

	/*
	 * One lookup kind at a time over every set: an allowlist entry in
	 * any set drops what the others found for that kind.
	 */
	if ((at = vg_str_chr(v, '@')) >= 0)
		dom = vg_str_make(v.p + at + 1, v.len - (size_t)at - 1);
	else
		dom = v;
	for (kind = 0; kind < 5; kind++) {
		start = n;
		allowed = 0;
		for (i = 0; i < in->in_nsets; i++) {
			const struct vg_ioc_set *s = in->in_sets[i];

			if (kind == 0 && vg_addr_parse(v, &a))
				r = vg_ioc_match_ip(s, &a, hits + n, max - n);
			else if (kind == 1 && VG_STR_FIND(v, "://") > 0)
				r = vg_ioc_match_url(s, v, hits + n, max - n);
			else if (kind == 2)
				r = vg_ioc_match_hash(s, v, hits + n, max - n);
			else if (kind == 3)
				r = vg_ioc_match_account(s, v, hits + n,
				    max - n);
			else if (kind == 4)
				r = vg_ioc_match_domain(s, dom, hits + n,
				    max - n);
			else
				r = 0;
			if (r == VG_IOC_ALLOWED)
				allowed = 1;
			else
				n += r;
		}
		if (allowed)
			n = start;
		/* An address or a URL is nothing else. */
		if ((kind == 0 && vg_addr_parse(v, &a)) ||
		    (kind == 1 && VG_STR_FIND(v, "://") > 0))
			break;
	}
	return n;
}

static int
intel_lookup(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "intel", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct vg_ioc_hit hits[64];
	struct argvec feeds = { NULL, 0 };
	struct vg_intel in;
	struct vg_json j;
	char matched[VG_MAX_INDICATOR + 8];
	bool json = false, any = false;
	size_t n, k;
	int ch, i;

	while ((ch = getopt_long(argc, argv, "i:", longopts, NULL)) != -1) {
		if (ch == 'i')
			argvec_push(&feeds, optarg);
		else if (ch == 'j')
			json = true;
		else
			usage();
	}
	if (optind >= argc)
		usage();
	if (vg_intel_load(&in, feeds.v, feeds.n, false, 1, NULL) != 0) {
		free(feeds.v);
		return 2;
	}
	vg_json_init(&j, 1 << 20);
	for (i = optind; i < argc; i++) {
		n = lookup_value(&in, argv[i], hits, VG_ARRAY_LEN(hits));
		any |= n > 0;
		if (json) {
			vg_json_reset(&j);
			vg_json_obj_begin(&j, NULL);
			vg_json_cstr(&j, "value", argv[i]);
			vg_json_bool(&j, "listed", n > 0);
			vg_json_arr_begin(&j, "matches");
			for (k = 0; k < n; k++) {
				vg_json_obj_begin(&j, NULL);
				vg_json_cstr(&j, "feed", hits[k].h_feed);
				vg_json_cstr(&j, "category",
				    vg_ioc_cat_name(hits[k].h_cat));
				vg_json_cstr(&j, "type",
				    vg_ioc_hit_type_name(&hits[k]));
				vg_ioc_hit_format(&hits[k], matched,
				    sizeof(matched));
				vg_json_cstr(&j, "matched", matched);
				vg_json_cstr(&j, "source", hits[k].h_source);
				vg_json_uint(&j, "line", hits[k].h_line);
				vg_json_obj_end(&j);
			}
			vg_json_arr_end(&j);
			vg_json_obj_end(&j);
			vg_json_newline(&j);
			fwrite(j.j_buf, 1, j.j_len, stdout);
			continue;
		}
		if (n == 0)
			printf("%s\tnot listed\n", argv[i]);
		for (k = 0; k < n; k++) {
			vg_ioc_hit_format(&hits[k], matched, sizeof(matched));
			printf("%s\t%s\t%s\t%s\t%s:%lu\n", argv[i],
			    hits[k].h_feed, vg_ioc_cat_name(hits[k].h_cat),
			    matched, hits[k].h_source, hits[k].h_line);
		}
	}
	vg_json_cleanup(&j);
	vg_intel_free(&in);
	free(feeds.v);
	return any ? 0 : 1;
}

static int
intel_stats(int argc, char **argv)
{
	struct argvec feeds = { NULL, 0 };
	struct vg_ioc_stats st;
	struct vg_intel in;
	const char *name, *source;
	enum vg_ioc_cat cat;
	size_t s, f, count, total = 0;
	int ch;

	while ((ch = getopt(argc, argv, "i:")) != -1) {
		if (ch != 'i')
			usage();
		argvec_push(&feeds, optarg);
	}
	for (; optind < argc; optind++)
		argvec_push(&feeds, argv[optind]);
	/* The feed-checking command: every bad line is reported. */
	if (vg_intel_load(&in, feeds.v, feeds.n, true, 1, NULL) != 0) {
		free(feeds.v);
		return 2;
	}
	printf("%-28s %-15s %10s  %s\n", "feed", "category", "indicators",
	    "source");
	for (s = 0; s < in.in_nsets; s++) {
		for (f = 0; f < vg_ioc_set_nfeeds(in.in_sets[s]); f++) {
			vg_ioc_set_feed(in.in_sets[s], f, &name, &source, &cat,
			    &count);
			printf("%-28s %-15s %10zu  %s\n", name,
			    vg_ioc_cat_name(cat), count, source);
		}
		vg_ioc_set_stats(in.in_sets[s], &st);
		total += st.st_entries;
		printf("# set %zu: %zu entries (ip %zu, domain %zu, url %zu, "
		    "md5 %zu, sha1 %zu, sha256 %zu, sha512 %zu, account %zu); "
		    "%zu IPv4 and %zu IPv6 intervals; %.1f MB\n", s,
		    st.st_entries, st.st_by_type[VG_IOC_IP],
		    st.st_by_type[VG_IOC_DOMAIN], st.st_by_type[VG_IOC_URL],
		    st.st_by_type[VG_IOC_MD5], st.st_by_type[VG_IOC_SHA1],
		    st.st_by_type[VG_IOC_SHA256], st.st_by_type[VG_IOC_SHA512],
		    st.st_by_type[VG_IOC_ACCOUNT], st.st_v4_intervals,
		    st.st_v6_intervals, (double)st.st_image_bytes / 1e6);
	}
	printf("# total %zu entries, %lu bad lines skipped, loaded in "
	    "%.3f s\n", total, in.in_bad_lines, in.in_seconds);
	vg_intel_free(&in);
	free(feeds.v);
	return 0;
}

static int
cmd_intel(int argc, char **argv)
{
	if (argc < 2)
		usage();
	optind = 1;
	if (strcmp(argv[1], "compile") == 0)
		return intel_compile(argc - 1, argv + 1);
	if (strcmp(argv[1], "lookup") == 0)
		return intel_lookup(argc - 1, argv + 1);
	if (strcmp(argv[1], "stats") == 0)
		return intel_stats(argc - 1, argv + 1);
	usage();
}

int
main(int argc, char **argv)
{
	/*
	 * jansson seeds its hash function from /dev/urandom on first use;
	 * do it now, before any later sandbox forbids the open.
	 */
	json_object_seed(0);
	if (argc < 2)
		usage();
	/* Subcommands parse their own options from argv[1] on. */
	if (strcmp(argv[1], "scan") == 0)
		return cmd_scan(argc - 1, argv + 1);
	if (strcmp(argv[1], "formats") == 0)
		return cmd_formats();
	if (strcmp(argv[1], "detections") == 0)
		return cmd_detections(argc - 1, argv + 1);
	if (strcmp(argv[1], "intel") == 0)
		return cmd_intel(argc - 1, argv + 1);
	if (strcmp(argv[1], "vuln") == 0)
		return vg_cli_vuln(argc - 1, argv + 1);
	if (strcmp(argv[1], "accounts") == 0)
		return vg_cli_accounts(argc - 1, argv + 1);
	if (strcmp(argv[1], "pw") == 0)
		return vg_cli_pw(argc - 1, argv + 1);
	if (strcmp(argv[1], "version") == 0 ||
	    strcmp(argv[1], "--version") == 0) {
		printf("vigil %s\n", VIGIL_VERSION);
		return 0;
	}
	usage();
}
