package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.store.OutboxRepository.ReminderRound;

/**
 * Whether a reminder waiting in the outbox still asks its 課 for something. A reminder is composed the night it is
 * queued; when the mail server was down until after the 課 sent its file (or the division closed the round), it
 * would ask for what is no longer owed. Each round's owing 課 are read once per outbox sweep (one query per round,
 * however many reminders), under every name the database holds for them, as the reminder's key has the name of the
 * day it was queued.
 */
final class SettledReminders {

    private final ChaseQueries queries = new ChaseQueries();
    private final OutboxRepository outbox = new OutboxRepository();
    private final Map<ReminderRound, Set<String>> owing = new HashMap<>();

    /**
     * @return the reason to withdraw the reminder, when its 課 owes nothing now in any round it asks for; empty when
     *     it still owes something, or when the reminder does not say which rounds it asks for (queued before V26)
     */
    Optional<String> settled(Connection c, long mailId, String dedupKey) throws SQLException {
        Optional<String> department = ReminderNotice.departmentOf(dedupKey);
        if (department.isEmpty()) {
            return Optional.empty();
        }
        List<ReminderRound> rounds = outbox.reminderRounds(c, mailId);
        if (rounds.isEmpty()) {
            return Optional.empty();
        }
        for (ReminderRound round : rounds) {
            if (owingIn(c, round).contains(department.get())) {
                return Optional.empty();
            }
        }
        return Optional.of("送信前に、督促した項目がすべて提出済み（または締切済み）となったため送信を取りやめました。");
    }

    private Set<String> owingIn(Connection c, ReminderRound round) throws SQLException {
        Set<String> names = owing.get(round);
        if (names == null) {
            Set<String> current = new HashSet<>();
            for (ChaseQueries.Outstanding item : queries.toChase(c, round.planCode(), round.fiscalYear())) {
                current.add(item.department());
            }
            names = new HashSet<>(current);
            queries.namesOf(c, current).values().forEach(names::addAll);
            owing.put(round, names);
        }
        return names;
    }
}
