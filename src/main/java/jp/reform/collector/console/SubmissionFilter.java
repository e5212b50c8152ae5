package jp.reform.collector.console;

import java.time.LocalDate;
import java.util.Set;

/**
 * Which received files and mail to list, and which page of them (newest first).
 *
 * @param department   only this department's; null for every department (and mail of unknown senders)
 * @param statuses     only these; empty for all. Files: accepted, rejected, duplicate; mail that brought no
 *                     file: unknown_sender, no_usable_attachment, unreadable
 * @param receivedFrom first day received (inclusive, in the collector's zone); null for no lower bound
 * @param receivedTo   last day received (inclusive); null for no upper bound
 * @param offset       rows to skip
 * @param limit        rows in the page, 1 to {@value #MAX_LIMIT}
 */
public record SubmissionFilter(String department, Set<String> statuses, LocalDate receivedFrom, LocalDate receivedTo,
                               int offset, int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final Set<String> STATUSES =
            Set.of("accepted", "rejected", "duplicate", "held", "declined", "unknown_sender", "no_usable_attachment", "unreadable");

    public SubmissionFilter {
        statuses = Set.copyOf(statuses);
        if (!STATUSES.containsAll(statuses)) {
            throw new IllegalArgumentException("Unknown status in " + statuses + "; known: " + STATUSES);
        }
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset " + offset + " / limit " + limit + " out of range");
        }
        if (receivedFrom != null && receivedTo != null && receivedTo.isBefore(receivedFrom)) {
            throw new IllegalArgumentException("received to " + receivedTo + " before " + receivedFrom);
        }
    }

    /** The first page of everything. */
    public static SubmissionFilter all(int limit) {
        return new SubmissionFilter(null, Set.of(), null, null, 0, limit);
    }

    public SubmissionFilter department(String name) {
        return new SubmissionFilter(name, statuses, receivedFrom, receivedTo, offset, limit);
    }

    public SubmissionFilter statuses(String... wanted) {
        return new SubmissionFilter(department, Set.of(wanted), receivedFrom, receivedTo, offset, limit);
    }

    public SubmissionFilter received(LocalDate from, LocalDate to) {
        return new SubmissionFilter(department, statuses, from, to, offset, limit);
    }

    public SubmissionFilter page(int pageOffset, int pageLimit) {
        return new SubmissionFilter(department, statuses, receivedFrom, receivedTo, pageOffset, pageLimit);
    }
}
