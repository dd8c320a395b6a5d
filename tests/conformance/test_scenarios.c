/* Several kernel threads at once: producer/consumer, reader/writer
 * exclusion, curlwp of fresh threads, per-thread errno. */
#include "suite.h"

#include "rumpuser_plat.h"

#include <core/sched.h>

/* --- producer/consumer over a bounded buffer --- */
#define PC_SLOTS 4
#define PC_ITEMS 500

struct pc {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *notfull, *notempty;
	int buf[PC_SLOTS];
	int head, count;
};

static void producer_fn(struct lwp *l, void *arg)
{
	struct pc *pc = arg;

	(void)l;
	for (int i = 1; i <= PC_ITEMS; i++) {
		rumpuser_mutex_enter(pc->m);
		while (pc->count == PC_SLOTS)
			rumpuser_cv_wait(pc->notfull, pc->m);
		pc->buf[(pc->head + pc->count++) % PC_SLOTS] = i;
		rumpuser_cv_signal(pc->notempty);
		rumpuser_mutex_exit(pc->m);
	}
}

static void t_producer_consumer(struct lwp *self)
{
	struct pc pc = {0};
	void *c1, *c2;
	long long sum = 0;
	int got = 0;

	(void)self;
	rumpuser_mutex_init(&pc.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&pc.notfull);
	rumpuser_cv_init(&pc.notempty);
	CHECK_EQ(fk_spawn(producer_fn, &pc, "producer1", &c1), 0);
	CHECK_EQ(fk_spawn(producer_fn, &pc, "producer2", &c2), 0);
	rumpuser_mutex_enter(pc.m);
	while (got < 2 * PC_ITEMS) {
		while (pc.count == 0)
			rumpuser_cv_wait(pc.notempty, pc.m);
		sum += pc.buf[pc.head];
		pc.head = (pc.head + 1) % PC_SLOTS;
		pc.count--;
		got++;
		rumpuser_cv_signal(pc.notfull);
	}
	rumpuser_mutex_exit(pc.m);
	CHECK_EQ(rumpuser_thread_join(c1), 0);
	CHECK_EQ(rumpuser_thread_join(c2), 0);
	CHECK_EQ(sum, 2LL * PC_ITEMS * (PC_ITEMS + 1) / 2);
	CHECK_EQ(pc.count, 0);
	rumpuser_cv_destroy(pc.notfull);
	rumpuser_cv_destroy(pc.notempty);
	rumpuser_mutex_destroy(pc.m);
}

/* --- reader/writer --- */
struct rwstate {
	struct rumpuser_rw *rw;
	int writer_in, writer_done, writer_saw_readers;
	int writer_unsched, writer_sched; /* upcalls around its contended enter */
	int reader_in, reader_saw_writer_done;
};

static void writer_fn(struct lwp *l, void *arg)
{
	struct rwstate *s = arg;

	fk_reset_counts(l);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, s->rw);
	s->writer_unsched = l->unsched_calls;
	s->writer_sched = l->sched_calls;
	s->writer_in = 1;
	rumpuser_rw_held(RUMPUSER_RW_READER, s->rw, &s->writer_saw_readers);
	conf_sleep_ms(1); /* hold it across a wait */
	s->writer_done = 1;
	rumpuser_rw_exit(s->rw);
}

static void reader_fn(struct lwp *l, void *arg)
{
	struct rwstate *s = arg;

	(void)l;
	rumpuser_rw_enter(RUMPUSER_RW_READER, s->rw);
	s->reader_in = 1;
	s->reader_saw_writer_done = s->writer_done;
	rumpuser_rw_exit(s->rw);
}

