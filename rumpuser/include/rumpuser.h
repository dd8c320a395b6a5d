/*
 * The rumpuser hypercall interface, revision 17: what a NetBSD rump
 * kernel calls (rumpuser_*) and what it hands us at initialisation (the
 * upcall table). Our own statement of the contract; the semantics each
 * implementation file obeys are written next to the code.
 *
 * Conventions every hypercall keeps:
 *  - integer results are 0 or a positive NetBSD errno number;
 *  - void hypercalls cannot fail: they halt the guest if they cannot do
 *    their job;
 *  - a hypercall that may wait releases the caller's rump CPU around the
 *    wait (hyp_backend_unschedule/schedule, exactly once); the *_nowrap
 *    variants and the non-blocking calls never call an upcall.
 */
#ifndef RUMPUSER_H
#define RUMPUSER_H

#include <stddef.h>
#include <stdint.h>

#define RUMPUSER_VERSION 17

struct lwp;	       /* kernel thread descriptor: opaque */
struct modinfo;	       /* kernel module descriptor: opaque */
struct rump_component; /* kernel component descriptor: opaque */

typedef int32_t rumpuser_pid_t; /* NetBSD pid_t */

/* Upcalls into the kernel: 13 entries then 8 reserved, order is ABI. */
struct rumpuser_hyperup {
	void (*hyp_schedule)(void);
	void (*hyp_unschedule)(void);
	void (*hyp_backend_unschedule)(int nlocks, int *nlocks_held, void *interlock);
	void (*hyp_backend_schedule)(int nlocks, void *interlock);
	void (*hyp_lwproc_switch)(struct lwp *l);
	void (*hyp_lwproc_release)(void);
	int (*hyp_lwproc_rfork)(void *client_cookie, int fdflags, const char *comm);
	int (*hyp_lwproc_newlwp)(rumpuser_pid_t pid);
	struct lwp *(*hyp_lwproc_curlwp)(void);
	int (*hyp_syscall)(int sysnum, void *args, long *retval);
	void (*hyp_lwpexit)(void);
	void (*hyp_execnotify)(const char *comm);
	rumpuser_pid_t (*hyp_getpid)(void);
	void *hyp__extra[8];
};

/* --- initialisation and parameters --- */
int rumpuser_init(int version, const struct rumpuser_hyperup *hyp);
#define RUMPUSER_PARAM_NCPU "_RUMPUSER_NCPU"
#define RUMPUSER_PARAM_HOSTNAME "_RUMPUSER_HOSTNAME"
int rumpuser_getparam(const char *name, void *buf, size_t buflen);

/* --- memory --- */
int rumpuser_malloc(size_t len, int alignment, void **memp);
void rumpuser_free(void *mem, size_t len);
int rumpuser_anonmmap(void *hint, size_t len, int alignshift, int exec, void **memp);
void rumpuser_unmap(void *mem, size_t len);

/* --- files and I/O --- */
#define RUMPUSER_OPEN_RDONLY 0x0000
#define RUMPUSER_OPEN_WRONLY 0x0001
#define RUMPUSER_OPEN_RDWR 0x0002
#define RUMPUSER_OPEN_ACCMODE 0x0003
#define RUMPUSER_OPEN_CREATE 0x0004
#define RUMPUSER_OPEN_EXCL 0x0008
#define RUMPUSER_OPEN_BIO 0x0010
int rumpuser_open(const char *name, int mode, int *fdp);
int rumpuser_close(int fd);

#define RUMPUSER_FT_OTHER 0
#define RUMPUSER_FT_DIR 1
#define RUMPUSER_FT_REG 2
#define RUMPUSER_FT_BLK 3
#define RUMPUSER_FT_CHR 4
int rumpuser_getfileinfo(const char *name, uint64_t *sizep, int *typep);

#define RUMPUSER_BIO_READ 0x01
#define RUMPUSER_BIO_WRITE 0x02
#define RUMPUSER_BIO_SYNC 0x04
typedef void (*rump_biodone_fn)(void *donearg, size_t bytes_done, int error);
void rumpuser_bio(int fd, int op, void *data, size_t len, int64_t offset, rump_biodone_fn done,
		  void *donearg);

