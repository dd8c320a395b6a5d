/* xenstore transactions (see xenstore/xenstore.h). */
#include <xenstore/xenstore.h>

#include <core/errors.h>

#include "xenstore_priv.h"

int xs_transaction_start(xs_tx_t *tx)
{
	struct xs_part part = {"", 1};
	char reply[16];
	size_t len = 0;
	if (tx == NULL)
		return RX_EINVAL;
	int rc = xs_talk(XS_TRANSACTION_START, XS_TX_NONE, &part, 1, reply, sizeof(reply), &len);
	if (rc == RX_E2BIG)
		return RX_EPROTO;
	if (rc)
		return rc;
	return xs_reply_tx_id(reply, len, tx);
}

int xs_transaction_end(xs_tx_t tx, bool commit)
{
	struct xs_part part = {commit ? "T" : "F", 2};
	if (tx == XS_TX_NONE)
		return RX_EINVAL;
	return xs_talk_ok(XS_TRANSACTION_END, tx, &part, 1);
}

int xs_transaction_run(int (*fn)(xs_tx_t tx, void *arg), void *arg, unsigned max_attempts)
{
	if (fn == NULL)
		return RX_EINVAL;
	if (max_attempts == 0)
		max_attempts = 8;
	int rc = RX_EAGAIN;
	for (unsigned attempt = 0; attempt < max_attempts && rc == RX_EAGAIN; attempt++) {
		xs_tx_t tx;
		rc = xs_transaction_start(&tx);
		if (rc)
			return rc;
		rc = fn(tx, arg);
		if (rc) {
			(void)xs_transaction_end(tx, false);
			/* fn saw a conflict through tx: start over as for a commit. */
			continue;
		}
		rc = xs_transaction_end(tx, true);
	}
	return rc;
}