static void t_rw_writer_waits_for_readers(struct lwp *self)
{
	struct rwstate s = {0};
	void *w, *r;
	int held;

	(void)self;
	rumpuser_rw_init(&s.rw);
	rumpuser_rw_enter(RUMPUSER_RW_READER, s.rw);
	CHECK_EQ(fk_spawn(writer_fn, &s, "writer", &w), 0);
	conf_sleep_ms(1);
	CHECK_EQ(fk_spawn(reader_fn, &s, "reader", &r), 0);
	conf_sleep_ms(2);
	CHECK_EQ(s.writer_in, 0); /* a reader holds it */
	CHECK_EQ(s.reader_in, 0); /* a writer waits: new readers queue */
	rumpuser_rw_held(RUMPUSER_RW_READER, s.rw, &held);
	CHECK(held);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, s.rw, &held);
	CHECK(!held);
	CHECK_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, s.rw), 16);
	rumpuser_rw_exit(s.rw);
	CHECK_EQ(rumpuser_thread_join(w), 0);
	CHECK_EQ(rumpuser_thread_join(r), 0);
	CHECK_EQ(s.writer_in, 1);
	CHECK_EQ(s.writer_saw_readers, 0);
	CHECK_EQ(s.writer_unsched, 1); /* blocked: released the CPU once */
	CHECK_EQ(s.writer_sched, 1);
	CHECK_EQ(s.reader_in, 1);
	CHECK_EQ(s.reader_saw_writer_done, 1);
	rumpuser_rw_destroy(s.rw);
}

struct lingering_reader {
	struct rumpuser_rw *rw;
	int in, release;
};

static void lingering_reader_fn(struct lwp *l, void *arg)
{
	struct lingering_reader *r = arg;

	(void)l;
	rumpuser_rw_enter(RUMPUSER_RW_READER, r->rw);
	r->in = 1;
	while (!r->release)
		conf_sleep_ms(1); /* holds the read lock across waits */
	rumpuser_rw_exit(r->rw);
}

static void t_rw_writer_waits_for_last_reader(struct lwp *self)
{
	struct rwstate s = {0};
	struct lingering_reader r = {0};
	void *rc, *wc;

	(void)self;
	rumpuser_rw_init(&s.rw);
	r.rw = s.rw;
	rumpuser_rw_enter(RUMPUSER_RW_READER, s.rw);
	CHECK_EQ(fk_spawn(lingering_reader_fn, &r, "reader", &rc), 0);
	conf_sleep_ms(1);
	CHECK_EQ(r.in, 1); /* two readers now */
	CHECK_EQ(fk_spawn(writer_fn, &s, "writer", &wc), 0);
	conf_sleep_ms(2);
	CHECK_EQ(s.writer_in, 0);
	rumpuser_rw_exit(s.rw); /* one reader left */
	conf_sleep_ms(3);
	CHECK_EQ(s.writer_in, 0);
	r.release = 1;
	CHECK_EQ(rumpuser_thread_join(rc), 0);
	CHECK_EQ(rumpuser_thread_join(wc), 0);
	CHECK_EQ(s.writer_in, 1);
	CHECK_EQ(s.writer_saw_readers, 0);
	rumpuser_rw_destroy(s.rw);
}

static void t_rw_downgrade_leaves_it_shared(struct lwp *self)
{
	struct rwstate s = {0};
	void *r;
	int held;

	(void)self;
	rumpuser_rw_init(&s.rw);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, s.rw);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, s.rw, &held);
	CHECK(held);
	CHECK_EQ(fk_spawn(reader_fn, &s, "reader", &r), 0);
	conf_sleep_ms(1);
	CHECK_EQ(s.reader_in, 0);
	rumpuser_rw_downgrade(s.rw);
	rumpuser_rw_held(RUMPUSER_RW_READER, s.rw, &held);
	CHECK(held);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, s.rw, &held);
	CHECK(!held);
	conf_sleep_ms(1);
	CHECK_EQ(s.reader_in, 1); /* shared with the blocked reader */
	CHECK_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, s.rw), 16);
	CHECK_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_READER, s.rw), 0);
	rumpuser_rw_exit(s.rw);
	rumpuser_rw_exit(s.rw);
	CHECK_EQ(rumpuser_thread_join(r), 0);
	CHECK_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, s.rw), 0);
	rumpuser_rw_exit(s.rw);
	rumpuser_rw_destroy(s.rw);
}

