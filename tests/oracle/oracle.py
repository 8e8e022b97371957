#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later OR BSD-2-Clause
"""Cache-maintenance oracle for the kreloc stub.

QEMU models no caches, so a stub that forgets to clean a line still boots
there. This reads what the stub executed instead: a QEMU trace taken with
one instruction per translation block (`-accel tcg,one-insn-per-tb=on`
since QEMU 8.1, `-singlestep` before) and `-d in_asm,cpu,nochain -dfilter
STUB_PAGE`, which gives the disassembly of every instruction and the
registers before each execution.
From it the oracle rebuilds every store, cache and TLB maintenance
instruction and SCTLR write, and checks the rules a real CPU needs:

  - a destination byte written with the caches on is cleaned to PoC
    (dc civac/cvac, not cvau) after its last write, and a dsb sy follows
    that clean before the MMU goes off;
  - a destination byte written with the MMU off lies in a line invalidated
    to PoC, and a dsb sy lies between that invalidation and the write.
    Both are dsb sy, not ish or osh: cache maintenance by VA completes
    only for the domain of the VA's attributes, and with the MMU off every
    access is Device, which the Arm ARM (B2.6) separates from Full system
    only for Normal Non-cacheable and Device accesses;
  - dc ivac never runs with the caches on, nor on a line written with them;
  - the end: last clean, dsb sy, SCTLR with M and C clear, isb, then the
    regime's TLB invalidated (tlbi, dsb, isb: the stub's global identity
    entries must not outlive it), and the I-cache (ic iallu, dsb, isb)
    after the last write, all before the branch;
  - a context synchronization event (isb) after every write to SCTLR,
    TCR, TCR2, MAIR, TTBR0, VBAR, CPACR or CPTR, before any instruction
    that depends on it: a load or store, cache or TLB maintenance, another
    SCTLR write, or leaving the stub (Arm ARM D24.1.2.2). For TLB and
    I-cache maintenance a dsb of any domain will do: they are local
    (D8.17.8: dsb nsh suffices for a single PE), and where a hypervisor
    broadcasts them (HCR_EL2.FB) it also upgrades the barrier (BSU);
  - the start: DAIF masked before anything that could fault; the TLB of
    the current regime invalidated (then dsb, isb) after the last
    TTBR/TCR/MAIR write and before the MMU is turned on;
  - at the branch: target and x0..x3 as the host asked; or, on the way
    out through fail_addr (a refused argument, an exception), x0 = the
    status record, with the same MMU-off, TLB and I-cache rules (the
    I-cache invalidation then whether or not a destination was written).

With "verify=1" in the plan (KRELOC_F_VERIFY), the verify pass comes
first: the stub enters it (phase KRELOC_PHASE_VERIFY, as its status
record write says) before any destination store, and no destination
store executes before the last load of that pass (its last source read:
every load while the phase is VERIFY counts).

A store is allowed to a destination, to the status record, and, when
the plan names one (uart=), to the UART's registers: Device writes, the
stub's breadcrumbs, counted apart. Any other store is a violation.
With "park=1 slot=PA" in the plan line, the trace is a secondary CPU's
way through the park entry (tests/qemu/host: case=park), and these hold
too: a dsb sy before its SCTLR write; every load reads its slot and
nothing else, with SCTLR already at its MMU-off value (M and C clear: a
cached read could miss the next kernel's write, which is cleaned to PoC
only); the TLB and I-cache invalidated (dsb, isb) after the MMU goes off;
then the branch to what the slot held with x0..x3 = 0.

It proves the instruction sequence, not a particular CPU's errata.

usage: oracle.py HOST_OUTPUT TRACE
HOST_OUTPUT holds the test host's "host: plan ..." line.
"""

import re
import sys

PHASE_VERIFY = 8                # KRELOC_PHASE_VERIFY
SCTLR_M = 1 << 0
SCTLR_C = 1 << 2
DAIF_ALL = 0xF << 6

