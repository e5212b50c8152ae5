package jp.reform.collector.console;

import java.sql.SQLException;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.ConfigFileLock;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * config/users.csv as the console changes it (利用者, パスワードの変更): read afresh for each change, refused when it is
 * missing or broken (a list made afresh would hold only this change), written as the {@code users} command writes it,
 * recorded in the audit log as the person's who made the change before the file is read again (so that it is not
 * recorded a second time as the file's), then read again, which signs out whoever it changed.
 */
final class UserAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(UserAccounts.class);

    private static final String NOT_WRITTEN = "利用者の設定ファイル（config/users.csv）が、この操作の間に変わったか、"
            + "書き込めませんでした。変更していません。画面を更新して確認してから、もう一度操作してください。";

    private final UsersFile users;
    private final UserChanges changes;
    private final PasswordHasher hasher;
    private final MasterData master;

    UserAccounts(UsersFile users, UserChanges changes, PasswordHasher hasher, MasterData master) {
        this.users = users;
        this.changes = changes;
        this.hasher = hasher;
        this.master = master;
    }

    /** The users as serve works with them now. */
    UserDirectory current() {
        return users.current();
    }

    String hash(String password) {
        return hasher.hash(password);
    }

    boolean verify(String password, User user) {
        return hasher.verify(password, user.passwordHash());
    }

    /** Reads the file, applies the change and writes it, one change at a time ({@link ConfigFileLock}). */
    void change(java.util.function.UnaryOperator<UserDirectory> change, UserChanges.Actor actor) {
        try (ConfigFileLock held = ConfigFileLock.of(users.file())) {
            save(change.apply(editable()), actor);
        } catch (java.io.IOException e) {
            LOG.warn("Users file not changed on the console: its lock cannot be taken: {}", LogText.cause(e));
            throw ConsoleDenied.stale(NOT_WRITTEN);
        }
    }

    /** The file as it is now, for a change; 400 in the page's words when it is missing or does not read. */
    private UserDirectory editable() {
        try {
            UserDirectory directory = UserDirectory.loadForEditing(users.file(), master);
            if (!directory.existed()) {
                // a list made afresh would hold only this change: everyone else, the one changing it too, would be
                // gone (and recorded as removed by them)
                throw new MasterDataException(users.file(), "does not exist");
            }
            return directory;
        } catch (MasterDataException e) {
            LOG.warn("Users file cannot be read for a change on the console: {}", LogText.cause(e));
            throw ConsoleDenied.badRequest("利用者の設定ファイル（config/users.csv）を読み取れないため、変更していません。"
                    + "IT担当にご連絡ください。");
        }
    }

    /** Writes the changed users, records the change as {@code actor}'s and reads the file again. */
    private void save(UserDirectory changed, UserChanges.Actor actor) {
        UserDirectory saved;
        try {
            saved = changed.save();
        } catch (IllegalStateException e) {
            LOG.warn("Users file not changed on the console: {}", LogText.cause(e));
            throw ConsoleDenied.stale(NOT_WRITTEN);
        }
        try {
            changes.record(saved, actor);
        } catch (SQLException e) {
            // recorded as the file's change at its next reading instead, as a change made by the command is
            LOG.warn("Console user change not recorded in the audit log yet: {}", LogText.cause(e));
        }
        users.reload(); // signs out a user whose password or role changed, or who was removed
    }
}
