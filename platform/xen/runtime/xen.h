/*
 * One include for the Xen public ABI. The definitions come from the
 * system's Xen headers (found as <xen/...> through the include dir the
 * build creates); this file only supplies the fixed-width types they
 * expect to be declared first.
 */
#ifndef RXEN_XEN_H
#define RXEN_XEN_H

#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/physdev.h>
#include <xen/version.h>
#include <xen/grant_table.h>
#include <xen/callback.h>

#endif