TLBI_FOR_EL = {
    1: {"vmalle1", "vmalle1is", "vmalls12e1", "vmalls12e1is"},
    2: {"alle2", "alle2is"},
    3: {"alle3", "alle3is"},
}
# Barriers that wait for everything, not just loads or stores. PoC work
# must complete for the whole system; a local TLB or I-cache
# invalidation only for this PE, so nsh is enough there.
SYSTEM_DSB = {"sy"}
LOCAL_DSB = {"sy", "ish", "osh", "nsh"}
# writes that need an isb before anything relies on them
SYNC_REGS = re.compile(r"^(sctlr|tcr2?|mair|ttbr0|vbar|cpacr|cptr)_el[123]$"
                       r"|^s3_[04]_c2_c0_3$")
# what relies on them: memory, maintenance, the MMU switch (and leaving
# the stub: the end of the trace)
NEEDS_SYNC = re.compile(r"^(ld|st|dc|ic|tlbi|at)")
CLEAN_TO_POC = {"civac", "cvac"}
INVAL_TO_POC = {"civac", "ivac"}
UART_SPAN = 0x1000             # the registers of one UART: its page
REG_BYTES = {"x": 8, "w": 4, "q": 16, "d": 8, "s": 4, "h": 2, "b": 1}
RISKY = re.compile(r"^(ld|st|dc|ic|tlbi|at|sys|msr|br|blr|ret|eret|hvc|smc|svc|hlt|brk)")

INSN_RE = re.compile(r"^0x([0-9a-f]+):\s+[0-9a-f]{8}\s+(\S+)\s*(.*)$")
REG_RE = re.compile(r"\b(X\d\d|SP|PC)=([0-9a-f]+)")
PSTATE_RE = re.compile(r"PSTATE=([0-9a-f]+)")


class Violation(Exception):
    pass


class Step:
    """One executed instruction and the registers before it."""
    __slots__ = ("idx", "pc", "op", "args", "regs", "pstate")

    def __init__(self, idx, pc, op, args, regs, pstate):
        self.idx, self.pc, self.op, self.args = idx, pc, op, args
        self.regs, self.pstate = regs, pstate

    def el(self):
        return (self.pstate >> 2) & 3

    def reg(self, name):
        name = name.strip()
        if name in ("xzr", "wzr"):
            return 0
        if name == "sp":
            return self.regs["SP"]
        value = self.regs["X%02d" % int(name[1:])]
        return value & 0xFFFFFFFF if name[0] == "w" else value

    def __str__(self):
        return "#%d %#x: %s %s" % (self.idx, self.pc, self.op, self.args)


def read_plan(path):
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("host: plan "):
                return {k: int(v, 0) for k, v in
                        (kv.split("=") for kv in line.split()[2:])}
    raise Violation("no 'host: plan' line in %s" % path)


def read_trace(path):
    """Yield a Step per executed instruction, in order."""
    insns, idx, regs, in_block = {}, 0, None, 0
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                in_block = 0
                continue
            m = INSN_RE.match(line)
            if m:
                # Registers are logged once per block: with more than one
                # instruction in it, the stores after the first are unseen.
                in_block += 1
                if in_block > 1:
                    raise Violation(
                        "the block holding %#x has more than one instruction: "
                        "the trace was not taken one instruction per block"
                        % int(m.group(1), 16))
                insns[int(m.group(1), 16)] = (m.group(2), m.group(3).strip())
                continue
            if line.startswith(" PC="):
                regs = {}
            if regs is None:
                continue
            for name, value in REG_RE.findall(line):
                regs[name] = int(value, 16)
            m = PSTATE_RE.search(line)
            if m:
                pc = regs["PC"]
                if pc not in insns:
                    raise Violation("no disassembly for pc %#x" % pc)
                op, args = insns[pc]
                yield Step(idx, pc, op, args, regs, int(m.group(1), 16))
                idx += 1
                regs = None


