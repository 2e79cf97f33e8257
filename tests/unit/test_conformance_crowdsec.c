/*
 * Conformance with CrowdSec's hub test cases.
 *
 * ../shared/data/logs/crowdsec_hub_tests/<case>/ holds a log, the
 * scenarios CrowdSec loaded (config.yaml) and the alerts it expects
 * (scenario.assert: "results[i].Overflow.Alert.GetScenario() == ..." and
 * the source address of each alert's events).  We run the whole `vigil
 * scan' pipeline with its detections over each log, with thresholds
 * equal to the scenario's (leaky bucket capacity and leak speed are the
 * same notions in vigil; the few scenarios whose parameters differ from
 * vigil's defaults get them in the per-case config below), and compare:
 *
 *  - the set of source addresses vigil alerts on must equal the set the
 *    asserts expect (no source missing, none extra);
 *  - each expected (scenario, source) must be matched by the vigil
 *    detection that stands for that scenario (scenario_map[]);
 *  - sshd-logs-fp, whose assert is empty, must raise nothing.
 *
 * Cases whose config loads no scenario (parser-only tests) are skipped.
 * Times: the logs are year-less and CrowdSec dated them with the year it
 * ran in; the year does not change any window, so we use 2026.
 */
#include "vg_test.h"

#include <dirent.h>
#include <jansson.h>
#include <unistd.h>

#include "detect.h"
#include "scan.h"

static const struct {
	const char		*scenario;
	enum vg_det_rule	 rule;
} scenario_map[] = {
	{ "crowdsecurity/ssh-bf",			VG_DR_BF },
	{ "crowdsecurity/ssh-bf_user-enum",		VG_DR_SPRAY },
	{ "crowdsecurity/ssh-slow-bf",			VG_DR_BF_SLOW },
	{ "crowdsecurity/ssh-time-based-bf",		VG_DR_BF_TIMED },
	{ "crowdsecurity/ssh-time-based-bf_user-enum",	VG_DR_SPRAY_TIMED },
	{ "melite/dovecot-time-based-bf",		VG_DR_BF_TIMED },
	{ "melite/dovecot-time-based-bf_user-enum",	VG_DR_SPRAY_TIMED },
	{ "Guezli/postfix-sasl-bf",			VG_DR_BF },
	{ "crowdsecurity/http-generic-bf",		VG_DR_WEB_AUTH_BF },
	{ "LePresidente/http-generic-401-bf",		VG_DR_WEB_AUTH_BF },
	{ "crowdsecurity/http-bf-wordpress_bf",		VG_DR_WEB_AUTH_BF },
	{ "crowdsecurity/http-path-traversal-probing",	VG_DR_WEB_TRAVERSAL },
	{ "crowdsecurity/http-sensitive-files",		VG_DR_WEB_SENSITIVE },
	{ "crowdsecurity/http-sqli-probbing-detection",	VG_DR_WEB_SQLI },
	{ "crowdsecurity/http-admin-interface-probing",	VG_DR_WEB_ADMIN },
	{ "crowdsecurity/http-cve-probing",		VG_DR_WEB_CVE },
	{ "crowdsecurity/http-wordpress_user-enum",	VG_DR_WEB_WPENUM },
};

/*
 * Scenarios whose parameters are not vigil's defaults, as vigil config
 * (read from the hub's scenario files; see ../shared/data/SOURCES.md).
 */
static const struct {
	const char	*case_name;
	const char	*yaml;
} case_config[] = {
	/* melite/dovecot-time-based-bf: last 4 failures, median gap 20m. */
	{ "dovecot-time-based-bf",
	  "auth.bruteforce:\n  time-based:\n    failures: 4\n"
	  "    min_gap: 20m\n    window: 16h\n"
	  "auth.spraying:\n  time-based:\n    failures: 4\n"
	  "    min_gap: 20m\n    window: 16h\n" },
	/* Guezli/postfix-sasl-bf: capacity 2, leakspeed 7200s. */
	{ "postfix-sasl-bf",
	  "auth.bruteforce:\n  capacity: 2\n  leakspeed: 7200s\n" },
};

#define MAX_EXPECT	16

struct expect {
	char	scenario[128];
	char	ip[128];
};

