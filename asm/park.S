/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * kreloc_park: where a secondary CPU waits for the next kernel, through
 * the spin-table protocol of booting.rst (enable-method = "spin-table",
 * cpu-release-addr = its slot).
 *
 * Entered at KRELOC_PARK_OFFSET of the blob with x0 = PA of the CPU's
 * release slot, at the EL the stub runs at, MMU off, or on with the blob
 * identity mapped. The CPU turns its MMU and caches off, then waits until
 * the slot, read from memory with the MMU off, holds an address, and
 * branches there with x0..x3 = 0. The next kernel writes the slot
 * through its caches, cleans it to PoC and signals (sev); a wakeup with
 * the slot still 0 only sends the CPU back to sleep.
 *
 * It writes nothing but its record (slot + KRELOC_PARK_RECORD, a struct
 * kreloc_status) and reads nothing but its slot. An exception while
 * parked goes through the stub's vectors to kreloc_fault, which records
 * it in the same record (phase, error, ESR, ELR, FAR, vector: the
 * registers below are set up for it as the stub sets them) and stops the
 * CPU in a wfe loop.
 *
 * Registers: cur_el, e2h, phase, status (= the record), fail_addr (0),
 * uart (0: a parked CPU prints nothing; the boot CPU may be printing) and
 * line_size as in stub.h, for mmu_off, forget, status_uncache and
 * kreloc_fault; slot in x20.
 */
#include "stub.h"

slot		.req	x20	/* the release slot: x0 at entry */

	.section ".kreloc.park", "ax"

	.globl	kreloc_park
	.hidden	kreloc_park
stub_func kreloc_park
	bti	jc				/* a host may br or blr here */
	msr	daifset, #0xf			/* no interrupt may reach us */
	mrs	x1, CurrentEL
	ubfx	cur_el, x1, #2, #2		/* cur_el = CurrentEL.EL */
	mov	e2h, xzr
	cmp	cur_el, #2
	b.ne	1f
	mrs	x1, hcr_el2
	ubfx	e2h, x1, #HCR_EL2_E2H_BIT, #1	/* e2h = HCR_EL2.E2H */
1:	mov	slot, x0
	add	status, x0, #KRELOC_PARK_RECORD	/* status = this CPU's record */
	mov	fail_addr, xzr			/* a fault stops here */
	mov	uart, xzr			/* and prints nothing */
	mov	phase, #KRELOC_PHASE_PARK
	adr	x1, kreloc_vectors
	el_msr	vbar, x1
	isb
	dsb	sy				/* what the host wrote, done */
	bl	mmu_off				/* MMU, caches off: known SCTLR */
	bl	forget				/* TLB and I-cache invalidated */

	mrs	x1, ctr_el0
	ubfx	x1, x1, #CTR_DMINLINE_SHIFT, #4
	mov	line_size, #4
	lsl	line_size, line_size, x1	/* line_size = 4 << DminLine */
	bl	status_uncache			/* no dirty line over the record */
	orr	x1, cur_el, e2h, lsl #4
	stp	phase, xzr, [status, #KRELOC_OFF_STATUS_PHASE]	/* parked */
	str	x1, [status, #KRELOC_OFF_STATUS_ENTRY_EL]
	dsb	sy

.Lpark_poll:
	ldr	x4, [slot]			/* from memory: the MMU is off */
	cbnz	x4, .Lpark_release
	wfe					/* until the next kernel's sev */
	b	.Lpark_poll

.Lpark_release:
	mov	phase, #KRELOC_PHASE_JUMP
	str	phase, [status, #KRELOC_OFF_STATUS_PHASE]
	dsb	sy
	mov	x0, xzr				/* booting.rst: x0..x3 = 0 */
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
stub_endfunc kreloc_park