def store_access(step, dczva_bytes):
    """(address, bytes) written by a store, or None for other instructions."""
    op, args = step.op, step.args
    if op == "dc" and args.startswith("zva"):
        addr = step.reg(args.split(",")[1])
        return addr & ~(dczva_bytes - 1), dczva_bytes
    if not op.startswith("st"):
        return None
    m = re.match(r"^(st(?:n?p|u?r[bh]?))$", op)
    if not m:
        raise Violation("store the oracle cannot decode: %s" % step)
    regs_part, _, mem = args.partition("[")
    regs = [r.strip() for r in regs_part.split(",") if r.strip()]
    if op.endswith("b"):
        size = 1
    elif op.endswith("h") and op != "sth":
        size = 2
    else:
        size = REG_BYTES[regs[0][0]]
    if op in ("stp", "stnp"):
        size *= 2
    inner, _, after = mem.partition("]")
    parts = [p.strip() for p in inner.split(",")]
    base = step.reg(parts[0])
    offset = 0
    if len(parts) > 1:
        if parts[1].startswith("#"):
            offset = int(parts[1][1:], 0)
        else:
            offset = step.reg(parts[1])
            if len(parts) > 2 and parts[2].startswith("lsl"):
                offset <<= int(parts[2].split("#")[1], 0)
    if after.strip().startswith(","):   # post-index: address is the base
        offset = 0
    return (base + offset) & (2**64 - 1), size


def store_value(step):
    """The value of a store's first register (for an str of a phase)."""
    return step.reg(step.args.partition(",")[0])


def load_address(step):
    """The address a load reads, or None for other instructions."""
    if not re.match(r"^ld", step.op):
        return None
    _, _, mem = step.args.partition("[")
    inner, _, after = mem.partition("]")
    parts = [p.strip() for p in inner.split(",")]
    offset = 0
    if len(parts) > 1 and parts[1].startswith("#"):
        offset = int(parts[1][1:], 0)
    elif len(parts) > 1:
        offset = step.reg(parts[1])
    if after.strip().startswith(","):   # post-index
        offset = 0
    return (step.reg(parts[0]) + offset) & (2**64 - 1)


def lines_of(addr, size, line):
    first = addr & ~(line - 1)
    return range(first, addr + size, line)