/* The (scenario, source) pairs of a scenario.assert. */
static size_t
read_assert(const char *path, struct expect *ex)
{
	char *text, *p, *line;
	size_t len, n = 0, i;

	if ((text = vg_test_read(path, &len)) == NULL)
		return 0;
	for (i = 0; i < MAX_EXPECT; i++)
		ex[i].scenario[0] = ex[i].ip[0] = '\0';
	for (line = strtok_r(text, "\n", &p); line != NULL;
	    line = strtok_r(NULL, "\n", &p)) {
		unsigned k;
		char val[128];

		if (sscanf(line, "results[%u].Overflow.Alert.GetScenario() == "
		    "\"%127[^\"]\"", &k, val) == 2 && k < MAX_EXPECT) {
			snprintf(ex[k].scenario, sizeof(ex[k].scenario), "%s",
			    val);
			n = VG_MAX(n, (size_t)k + 1);
		} else if ((sscanf(line, "results[%u].Overflow.Alert.Events[0]."
		    "GetMeta(\"source_ip\") == \"%127[^\"]\"", &k, val) == 2 ||
		    sscanf(line, "results[%u].Overflow.Alert.Source.IP == "
		    "\"%127[^\"]\"", &k, val) == 2) && k < MAX_EXPECT) {
			snprintf(ex[k].ip, sizeof(ex[k].ip), "%s", val);
			n = VG_MAX(n, (size_t)k + 1);
		}
	}
	free(text);
	return n;
}

/* Does config.yaml load any scenario (not just parsers)? */
static bool
has_scenarios(const char *path)
{
	char *text, *p;
	size_t len;
	bool any = false;

	if ((text = vg_test_read(path, &len)) == NULL)
		return false;
	if ((p = strstr(text, "scenarios:")) != NULL) {
		p += strlen("scenarios:");
		while (*p == '\n' || *p == ' ')
			p++;
		/* "- \"\"" is the hub's way of saying none. */
		any = *p == '-' && strncmp(p, "- \"\"", 4) != 0;
	}
	free(text);
	return any;
}

struct got {
	char	 ip[128];
	char	 rule[64];
};

/* Run the scan with detections over one log; collect its alerts. */
static size_t
run_case(const char *case_name, const char *log, struct got *got,
    size_t max)
{
	struct vg_det_config cfg;
	struct vg_detect *det;
	struct vg_scan_opts so;
	struct vg_scan_stats st;
	const char *files[1] = { log };
	char err[256], cfgpath[] = "/tmp/vigil-cs-XXXXXX", line[65536];
	FILE *out;
	size_t n = 0, i;
	int fd;

	vg_det_config_default(&cfg);
	for (i = 0; i < VG_ARRAY_LEN(case_config); i++) {
		if (strcmp(case_config[i].case_name, case_name) != 0)
			continue;
		ASSERT_TRUE((fd = mkstemp(cfgpath)) >= 0);
		ASSERT_TRUE(write(fd, case_config[i].yaml,
		    strlen(case_config[i].yaml)) ==
		    (ssize_t)strlen(case_config[i].yaml));
		close(fd);
		if (vg_det_config_load(&cfg, cfgpath, err, sizeof(err)) != 0)
			vg_test_fail(__FILE__, __LINE__, "%s", err);
		unlink(cfgpath);
	}
	ASSERT_INT_EQ(vg_detect_new(&cfg, NULL, &det), 0);
	ASSERT_TRUE((out = tmpfile()) != NULL);
	memset(&so, 0, sizeof(so));
	so.so_files = files;
	so.so_nfiles = 1;
	so.so_alerts = out;
	so.so_year = 2026;
	so.so_threads = 1;
	so.so_detect = det;
	ASSERT_INT_EQ(vg_scan_run(&so, &st), 0);
	rewind(out);
	while (fgets(line, sizeof(line), out) != NULL && n < max) {
		json_t *doc = json_loads(line, 0, NULL);
		const char *id = NULL, *variant = "", *ip = "";

		ASSERT_TRUE(doc != NULL);
		(void)json_unpack(doc, "{s:{s:s}}", "rule", "id", &id);
		(void)json_unpack(doc, "{s:{s:{s:s}}}", "vigil", "detection",
		    "variant", &variant);
		(void)json_unpack(doc, "{s:{s:s}}", "source", "ip", &ip);
		ASSERT_TRUE(id != NULL);
		snprintf(got[n].ip, sizeof(got[n].ip), "%s", ip);
		snprintf(got[n].rule, sizeof(got[n].rule), "%s%s%s", id,
		    variant[0] ? "/" : "", variant);
		n++;
		json_decref(doc);
	}
	fclose(out);
	vg_detect_free(det);
	vg_det_config_cleanup(&cfg);
	return n;
}

