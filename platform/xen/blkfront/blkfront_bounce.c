/*
 * Bounce buffers. blkfront hands the backend whole 512-byte sectors of
 * granted pages, so a buffer that is not 512-byte aligned cannot be
 * granted as it is: such a request goes through a page-aligned copy
 * owned by blkfront. Aligned buffers are granted directly (zero-copy).
 *
 * A bounce buffer lives from blkfront_submit until just before the
 * caller's done() runs; a read is copied back only when it succeeded.
 */
#include "blkfront_priv.h"

#include <runtime/mm.h>

#include <core/errors.h>
#include <core/mem.h>

static bool needs_bounce(const struct blkfront_req *req)
{
	return req->op != BLKFRONT_FLUSH && (uintptr_t)req->buf % BLK_SECTOR != 0;
}

int blk_bounce_start(struct blkfront_req *req)
{
	req->bounce = NULL;
	if (!needs_bounce(req))
		return 0;
	/* Page-aligned: as few segments as the length allows. */
	void *b = mem_alloc(req->len, RX_PAGE_SIZE);
	if (b == NULL)
		return RX_ENOMEM;
	if (req->op == BLKFRONT_WRITE)
		__builtin_memcpy(b, req->buf, req->len);
	req->bounce = b;
	return 0;
}

void blk_bounce_finish(struct blkfront_req *req, int status)
{
	if (req->bounce == NULL)
		return;
	if (status == 0 && req->op == BLKFRONT_READ)
		__builtin_memcpy(req->buf, req->bounce, req->len);
	mem_free(req->bounce);
	req->bounce = NULL;
}