def check(plan, steps):
    line = 4 << ((plan["ctr"] >> 16) & 0xF)
    dczva = 4 << (plan["dczid"] & 0xF)
    dest_lo, dest_hi = plan["dest"], plan["dest"] + plan["size"]
    status_lo = plan["status"]
    status_hi = status_lo + plan["status_size"]
    uart_lo = plan.get("uart", 0)

    sctlr = None                # unknown until the stub writes it
    cached_write = {}           # line -> last Step writing it, caches on
    clean = {}                  # line -> last Step cleaning it to PoC
    pou_clean = {}              # line -> last dc cvau, for the message
    inval = {}                  # line -> last Step invalidating it to PoC
    last_dsb = last_local_dsb = last_isb = None
    last_cfg = last_tlbi = tlbi_dsb = tlbi_isb = None
    unsynced = None             # a register write no isb has followed yet
    last_dest_write = last_ic = last_ic_dsb = last_ic_isb = None
    last_clean = mmu_off = off_isb = None
    daif_checked = False
    park = plan.get("park", 0)
    verify = plan.get("verify", 0)
    phase = None                # the last phase the stub recorded
    verify_start = last_verify_read = first_dest_write = None
    slot_reads = 0
    last = None
    counts = {"steps": 0, "cached": 0, "uncached": 0, "cleans": 0,
              "uart": 0}

    for s in steps:
        last = s
        counts["steps"] += 1
        caches_on = sctlr is not None and sctlr & SCTLR_M and sctlr & SCTLR_C

        if not daif_checked and RISKY.match(s.op) and not (
                s.op == "msr" and s.args.startswith("daifset")):
            if s.pstate & DAIF_ALL != DAIF_ALL:
                raise Violation("%s runs before DAIF is masked (PSTATE %#x)"
                                % (s, s.pstate))
            daif_checked = True

        if unsynced is not None and (
                NEEDS_SYNC.match(s.op)
                or (s.op == "msr" and s.args.startswith("sctlr"))):
            raise Violation("%s relies on %s with no isb in between"
                            % (s, unsynced))

        if park:
            addr = load_address(s)
            if addr is not None:
                if addr != plan["slot"]:
                    raise Violation("%s reads %#x: a parked CPU reads its "
                                    "slot %#x and nothing else"
                                    % (s, addr, plan["slot"]))
                if sctlr is None:
                    raise Violation("%s reads the slot before the park entry "
                                    "set SCTLR to its MMU-off value: with the "
                                    "MMU on, if the host left it on" % s)
                if sctlr & (SCTLR_M | SCTLR_C):
                    raise Violation(
                        "%s reads the slot with the MMU on (SCTLR %#x): a "
                        "cached read can miss the next kernel's write, which "
                        "is only cleaned to PoC" % (s, sctlr))
                slot_reads += 1

        if phase == PHASE_VERIFY and load_address(s) is not None:
            last_verify_read = s

        access = store_access(s, dczva)
        if access:
            addr, size = access
            if status_lo <= addr and addr + size <= status_hi:
                if addr == status_lo and size == 8:    # status.phase
                    phase = store_value(s)
                    if phase == PHASE_VERIFY and verify_start is None:
                        verify_start = s
            elif uart_lo and uart_lo <= addr and \
                    addr + size <= uart_lo + UART_SPAN:
                counts["uart"] += 1     # a breadcrumb, a Device write
            elif dest_lo <= addr and addr + size <= dest_hi:
                last_dest_write = s
                if verify and first_dest_write is None:
                    first_dest_write = s
                    if verify_start is None:
                        raise Violation(
                            "%s writes the destination before the verify "
                            "pass began (KRELOC_F_VERIFY)" % s)
                    if phase == PHASE_VERIFY:
                        raise Violation("%s writes the destination during "
                                        "the verify pass" % s)
                counts["cached" if caches_on else "uncached"] += 1
                for ln in lines_of(addr, size, line):
                    if caches_on:
                        cached_write[ln] = s
                        continue
                    inv = inval.get(ln)
                    if inv is None:
                        raise Violation(
                            "%s writes line %#x with the MMU off, but the "
                            "line was never invalidated to PoC" % (s, ln))
                    if last_dsb is None or last_dsb.idx < inv.idx:
                        raise Violation(
                            "%s writes line %#x with the MMU off; no dsb since "
                            "its invalidation %s" % (s, ln, inv))
            else:
                raise Violation("%s writes %#x+%d, outside the destination, "
                                "the status record and the UART"
                                % (s, addr, size))

        if s.op == "dc":
            kind, _, reg = s.args.partition(",")
            kind = kind.strip()
            if kind != "zva":
                ln = s.reg(reg) & ~(line - 1)
                if kind in CLEAN_TO_POC:
                    clean[ln] = s
                    if dest_lo <= ln < dest_hi:
                        last_clean = s
                        counts["cleans"] += 1
                elif kind == "cvau":
                    pou_clean[ln] = s
                if kind in INVAL_TO_POC:
                    inval[ln] = s
                if kind == "ivac":
                    if caches_on:
                        raise Violation("%s: dc ivac with the caches on "
                                        "discards what they hold" % s)
                    if ln in cached_write:
                        raise Violation(
                            "%s invalidates line %#x, written with the caches "
                            "on by %s" % (s, ln, cached_write[ln]))
        elif s.op == "dsb":
            if s.args in SYSTEM_DSB:
                last_dsb = s
            if s.args in LOCAL_DSB:
                last_local_dsb = s
                if last_tlbi is not None and tlbi_dsb is None:
                    tlbi_dsb = s
                if last_ic is not None and last_ic_dsb is None:
                    last_ic_dsb = s
        elif s.op == "isb":
            last_isb = s
            unsynced = None
            if tlbi_dsb is not None and tlbi_isb is None:
                tlbi_isb = s
            if last_ic_dsb is not None and last_ic_isb is None:
                last_ic_isb = s
            if mmu_off is not None and off_isb is None:
                off_isb = s
        elif s.op == "ic" and s.args in ("iallu", "ialluis"):
            last_ic, last_ic_dsb, last_ic_isb = s, None, None
        elif s.op == "tlbi":
            if s.args in TLBI_FOR_EL[s.el()]:
                last_tlbi, tlbi_dsb, tlbi_isb = s, None, None
        elif s.op == "msr":
            target, _, reg = s.args.partition(",")
            target = target.strip()
            if SYNC_REGS.match(target):
                unsynced = s
            if re.match(r"^(ttbr0|tcr|mair)_el[123]$", target):
                last_cfg = s
            elif re.match(r"^sctlr_el[123]$", target):
                new = s.reg(reg)
                if park and (last_dsb is None or sctlr is not None):
                    raise Violation("%s: the park entry writes SCTLR %s"
                                    % (s, "with no dsb sy before it"
                                       if last_dsb is None else "twice"))
                turning_on = new & SCTLR_M and (
                    sctlr is None or not sctlr & SCTLR_M)
                if turning_on:
                    check_tlb(s, last_cfg, last_tlbi, last_local_dsb,
                              last_isb)
                if not new & SCTLR_M:
                    if cached_write:
                        check_cleaned(s, cached_write, clean, pou_clean,
                                      last_clean, last_dsb)
                    mmu_off, off_isb = s, None
                    cached_write.clear()
                sctlr = new

    if last is None:
        raise Violation("empty trace: the stub never ran in the traced page")
    if verify and verify_start is None:
        raise Violation("KRELOC_F_VERIFY, but the stub never entered its "
                        "verify pass")
    if first_dest_write is not None and last_verify_read is not None and \
            first_dest_write.idx < last_verify_read.idx:
        raise Violation("%s writes the destination before the verify pass's "
                        "last read %s" % (first_dest_write, last_verify_read))
    if unsynced is not None:
        raise Violation("the stub leaves at %s with no isb after %s"
                        % (last, unsynced))
    if park:
        if mmu_off is None:
            raise Violation("the park entry never turned its MMU off")
        if not slot_reads:
            raise Violation("the parked CPU left without reading its slot")
        if last_ic is None or last_ic.idx < mmu_off.idx:
            raise Violation("no ic iallu after %s: the parked CPU keeps "
                            "instructions fetched with the MMU on" % mmu_off)
    check_end(plan, last, sctlr, cached_write, mmu_off, off_isb,
              last_dest_write or (last_ic if park else None), last_ic,
              last_ic_dsb, last_ic_isb)
    check_tlb_after(mmu_off, last_tlbi, tlbi_dsb, tlbi_isb)
    counts["slot_reads"] = slot_reads
    counts["verify_reads"] = last_verify_read.idx - verify_start.idx \
        if verify and last_verify_read else 0
    return counts, line