static bool
ip_in(const char *ip, const struct expect *ex, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ex[i].ip, ip) == 0)
			return true;
	return false;
}

VG_TEST(conformance_crowdsec_hub)
{
	const char *dir = vg_test_shared("logs/crowdsec_hub_tests");
	struct dirent *de;
	DIR *dp;
	unsigned cases = 0, agreed = 0;
	bool fp_seen = false;

	if (dir == NULL)
		VG_SKIP("../shared/data/logs/crowdsec_hub_tests is absent");
	ASSERT_TRUE((dp = opendir(dir)) != NULL);
	while ((de = readdir(dp)) != NULL) {
		struct expect ex[MAX_EXPECT];
		struct got got[64];
		char path[1024], log[2048];
		size_t nex, ngot, i, k;
		bool ok = true, fp;
		struct dirent *le;
		DIR *cd;

		if (de->d_name[0] == '.')
			continue;
		fp = strcmp(de->d_name, "sshd-logs-fp") == 0;
		snprintf(path, sizeof(path), "%s/%s/config.yaml", dir,
		    de->d_name);
		if (access(path, R_OK) != 0)
			continue;		/* the licence file */
		if (!fp && !has_scenarios(path))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((cd = opendir(path)) == NULL)
			continue;
		log[0] = '\0';
		while ((le = readdir(cd)) != NULL) {
			size_t l = strlen(le->d_name);

			if (l > 4 && strcmp(le->d_name + l - 4, ".log") == 0)
				snprintf(log, sizeof(log), "%s/%s", path,
				    le->d_name);
		}
		closedir(cd);
		ASSERT_TRUE(log[0] != '\0');
		snprintf(path, sizeof(path), "%s/%s/scenario.assert", dir,
		    de->d_name);
		nex = fp ? 0 : read_assert(path, ex);
		ngot = run_case(de->d_name, log, got, VG_ARRAY_LEN(got));
		cases++;
		fp_seen |= fp;
		/* Every expected alert, by the detection standing for it. */
		for (i = 0; i < nex; i++) {
			const char *want = NULL;
			char rule[64];
			bool found = false;

			for (k = 0; k < VG_ARRAY_LEN(scenario_map); k++)
				if (strcmp(scenario_map[k].scenario,
				    ex[i].scenario) == 0) {
					enum vg_det_rule r = scenario_map[k].rule;

					snprintf(rule, sizeof(rule), "%s%s%s",
					    vg_det_rule_id(r),
					    vg_det_rule_variant(r)[0] ? "/" : "",
					    vg_det_rule_variant(r));
					want = rule;
				}
			if (want == NULL) {
				printf("  %s: scenario %s has no vigil "
				    "counterpart\n", de->d_name,
				    ex[i].scenario);
				ok = false;
				continue;
			}
			for (k = 0; k < ngot; k++)
				found |= strcmp(got[k].rule, want) == 0 &&
				    strcmp(got[k].ip, ex[i].ip) == 0;
			if (!found) {
				printf("  %s: expected %s for %s (as %s), not "
				    "raised\n", de->d_name, ex[i].scenario,
				    ex[i].ip, want);
				ok = false;
			}
		}
		/* No alert for a source CrowdSec does not alert on. */
		for (k = 0; k < ngot; k++)
			if (!ip_in(got[k].ip, ex, nex)) {
				printf("  %s: unexpected %s for %s\n",
				    de->d_name, got[k].rule, got[k].ip);
				ok = false;
			}
		printf("crowdsec %-30s expected %zu alert(s), vigil raised %zu: "
		    "%s\n", de->d_name, nex, ngot, ok ? "agree" : "DISAGREE");
		agreed += ok;
	}
	closedir(dp);
	printf("crowdsec hub cases: %u of %u agree\n", agreed, cases);
	fflush(stdout);
	ASSERT_TRUE(fp_seen);
	ASSERT_TRUE(cases >= 14);
	ASSERT_INT_EQ(agreed, cases);
}
