/*
 * The Internet checksum (RFC 1071): the ones' complement of the ones'
 * complement sum of 16-bit big-endian words. A region whose stored
 * checksum is correct sums (with the checksum field included) to 0.
 */
#ifndef RXNET_CHECKSUM_H
#define RXNET_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Add len bytes to a running 32-bit sum. An odd trailing byte is padded
 * with a zero byte, so only the last piece of a split region may have
 * an odd length.
 */
uint32_t inet_sum_add(uint32_t sum, const void *data, size_t len);

/* Fold a running sum to 16 bits and complement it: the value to store. */
uint16_t inet_sum_finish(uint32_t sum);

/* Checksum of one region (inet_sum_add + inet_sum_finish). */
uint16_t inet_checksum(const void *data, size_t len);

#endif