def check_tlb(on, last_cfg, tlbi, dsb, isb):
    if last_cfg is None:
        raise Violation("%s turns the MMU on without TTBR0/TCR/MAIR" % on)
    if tlbi is None or tlbi.idx < last_cfg.idx:
        raise Violation("%s turns the MMU on with no TLB invalidation of "
                        "this regime since %s" % (on, last_cfg))
    if dsb is None or dsb.idx < tlbi.idx:
        raise Violation("%s turns the MMU on with no dsb after %s"
                        % (on, tlbi))
    if isb is None or isb.idx < dsb.idx:
        raise Violation("%s turns the MMU on with no isb after %s"
                        % (on, dsb))


def check_tlb_after(off, tlbi, dsb, isb):
    if tlbi is None or tlbi.idx < off.idx:
        raise Violation("no TLB invalidation of this regime after %s turns "
                        "the MMU off: the next kernel would find the stub's "
                        "entries" % off)
    if dsb is None:
        raise Violation("no dsb after %s" % tlbi)
    if isb is None:
        raise Violation("no isb after %s" % dsb)


def check_cleaned(off, cached_write, clean, pou_clean, last_clean, dsb):
    for ln in sorted(cached_write):
        w = cached_write[ln]
        c = clean.get(ln)
        if c is None or c.idx < w.idx:
            pou = pou_clean.get(ln)
            if pou is not None and pou.idx > w.idx:
                raise Violation(
                    "line %#x written by %s is cleaned only to PoU by %s, "
                    "not to PoC" % (ln, w, pou))
            if c is not None:
                raise Violation(
                    "line %#x is cleaned by %s before its last write %s"
                    % (ln, c, w))
            raise Violation("line %#x written by %s is never cleaned to PoC "
                            "before %s turns the MMU off" % (ln, w, off))
    if dsb is None or dsb.idx < last_clean.idx:
        raise Violation("%s turns the MMU off with no dsb after the last "
                        "clean %s that reaches the whole system (dsb sy)"
                        % (off, last_clean))