struct rumpuser_iovec {
	void *iov_base;
	size_t iov_len;
};
#define RUMPUSER_IOV_NOSEEK (-1)
int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt, int64_t offset,
		     size_t *donep);
int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov, size_t iovcnt, int64_t offset,
		      size_t *donep);

#define RUMPUSER_SYNCFD_READ 0x01
#define RUMPUSER_SYNCFD_WRITE 0x02
#define RUMPUSER_SYNCFD_BOTH 0x03
#define RUMPUSER_SYNCFD_BARRIER 0x04
#define RUMPUSER_SYNCFD_SYNC 0x08
int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len);

/* --- clocks --- */
enum rumpclock { RUMPUSER_CLOCK_RELWALL = 0, RUMPUSER_CLOCK_ABSMONO = 1 };
int rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec);
int rumpuser_clock_sleep(int clk, int64_t sec, long nsec);

/* --- errno, termination, signals --- */
void rumpuser_seterrno(int error);
#define RUMPUSER_PID_SELF ((int64_t)-1)
int rumpuser_kill(int64_t pid, int sig);
#define RUMPUSER_PANIC (-1)
__attribute__((noreturn)) void rumpuser_exit(int how);

/* --- console --- */
void rumpuser_putchar(int ch);
__attribute__((format(printf, 1, 2))) void rumpuser_dprintf(const char *fmt, ...);

/* --- randomness --- */
#define RUMPUSER_RANDOM_HARD 0x01
#define RUMPUSER_RANDOM_NOWAIT 0x02
int rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *donep);

/* --- threads and curlwp --- */
int rumpuser_thread_create(void *(*func)(void *), void *arg, const char *name, int mustjoin,
			   int priority, int cpuidx, void **joincookiep);
__attribute__((noreturn)) void rumpuser_thread_exit(void);
int rumpuser_thread_join(void *joincookie);
enum rumplwpop {
	RUMPUSER_LWP_CREATE = 0,
	RUMPUSER_LWP_DESTROY = 1,
	RUMPUSER_LWP_SET = 2,
	RUMPUSER_LWP_CLEAR = 3
};
void rumpuser_curlwpop(int op, struct lwp *l);
struct lwp *rumpuser_curlwp(void);

/* --- mutexes --- */
struct rumpuser_mtx;
#define RUMPUSER_MTX_SPIN 0x01
#define RUMPUSER_MTX_KMUTEX 0x02
void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags);
void rumpuser_mutex_enter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx);
int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_exit(struct rumpuser_mtx *mtx);
void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx);
void rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **ownerp);

/* --- reader/writer locks --- */
struct rumpuser_rw;
enum rumprwlock { RUMPUSER_RW_READER = 0, RUMPUSER_RW_WRITER = 1 };
void rumpuser_rw_init(struct rumpuser_rw **rwp);
void rumpuser_rw_enter(int lktype, struct rumpuser_rw *rw);
int rumpuser_rw_tryenter(int lktype, struct rumpuser_rw *rw);
int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw);
void rumpuser_rw_downgrade(struct rumpuser_rw *rw);
void rumpuser_rw_exit(struct rumpuser_rw *rw);
void rumpuser_rw_destroy(struct rumpuser_rw *rw);
void rumpuser_rw_held(int lktype, struct rumpuser_rw *rw, int *heldp);

/* --- condition variables --- */
struct rumpuser_cv;
void rumpuser_cv_init(struct rumpuser_cv **cvp);
void rumpuser_cv_destroy(struct rumpuser_cv *cv);
void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx, int64_t sec,
			  int64_t nsec);
void rumpuser_cv_signal(struct rumpuser_cv *cv);
void rumpuser_cv_broadcast(struct rumpuser_cv *cv);
void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *nwaitersp);

/* --- dynamic loading --- */
typedef void (*rump_modinit_fn)(const struct modinfo *const *mi, size_t nmi);
typedef int (*rump_symload_fn)(void *symtab, uint64_t symtabsize, char *strtab,
			       uint64_t strtabsize);
typedef void (*rump_compload_fn)(const struct rump_component *comp);
void rumpuser_dl_bootstrap(rump_modinit_fn modinit, rump_symload_fn symload,
			   rump_compload_fn compload);

/* --- daemonisation --- */
int rumpuser_daemonize_begin(void);
int rumpuser_daemonize_done(int error);

#endif
