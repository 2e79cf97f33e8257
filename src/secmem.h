/*
 * secmem.h -- memory for secrets on the command line: no core dumps, and
 * input read into one buffer locked in RAM and wiped after use.
 *
 * `vigil pw check', `pw policy' and `pw audit' hold plaintext passwords
 * or NT hashes (which are password-equivalent: pass-the-hash).  They
 * turn core dumps off before reading anything (vg_secmem_no_dump), read
 * their input with read(2) into a vg_secmem buffer (stdio would keep
 * copies in its own buffers), and wipe it when done.  The buffer is
 * page-aligned and locked with sodium_mlock(3), which also excludes it
 * from core dumps (MADV_DONTDUMP); where the system refuses the lock
 * (RLIMIT_MEMLOCK, EPERM or ENOMEM) the buffer works all the same and
 * says so in sm_locked, so that the caller can warn once.
 *
 * This module does I/O on descriptors its caller opened (or on a path
 * it opens read-only) and changes process-wide settings; it belongs to
 * the command line and process setup, never to a parser.
 */
#ifndef SECMEM_H
#define SECMEM_H

#include "vg.h"

/*
 * A buffer for secrets.  Zero it (or vg_secmem_init() it) before use.
 * Read the fields, do not set them.
 */
struct vg_secmem {
	char	*sm_p;		/* page-aligned, sm_cap bytes */
	size_t	 sm_cap;	/* a multiple of the page size */
	size_t	 sm_len;	/* bytes of data, for the readers below */
	bool	 sm_locked;	/* all of it sodium_mlock()ed */
	int	 sm_lock_errno;	/* why not, when !sm_locked */
};

/*
 * Turn core dumps off for this process: RLIMIT_CORE 0, and
 * PR_SET_DUMPABLE 0, which also keeps the user's other processes from
 * reading its memory through /proc or ptrace.  Call before reading any
 * secret.  Returns 0 on success or VG_ERR_SYSTEM with errno kept.
 * Process-wide; command line and process setup only.
 */
int	vg_secmem_no_dump(void);

/*
 * Allocate `size' bytes (at least one page), zeroed and page-aligned,
 * into `sm', and lock them in memory.  A refused lock (EPERM, ENOMEM) is
 * not an error: sm_locked is then false and sm_lock_errno says why.
 * Returns 0 on success or a negative VG_ERR_* code: VG_ERR_NOMEM,
 * VG_ERR_SYSTEM (mlock failed otherwise; errno kept).  `sm' is zeroed on
 * failure.  Release with vg_secmem_cleanup().
 */
int	vg_secmem_init(struct vg_secmem *sm, size_t size);

/*
 * Wipe all of sm_cap, unlock and free the buffer, and zero `sm', which
 * may then be initialised again.  A zeroed `sm' is a no-op.
 */
void	vg_secmem_cleanup(struct vg_secmem *sm);

/* Wipe the bytes [off, sm_cap) of the buffer; the rest is kept. */
void	vg_secmem_wipe_from(struct vg_secmem *sm, size_t off);

/*
 * Read `fd' to its end into a new buffer in `sm' (which must be zeroed
 * or cleaned up): sized from fstat(2) for a regular file, grown by
 * doubling for a pipe (each old buffer wiped before it is freed), with
 * one spare byte that stays NUL.  sm_len is the number of bytes read.
 * Returns 0 on success or a negative VG_ERR_* code with diag->msg set
 * (diag->src and ->line are left alone): VG_ERR_LIMIT (more than `max'
 * bytes; nothing is kept), VG_ERR_IO (a read error: errno's text),
 * VG_ERR_NOMEM, VG_ERR_SYSTEM (as vg_secmem_init()).  On failure every
 * byte read has been wiped and `sm' is zeroed.  Does not close `fd'.
 */
int	vg_secmem_read_fd(struct vg_secmem *sm, int fd, size_t max,
	    struct vg_diag *diag);

/*
 * The same for `path' ("-" is stdin, read whatever it is), opened
 * read-only and close-on-exec; diag->src is set to `path' (borrowed).
 * A directory or a device (a /dev/zero given by mistake would read up
 * to `max') is VG_ERR_IO.
 */
int	vg_secmem_read_file(struct vg_secmem *sm, const char *path,
	    size_t max, struct vg_diag *diag);

/*
 * Called for each line of vg_secmem_lines(): line[0, len) without its
 * newline (a final CR is kept: the callback decides), or, when
 * `toolong', NULL and 0: the line was longer than `maxline' + 1 bytes
 * and its bytes are gone.  A long line that happened to fit in the
 * buffer whole is handed as it is, so the callback still checks `len'
 * against its limit.  The line is wiped as soon as this returns.
 */
typedef void vg_secmem_line_fn(void *arg, const char *line, size_t len,
	    bool toolong);

/*
 * Read lines from `fd' into the buffer of `sm' (initialised with room
 * for more than maxline + 1 bytes) and hand each to `fn', in order.
 * Every byte is wiped once its line is handled; the rest of a line over
 * `maxline' + 1 bytes (room for a CR) is wiped unread and the line
 * reported once as too long.  A last line without a newline is a line.
 * `flush' (may be NULL) is flushed before each read, so that a program
 * writing one line and waiting gets its answer.  The whole buffer is
 * wiped before returning.  Returns 0 at the end of input, or a negative
 * VG_ERR_* code: VG_ERR_SYSTEM (read(2) failed; errno kept), VG_ERR_IO
 * (flushing `flush' failed; errno kept), VG_ERR_INVAL (the buffer is too
 * small for maxline).
 */
int	vg_secmem_lines(struct vg_secmem *sm, int fd, size_t maxline,
	    FILE *flush, vg_secmem_line_fn *fn, void *arg);

#endif /* SECMEM_H */