def check_end(plan, br, sctlr, cached_write, mmu_off, off_isb,
              last_dest_write, ic, ic_dsb, ic_isb):
    if br.op != "br":
        raise Violation("the trace ends at %s, not at a branch to the "
                        "kernel" % br)
    target = br.reg(br.args)
    failing = target == plan.get("fail") and target != plan["entry"]
    if failing:
        if br.reg("x0") != plan["status"]:
            raise Violation("%s enters fail_addr with x0 = %#x, not the "
                            "status record %#x"
                            % (br, br.reg("x0"), plan["status"]))
    elif target != plan["entry"]:
        raise Violation("%s branches to %#x, not to the entry %#x"
                        % (br, target, plan["entry"]))
    for i in range(0 if failing else 4):
        got, want = br.reg("x%d" % i), plan["x%d" % i]
        if got != want:
            raise Violation("%s: x%d = %#x, the host asked for %#x"
                            % (br, i, got, want))
    if sctlr is None or sctlr & (SCTLR_M | SCTLR_C):
        raise Violation("%s enters the kernel with SCTLR %s: M and C must be "
                        "clear" % (br, "unknown" if sctlr is None
                                   else "%#x" % sctlr))
    if cached_write:
        ln = min(cached_write)
        raise Violation("line %#x written by %s with the caches on, and the "
                        "MMU never turned off after it" % (ln, cached_write[ln]))
    if mmu_off is not None and off_isb is None:
        raise Violation("no isb between %s and the branch" % mmu_off)
    if failing and (ic is None or ic.idx < mmu_off.idx):
        raise Violation("no ic iallu after %s, before fail_addr" % mmu_off)
    if last_dest_write is not None or failing:
        if ic is None or (last_dest_write is not None and
                          ic.idx < last_dest_write.idx):
            raise Violation("no ic iallu after the last write %s"
                            % last_dest_write)
        if ic_dsb is None:
            raise Violation("no dsb after %s" % ic)
        if ic_isb is None:
            raise Violation("no isb after %s" % ic_dsb)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        plan = read_plan(argv[1])
        counts, line = check(plan, read_trace(argv[2]))
    except Violation as e:
        print("oracle: VIOLATION: %s" % e)
        return 1
    if plan.get("park"):
        print("oracle: ok: park: %d instructions; %d slot reads, all with "
              "the MMU off" % (counts["steps"], counts["slot_reads"]))
        return 0
    print("oracle: ok: %d instructions; %d destination stores with caches "
          "on, %d with the MMU off; %d cleans to PoC; %d UART writes; "
          "line %d bytes%s"
          % (counts["steps"], counts["cached"], counts["uncached"],
             counts["cleans"], counts["uart"], line,
             "; verify pass first (%d instructions), no destination store "
             "before its last read" % counts["verify_reads"]
             if plan.get("verify") else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