static void t_rw_tryupgrade(struct lwp *self)
{
	struct rumpuser_rw *rw;
	int held;

	rumpuser_rw_init(&rw);
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	CHECK_EQ(rumpuser_rw_tryupgrade(rw), 16); /* two readers */
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	CHECK(held);
	rumpuser_rw_exit(rw);
	CHECK_EQ(rumpuser_rw_tryupgrade(rw), 0);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	CHECK(held);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	CHECK(!held);
	CHECK_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), 16);
	rumpuser_rw_exit(rw);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	CHECK(!held);
	CHECK_EQ(self->unsched_calls, 0); /* nothing here had to wait */
	rumpuser_rw_destroy(rw);
}

/* --- curlwp and errno are per host thread --- */
struct fresh {
	int curlwp_null, errno_seen;
};

static void *fresh_thread(void *p)
{
	struct fresh *f = p;

	f->curlwp_null = rumpuser_curlwp() == NULL;
	rumpuser_seterrno(9);
	f->errno_seen = rumpuser_thread_errno();
	rumpuser_thread_exit();
}

static void mark_fn_for_scenarios(struct lwp *l, void *arg)
{
	(void)l;
	*(int *)arg = 1;
}

static void t_fresh_threads_have_no_curlwp(struct lwp *self)
{
	struct fresh f = {0};
	void *c, *c2;
	int ran = 0;

	CHECK(rumpuser_curlwp() == self);
	rumpuser_seterrno(5);
	CHECK_EQ(rumpuser_thread_create(fresh_thread, &f, "fresh", 1, -1, -1, &c), 0);
	CHECK_EQ(rumpuser_thread_join(c), 0);
	CHECK_EQ(f.curlwp_null, 1);
	CHECK_EQ(f.errno_seen, 9);
	CHECK_EQ(rumpuser_thread_errno(), 5); /* ours untouched */
	rumpuser_seterrno(0);
	CHECK_EQ(rumpuser_thread_errno(), 0);
	CHECK_EQ(fk_spawn(mark_fn_for_scenarios, &ran, "kthread", &c2), 0);
	CHECK_EQ(rumpuser_thread_join(c2), 0);
	CHECK_EQ(ran, 1);
	CHECK_EQ(fk_bad_starts(), 0);
	CHECK(rumpuser_curlwp() == self);
}

struct detached {
	int ran, name_ok;
};

static void *detached_thread(void *p)
{
	struct detached *d = p;
	const char *n = thread_name(thread_self());

	d->name_ok = n[0] == 's' && n[1] == 't' && n[5] == '\0';
	d->ran = 1;
	rumpuser_thread_exit();
}

static void t_thread_create_args(struct lwp *self)
{
	char name[8] = "stack";
	struct detached d = {0};

	(void)self;
	/* not joinable: the cookie pointer may be NULL; the name is copied
	 * (the buffer changes before the thread first runs) */
	CHECK_EQ(rumpuser_thread_create(detached_thread, &d, name, 0, 0, -1, NULL), 0);
	name[0] = 'X';
	conf_sleep_ms(1);
	CHECK_EQ(d.ran, 1);
	CHECK_EQ(d.name_ok, 1);
	/* joinable without a place for the cookie, or no function: refused */
	CHECK_EQ(rumpuser_thread_create(detached_thread, &d, "bad", 1, 0, -1, NULL), 22);
	CHECK_EQ(rumpuser_thread_create(NULL, &d, "bad", 0, 0, -1, NULL), 22);
}

const struct conf_test conf_scenario_tests[] = {
    {"producer/consumer on mutex and condvars (2x500 items)", t_producer_consumer},
    {"rwlock: writer waits for readers, readers queue behind it", t_rw_writer_waits_for_readers},
    {"rwlock: writer waits until the last of two readers leaves",
     t_rw_writer_waits_for_last_reader},
    {"rwlock: downgrade leaves it shared", t_rw_downgrade_leaves_it_shared},
    {"rwlock: tryupgrade only for the sole reader", t_rw_tryupgrade},
    {"fresh threads start with curlwp NULL; errno per thread", t_fresh_threads_have_no_curlwp},
    {"thread_create: NULL cookie when detached, bad arguments refused", t_thread_create_args},
    {NULL, NULL},
};
