package jp.reform.collector.console;

import java.util.Map;
import jp.reform.collector.console.auth.PasswordPolicy;
import jp.reform.collector.console.auth.SignInThrottle;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * パスワードの変更: every signed-in user replaces their own password, such as the one the division issued on 利用者,
 * by typing the current one and the new one twice. The change is written to config/users.csv and recorded in the
 * audit log as the user's own; every session of the user then ends (this one too), and they sign in again.
 */
public final class AccountPage {

    private static final Logger LOG = LoggerFactory.getLogger(AccountPage.class);

    private final UserAccounts accounts;
    private final SignInThrottle throttle;
    private final ConsolePages pages;
    private final PageRenderer renderer;

    AccountPage(UserAccounts accounts, SignInThrottle throttle, ConsolePages pages, PageRenderer renderer) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.pages = pages;
        this.renderer = renderer;
    }

    public void show(Exchange exchange) {
        render(exchange, 200, null);
    }

    public void changePassword(Exchange exchange) {
        User user = ConsoleGate.user(exchange);
        // from the form only, never the address, and read as sign-in reads a password
        String current = ConsoleHttp.formField(exchange, "current").orElse("");
        String fresh = ConsoleHttp.formField(exchange, "password").orElse("");
        String repeated = ConsoleHttp.formField(exchange, "repeat").orElse("");
        // guesses at the current password wait as guesses at sign-in do, and count with them
        String address = ConsoleHttp.remoteAddress(exchange);
        SignInThrottle.Admission admission = throttle.admit(user.login(), address);
        if (!admission.admitted()) {
            throttle.refused(user.login(), address, admission.delay());
            render(exchange, 429, "パスワードの入力に続けて失敗したため、" + SignInThrottle.seconds(admission.delay())
                    + "秒後にもう一度操作してください。パスワードは変更していません。");
            return;
        }
        if (!accounts.verify(current, user)) {
            throttle.failed(user.login(), address, admission);
            render(exchange, 400, "現在のパスワードが違います。パスワードは変更していません。");
            return;
        }
        throttle.succeeded(user.login(), address, admission);
        if (PasswordPolicy.problem(fresh).isPresent()) {
            render(exchange, 400, "新しいパスワードは" + PasswordPolicy.MIN_LENGTH + "文字以上（" + PasswordPolicy.MAX_LENGTH
                    + "文字以内）にしてください。パスワードは変更していません。");
            return;
        }
        if (!fresh.equals(repeated)) {
            render(exchange, 400, "新しいパスワードが、確認のために入力したものと一致しません。パスワードは変更していません。");
            return;
        }
        if (fresh.equals(current)) {
            render(exchange, 400, "新しいパスワードが現在のものと同じです。別のパスワードにしてください。");
            return;
        }
        String hash = accounts.hash(fresh);
        // every session of the user ends, this one too; one removed meanwhile is signed out instead
        accounts.change(directory -> directory.withUser(directory.find(user.login())
                        .orElseThrow(ConsoleDenied::signInRequired).withPasswordHash(hash)),
                new UserChanges.Actor(user.login(), user.role().word(), ConsoleHttp.remoteAddress(exchange)));
        LOG.info("Console user {} changed their password", LogText.escape(user.login()));
        Map<String, Object> model = pages.model(exchange, "account");
        model.put("user", null); // signed out now: no menu
        model.put("changed", true);
        ConsoleHttp.html(exchange, 200, renderer.render("account", model));
    }

    private void render(Exchange exchange, int status, String error) {
        Map<String, Object> model = pages.model(exchange, "account");
        model.put("accountError", error);
        model.put("minLength", PasswordPolicy.MIN_LENGTH);
        ConsoleHttp.html(exchange, status, renderer.render("account", model));
    }
}
