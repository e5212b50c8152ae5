package jp.reform.collector.master;

import java.util.List;

/** A department (課) with the names it had earlier in the plan and its mail addresses. */
public record Department(String name, List<String> formerNames, List<String> emails, List<String> allowedSenders,
                         String notes) {
}
