package jp.reform.collector.audit;

import java.util.Map;

/**
 * One line of the audit log before it is written: who did what to which plan, year, department or indicator,
 * and the state before and after (small maps of what changed, never a password or its hash).
 */
public record AuditEntry(String actor, String actorRole, AuditAction action, String planCode, Integer fiscalYear,
                         String departmentName, String indicatorCode, Map<String, Object> before,
                         Map<String, Object> after, String remoteAddress) {

    /** The actor of what the collector itself noticed (a changed users.csv, for instance). */
    public static final String SYSTEM = "system";

    /** Something done by a console user from an address, about nothing in the plan (sign-in, sign-out). */
    public static AuditEntry ofUser(String login, String role, AuditAction action, String remoteAddress) {
        return new AuditEntry(login, role, action, null, null, null, null, null, null, remoteAddress);
    }
}
