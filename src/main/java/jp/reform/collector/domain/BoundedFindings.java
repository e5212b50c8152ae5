package jp.reform.collector.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Findings of one file in bounded memory: every finding is counted, only the first ones are kept.
 * Errors and the rest are kept apart, so that a file's errors are never crowded out by thousands of
 * warnings in the rows above them (an error decides the file; it must be shown).
 */
public final class BoundedFindings {

    private final int keep;
    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> others = new ArrayList<>();
    private int errorCount;
    private int otherCount;

    /** @param keep how many findings {@link #kept()} returns at most */
    public BoundedFindings(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be positive: " + keep);
        }
        this.keep = keep;
    }

    public void add(Finding finding) {
        add(finding.severity(), () -> finding);
    }

    /** Builds the finding only when it is kept: formatting messages for findings only counted is waste. */
    public void add(Severity severity, Supplier<Finding> finding) {
        if (severity == Severity.ERROR) {
            errorCount++;
            if (errors.size() < keep) {
                errors.add(finding.get());
            }
        } else {
            otherCount++;
            if (others.size() < keep) {
                others.add(finding.get());
            }
        }
    }

    public void addAll(Collection<Finding> findings) {
        findings.forEach(this::add);
    }

    /** Adds another collection's findings, counting those it had already let go. */
    public void addAll(BoundedFindings other) {
        other.errors.forEach(this::add);
        other.others.forEach(this::add);
        errorCount += other.errorCount - other.errors.size();
        otherCount += other.otherCount - other.others.size();
    }

    /** At most {@code keep} findings: errors first, then the others, each in the order found. */
    public List<Finding> kept() {
        List<Finding> kept = new ArrayList<>(Math.min(keep, errors.size() + others.size()));
        kept.addAll(errors);
        others.stream().limit(Math.max(0, keep - errors.size())).forEach(kept::add);
        return kept;
    }

    public int errorCount() {
        return errorCount;
    }

    /** Warnings and notes: everything that is not an error. */
    public int otherCount() {
        return otherCount;
    }

    public int total() {
        return errorCount + otherCount;
    }

    public boolean hasErrors() {
        return errorCount > 0;
    }
}
