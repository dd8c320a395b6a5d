/*
 * A simulated xenstore daemon for host tests of the xenstore client and
 * the xenbus helpers: the other end of a ring in memory, plus the few
 * platform functions the client needs (start_info, mfn_to_virt,
 * evtchn_bind/notify). It answers from evtchn_notify and signals through
 * plat_linux's simulated event, so the delivery can be shaped (see
 * enum xs_fake_mode). It keeps a small key/value store and fires watch
 * events for writes at or below a watched path.
 *
 * Call xs_fake_setup() before xs_init().
 */
#ifndef TESTS_UNIT_XS_FAKESTORE_H
#define TESTS_UNIT_XS_FAKESTORE_H

enum xs_fake_mode {
	XS_FAKE_NOW,	 /* reply written and signalled inside notify */
	XS_FAKE_DELAYED, /* replies after 10 ms, newest first */
	XS_FAKE_SPLIT,	 /* 10 bytes now, the rest after 5 ms */
	XS_FAKE_SLOW,	 /* requests consumed only after 5 ms */
	XS_FAKE_WRONG,	 /* replies of the wrong type */
	XS_FAKE_STRAY,	 /* a reply to an unknown request first */
	XS_FAKE_GARBAGE, /* a header with an impossible length */
};

extern enum xs_fake_mode xs_fake_mode;
/* Transaction ends to answer with EAGAIN before the next "OK". */
extern int xs_fake_tx_conflicts;

/* start_info pointing at the fake ring, event channel 9. */
void xs_fake_setup(void);
/* The port and handler the client bound (0 / unbound before xs_init). */
unsigned xs_fake_bound_port(void);
int xs_fake_is_bound(void);

/* Change the store behind the client's back (as the toolstack or a
 * backend would), firing watches. value NULL removes the key. Thread
 * context. */
void xs_fake_set(const char *key, const char *value);

#endif
