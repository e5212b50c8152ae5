package jp.reform.collector.planbook;

import jp.reform.collector.domain.Messages;

/** One problem in a plan: where, what (Japanese, for the division) and how to fix it. */
public record Problem(Place place, String message, String hint) {

    /** A problem whose message and hint are the keys {@code planbook.<key>} and {@code planbook.<key>.hint}. */
    static Problem of(Place place, String key, Object... args) {
        return new Problem(place, Messages.text("planbook." + key, args), Messages.text("planbook." + key + ".hint", args));
    }

    /** Two lines: the place and the problem, then the hint. */
    public String describe() {
        return place.describe() + "：" + message + (hint == null || hint.isEmpty() ? ""
                : "\n  " + Messages.text("planbook.hint", hint));
    }
}
