/* SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause */
/*
 * Private to the stub: system-register bits, the register map shared by
 * stub.S and vectors.S, and the macros both use.
 */
#ifndef KRELOC_ASM_STUB_H
#define KRELOC_ASM_STUB_H

#include <kreloc/abi.h>
#include <generated/kreloc-asm-offsets.h>

#define SCTLR_M			(1 << 0)	/* MMU enable */
#define SCTLR_C			(1 << 2)	/* data cache enable */
#define SCTLR_I			(1 << 12)	/* instruction cache enable */
#define SCTLR_WXN		(1 << 19)	/* writable implies execute-never */
#define SCTLR_KEEP		(KRELOC_SCTLR_EE | KRELOC_SCTLR_E0E)

#define HCR_EL2_E2H_BIT		34

#define CTR_DMINLINE_SHIFT	16		/* log2(words) of the smallest D-line */
#define DCZID_DZP_BIT		4		/* DC ZVA prohibited */

#define PFR0_RME_SHIFT		52		/* ID_AA64PFR0_EL1.RME */
#define MMFR3_TCRX_SHIFT	0		/* ID_AA64MMFR3_EL1.TCRX */

/* Registers older assemblers know only by their encodings. */
#define id_aa64mmfr3_el1	S3_0_C0_C7_3
#define tcr2_el1		S3_0_C2_C0_3
#define tcr2_el2		S3_4_C2_C0_3

#define MMFR0_PARANGE_SHIFT	0
#define MMFR0_TGRAN16_SHIFT	20		/* 0: no 16K granule */
#define MMFR0_TGRAN64_SHIFT	24		/* 0xf: no 64K granule */
#define MMFR0_TGRAN4_SHIFT	28		/* 0xf: no 4K granule */
#define PARANGE_48BIT		5		/* our descriptors hold 48-bit PAs */

#define TCR_IRGN0_WBWA		(1 << 8)
#define TCR_ORGN0_WBWA		(1 << 10)
#define TCR_SH0_INNER		(3 << 12)
#define TCR_TG0_SHIFT		14
#define TCR_TG0_4K		0
#define TCR_TG0_64K		1
#define TCR_TG0_16K		2
#define TCR_EPD1		(1 << 23)	/* EL1 layout: no TTBR1 walks */
#define TCR_TG1_4K		(2 << 30)	/* EL1 layout: 0b00 is reserved */
#define TCR_EL1_IPS_SHIFT	32		/* EL1 and EL2&0 layout */
#define TCR_EL2_PS_SHIFT	16		/* EL2 (E2H = 0) and EL3 layout */
#define TCR_EL2_RES1		((1 << 31) | (1 << 23))

#define TCR_COMMON	(TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER)

#define CPACR_FPEN		(3 << 20)	/* EL1 (and EL2 under E2H): no FP traps */
#define CPTR_TFP		(1 << 10)	/* EL2 (E2H = 0), EL3: trap FP */

/* tt_on: how the copy runs */
#define COPY_MMU_OFF		0		/* invalidate first, GPR copy */
#define COPY_GENERIC		1		/* caches on: copy, then clean */
#define COPY_GPR64		2		/* caches on, 64-byte lines: fused */
#define COPY_SIMD64		3		/* the same with q registers */

/*
 * The UART the breadcrumbs go to, as uart_entry packs it into one
 * register: the PA in bits [47:0] (the stub's descriptors hold no more),
 * then what putc needs. 0: no UART.
 */
#define UART_PA_BITS		48
#define UART_16550_BIT		48		/* else a PL011 */
#define UART_W32_BIT		49		/* 16550: 32-bit accesses */
#define UART_LSR_LSB		50		/* 16550: LSR offset, 5 << shift */
#define UART_LSR_BITS		6

#define PL011_DR		0x00		/* data register */
#define PL011_FR		0x18		/* flag register */
#define PL011_FR_TXFF_BIT	5		/* transmit FIFO full */
#define UART_16550_LSR		5		/* LSR, in registers from THR */
#define UART_LSR_THRE_BIT	5		/* transmit holding register empty */

/* uart_printf: these bytes in its string print x4 */
#define UART_FMT_HEX		1
#define UART_FMT_DEC		2

#ifdef __ASSEMBLER__

/*
 * Register map. Everything the stub needs lives in these registers from
 * the moment the argument block has been read; x0-x9 are scratch, x30
 * links the leaf routines (and holds the list head during the copy when
 * there is a UART: uart_copied counts the pages from it).
 */
list_next	.req	x10	/* the entry being decoded */
page_mask	.req	x11	/* ~(list page size - 1) */
tt_on		.req	x12	/* COPY_*: nonzero once the map is live */
uart		.req	x13	/* UART_* packed by uart_entry; 0: silent */
tt_root		.req	x14	/* identity-map root; 0: copy with MMU off; */
zva_size	.req	x14	/* then, once the copy starts, the DC ZVA
				   block, 0: zero with stores */
