/*
 * scan.h -- the `vigil scan' pipeline: read, decode, match, write.
 *
 * One call runs the whole pipeline over a list of inputs (files, gzip
 * files or stdin) with the indicator sets already loaded.  Inputs are
 * read in large blocks and split into lines in place; each line becomes a
 * normalized event, every observable of the event is looked up in the
 * sets, and hits are written as ECS JSON alerts.  With several threads,
 * each input is split into ranges of whole lines decoded in parallel;
 * output keeps input order.
 */
#ifndef SCAN_H
#define SCAN_H

#include "detect.h"
#include "event.h"
#include "ioc.h"
#include "logfmt.h"
#include "vg_json.h"

struct vg_scan_opts {
	const char		*const *so_files;	/* "-" is stdin */
	size_t			 so_nfiles;
	struct vg_ioc_set	*const *so_sets;
	size_t			 so_nsets;
	FILE			*so_alerts;	/* alerts */
	FILE			*so_events;	/* every event, or NULL */
	const struct vg_logfmt	*so_format;	/* --format, or NULL */
	int			 so_year;	/* --year, or 0 */
	struct vg_tz		*so_tz;		/* --tz, or NULL */
	unsigned		 so_threads;
	bool			 so_match_private;	/* match RFC 1918 & co */
	bool			 so_progress;	/* progress bar on stderr */
	const struct vg_json_map *so_json_map;	/* --json-map */
	size_t			 so_njson_map;
	struct vg_detect	*so_detect;	/* correlation, or NULL */
};

/* Counters of a run; `vigil scan --stats' prints them. */
#define VG_SCAN_MAX_DATASETS	64
struct vg_scan_stats {
	uint64_t	 st_lines;
	uint64_t	 st_bytes;
	uint64_t	 st_events;
	uint64_t	 st_unparsed;
	uint64_t	 st_truncated;
	uint64_t	 st_alerts;		/* intel alerts */
	uint64_t	 st_det_alerts;		/* detection alerts */
	uint64_t	 st_det_records;
	uint64_t	 st_observables;
	uint64_t	 st_lookups;
	uint64_t	 st_private_skipped;
	uint64_t	 st_obs_dropped;
	uint64_t	 st_extra_dropped;
	uint64_t	 st_output_overflow;
	uint64_t	 st_failures;		/* events with outcome failure */
	uint64_t	 st_by_action[VG_ACT_COUNT];
	uint64_t	 st_inputs;
	uint64_t	 st_inputs_failed;
	size_t		 st_ndatasets;
	const char	*st_dataset[VG_SCAN_MAX_DATASETS];
	uint64_t	 st_dataset_events[VG_SCAN_MAX_DATASETS];
	double		 st_seconds;
};

/*
 * Run the pipeline.  Unreadable inputs are reported on stderr by name and
 * skipped; the rest is processed.  Returns 0 when every input was read,
 * VG_ERR_IO when at least one could not be (the caller exits 2), or
 * another negative VG_ERR_* code on a fatal error.
 */
int	vg_scan_run(const struct vg_scan_opts *, struct vg_scan_stats *);

/*
 * The per-event part of the pipeline, for tests and fuzzers: match the
 * event's observables against the worker's sets and append the alerts
 * (and, with so_events set, the event itself) to the worker's output
 * buffers.  Returns the number of alerts.  One worker per thread.
 */
struct vg_scan_worker;
struct vg_scan_worker	*vg_scan_worker_new(const struct vg_scan_opts *);
void	vg_scan_worker_free(struct vg_scan_worker *);
size_t	vg_scan_event(struct vg_scan_worker *, struct vg_event *);

/* Write an event (kind "event") as one JSON line into `j'. */
void	vg_scan_event_json(const struct vg_event *, struct vg_json *j);

/* Print the one-line summary, or with `full' every counter. */
void	vg_scan_stats_print(const struct vg_scan_stats *, FILE *, bool full);

#endif /* SCAN_H */