line_size	.req	x15	/* smallest D-cache line, from CTR_EL0 */
e2h		.req	x16	/* HCR_EL2.E2H at entry, 0 below EL2 */
cur_el		.req	x17	/* CurrentEL.EL: 1, 2 or 3 */
phase		.req	x18	/* KRELOC_PHASE_* reached */
args		.req	x19	/* argument block: read once, then never; */
flags		.req	x19	/* then args.flags, until the copy starts; */
walker		.req	x19	/* then the entry walker the copy loops on */
ptr		.req	x20	/* next slot of the current list page */
dest		.req	x21	/* where the next SOURCE page goes */
page_size	.req	x22	/* list page size */
entry		.req	x23	/* new kernel's entry point */
kern_x0		.req	x24	/* x0..x3 for the new kernel */
kern_x1		.req	x25
kern_x2		.req	x26
kern_x3		.req	x27
status		.req	x28	/* struct kreloc_status, 0: none */
fail_addr	.req	x29	/* where to go on failure, 0: park */

/* Bracket a symbol that is code but not a C function. */
.macro stub_func name
	.type	\name, %function
\name:
.endm

.macro stub_endfunc name
	.size	\name, . - \name
.endm

/*
 * el_mrs xt, reg / el_msr reg, xt: read or write \reg of the current
 * exception level (reg_el1, reg_el2 or reg_el3, chosen by cur_el).
 * Clobbers the condition flags.
 */
.macro el_access op, a, b, reg, el, pre
	\pre
	.ifc \op, mrs
	mrs	\a, \reg\()_el\el
	.else
	msr	\reg\()_el\el, \b
	.endif
.endm

.macro el_sysreg op, a, b, reg, pre
	cmp	cur_el, #2
	b.eq	.Lel2\@
	b.hi	.Lel3\@
	el_access \op, \a, \b, \reg, 1, \pre
	b	.Lout\@
.Lel2\@:
	el_access \op, \a, \b, \reg, 2, \pre
	b	.Lout\@
.Lel3\@:
	el_access \op, \a, \b, \reg, 3, \pre
.Lout\@:
.endm

.macro el_mrs xt, reg
	el_sysreg mrs, \xt, , \reg
.endm

/* el_msr reg, xt[, pre]: \pre (e.g. isb) goes right before the msr. */
.macro el_msr reg, xt, pre
	el_sysreg msr, , \xt, \reg, \pre
.endm

/*
 * dcache_range op, start, end: "dc \op" on every line of [start, end).
 * start must be line aligned; it is advanced to end. Clobbers the flags.
 */
.macro dcache_range op, start, end
	.ifnc \op, civac
	.ifnc \op, ivac
	.error "dcache_range: only civac and ivac are used by the stub"
	.endif
	.endif
.Lline\@:
	dc	\op, \start
	add	\start, \start, line_size
	cmp	\start, \end
	b.lo	.Lline\@
.endm

/*
 * set_phase n: record that phase \n was reached. The line is cleaned and
 * invalidated at once, so it never lingers dirty in a cache the MMU-off
 * code could not see past.
 */
.macro set_phase n
	mov	phase, #\n
	cbz	status, .Lno_status\@
	str	phase, [status, #KRELOC_OFF_STATUS_PHASE]
	dc	civac, status
.Lno_status\@:
.endm

/*
 * stamp n: record CNTVCT_EL0 in status ts[n], cleaned to PoC like the
 * phase. Clobbers x1.
 */
.macro stamp n
	cbz	status, .Lno_stamp\@
	isb					/* not read early */
	mrs	x1, cntvct_el0
	str	x1, [status, #(KRELOC_OFF_STATUS_TS + 8 * (\n))]
	add	x1, status, #(KRELOC_OFF_STATUS_TS + 8 * (\n))
	dc	civac, x1
.Lno_stamp\@:
.endm

/*
 * uart_putc: write the byte in w1 to the UART once it has room for it:
 * PL011, FR.TXFF clear; 16550, LSR.THRE set. Nothing else is assumed set
 * up or touched. In: uart (nonzero). Clobbers x2, x3, flags.
 */
.macro uart_putc
	ubfx	x2, uart, #0, #UART_PA_BITS	/* the UART's registers */
	tbnz	uart, #UART_16550_BIT, .L16550\@
.Lpl011\@:
	ldr	w3, [x2, #PL011_FR]
	tbnz	w3, #PL011_FR_TXFF_BIT, .Lpl011\@	/* FIFO full: wait */
	str	w1, [x2, #PL011_DR]
	b	.Lsent\@
.L16550\@:
	ubfx	x3, uart, #UART_LSR_LSB, #UART_LSR_BITS	/* LSR offset */
	tbnz	uart, #UART_W32_BIT, .Lw32\@
	ldrb	w3, [x2, x3]
	tbz	w3, #UART_LSR_THRE_BIT, .L16550\@	/* THR busy: wait */
	strb	w1, [x2]
	b	.Lsent\@
.Lw32\@:
	ldr	w3, [x2, x3]
	tbz	w3, #UART_LSR_THRE_BIT, .L16550\@
	str	w1, [x2]
.Lsent\@:
.endm

/* mov_imm64 xd, value: load a 64-bit constant without a literal pool. */
.macro mov_imm64 xd, value
	movz	\xd, #((\value) & 0xffff)
	movk	\xd, #(((\value) >> 16) & 0xffff), lsl #16
	movk	\xd, #(((\value) >> 32) & 0xffff), lsl #32
	movk	\xd, #(((\value) >> 48) & 0xffff), lsl #48
.endm

#endif /* __ASSEMBLER__ */
#endif /* KRELOC_ASM_STUB_H */
